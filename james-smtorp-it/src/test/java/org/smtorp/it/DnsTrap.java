/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS server on 127.0.0.1:53 (UDP) that records the name of every query and answers
 * NXDOMAIN: what a James whose {@code dnsservice.xml} names it as its only server asks.
 * Port 53 because James's DNSJavaService takes no port; binding it needs root.
 */
final class DnsTrap implements AutoCloseable {
    private static final int PORT = 53;
    private static final int MAX_UDP = 512;

    private final DatagramSocket socket;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Thread answering;

    private DnsTrap(DatagramSocket socket) {
        this.socket = socket;
        this.answering = new Thread(this::answer, "dns-trap");
        answering.setDaemon(true);
    }

    static DnsTrap start() {
        try {
            DnsTrap trap = new DnsTrap(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT)));
            trap.answering.start();
            return trap;
        } catch (SocketException e) {
            throw new IllegalStateException("the DNS trap needs 127.0.0.1:53 (UDP), free and bindable (root)", e);
        }
    }

    /** Every name asked so far, absolute (ending with a dot), in arrival order. */
    List<String> queries() {
        return List.copyOf(queries);
    }

    private void answer() {
        byte[] buffer = new byte[MAX_UDP];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                if (question == null) {
                    continue;
                }
                queries.add(question.getName().toString());
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.RA);
                if (query.getHeader().getFlag(Flags.RD)) {
                    reply.getHeader().setFlag(Flags.RD);
                }
                reply.getHeader().setRcode(Rcode.NXDOMAIN);
                reply.addRecord(question, Section.QUESTION);
                byte[] wire = reply.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // Closed, or a datagram that is not DNS: the trap goes on or ends with its socket.
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
