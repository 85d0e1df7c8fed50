/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.james.core.Domain;
import org.apache.james.jdkim.impl.DNSPublicKeyRecordRetriever;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;

class ListedDomainKeysTest {
    private static final String MESSAGE = "From: a@partner.example\r\nTo: b@example.onion\r\nSubject: hi\r\n\r\nhello\r\n";
    private static final String TAGS = "h=from:to:subject";

    private final DkimKeys keys = new DkimKeys();
    private final DkimVerification verification = DkimVerification.exempting(
        ListedDomainKeys.of(keys.retriever(), Set.of(Domain.of("partner.example"))));

    @Test
    void aListedDomainsSignatureShouldVerify() throws Exception {
        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, "partner.example", TAGS)));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).containsExactly("mail._domainkey.partner.example.");
    }

    @Test
    void aSignatureOfAnUnlistedDomainShouldVerifyNothingAndAskNoDns() throws Exception {
        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, "stranger.example", TAGS)));

        assertThat(result.kind()).isNotEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).isEmpty();
    }

    @Test
    void aSignatureOfAnOnionShouldNeverBecomeADnsLookup() throws Exception {
        String onion = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion";

        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, onion, TAGS)));

        assertThat(result.kind()).isNotEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).isEmpty();
    }

    @Test
    void onlyTheListedSignatureOfSeveralShouldCostALookup() throws Exception {
        String twice = keys.sign(MESSAGE, "stranger.example", TAGS) + "\r\n"
            + keys.signed(MESSAGE, "partner.example", TAGS);

        DkimResult result = verification.verify(DkimKeys.parse(twice));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).containsExactly("mail._domainkey.partner.example.");
    }

    @Test
    void aMessageShouldCostAtMostTwoLookupsWhateverItsListedSignatures() throws Exception {
        // A stranger's random selectors: each an uncached DNS query.
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < DkimVerification.MAX_SIGNATURES - 1; i++) {
            message.append(keys.sign(MESSAGE, "partner.example", "s" + i, "rsa-sha256", TAGS)).append("\r\n");
        }
        message.append(MESSAGE);

        DkimResult result = verification.verify(DkimKeys.parse(message.toString()));

        assertThat(result.kind()).isNotEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).hasSize(ListedDomainKeys.MAX_LOOKUPS);
    }

    @Test
    void aDomainListedWithItsSelectorShouldCostNoLookupForAnyOther() throws Exception {
        DkimVerification pinned = DkimVerification.exempting(ListedDomainKeys.of(keys.retriever(),
            Set.of(Domain.of("partner.example")), Map.of(Domain.of("partner.example"), Set.of("mail"))));
        String message = keys.sign(MESSAGE, "partner.example", "random1", "rsa-sha256", TAGS) + "\r\n"
            + keys.sign(MESSAGE, "partner.example", "random2", "rsa-sha256", TAGS) + "\r\n"
            + keys.signed(MESSAGE, "partner.example", TAGS);

        DkimResult result = pinned.verify(DkimKeys.parse(message));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).containsExactly("mail._domainkey.partner.example.");
    }

    @Test
    void listingAnOnionShouldBeRefused() {
        assertThatThrownBy(() -> ListedDomainKeys.of(keys.retriever(), Set.of(Domain.of("partner.onion"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("partner.onion is an onion");
    }

    @Test
    void aListedDomainWrittenWithItsFinalDotShouldVerifyAsTheSameDomain() throws Exception {
        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, "partner.example.", TAGS)));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).containsExactly("mail._domainkey.partner.example.");
    }

    @Test
    void jamesDnsRetrieverShouldAskOnlyTheAbsoluteNameWhateverTheSearchDomains() throws Exception {
        // A unique name: dnsjava's default cache is shared by the whole JVM.
        String partner = "p" + System.nanoTime() + ".example";
        RecordingResolver resolver = new RecordingResolver();
        DkimVerification james = DkimVerification.exempting(ListedDomainKeys.of(
            new DNSPublicKeyRecordRetriever(resolver), Set.of(Domain.of(partner))));
        List<Name> searchPath = Lookup.getDefaultSearchPath();
        Lookup.setDefaultSearchPath("corp.internal");
        try {
            james.verify(DkimKeys.parse(keys.signed(MESSAGE, partner, TAGS)));
        } finally {
            Lookup.setDefaultSearchPath(searchPath);
        }

        assertThat(resolver.asked).containsExactly("mail._domainkey." + partner + ".");
    }

    @Test
    void announcementsShouldAskTheAbsoluteNameToo() throws Exception {
        DkimVerification.with(keys.retriever()).verify(DkimKeys.parse(keys.signed(MESSAGE, "stranger.example", TAGS)));

        assertThat(keys.lookups()).containsExactly("mail._domainkey.stranger.example.");
    }

    @Test
    void aListedKeyOutOfReachShouldBeTemperrorWhateverTheOtherSignaturesGave() throws Exception {
        // jDKIM itself reports "found 2 invalid signatures", a permanent failure.
        String message = keys.sign(MESSAGE, "stranger.example", TAGS) + "\r\n"
            + keys.signed(MESSAGE, "partner.example", TAGS);
        keys.dnsDown();

        assertThat(verification.verify(DkimKeys.parse(message)).kind()).isEqualTo(DkimResult.Kind.TEMPERROR);
    }

    @Test
    void twoSignaturesOfAListedDomainOutOfReachShouldBeTemperror() throws Exception {
        // As a partner that signs with RSA and Ed25519, two selectors (jDKIM 0.3 knows only RSA).
        String message = keys.sign(MESSAGE, "partner.example", "ed", "rsa-sha256", TAGS) + "\r\n"
            + keys.signed(MESSAGE, "partner.example", TAGS);
        keys.dnsDown();

        assertThat(verification.verify(DkimKeys.parse(message)).kind()).isEqualTo(DkimResult.Kind.TEMPERROR);
    }

    /** Answers NXDOMAIN to everything, as a public resolver does for a name that is not there. */
    private static final class RecordingResolver implements Resolver {
        private final List<String> asked = new ArrayList<>();

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            asked.add(query.getQuestion().getName().toString());
            Message answer = new Message(query.getHeader().getID());
            answer.getHeader().setRcode(Rcode.NXDOMAIN);
            answer.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            answer.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
            return CompletableFuture.completedFuture(answer);
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            return sendAsync(query, Runnable::run);
        }

        @Override
        public Message send(Message query) {
            return sendAsync(query).toCompletableFuture().join();
        }

        @Override
        public void setPort(int port) {
        }

        @Override
        public void setTCP(boolean flag) {
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, List<org.xbill.DNS.EDNSOption> options) {
        }

        @Override
        public void setTSIGKey(org.xbill.DNS.TSIG key) {
        }

        @Override
        public void setTimeout(java.time.Duration timeout) {
        }
    }
}
