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
     * @throws TorConnectionException a refusal by tor, a pin mismatch (permanent), a server without TLS (permanent)
     */
    public SmtpChannel open(OnionRoute route, String heloName) throws IOException {
        if (route.tlsMode().triesImplicit()) {
            Socket plain = connect(route);
            try {
                SmtpChannel channel = SmtpChannel.over(handshake(plain, route));
                return greeted(channel, route);
            } catch (SSLHandshakeException e) {
                plain.close();
                throw handshakeFailure(route, e);
            } catch (SSLException e) {
                plain.close();
                if (!route.tlsMode().allowsStartTls()) {
                    throw new TorConnectionException(route.onion().asString() + " does not speak implicit TLS on port "
                        + route.port() + " and the TLS mode allows nothing else", true, e);
                }
                LOGGER.debug("{} answered without implicit TLS; trying STARTTLS", route.onion().asString());
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }
        return startTls(route, heloName);
    }

    private SmtpChannel startTls(OnionRoute route, String heloName) throws IOException {
        Socket plain = connect(route);
        try {
            SmtpChannel text = SmtpChannel.over(plain);
            SmtpReply greeting = text.read();
            if (greeting.code() != 220) {
                throw new TorConnectionException(route.onion().asString() + " greeted with " + greeting.asString(),
                    greeting.isPermanentFailure());
            }
            text.send("EHLO " + heloName);
            SmtpReply ehlo = text.read();
            boolean offered = ehlo.code() == 250 && ehlo.lines().stream().skip(1)
                .anyMatch(line -> line.toUpperCase(Locale.ROOT).equals("STARTTLS"));
            if (!offered) {
                throw new TorConnectionException(route.onion().asString() + " offers neither implicit TLS nor "
                    + "STARTTLS; SMTorP never sends mail in plain text", true);
            }
            text.send("STARTTLS");
            SmtpReply ready = text.read();
            if (ready.code() != 220) {
                throw new TorConnectionException(route.onion().asString() + " refused STARTTLS: " + ready.asString(),
                    ready.isPermanentFailure());
            }
            return SmtpChannel.over(handshake(plain, route));
        } catch (SSLHandshakeException e) {
            plain.close();
            throw handshakeFailure(route, e);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private Socket connect(OnionRoute route) throws IOException {
        return socks.connect(route.onion().asString(), route.port(), route.isolationKey());
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

    private static SmtpChannel greeted(SmtpChannel channel, OnionRoute route) throws IOException {
        SmtpReply greeting = channel.read();
        if (greeting.code() != 220) {
            channel.close();
            throw new TorConnectionException(route.onion().asString() + " greeted with " + greeting.asString(),
                greeting.isPermanentFailure());
        }
        return channel;
    }

    private static TorConnectionException handshakeFailure(OnionRoute route, SSLHandshakeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PinMismatchException) {
                return new TorConnectionException(cause.getMessage(), true, e);
            }
        }
        // A server that offers only old TLS versions will not change by itself.
        return new TorConnectionException("TLS handshake with " + route.onion().asString() + " failed: "
            + e.getMessage(), false, e);
    }

    @Override
    public String toString() {
        return "TorConnection via " + socks;
    }
}
