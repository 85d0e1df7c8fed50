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
    /** About 128 solutions, 70 Wagner runs: median under 1 s for one recipient on 2 cores, see docs/xpow.md. */
    public static final int DEFAULT_EQUIHASH_BITS = 7;
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

    /**
     * What a server offers unless told otherwise: equihash (preferred: checked in
     * microseconds) and argon2id. sha256 and hashcash, cheap on a GPU, are known but off:
     * an operator turns them on for legacy senders ({@code sha256=27}, {@code hashcash=24}).
     */
    public static AlgorithmRegistry defaults(Clock clock) {
        return all(clock).with(AlgorithmSetting.parse(Sha256Algorithm.NAME + "=off"))
            .with(AlgorithmSetting.parse(HashcashAlgorithm.NAME + "=off"));
    }

    /**
     * Every algorithm implemented here with its default policy, all on, in order of
     * preference: what a sending client supports, so it can pay any server.
     */
    public static AlgorithmRegistry all(Clock clock) {
        return empty(clock)
            .withAlgorithm(new EquihashAlgorithm(), DifficultyPolicy.of(DEFAULT_EQUIHASH_BITS))
            .withAlgorithm(Argon2idAlgorithm.standard(), DifficultyPolicy.of(DEFAULT_ARGON2ID_BITS))
            .withAlgorithm(new Sha256Algorithm(), DifficultyPolicy.of(DEFAULT_SHA256_BITS))
            .withAlgorithm(HashcashAlgorithm.create(), DifficultyPolicy.of(DEFAULT_HASHCASH_BITS)
                .withDeprecation(DEFAULT_HASHCASH_DEPRECATED, DEFAULT_HASHCASH_GROWTH_DAYS));
    }

    public static AlgorithmRegistry empty(Clock clock) {
        return new AlgorithmRegistry(new LinkedHashMap<>(), clock);
    }

    /** A copy with {@code algorithm} on and added last, or its policy replaced where it was. */
    public AlgorithmRegistry withAlgorithm(PowAlgorithm algorithm, DifficultyPolicy policy) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(algorithm.name(), new Entry(algorithm, policy, true));
        return new AlgorithmRegistry(copy, clock);
    }

    /**
     * A copy with an operator's setting applied: the algorithm off, or on with a new policy
     * (an algorithm that was off keeps its place in the order of preference).
     */
    public AlgorithmRegistry with(AlgorithmSetting setting) {
        Entry entry = entries.get(setting.algorithm());
        if (entry == null) {
            throw new InvalidPowSettingException("unknown algorithm \"" + setting.algorithm() + "\"; known: "
                + String.join(", ", entries.keySet()));
        }
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(setting.algorithm(), setting.isOff() ? new Entry(entry.algorithm, entry.policy, false)
            : new Entry(entry.algorithm, setting.applyTo(entry.policy), true));
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

    /** The algorithm {@code name} if it is on. */
    public Optional<PowAlgorithm> algorithm(String name) {
        return on(name).map(entry -> entry.algorithm);
    }

    /** The algorithms on, in order of preference. */
    public List<PowAlgorithm> algorithms() {
        List<PowAlgorithm> algorithms = new ArrayList<>();
        entries.values().stream().filter(entry -> entry.on).forEach(entry -> algorithms.add(entry.algorithm));
        return List.copyOf(algorithms);
    }

    public Optional<DifficultyPolicy> policy(String name) {
        return on(name).map(entry -> entry.policy);
    }

    private Optional<Entry> on(String name) {
        return Optional.ofNullable(entries.get(name)).filter(entry -> entry.on);
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
        entries.values().stream().filter(entry -> entry.on)
            .forEach(entry -> difficulties.put(entry.algorithm.name(), bits(entry.algorithm.name())));
        return XpowOffer.of(challenge, difficulties);
    }

    private Entry require(String name) {
        return on(name).orElseThrow(() -> new IllegalArgumentException("no algorithm " + name + " on here; on: "
            + String.join(", ", offeredNames())));
    }

    private List<String> offeredNames() {
        List<String> names = new ArrayList<>();
        algorithms().forEach(algorithm -> names.add(algorithm.name()));
        return names;
    }

    @Override
    public String toString() {
        return "AlgorithmRegistry" + entries;
    }

    private static final class Entry {
        private final PowAlgorithm algorithm;
        private final DifficultyPolicy policy;
        private final boolean on;

        Entry(PowAlgorithm algorithm, DifficultyPolicy policy, boolean on) {
            this.algorithm = algorithm;
            this.policy = policy;
            this.on = on;
        }

        @Override
        public String toString() {
            return on ? policy.toString() : "off";
        }
    }
}
