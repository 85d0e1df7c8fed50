/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Singleton;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * The mail queues OnionRemoteDelivery mailets deliver from, so that WebAdmin can show the mail
 * waiting in them: each mailet registers its queue when it starts and removes it when it stops.
 * Only reads: browsing a queue never takes, changes or removes its mail.
 */
@Singleton
public final class DeliveryQueues {
    // Shared by the mailets (one per OnionRemoteDelivery in the mail container) and the WebAdmin threads.
    private final Set<MailQueue> queues = ConcurrentHashMap.newKeySet();

    void register(MailQueue queue) {
        queues.add(queue);
    }

    void unregister(MailQueue queue) {
        queues.remove(queue);
    }

    /**
     * The mail waiting in every registered queue, for its next attempt or its first; a mail
     * under an attempt right now is not waiting and not listed.
     *
     * @throws MailQueue.MailQueueException when a queue cannot be browsed
     * @throws UnsupportedOperationException when a queue offers no browsing (not a {@link ManageableMailQueue})
     */
    public List<WaitingMail> waiting() throws MailQueue.MailQueueException {
        List<WaitingMail> waiting = new ArrayList<>();
        for (MailQueue queue : queues) {
            if (!(queue instanceof ManageableMailQueue)) {
                throw new UnsupportedOperationException("the mail queue " + queue.getName().asString()
                    + " cannot be browsed");
            }
            ManageableMailQueue.MailQueueIterator items = ((ManageableMailQueue) queue).browse();
            try {
                // The queue's own mail, not a copy: read, never disposed nor changed.
                items.forEachRemaining(item -> waiting.add(WaitingMail.of(item.getMail(), item.getNextDelivery())));
            } finally {
                items.close();
            }
        }
        return waiting;
    }
}
