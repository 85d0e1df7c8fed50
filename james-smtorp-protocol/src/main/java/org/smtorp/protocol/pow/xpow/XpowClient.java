/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.smtorp.protocol.pow.DifficultyPolicy;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solution;
import org.smtorp.protocol.pow.Solver;

/**
 * The sending side of XPOW: reads a server's offer, picks the cheapest algorithm
 * it supports, and solves the proof on the solver's threads within a budget.
 */
public final class XpowClient {
    /** How much more an asymmetric algorithm may cost the sender and still be chosen over the cheapest. */
    static final double ASYMMETRIC_PREMIUM = 4;

    private final AlgorithmRegistry supported;
    private final Solver solver;

    private XpowClient(AlgorithmRegistry supported, Solver solver) {
        this.supported = supported;
        this.solver = solver;
    }

    /** A client for the algorithms of {@code supported} (their policies do not matter here). */
    public static XpowClient of(AlgorithmRegistry supported, Solver solver) {
        return new XpowClient(supported, solver);
    }

    /**
     * The algorithm of the offer to pay with: an asymmetric one (equihash) if the offer has
     * one this client supports that costs at most {@link #ASYMMETRIC_PREMIUM} times the
     * cheapest, otherwise the cheapest, by estimated cost: {@code expected tries at the bits
     * needed x time per try}, times the number of stamps for hashcash; ties go to the
     * server's preference.
     */
    public Optional<AlgorithmChoice> choose(XpowOffer offer, int recipients) {
        return cheapest(offer, recipients, false);
    }

    /**
     * The cheapest algorithm of the offer that an {@code XPOW} command can prove: what a
     * delivering client that sends no hashcash stamps can use, even where a stamp would cost less.
     */
    public Optional<AlgorithmChoice> chooseXpow(XpowOffer offer, int recipients) {
        return cheapest(offer, recipients, true);
    }

    private Optional<AlgorithmChoice> cheapest(XpowOffer offer, int recipients, boolean xpowOnly) {
        if (recipients < 1 || recipients > ProofInput.MAX_RECIPIENTS) {
            throw new IllegalArgumentException("recipients must be from 1 to " + ProofInput.MAX_RECIPIENTS + ": "
                + recipients);
        }
        List<AlgorithmChoice> choices = offer.difficulties().entrySet().stream()
            .filter(entry -> supported.algorithm(entry.getKey())
                .filter(algorithm -> !xpowOnly || algorithm.binding() == PowAlgorithm.Binding.CHALLENGE).isPresent())
            .map(entry -> choice(supported.algorithm(entry.getKey()).get(), entry.getValue(), recipients))
            .filter(Optional::isPresent)
            .map(Optional::get)
            .collect(Collectors.toList());
        Optional<AlgorithmChoice> cheapest = choices.stream()
            .min(Comparator.comparingDouble(AlgorithmChoice::estimatedNanos));
        // A courtesy to the server: an asymmetric proof costs it microseconds to check, so it is
        // preferred unless the server prices it far above the cheapest.
        Optional<AlgorithmChoice> asymmetric = choices.stream()
            .filter(choice -> supported.algorithm(choice.algorithm()).get().asymmetric())
            .filter(choice -> choice.estimatedNanos() <= ASYMMETRIC_PREMIUM * cheapest.get().estimatedNanos())
            .min(Comparator.comparingDouble(AlgorithmChoice::estimatedNanos));
        return asymmetric.isPresent() ? asymmetric : cheapest;
    }

    /** How long {@code choice} is expected to take on this client's solver threads. */
    public Duration expectedTime(AlgorithmChoice choice) {
        double nanos = choice.estimatedNanos() / solver.threads();
        return nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos((long) nanos);
    }

    /**
     * Solves the XPOW proof of {@code choice} for {@code transaction} of the offer's
     * session. The future completes with the command to send, or with a
     * {@link java.util.concurrent.TimeoutException} after {@code budget};
     * cancelling it stops the threads.
     */
    public CompletableFuture<XpowCommand> prove(XpowOffer offer, AlgorithmChoice choice, int transaction,
                                               int recipients, Duration budget, ProgressListener listener) {
        if (choice.binding() != PowAlgorithm.Binding.CHALLENGE) {
            throw new IllegalArgumentException(choice.algorithm() + " is not proven with XPOW but with stamps");
        }
        PowAlgorithm algorithm = supported.algorithm(choice.algorithm())
            .orElseThrow(() -> new IllegalArgumentException("unsupported algorithm " + choice.algorithm()));
        byte[] prefix = ProofInput.of(algorithm.name(), offer.challenge(), transaction, recipients).prefix();
        CompletableFuture<Solution> search = solver.solve(algorithm, prefix, choice.bits(), budget, listener);
        CompletableFuture<XpowCommand> command = search.thenApply(solution ->
            XpowCommand.of(algorithm.name(), recipients, Nonce.of(solution.nonce())));
        // Cancelling the command stops the search threads.
        command.whenComplete((done, failure) -> search.cancel(true));
        return command;
    }

    private static Optional<AlgorithmChoice> choice(PowAlgorithm algorithm, int offered, int recipients) {
        boolean xpow = algorithm.binding() == PowAlgorithm.Binding.CHALLENGE;
        int bits = xpow ? DifficultyPolicy.forRecipients(offered, recipients) : offered;
        if (bits > algorithm.maxBits()) {
            return Optional.empty();
        }
        return Optional.of(AlgorithmChoice.of(algorithm, bits, xpow ? 1 : recipients));
    }
}
