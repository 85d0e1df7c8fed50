/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.net.InetAddress;

import org.apache.commons.net.imap.IMAPClient;

/** A user's INBOX read over James's own IMAP server: what was really delivered, not what a log says. */
final class ImapMailbox {
    private final int port;
    private final String user;
    private final String password;

    ImapMailbox(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The Subject header lines of every message in the INBOX, as the FETCH reply holds them. */
    String subjects() throws IOException {
        IMAPClient imap = new IMAPClient();
        imap.setDefaultTimeout(30_000);
        imap.connect(InetAddress.getLoopbackAddress(), port);
        try {
            if (!imap.login(user, password)) {
                throw new IllegalStateException("IMAP login of " + user + " failed: " + imap.getReplyString());
            }
            if (!imap.select("INBOX")) {
                throw new IllegalStateException("IMAP SELECT INBOX failed: " + imap.getReplyString());
            }
            // An empty INBOX makes FETCH 1:* fail: then there are no subjects.
            String subjects = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])") ? imap.getReplyString() : "";
            imap.logout();
            return subjects;
        } finally {
            imap.disconnect();
        }
    }
}
