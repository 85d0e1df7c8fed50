/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * Recipients of one mail given up in one attempt, as RemoteDelivery hands them to its Bouncer:
 * one reason, whether the failure was permanent or the retries ran out (James's
 * {@code is-delivery-permanent-error}), and the server's reply code when they share one
 * ({@code delivery-error-code}).
 */
final class Undeliverable {
    private final List<MailAddress> recipients;
    private final String reason;
    private final boolean permanent;
    private final Optional<Integer> replyCode;

    Undeliverable(List<MailAddress> recipients, String reason, boolean permanent, Optional<Integer> replyCode) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a bounce needs recipients");
        }
        this.recipients = List.copyOf(recipients);
        this.reason = reason;
        this.permanent = permanent;
        this.replyCode = replyCode;
    }

    List<MailAddress> recipients() {
        return recipients;
    }

    String reason() {
        return reason;
    }

    /** False when a temporary failure outlived the retries, as RemoteDelivery marks it. */
    boolean isPermanent() {
        return permanent;
    }

    Optional<Integer> replyCode() {
        return replyCode;
    }

    @Override
    public String toString() {
        return (permanent ? "permanent" : "retries exhausted") + " for " + recipients.size() + " recipient(s)"
            + replyCode.map(code -> ", reply " + code).orElse("") + ": " + reason;
    }
}
