/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * The sending relay of SPEC section 4 (OnionRemoteDelivery's {@code sendingRelay} and
 * {@code sendingRelayAfter}): another james-smtorp, pinned by its key's fingerprint, that takes
 * our onion mail once direct delivery has kept failing for {@link #after()} since the mail's
 * first attempt, and keeps retrying from there. Only mail addressed to onions goes there: the
 * relay is an SMTorP server and relays nothing else.
 */
public final class SendingRelay {
    private final SmtorpDomain relay;
    private final Duration after;

    private SendingRelay(SmtorpDomain relay, Duration after) {
        this.relay = relay;
        this.after = after;
    }

    /**
     * @param relay {@code <fingerprint>.<onion>.onion}: without a fingerprint our mail would go to
     *              whoever first answers for that onion, so one is required
     */
    public static SendingRelay of(SmtorpDomain relay, Duration after) {
        requireNonNull(relay, "relay");
        requireNonNull(after, "after");
        if (relay.fingerprint().isEmpty()) {
            throw new IllegalArgumentException("a sending relay must be pinned, <fingerprint>.<onion>.onion, not "
                + relay.asString());
        }
        if (after.isNegative()) {
            throw new IllegalArgumentException("the wait before the relay must not be negative: " + after);
        }
        return new SendingRelay(relay, after);
    }

    public SmtorpDomain relay() {
        return relay;
    }

    /** How long direct delivery must have kept failing before mail goes to the relay. */
    public Duration after() {
        return after;
    }

    /** The route to the relay: its onion on port 25, pinned, with the TLS mode of every delivery. */
    OnionRoute route(InetSocketAddress socks, TlsMode tlsMode) {
        return OnionRoute.to(relay, socks, tlsMode);
    }

    /** Whether a mail first tried at {@code firstAttempt} has waited long enough for the relay. */
    boolean isDue(Instant firstAttempt, Instant now) {
        return !now.isBefore(firstAttempt.plus(after));
    }

    /**
     * Whether the relay may carry mail for these recipients (the addresses a RCPT TO stands for):
     * only when every one is an onion address. A legacy address never goes to the relay, not even
     * when its domain publishes an onion: the relay judges only onion recipients.
     */
    static boolean carries(Collection<MailAddress> originals) {
        return !originals.isEmpty() && originals.stream().allMatch(RouteSelector::isOnion);
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof SendingRelay)) {
            return false;
        }
        SendingRelay other = (SendingRelay) o;
        return relay.equals(other.relay) && after.equals(other.after);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(relay, after);
    }

    @Override
    public String toString() {
        return "sending relay " + relay.onion().asString() + " after " + after;
    }
}
