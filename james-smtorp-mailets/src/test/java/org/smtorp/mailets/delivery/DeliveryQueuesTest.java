/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

/** Browsing James's own in-memory mail queue, the one the memory server delivers from. */
class DeliveryQueuesTest {
    private static final String BOB = "bob@lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion";

    private final DeliveryQueues queues = new DeliveryQueues();
    private MemoryMailQueueFactory factory;
    private ManageableMailQueue queue;

    @BeforeEach
    void createQueue() {
        factory = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory(), Clock.systemUTC());
        queue = factory.createQueue(MailQueueName.of("smtorp-outgoing"));
    }

    @AfterEach
    void closeQueue() throws Exception {
        queue.close();
    }

    @Test
    void waitingShouldListTheMailOfARegisteredQueueWithItsNextDelivery() throws Exception {
        queues.register(queue);
        Instant before = Instant.now();
        queue.enQueue(mail("delayed"), Duration.ofMinutes(10));

        List<WaitingMail> waiting = queues.waiting();

        assertThat(waiting).extracting(WaitingMail::id).containsExactly("delayed");
        assertThat(waiting.get(0).nextAttempt().orElseThrow())
            .isBetween(before.plus(Duration.ofMinutes(10)), Instant.now().plus(Duration.ofMinutes(10)));
    }

    @Test
    void waitingShouldLeaveTheMailInTheQueueAsItWas() throws Exception {
        queues.register(queue);
        queue.enQueue(mail("kept"));

        queues.waiting();
        queues.waiting();

        assertThat(queue.getSize()).isEqualTo(1);
        Mail dequeued = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10)).getMail();
        assertThat(dequeued.getName()).isEqualTo("kept");
        assertThat(dequeued.getRecipients()).extracting(Object::toString).containsExactly(BOB);
        assertThat(dequeued.getMessage().getContent()).isEqualTo("body");
    }

    @Test
    void waitingShouldNotListAQueueNoMailetRegistered() throws Exception {
        queue.enQueue(mail("elsewhere"));

        assertThat(queues.waiting()).isEmpty();
    }

    @Test
    void waitingShouldNotListAQueueOnceItsMailetStopped() throws Exception {
        queues.register(queue);
        queue.enQueue(mail("after-stop"));
        queues.unregister(queue);

        assertThat(queues.waiting()).isEmpty();
    }

    private static Mail mail(String name) throws Exception {
        return FakeMail.builder().name(name).sender("alice@example.org").recipient(BOB)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("body")).build();
    }
}
