/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.smtorp.mailets.connection.Deadline;
import org.smtorp.mailets.connection.PeerText;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.SocksConnector;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.node.MovedParameters;
import org.smtorp.mailets.node.NodeSettings;
import org.smtorp.mailets.parameters.InitParameters;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.session.XonionProver;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Delivers mail for SMTorP addresses, and for addresses whose domain has a route over Tor
 * ({@link RouteSelector}: DNS discovery, announced addresses), through tor, as RemoteDelivery
 * does for the rest: {@code service} scrubs the message and puts it in our own James mail
 * queue; delivery threads take it from there and make one attempt each ({@link MailDeliverer}),
 * then bounce, hand on, or re-queue after the next delay what that attempt decided. It never
 * resolves or connects to an onion itself. Parameters: {@link DeliveryConfiguration}; the SOCKS
 * port, pin directory and identity are the node's ({@link NodeSettings}, smtorp.properties).
 */
public final class OnionRemoteDelivery extends GenericMailet {
    static final String MAILET = "OnionRemoteDelivery";
    private static final Logger LOGGER = LoggerFactory.getLogger(OnionRemoteDelivery.class);
    private static final int QUEUE_BUFFER = 1000;
    // Mails that may wait in memory for busy destinations (half of them for one), each at most
    // transactionTimeout (then a failed attempt); more go back to the queue (DestinationScheduler).
    private static final int PARK_LIMIT = 1000;
    /** Set once the delay processor got the mail: a sender hears of a delay once, not at every retry. */
    static final AttributeName DELAY_NOTICED = AttributeName.of("org.smtorp.delivery.delayNoticed");

    private final MailQueueFactory<?> queueFactory;
    private final FileSystem fileSystem;
    private final RouteSelector routes;
    private final DeliveryMetrics metrics;
    private final NodeSettings node;
    private final ServerIdentity identity;
    private final DeliveryQueues queues;
    private DeliveryConfiguration configuration;
    private MailQueue queue;
    private MetadataScrubber scrubber;
    private MailDeliverer deliverer;
    private SessionDeliverer sessions;
    private ExchangePool pool;
    private DeliveryBounce bounce;
    private Optional<DeliveryBounce> delayNotice;
    private DeliveryThreads threads;
    private DestinationScheduler destinations;
    private ScheduledExecutorService timers;
    private Disposable consumer;

    /**
     * @param routes the routing answer for every recipient, the one {@code HasTorRoute} also asks
     * @param metrics James's, where RemoteDelivery counts its own
     * @param node the SOCKS port and pin directory of smtorp.properties
     * @param identity ours, the onion service's: its onion is our HELO name, its TLS key proves our mail (XONION)
     * @param queues where WebAdmin finds our queue to show the mail waiting in it
     */
    @Inject
    public OnionRemoteDelivery(MailQueueFactory<?> queueFactory, FileSystem fileSystem, RouteSelector routes,
                               MetricFactory metrics, NodeSettings node, ServerIdentity identity,
                               DeliveryQueues queues) {
        this.queueFactory = queueFactory;
        this.fileSystem = fileSystem;
        this.routes = routes;
        this.metrics = DeliveryMetrics.of(metrics);
        this.node = node;
        this.identity = identity;
        this.queues = queues;
    }

