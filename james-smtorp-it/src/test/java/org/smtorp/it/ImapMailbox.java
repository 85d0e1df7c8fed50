/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;

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

    /**
     * Whether a message in the INBOX has {@code subject} in its Subject (IMAP SEARCH, which
     * matches substrings without case). SEARCH answers with message numbers on one line: a FETCH
     * of the headers answers with literals, which commons-net's IMAP client misread now and then
     * ("unexpected IMAP protocol response from server: ')'").
     */
    boolean hasSubject(String subject) throws IOException {
        if (subject.indexOf('"') >= 0 || subject.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a subject to search for is written without quotes or backslashes");
        }
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
            if (!imap.search("SUBJECT \"" + subject + "\"")) {
                throw new IllegalStateException("IMAP SEARCH failed: " + imap.getReplyString());
            }
            // No LOGOUT: James may close right after its BYE, before the tagged OK commons-net waits for.
            return Arrays.stream(imap.getReplyStrings())
                .anyMatch(line -> line.matches("\\* SEARCH( \\d+)+\\s*"));
        } finally {
            imap.disconnect();
        }
    }
}
