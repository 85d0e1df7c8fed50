/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import net.freehaven.tor.control.EventHandler;
import net.freehaven.tor.control.TorControlConnection;

/**
 * A cookie-authenticated control connection to one tor of the network (jtorctl), with
 * the commands the lab uses. Events go to the handler given at connection time, on
 * jtorctl's reader thread.
 */
final class TorController implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final Socket socket;
    private final TorControlConnection connection;

    private TorController(Socket socket, TorControlConnection connection) {
        this.socket = socket;
        this.connection = connection;
    }

    /** Waits until the tor accepts a control connection, failing if it exits or the deadline passes. */
    static TorController await(TorProcess tor, EventHandler events, Deadline deadline) {
        ControlEndpoint endpoint = tor.node().controlEndpoint();
        while (true) {
            tor.checkAlive("waiting for its control port " + endpoint);
            try {
                return connect(endpoint, events);
            } catch (IOException e) {
                if (deadline.hasPassed()) {
                    throw tor.failure("did not accept an authenticated control connection on " + endpoint
                        + " within " + deadline.timeout().toSeconds() + " s", e);
                }
            }
            deadline.pause();
        }
    }

    private static TorController connect(ControlEndpoint endpoint, EventHandler events) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(endpoint.address(), CONNECT_TIMEOUT_MILLIS);
            TorControlConnection connection = new TorControlConnection(socket);
            connection.setEventHandler(events);
            connection.launchThread(true);
            connection.authenticate(Files.readAllBytes(endpoint.cookieFile()));
            return new TorController(socket, connection);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code GETINFO status/bootstrap-phase}, e.g. {@code NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"}. */
    String bootstrapPhase() throws IOException {
        return connection.getInfo("status/bootstrap-phase");
    }

    void subscribe(List<String> events) throws IOException {
        connection.setEvents(events);
    }

    /** {@code ADD_ONION}; the reply holds the private key of a new service, so never log it. */
    Map<String, String> addOnion(String key, Map<Integer, String> ports, List<String> flags) throws IOException {
        return connection.addOnion(key, ports, flags);
    }

    void delOnion(String serviceId) throws IOException {
        connection.delOnion(serviceId);
    }

    /** {@code SETCONF}, each entry {@code "Keyword value"} in order; it replaces every value of those keywords. */
    void setConf(List<String> entries) throws IOException {
        connection.setConf(entries);
    }

    void resetConf(List<String> keywords) throws IOException {
        connection.resetConf(keywords);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }
}
