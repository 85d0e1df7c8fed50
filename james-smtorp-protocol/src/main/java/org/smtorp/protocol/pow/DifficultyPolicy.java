/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * How hard one algorithm is: a base number of leading zero bits, plus one bit for
 * every {@code growthDays} days since its deprecation date (UTC), so a deprecated
 * algorithm gets harder faster than the preferred ones, which do not grow.
 */
public final class DifficultyPolicy {
    public static final int MAX_BITS = 256;
    public static final int MAX_GROWTH_DAYS = 36_500;
    static final int DEFAULT_GROWTH_DAYS = 30;

    private final int baseBits;
    private final Optional<LocalDate> deprecatedSince;
    private final int growthDays;

    private DifficultyPolicy(int baseBits, Optional<LocalDate> deprecatedSince, int growthDays) {
        this.baseBits = baseBits;
        this.deprecatedSince = deprecatedSince;
        this.growthDays = growthDays;
    }

    /** A policy that does not grow: {@code baseBits} from 0 to 256. */
    public static DifficultyPolicy of(int baseBits) {
        return new DifficultyPolicy(checkBits(baseBits), Optional.empty(), DEFAULT_GROWTH_DAYS);
    }

    public DifficultyPolicy withBaseBits(int bits) {
        return new DifficultyPolicy(checkBits(bits), deprecatedSince, growthDays);
    }

    /** A copy that grows by one bit every {@code growthDays} days from {@code since} (UTC) on. */
    public DifficultyPolicy withDeprecation(LocalDate since, int growthDays) {
        return new DifficultyPolicy(baseBits, Optional.of(since), checkGrowthDays(growthDays));
    }

    public DifficultyPolicy withGrowthDays(int days) {
        return new DifficultyPolicy(baseBits, deprecatedSince, checkGrowthDays(days));
    }

    public DifficultyPolicy withoutDeprecation() {
        return new DifficultyPolicy(baseBits, Optional.empty(), growthDays);
    }

    public int baseBits() {
        return baseBits;
    }

    public Optional<LocalDate> deprecatedSince() {
        return deprecatedSince;
    }

    public int growthDays() {
        return growthDays;
    }

    public boolean isDeprecatedAt(Instant now) {
        return deprecatedSince.map(since -> !today(now).isBefore(since)).orElse(false);
    }

    /** The bits one recipient's proof needs at {@code now}, at most {@link #MAX_BITS}. */
    public int bitsAt(Instant now) {
        long grown = deprecatedSince
            .map(since -> ChronoUnit.DAYS.between(since, today(now)))
            .filter(days -> days >= 0)
            .map(days -> days / growthDays)
            .orElse(0L);
        return (int) Math.min(MAX_BITS, baseBits + grown);
    }

    /**
     * The bits a proof for {@code recipients} recipients needs when one needs
     * {@code bits}: {@code bits + ceil(log2(recipients))}, so the work per
     * recipient stays at least that of a single one.
     */
    public static int forRecipients(int bits, int recipients) {
        if (recipients < 1) {
            throw new IllegalArgumentException("recipients must be at least 1: " + recipients);
        }
        int extra = recipients == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(recipients - 1);
        return Math.min(MAX_BITS, bits + extra);
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    private static int checkBits(int bits) {
        if (bits < 0 || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be from 0 to " + MAX_BITS + ": " + bits);
        }
        return bits;
    }

    private static int checkGrowthDays(int days) {
        if (days < 1 || days > MAX_GROWTH_DAYS) {
            throw new IllegalArgumentException("growthDays must be from 1 to " + MAX_GROWTH_DAYS + ": " + days);
        }
        return days;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof DifficultyPolicy)) {
            return false;
        }
        DifficultyPolicy that = (DifficultyPolicy) o;
        return baseBits == that.baseBits && growthDays == that.growthDays
            && deprecatedSince.equals(that.deprecatedSince);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(baseBits, deprecatedSince, growthDays);
    }

    @Override
    public String toString() {
        return baseBits + " bits" + deprecatedSince
            .map(since -> ", deprecated " + since + ", +1 bit per " + growthDays + " days")
            .orElse("");
    }
}
