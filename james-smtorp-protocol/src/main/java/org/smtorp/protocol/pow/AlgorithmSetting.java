/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * An operator's change to one algorithm's difficulty, as written in a handler
 * element of {@code smtpserver.xml}: whitespace-separated tokens, the first naming
 * the algorithm, e.g. {@code argon2id=8}, {@code sha256=off},
 * {@code hashcash=20 deprecated=2026-01-01 growthDays=30},
 * {@code sha256=28 deprecated=never}. What a setting does not name keeps its default.
 */
public final class AlgorithmSetting {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,5}");
    private static final String OFF = "off";
    private static final String NEVER = "never";

    private final String algorithm;
    private final boolean off;
    private final OptionalInt bits;
    private final Optional<LocalDate> deprecated;
    private final boolean undeprecated;
    private final OptionalInt growthDays;

    private AlgorithmSetting(String algorithm, boolean off, OptionalInt bits, Optional<LocalDate> deprecated,
                             boolean undeprecated, OptionalInt growthDays) {
        this.algorithm = algorithm;
        this.off = off;
        this.bits = bits;
        this.deprecated = deprecated;
        this.undeprecated = undeprecated;
        this.growthDays = growthDays;
    }

    /** Parses one setting line; the exception names the token and what it allows. */
    public static AlgorithmSetting parse(String text) {
        String[] tokens = text.trim().split("\\s+");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
            throw new InvalidPowSettingException("empty setting: expected <algorithm>=<bits>|off, e.g. argon2id=8");
        }
        String[] head = keyValue(tokens[0], "<algorithm>=<bits>|off, e.g. argon2id=8");
        if (!NAME.matcher(head[0]).matches()) {
            throw new InvalidPowSettingException("\"" + tokens[0] + "\": algorithm name must be 1 to 32 of a-z, 0-9, '-'");
        }
        boolean off = OFF.equals(head[1]);
        OptionalInt bits = off ? OptionalInt.empty()
            : OptionalInt.of(number(tokens[0], head[1], 0, DifficultyPolicy.MAX_BITS, "bits"));
        Optional<LocalDate> deprecated = Optional.empty();
        boolean undeprecated = false;
        OptionalInt growthDays = OptionalInt.empty();
        for (int i = 1; i < tokens.length; i++) {
            String[] option = keyValue(tokens[i], "deprecated=<yyyy-mm-dd>|never or growthDays=<days>");
            if ("deprecated".equals(option[0]) && deprecated.isEmpty() && !undeprecated) {
                if (NEVER.equals(option[1])) {
                    undeprecated = true;
                } else {
                    deprecated = Optional.of(date(tokens[i], option[1]));
                }
            } else if ("growthDays".equals(option[0]) && growthDays.isEmpty()) {
                growthDays = OptionalInt.of(number(tokens[i], option[1], 1, DifficultyPolicy.MAX_GROWTH_DAYS, "growthDays"));
            } else {
                throw new InvalidPowSettingException("\"" + tokens[i] + "\": expected deprecated=<yyyy-mm-dd>|never or "
                    + "growthDays=<days>, each at most once");
            }
        }
        if (off && (deprecated.isPresent() || undeprecated || growthDays.isPresent())) {
            throw new InvalidPowSettingException("\"" + text.trim() + "\": an algorithm that is off takes no other option");
        }
        return new AlgorithmSetting(head[0], off, bits, deprecated, undeprecated, growthDays);
    }

    public String algorithm() {
        return algorithm;
    }

    /** Whether the operator turned the algorithm off. */
    public boolean isOff() {
        return off;
    }

    /** The policy {@code current} becomes; not for a setting that is off. */
    public DifficultyPolicy applyTo(DifficultyPolicy current) {
        if (off) {
            throw new IllegalStateException(algorithm + " is off: it has no policy");
        }
        DifficultyPolicy policy = current.withBaseBits(bits.getAsInt());
        if (undeprecated) {
            policy = policy.withoutDeprecation();
        }
        if (deprecated.isPresent()) {
            policy = policy.withDeprecation(deprecated.get(), policy.growthDays());
        }
        if (growthDays.isPresent()) {
            policy = policy.withGrowthDays(growthDays.getAsInt());
        }
        return policy;
    }

    private static String[] keyValue(String token, String expected) {
        int equals = token.indexOf('=');
        if (equals <= 0 || equals == token.length() - 1) {
            throw new InvalidPowSettingException("\"" + token + "\": expected " + expected);
        }
        return new String[] {token.substring(0, equals), token.substring(equals + 1)};
    }

    private static int number(String token, String value, int min, int max, String what) {
        if (NUMBER.matcher(value).matches()) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new InvalidPowSettingException("\"" + token + "\": " + what + " must be a whole number from "
            + min + " to " + max);
    }

    private static LocalDate date(String token, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidPowSettingException("\"" + token + "\": deprecated must be a date yyyy-mm-dd (UTC) or never");
        }
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof AlgorithmSetting)) {
            return false;
        }
        AlgorithmSetting that = (AlgorithmSetting) o;
        return algorithm.equals(that.algorithm) && off == that.off && bits.equals(that.bits)
            && deprecated.equals(that.deprecated) && undeprecated == that.undeprecated
            && growthDays.equals(that.growthDays);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(algorithm, off, bits, deprecated, undeprecated, growthDays);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(algorithm).append('=')
            .append(off ? OFF : String.valueOf(bits.getAsInt()));
        deprecated.ifPresent(date -> text.append(" deprecated=").append(date));
        if (undeprecated) {
            text.append(" deprecated=never");
        }
        growthDays.ifPresent(days -> text.append(" growthDays=").append(days));
        return text.toString();
    }
}
