/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Opens TCP streams through tor's SOCKS5 port (RFC 1928) with the destination as a domain
 * name (ATYP 3), so tor resolves it and nothing is looked up here. It always authenticates
 * with user name and password (RFC 1929): tor does not check them but, with its default
 * IsolateSOCKSAuth, gives each distinct pair its own circuit. We speak SOCKS ourselves
 * because Java's SOCKS client takes tor's ExtendedErrors replies (0xF0-0xF7) for success.
 */
public final class SocksConnector {
    private static final int VERSION = 5;
    private static final int METHOD_USER_PASSWORD = 2;
    private static final int AUTH_VERSION = 1;
    private static final int CONNECT = 1;
    private static final int ATYP_IPV4 = 1;
    private static final int ATYP_DOMAIN = 3;
    private static final int ATYP_IPV6 = 4;
    private static final int MAX_FIELD = 255;
    private static final String PASSWORD = "smtorp";

    private final InetSocketAddress socks;
    private final Duration timeout;

    private SocksConnector(InetSocketAddress socks, Duration timeout) {
        this.socks = socks;
        this.timeout = timeout;
    }

    /** @param socks an address already resolved (a literal), as the mailet's configuration makes it */
    public static SocksConnector of(InetSocketAddress socks, Duration timeout) {
        requireNonNull(socks, "socks");
        requireNonNull(timeout, "timeout");
        if (socks.isUnresolved()) {
            throw new IllegalArgumentException("the SOCKS address must be resolved: " + socks);
        }
        return new SocksConnector(socks, timeout);
    }

    /**
     * A stream to {@code host:port} through tor, isolated by {@code isolationKey}.
     *
     * @param deadline closes the stream when the delivery runs out of time, even before it is connected
     * @throws DeliveryFailure when tor refuses (reason TOR, with the reply's name; permanent as the reply
     *     code says), or the SOCKS port cannot be reached
     */
    public Socket connect(String host, int port, String isolationKey, Deadline deadline) throws DeliveryFailure {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        byte[] user = isolationKey.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > MAX_FIELD || user.length == 0 || user.length > MAX_FIELD) {
            throw new IllegalArgumentException("host and isolation key must have 1 to 255 bytes");
        }
        Socket socket = new Socket();
        deadline.guard(socket);
        try {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            // We write whole groups (RFC 2920) in one flush: Nagle would only hold a group back
            // until tor acknowledged the one before, up to a delayed ACK's 40 ms.
            socket.setTcpNoDelay(true);
            socket.connect(socks, Math.toIntExact(timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            authenticate(out, in, user);
            request(out, in, host, name, port);
            return socket;
        } catch (DeliveryFailure e) {
            closeQuietly(socket);
            throw e;
        } catch (IOException e) {
            closeQuietly(socket);
            throw DeliveryFailure.temporary(deadline.hasExpired() ? DeliveryFailure.Reason.DEADLINE
                : DeliveryFailure.Reason.TOR, "tor's SOCKS port " + this.socks.getPort() + " did not open a stream to "
                + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // The stream failed already.
        }
    }

    private static void authenticate(OutputStream out, DataInputStream in, byte[] user) throws IOException {
        out.write(new byte[] {VERSION, 1, METHOD_USER_PASSWORD});
        out.flush();
        int version = in.readUnsignedByte();
        int method = in.readUnsignedByte();
        if (version != VERSION || method != METHOD_USER_PASSWORD) {
            throw DeliveryFailure.temporary(DeliveryFailure.Reason.TOR, "the SOCKS server at the configured port "
                + "refused user/password authentication (version " + version + ", method " + method + "); is it tor?");
        }
        byte[] password = PASSWORD.getBytes(StandardCharsets.US_ASCII);
        out.write(AUTH_VERSION);
        out.write(user.length);
        out.write(user);
        out.write(password.length);
        out.write(password);
        out.flush();
        in.readUnsignedByte();
        if (in.readUnsignedByte() != 0) {
            throw DeliveryFailure.temporary(DeliveryFailure.Reason.TOR, "the SOCKS server refused the isolation credentials");
        }
    }

    private static void request(OutputStream out, DataInputStream in, String host, byte[] name, int port)
        throws IOException {
        out.write(new byte[] {VERSION, CONNECT, 0, ATYP_DOMAIN, (byte) name.length});
        out.write(name);
        out.write(new byte[] {(byte) (port >> 8), (byte) port});
        out.flush();
        in.readUnsignedByte();
        // The byte tor sent, not the enum's code: UNKNOWN has none of its own.
        int code = in.readUnsignedByte();
        SocksReply reply = SocksReply.of(code);
        if (reply != SocksReply.SUCCEEDED) {
            String message = String.format("tor could not reach %s:%d: SOCKS reply 0x%02X %s (%s)", host, port, code,
                reply.name(), reply.description());
            throw reply.isPermanent() ? DeliveryFailure.permanent(DeliveryFailure.Reason.TOR, message)
                : DeliveryFailure.temporary(DeliveryFailure.Reason.TOR, message);
        }
        in.readUnsignedByte();
        int addressType = in.readUnsignedByte();
        int addressLength = addressType == ATYP_IPV4 ? 4 : addressType == ATYP_IPV6 ? 16 : in.readUnsignedByte();
        in.readFully(new byte[addressLength + 2]);
    }

    @Override
    public String toString() {
        return "SOCKS5 " + socks.getAddress().getHostAddress() + ":" + socks.getPort();
    }
}
