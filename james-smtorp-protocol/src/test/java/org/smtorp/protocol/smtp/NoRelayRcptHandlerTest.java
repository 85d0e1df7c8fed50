/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.SenderProof;

class NoRelayRcptHandlerTest {
    @TempDir
    Path workingDirectory;

    private ServerIdentity injected;
    private ServerIdentity other;
    private NoRelayRcptHandler handler;

    @BeforeEach
    void injectTheIdentityOfSmtorpProperties() throws IOException {
        injected = ServerIdentity.create(workingDirectory.resolve("var/smtorp/identity"));
        other = ServerIdentity.create(workingDirectory.resolve("other"));
        handler = new NoRelayRcptHandler(new NoLocalDomains(), injected, TestFileSystem.at(workingDirectory));
    }

    private static BaseHierarchicalConfiguration naming(String identityDirectory) {
        return TestHandlerElements.of(NoRelayRcptHandler.class, MovedIdentityDirectory.ELEMENT, identityDirectory);
    }

    private HookReturnCode rcpt(ServerIdentity recipient) throws AddressException {
        return handler.doRcpt(TestSessions.underTls(), MaybeSender.nullSender(),
            new MailAddress("alice@" + recipient.onion().asString())).getResult();
    }

    @Test
    void handlerShouldTakeMailForTheInjectedIdentityWithoutAnElement() throws Exception {
        handler.init(TestHandlerElements.of(NoRelayRcptHandler.class));

        assertThat(rcpt(injected)).isEqualTo(HookReturnCode.declined());
        assertThat(rcpt(other)).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void initShouldIgnoreAnElementNamingTheInjectedIdentity() throws Exception {
        handler.init(naming("var/smtorp/identity"));

        assertThat(rcpt(injected)).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void initShouldRefuseAnElementNamingAnotherIdentity() {
        assertThatThrownBy(() -> handler.init(naming(other.directory().toString())))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("NoRelayRcptHandler: <identityDirectory>" + other.directory())
            .hasMessageContaining("contradicts smtorp.properties identity.directory=" + injected.directory());
    }

    @Test
    void initShouldStillRefuseUnknownElements() {
        BaseHierarchicalConfiguration elements = TestHandlerElements.of(NoRelayRcptHandler.class);
        elements.addProperty("identityDirectry", "var/smtorp/identity");

        assertThatThrownBy(() -> handler.init(elements))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<identityDirectry> is not a setting of this handler");
    }

    // The sending relay (SPEC 4): <relayFor> names the servers whose onion mail we relay.

    private SMTPSession provedBy(ServerIdentity sender) throws Exception {
        XonionHandler xonion = new XonionHandler(injected, TestFileSystem.at(workingDirectory), new SecureRandom());
        SMTPSession session = TestSessions.underTls();
        List<String> offer = xonion.getImplementedEsmtpFeatures(session);
        Challenge challenge = Challenge.parse(offer.get(0).substring(SenderProof.KEYWORD.length() + 1));
        String proof = SenderProof.sign(challenge, injected.onion(), sender.onion(),
            sender.tls().certificate().getPublicKey(), sender.tls().privateKey()).asString();
        assertThat(xonion.onCommand(session, new BaseRequest(SenderProof.KEYWORD, proof)).getRetCode()).isEqualTo("250");
        return session;
    }

    private HookReturnCode rcptAt(SMTPSession session, String domain) throws AddressException {
        return handler.doRcpt(session, MaybeSender.nullSender(), new MailAddress("bob@" + domain)).getResult();
    }

    private static BaseHierarchicalConfiguration relayFor(String list) {
        return TestHandlerElements.of(NoRelayRcptHandler.class, NoRelayRcptHandler.RELAY_FOR, list);
    }

    @Test
    void aProvedSenderOfRelayForShouldRelayToAnotherOnion() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);
        ServerIdentity destination = ServerIdentity.create(workingDirectory.resolve("destination"));

        assertThat(rcptAt(session, destination.domain().asString())).isEqualTo(HookReturnCode.declined());
        assertThat(session.isRelayingAllowed()).isTrue();
    }

    @Test
    void aProvedSenderOfRelayForShouldNotRelayToALegacyDomain() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);

        assertThat(rcptAt(session, "example.com")).isEqualTo(HookReturnCode.deny());
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void aSenderWithoutProofShouldNotRelay() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = TestSessions.underTls();

        assertThat(rcptAt(session, OTHER_ONION)).isEqualTo(HookReturnCode.deny());
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void aProvedSenderNotInRelayForShouldNotRelay() throws Exception {
        ServerIdentity stranger = ServerIdentity.create(workingDirectory.resolve("stranger"));
        handler.init(relayFor(other.domain().asString()));

        assertThat(rcptAt(provedBy(stranger), OTHER_ONION)).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void withoutRelayForNobodyShouldRelay() throws Exception {
        handler.init(TestHandlerElements.of(NoRelayRcptHandler.class));

        assertThat(rcptAt(provedBy(other), OTHER_ONION)).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void initShouldRefuseARelayForWithoutTheFullFingerprint() {
        String abbreviated = other.domain().fingerprint().orElseThrow().asString().substring(0, 16) + "."
            + other.onion().asString();

        assertThatThrownBy(() -> handler.init(relayFor(abbreviated)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("NoRelayRcptHandler: <relayFor>: \"" + abbreviated + "\" must name the onion with its "
                + "key's full fingerprint");
    }

    @Test
    void initShouldRefuseARelayForThatIsNoOnion() {
        assertThatThrownBy(() -> handler.init(relayFor("relay.example.com")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<relayFor>: \"relay.example.com\" is not <fingerprint>.<onion>.onion");
    }

    private static final String OTHER_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";

    private static final class NoLocalDomains implements DomainList {
        @Override
        public List<Domain> getDomains() {
            return List.of();
        }

        @Override
        public boolean containsDomain(Domain domain) {
            return false;
        }

        @Override
        public void addDomain(Domain domain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeDomain(Domain domain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Domain getDefaultDomain() {
            throw new UnsupportedOperationException();
        }
    }
}
