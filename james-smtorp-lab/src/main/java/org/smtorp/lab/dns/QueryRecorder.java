/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.smtorp.lab.tor.PortBlock;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * A UDP relay on 127.0.0.1 in front of a DNS server that records the name of every query it
 * passes on: a test points a resolver at it to see what that resolver asks, such as no name
 * under {@code .onion}. One query at a time, which is all a test needs.
 */
public final class QueryRecorder implements AutoCloseable {
    private static final int MAX_UDP = 65535;
    private static final int UPSTREAM_TIMEOUT_MILLIS = 5000;

    private final PortBlock ports;
    private final DatagramSocket socket;
    private final InetSocketAddress upstream;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Thread relaying;

    private QueryRecorder(PortBlock ports, DatagramSocket socket, InetSocketAddress upstream) {
        this.ports = ports;
        this.socket = socket;
        this.upstream = upstream;
        this.relaying = new Thread(this::relay, "dns-query-recorder");
        relaying.setDaemon(true);
    }

    public static QueryRecorder inFrontOf(InetSocketAddress upstream) {
        PortBlock ports = PortBlock.reserve();
        try {
            QueryRecorder recorder = new QueryRecorder(ports,
                new DatagramSocket(new InetSocketAddress("127.0.0.1", ports.port(0))), upstream);
            recorder.relaying.start();
            return recorder;
        } catch (IOException e) {
            ports.close();
            throw new UncheckedIOException("cannot bind the DNS query recorder", e);
        }
    }

    /** Where resolvers should ask. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", ports.port(0));
    }

    /** {@link #address()} as {@code smtorp resolve --dns} and smtorp.properties take it. */
    public String hostPort() {
        return "127.0.0.1:" + ports.port(0);
    }

    /** Every name asked so far, absolute (ending with a dot), in arrival order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    private void relay() {
        byte[] buffer = new byte[MAX_UDP];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                SocketAddress client = packet.getSocketAddress();
                Record question = new Message(query).getQuestion();
                if (question != null) {
                    queries.add(question.getName().toString());
                }
                forward(query).ifPresent(reply -> send(reply, client));
            } catch (IOException e) {
                // Closed, or a datagram that is not DNS: the relay goes on or ends with its socket.
            }
        }
    }

    private Optional<byte[]> forward(byte[] query) throws IOException {
        try (DatagramSocket out = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            out.setSoTimeout(UPSTREAM_TIMEOUT_MILLIS);
            out.send(new DatagramPacket(query, query.length, upstream));
            DatagramPacket reply = new DatagramPacket(new byte[MAX_UDP], MAX_UDP);
            out.receive(reply);
            return Optional.of(Arrays.copyOf(reply.getData(), reply.getLength()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    private void send(byte[] reply, SocketAddress client) {
        try {
            socket.send(new DatagramPacket(reply, reply.length, client));
        } catch (IOException e) {
            // the client gave up
        }
    }

    @Override
    public void close() {
        socket.close();
        ports.close();
    }
}
