/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

/**
 * Text that came from outside (a server's reply, an address someone wrote) made safe for our
 * logs and the DSNs we send: control characters replaced (a CR in a DSN field could forge
 * another field, an ESC could drive an operator's terminal), and the length bounded.
 */
public final class PeerText {
    private PeerText() {
    }

    /** {@code text} with every character outside printable ASCII as {@code ?}, cut to {@code max} characters. */
    public static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > max) {
            out.setLength(Math.max(0, max - 3));
            out.append("...");
        }
        return out.toString();
    }
}
