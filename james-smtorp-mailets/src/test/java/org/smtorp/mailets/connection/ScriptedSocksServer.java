/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 server on 127.0.0.1 that takes user/password authentication, records each CONNECT
 * request as it came on the wire and answers it with the reply code it is given; or, as tor
 * does, connects every request to one server and relays the bytes.
 */
public final class ScriptedSocksServer implements AutoCloseable {
    /** One CONNECT request: its address type, the destination bytes as text, the port and the user name. */
    public static final class Request {
        public final int addressType;
        public final String host;
        public final int port;
        public final String user;

        Request(int addressType, String host, int port, String user) {
            this.addressType = addressType;
            this.host = host;
            this.port = port;
            this.user = user;
        }
    }

    private final ServerSocket server;
    private final int replyCode;
    private final Map<String, InetSocketAddress> relayTo;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedSocksServer(int replyCode, Map<String, InetSocketAddress> relayTo) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.replyCode = replyCode;
        this.relayTo = relayTo;
        this.acceptor = new Thread(this::serve, "scripted-socks");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedSocksServer replying(int replyCode) throws IOException {
        return new ScriptedSocksServer(replyCode, Map.of());
    }

    /** Succeeds every request, whatever its destination, with a connection to {@code target}. */
    public static ScriptedSocksServer relayingTo(InetSocketAddress target) throws IOException {
        return new ScriptedSocksServer(0x00, Map.of(ANY_HOST, target));
    }

    /** As tor does for onions: each host name (an onion, or any name under it) to its server; others refused. */
    public static ScriptedSocksServer relaying(Map<String, InetSocketAddress> targets) throws IOException {
        return new ScriptedSocksServer(0x00, Map.copyOf(targets));
    }

    private static final String ANY_HOST = "*";

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread session = new Thread(() -> {
                    try (client) {
                        answer(client);
                    } catch (IOException e) {
                        // A client that gave up: the test sees it on its side.
                    }
                }, "scripted-socks-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                // Closed: the test is over.
            }
        }
    }

    private void answer(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        in.readUnsignedByte();
        in.readFully(new byte[in.readUnsignedByte()]);
        out.write(new byte[] {5, 2});
        in.readUnsignedByte();
        byte[] user = new byte[in.readUnsignedByte()];
        in.readFully(user);
        in.readFully(new byte[in.readUnsignedByte()]);
        out.write(new byte[] {1, 0});
        in.readUnsignedByte();
        in.readUnsignedByte();
        in.readUnsignedByte();
        int addressType = in.readUnsignedByte();
        byte[] host = new byte[addressType == 1 ? 4 : addressType == 4 ? 16 : in.readUnsignedByte()];
        in.readFully(host);
        int port = in.readUnsignedShort();
        String name = new String(host, StandardCharsets.ISO_8859_1);
        requests.add(new Request(addressType, name, port, new String(user, StandardCharsets.US_ASCII)));
        Optional<InetSocketAddress> target = Optional.ofNullable(relayTo.get(ANY_HOST))
            .or(() -> relayTo.entrySet().stream().filter(entry -> name.equals(entry.getKey())
                || name.endsWith("." + entry.getKey())).map(Map.Entry::getValue).findFirst());
        if (!relayTo.isEmpty() && target.isEmpty()) {
            // tor's ExtendedErrors: no descriptor for an onion nobody publishes.
            out.write(new byte[] {5, (byte) 0xF0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            return;
        }
        out.write(new byte[] {5, (byte) replyCode, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
        if (target.isEmpty()) {
            in.read();
            return;
        }
        try (Socket relayed = new Socket(target.get().getAddress(), target.get().getPort())) {
            Thread back = new Thread(() -> copy(relayed, client), "scripted-socks-relay");
            back.setDaemon(true);
            back.start();
            copy(client, relayed);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed: the relay ends with it.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
