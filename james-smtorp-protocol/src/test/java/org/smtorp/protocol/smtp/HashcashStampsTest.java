/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.hashcash.HashcashMinter;
import org.smtorp.protocol.pow.hashcash.InMemorySpentStampStore;

class HashcashStampsTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final int BITS = 8;
    private static final String ALICE = "alice@example.onion";
    private static final String BOB = "bob@example.onion";

    private final HashcashStamps stamps = new HashcashStamps(InMemorySpentStampStore.create(NOW), NOW);

    private static String mint(String resource) {
        return mint(resource, BITS, NOW);
    }

    private static String mint(String resource, int bits, Clock clock) {
        try {
            return HashcashMinter.of(Solver.withThreads(1), clock, new SecureRandom())
                .mint(resource, bits, Duration.ofSeconds(30), ProgressListener.NONE).get().asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void payShouldAcceptOneValidStampPerRecipient() {
        assertThat(stamps.pay(List.of(mint(ALICE), mint(BOB)), List.of(ALICE, BOB), BITS)).isEmpty();
    }

    @Test
    void payShouldRefuseADoubleSpend() {
        List<String> headers = List.of(mint(ALICE));
        stamps.pay(headers, List.of(ALICE), BITS);

        assertThat(stamps.pay(headers, List.of(ALICE), BITS))
            .contains("X-Hashcash stamp for " + ALICE + " refused: stamp was already spent");
    }

    @Test
    void payShouldNameTheRecipientWithoutAStamp() {
        assertThat(stamps.pay(List.of(mint(ALICE)), List.of(ALICE, BOB), BITS))
            .contains("no X-Hashcash stamp for " + BOB + " (1 X-Hashcash header, none for it)");
    }

    @Test
    void payShouldRefuseAStampForAnotherRecipient() {
        assertThat(stamps.pay(List.of(mint("carol@example.onion")), List.of(BOB), BITS))
            .contains("no X-Hashcash stamp for " + BOB + " (1 X-Hashcash header, none for it)");
    }

    @Test
    void payShouldSayThereWasNoHeaderAtAll() {
        assertThat(stamps.pay(List.of(), List.of(BOB), BITS)).contains("no X-Hashcash stamp for " + BOB);
    }

    @Test
    void payShouldSpendNothingWhenARecipientIsUnpaid() {
        String alicesStamp = mint(ALICE);
        assertThat(stamps.pay(List.of(alicesStamp), List.of(ALICE, BOB), BITS)).isPresent();

        assertThat(stamps.pay(List.of(alicesStamp, mint(BOB)), List.of(ALICE, BOB), BITS)).isEmpty();
    }

    @Test
    void payShouldRefuseAnExpiredStampSayingSo() {
        String old = mint(ALICE, BITS, Clock.fixed(Instant.parse("2026-10-01T12:00:00Z"), ZoneOffset.UTC));

        assertThat(stamps.pay(List.of(old), List.of(ALICE), BITS)).hasValueSatisfying(reason -> assertThat(reason)
            .startsWith("X-Hashcash stamp for " + ALICE + " refused: stamp dated 2026-10-01")
            .contains("expired"));
    }

    @Test
    void payShouldRefuseAStampOfTooFewBits() {
        assertThat(stamps.pay(List.of(mint(ALICE, 4, NOW)), List.of(ALICE), BITS))
            .hasValueSatisfying(reason -> assertThat(reason).contains("claims 4 bits, 8 are required"));
    }

    @Test
    void payShouldMatchTheResourceIgnoringCase() {
        assertThat(stamps.pay(List.of(mint(ALICE)), List.of("Alice@Example.ONION"), BITS)).isEmpty();
    }

    @Test
    void payShouldAcceptAStampForTheAddressWithTheServersFingerprint() {
        String onion = "imnxayrvzixco4h7mmaog6hqlqmzcu3fypll6xduvi2ghh437d64dryd.onion";

        assertThat(stamps.pay(List.of(mint("alice@sucoianqjhfeuobmatptnluif6titpds2s365hrrk3tvvdo6mmuq." + onion)),
            List.of("alice@" + onion), BITS)).isEmpty();
    }

    @Test
    void mailboxShouldDropTheLabelsBeforeAnOnionOnly() {
        assertThat(HashcashStamps.mailbox("Alice@FP.Abc.onion")).isEqualTo("alice@abc.onion");
        assertThat(HashcashStamps.mailbox("alice@abc.onion")).isEqualTo("alice@abc.onion");
        assertThat(HashcashStamps.mailbox("alice@mail.example.com")).isEqualTo("alice@mail.example.com");
        assertThat(HashcashStamps.mailbox("postmaster")).isEqualTo("postmaster");
    }

    @Test
    void payShouldUnfoldAFoldedHeader() {
        assertThat(stamps.pay(List.of("\r\n\t" + mint(ALICE)), List.of(ALICE), BITS)).isEmpty();
    }

    @Test
    void payShouldTakeAValidStampAfterAnInvalidOne() {
        assertThat(stamps.pay(List.of(mint(ALICE, 4, NOW), mint(ALICE)), List.of(ALICE), BITS)).isEmpty();
    }

    @Test
    void payShouldTryAtMostThreeStampsPerRecipient() {
        String weak = mint(ALICE, 4, NOW);
        List<String> headers = List.of(weak, mint(ALICE, 4, NOW), mint(ALICE, 4, NOW), mint(ALICE));

        assertThat(stamps.pay(headers, List.of(ALICE), BITS)).hasValueSatisfying(reason -> assertThat(reason)
            .contains("claims 4 bits"));
    }

    @Test
    void payShouldIgnoreUnparsableHeadersButCountThem() {
        assertThat(stamps.pay(List.of("not a stamp", mint(ALICE)), List.of(ALICE), BITS)).isEmpty();
        assertThat(stamps.pay(List.of("not a stamp"), List.of(BOB), BITS))
            .contains("no X-Hashcash stamp for " + BOB + " (1 X-Hashcash header, none for it)");
    }

    @Test
    void payShouldCountTheOtherUnpaidRecipients() {
        assertThat(stamps.pay(List.of(), List.of(ALICE, BOB, "carol@example.onion"), BITS))
            .contains("no X-Hashcash stamp for " + ALICE + " (and 2 more recipients)");
    }

    @Test
    void payShouldAskOneStampOfARecipientListedTwice() {
        assertThat(stamps.pay(List.of(mint(ALICE)), List.of(ALICE, "ALICE@example.onion"), BITS)).isEmpty();
    }
}
