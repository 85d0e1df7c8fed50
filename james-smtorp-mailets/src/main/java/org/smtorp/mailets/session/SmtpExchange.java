/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
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

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.Deadline;
import org.smtorp.mailets.connection.DeliveryFailure;
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
 * share the connection. MAIL, RCPT and DATA go out as one group when the server offers
 * PIPELINING (RFC 2920): two trips through tor per mail instead of three plus one per
 * recipient. With PIPELINING the next transaction may also begin before the previous
 * message's final reply is read ({@link #begin} returns at the final dot): its commands follow
 * the dot on the wire, so back-to-back mails take one trip each (RFC 2920 3.1: the message
 * content may be the first "command" of a group).
 *
 * <p>One delivery thread holds the session at a time, from {@link #begin} to its return; the
 * thread of the message before may meanwhile still wait for its final reply. Replies are read
 * strictly in the order their commands were written (each command gets the next place in
 * line), so no thread takes another's reply. Every failure is a {@link DeliveryFailure}: the
 * server's refusal with its reply, or a broken session, which fails every reply still owed.
 */
public final class SmtpExchange implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpExchange.class);
    private static final String PIPELINING = "PIPELINING";
    private static final String DSN = "DSN";
    private static final int MAX_GROUP_BYTES = 4096;
    // How often a thread waiting for its place in line looks whether the session ended.
    private static final long WAIT_STEP_MILLIS = 1000;
    private static final long PROOF_GRACE_MILLIS = 1000;

    private final SmtpChannel channel;
    private final OnionAddress server;
    private final Optional<XpowOffer> offer;
    private final boolean pipelining;
    private final boolean dsn;
    private final XpowClient xpow;
    private final Duration powBudget;
    private volatile int acceptedProofs;
    // Commands are written under writes; the places in line of their replies, and how many of
    // those were read, are kept under replies.
    private final Object writes = new Object();
    private final Object replies = new Object();
    private long owed;
    private long read;
    private boolean broken;
    // Once nothing more may be written (closed, or a write failed): the place in line from which
    // no reply will be read; the connection closes when every reply before it was read.
    private long closeAt = Long.MAX_VALUE;
    // The first place in line of the transaction begun last.
    private volatile long transactionStart;

    private SmtpExchange(SmtpChannel channel, OnionAddress server, Optional<XpowOffer> offer, boolean pipelining,
                         boolean dsn, XpowClient xpow, Duration powBudget) {
        this.channel = channel;
        this.server = server;
        this.offer = offer;
        this.pipelining = pipelining;
        this.dsn = dsn;
        this.xpow = xpow;
        this.powBudget = powBudget;
    }

    /**
     * Says EHLO on a channel whose greeting was read.
     *
     * @param server the onion, for messages
     * @param heloName our own onion domain, never a host name
     */
    public static SmtpExchange start(SmtpChannel channel, OnionAddress server, String heloName, XpowClient xpow,
                                     Duration powBudget) throws DeliveryFailure {
        return start(channel, server, heloName, xpow, powBudget, Optional.empty());
    }

    /**
     * Says EHLO, then proves our TLS key with XONION when the server offers it and we have a
     * prover; a refused proof only leaves our mail unauthenticated there.
     */
    public static SmtpExchange start(SmtpChannel channel, OnionAddress server, String heloName, XpowClient xpow,
                                     Duration powBudget, Optional<XonionProver> prover) throws DeliveryFailure {
        requireNonNull(channel, "channel");
        requireNonNull(server, "server");
        requireNonNull(prover, "prover");
        if (!channel.isTls()) {
            throw new IllegalArgumentException("SMTorP sends only over TLS");
        }
        try {
            return greet(channel, server, heloName, xpow, powBudget, prover);
        } catch (DeliveryFailure e) {
            channel.close();
            throw e;
        } catch (IOException e) {
            channel.close();
            throw channel.failure(e);
        }
    }

    private static SmtpExchange greet(SmtpChannel channel, OnionAddress server, String heloName, XpowClient xpow,
                                      Duration powBudget, Optional<XonionProver> prover) throws IOException {
        channel.send("EHLO " + heloName);
        SmtpReply ehlo = channel.read();
        if (ehlo.code() != 250) {
            throw DeliveryFailure.refused("EHLO", server.asString(), ehlo);
        }
        Optional<XpowOffer> offer = Optional.empty();
        boolean pipelining = false;
        boolean dsn = false;
        Optional<String> xonion = Optional.empty();
        for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
            // Read from the EHLO reply under TLS only: what a plain-text EHLO offered never counts.
            pipelining |= line.trim().equalsIgnoreCase(PIPELINING);
            dsn |= line.trim().equalsIgnoreCase(DSN);
            if (line.toUpperCase(Locale.ROOT).startsWith(SenderProof.KEYWORD + " ")) {
                xonion = Optional.of(line.substring(SenderProof.KEYWORD.length() + 1).trim());
            }
            if (line.toUpperCase(Locale.ROOT).startsWith(XpowOffer.KEYWORD + " ")) {
                try {
                    offer = Optional.of(XpowOffer.parse(line));
                } catch (MalformedXpowException e) {
                    throw DeliveryFailure.temporary(DeliveryFailure.Reason.PROTOCOL, server.asString()
                        + " sent a malformed XPOW offer: " + e.getMessage());
                }
            }
        }
        LOGGER.debug("EHLO accepted by {} over {}{}{}{}", server, channel.tlsProtocol(),
            pipelining ? ", pipelining" : "", dsn ? ", DSN" : "", offer.map(o -> ", XPOW offered: " + o.parameters()).orElse(""));
        if (xonion.isPresent() && prover.isPresent()) {
            proveOurKey(channel, server, xonion.get(), prover.get());
        }
        return new SmtpExchange(channel, server, offer, pipelining, dsn, xpow, powBudget);
    }

    private static void proveOurKey(SmtpChannel channel, OnionAddress server, String challenge, XonionProver prover)
        throws IOException {
        SenderProof proof;
        try {
            proof = prover.prove(Challenge.parse(challenge), server);
        } catch (IllegalArgumentException e) {
            LOGGER.info("XONION offer of {} not taken: {}", server.asString(), e.getMessage());
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
        synchronized (replies) {
            return closeAt == Long.MAX_VALUE && channel.isOpen();
        }
    }

    /** Whether a reply is still to be read by a thread that sent something before. */
    public boolean owesReplies() {
        synchronized (replies) {
            return read < owed && !broken && channel.isOpen();
        }
    }

    /**
     * Whether the server answered anything in the last transaction. If it did not, it cannot
     * have taken the message (that needs its 354 first), so sending it again duplicates nothing.
     */
    public boolean hasReplied() {
        synchronized (replies) {
            return read > transactionStart;
        }
    }

    /** Whether a transaction may begin before the previous message's final reply was read (RFC 2920). */
    public boolean pipelinesTransactions() {
        return pipelining;
    }

    /** From now on the session closes at {@code deadline} (a pooled session gets each mail's). */
    public void guardBy(Deadline deadline) {
        channel.guardBy(deadline);
    }

    /**
     * One transaction. Recipients the server refuses are in the result, each with its reply; if
     * it refuses all of them the message is not sent and the transaction is reset. A refused
     * MAIL, XPOW or DATA, a broken session or a refused final dot throws.
     */
    public TransactionResult send(MaybeSender reversePath, List<MailAddress> recipients, MimeMessage message)
        throws DeliveryFailure, MessagingException {
        return send(reversePath, recipients, message, DsnArguments.NONE);
    }

    /**
     * One transaction carrying the mail's DSN parameters, when the server announced DSN: a
     * server that did not would refuse the unknown parameters (RFC 5321 4.1.1.11 / 555).
     */
    public TransactionResult send(MaybeSender reversePath, List<MailAddress> recipients, MimeMessage message,
                                  DsnArguments dsnArguments) throws DeliveryFailure, MessagingException {
        return begin(reversePath, recipients, message, dsnArguments).result();
    }

    /**
     * One transaction up to the message's final dot, written and flushed; its final reply is read
     * by {@link MessageInFlight#result()}, which may wait while the session carries the next
     * transaction. Recipients the server refuses are in the result, each with its reply; if it
     * refuses all of them the message is not sent and the transaction is reset. A refused MAIL,
     * XPOW or DATA, or a broken session throws.
     */
    public MessageInFlight begin(MaybeSender reversePath, List<MailAddress> recipients, MimeMessage message,
                                 DsnArguments dsnArguments) throws DeliveryFailure, MessagingException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one recipient");
        }
        requireNonNull(dsnArguments, "dsnArguments");
        try {
            return transaction(reversePath, recipients, message, dsn ? dsnArguments : DsnArguments.NONE);
        } catch (DeliveryFailure e) {
            throw e;
        } catch (IOException e) {
            throw channel.failure(e);
        }
    }

    private MessageInFlight transaction(MaybeSender reversePath, List<MailAddress> recipients, MimeMessage message,
                                        DsnArguments dsnArguments) throws IOException, MessagingException {
        synchronized (replies) {
            transactionStart = owed;
        }
        if (offer.isPresent()) {
            // A round trip of its own, never in the pipelined group: after a refused proof a
            // server that also takes hashcash answers DATA with 354, and the mail would then
            // be refused for a missing stamp instead of the proof's real reason.
            prove(offer.get(), recipients.size());
        }
        List<String> envelope = new ArrayList<>();
        envelope.add("MAIL FROM:<" + reversePath.asString("") + ">" + dsnArguments.mailFrom());
        recipients.forEach(recipient -> envelope.add("RCPT TO:<" + recipient.asString() + ">"
            + dsnArguments.rcptTo(recipient)));
        envelope.add("DATA");
        long started = System.nanoTime();
        List<SmtpReply> replies = pipelining ? pipelined(envelope) : stepByStep(envelope);
        long enveloped = System.nanoTime();
        SmtpReply mail = replies.get(0);
        if (mail.code() != 250) {
            abandon(replies, envelope.size());
            throw DeliveryFailure.refused("MAIL FROM", server.asString(), mail);
        }
        Map<MailAddress, SmtpReply> refused = new LinkedHashMap<>();
        for (int i = 0; i < recipients.size(); i++) {
            SmtpReply reply = replies.get(i + 1);
            if (!accepted(reply)) {
                refused.put(recipients.get(i), reply);
            }
        }
        if (refused.size() == recipients.size()) {
            abandon(replies, envelope.size());
            return MessageInFlight.settled(TransactionResult.nothingSent(refused));
        }
        SmtpReply data = replies.get(envelope.size() - 1);
        if (data.code() != 354) {
            reset();
            throw DeliveryFailure.refused("DATA", server.asString(), data);
        }
        long dot;
        synchronized (writes) {
            SMTPOutputStream out = new SMTPOutputStream(new NonClosing(channel.dataStream()));
            try {
                message.writeTo(out);
                out.ensureAtBOL();
            } catch (IOException | MessagingException e) {
                // Half a message is on the wire: nothing more may follow it on this connection, but
                // the reply to a message before it may already be on its way to us.
                stopWriting(owedSoFar());
                throw e;
            }
            dot = write(List.of("."));
        }
        return MessageInFlight.awaiting(this, dot, refused, TimeUnit.NANOSECONDS.toMillis(enveloped - started),
            enveloped);
    }

    /** The final reply to the message whose dot has place {@code dot} in line. */
    TransactionResult finish(long dot, Map<MailAddress, SmtpReply> refused, long envelopeMillis, long enveloped)
        throws DeliveryFailure {
        SmtpReply done;
        try {
            done = read(dot, "the end of DATA");
        } catch (DeliveryFailure e) {
            throw e;
        } catch (IOException e) {
            throw channel.failure(e);
        }
        if (done.code() != 250) {
            throw DeliveryFailure.refused("the end of DATA", server.asString(), done);
        }
        LOGGER.debug("{} took the mail: envelope {} ms{}, message {} ms", server.asString(), envelopeMillis,
            pipelining ? " pipelined" : "", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - enveloped));
        return TransactionResult.sent(refused);
    }

    /**
     * RFC 2920: the commands in groups of at most {@value #MAX_GROUP_BYTES} bytes (so a group fits
     * the smallest usual TCP window and the server never waits for us to read), then the
     * replies in order; one trip through tor instead of one per command.
     */
    private List<SmtpReply> pipelined(List<String> commands) throws IOException {
        List<SmtpReply> replies = new ArrayList<>();
        int from = 0;
        while (from < commands.size()) {
            int to = from + 1;
            int bytes = commands.get(from).length() + 2;
            while (to < commands.size() && bytes + commands.get(to).length() + 2 <= MAX_GROUP_BYTES) {
                bytes += commands.get(to).length() + 2;
                to++;
            }
            List<String> group = commands.subList(from, to);
            long first = write(group);
            for (int i = 0; i < group.size(); i++) {
                replies.add(read(first + i, group.get(i)));
            }
            from = to;
        }
        return replies;
    }

    /** Without PIPELINING: each reply before the next command; no RCPT after a refused MAIL, no DATA without a recipient. */
    private List<SmtpReply> stepByStep(List<String> commands) throws IOException {
        List<SmtpReply> replies = new ArrayList<>();
        boolean anyRecipient = false;
        for (int i = 0; i < commands.size(); i++) {
            boolean data = i == commands.size() - 1;
            if (data && !anyRecipient) {
                break;
            }
            SmtpReply reply = read(write(List.of(commands.get(i))), commands.get(i));
            replies.add(reply);
            if (i == 0 && reply.code() != 250) {
                break;
            }
            anyRecipient |= i > 0 && !data && accepted(reply);
        }
        return replies;
    }

    /**
     * Ends a transaction that will not carry the message. A server that accepted DATA despite
     * refusing MAIL or every RCPT gets a lone dot, as RFC 2920 section 3.1 says, then RSET.
     */
    private void abandon(List<SmtpReply> replies, int commands) throws IOException {
        if (replies.size() == commands && replies.get(commands - 1).code() == 354) {
            read(write(List.of(".")), "the end of DATA");
        }
        reset();
    }

    private static boolean accepted(SmtpReply rcpt) {
        return rcpt.code() == 250 || rcpt.code() == 251;
    }

    /** Writes {@code commands} in one flush; returns the place in line of the first one's reply. */
    private long write(List<String> commands) throws IOException {
        synchronized (writes) {
            long first;
            synchronized (replies) {
                first = owed;
                owed += commands.size();
            }
            try {
                channel.send(commands);
            } catch (IOException e) {
                stopWriting(first);
                throw e;
            }
            return first;
        }
    }

    /**
     * The reply with place {@code place} in line, once every reply before it was read (by
     * whichever thread owns it). 421: the server closes the connection (RFC 5321 3.8); nothing
     * more will be read from it, and every reply still owed fails.
     */
    private SmtpReply read(long place, String command) throws IOException {
        awaitTurn(place, command);
        SmtpReply reply;
        try {
            reply = channel.read();
        } catch (IOException e) {
            endInBreak();
            throw e;
        }
        if (reply.code() == 421) {
            endInBreak();
            throw DeliveryFailure.refused(command.split(":", 2)[0], server.asString(), reply);
        }
        boolean last;
        synchronized (replies) {
            read++;
            replies.notifyAll();
            last = read >= closeAt;
        }
        if (last) {
            channel.close();
        }
        return reply;
    }

    // Bounded: whoever reads the replies before ours holds a deadline that closes the connection,
    // and a closed connection (isOpen) or a failed read (broken) ends the wait.
    private void awaitTurn(long place, String command) throws DeliveryFailure {
        synchronized (replies) {
            while (read < place) {
                if (broken || !channel.isOpen() || place >= closeAt) {
                    throw channel.failure(new IOException("the session ended before the reply to "
                        + command.split(":", 2)[0]));
                }
                try {
                    replies.wait(WAIT_STEP_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    endInBreak();
                    throw DeliveryFailure.temporary(DeliveryFailure.Reason.DEADLINE, "interrupted while waiting for "
                        + server.asString(), e);
                }
            }
            if (broken || place >= closeAt) {
                throw channel.failure(new IOException("the session ended before the reply to "
                    + command.split(":", 2)[0]));
            }
        }
    }

    private long owedSoFar() {
        synchronized (replies) {
            return owed;
        }
    }

    // Nothing more is written; replies owed for what went out before {@code from} are still read
    // (a server's 250 to an earlier message may be on its way), then the connection closes.
    private void stopWriting(long from) {
        boolean now;
        synchronized (replies) {
            closeAt = Math.min(closeAt, from);
            now = read >= closeAt;
            replies.notifyAll();
        }
        if (now) {
            channel.close();
        }
    }

    // The connection is no longer in step: close it and fail every reply still owed.
    private void endInBreak() {
        channel.close();
        synchronized (replies) {
            broken = true;
            replies.notifyAll();
        }
    }

    private void prove(XpowOffer offer, int recipients) throws IOException {
        AlgorithmChoice choice = xpow.chooseXpow(offer, recipients)
            .orElseThrow(() -> DeliveryFailure.permanent(DeliveryFailure.Reason.PROOF_OF_WORK, server.asString()
                + " requires proof of work with " + offer.parameters() + ", none of which we can prove"));
        Duration expected = xpow.expectedTime(choice);
        if (expected.compareTo(powBudget) > 0) {
            // Not even started: a price above the budget is a server's choice we wait out, not a
            // reason to spend a minute of every core on each attempt.
            throw DeliveryFailure.temporary(DeliveryFailure.Reason.PROOF_OF_WORK, server.asString() + " asks "
                + choice.algorithm() + " at " + choice.bits() + " bits for " + recipients + " recipient(s), about "
                + seconds(expected) + " of work here; powBudget is " + seconds(powBudget));
        }
        long started = System.nanoTime();
        CompletableFuture<XpowCommand> proof = xpow.prove(offer, choice, acceptedProofs + 1, recipients,
            powBudget, ProgressListener.NONE);
        XpowCommand command;
        try {
            // Bounded here too: a solver taking one proof at a time may keep ours waiting its turn.
            command = proof.get(powBudget.toMillis() + PROOF_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            proof.cancel(true);
            throw DeliveryFailure.temporary(DeliveryFailure.Reason.PROOF_OF_WORK, "proof of work for "
                + server.asString() + " (" + choice.algorithm() + ", " + choice.bits() + " bits) took longer than "
                + seconds(powBudget));
        } catch (ExecutionException e) {
            boolean timedOut = e.getCause() instanceof TimeoutException;
            throw DeliveryFailure.temporary(DeliveryFailure.Reason.PROOF_OF_WORK, "proof of work for "
                + server.asString() + " (" + choice.algorithm() + ", " + choice.bits() + " bits) "
                + (timedOut ? "took longer than " + seconds(powBudget) : "failed: " + e.getCause()));
        } catch (InterruptedException e) {
            proof.cancel(true);
            Thread.currentThread().interrupt();
            throw DeliveryFailure.temporary(DeliveryFailure.Reason.PROOF_OF_WORK, "interrupted while proving work",
                e);
        }
        LOGGER.info("proof of work solved: {} {} bits in {} ms", choice.algorithm(), choice.bits(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        SmtpReply reply = read(write(List.of(command.asString())), XpowOffer.KEYWORD);
        if (reply.code() != 250) {
            throw DeliveryFailure.refused("XPOW " + choice.algorithm(), server.asString(), reply);
        }
        acceptedProofs++;
        LOGGER.debug("XPOW {} at {} bits accepted by {}", choice.algorithm(), choice.bits(), server.asString());
    }

    private static String seconds(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds > 1_000_000_000L ? "more than 30 years" : seconds + " s";
    }

    private void reset() {
        try {
            read(write(List.of("RSET")), "RSET");
        } catch (IOException e) {
            endInBreak();
        }
    }

    /**
     * Says QUIT without waiting for its reply: a server that never answers must not hold us. A
     * final reply another thread still waits for (a message sent before) is let through: the
     * connection closes when that reply has been read (its reader's deadline bounds the wait),
     * as closing under it would leave that message's fate unknown and send it again.
     */
    @Override
    public void close() {
        synchronized (replies) {
            if (closeAt != Long.MAX_VALUE) {
                return;
            }
        }
        long quit;
        try {
            quit = channel.isOpen() ? write(List.of("QUIT")) : owedSoFar();
        } catch (IOException e) {
            return; // write() stopped the session at the QUIT
        }
        stopWriting(quit);
    }

    /**
     * Closes at once, without QUIT: for a session that owes no reply (an idle one past its time,
     * one James's stop ends), where a QUIT written to a server that stopped reading could block.
     */
    public void closeNow() {
        synchronized (replies) {
            closeAt = Math.min(closeAt, owed);
            replies.notifyAll();
        }
        channel.close();
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
        return "SmtpExchange with " + server.asString();
    }
}
