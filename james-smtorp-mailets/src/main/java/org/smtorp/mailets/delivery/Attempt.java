/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.smtorp.mailets.connection.PeerText;

/**
 * What one delivery attempt decided for each recipient of a mail: delivered, bounced (with the
 * reason the DSN quotes), handed to the legacy processor, or retried after {@link #retryDelay()}
 * (recipients whose last retry failed are bounced instead, with every reason).
 */
final class Attempt {
    static final int MAX_REASON = 1024;
    static final int MAX_BOUNCE_REASON = 4096;

    private final List<MailAddress> delivered;
    private final Map<MailAddress, String> bounces;
    private final List<MailAddress> handOffs;
    private final Map<MailAddress, String> retries;
    private final Optional<Duration> retryDelay;

    private Attempt(List<MailAddress> delivered, Map<MailAddress, String> bounces, List<MailAddress> handOffs,
                    Map<MailAddress, String> retries, Optional<Duration> retryDelay) {
        this.delivered = List.copyOf(delivered);
        this.bounces = Map.copyOf(bounces);
        this.handOffs = List.copyOf(handOffs);
        this.retries = Map.copyOf(retries);
        this.retryDelay = retryDelay;
    }

    static Builder builder() {
        return new Builder();
    }

    List<MailAddress> delivered() {
        return delivered;
    }

    /** Each recipient to bounce, with its reason. */
    Map<MailAddress, String> bounces() {
        return bounces;
    }

    /**
     * The one reason of this attempt's one bounce (as RemoteDelivery sends one per mail and
     * attempt, whatever its recipients): the reason when all share it, else each distinct one,
     * on one line and at most {@value #MAX_BOUNCE_REASON} characters.
     */
    Optional<String> bounceReason() {
        List<String> distinct = bounces.values().stream().distinct().collect(Collectors.toList());
        if (distinct.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PeerText.printable(String.join("; ", distinct), MAX_BOUNCE_REASON));
    }

    List<MailAddress> handOffs() {
        return handOffs;
    }

    /** The recipients to try again, each with why this attempt failed for it. */
    Map<MailAddress, String> retries() {
        return retries;
    }

    /** The wait before the next attempt, when there are recipients to retry. */
    Optional<Duration> retryDelay() {
        return retryDelay;
    }

    @Override
    public String toString() {
        return "delivered " + delivered + ", bounced " + bounces.keySet() + ", handed off " + handOffs
            + ", retried " + retries.keySet() + retryDelay.map(delay -> " in " + delay).orElse("");
    }

    static final class Builder {
        private final List<MailAddress> delivered = new ArrayList<>();
        private final Map<MailAddress, String> bounces = new LinkedHashMap<>();
        private final List<MailAddress> handOffs = new ArrayList<>();
        private final Map<MailAddress, String> temporary = new LinkedHashMap<>();

        Builder delivered(MailAddress recipient) {
            delivered.add(recipient);
            return this;
        }

        // Reasons quote servers and addresses: printable and bounded before they reach a log or a DSN.
        Builder bounce(MailAddress recipient, String reason) {
            bounces.put(recipient, PeerText.printable(reason, MAX_REASON));
            return this;
        }

        Builder handOff(MailAddress recipient) {
            handOffs.add(recipient);
            return this;
        }

        Builder temporary(MailAddress recipient, String reason) {
            temporary.put(recipient, PeerText.printable(reason, MAX_REASON));
            return this;
        }

        /**
         * @param retries the attempts made before this one
         * @param delays  the waits, the last one repeated
         */
        Attempt build(int retries, int maxRetries, List<Duration> delays) {
            if (temporary.isEmpty()) {
                return new Attempt(delivered, bounces, handOffs, Map.of(), Optional.empty());
            }
            if (retries >= maxRetries) {
                Map<MailAddress, String> all = new LinkedHashMap<>(bounces);
                temporary.forEach((recipient, reason) -> all.put(recipient, PeerText.printable("gave up after "
                    + (retries + 1) + " attempts; the last failed: " + reason, MAX_REASON)));
                return new Attempt(delivered, all, handOffs, Map.of(), Optional.empty());
            }
            return new Attempt(delivered, bounces, handOffs, temporary,
                Optional.of(delays.get(Math.min(retries, delays.size() - 1))));
        }
    }
}
