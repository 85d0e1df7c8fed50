/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.SmtpChannel;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.connection.Deadline;
import org.smtorp.mailets.connection.DeliveryFailure;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.sender.ProvedSender;

/**
 * Asks the onion itself, through tor: a TLS handshake with the proved key's full fingerprint
 * as the pin succeeds only if the onion serves that key. A trust-on-first-use pin that
 * delivery already holds for the onion answers without a connection: delivery saw the onion
 * serve that key the same way.
 */
final class TorKeyCheck implements OnionKeyCheck {
    private static final Logger LOGGER = LoggerFactory.getLogger(TorKeyCheck.class);

    private final TorConnection connection;
    private final PinStore pins;
    private final InetSocketAddress socks;
    private final TlsMode tlsMode;
    private final String heloName;
    private final Duration timeout;
    private final ScheduledExecutorService timers;

    TorKeyCheck(TorConnection connection, PinStore pins, InetSocketAddress socks, TlsMode tlsMode, String heloName,
                Duration timeout, ScheduledExecutorService timers) {
        this.timeout = timeout;
        this.timers = timers;
        this.connection = connection;
        this.pins = pins;
        this.socks = socks;
        this.tlsMode = tlsMode;
        this.heloName = heloName;
    }

    @Override
    public boolean serves(ProvedSender proved) throws IOException {
        if (pins.pinOf(proved.onion()).filter(proved.key()::equals).isPresent()) {
            LOGGER.debug("{} is pinned to the proved key already", proved.onion().asString());
            return true;
        }
        OnionRoute route = OnionRoute.of(proved.onion(), OnionRoute.SMTP_PORT, socks, tlsMode,
            Optional.of(proved.key()));
        try (Deadline deadline = Deadline.after(timeout, timers);
             SmtpChannel channel = connection.open(route, heloName, deadline)) {
            channel.send("QUIT");
            return true;
        } catch (DeliveryFailure e) {
            // The typed reason, never the message: the proved key is not the one the onion serves.
            if (e.reason() == DeliveryFailure.Reason.PIN_MISMATCH) {
                return false;
            }
            throw e;
        }
    }
}
