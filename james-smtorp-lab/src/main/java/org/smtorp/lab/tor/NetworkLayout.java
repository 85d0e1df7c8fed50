/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tors of the network, their folders under the run folder and their ports from the
 * run's {@link PortBlock}: 3 directory authorities and 2 relays (an onion service circuit
 * needs 4 distinct relays), a client with a SOCKS port, and an onion host.
 */
final class NetworkLayout {
    private static final int AUTHORITIES = 3;
    private static final int RELAYS = 2;

    private final List<TorNode> authorities;
    private final List<TorNode> relays;
    private final TorNode client;
    private final TorNode onionHost;

    private NetworkLayout(List<TorNode> authorities, List<TorNode> relays, TorNode client, TorNode onionHost) {
        this.authorities = List.copyOf(authorities);
        this.relays = List.copyOf(relays);
        this.client = client;
        this.onionHost = onionHost;
    }

    static NetworkLayout of(Path directory, PortBlock ports) {
        int next = 0;
        List<TorNode> authorities = new ArrayList<>();
        for (int i = 0; i < AUTHORITIES; i++) {
            String nickname = "auth" + i;
            authorities.add(TorNode.authority(nickname, directory.resolve(nickname), ports.port(next),
                ports.port(next + 1)));
            next += 2;
        }
        List<TorNode> relays = new ArrayList<>();
        for (int i = 0; i < RELAYS; i++) {
            String nickname = "relay" + i;
            relays.add(TorNode.relay(nickname, directory.resolve(nickname), ports.port(next)));
            next++;
        }
        TorNode client = TorNode.client("client", directory.resolve("client"), ports.port(next), ports.port(next + 1));
        TorNode onionHost = TorNode.onionHost("onionhost", directory.resolve("onionhost"), ports.port(next + 2));
        return new NetworkLayout(authorities, relays, client, onionHost);
    }

    List<TorNode> authorities() {
        return authorities;
    }

    /** What starts first: every relay, authorities included. */
    List<TorNode> relays() {
        List<TorNode> all = new ArrayList<>(authorities);
        all.addAll(relays);
        return List.copyOf(all);
    }

    TorNode client() {
        return client;
    }

    TorNode onionHost() {
        return onionHost;
    }

    List<TorNode> all() {
        List<TorNode> all = new ArrayList<>(relays());
        all.add(client);
        all.add(onionHost);
        return List.copyOf(all);
    }
}
