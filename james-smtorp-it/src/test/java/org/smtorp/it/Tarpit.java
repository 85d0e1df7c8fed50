/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.smtorp.it.HostileReceiver.Hostility;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * DeliveryBenchmarkIT's slow destination: a {@link HostileReceiver} with its onion's own TLS key
 * (a sender's pin holds) that, once armed, greets at once and then holds each session, answering
 * EHLO only after a stall, and with a 421; and that, drained, lets go of the sender again.
 */
final class Tarpit implements AutoCloseable {
    private final ServerIdentity identity;
    private final HostileReceiver receiver;
    private final Duration stall;

    private Tarpit(ServerIdentity identity, HostileReceiver receiver, Duration stall) {
        this.identity = identity;
        this.receiver = receiver;
        this.stall = stall;
    }

    /** Listening on a free loopback port, answering well until {@link #arm()}. */
    static Tarpit start(ServerIdentity identity, Duration stall) throws IOException {
        return new Tarpit(identity, HostileReceiver.start(identity), stall);
    }

    int port() {
        return receiver.port();
    }

    /** From now on every session is held: EHLO answered after the stall, with a 421 (RFC 5321: closing). */
    void arm() {
        receiver.reset();
        receiver.replying("EHLO", "421 4.7.0 " + identity.onion().asString() + " busy, try again later")
            .hostile("EHLO", Hostility.LATE)
            .trickling(stall);
    }

    /** The sessions the sender opened since {@link #arm()}. */
    int sessions() {
        return receiver.connections().size();
    }

    /**
     * Ends the tarpit's part, so that nothing of it holds a sender's delivery thread afterwards: it
     * cuts every held session and refuses each new one at once (so that the sender pools none),
     * and empties the sender's {@code queue} through WebAdmin (the tarpit's mail, and any other
     * still waiting there) until the queue and the tarpit have been empty for two looks a second apart.
     */
    void drain(WebAdmin sender, String queue, Duration patience) throws IOException, InterruptedException {
        receiver.reset();
        receiver.greeting("421 4.3.2 " + identity.onion().asString() + " closing")
            .hostile("GREETING", Hostility.CLOSE_AFTER_REPLY);
        String path = "/mailQueues/" + WebAdmin.encode(queue);
        Instant deadline = Instant.now().plus(patience);
        int quietLooks = 0;
        while (quietLooks < 2) {
            assertThat(Instant.now()).as("the sender's queue " + queue + " emptied").isBefore(deadline);
            sender.runTask("DELETE", path + "/mails");
            Thread.sleep(1000);
            boolean quiet = sender.getJson(path).path("size").asLong() == 0
                && receiver.connections().stream().noneMatch(connection -> connection.lasted().isEmpty());
            quietLooks = quiet ? quietLooks + 1 : 0;
        }
    }

    @Override
    public void close() throws IOException {
        receiver.close();
    }
}
