/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.transport.mailets.remote.delivery.DelaysAndMaxRetry;
import org.apache.mailet.MailetConfig;
import org.smtorp.mailets.node.MovedParameters;
import org.smtorp.mailets.parameters.InitParameters;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * The init parameters of {@link OnionRemoteDelivery}, parsed once. Unknown names and bad
 * values fail {@code init()} with the parameter's name, rather than warn and fall back to a
 * default as James's RemoteDeliveryConfiguration does: a typo must not send mail differently.
 */
public final class DeliveryConfiguration {
    public static final String OUTGOING_QUEUE = "outgoingQueue";
    public static final String DELAY_TIME = "delayTime";
    public static final String MAX_RETRIES = "maxRetries";
    public static final String BOUNCE_PROCESSOR = "bounceProcessor";
    public static final String DELIVERY_THREADS = "deliveryThreads";
    public static final String TIMEOUT = "timeout";
    public static final String TRANSACTION_TIMEOUT = "transactionTimeout";
    public static final String TLS_MODE = "tlsMode";
    public static final String POW_BUDGET = "powBudget";
    public static final String IDLE_TIMEOUT = "idleTimeout";
    public static final String MAX_SESSIONS_PER_DESTINATION = "maxSessionsPerDestination";
    public static final String LEGACY_PROCESSOR = "legacyProcessor";
    public static final String SENDING_RELAY = "sendingRelay";
    public static final String SENDING_RELAY_AFTER = "sendingRelayAfter";
    public static final String DELAY_PROCESSOR = "delayProcessor";
    public static final Set<String> NAMES = Set.of(OUTGOING_QUEUE, DELAY_TIME, MAX_RETRIES, BOUNCE_PROCESSOR,
        DELIVERY_THREADS, TIMEOUT, TRANSACTION_TIMEOUT, TLS_MODE, POW_BUDGET, IDLE_TIMEOUT,
        MAX_SESSIONS_PER_DESTINATION, LEGACY_PROCESSOR, SENDING_RELAY, SENDING_RELAY_AFTER, DELAY_PROCESSOR);
    /** Ours and those that moved to smtorp.properties, which {@link MovedParameters} compares with it. */
    public static final Set<String> KNOWN = MovedParameters.andMoved(NAMES);

    public static final String DEFAULT_OUTGOING_QUEUE = "smtorp-outgoing";
    public static final String DEFAULT_DELAY_TIME = "5 * 1 minute, 4 * 15 minutes, 2 * 1 hour";
    public static final int DEFAULT_MAX_RETRIES = 11;
    public static final int DEFAULT_DELIVERY_THREADS = 85;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    // Postfix allows 10 minutes for the end of DATA alone; a whole transaction (proof of work
    // included) gets as long, after which a server that trickles bytes loses the connection.
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_POW_BUDGET = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    // Every session to an onion shares its one circuit, and the receiver sees them all coming
    // from 127.0.0.1 with every other SMTorP sender's: docs/delivery.md says why two.
    public static final int DEFAULT_MAX_SESSIONS_PER_DESTINATION = 8;
    // Past the first retries of the default schedule (5 * 1 minute): a destination that is merely
    // restarting gets its mail directly, one that stays away gets it through the relay.
    public static final Duration DEFAULT_SENDING_RELAY_AFTER = Duration.ofMinutes(30);

    private final String outgoingQueue;
    private final DelaysAndMaxRetry delays;
    private final Optional<String> bounceProcessor;
    private final int deliveryThreads;
    private final Duration timeout;
    private final Duration transactionTimeout;
    private final TlsMode tlsMode;
    private final Duration powBudget;
    private final Duration idleTimeout;
    private final int maxSessionsPerDestination;
    private final Optional<String> legacyProcessor;
    private final Optional<SendingRelay> sendingRelay;
    private final Optional<String> delayProcessor;

    private DeliveryConfiguration(InitParameters p) throws MessagingException {
        outgoingQueue = p.text(OUTGOING_QUEUE).orElse(DEFAULT_OUTGOING_QUEUE);
        int maxRetries = p.parsed(MAX_RETRIES, DeliveryConfiguration::nonNegative, "a whole number >= 0")
            .orElse(DEFAULT_MAX_RETRIES);
        String delayTime = p.text(DELAY_TIME).orElse(DEFAULT_DELAY_TIME);
        try {
            delays = DelaysAndMaxRetry.from(maxRetries, delayTime);
        } catch (MessagingException | RuntimeException e) {
            throw p.invalid(DELAY_TIME, delayTime, "delays such as \"5 * 1 minute, 2 * 1 hour\"");
        }
        bounceProcessor = p.text(BOUNCE_PROCESSOR);
        deliveryThreads = p.parsed(DELIVERY_THREADS, DeliveryConfiguration::positive, "a whole number >= 1")
            .orElse(DEFAULT_DELIVERY_THREADS);
        // The socket's I/O timeout, as RemoteDelivery's timeout is: a bare number is milliseconds there.
        timeout = p.durationOrMilliseconds(TIMEOUT).orElse(DEFAULT_TIMEOUT);
        transactionTimeout = p.duration(TRANSACTION_TIMEOUT).orElse(DEFAULT_TRANSACTION_TIMEOUT);
        tlsMode = p.parsed(TLS_MODE, TlsMode::parse, "implicitOrStarttls, implicit or starttls")
            .orElse(TlsMode.IMPLICIT_OR_STARTTLS);
        powBudget = p.duration(POW_BUDGET).orElse(DEFAULT_POW_BUDGET);
        if (powBudget.compareTo(transactionTimeout) >= 0) {
            throw new MessagingException("OnionRemoteDelivery: " + POW_BUDGET + " (" + powBudget.toSeconds() + " s) must "
                + "be shorter than " + TRANSACTION_TIMEOUT + " (" + transactionTimeout.toSeconds() + " s): the proof "
                + "of work is part of the transaction");
        }
        idleTimeout = p.duration(IDLE_TIMEOUT).orElse(DEFAULT_IDLE_TIMEOUT);
        maxSessionsPerDestination = p.parsed(MAX_SESSIONS_PER_DESTINATION, DeliveryConfiguration::positive,
            "a whole number >= 1").orElse(DEFAULT_MAX_SESSIONS_PER_DESTINATION);
        legacyProcessor = p.text(LEGACY_PROCESSOR);
        sendingRelay = sendingRelay(p);
        delayProcessor = p.text(DELAY_PROCESSOR);
    }

