/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;

import nl.jqno.equalsverifier.EqualsVerifier;

class XpowClientTest {
    private static final Challenge CHALLENGE = TestChallenges.of("client");
    private final AlgorithmRegistry registry = AlgorithmRegistry.all(Clock.systemUTC());
    private final XpowClient client = XpowClient.of(registry, Solver.withThreads(2));

    private static XpowOffer offer(Object... entries) {
        Map<String, Integer> difficulties = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            difficulties.put((String) entries[i], (Integer) entries[i + 1]);
        }
        return XpowOffer.of(CHALLENGE, difficulties);
    }

    @Test
    void chooseShouldPickTheCheapestByEstimatedCost() {
        XpowOffer offer = offer("argon2id", 8, "sha256", 27, "hashcash", 27);
        assertThat(client.choose(offer, 1).orElseThrow().algorithm()).isEqualTo("argon2id");
        assertThat(client.choose(offer("argon2id", 12, "sha256", 20), 1).orElseThrow().algorithm()).isEqualTo("sha256");
    }

    @Test
    void chooseShouldPreferEquihashUnlessItCostsOverFourTimesTheCheapest() {
        double equihash = client.choose(offer("equihash", 8), 1).orElseThrow().estimatedNanos();
        int bits = 1;
        while (client.choose(offer("sha256", bits), 1).orElseThrow().estimatedNanos() < equihash / XpowClient.ASYMMETRIC_PREMIUM) {
            bits++;
        }
        // sha256 at these bits is the cheapest, and equihash costs at most four times as much.
        assertThat(client.choose(offer("sha256", bits), 1).orElseThrow().estimatedNanos()).isLessThan(equihash);
        assertThat(client.choose(offer("sha256", bits, "equihash", 8), 1).orElseThrow().algorithm())
            .isEqualTo("equihash");
        assertThat(client.choose(offer("sha256", bits - 1, "equihash", 8), 1).orElseThrow().algorithm())
            .isEqualTo("sha256");
        assertThat(client.choose(offer("equihash", 7, "argon2id", 7), 1).orElseThrow().algorithm())
            .isEqualTo("equihash");
    }

    @Test
    void proveShouldSolveAnEquihashProofTheShippedDefaultsAccept() throws Exception {
        AlgorithmRegistry server = AlgorithmRegistry.defaults(Clock.systemUTC()).withSettings(java.util.List.of("equihash=1"));
        XpowOffer offer = server.offer(CHALLENGE);
        AlgorithmChoice choice = client.choose(offer, 2).orElseThrow();
        assertThat(choice.algorithm()).isEqualTo("equihash");
        XpowCommand command = client.prove(offer, choice, 4, 2, Duration.ofMinutes(1), ProgressListener.NONE)
            .get(1, TimeUnit.MINUTES);
        assertThat(command.nonce().bytes()).hasSize(8 + 68);
        assertThat(XpowVerifier.of(server).verify(CHALLENGE, 4, command.arguments()).isAccepted()).isTrue();
    }

    @Test
    void chooseXpowShouldPassOverACheaperHashcashStamp() {
        XpowOffer offer = offer("argon2id", 3, "hashcash", 8);

        assertThat(client.choose(offer, 1).orElseThrow().algorithm()).isEqualTo("hashcash");
        assertThat(client.chooseXpow(offer, 1).orElseThrow().algorithm()).isEqualTo("argon2id");
        assertThat(client.chooseXpow(offer("hashcash", 8), 1)).isEmpty();
    }

    @Test
    void chooseShouldCountOneStampPerRecipientForHashcash() {
        AlgorithmChoice choice = client.choose(offer("hashcash", 20), 10).orElseThrow();
        assertThat(choice.binding()).isEqualTo(PowAlgorithm.Binding.RESOURCE);
        assertThat(choice.proofs()).isEqualTo(10);
        assertThat(choice.bits()).isEqualTo(20);
        // 10 stamps of 22 bits cost more than one 24-bit sha256 proof (20 + ceil(log2 10)).
        assertThat(client.choose(offer("hashcash", 22, "sha256", 20), 10).orElseThrow().algorithm())
            .isEqualTo("sha256");
    }

    @Test
    void chooseShouldScaleXpowBitsWithRecipients() {
        assertThat(client.choose(offer("argon2id", 8), 3).orElseThrow().bits()).isEqualTo(10);
    }

    @Test
    void chooseShouldIgnoreUnsupportedAlgorithms() {
        assertThat(client.choose(offer("equix", 1, "sha256", 27), 1).orElseThrow().algorithm()).isEqualTo("sha256");
        assertThat(client.choose(offer("equix", 1), 1)).isEmpty();
    }

    @Test
    void proveShouldProduceACommandTheServerAccepts() throws Exception {
        XpowOffer offer = offer("sha256", 10, "argon2id", 30);
        AtomicLong progress = new AtomicLong();
        AlgorithmChoice choice = client.choose(offer, 2).orElseThrow();
        XpowCommand command = client.prove(offer, choice, 4, 2, Duration.ofMinutes(1),
            (done, expected) -> progress.set(done)).get(1, TimeUnit.MINUTES);
        AlgorithmRegistry server = registry.withSettings(java.util.List.of("sha256=10"));
        assertThat(XpowVerifier.of(server).verify(CHALLENGE, 4, command.arguments()).isAccepted()).isTrue();
    }

    @Test
    void proveShouldBeCancellable() {
        XpowOffer offer = offer("sha256", 60);
        CompletableFuture<XpowCommand> proof = client.prove(offer, client.choose(offer, 1).orElseThrow(), 1, 1,
            Duration.ofDays(1), ProgressListener.NONE);
        assertThat(proof.cancel(true)).isTrue();
        assertThat(proof).isCancelled();
    }

    @Test
    void proveShouldRefuseHashcash() {
        XpowOffer offer = offer("hashcash", 10);
        assertThatThrownBy(() -> client.prove(offer, client.choose(offer, 1).orElseThrow(), 1, 1, Duration.ZERO,
            ProgressListener.NONE)).hasMessageContaining("not proven with XPOW");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(AlgorithmChoice.class).withNonnullFields("algorithm", "binding").verify();
    }
}
