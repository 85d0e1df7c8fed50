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
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.sender.RelayedMail;
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
        return rcpt(TestSessions.underTls(), recipient);
    }

    private HookReturnCode rcpt(SMTPSession session, ServerIdentity recipient) throws AddressException {
        return handler.doRcpt(session, MaybeSender.nullSender(),
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

    // A relayed mail's reverse path (RelayedMail): <> or the proved server's own onion, nothing else,
    // since the relay's bounces, with the original attached, go there from the relay's address.

    private HookResult relayFrom(SMTPSession session, String reversePath) throws Exception {
        return handler.doRcpt(session, MaybeSender.of(new MailAddress(reversePath)), new MailAddress("bob@" + OTHER_ONION));
    }

    @Test
    void aListedSenderShouldNotRelayMailFromALegacyAddress() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);

        HookResult refused = relayFrom(session, "victim@legacy.example");

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(refused.getSmtpRetCode()).isEqualTo("550");
        assertThat(refused.getSmtpDescription()).isEqualTo("5.7.1 Relaying denied: relayed mail must come from <> or "
            + "from an address at " + other.onion().asString() + ", the onion this connection proved");
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void aListedSenderShouldNotRelayMailFromTheRelaysOwnUsers() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);

        assertThat(relayFrom(session, "bob@" + injected.onion().asString()).getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(relayFrom(session, "bob@" + injected.domain().asString()).getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void aListedSenderShouldRelayMailFromItsOwnOnionWithOrWithoutItsFingerprint() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        String prefix = other.fingerprint().asString().substring(0, Fingerprint.MIN_LENGTH) + ".";

        assertThat(relayFrom(provedBy(other), "alice@" + other.onion().asString()).getResult())
            .isEqualTo(HookReturnCode.declined());
        assertThat(relayFrom(provedBy(other), "alice@" + other.domain().asString()).getResult())
            .isEqualTo(HookReturnCode.declined());
        assertThat(relayFrom(provedBy(other), "alice@" + prefix + other.onion().asString()).getResult())
            .isEqualTo(HookReturnCode.declined());
    }

    @Test
    void aListedSenderShouldNotRelayMailFromItsOnionUnderAnotherKey() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        String anotherKey = injected.fingerprint().asString() + ".";

        assertThat(relayFrom(provedBy(other), "alice@" + anotherKey + other.onion().asString()).getResult())
            .isEqualTo(HookReturnCode.deny());
    }

    @Test
    void aListedSenderShouldStillMailOurOwnUsersFromAnyAddress() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);

        assertThat(handler.doRcpt(session, MaybeSender.of(new MailAddress("victim@legacy.example")),
            new MailAddress("alice@" + injected.onion().asString())).getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    // James keeps isRelayingAllowed for the connection: the next transaction's MAIL FROM takes ours back.

    @Test
    void theNextMailFromShouldTakeBackTheRelayingARelayedRecipientAllowed() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);
        assertThat(rcptAt(session, OTHER_ONION)).isEqualTo(HookReturnCode.declined());
        assertThat(session.isRelayingAllowed()).isTrue();
        session.resetState(); // as RSET, or the end of DATA

        assertThat(handler.doMail(session, MaybeSender.nullSender()).getResult()).isEqualTo(HookReturnCode.declined());

        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void mailFromShouldLeaveARelayingFlagItDidNotSet() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = TestSessions.underTls();
        session.setRelayingAllowed(true);

        handler.doMail(session, MaybeSender.nullSender());

        assertThat(session.isRelayingAllowed()).isTrue();
    }

    @Test
    void aMailWithARelayedRecipientShouldBeMarkedWithTheServerItIsRelayedFor() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);
        rcptAt(session, OTHER_ONION);
        Mail mail = MailImpl.builder().name("relayed").addRecipient("bob@" + OTHER_ONION).build();

        handler.onMessage(session, mail);

        assertThat(mail.getAttribute(AttributeName.of(RelayedMail.ATTRIBUTE)))
            .map(attribute -> (Object) attribute.getValue().value()).contains((Object) ProvedSender.of(other.onion(), other.fingerprint()).asString());
    }

    @Test
    void aMailForOurOwnUsersShouldNotBeMarkedRelayed() throws Exception {
        handler.init(relayFor(other.domain().asString()));
        SMTPSession session = provedBy(other);
        rcpt(session, injected);
        Mail mail = MailImpl.builder().name("inbound").addRecipient("alice@" + injected.onion().asString()).build();

        handler.onMessage(session, mail);

        assertThat(mail.getAttribute(AttributeName.of(RelayedMail.ATTRIBUTE))).isEmpty();
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
