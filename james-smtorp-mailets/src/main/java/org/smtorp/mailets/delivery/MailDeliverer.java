/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.smtorp.mailets.connection.DeliveryFailure;
import org.smtorp.mailets.connection.PeerText;
import org.smtorp.mailets.connection.SmtpReply;
import org.smtorp.mailets.route.Destination;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.RouteDecision;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.mailets.session.DsnArguments;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.sender.RelayedMail;

/**
 * One delivery attempt of one mail, as James's {@code MailDelivrer} is for RemoteDelivery: asks
 * the {@link RouteSelector} about every recipient, groups them by destination, hands each
 * group to the {@link OnionDeliverer} (the next onion of a destination when one cannot take the
 * mail now), and decides for every recipient: delivered, bounced, handed to ordinary delivery,
 * or retried after the next delay; a temporary failure after the last retry bounces.
 *
 * <p>Recipients delivered are taken off the mail at once, so that nothing that goes wrong later
 * in the attempt can deliver them twice. Every failure, expected or not, ends as a typed
 * outcome: nothing escapes to re-queue the mail without counting a retry.
 */
final class MailDeliverer {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailDeliverer.class);
    /** Set on a copy handed to the legacy processor: if it comes back, it is not handed on again. */
    static final String HANDED_OFF = "org.smtorp.delivery.handedOff";
    /** When the mail's first attempt began (epoch milliseconds): the sending relay's wait counts from it. */
    static final AttributeName FIRST_ATTEMPT = AttributeName.of("org.smtorp.delivery.firstAttempt");
    static final int MAX_ONIONS_PER_ATTEMPT = 5;

    private final RouteSelector routes;
    private final OnionDeliverer deliverer;
    private final InetSocketAddress socks;
    private final TlsMode tlsMode;
    private final List<Duration> delays;
    private final int maxRetries;
    private final boolean legacyProcessor;
    private final Optional<SendingRelay> relay;
    private final ProvedSender ours;
    private final Function<OnionAddress, Optional<Fingerprint>> pins;
    private final Clock clock;

    MailDeliverer(RouteSelector routes, OnionDeliverer deliverer, InetSocketAddress socks, TlsMode tlsMode,
                  List<Duration> delays, int maxRetries, boolean legacyProcessor) {
        this(routes, deliverer, socks, tlsMode, delays, maxRetries, legacyProcessor, Optional.empty(), null,
            onion -> Optional.empty(), Clock.systemUTC());
    }

    /**
     * @param relay where onion mail goes once its direct delivery has kept failing long enough
     * @param ours our onion and key, as the relay knows us: only mail from {@code <>} or our onion goes there
     * @param pins the trust-on-first-use pins, so that the relay checks the key we would
     */
    MailDeliverer(RouteSelector routes, OnionDeliverer deliverer, InetSocketAddress socks, TlsMode tlsMode,
                  List<Duration> delays, int maxRetries, boolean legacyProcessor, Optional<SendingRelay> relay,
                  ProvedSender ours, Function<OnionAddress, Optional<Fingerprint>> pins, Clock clock) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("at least one delay between attempts");
        }
        this.routes = routes;
        this.deliverer = deliverer;
        this.socks = socks;
        this.tlsMode = tlsMode;
        this.delays = List.copyOf(delays);
        this.maxRetries = maxRetries;
        this.legacyProcessor = legacyProcessor;
        if (relay.isPresent() && ours == null) {
            throw new IllegalArgumentException("a sending relay needs our onion and key");
        }
        this.relay = relay;
        this.ours = ours;
        this.pins = pins;
        this.clock = clock;
    }

    /**
     * @param retries the attempts made before this one
     * @return what becomes of each recipient; the mail then holds only those still to deliver
     */
    Attempt attempt(Mail mail, int retries) {
        Attempt.Builder attempt = Attempt.builder();
        Instant firstAttempt = firstAttempt(mail);
        Map<List<OnionRoute>, Map<MailAddress, List<MailAddress>>> byDestination = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            RouteDecision decision = routes.route(recipient);
            switch (decision.kind()) {
                case TOR:
                    Destination destination = decision.destination().orElseThrow();
                    byDestination.computeIfAbsent(destination.routes(socks, tlsMode), d -> new LinkedHashMap<>())
                        .computeIfAbsent(destination.recipient(), r -> new ArrayList<>()).add(recipient);
                    break;
                case INVALID:
                    attempt.bounce(recipient, "5.1.3 " + recipient.asString() + " is not an SMTorP address: "
                        + decision.reason());
                    break;
                case DEFERRED:
                    attempt.temporary(recipient, "4.4.3 the route over Tor to " + recipient.asString()
                        + " cannot be looked up now: " + decision.reason());
                    break;
                default:
                    notForTor(mail, recipient, attempt);
            }
        }
        for (Map.Entry<List<OnionRoute>, Map<MailAddress, List<MailAddress>>> destination : byDestination.entrySet()) {
            deliverTo(destination.getKey(), destination.getValue(), mail, attempt, firstAttempt);
        }
        return attempt.build(retries, maxRetries, delays);
    }

    /**
     * Whom an attempt of {@code mail} serves first: its first recipient's domain, an onion without
     * its fingerprint (one server however it is addressed). Told without DNS, from the address
     * alone (the attempt does the look-ups); a domain owner who rotates onions stays one destination.
     */
    static Optional<String> destination(Mail mail) {
        return mail.getRecipients().stream().findFirst().map(recipient -> {
            String domain = recipient.getDomain().asString().toLowerCase(Locale.ROOT);
            try {
                return SmtorpDomain.parse(domain).onion().asString();
            } catch (InvalidAddressException e) {
                return domain;
            }
        });
    }

    // Kept on the mail across re-queues; a mail without it is on its first attempt now.
    private Instant firstAttempt(Mail mail) {
        Optional<Long> recorded = mail.getAttribute(FIRST_ATTEMPT)
            .flatMap(attribute -> attribute.getValue().valueAs(Long.class));
        if (recorded.isPresent()) {
            return Instant.ofEpochMilli(recorded.get());
        }
        Instant now = clock.instant();
        mail.setAttribute(new Attribute(FIRST_ATTEMPT, AttributeValue.of(now.toEpochMilli())));
        return now;
    }

    // A recipient that lost its route since the matcher saw it (records withdrawn) goes to
    // ordinary delivery once; if the matcher sends it back, its route is flapping: retried.
    private void notForTor(Mail mail, MailAddress recipient, Attempt.Builder attempt) {
        if (mail.getAttribute(AttributeName.of(HANDED_OFF)).isPresent()) {
            attempt.temporary(recipient, "4.4.0 the route over Tor to " + recipient.asString() + " changed during "
                + "delivery");
        } else if (legacyProcessor) {
            attempt.handOff(recipient);
        } else {
            attempt.bounce(recipient, "5.4.4 no route over Tor to " + recipient.asString() + ": not an SMTorP "
                + "address and no onion found for its domain; the mailet container should route it to RemoteDelivery");
        }
    }

    private void deliverTo(List<OnionRoute> routes, Map<MailAddress, List<MailAddress>> recipients, Mail mail,
                           Attempt.Builder attempt, Instant firstAttempt) {
        List<MailAddress> rcptTo = List.copyOf(recipients.keySet());
        // As Postfix tries at most 5 MX addresses: a domain publishing many stalling onions
        // holds one delivery thread for at most 5 transactions per attempt.
        Iterator<OnionRoute> candidates = routes.stream().limit(MAX_ONIONS_PER_ATTEMPT).iterator();
        OnionRoute route = candidates.next();
        try (MDC.MDCCloseable d = MDC.putCloseable("onion", route.onion().asString())) {
            DsnArguments dsn = dsnArguments(mail, recipients);
            DeliveryOutcome outcome = deliver(route, mail, rcptTo, dsn);
            // As with MX hosts: an onion that cannot take the mail now hands it to the next one.
            while (outcome.isWorthAnotherOnion() && candidates.hasNext()) {
                OnionRoute next = candidates.next();
                LOGGER.info("temporary failure at {}: {}; trying {}", route.onion().asString(),
                    PeerText.printable(outcome.wholeFailure().orElseThrow().getMessage(), Attempt.MAX_REASON),
                    next.onion().asString());
                route = next;
                outcome = deliver(route, mail, rcptTo, dsn);
            }
            if (relay.isPresent() && relay.get().isDue(firstAttempt, clock.instant()) && mayRelay(mail)) {
                outcome = throughRelay(relay.get(), outcome, routes, recipients, mail);
            }
            if (!outcome.delivered().isEmpty()) {
                LOGGER.info("delivered to {} recipient(s) at {}", outcome.delivered().size(), route.onion().asString());
                List<MailAddress> delivered = new ArrayList<>();
                outcome.delivered().forEach(address -> delivered.addAll(recipients.get(address)));
                delivered.forEach(attempt::delivered);
                List<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
                remaining.removeAll(delivered);
                mail.setRecipients(remaining);
            }
            outcome.failed().forEach((address, failure) -> recipients.get(address).forEach(recipient -> {
                if (failure.isPermanent()) {
                    attempt.bounce(recipient, failure.getMessage(), failure.reply().map(SmtpReply::code));
                } else {
                    attempt.temporary(recipient, failure.getMessage());
                }
            }));
            if (!outcome.failed().isEmpty()) {
                DeliveryFailure first = outcome.failed().values().iterator().next();
                LOGGER.info("{} failure at {}: {}", first.isPermanent() ? "permanent" : "temporary",
                    route.onion().asString(), PeerText.printable(first.getMessage(), Attempt.MAX_REASON));
            }
        }
    }

    // No relay chains: mail that came to us as a relay (RelayedMail) is ours to retry until it
    // bounces; two relays naming each other would otherwise pass it back and forth for ever, each
    // hop a fresh mail with its Received lines scrubbed. And the relay takes only mail whose
    // bounces come back to us: from <> or our onion (RelayedMail's rule, which it checks too).
    private boolean mayRelay(Mail mail) {
        if (mail.getAttribute(AttributeName.of(RelayedMail.ATTRIBUTE)).isPresent()) {
            LOGGER.debug("mail relayed to us is not handed to our own sending relay");
            return false;
        }
        if (!RelayedMail.allowsReversePath(mail.getMaybeSender(), ours)) {
            LOGGER.debug("the sending relay takes mail from <> or our onion only; its sender is not");
            return false;
        }
        return true;
    }

    // Direct delivery was tried first, in this very attempt; what it could not deliver for now,
    // and only onion recipients, goes to the relay, never past a key or TLS failure. A relay's
    // refusal is not the destination's: the recipient is retried (directly first) on the normal
    // schedule, with both reasons. The relay gets each address with the key we hold for its onion.
    private DeliveryOutcome throughRelay(SendingRelay sendingRelay, DeliveryOutcome direct, List<OnionRoute> routes,
                                         Map<MailAddress, List<MailAddress>> recipients, Mail mail) {
        // Each address the relay gets, with the RCPT TO addresses it stands for: bob@<onion> and
        // bob@<its pin>.<onion> are one mailbox, given to the relay once.
        Map<MailAddress, List<MailAddress>> relayable = new LinkedHashMap<>();
        Map<MailAddress, List<MailAddress>> originals = new LinkedHashMap<>();
        direct.failed().forEach((rcptTo, failure) -> {
            if (!failure.isPermanent() && !failure.reason().concernsTheServersKey()
                && SendingRelay.carries(recipients.get(rcptTo))) {
                pinned(rcptTo, routes).ifPresent(forRelay -> {
                    relayable.computeIfAbsent(forRelay, a -> new ArrayList<>()).add(rcptTo);
                    originals.computeIfAbsent(forRelay, a -> new ArrayList<>()).addAll(recipients.get(rcptTo));
                });
            }
        });
        if (relayable.isEmpty()) {
            return direct;
        }
        OnionRoute route = sendingRelay.route(socks, tlsMode);
        DeliveryOutcome relayed = deliver(route, mail, List.copyOf(relayable.keySet()), dsnArguments(mail, originals));
        if (!relayed.delivered().isEmpty()) {
            LOGGER.info("direct delivery kept failing for {}: {} recipient(s) handed to the sending relay {}",
                sendingRelay.after(), relayed.delivered().size(), route.onion().asString());
        }
        List<MailAddress> delivered = new ArrayList<>(direct.delivered());
        relayed.delivered().forEach(forRelay -> delivered.addAll(relayable.getOrDefault(forRelay, List.of())));
        Map<MailAddress, DeliveryFailure> failed = new LinkedHashMap<>(direct.failed());
        delivered.forEach(failed::remove);
        relayed.failed().forEach((forRelay, failure) -> relayable.getOrDefault(forRelay, List.of()).forEach(rcptTo ->
            failed.put(rcptTo, DeliveryFailure.temporary(failure.reason(), direct.failed().get(rcptTo).getMessage()
                + "; through the sending relay " + route.onion().asString() + ": " + failure.getMessage(), failure))));
        return DeliveryOutcome.of(delivered, failed);
    }

    // user@<fingerprint>.<onion>.onion (SPEC 1), the same mailbox, with the key our route pins, else
    // the one first seen there: the relay then checks that key and refuses any other for good.
    // Unpinned only when we never met the onion. A pin store we cannot read keeps it from the relay.
    private Optional<MailAddress> pinned(MailAddress rcptTo, List<OnionRoute> routes) {
        SmtorpDomain domain;
        try {
            domain = SmtorpDomain.parse(rcptTo.getDomain().asString());
        } catch (InvalidAddressException e) {
            return Optional.empty(); // The route selector bounces such an address; never relayed.
        }
        if (domain.fingerprint().isPresent()) {
            return Optional.of(rcptTo);
        }
        Optional<Fingerprint> pin;
        try {
            pin = routes.stream().filter(route -> route.onion().equals(domain.onion())).findFirst()
                .flatMap(OnionRoute::pin).or(() -> pins.apply(domain.onion()));
        } catch (RuntimeException e) {
            LOGGER.warn("the pin of {} cannot be read; not handed to the sending relay: {}", domain.onion().asString(),
                e.toString());
            return Optional.empty();
        }
        if (pin.isEmpty()) {
            return Optional.of(rcptTo);
        }
        try {
            MailAddress withPin = new MailAddress(rcptTo.getLocalPart() + "@"
                + SmtorpDomain.of(pin.get(), domain.onion()).asString());
            // The same mailbox or none: a local part that would read differently is not relayed.
            return Optional.of(withPin).filter(address -> address.getLocalPart().equals(rcptTo.getLocalPart()));
        } catch (AddressException e) {
            // James parsed the local part already; should it not parse again, the relay is not asked.
            LOGGER.warn("could not name {} with its pin; not handed to the sending relay", rcptTo.asString(), e);
            return Optional.empty();
        }
    }

    // James keeps NOTIFY and ORCPT by the recipient the mail arrived for; each RCPT TO address
    // carries those of the recipient it stands for.
    private static DsnArguments dsnArguments(Mail mail, Map<MailAddress, List<MailAddress>> recipients) {
        Optional<DsnParameters> dsn;
        try {
            dsn = mail.dsnParameters();
        } catch (RuntimeException e) {
            // Attributes someone else set, unreadable: the mail goes on as one without DSN.
            LOGGER.warn("DSN parameters of the mail are unreadable; delivered without them: {}", e.toString());
            return DsnArguments.NONE;
        }
        if (dsn.isEmpty()) {
            return DsnArguments.NONE;
        }
        Map<MailAddress, DsnParameters.RecipientDsnParameters> byRcptTo = new LinkedHashMap<>();
        recipients.forEach((rcptTo, originals) -> originals.stream()
            .map(original -> dsn.get().getRcptParameters().get(original)).filter(Objects::nonNull).findFirst()
            .ifPresent(parameters -> byRcptTo.put(rcptTo, parameters)));
        return DsnArguments.of(dsn, byRcptTo);
    }

    // Whatever the deliverer throws counts as a failed attempt: the normal retry schedule, never
    // an immediate re-queue, never a lost recipient.
    private DeliveryOutcome deliver(OnionRoute route, Mail mail, List<MailAddress> rcptTo, DsnArguments dsn) {
        try {
            MimeMessage message = mail.getMessage();
            return deliverer.deliver(route, mail.getMaybeSender(), rcptTo, message, dsn);
        } catch (MessagingException e) {
            return DeliveryOutcome.failed(rcptTo, DeliveryFailure.temporary(DeliveryFailure.Reason.MESSAGE,
                "the message cannot be read: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            LOGGER.error("delivery to {} failed unexpectedly; counted as a failed attempt", route.onion().asString(), e);
            return DeliveryOutcome.failed(rcptTo, DeliveryFailure.temporary(DeliveryFailure.Reason.PROTOCOL,
                "delivery to " + route.onion().asString() + " failed unexpectedly: " + e, e));
        }
    }
}
