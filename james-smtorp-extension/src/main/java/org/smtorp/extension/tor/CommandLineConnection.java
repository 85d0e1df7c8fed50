/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.io.IOException;
import java.net.Socket;

import net.freehaven.tor.control.TorControlConnection;

/**
 * jtorctl's connection, which can also send a command line we build: its own
 * {@code addOnion} knows no {@code MaxStreams=} or {@code PoWDefensesEnabled=}.
 */
final class CommandLineConnection extends TorControlConnection {
    CommandLineConnection(Socket socket) throws IOException {
        super(socket);
    }

    /**
     * Sends one command line (without CRLF) and waits for tor's reply; a reply other than
     * 2xx throws jtorctl's {@code TorControlException}. The reply's text is not kept: it may hold keys.
     */
    void send(String commandLine) throws IOException {
        sendAndWaitForResponse(commandLine + "\r\n", null);
    }
}
