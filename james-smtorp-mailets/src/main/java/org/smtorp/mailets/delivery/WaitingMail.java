/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.smtorp.mailets.connection.PeerText;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * One mail waiting in an OnionRemoteDelivery queue, as an operator sees it: its James name,
 * where it goes (the onions of its SMTorP recipients; the domains whose onion is looked up at
 * each attempt), how many attempts failed, when the next one is due and why the last failed.
 * Read from the queued mail without changing it.
 */
public final class WaitingMail {
    /** Set by OnionRemoteDelivery on a mail it re-queues: why its last attempt failed, printable and bounded. */
    static final AttributeName LAST_ERROR = AttributeName.of("org.smtorp.delivery.lastError");

    private final String id;
    private final List<OnionAddress> onions;
    private final List<Domain> domains;
    private final int recipients;
    private final int attempts;
    private final Optional<Instant> nextAttempt;
    private final Optional<String> lastError;

    private WaitingMail(String id, List<OnionAddress> onions, List<Domain> domains, int recipients, int attempts,
                        Optional<Instant> nextAttempt, Optional<String> lastError) {
        this.id = id;
        this.onions = List.copyOf(onions);
        this.domains = List.copyOf(domains);
        this.recipients = recipients;
        this.attempts = attempts;
        this.nextAttempt = nextAttempt;
        this.lastError = lastError;
    }

    /**
     * @param mail as the queue holds it; only read
     * @param nextDelivery when the queue hands it out again, as {@code MailQueueItemView} says
     */
    public static WaitingMail of(Mail mail, Optional<ZonedDateTime> nextDelivery) {
        Set<OnionAddress> onions = new LinkedHashSet<>();
        Set<Domain> domains = new LinkedHashSet<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<OnionAddress> onion = onionOf(recipient);
            if (onion.isPresent()) {
                onions.add(onion.get());
            } else {
                domains.add(recipient.getDomain());
            }
        }
        return new WaitingMail(mail.getName(), new ArrayList<>(onions), new ArrayList<>(domains),
            mail.getRecipients().size(), DeliveryRetriesHelper.retrieveRetries(mail),
            nextDelivery.map(ZonedDateTime::toInstant), lastError(mail));
    }

    // An .onion recipient the matcher let through yet that does not parse is bounced at its
    // attempt; here it is shown by its domain, as any other.
    private static Optional<OnionAddress> onionOf(MailAddress recipient) {
        if (!RouteSelector.isOnion(recipient)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SmtorpDomain.parse(recipient.getDomain().asString()).onion());
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }

    // The attribute is ours, yet any mailet could have set it: bounded and printable again.
    private static Optional<String> lastError(Mail mail) {
        return mail.getAttribute(LAST_ERROR)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class))
            .map(text -> PeerText.printable(text, Attempt.MAX_REASON));
    }

    /** James's name of the mail, as its logs and the mail queue routes show it. */
    public String id() {
        return id;
    }

    /** The onions of its SMTorP recipients, each once. */
    public List<OnionAddress> onions() {
        return onions;
    }

    /** The domains of its other recipients, whose onion each attempt looks up again. */
    public List<Domain> domains() {
        return domains;
    }

    /** Its recipients not yet delivered. */
    public int recipients() {
        return recipients;
    }

    /** The attempts that failed so far. */
    public int attempts() {
        return attempts;
    }

    public Optional<Instant> nextAttempt() {
        return nextAttempt;
    }

    public Optional<String> lastError() {
        return lastError;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof WaitingMail)) {
            return false;
        }
        WaitingMail that = (WaitingMail) o;
        return recipients == that.recipients && attempts == that.attempts && id.equals(that.id)
            && onions.equals(that.onions) && domains.equals(that.domains) && nextAttempt.equals(that.nextAttempt)
            && lastError.equals(that.lastError);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(id, onions, domains, recipients, attempts, nextAttempt, lastError);
    }

    @Override
    public String toString() {
        return "waiting mail " + id + " to " + onions + domains + ", " + attempts + " attempt(s), next "
            + nextAttempt.map(Instant::toString).orElse("unknown");
    }
}