    private static Optional<SendingRelay> sendingRelay(InitParameters p) throws MessagingException {
        Optional<String> text = p.text(SENDING_RELAY);
        Optional<SmtorpDomain> relay;
        try {
            relay = text.map(SmtorpDomain::parse);
        } catch (InvalidAddressException e) {
            // The parser names the rule the value breaks (length, alphabet, checksum...).
            throw p.invalid(SENDING_RELAY, text.get(), "a pinned SMTorP domain, <fingerprint>.<onion>.onion ("
                + e.getMessage() + ")");
        }
        Optional<Duration> after = p.duration(SENDING_RELAY_AFTER);
        if (relay.isEmpty()) {
            if (after.isPresent()) {
                throw new MessagingException("OnionRemoteDelivery: " + SENDING_RELAY_AFTER + " needs " + SENDING_RELAY
                    + ", the relay to hand mail to");
            }
            return Optional.empty();
        }
        if (relay.get().fingerprint().isEmpty()) {
            throw p.invalid(SENDING_RELAY, relay.get().asString(), "a pinned SMTorP domain, <fingerprint>.<onion>.onion "
                + "(the relay's key fingerprint, as `smtorp address` prints it): our mail must not go to whoever "
                + "answers first for that onion");
        }
        return Optional.of(SendingRelay.of(relay.get(), after.orElse(DEFAULT_SENDING_RELAY_AFTER)));
    }

    /**
     * The SOCKS endpoint, identity and pin directory are not here: they are the node's
     * ({@code NodeSettings}, from smtorp.properties).
     *
     * @throws MessagingException naming an unknown parameter, or a bad value and what is allowed
     */
    public static DeliveryConfiguration from(MailetConfig config) throws MessagingException {
        return new DeliveryConfiguration(InitParameters.of(OnionRemoteDelivery.MAILET, config, KNOWN));
    }

    private static int nonNegative(String text) {
        int value = Integer.parseInt(text.trim());
        if (value < 0) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static int positive(String text) {
        int value = Integer.parseInt(text.trim());
        if (value < 1) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    public String outgoingQueue() {
        return outgoingQueue;
    }

    public List<Duration> delays() {
        return delays.getExpandedDelays();
    }

    public int maxRetries() {
        return delays.getMaxRetries();
    }

    /** From a mail's first attempt to its last: every retry's delay, the last one repeated (as Attempt waits). */
    public Duration retrySchedule() {
        List<Duration> expanded = delays();
        Duration total = Duration.ZERO;
        for (int retry = 0; retry < maxRetries(); retry++) {
            total = total.plus(expanded.get(Math.min(retry, expanded.size() - 1)));
        }
        return total;
    }

    /**
     * Whether a mail's last attempt comes {@code sendingRelayAfter} or later after its first, so
     * that mail can reach the sending relay at all (true without one).
     */
    public boolean reachesTheRelay() {
        return sendingRelay.map(relay -> relay.after().compareTo(retrySchedule()) <= 0).orElse(true);
    }

    public Optional<String> bounceProcessor() {
        return bounceProcessor;
    }

    public int deliveryThreads() {
        return deliveryThreads;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The longest one transaction may take, connection and proof of work included. */
    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    public Duration powBudget() {
        return powBudget;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public int maxSessionsPerDestination() {
        return maxSessionsPerDestination;
    }

    /** Where recipients go that have no route over Tor when delivery comes; without one they bounce. */
    public Optional<String> legacyProcessor() {
        return legacyProcessor;
    }

    /**
     * Where a copy of a mail goes, once, when its first delivery attempt failed for now: with the
     * recipients to retry and James's delivery-error attributes, for DSNDelayRequested and
     * DSNBounce's {@code delayed} action (RFC 3464), as the bounce processor gets a failed mail.
     */
    public Optional<String> delayProcessor() {
        return delayProcessor;
    }

    /** The pinned relay that takes onion mail whose direct delivery kept failing, if one is configured. */
    public Optional<SendingRelay> sendingRelay() {
        return sendingRelay;
    }

    @Override
    public String toString() {
        return "OnionRemoteDelivery queue " + outgoingQueue + ", " + maxRetries() + " retries, " + deliveryThreads
            + " threads, " + maxSessionsPerDestination + " sessions per destination, TLS " + tlsMode.configName()
            + sendingRelay.map(relay -> ", " + relay).orElse("");
    }
}
