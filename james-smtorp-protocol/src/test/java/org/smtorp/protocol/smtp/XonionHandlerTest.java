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

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.SenderProof;

class XonionHandlerTest {
    @TempDir
    Path workingDirectory;

    private ServerIdentity injected;
    private ServerIdentity sender;
    private XonionHandler handler;

    @BeforeEach
    void injectTheIdentityOfSmtorpProperties() throws IOException {
        injected = ServerIdentity.create(workingDirectory.resolve("var/smtorp/identity"));
        sender = ServerIdentity.create(workingDirectory.resolve("sender"));
        handler = new XonionHandler(injected, TestFileSystem.at(workingDirectory), new SecureRandom());
    }

    private static BaseHierarchicalConfiguration naming(String identityDirectory) {
        return TestHandlerElements.of(XonionHandler.class, MovedIdentityDirectory.ELEMENT, identityDirectory);
    }

    // What a delivering server answers to the challenge of the session's EHLO, signed for `receiver`.
    private String proofFor(SMTPSession session, OnionAddress receiver) {
        List<String> offer = handler.getImplementedEsmtpFeatures(session);
        Challenge challenge = Challenge.parse(offer.get(0).substring(SenderProof.KEYWORD.length() + 1));
        return SenderProof.sign(challenge, receiver, sender.onion(), sender.tls().certificate().getPublicKey(),
            sender.tls().privateKey()).asString();
    }

    @Test
    void handlerShouldTakeProofsForTheInjectedOnionWithoutAnElement() throws Exception {
        handler.init(TestHandlerElements.of(XonionHandler.class));
        SMTPSession session = TestSessions.underTls();

        assertThat(handler.onCommand(session, new BaseRequest(SenderProof.KEYWORD, proofFor(session,
            injected.onion()))).getRetCode()).isEqualTo("250");
    }

    @Test
    void handlerShouldRefuseProofsForAnotherOnion() throws Exception {
        handler.init(TestHandlerElements.of(XonionHandler.class));
        SMTPSession session = TestSessions.underTls();

        assertThat(handler.onCommand(session, new BaseRequest(SenderProof.KEYWORD, proofFor(session,
            sender.onion()))).getRetCode()).isEqualTo("535");
    }

    @Test
    void initShouldIgnoreAnElementNamingTheInjectedIdentity() throws Exception {
        handler.init(naming(injected.directory().toAbsolutePath().toString()));
        SMTPSession session = TestSessions.underTls();

        assertThat(handler.onCommand(session, new BaseRequest(SenderProof.KEYWORD, proofFor(session,
            injected.onion()))).getRetCode()).isEqualTo("250");
    }

    @Test
    void initShouldRefuseAnElementNamingAnotherIdentity() {
        assertThatThrownBy(() -> handler.init(naming("sender")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("XonionHandler: <identityDirectory>sender</identityDirectory> (holds another"
                + " identity: onion " + sender.onion().asString() + ") contradicts smtorp.properties"
                + " identity.directory=" + injected.directory());
    }
}
