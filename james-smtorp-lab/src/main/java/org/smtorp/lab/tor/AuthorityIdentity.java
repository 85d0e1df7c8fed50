/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.util.regex.Pattern;

/**
 * What every tor of the network must know about one directory authority to trust it:
 * the {@code DirAuthority} line of its torrc. Fingerprints are public, so this may be logged.
 */
final class AuthorityIdentity {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");

    private final String nickname;
    private final int orPort;
    private final int dirPort;
    private final String fingerprint;
    private final String v3Identity;

    private AuthorityIdentity(String nickname, int orPort, int dirPort, String fingerprint, String v3Identity) {
        this.nickname = nickname;
        this.orPort = orPort;
        this.dirPort = dirPort;
        this.fingerprint = fingerprint;
        this.v3Identity = v3Identity;
    }

    /**
     * @param fingerprint the relay identity fingerprint, 40 upper-case hex digits
     * @param v3Identity the fingerprint of the authority certificate's identity key, likewise
     */
    static AuthorityIdentity of(TorNode authority, String fingerprint, String v3Identity) {
        if (authority.role() != TorNode.Role.AUTHORITY) {
            throw new IllegalArgumentException(authority + " is not a directory authority");
        }
        return new AuthorityIdentity(authority.nickname(), authority.orPort().getAsInt(),
            authority.dirPort().getAsInt(), checked("fingerprint", fingerprint), checked("v3ident", v3Identity));
    }

    private static String checked(String name, String hex) {
        if (!FINGERPRINT.matcher(hex).matches()) {
            throw new IllegalArgumentException(name + " '" + hex + "' is not 40 upper-case hex digits");
        }
        return hex;
    }

    String fingerprint() {
        return fingerprint;
    }

    String torrcLine() {
        return "DirAuthority " + nickname + " orport=" + orPort + " no-v2 v3ident=" + v3Identity + " "
            + Loopback.hostPort(dirPort) + " " + fingerprint;
    }

    @Override
    public String toString() {
        return torrcLine();
    }
}
