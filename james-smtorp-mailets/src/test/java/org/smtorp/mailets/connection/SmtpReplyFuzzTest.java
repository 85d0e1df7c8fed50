/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.mailets.fuzz.ParserFuzzTarget;

/**
 * What an onion's SMTP server sends us while we deliver: the bytes are its whole side of the
 * connection, read reply after reply until it ends. Every reply we take has a code from 200
 * to 599 and bounded lines, its one-line form is printable and bounded; everything else is a
 * temporary {@link DeliveryFailure} (PROTOCOL, or CONNECTION when the bytes run out), never
 * another exception.
 */
class SmtpReplyFuzzTest {
    private static final int MAX_ONE_LINE = "599 ".length() + SmtpReply.MAX_TEXT;

    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() throws IOException {
        new SmtpReplyFuzzTest().serverReplies("220-hello\r\n220 there\r\n".getBytes(US_ASCII));
    }

    @ParserFuzzTarget
    void serverReplies(byte[] input) throws IOException {
        PeerSide socket = new PeerSide(input);
        try (SmtpChannel channel = SmtpChannel.over(socket, socket, "fuzz.onion")) {
            while (true) {
                assertWellFormed(channel.read());
            }
        } catch (DeliveryFailure e) {
            assertThat(e.reason()).isIn(DeliveryFailure.Reason.PROTOCOL, DeliveryFailure.Reason.CONNECTION);
            assertThat(e.isPermanent()).isFalse();
        }
    }

    private static void assertWellFormed(SmtpReply reply) {
        assertThat(reply.code()).isBetween(200, 599);
        assertThat(reply.lines()).isNotEmpty().hasSizeLessThanOrEqualTo(SmtpChannel.MAX_REPLY_LINES);
        assertThat(reply.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(SmtpChannel.MAX_LINE));
        assertThat(reply.asString()).hasSizeLessThanOrEqualTo(MAX_ONE_LINE);
        assertThat(reply.asString().chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
    }

    /** The socket of a connection whose server has sent {@code bytes} and then closed it. */
    private static final class PeerSide extends Socket {
        private final InputStream in;
        private volatile boolean closed;

        PeerSide(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
