/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.smtorp.mailets.connection.DeliveryFailure;

/**
 * What one attempt to deliver a message to the recipients at one onion came to, recipient by
 * recipient (by the address given in RCPT TO): delivered, or failed with its cause, which says
 * whether trying again can help (as James's {@code ExecutionResult} keeps its exception). When
 * the destination failed as a whole (no session, a refused MAIL) that failure is kept too: it
 * is what makes the next onion of the destination worth trying.
 */
public final class DeliveryOutcome {
    private final List<MailAddress> delivered;
    private final Map<MailAddress, DeliveryFailure> failed;
    private final Optional<DeliveryFailure> wholeFailure;

    private DeliveryOutcome(List<MailAddress> delivered, Map<MailAddress, DeliveryFailure> failed,
                            Optional<DeliveryFailure> wholeFailure) {
        this.delivered = delivered;
        this.failed = failed;
        this.wholeFailure = wholeFailure;
    }

    /** Every recipient failed for the same reason, before any could be delivered. */
    static DeliveryOutcome failed(Collection<MailAddress> recipients, DeliveryFailure failure) {
        requireNonNull(failure, "failure");
        Map<MailAddress, DeliveryFailure> failed = new LinkedHashMap<>();
        recipients.forEach(recipient -> failed.put(recipient, failure));
        return new DeliveryOutcome(List.of(), failed, Optional.of(failure));
    }

    /** Recipient by recipient; {@code failed} holds each one that was refused or not reached. */
    static DeliveryOutcome of(Collection<MailAddress> delivered, Map<MailAddress, DeliveryFailure> failed) {
        return new DeliveryOutcome(List.copyOf(delivered), new LinkedHashMap<>(failed), Optional.empty());
    }

    public List<MailAddress> delivered() {
        return delivered;
    }

    public Map<MailAddress, DeliveryFailure> failed() {
        return failed;
    }

    /** The failure of the whole destination, when nothing could be sent there. */
    public Optional<DeliveryFailure> wholeFailure() {
        return wholeFailure;
    }

    /** Whether another onion of the destination should be tried now, as the next MX host would be. */
    boolean isWorthAnotherOnion() {
        return wholeFailure.filter(failure -> !failure.isPermanent()).isPresent();
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof DeliveryOutcome)) {
            return false;
        }
        DeliveryOutcome other = (DeliveryOutcome) o;
        return delivered.equals(other.delivered) && failed.equals(other.failed)
            && wholeFailure.equals(other.wholeFailure);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(delivered, failed, wholeFailure);
    }

    @Override
    public String toString() {
        return "delivered " + delivered.size() + ", failed " + failed.entrySet().stream()
            .map(entry -> entry.getKey().asString() + " (" + entry.getValue().getMessage() + ")")
            .collect(Collectors.joining(", ", "[", "]"));
    }
}
