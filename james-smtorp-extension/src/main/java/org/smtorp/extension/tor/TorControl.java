/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OnionServiceKey;

import net.freehaven.tor.control.EventHandler;
import net.freehaven.tor.control.TorControlConnection;

/**
 * An authenticated connection to a tor control port (jtorctl) with the few commands
 * SMTorP needs. Services added here live as long as this connection: when it drops, tor
 * removes them, and whoever reconnects adds them again.
 */
public final class TorControl implements AutoCloseable {
    private static final Pattern PROGRESS = Pattern.compile("PROGRESS=(\\d+)");

    private final Socket socket;
    private final TorControlConnection connection;
    private final Thread reader;

    private TorControl(Socket socket, TorControlConnection connection, Thread reader) {
        this.socket = socket;
        this.connection = connection;
        this.reader = reader;
    }

    public static TorControl connect(InetSocketAddress address, ControlAuthentication authentication,
                                     EventHandler events, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, Math.toIntExact(timeout.toMillis()));
            TorControlConnection connection = new TorControlConnection(socket);
            connection.setEventHandler(events);
            Thread reader = connection.launchThread(true);
            connection.authenticate(authentication.secret());
            return new TorControl(socket, connection, reader);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Tor's bootstrap progress in percent, from {@code GETINFO status/bootstrap-phase}. */
    public int bootstrapProgress() throws IOException {
        Matcher matcher = PROGRESS.matcher(connection.getInfo("status/bootstrap-phase"));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    public void subscribe(List<String> events) throws IOException {
        connection.setEvents(events);
    }

    /** {@code ADD_ONION} with our own key; tor answers with the service id, which must be our onion. */
    public OnionAddress addOnion(OnionServiceKey key, int virtualPort, InetSocketAddress target) throws IOException {
        Map<String, String> reply = connection.addOnion(key.addOnionKey(),
            Map.of(virtualPort, target.getHostString() + ":" + target.getPort()), List.of());
        OnionAddress added = OnionAddress.parse(reply.get("onionAddress"));
        if (!added.equals(key.onion())) {
            throw new IOException("tor added " + added + " for the key of " + key.onion());
        }
        return added;
    }

    public void delOnion(OnionAddress onion) throws IOException {
        connection.delOnion(onion.serviceId());
    }

    /** Waits until the connection ends (tor closed it, or it died) or the thread is interrupted. */
    public void awaitClosed() throws InterruptedException {
        reader.join();
    }

    public boolean isOpen() {
        return reader.isAlive();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed either way.
        }
    }
}
