/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.smtorp.protocol.address.OnionAddress;

/**
 * Talks line by line to an onion service through the client tor's SOCKS5 port, handing
 * tor the onion name unresolved, as a mail server would. It speaks SOCKS5 itself rather
 * than through {@link java.net.Proxy}: Java's SOCKS client takes tor's {@code ExtendedErrors}
 * replies (0xF0-0xF7) for success and leaves the rest of the reply in the data stream.
 */
final class OnionClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(500);
    private static final Map<Integer, String> REPLIES = Map.ofEntries(
        Map.entry(0x01, "general failure"), Map.entry(0x04, "host unreachable"),
        Map.entry(0x05, "connection refused"), Map.entry(0x06, "TTL expired"),
        Map.entry(0xF0, "onion service descriptor not found"), Map.entry(0xF1, "onion service descriptor invalid"),
        Map.entry(0xF2, "onion service introduction failed"), Map.entry(0xF3, "onion service rendezvous failed"),
        Map.entry(0xF4, "onion service missing client authorization"),
        Map.entry(0xF5, "onion service wrong client authorization"), Map.entry(0xF6, "onion address invalid"),
        Map.entry(0xF7, "onion service introduction timed out"));

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;
    private final String greeting;

    private OnionClient(Socket socket, BufferedReader in, Writer out, String greeting) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.greeting = greeting;
    }

    /**
     * Connects and reads the service's greeting. Right after publication a lookup can fail
     * (descriptor not yet on the HSDir the client asks, or tor backing off after a failed
     * lookup), so this retries every half second until {@code patience} runs out.
     */
    static OnionClient connect(InetSocketAddress socks, OnionAddress onion, int port, Duration patience)
        throws IOException {
        return retrying(socks, onion, port, patience, () -> connectOnce(socks, onion, port));
    }

    /** A socket to the onion service through tor, with the same patience as {@link #connect}; for TLS on top. */
    static Socket open(InetSocketAddress socks, OnionAddress onion, int port, Duration patience) throws IOException {
        return retrying(socks, onion, port, patience, () -> openOnce(socks, onion, port));
    }

    private interface Attempt<T> {
        T run() throws IOException;
    }

    private static <T> T retrying(InetSocketAddress socks, OnionAddress onion, int port, Duration patience,
                                  Attempt<T> attempt) throws IOException {
        Instant giveUp = Instant.now().plus(patience);
        while (true) {
            try {
                return attempt.run();
            } catch (IOException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IOException("could not reach " + onion.asString() + ":" + port + " through SOCKS "
                        + socks + " within " + patience.toSeconds() + " s", e);
                }
            }
            try {
                Thread.sleep(RETRY_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static Socket openOnce(InetSocketAddress socks, OnionAddress onion, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(socks, TIMEOUT_MILLIS);
            socksConnect(socket, onion, port);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** One attempt; a refusal names tor's reply, e.g. {@code SOCKS reply 0xF0 (onion service descriptor not found)}. */
    static OnionClient connectOnce(InetSocketAddress socks, OnionAddress onion, int port) throws IOException {
        Socket socket = openOnce(socks, onion, port);
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            String greeting = in.readLine();
            if (greeting == null) {
                throw new IOException("connection closed before the greeting");
            }
            return new OnionClient(socket, in, new OutputStreamWriter(socket.getOutputStream(),
                StandardCharsets.US_ASCII), greeting);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    // RFC 1928: no authentication, then CONNECT to a domain name.
    private static void socksConnect(Socket socket, OnionAddress onion, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        out.write(new byte[] {5, 1, 0});
        out.flush();
        if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 0) {
            throw new IOException("SOCKS server refused the no-authentication method");
        }
        byte[] host = onion.asString().getBytes(StandardCharsets.US_ASCII);
        out.write(new byte[] {5, 1, 0, 3, (byte) host.length});
        out.write(host);
        out.write(new byte[] {(byte) (port >> 8), (byte) port});
        out.flush();
        in.readUnsignedByte();
        int reply = in.readUnsignedByte();
        in.readUnsignedByte();
        int addressType = in.readUnsignedByte();
        int addressLength = addressType == 1 ? 4 : addressType == 4 ? 16 : in.readUnsignedByte();
        in.readFully(new byte[addressLength + 2]);
        if (reply != 0) {
            throw new IOException(String.format("SOCKS reply 0x%02X (%s) for %s", reply,
                REPLIES.getOrDefault(reply, "unknown"), onion.asString()));
        }
    }

    String greeting() {
        return greeting;
    }

    /** Sends a line and returns the line that comes back. */
    String exchange(String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
        return in.readLine();
    }

    /**
     * Whether the stream ends (end of stream or a reset) within {@code timeout}, sending nothing:
     * false when it stays open, as an idle SMTP session does.
     */
    boolean isClosedByPeerWithin(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
