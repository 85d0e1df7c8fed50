/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.smtorp.protocol.pow.AlgorithmSetting;
import org.smtorp.protocol.pow.DifficultyPolicy;
import org.smtorp.protocol.pow.InvalidPowSettingException;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.hashcash.HashcashAlgorithm;

/**
 * The algorithms a server accepts (or a client supports), in order of preference,
 * each with its difficulty policy, read against an injected clock. Immutable.
 */
public final class AlgorithmRegistry {
    /** Median 1 to 3 s for one recipient on 2 cores, see docs/xpow.md. */
    public static final int DEFAULT_ARGON2ID_BITS = 7;
    /** Costlier than argon2id on a CPU, and far cheaper on a GPU: hence more bits. */
    public static final int DEFAULT_SHA256_BITS = 27;
    public static final int DEFAULT_HASHCASH_BITS = 24;
    /** Hashcash is deprecated from the start: +1 bit every 60 days from this date on. */
    public static final LocalDate DEFAULT_HASHCASH_DEPRECATED = LocalDate.of(2026, 6, 1);
    public static final int DEFAULT_HASHCASH_GROWTH_DAYS = 60;

    private final Map<String, Entry> entries;
    private final Clock clock;

    private AlgorithmRegistry(Map<String, Entry> entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    /** The shipped defaults: argon2id, sha256, hashcash (deprecated), in that order. */
    public static AlgorithmRegistry defaults(Clock clock) {
        return empty(clock)
            .withAlgorithm(Argon2idAlgorithm.standard(), DifficultyPolicy.of(DEFAULT_ARGON2ID_BITS))
            .withAlgorithm(new Sha256Algorithm(), DifficultyPolicy.of(DEFAULT_SHA256_BITS))
            .withAlgorithm(HashcashAlgorithm.create(), DifficultyPolicy.of(DEFAULT_HASHCASH_BITS)
                .withDeprecation(DEFAULT_HASHCASH_DEPRECATED, DEFAULT_HASHCASH_GROWTH_DAYS));
    }

    public static AlgorithmRegistry empty(Clock clock) {
        return new AlgorithmRegistry(new LinkedHashMap<>(), clock);
    }

    /** A copy with {@code algorithm} added last, or its policy replaced where it was. */
    public AlgorithmRegistry withAlgorithm(PowAlgorithm algorithm, DifficultyPolicy policy) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(algorithm.name(), new Entry(algorithm, policy));
        return new AlgorithmRegistry(copy, clock);
    }

    /** A copy with an operator's setting applied: a new policy, or the algorithm removed. */
    public AlgorithmRegistry with(AlgorithmSetting setting) {
        Entry entry = entries.get(setting.algorithm());
        if (entry == null) {
            throw new InvalidPowSettingException("unknown algorithm \"" + setting.algorithm() + "\"; known: "
                + String.join(", ", entries.keySet()));
        }
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        if (setting.isOff()) {
            copy.remove(setting.algorithm());
        } else {
            copy.put(setting.algorithm(), new Entry(entry.algorithm, setting.applyTo(entry.policy)));
        }
        return new AlgorithmRegistry(copy, clock);
    }

    /** A copy with each line parsed by {@link AlgorithmSetting#parse} and applied in order. */
    public AlgorithmRegistry withSettings(List<String> lines) {
        AlgorithmRegistry registry = this;
        for (String line : lines) {
            registry = registry.with(AlgorithmSetting.parse(line));
        }
        return registry;
    }

    public Optional<PowAlgorithm> algorithm(String name) {
        return Optional.ofNullable(entries.get(name)).map(entry -> entry.algorithm);
    }

    /** In order of preference. */
    public List<PowAlgorithm> algorithms() {
        List<PowAlgorithm> algorithms = new ArrayList<>();
        entries.values().forEach(entry -> algorithms.add(entry.algorithm));
        return List.copyOf(algorithms);
    }

    public Optional<DifficultyPolicy> policy(String name) {
        return Optional.ofNullable(entries.get(name)).map(entry -> entry.policy);
    }

    /** The bits one recipient's proof needs now, at most the algorithm's output size. */
    public int bits(String name) {
        Entry entry = require(name);
        return Math.min(entry.algorithm.maxBits(), entry.policy.bitsAt(clock.instant()));
    }

    /**
     * The bits a proof for {@code recipients} needs now: for an XPOW algorithm
     * {@code bits + ceil(log2(recipients))}; for hashcash each recipient's stamp
     * needs the one-recipient bits.
     */
    public int bits(String name, int recipients) {
        Entry entry = require(name);
        int bits = bits(name);
        return entry.algorithm.binding() == PowAlgorithm.Binding.CHALLENGE
            ? Math.min(entry.algorithm.maxBits(), DifficultyPolicy.forRecipients(bits, recipients))
            : bits;
    }

    /** What EHLO advertises: the challenge and every algorithm's one-recipient bits now. */
    public XpowOffer offer(Challenge challenge) {
        Map<String, Integer> difficulties = new LinkedHashMap<>();
        entries.keySet().forEach(name -> difficulties.put(name, bits(name)));
        return XpowOffer.of(challenge, difficulties);
    }

    private Entry require(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no algorithm " + name + " here; known: " + String.join(", ", entries.keySet()));
        }
        return entry;
    }

    @Override
    public String toString() {
        return "AlgorithmRegistry" + entries;
    }

    private static final class Entry {
        private final PowAlgorithm algorithm;
        private final DifficultyPolicy policy;

        Entry(PowAlgorithm algorithm, DifficultyPolicy policy) {
            this.algorithm = algorithm;
            this.policy = policy;
        }

        @Override
        public String toString() {
            return policy.toString();
        }
    }
}
