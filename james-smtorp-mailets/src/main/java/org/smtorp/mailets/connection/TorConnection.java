/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.protocol.address.Fingerprint;

/**
 * Opens an SMTP channel to an onion over TLS 1.2 or later with the route's pin checked:
 * implicit TLS first, STARTTLS when the server speaks plain text and offers it, never a
 * mail in plain text. The channel it returns has read the TLS greeting and waits for EHLO.
 */
public final class TorConnection {
    private static final Logger LOGGER = LoggerFactory.getLogger(TorConnection.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SocksConnector socks;
    private final PinStore pins;

    private TorConnection(SocksConnector socks, PinStore pins) {
        this.socks = socks;
        this.pins = pins;
    }

    public static TorConnection of(SocksConnector socks, PinStore pins) {
        requireNonNull(socks, "socks");
        requireNonNull(pins, "pins");
        return new TorConnection(socks, pins);
    }

    /**
     * @param heloName our onion domain, for the plain-text EHLO before STARTTLS
     * @param deadline closes the connection when the delivery runs out of time
     * @throws DeliveryFailure a refusal by tor, a pin mismatch (permanent when the address named the key,
     *     temporary for a key changed since first use), a server without TLS (permanent), a broken
     *     connection or a malformed greeting (temporary)
     */
    public SmtpChannel open(OnionRoute route, String heloName, Deadline deadline) throws DeliveryFailure {
        String onion = route.onion().asString();
        if (route.tlsMode().triesImplicit()) {
            Socket plain = connect(route, deadline);
            try {
                SmtpChannel channel = SmtpChannel.over(handshake(plain, route), plain, onion);
                channel.guardBy(deadline);
                return greeted(channel, route);
            } catch (SSLHandshakeException e) {
                close(plain);
                throw handshakeFailure(route, e, deadline);
            } catch (SSLException e) {
                close(plain);
                if (!route.tlsMode().allowsStartTls()) {
                    throw DeliveryFailure.permanent(DeliveryFailure.Reason.TLS, onion + " does not speak implicit TLS on "
                        + "port " + route.port() + " and the TLS mode allows nothing else", e);
                }
                LOGGER.debug("{} answered without implicit TLS; trying STARTTLS", onion);
            } catch (DeliveryFailure e) {
                close(plain);
                throw e;
            } catch (IOException e) {
                close(plain);
                throw broken(route, e, deadline);
            }
        }
        return startTls(route, heloName, deadline);
    }

    private SmtpChannel startTls(OnionRoute route, String heloName, Deadline deadline) throws DeliveryFailure {
        String onion = route.onion().asString();
        Socket plain = connect(route, deadline);
        try {
            SmtpChannel text = SmtpChannel.over(plain, plain, onion);
            text.guardBy(deadline);
            SmtpReply greeting = text.read();
            if (greeting.code() != 220) {
                throw DeliveryFailure.refused("the greeting", onion, greeting);
            }
            text.send("EHLO " + heloName);
            SmtpReply ehlo = text.read();
            boolean offered = ehlo.code() == 250 && ehlo.lines().stream().skip(1)
                .anyMatch(line -> line.toUpperCase(Locale.ROOT).equals("STARTTLS"));
            if (!offered) {
                throw DeliveryFailure.permanent(DeliveryFailure.Reason.TLS, onion + " offers neither implicit TLS nor "
                    + "STARTTLS; SMTorP never sends mail in plain text");
            }
            text.send("STARTTLS");
            SmtpReply ready = text.read();
            if (ready.code() != 220) {
                throw DeliveryFailure.refused("STARTTLS", onion, ready);
            }
            SmtpChannel channel = SmtpChannel.over(handshake(plain, route), plain, onion);
            channel.guardBy(deadline);
            return channel;
        } catch (SSLHandshakeException e) {
            close(plain);
            throw handshakeFailure(route, e, deadline);
        } catch (DeliveryFailure e) {
            close(plain);
            throw e;
        } catch (IOException e) {
            close(plain);
            throw broken(route, e, deadline);
        }
    }

    private Socket connect(OnionRoute route, Deadline deadline) throws DeliveryFailure {
        return socks.connect(route.onion().asString(), route.port(), route.isolationKey(), deadline);
    }

    private SSLSocket handshake(Socket plain, OnionRoute route) throws IOException {
        SSLSocket tls = (SSLSocket) context(route).getSocketFactory()
            .createSocket(plain, route.onion().asString(), route.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(Arrays.stream(PROTOCOLS)
            .filter(protocol -> Arrays.asList(tls.getSupportedProtocols()).contains(protocol))
            .toArray(String[]::new));
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        logVerified(tls, route);
        return tls;
    }

    // After the handshake, not in the trust manager: only then has the server proved it holds the key.
    private static void logVerified(SSLSocket tls, OnionRoute route) throws IOException {
        Certificate presented = tls.getSession().getPeerCertificates()[0];
        if (presented instanceof X509Certificate) {
            LOGGER.info("TLS pin verified for {}: {}", route.onion().asString(),
                Fingerprint.of((X509Certificate) presented).abbreviate(Fingerprint.MIN_BITS).asString());
        }
    }

    private SSLContext context(OnionRoute route) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinningTrustManager(route.onion(), route.pin(), pins)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("this JVM offers no TLS context", e);
        }
    }

    private static SmtpChannel greeted(SmtpChannel channel, OnionRoute route) throws DeliveryFailure {
        SmtpReply greeting;
        try {
            greeting = channel.read();
        } catch (IOException e) {
            channel.close();
            throw channel.failure(e);
        }
        if (greeting.code() != 220) {
            channel.close();
            throw DeliveryFailure.refused("the greeting", route.onion().asString(), greeting);
        }
        return channel;
    }

    private static DeliveryFailure handshakeFailure(OnionRoute route, SSLHandshakeException e, Deadline deadline) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PinMismatchException) {
                // SPEC 4: a key changed since first use may be a legitimate rotation: retried, then bounced.
                // A key other than the one the address names never becomes right.
                return ((PinMismatchException) cause).isFirstUsePin()
                    ? DeliveryFailure.temporary(DeliveryFailure.Reason.KEY_CHANGED, cause.getMessage(), e)
                    : DeliveryFailure.permanent(DeliveryFailure.Reason.PIN_MISMATCH, cause.getMessage(), e);
            }
        }
        if (deadline.hasExpired()) {
            return broken(route, e, deadline);
        }
        // A broken circuit fails a handshake as well as a server stuck on old TLS: retried, then bounced.
        return DeliveryFailure.temporary(DeliveryFailure.Reason.TLS, "TLS handshake with " + route.onion().asString()
            + " failed: " + e.getMessage(), e);
    }

    private static DeliveryFailure broken(OnionRoute route, IOException e, Deadline deadline) {
        return DeliveryFailure.broken(route.onion().asString(), e, Optional.of(deadline));
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Dropping it anyway.
        }
    }

    @Override
    public String toString() {
        return "TorConnection via " + socks;
    }
}
