/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one rule for the local ends SMTorP talks to or listens on (tor's SOCKS and control ports,
 * the onion listener): an IP literal on loopback. On loopback, because tor's SOCKS port reached
 * over a network would carry our mail, and who we mail, past other machines; a literal, because
 * a name would cost a DNS lookup, the leak onion delivery exists to avoid, and "localhost" is
 * whatever the hosts file says.
 */
public final class LoopbackAddress {
    /** What {@link #parse} takes, worded for error messages. */
    public static final String ALLOWED = "a loopback IP address (127.0.0.0/8 or ::1)";

    private LoopbackAddress() {
    }

    /**
     * @param text a dotted quad in 127.0.0.0/8, or ::1 in any IPv6 spelling, without brackets
     * @throws IllegalArgumentException quoting {@code text} and saying what is allowed
     */
    public static InetAddress parse(String text) {
        InetAddress address = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("'" + text + "' is not " + ALLOWED);
        }
        return address;
    }

    // Four decimal parts only: InetAddress would also take "127.1" and "2130706433".
    private static InetAddress ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }

    // Hex digits and colons only: no zone, no embedded IPv4 (Java turns ::ffff:a.b.c.d into IPv4).
    private static InetAddress ipv6(String text) {
        if (!text.chars().allMatch(c -> c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
            return null;
        }
        try {
            // Starts with a hex digit or a colon and holds a colon: parsed as a literal, never looked up.
            InetAddress address = InetAddress.getByName(text);
            return address instanceof Inet6Address ? address : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
