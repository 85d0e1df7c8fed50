/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * What the gateway listener does with one recipient of a legacy MTA: take it for delivery over
 * Tor, or refuse it. The gateway exists to carry {@code .onion} mail out of a provider's
 * Postfix or Exim; anything else it took would leave through James's RemoteDelivery, that is,
 * the gateway would be a second, unplanned relay of the provider. Whether the client may relay
 * at all is James's own check (authorizedAddresses, AUTH), after this one.
 */
final class GatewayVerdict {
    /** The decision; replies and logs switch on it. */
    enum Kind {
        /** An SMTorP domain, {@code [<fingerprint>.]<onion>.onion}: delivered over Tor. */
        ONION,
        /** Not under {@code .onion}: the legacy MTA delivers it itself; refused, never relayed. */
        LEGACY,
        /** Under {@code .onion} but not a valid v3 onion: no delivery could ever succeed. */
        MALFORMED_ONION
    }

    private final Kind kind;
    private final Optional<InvalidAddressException.Reason> malformation;

    private GatewayVerdict(Kind kind, Optional<InvalidAddressException.Reason> malformation) {
        this.kind = kind;
        this.malformation = malformation;
    }

    /** Judges a recipient domain as James parsed it. */
    static GatewayVerdict of(Domain domain) {
        requireNonNull(domain, "domain");
        try {
            SmtorpDomain.parse(domain.asString());
            return new GatewayVerdict(Kind.ONION, Optional.empty());
        } catch (InvalidAddressException e) {
            // One rule for "is this .onion": SmtorpDomain's, which says NOT_ONION for every other domain.
            return e.reason() == InvalidAddressException.Reason.NOT_ONION
                ? new GatewayVerdict(Kind.LEGACY, Optional.empty())
                : new GatewayVerdict(Kind.MALFORMED_ONION, Optional.of(e.reason()));
        }
    }

    Kind kind() {
        return kind;
    }

    /** The rule a {@link Kind#MALFORMED_ONION} domain breaks; empty for the other kinds. */
    Optional<InvalidAddressException.Reason> malformation() {
        return malformation;
    }

    @Override
    public final boolean equals(Object o) {
        if (o instanceof GatewayVerdict) {
            GatewayVerdict that = (GatewayVerdict) o;
            return kind == that.kind && malformation.equals(that.malformation);
        }
        return false;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, malformation);
    }

    @Override
    public String toString() {
        return "GatewayVerdict{" + kind + malformation.map(reason -> " (" + reason + ")").orElse("") + "}";
    }
}
