/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final Set<MailAddress> expired;
    private final Map<MailAddress, Integer> replyCodes;
    private final List<MailAddress> handOffs;
    private final Map<MailAddress, String> retries;
    private final Optional<Duration> retryDelay;

    private Attempt(List<MailAddress> delivered, Map<MailAddress, String> bounces, Set<MailAddress> expired,
                    Map<MailAddress, Integer> replyCodes, List<MailAddress> handOffs, Map<MailAddress, String> retries,
                    Optional<Duration> retryDelay) {
        this.delivered = List.copyOf(delivered);
        this.bounces = Collections.unmodifiableMap(new LinkedHashMap<>(bounces));
        this.expired = Set.copyOf(expired);
        this.replyCodes = Map.copyOf(replyCodes);
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
        return bounceReason(bounces.keySet());
    }

    private Optional<String> bounceReason(Collection<MailAddress> recipients) {
        List<String> distinct = recipients.stream().map(bounces::get).distinct().collect(Collectors.toList());
        if (distinct.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PeerText.printable(String.join("; ", distinct), MAX_BOUNCE_REASON));
    }

    /**
     * The bounces as RemoteDelivery's Bouncer gets them: permanent failures apart from
     * recipients whose retries ran out, since James's IsRemoteDeliveryPermanentError and
     * IsRemoteDeliveryTemporaryError tell them apart in the bounce processor.
     */
    List<Undeliverable> undeliverable() {
        List<Undeliverable> groups = new ArrayList<>();
        for (boolean permanent : new boolean[] {true, false}) {
            List<MailAddress> group = bounces.keySet().stream().filter(recipient -> expired.contains(recipient) != permanent)
                .collect(Collectors.toList());
            if (!group.isEmpty()) {
                Set<Integer> codes = group.stream().map(replyCodes::get).collect(Collectors.toCollection(HashSet::new));
                Optional<Integer> shared = codes.size() == 1 ? Optional.ofNullable(codes.iterator().next())
                    : Optional.empty();
                groups.add(new Undeliverable(group, bounceReason(group).orElseThrow(), permanent, shared));
            }
        }
        return groups;
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
        private final Map<MailAddress, Integer> replyCodes = new LinkedHashMap<>();
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

        /** A permanent refusal, with the code of the server's reply, as James's delivery-error-code. */
        Builder bounce(MailAddress recipient, String reason, Optional<Integer> replyCode) {
            replyCode.ifPresent(code -> replyCodes.put(recipient, code));
            return bounce(recipient, reason);
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
                return new Attempt(delivered, bounces, Set.of(), replyCodes, handOffs, Map.of(), Optional.empty());
            }
            if (retries >= maxRetries) {
                Map<MailAddress, String> all = new LinkedHashMap<>(bounces);
                temporary.forEach((recipient, reason) -> all.put(recipient, PeerText.printable("gave up after "
                    + (retries + 1) + " attempts; the last failed: " + reason, MAX_REASON)));
                // As RemoteDelivery: retries run out is no permanent error, and carries no reply code.
                return new Attempt(delivered, all, temporary.keySet(), replyCodes, handOffs, Map.of(), Optional.empty());
            }
            return new Attempt(delivered, bounces, Set.of(), replyCodes, handOffs, temporary,
                Optional.of(delays.get(Math.min(retries, delays.size() - 1))));
        }
    }
}
