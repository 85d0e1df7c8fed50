/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.SmtpChannel;
import org.smtorp.mailets.connection.SmtpReply;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.xpow.AlgorithmChoice;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.pow.xpow.MalformedXpowException;
import org.smtorp.protocol.pow.xpow.XpowClient;
import org.smtorp.protocol.pow.xpow.XpowCommand;
import org.smtorp.protocol.pow.xpow.XpowOffer;
import org.smtorp.protocol.sender.SenderProof;

import com.sun.mail.smtp.SMTPOutputStream;

/**
 * One SMTP session over a TLS channel: EHLO with our onion domain, then any number of
 * transactions (XPOW when offered, MAIL, RCPT, DATA), so several mails to one destination
 * share the connection. Not thread safe: one delivery thread uses it at a time.
 */
public final class SmtpExchange implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpExchange.class);

    private final SmtpChannel channel;
    private final String server;
    private final Optional<XpowOffer> offer;
    private final XpowClient xpow;
    private final Duration powBudget;
    private int acceptedProofs;

    private SmtpExchange(SmtpChannel channel, String server, Optional<XpowOffer> offer, XpowClient xpow,
                         Duration powBudget) {
        this.channel = channel;
        this.server = server;
        this.offer = offer;
        this.xpow = xpow;
        this.powBudget = powBudget;
    }

    /**
     * Says EHLO on a channel whose greeting was read.
     *
     * @param server the onion, for messages
     * @param heloName our own onion domain, never a host name
     */
    public static SmtpExchange start(SmtpChannel channel, String server, String heloName, XpowClient xpow,
                                     Duration powBudget) throws IOException {
        return start(channel, server, heloName, xpow, powBudget, Optional.empty());
    }

    /**
     * Says EHLO, then proves our TLS key with XONION when the server offers it and we have a
     * prover; a refused proof only leaves our mail unauthenticated there.
     */
    public static SmtpExchange start(SmtpChannel channel, String server, String heloName, XpowClient xpow,
                                     Duration powBudget, Optional<XonionProver> prover) throws IOException {
        requireNonNull(channel, "channel");
        requireNonNull(prover, "prover");
        if (!channel.isTls()) {
            throw new IllegalArgumentException("SMTorP sends only over TLS");
        }
        channel.send("EHLO " + heloName);
        SmtpReply ehlo = channel.read();
        if (ehlo.code() != 250) {
            throw new SmtpFailure("EHLO", server, ehlo);
        }
        Optional<XpowOffer> offer = Optional.empty();
        Optional<String> xonion = Optional.empty();
        for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
            if (line.toUpperCase(Locale.ROOT).startsWith(SenderProof.KEYWORD + " ")) {
                xonion = Optional.of(line.substring(SenderProof.KEYWORD.length() + 1).trim());
            }
            if (line.toUpperCase(Locale.ROOT).startsWith(XpowOffer.KEYWORD + " ")) {
                try {
                    offer = Optional.of(XpowOffer.parse(line));
                } catch (MalformedXpowException e) {
                    throw new SmtpFailure(server + " sent a malformed XPOW offer: " + e.getMessage(), false);
                }
            }
        }
        LOGGER.debug("EHLO accepted by {} over {}{}", server, channel.tlsProtocol(),
            offer.map(o -> ", XPOW offered: " + o.parameters()).orElse(""));
        if (xonion.isPresent() && prover.isPresent()) {
            proveOurKey(channel, server, xonion.get(), prover.get());
        }
        return new SmtpExchange(channel, server, offer, xpow, powBudget);
    }

    private static void proveOurKey(SmtpChannel channel, String server, String challenge, XonionProver prover)
        throws IOException {
        SenderProof proof;
        try {
            proof = prover.prove(Challenge.parse(challenge), OnionAddress.parse(server));
        } catch (IllegalArgumentException e) {
            LOGGER.info("XONION offer of {} not taken: {}", server, e.getMessage());
            return;
        }
        channel.send(SenderProof.KEYWORD + " " + proof.asString());
        SmtpReply reply = channel.read();
        if (reply.code() == 250) {
            LOGGER.debug("XONION accepted by {}", server);
        } else {
            LOGGER.info("XONION refused by {}: {}", server, reply.asString());
        }
    }

    public boolean offersXpow() {
        return offer.isPresent();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * One transaction. Recipients the server refuses are in the result; if it refuses all of them,
     * or MAIL, XPOW or DATA, this throws and the transaction is reset.
     */
    public TransactionResult send(String reversePath, List<String> recipients, MimeMessage message)
        throws IOException, MessagingException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one recipient");
        }
        if (offer.isPresent()) {
            prove(offer.get(), recipients.size());
        }
        command("MAIL FROM:<" + reversePath + ">", 250);
        Map<String, SmtpReply> refused = new LinkedHashMap<>();
        for (String recipient : recipients) {
            channel.send("RCPT TO:<" + recipient + ">");
            SmtpReply reply = channel.read();
            if (reply.code() != 250 && reply.code() != 251) {
                refused.put(recipient, reply);
            }
        }
        if (refused.size() == recipients.size()) {
            reset();
            SmtpReply first = refused.values().iterator().next();
            throw new SmtpFailure("RCPT TO", server, first);
        }
        command("DATA", 354);
        OutputStream data = new SMTPOutputStream(new NonClosing(channel.dataStream()));
        message.writeTo(data);
        ((SMTPOutputStream) data).ensureAtBOL();
        data.flush();
        channel.send(".");
        SmtpReply done = channel.read();
        if (done.code() != 250) {
            throw new SmtpFailure("the end of DATA", server, done);
        }
        return TransactionResult.of(refused);
    }

    private void prove(XpowOffer offer, int recipients) throws IOException {
        AlgorithmChoice choice = xpow.chooseXpow(offer, recipients)
            .orElseThrow(() -> new SmtpFailure(server + " requires proof of work with "
                + offer.parameters() + ", none of which we can prove", true));
        long started = System.nanoTime();
        CompletableFuture<XpowCommand> proof = xpow.prove(offer, choice, acceptedProofs + 1, recipients,
            powBudget, ProgressListener.NONE);
        XpowCommand command;
        try {
            command = proof.get();
        } catch (ExecutionException e) {
            boolean timedOut = e.getCause() instanceof TimeoutException;
            throw new SmtpFailure("proof of work for " + server + " (" + choice.algorithm() + ", "
                + choice.bits() + " bits) " + (timedOut ? "took longer than " + powBudget.toSeconds() + " s"
                : "failed: " + e.getCause()), false);
        } catch (InterruptedException e) {
            proof.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while proving work", e);
        }
        LOGGER.info("proof of work solved: {} {} bits in {} ms", choice.algorithm(), choice.bits(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        channel.send(command.asString());
        SmtpReply reply = channel.read();
        if (reply.code() != 250) {
            throw new SmtpFailure("XPOW " + choice.algorithm(), server, reply);
        }
        acceptedProofs++;
        LOGGER.debug("XPOW {} at {} bits accepted by {}", choice.algorithm(), choice.bits(), server);
    }

    private void command(String command, int expected) throws IOException {
        channel.send(command);
        SmtpReply reply = channel.read();
        if (reply.code() != expected) {
            reset();
            throw new SmtpFailure(command.split(":", 2)[0], server, reply);
        }
    }

    private void reset() {
        try {
            channel.send("RSET");
            channel.read();
        } catch (IOException e) {
            channel.close();
        }
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.send("QUIT");
                channel.read();
            }
        } catch (IOException e) {
            // The session is over either way.
        } finally {
            channel.close();
        }
    }

    // SMTPOutputStream must not close the connection when the message is written.
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    @Override
    public String toString() {
        return "SmtpExchange with " + server;
    }
}
