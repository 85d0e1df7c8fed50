/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of checking one Equihash solution: valid, or the first rule it breaks.
 * Each refusal names one check of the construction; the tree checks are made in
 * librustzcash's order (at each node, children joined left first: collision, then
 * order, then distinct indices), so a solution gets the reason librustzcash gives it.
 */
public final class EquihashCheck {
    /** Valid, or the rule broken; the librustzcash {@code verify::Kind} each maps to is named. */
    public enum Kind {
        VALID,
        /** Not {@code 2^k} indices, or a minimal encoding of the wrong length ({@code InvalidParams}). */
        WRONG_LENGTH,
        /** An index outside {@code 0 .. 2^(n/(k+1)+1) - 1}; a minimal encoding cannot carry one. */
        INDEX_OUT_OF_RANGE,
        /** Two sibling subtrees whose hashes differ in the bits of their level ({@code Collision}). */
        COLLISION,
        /** A right subtree whose first index is below its left sibling's ({@code OutOfOrder}). */
        OUT_OF_ORDER,
        /** An index in both of two sibling subtrees ({@code DuplicateIdxs}). */
        DUPLICATE_INDICES,
        /** The XOR of all the hashes is not zero in its last {@code n/(k+1)} bits ({@code NonZeroRootHash}). */
        NON_ZERO_ROOT
    }

    private static final EquihashCheck VALID = new EquihashCheck(Kind.VALID, OptionalInt.empty(), "valid solution");

    private final Kind kind;
    private final OptionalInt level;
    private final String message;

    private EquihashCheck(Kind kind, OptionalInt level, String message) {
        this.kind = kind;
        this.level = level;
        this.message = message;
    }

    static EquihashCheck valid() {
        return VALID;
    }

    static EquihashCheck refused(Kind kind, String message) {
        if (kind == Kind.VALID) {
            throw new IllegalArgumentException("a refusal names a broken rule");
        }
        return new EquihashCheck(kind, OptionalInt.empty(), message);
    }

    static EquihashCheck refusedAtLevel(Kind kind, int level, String message) {
        if (kind != Kind.COLLISION && kind != Kind.OUT_OF_ORDER && kind != Kind.DUPLICATE_INDICES) {
            throw new IllegalArgumentException(kind + " is not a check of one tree level");
        }
        return new EquihashCheck(kind, OptionalInt.of(level), message);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isValid() {
        return kind == Kind.VALID;
    }

    /**
     * For the checks made at one node of the tree: its level, 1 for a node joining two
     * indices to {@code k} for the root. Level {@code j}'s collision is on bits
     * {@code (j-1)*n/(k+1)} to {@code j*n/(k+1) - 1} of the hashes, counted from the first.
     */
    public OptionalInt level() {
        return level;
    }

    /** Why, for a person: names the rule, the level and the positions in the solution. */
    public String message() {
        return message;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof EquihashCheck)) {
            return false;
        }
        EquihashCheck that = (EquihashCheck) o;
        return kind == that.kind && level.equals(that.level) && message.equals(that.message);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, level, message);
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
