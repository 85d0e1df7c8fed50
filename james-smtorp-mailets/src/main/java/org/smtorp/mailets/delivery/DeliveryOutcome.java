/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Objects;

/**
 * What one attempt to one destination came to: delivered (perhaps with some recipients
 * refused for good), worth another try later, or failed for good; with the reason.
 */
public final class DeliveryOutcome {
    public enum Kind { SUCCESS, TEMPORARY, PERMANENT }

    private final Kind kind;
    private final String reason;
    private final Map<String, String> refused;

    private DeliveryOutcome(Kind kind, String reason, Map<String, String> refused) {
        this.kind = kind;
        this.reason = reason;
        this.refused = refused;
    }

    /** @param refused recipients the server refused, each with its reply */
    public static DeliveryOutcome success(Map<String, String> refused) {
        requireNonNull(refused, "refused");
        return new DeliveryOutcome(Kind.SUCCESS, "delivered", Map.copyOf(refused));
    }

    public static DeliveryOutcome temporary(String reason) {
        requireNonNull(reason, "reason");
        return new DeliveryOutcome(Kind.TEMPORARY, reason, Map.of());
    }

    public static DeliveryOutcome permanent(String reason) {
        requireNonNull(reason, "reason");
        return new DeliveryOutcome(Kind.PERMANENT, reason, Map.of());
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public Map<String, String> refused() {
        return refused;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof DeliveryOutcome)) {
            return false;
        }
        DeliveryOutcome other = (DeliveryOutcome) o;
        return kind == other.kind && reason.equals(other.reason) && refused.equals(other.refused);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, reason, refused);
    }

    @Override
    public String toString() {
        return kind + ": " + reason + (refused.isEmpty() ? "" : ", refused " + refused.keySet());
    }
}