    @Override
    public void init() throws MessagingException {
        Path workingDirectory;
        try {
            workingDirectory = fileSystem.getBasedir().toPath();
        } catch (FileNotFoundException e) {
            throw new MessagingException("James has no working directory", e);
        }
        configuration = DeliveryConfiguration.from(getMailetConfig());
        MovedParameters.check(MAILET, InitParameters.of(MAILET, getMailetConfig(), DeliveryConfiguration.KNOWN),
            workingDirectory, node, identity);
        SmtorpDomain heloName = identity.domain().withoutFingerprint();
        if (configuration.sendingRelay().filter(relay -> relay.relay().onion().equals(identity.onion())).isPresent()) {
            throw new MessagingException(MAILET + ": " + DeliveryConfiguration.SENDING_RELAY + " names our own onion, "
                + identity.onion().asString() + "; the relay must be another SMTorP server");
        }
        queue = queueFactory.createQueue(MailQueueName.of(configuration.outgoingQueue()));
        queues.register(queue);
        scrubber = new MetadataScrubber(heloName);
        pool = new ExchangePool(Clock.systemUTC(), configuration.idleTimeout());
        timers = Deadline.timers("smtorp-delivery-deadlines");
        PinStore pins = PinStore.in(node.pinDirectory());
        TorConnection connection = TorConnection.of(SocksConnector.of(node.socks(), configuration.timeout()), pins);
        sessions = new SessionDeliverer(connection, pool, heloName,
            // One proof at a time on all cores: as fast in all, a quarter of the memory with 4 sessions.
            XpowClient.of(AlgorithmRegistry.all(Clock.systemUTC()), Solver.onAllCores().oneRunAtATime()),
            configuration.powBudget(), configuration.transactionTimeout(), configuration.maxSessionsPerDestination(),
            Optional.of(XonionProver.of(identity)), timers);
        deliverer = new MailDeliverer(routes, sessions, node.socks(), configuration.tlsMode(),
            configuration.delays(), configuration.maxRetries(), configuration.legacyProcessor().isPresent(),
            configuration.sendingRelay(), ProvedSender.of(identity.onion(), identity.fingerprint()), pins::pinOf,
            Clock.systemUTC());
        configuration.sendingRelay().filter(relay -> !configuration.reachesTheRelay())
            .ifPresent(relay -> LOGGER.warn("{} is never reached: the retry schedule ({} retries, {} in all) bounces "
                + "the mail before, so no mail goes to the sending relay", DeliveryConfiguration.SENDING_RELAY_AFTER
                + " " + relay.after(), configuration.maxRetries(), configuration.retrySchedule()));
        bounce = new DeliveryBounce(getMailetContext(), configuration.bounceProcessor());
        delayNotice = configuration.delayProcessor()
            .map(processor -> new DeliveryBounce(getMailetContext(), Optional.of(processor), "delay notice"));
        threads = DeliveryThreads.upTo(configuration.deliveryThreads(), QUEUE_BUFFER + PARK_LIMIT, "smtorp-delivery");
        destinations = new DestinationScheduler(
            SessionDeliverer.threadsPerDestination(configuration.maxSessionsPerDestination()), PARK_LIMIT,
            configuration.transactionTimeout(), threads, timers, MailDeliverer::destination, this::handle, this::refuse, this::giveBack);
        consumer = Flux.from(queue.deQueue())
            .flatMap(destinations::dispatch, configuration.deliveryThreads() + PARK_LIMIT)
            .subscribe();
        LOGGER.info("started: {}, as {}, SOCKS {}, pins in {}", configuration, heloName.asString(),
            node.socksAsString(), node.pinDirectory());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        scrubber.scrub(mail.getMessage());
        // A mail handed to the legacy processor that came back keeps its count: a flapping route
        // must not restart the schedule.
        if (mail.getAttribute(DeliveryRetriesHelper.DELIVERY_RETRY_COUNT).isEmpty()) {
            DeliveryRetriesHelper.initRetries(mail);
        }
        queue.enQueue(mail);
        mail.setState(Mail.GHOST);
    }

    private void handle(MailQueue.MailQueueItem item) {
        finish(item, (mail, retries) -> deliverer.attempt(mail, retries));
    }

    // Not even tried: its destination stayed busy for as long as a transaction may take. Counted,
    // as a RemoteDelivery thread that waited for a busy host and failed would be: the retry
    // schedule, and in the end a bounce, govern a tarpit's mail.
    private void refuse(MailQueue.MailQueueItem item, String reason) {
        finish(item, (mail, retries) -> {
            Attempt.Builder busy = Attempt.builder();
            mail.getRecipients().forEach(recipient -> busy.temporary(recipient, "not attempted: " + reason));
            return busy.build(retries, configuration.maxRetries(), configuration.delays());
        });
    }

