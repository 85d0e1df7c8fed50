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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.SocksConnector;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.session.XonionProver;
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
 * Delivers mail for SMTorP addresses through tor, as RemoteDelivery does for the rest:
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
    private DeliveryConfiguration configuration;
    private MailQueue queue;
    private MetadataScrubber scrubber;
    private OnionDeliverer deliverer;
    private ExchangePool pool;
    private DeliveryBounce bounce;
    private Scheduler scheduler;
    private Disposable consumer;

    @Inject
    public OnionRemoteDelivery(MailQueueFactory<?> queueFactory, FileSystem fileSystem) {
        this.queueFactory = queueFactory;
        this.fileSystem = fileSystem;
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
            configuration.powBudget(), configuration.identity().map(XonionProver::of));
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
        Map<SmtorpDomain, List<MailAddress>> byDomain = new LinkedHashMap<>();
        List<MailAddress> notOnion = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            try {
                byDomain.computeIfAbsent(SmtorpDomain.parse(recipient.getDomain().asString()), d -> new ArrayList<>())
                    .add(recipient);
            } catch (InvalidAddressException e) {
                notOnion.add(recipient);
            }
        }
        if (!notOnion.isEmpty()) {
            bounce.bounce(mail, notOnion, "not SMTorP addresses (" + e(notOnion) + "): OnionRemoteDelivery sends "
                + "only to .onion; the mailet container should route these to RemoteDelivery");
        }
        String reversePath = mail.getMaybeSender().asString("");
        List<MailAddress> temporary = new ArrayList<>();
        List<String> temporaryReasons = new ArrayList<>();
        for (Map.Entry<SmtorpDomain, List<MailAddress>> destination : byDomain.entrySet()) {
            OnionRoute route = OnionRoute.to(destination.getKey(), configuration.socks(), configuration.tlsMode());
            List<MailAddress> recipients = destination.getValue();
            try (MDC.MDCCloseable d = MDC.putCloseable("onion", route.onion().asString())) {
                DeliveryOutcome outcome = deliverer.deliver(route, reversePath,
                    recipients.stream().map(MailAddress::asString).collect(Collectors.toList()), mail.getMessage());
                switch (outcome.kind()) {
                    case SUCCESS:
                        LOGGER.info("delivered to {} recipient(s) at {}", recipients.size() - outcome.refused().size(),
                            route.onion().asString());
                        outcome.refused().forEach((recipient, reason) ->
                            bounce.bounce(mail, List.of(address(recipient)), reason));
                        break;
                    case PERMANENT:
                        LOGGER.info("permanent failure: {}", outcome.reason());
                        bounce.bounce(mail, recipients, outcome.reason());
                        break;
                    default:
                        LOGGER.info("temporary failure: {}", outcome.reason());
                        temporary.addAll(recipients);
                        temporaryReasons.add(outcome.reason());
                }
            }
        }
        if (!temporary.isEmpty()) {
            retryOrBounce(mail, temporary, String.join("; ", temporaryReasons));
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
