/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.SocksConnector;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.route.DiscoveredRoute;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.session.XonionProver;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Delivers mail for SMTorP addresses, and for addresses whose domain has a route over Tor
 * ({@link RouteSelector}: DNS discovery, announced addresses), through tor, as RemoteDelivery
 * does for the rest:
 * {@code service} scrubs the message and puts it in our own James mail queue; delivery
 * threads take it from there, send it through tor's SOCKS port with the address's pin,
 * retry temporary failures after the configured delays and bounce the rest. It never
 * resolves or connects to an onion itself. Parameters: {@link DeliveryConfiguration}.
 */
public final class OnionRemoteDelivery extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(OnionRemoteDelivery.class);
    private static final int QUEUE_BUFFER = 1000;

    private final MailQueueFactory<?> queueFactory;
    private final FileSystem fileSystem;
    private final RouteSelector routes;
    private DeliveryConfiguration configuration;
    private MailQueue queue;
    private MetadataScrubber scrubber;
    private OnionDeliverer deliverer;
    private ExchangePool pool;
    private DeliveryBounce bounce;
    private Scheduler scheduler;
    private Disposable consumer;

    /** @param routes the ways over Tor for recipients that are not onions (DNS discovery, announced addresses) */
    @Inject
    public OnionRemoteDelivery(MailQueueFactory<?> queueFactory, FileSystem fileSystem, RouteSelector routes) {
        this.queueFactory = queueFactory;
        this.fileSystem = fileSystem;
        this.routes = routes;
    }

    @Override
    public void init() throws MessagingException {
        Path workingDirectory;
        try {
            workingDirectory = fileSystem.getBasedir().toPath();
        } catch (FileNotFoundException e) {
            throw new MessagingException("James has no working directory", e);
        }
        configuration = DeliveryConfiguration.from(getMailetConfig(), workingDirectory);
        queue = queueFactory.createQueue(MailQueueName.of(configuration.outgoingQueue()));
        scrubber = new MetadataScrubber(configuration.heloName());
        pool = new ExchangePool(Clock.systemUTC(), configuration.idleTimeout());
        TorConnection connection = TorConnection.of(SocksConnector.of(configuration.socks(), configuration.timeout()),
            PinStore.in(configuration.pinDirectory()));
        deliverer = new OnionDeliverer(connection, pool, configuration.heloName(),
            XpowClient.of(AlgorithmRegistry.defaults(Clock.systemUTC()), Solver.onAllCores()),
            configuration.powBudget(), configuration.maxSessionsPerDestination(),
            configuration.identity().map(XonionProver::of));
        bounce = new DeliveryBounce(getMailetContext(), configuration.bounceProcessor());
        scheduler = Schedulers.newBoundedElastic(configuration.deliveryThreads(), QUEUE_BUFFER, "smtorp-delivery");
        consumer = Flux.from(queue.deQueue())
            .flatMap(item -> Mono.fromRunnable(() -> handle(item)).subscribeOn(scheduler),
                configuration.deliveryThreads())
            .subscribe();
        LOGGER.info("started: {}", configuration);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        scrubber.scrub(mail.getMessage());
        DeliveryRetriesHelper.initRetries(mail);
        queue.enQueue(mail);
        mail.setState(Mail.GHOST);
    }

    private void handle(MailQueue.MailQueueItem item) {
        Mail mail = item.getMail();
        try (MDC.MDCCloseable m = MDC.putCloseable("mail", mail.getName())) {
            attempt(mail);
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (Exception e) {
            LOGGER.error("delivery of a mail failed unexpectedly; it stays queued", e);
            try {
                item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
            } catch (MailQueue.MailQueueException again) {
                LOGGER.error("could not give the mail back to the queue", again);
            }
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private void attempt(Mail mail) throws MessagingException {
        // Keyed by the routes to try in order: the first, then fallbacks (other onionmx SRV targets).
        Map<List<OnionRoute>, Map<String, MailAddress>> byRoute = new LinkedHashMap<>();
        List<MailAddress> routeless = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<Destination> destination = destination(recipient);
            if (destination.isPresent()) {
                byRoute.computeIfAbsent(destination.get().routes, r -> new LinkedHashMap<>())
                    .put(destination.get().rcptTo, recipient);
            } else {
                routeless.add(recipient);
            }
        }
        if (!routeless.isEmpty()) {
            noRoute(mail, routeless);
        }
        String reversePath = mail.getMaybeSender().asString("");
        List<MailAddress> temporary = new ArrayList<>();
        List<String> temporaryReasons = new ArrayList<>();
        for (Map.Entry<List<OnionRoute>, Map<String, MailAddress>> destination : byRoute.entrySet()) {
            Map<String, MailAddress> recipients = destination.getValue();
            Iterator<OnionRoute> candidates = destination.getKey().iterator();
            OnionRoute route = candidates.next();
            try (MDC.MDCCloseable d = MDC.putCloseable("onion", route.onion().asString())) {
                DeliveryOutcome outcome = deliverer.deliver(route, reversePath, List.copyOf(recipients.keySet()),
                    mail.getMessage());
                // As with MX hosts: an onion that cannot take the mail now hands it to the next one.
                while (outcome.kind() == DeliveryOutcome.Kind.TEMPORARY && candidates.hasNext()) {
                    OnionRoute next = candidates.next();
                    LOGGER.info("temporary failure at {}: {}; trying {}", route.onion().asString(), outcome.reason(),
                        next.onion().asString());
                    route = next;
                    outcome = deliverer.deliver(route, reversePath, List.copyOf(recipients.keySet()), mail.getMessage());
                }
                switch (outcome.kind()) {
                    case SUCCESS:
                        LOGGER.info("delivered to {} recipient(s) at {}", recipients.size() - outcome.refused().size(),
                            route.onion().asString());
                        outcome.refused().forEach((recipient, reason) ->
                            bounce.bounce(mail, List.of(recipients.get(recipient)), reason));
                        break;
                    case PERMANENT:
                        LOGGER.info("permanent failure: {}", outcome.reason());
                        bounce.bounce(mail, recipients.values(), outcome.reason());
                        break;
                    default:
                        LOGGER.info("temporary failure: {}", outcome.reason());
                        temporary.addAll(recipients.values());
                        temporaryReasons.add(outcome.reason());
                }
            }
        }
        if (!temporary.isEmpty()) {
            retryOrBounce(mail, temporary, String.join("; ", temporaryReasons));
        }
    }

    /** The route and the RCPT TO address: the onion of an .onion address, else a discovered one. */
    private Optional<Destination> destination(MailAddress recipient) {
        try {
            SmtorpDomain domain = SmtorpDomain.parse(recipient.getDomain().asString());
            if (domain.fingerprint().isEmpty()) {
                // Its owner may have announced the address with a fingerprint: pin that, not the first key.
                Optional<Fingerprint> announced = routes.discovered(recipient).flatMap(DiscoveredRoute::pin);
                if (announced.isPresent()) {
                    return Optional.of(new Destination(OnionRoute.of(domain.onion(), OnionRoute.SMTP_PORT,
                        configuration.socks(), configuration.tlsMode(), announced), recipient.asString()));
                }
            }
            return Optional.of(new Destination(OnionRoute.to(domain, configuration.socks(), configuration.tlsMode()),
                recipient.asString()));
        } catch (InvalidAddressException e) {
            return routes.discovered(recipient).map(found -> {
                LOGGER.debug("{}", found);
                List<OnionRoute> inOrder = new ArrayList<>();
                inOrder.add(onionRoute(found));
                found.fallbacks().forEach(fallback -> inOrder.add(onionRoute(fallback)));
                return new Destination(inOrder, found.recipient().asString());
            });
        }
    }

    // A recipient that lost its route since the matcher saw it (records withdrawn, a look-up
    // that failed now) goes back to ordinary delivery when the operator names the processor.
    private void noRoute(Mail mail, List<MailAddress> recipients) throws MessagingException {
        Optional<String> processor = configuration.legacyProcessor();
        if (processor.isEmpty()) {
            bounce.bounce(mail, recipients, "no route over Tor to " + e(recipients) + ": not SMTorP addresses and "
                + "no onion found for their domains; the mailet container should route these to RemoteDelivery");
            return;
        }
        LOGGER.info("no route over Tor to {}: handed to processor {}", e(recipients), processor.get());
        MailImpl copy = MailImpl.duplicate(mail);
        try {
            copy.setRecipients(recipients);
            getMailetContext().sendMail(copy, processor.get());
        } finally {
            copy.dispose();
        }
    }

    private OnionRoute onionRoute(DiscoveredRoute found) {
        return OnionRoute.of(found.onion(), found.port(), configuration.socks(), configuration.tlsMode(), found.pin());
    }

    private static final class Destination {
        private final List<OnionRoute> routes;
        private final String rcptTo;

        Destination(OnionRoute route, String rcptTo) {
            this(List.of(route), rcptTo);
        }

        Destination(List<OnionRoute> routes, String rcptTo) {
            this.routes = List.copyOf(routes);
            this.rcptTo = rcptTo;
        }
    }

    private void retryOrBounce(Mail mail, List<MailAddress> recipients, String reason) throws MessagingException {
        int retries = DeliveryRetriesHelper.retrieveRetries(mail);
        if (retries >= configuration.maxRetries()) {
            bounce.bounce(mail, recipients, "gave up after " + (retries + 1) + " attempts; the last failed: " + reason);
            return;
        }
        Duration delay = configuration.delays().get(Math.min(retries, configuration.delays().size() - 1));
        DeliveryRetriesHelper.incrementRetries(mail);
        mail.setRecipients(recipients);
        LOGGER.info("retry {} of {} in {}", retries + 1, configuration.maxRetries(), delay);
        queue.enQueue(mail, delay);
    }

    private static String e(List<MailAddress> addresses) {
        return addresses.stream().map(MailAddress::asString).collect(Collectors.joining(", "));
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException("a recipient we sent to is not an address: " + text, e);
        }
    }

    @Override
    public void destroy() {
        if (consumer != null) {
            consumer.dispose();
        }
        if (scheduler != null) {
            scheduler.dispose();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String getMailetInfo() {
        return "OnionRemoteDelivery: SMTorP delivery through tor";
    }
}
