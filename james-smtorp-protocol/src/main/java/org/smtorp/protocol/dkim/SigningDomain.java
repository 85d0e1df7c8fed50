/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.Domain;

/**
 * The one place a DKIM domain name is read: a signature's {@code d=} or an operator's listed
 * domain. {@code partner.example.}, {@code Partner.Example} and {@code partner.example} name the
 * same domain (DNS names are case-insensitive, and the final dot only says the name is fully
 * qualified), and a key is always asked for under the fully qualified name.
 */
public final class SigningDomain {
    private SigningDomain() {
    }

    /** The domain {@code name} names, final dot or not; empty when James's {@link Domain} refuses it. */
    public static Optional<Domain> of(CharSequence name) {
        String text = name.toString().trim();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            return Optional.of(Domain.of(text.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code domain} as an absolute DNS name, with its final dot. jDKIM's DNS retriever puts
     * {@code <selector>._domainkey.} before the name it is given and dnsjava treats a name without
     * the final dot as relative: after an NXDOMAIN it tries again with each search domain of
     * /etc/resolv.conf, so {@code mail._domainkey.partner.example.corp.internal} would go to the
     * local resolver, a query a stranger chose the selector of.
     */
    public static String absolute(Domain domain) {
        return domain.asString() + ".";
    }
}
