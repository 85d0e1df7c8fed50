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
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.smtorp.lab.tor.PortBlock;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * A UDP relay on 127.0.0.1 in front of a DNS server that records the name of every query it
 * passes on: a test points a resolver at it to see what that resolver asks, such as no name
 * under {@code .onion}. It can also play the attacker on the path (or a broken server): rewrite
 * the text of TXT answers, signatures left as they are; answer queries of some types with
 * SERVFAIL; or drop them, so that the resolver times out. One query at a time, which is all a
 * test needs.
 */
public final class QueryRecorder implements AutoCloseable {
    private static final int MAX_UDP = 65535;
    private static final int UPSTREAM_TIMEOUT_MILLIS = 5000;

    private final PortBlock ports;
    private final DatagramSocket socket;
    private final InetSocketAddress upstream;
    private final UnaryOperator<String> txt;
    private final Set<Integer> failedTypes;
    // The rcode that answers a failed type; empty: no answer at all.
    private final OptionalInt failure;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Thread relaying;

    private QueryRecorder(PortBlock ports, DatagramSocket socket, InetSocketAddress upstream,
                          UnaryOperator<String> txt, Set<Integer> failedTypes, OptionalInt failure) {
        this.ports = ports;
        this.socket = socket;
        this.upstream = upstream;
        this.txt = txt;
        this.failedTypes = failedTypes;
        this.failure = failure;
        this.relaying = new Thread(this::relay, "dns-query-recorder");
        relaying.setDaemon(true);
    }

    public static QueryRecorder inFrontOf(InetSocketAddress upstream) {
        return start(upstream, UnaryOperator.identity(), Set.of(), OptionalInt.empty());
    }

    /** A relay that also replaces {@code original} by {@code forged} in the text of every TXT answer. */
    public static QueryRecorder forgingTxt(InetSocketAddress upstream, String original, String forged) {
        return start(upstream, text -> text.replace(original, forged), Set.of(), OptionalInt.empty());
    }

    /** A relay that answers every query of these types ({@code org.xbill.DNS.Type}) itself, with SERVFAIL. */
    public static QueryRecorder servfail(InetSocketAddress upstream, Set<Integer> types) {
        return start(upstream, UnaryOperator.identity(), types, OptionalInt.of(Rcode.SERVFAIL));
    }

    /** A relay that never answers a query of these types ({@code org.xbill.DNS.Type}): the resolver times out. */
    public static QueryRecorder dropping(InetSocketAddress upstream, Set<Integer> types) {
        return start(upstream, UnaryOperator.identity(), types, OptionalInt.empty());
    }

    private static QueryRecorder start(InetSocketAddress upstream, UnaryOperator<String> txt, Set<Integer> failedTypes,
                                       OptionalInt failure) {
        PortBlock ports = PortBlock.reserve();
        try {
            QueryRecorder recorder = new QueryRecorder(ports,
                new DatagramSocket(new InetSocketAddress("127.0.0.1", ports.port(0))), upstream, txt,
                Set.copyOf(failedTypes), failure);
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
                Message message = new Message(query);
                Record question = message.getQuestion();
                if (question != null) {
                    queries.add(question.getName().toString());
                }
                if (question != null && failedTypes.contains(question.getType())) {
                    if (failure.isPresent()) {
                        send(failed(message, failure.getAsInt()), client);
                    }
                    continue;
                }
                Optional<byte[]> reply = forward(query);
                if (reply.isPresent()) {
                    send(rewrite(reply.get()), client);
                }
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

    private static byte[] failed(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setRcode(rcode);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply.toWire();
    }

    private byte[] rewrite(byte[] reply) throws IOException {
        Message message = new Message(reply);
        List<Record> answers = message.getSection(Section.ANSWER);
        if (answers.stream().noneMatch(record -> record instanceof TXTRecord)) {
            return reply;
        }
        message.removeAllRecords(Section.ANSWER);
        for (Record record : answers) {
            message.addRecord(record instanceof TXTRecord ? forged((TXTRecord) record) : record, Section.ANSWER);
        }
        return message.toWire();
    }

    private TXTRecord forged(TXTRecord record) {
        return new TXTRecord(record.getName(), record.getDClass(), record.getTTL(),
            record.getStrings().stream().map(txt).collect(Collectors.toList()));
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
