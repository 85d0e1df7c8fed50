/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;

import org.apache.james.dnsservice.api.DNSService;

/** The DNS James asks for its own name, as DSNBounce does: here the machine is called {@code name}. */
final class MachineNamedDns implements DNSService {
    private final String name;

    MachineNamedDns(String name) {
        this.name = name;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) {
        return List.of();
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return List.of();
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        return List.of(getByName(host));
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return InetAddress.getByAddress(host, new byte[] {10, 0, 0, 5});
    }

    @Override
    public InetAddress getLocalHost() throws UnknownHostException {
        return getByName(name);
    }

    @Override
    public String getHostName(InetAddress address) {
        return address.getHostName();
    }
}