    // Not an attempt: its destination is busy and enough mail waits for it in memory. Back in the
    // queue until the first retry delay; a queue that honours delays (memory, JPA's) never cycles.
    private void giveBack(MailQueue.MailQueueItem item) {
        Mail mail = item.getMail();
        try {
            queue.enQueue(mail, configuration.delays().get(0));
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (MessagingException | RuntimeException e) {
            leaveToTheQueue(item, "could not put a mail for a busy destination back in the queue", e);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private void finish(MailQueue.MailQueueItem item, BiFunction<Mail, Integer, Attempt> attempting) {
        Mail mail = item.getMail();
        try (MDC.MDCCloseable m = MDC.putCloseable("mail", mail.getName())) {
            int retries = DeliveryRetriesHelper.retrieveRetries(mail);
            Attempt attempt;
            TimeMetric timer = metrics.attemptTimer();
            try {
                attempt = attempting.apply(mail, retries);
            } catch (RuntimeException e) {
                // MailDeliverer turns every failure into an outcome; should one escape, the mail
                // still waits for its next delay, with the recipients not yet delivered.
                LOGGER.error("a delivery attempt failed unexpectedly; counted as a failed attempt", e);
                Attempt.Builder failed = Attempt.builder();
                mail.getRecipients().forEach(recipient -> failed.temporary(recipient, "unexpected failure: " + e));
                attempt = failed.build(retries, configuration.maxRetries(), configuration.delays());
            } finally {
                timer.stopAndPublish();
            }
            metrics.record(attempt);
            settle(mail, attempt, retries);
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (MessagingException | RuntimeException e) {
            // Only the queue itself can fail here: it keeps the mail for its own redelivery.
            leaveToTheQueue(item, "could not settle a delivery attempt with the queue", e);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private static void leaveToTheQueue(MailQueue.MailQueueItem item, String what, Exception e) {
        LOGGER.error(what, e);
        try {
            item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
        } catch (MailQueue.MailQueueException again) {
            LOGGER.error("could not give the mail back to the queue", again);
        }
    }

    private void settle(Mail mail, Attempt attempt, int retries) throws MessagingException {
        for (Undeliverable undeliverable : attempt.undeliverable()) {
            LOGGER.info("bounced {}", undeliverable);
            bounce.bounce(mail, undeliverable);
        }
        if (!attempt.handOffs().isEmpty()) {
            handOff(mail, attempt.handOffs());
        }
        if (attempt.retryDelay().isPresent()) {
            Duration delay = attempt.retryDelay().get();
            mail.setRecipients(List.copyOf(attempt.retries().keySet()));
            DeliveryRetriesHelper.incrementRetries(mail);
            String reasons = String.join("; ", new LinkedHashSet<>(attempt.retries().values()));
            LOGGER.info("retry {} of {} in {} for {} recipient(s): {}", retries + 1, configuration.maxRetries(), delay,
                attempt.retries().size(), PeerText.printable(reasons, Attempt.MAX_BOUNCE_REASON));
            // For the operator's view of the queue (WebAdmin GET /smtorp/queue).
            mail.setAttribute(new Attribute(WaitingMail.LAST_ERROR,
                AttributeValue.of(PeerText.printable(reasons, Attempt.MAX_REASON))));
            noticeDelay(mail, reasons);
            queue.enQueue(mail, delay);
        }
    }

    // Once per mail, at its first retry: the delay processor's DSNDelayRequested picks the
    // recipients that asked NOTIFY=DELAY, and DSNBounce tells the sender (RFC 3464 "delayed").
    private void noticeDelay(Mail mail, String reasons) {
        if (delayNotice.isEmpty() || mail.getAttribute(DELAY_NOTICED).isPresent()) {
            return;
        }
        delayNotice.get().bounce(mail, new Undeliverable(List.copyOf(mail.getRecipients()),
            PeerText.printable(reasons, Attempt.MAX_BOUNCE_REASON), false, Optional.empty()));
        mail.setAttribute(new Attribute(DELAY_NOTICED, AttributeValue.of(true)));
    }

    // A recipient that lost its route since the matcher saw it goes back to ordinary delivery,
    // once: the copy is marked so that, should it come back, it is retried instead.
    private void handOff(Mail mail, List<MailAddress> recipients) throws MessagingException {
        String processor = configuration.legacyProcessor().orElseThrow();
        LOGGER.info("no route over Tor to {} recipient(s) any more: handed to processor {}", recipients.size(),
            processor);
        MailImpl copy = MailImpl.duplicate(mail);
        try {
            copy.setRecipients(recipients);
            copy.setAttribute(new Attribute(AttributeName.of(MailDeliverer.HANDED_OFF), AttributeValue.of(true)));
            getMailetContext().sendMail(copy, processor);
        } finally {
            copy.dispose();
        }
    }

    @Override
    public void destroy() {
        if (queue != null) {
            queues.unregister(queue);
        }
        // First no new mail from the queue, then none waiting here started, then the deliveries ended.
        if (consumer != null) {
            consumer.dispose();
        }
        if (destinations != null) {
            destinations.stop();
        }
        if (sessions != null) {
            sessions.close();
        }
        if (threads != null) {
            threads.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    @Override
    public String getMailetInfo() {
        return "OnionRemoteDelivery: SMTorP delivery through tor";
    }
}
