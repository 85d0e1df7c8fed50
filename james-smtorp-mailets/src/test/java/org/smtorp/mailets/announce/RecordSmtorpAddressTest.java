/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.dkim.DkimKeys;

class RecordSmtorpAddressTest {
    private static final String ONION = AnnouncedAddressesTest.ONION;
    private static final Fingerprint KEY = Fingerprint.of(new byte[] {4, 2});
    private static final ProvedSender PROVED = ProvedSender.of(OnionAddress.parse(ONION), KEY);
    private static final String ANNOUNCED = "alice@" + KEY.asString() + "." + ONION;
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path james;

    private ServerIdentity identity;
    private AnnouncedAddresses store;
    private final List<ProvedSender> checked = new ArrayList<>();
    private final List<String> keyCheckSettings = new ArrayList<>();
    private Answer answer = Answer.SERVES;

    private enum Answer { SERVES, OTHER_KEY, UNREACHABLE }

    @BeforeEach
    void setUp() throws Exception {
        identity = ServerIdentity.create(james.resolve("identity"));
        store = AnnouncedAddresses.in(james.resolve("announced"));
    }

    private RecordSmtorpAddress mailet(String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder()
            .mailetName("RecordSmtorpAddress")
            .mailetContext(TestMailets.withLocalUsers(Set.of()));
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        RecordSmtorpAddress mailet = new RecordSmtorpAddress(TestMailets.workingDirectory(james), store,
            Clock.fixed(NOW, ZoneOffset.UTC), (socks, timeout, tlsMode, pins, helo) -> {
                keyCheckSettings.add(socks + " " + pins + " " + helo);
                return proved -> {
                    checked.add(proved);
                    if (answer == Answer.UNREACHABLE) {
                        throw new IOException("tor answered 0xF2");
                    }
                    return answer == Answer.SERVES;
                };
            }, new DkimKeys().retriever(), TestMailets.node(james), identity);
        mailet.init(config.build());
        return mailet;
    }

    private static Mail overSmtorp() throws MessagingException {
        Mail mail = FakeMail.builder().name("mail").sender("alice@" + ONION).recipient("bob@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addFrom("alice@" + ONION)
                .addHeader(SmtorpAddressHeader.NAME, ANNOUNCED)
                .setText("hello"))
            .build();
        mail.setAttribute(new Attribute(AttributeName.of(ProvedSender.ATTRIBUTE), AttributeValue.of(PROVED.asString())));
        return mail;
    }

    @Test
    void aMailProvedOverSmtorpShouldBeRecordedOnceTheOnionServesTheKey() throws Exception {
        mailet().service(overSmtorp());

        assertThat(checked).containsExactly(PROVED);
        assertThat(store.lookup(new MailAddress("alice@" + ONION))).hasValueSatisfying(entry -> {
            assertThat(entry.smtorpAddress().asString()).isEqualTo(ANNOUNCED);
            assertThat(entry.recordedAt()).isEqualTo(NOW);
            assertThat(entry.evidence()).startsWith("arrived over SMTorP from " + ONION);
        });
    }

    @Test
    void anOnionServingAnotherKeyShouldRecordNothing() throws Exception {
        answer = Answer.OTHER_KEY;

        mailet().service(overSmtorp());

        assertThat(store.list()).isEmpty();
    }

    @Test
    void anUnreachableOnionShouldRecordNothingAndKeepTheMail() throws Exception {
        answer = Answer.UNREACHABLE;
        Mail mail = overSmtorp();

        mailet().service(mail);

        assertThat(store.list()).isEmpty();
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void anUnauthenticatedMailShouldRecordNothingAndKeepItsHeader() throws Exception {
        Mail mail = overSmtorp();
        mail.removeAttribute(AttributeName.of(ProvedSender.ATTRIBUTE));

        mailet().service(mail);

        assertThat(store.list()).isEmpty();
        assertThat(checked).isEmpty();
        assertThat(mail.getMessage().getHeader(SmtorpAddressHeader.NAME)).containsExactly(ANNOUNCED);
    }

    @Test
    void theOnionCheckShouldGoThroughTheNodesSocksPortWithItsPinsAsOurOnion() throws Exception {
        mailet();

        assertThat(keyCheckSettings).containsExactly(TestMailets.node(james).socks() + " " + james.resolve("pins")
            + " " + identity.onion().asString());
    }

    @Test
    void initShouldRefuseASocksPortThatContradictsSmtorpProperties() {
        assertThatThrownBy(() -> mailet("socksPort", "9060"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("RecordSmtorpAddress: parameter socksPort=\"9060\" contradicts smtorp.properties "
                + "tor.socks=127.0.0.1:9050");
    }

    @Test
    void aSocksPortThatAgreesWithSmtorpPropertiesShouldBeIgnored() throws Exception {
        mailet("socksPort", "9050", "socksHost", "127.0.0.1");

        assertThat(keyCheckSettings).hasSize(1);
    }

    @Test
    void initShouldAcceptTheErrorHandlingOfJamesMailetContainer() {
        assertThatCode(() -> mailet("onMailetException", "ignore",
            "onMatchException", "nomatch")).doesNotThrowAnyException();
    }

    @Test
    void initShouldRefuseAnUnknownParameter() {
        assertThatThrownBy(() -> mailet("socks", "127.0.0.1:9050"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("RecordSmtorpAddress does not know the parameters [socks]");
    }

    @Test
    void initShouldNameABadTimeout() {
        assertThatThrownBy(() -> mailet(RecordSmtorpAddress.TIMEOUT, "soon"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("timeout=\"soon\"");
    }
}
