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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 server on 127.0.0.1 that takes user/password authentication, records each CONNECT
 * request as it came on the wire and answers it with the reply code it is given.
 */
final class ScriptedSocksServer implements AutoCloseable {
    /** One CONNECT request: its address type, the destination bytes as text, the port and the user name. */
    static final class Request {
        final int addressType;
        final String host;
        final int port;
        final String user;

        Request(int addressType, String host, int port, String user) {
            this.addressType = addressType;
            this.host = host;
            this.port = port;
            this.user = user;
        }
    }

    private final ServerSocket server;
    private final int replyCode;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedSocksServer(int replyCode) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.replyCode = replyCode;
        this.acceptor = new Thread(this::serve, "scripted-socks");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedSocksServer replying(int replyCode) throws IOException {
        return new ScriptedSocksServer(replyCode);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                answer(client);
            } catch (IOException e) {
                // Closed, or a client that gave up: the test sees it on its side.
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
        requests.add(new Request(addressType, new String(host, StandardCharsets.ISO_8859_1), port,
            new String(user, StandardCharsets.US_ASCII)));
        out.write(new byte[] {5, (byte) replyCode, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
        in.read();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
