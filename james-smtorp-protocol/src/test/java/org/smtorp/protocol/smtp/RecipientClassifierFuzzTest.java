/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.BeforeAll;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.fuzz.ParserFuzzTarget;

/**
 * The forward-path of {@code RCPT TO:}, as a client writes it to the onion listener. The
 * classifier answers every path with a verdict (it never throws), keeps only printable, bounded
 * evidence, and accepts nothing but mailboxes here: no open relay, whatever the spelling.
 */
class RecipientClassifierFuzzTest {
    private static final OnionAddress OURS =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final Fingerprint FINGERPRINT = Fingerprint.parse(
        "mfrggzdfmztwq2lknnwg23tpobyxe43uov3ho6dzpjaseqkcirfa");
    private static final Set<String> LOCAL_DOMAINS = Set.of("local.test", OURS.asString());
    private static final RecipientClassifier CLASSIFIER = new RecipientClassifier(OURS, FINGERPRINT,
        domain -> LOCAL_DOMAINS.contains(domain.asString()));
    // A refused domain is cut after 255 characters and marked with "...".
    private static final int MAX_EVIDENCE = 258;

    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new RecipientClassifierFuzzTest().rcptForwardPath(("<a@mfrggzdfmztwq2lk." + OURS.asString() + ">")
            .getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void rcptForwardPath(byte[] input) {
        String text = new String(input, UTF_8);
        RecipientVerdict verdict = CLASSIFIER.classify(text);
        assertThat(verdict.evidence()).hasSizeLessThanOrEqualTo(MAX_EVIDENCE);
        assertThat(verdict.evidence().chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
        if (verdict.isAccepted()) {
            assertHere(ForwardPath.parse(text).orElseThrow(), verdict);
        }
    }

    private static void assertHere(ForwardPath path, RecipientVerdict verdict) {
        assertThat(path.hasSourceRoute()).isFalse();
        assertThat(path.localPart()).doesNotContain("%", "!");
        Optional<String> domain = path.domain().map(d -> d.toLowerCase(Locale.ROOT));
        if (domain.isEmpty()) {
            assertThat(path.localPart()).isEqualToIgnoringCase("postmaster");
            return;
        }
        String ours = OURS.asString();
        if (domain.get().endsWith("." + ours)) {
            String label = domain.get().substring(0, domain.get().length() - ours.length() - 1);
            assertThat(isPrefixOfOurFingerprint(label)).as("fingerprint label %s", label).isTrue();
            assertThat(verdict.mailboxDomain()).contains(Domain.of(ours));
        } else {
            assertThat(LOCAL_DOMAINS).contains(domain.get());
            assertThat(verdict.mailboxDomain()).isEmpty();
        }
    }

    private static boolean isPrefixOfOurFingerprint(String label) {
        try {
            return Fingerprint.parse(label).isPrefixOf(FINGERPRINT);
        } catch (InvalidAddressException e) {
            return false;
        }
    }
}
