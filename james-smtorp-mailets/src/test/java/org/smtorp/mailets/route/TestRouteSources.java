/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/** Route sources as the extension binds them, answering what a test needs. */
public final class TestRouteSources {
    private TestRouteSources() {
    }

    /** Like the announced-address source: it may be asked about onions, and answers {@code onion} pinned to {@code pin}. */
    public static RouteSource announcing(OnionAddress onion, Fingerprint pin) {
        return new RouteSource() {
            @Override
            public SourceAnswer routeFor(MailAddress recipient) {
                return SourceAnswer.found(Destination.of(recipient, onion, 25, Optional.of(pin), "announced"));
            }

            @Override
            public boolean knowsOnionAddresses() {
                return true;
            }
        };
    }
}
