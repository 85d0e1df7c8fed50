/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

import org.apache.james.core.Domain;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.smtorp.protocol.sender.ProvedSender;

/**
 * Why a mail was accepted without a proof of work: its sender is a partner the operator listed
 * (proved with XONION), or it carries a DKIM signature that verified for a domain the operator
 * listed. A mail carries it on as the {@value #ATTRIBUTE} attribute, {@code xonion <onion>} or
 * {@code dkim <domain>}, in place of {@value Payment#ATTRIBUTE}.
 */
final class Exemption {
    enum Kind {
        /** A listed onion proved with XONION, with the key the list names. */
        XONION,
        /** A DKIM signature of a listed domain verified. */
        DKIM
    }

    /** The mail attribute: a plain string, so mailets and WebAdmin read it without a codec. */
    static final String ATTRIBUTE = "smtorp.exemption";
    /** A partner's exemption, set at DATA: the unpaid size limit does not hold for it. */
    static final AttachmentKey<Exemption> KEY = AttachmentKey.of("smtorp.xpow.exemption", Exemption.class);

    private final Kind kind;
    private final String name;

    private Exemption(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    static Exemption partner(ProvedSender sender) {
        return new Exemption(Kind.XONION, requireNonNull(sender, "sender").onion().asString());
    }

    static Exemption dkim(Domain domain) {
        return new Exemption(Kind.DKIM, requireNonNull(domain, "domain").asString());
    }

    Kind kind() {
        return kind;
    }

    /** {@code xonion <onion>} or {@code dkim <domain>}, the attribute's value. */
    String asString() {
        return kind.name().toLowerCase() + " " + name;
    }

    Attribute asAttribute() {
        return new Attribute(AttributeName.of(ATTRIBUTE), AttributeValue.of(asString()));
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Exemption)) {
            return false;
        }
        Exemption that = (Exemption) o;
        return kind == that.kind && name.equals(that.name);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, name);
    }

    @Override
    public String toString() {
        return "Exemption{" + asString() + "}";
    }
}
