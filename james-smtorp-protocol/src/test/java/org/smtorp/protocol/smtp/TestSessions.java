/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.SMTPSessionImpl;

/** James's own SMTP session over a transport that only says whether TLS is up, as tor forwards from loopback. */
final class TestSessions {
    private TestSessions() {
    }

    static SMTPSession underTls() {
        return new SMTPSessionImpl(new Transport(true), new SMTPConfigurationImpl());
    }

    static SMTPSession beforeTls() {
        return new SMTPSessionImpl(new Transport(false), new SMTPConfigurationImpl());
    }

    private static final class Transport implements ProtocolTransport {
        private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 25);

        private final boolean tls;

        Transport(boolean tls) {
            this.tls = tls;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return LOOPBACK;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return LOOPBACK;
        }

        @Override
        public String getId() {
            return "test";
        }

        @Override
        public boolean isTLSStarted() {
            return tls;
        }

        @Override
        public boolean isStartTLSSupported() {
            return !tls;
        }

        @Override
        public Optional<SSLSession> getSSLSession() {
            return Optional.empty();
        }

        @Override
        public boolean isProxyRequired() {
            return false;
        }

        @Override
        public void writeResponse(Response response, ProtocolSession session) {
            throw new UnsupportedOperationException("handlers answer by returning a response");
        }

        @Override
        public void popLineHandler() {
        }

        @Override
        public void pushLineHandler(LineHandler<? extends ProtocolSession> overrideCommandHandler,
                                    ProtocolSession session) {
        }

        @Override
        public void setReadable(boolean readable) {
        }

        @Override
        public boolean isReadable() {
            return true;
        }
    }
}
