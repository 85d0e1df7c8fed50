/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.ServerIdentity;

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
