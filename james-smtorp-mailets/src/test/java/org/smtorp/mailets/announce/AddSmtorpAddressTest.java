/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

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
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.sender.RelayedMail;

class AddSmtorpAddressTest {
    @TempDir
    Path james;

    private ServerIdentity identity;

    @BeforeEach
    void identity() throws Exception {
        identity = ServerIdentity.create(james.resolve("identity"));
    }

    private AddSmtorpAddress mailet(String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder()
            .mailetName("AddSmtorpAddress")
            .mailetContext(TestMailets.withLocalUsers(Set.of("alice@example.org")));
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        AddSmtorpAddress mailet = new AddSmtorpAddress(TestMailets.workingDirectory(james), TestMailets.node(james),
            identity);
        mailet.init(config.build());
        return mailet;
    }

    private static Mail mailFrom(String sender, String... headers) throws MessagingException {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("body");
        for (int i = 0; i < headers.length; i += 2) {
            message.addHeader(headers[i], headers[i + 1]);
        }
        return FakeMail.builder().name("mail").sender(sender).recipient("bob@example.com")
            .mimeMessage(message).build();
    }

    private static String[] header(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String[] values = message.getHeader(SmtorpAddressHeader.NAME);
        return values == null ? new String[0] : values;
    }

    @Test
    void aLocalSenderShouldBeAnnouncedWithTheFullFingerprint() throws Exception {
        Mail mail = mailFrom("alice@example.org");

        mailet().service(mail);

        assertThat(header(mail)).containsExactly("alice@" + identity.domain().asString());
    }

    @Test
    void theFingerprintShouldBeCutToTheConfiguredLength() throws Exception {
        Mail mail = mailFrom("alice@example.org");

        mailet(AddSmtorpAddress.FINGERPRINT_LENGTH, "16").service(mail);

        assertThat(header(mail)).containsExactly("alice@" + identity.fingerprint().asString().substring(0, 16)
            + "." + identity.onion().asString());
    }

    @Test
    void aHeaderTheUserWroteShouldBeReplaced() throws Exception {
        Mail mail = mailFrom("alice@example.org", SmtorpAddressHeader.NAME, "mallory@elsewhere.onion",
            SmtorpAddressHeader.NAME, "eve@elsewhere.onion");

        mailet().service(mail);

        assertThat(header(mail)).containsExactly("alice@" + identity.domain().asString());
    }

    // A listed server's mail that our onion listener relays is never announced as our user's,
    // whatever reverse path it names.
    @Test
    void relayedMailShouldGetNoHeaderEvenFromALocalSender() throws Exception {
        Mail mail = mailFrom("alice@example.org");
        mail.setAttribute(new Attribute(AttributeName.of(RelayedMail.ATTRIBUTE),
            AttributeValue.of(identity.onion().asString() + " " + identity.fingerprint().asString())));

        mailet().service(mail);

        assertThat(header(mail)).isEmpty();
    }

    @Test
    void aSenderWhoIsNoLocalUserShouldGetNoHeader() throws Exception {
        Mail mail = mailFrom("carol@example.com");

        mailet().service(mail);

        assertThat(header(mail)).isEmpty();
    }

    @Test
    void aBounceShouldGetNoHeader() throws Exception {
        Mail mail = FakeMail.builder().name("bounce").recipient("bob@example.com")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("bounce")).build();

        mailet().service(mail);

        assertThat(header(mail)).isEmpty();
    }

    @Test
    void disabledShouldAddNothing() throws Exception {
        Mail mail = mailFrom("alice@example.org");

        mailet(AddSmtorpAddress.ENABLED, "false").service(mail);

        assertThat(header(mail)).isEmpty();
    }

    @Test
    void initShouldNameAFingerprintLengthOutOfRange() {
        assertThatThrownBy(() -> mailet(AddSmtorpAddress.FINGERPRINT_LENGTH, "15"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("fingerprintLength=\"15\"")
            .hasMessageContaining("16 to 52 characters");
    }

    @Test
    void initShouldAcceptTheErrorHandlingOfJamesMailetContainer() {
        assertThatCode(() -> mailet("onMailetException", "ignore",
            "onMatchException", "nomatch")).doesNotThrowAnyException();
    }

    @Test
    void initShouldRefuseAnUnknownParameter() {
        assertThatThrownBy(() -> mailet("fingerprintBits", "80"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("does not know the parameters [fingerprintBits]");
    }

    @Test
    void initShouldRefuseAnIdentityDirectoryThatContradictsSmtorpProperties() {
        assertThatThrownBy(() -> mailet("identityDirectory", "elsewhere"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("AddSmtorpAddress: parameter identityDirectory=\"elsewhere\" contradicts "
                + "smtorp.properties identity.directory=" + james.resolve("identity"));
    }

    @Test
    void anIdentityDirectoryThatAgreesWithSmtorpPropertiesShouldBeIgnored() throws Exception {
        Mail mail = mailFrom("alice@example.org");

        mailet("identityDirectory", "identity").service(mail);

        assertThat(header(mail)).containsExactly("alice@" + identity.domain().asString());
    }

    @Test
    void initShouldRefuseAnEnabledThatIsNoBoolean() {
        assertThatThrownBy(() -> mailet(AddSmtorpAddress.ENABLED, "yes"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("enabled=\"yes\" is invalid; allowed: true or false");
    }
}
