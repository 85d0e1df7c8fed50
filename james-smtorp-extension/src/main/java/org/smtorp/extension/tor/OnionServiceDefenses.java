/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What tor itself does against a flood at our onion, before any connection reaches James:
 * the limit of simultaneous streams on one rendezvous circuit (closing a circuit that asks
 * for more), and the onion-service proof of work (proposal 327), which makes clients pay for
 * introductions when the service is under load. Each becomes an argument of {@code ADD_ONION}
 * (tor control-spec; checked against tor 0.4.9): {@code MaxStreams=}, the flag
 * {@code MaxStreamsCloseCircuit}, {@code PoWDefensesEnabled=1}, {@code PoWQueueRate=},
 * {@code PoWQueueBurst=}. A {@code HiddenServiceDir} (tor.mode=static) takes the same as torrc
 * options: {@link #torrcLines()}.
 */
public final class OnionServiceDefenses {
    /** Tor's own bound for {@code HiddenServiceMaxStreams}. */
    public static final int MOST_STREAMS = 65535;
    /** At least what our own delivery opens to one onion at once (maxSessionsPerDestination, 4), and Postfix's most (20). */
    public static final int DEFAULT_MAX_STREAMS = 20;

    private final int maxStreams;
    private final boolean closeCircuitOverMaxStreams;
    private final boolean proofOfWork;
    private final OptionalInt powQueueRate;
    private final OptionalInt powQueueBurst;

    private OnionServiceDefenses(int maxStreams, boolean closeCircuitOverMaxStreams, boolean proofOfWork,
                                 OptionalInt powQueueRate, OptionalInt powQueueBurst) {
        this.maxStreams = maxStreams;
        this.closeCircuitOverMaxStreams = closeCircuitOverMaxStreams;
        this.proofOfWork = proofOfWork;
        this.powQueueRate = powQueueRate;
        this.powQueueBurst = powQueueBurst;
    }

    /** The shipped defaults: 20 streams per circuit, a circuit asking for more closed, proof of work on. */
    public static OnionServiceDefenses defaults() {
        return new OnionServiceDefenses(DEFAULT_MAX_STREAMS, true, true, OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * @param maxStreams streams at once on one rendezvous circuit, 0 for no limit
     * @throws IllegalArgumentException when a number is out of tor's range
     */
    public static OnionServiceDefenses of(int maxStreams, boolean closeCircuitOverMaxStreams, boolean proofOfWork,
                                          OptionalInt powQueueRate, OptionalInt powQueueBurst) {
        if (maxStreams < 0 || maxStreams > MOST_STREAMS) {
            throw new IllegalArgumentException("max streams must be from 0 (no limit) to " + MOST_STREAMS
                + ", not " + maxStreams);
        }
        powQueueRate.ifPresent(rate -> requireNotNegative("PoW queue rate", rate));
        powQueueBurst.ifPresent(burst -> requireNotNegative("PoW queue burst", burst));
        return new OnionServiceDefenses(maxStreams, closeCircuitOverMaxStreams, proofOfWork, powQueueRate,
            powQueueBurst);
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
        }
    }

    public int maxStreams() {
        return maxStreams;
    }

    public boolean closesCircuitOverMaxStreams() {
        return closeCircuitOverMaxStreams;
    }

    public boolean hasProofOfWork() {
        return proofOfWork;
    }

    /** Flags of {@code ADD_ONION}, for its {@code Flags=} argument. */
    List<String> addOnionFlags() {
        return closeCircuitOverMaxStreams && maxStreams > 0 ? List.of("MaxStreamsCloseCircuit") : List.of();
    }

    /** Keyword arguments of {@code ADD_ONION}, e.g. {@code MaxStreams=20}, {@code PoWDefensesEnabled=1}. */
    List<String> addOnionArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add("MaxStreams=" + maxStreams);
        // Off is tor's default: said by leaving the keywords out, which a tor without the PoW module accepts.
        if (proofOfWork) {
            arguments.add("PoWDefensesEnabled=1");
            powQueueRate.ifPresent(rate -> arguments.add("PoWQueueRate=" + rate));
            powQueueBurst.ifPresent(burst -> arguments.add("PoWQueueBurst=" + burst));
        }
        return List.copyOf(arguments);
    }

    /** The same as torrc options, for a {@code HiddenServiceDir} tor owns (tor.mode=static). */
    public List<String> torrcLines() {
        List<String> lines = new ArrayList<>();
        lines.add("HiddenServiceMaxStreams " + maxStreams);
        lines.add("HiddenServiceMaxStreamsCloseCircuit " + (closeCircuitOverMaxStreams ? 1 : 0));
        lines.add("HiddenServicePoWDefensesEnabled " + (proofOfWork ? 1 : 0));
        if (proofOfWork) {
            powQueueRate.ifPresent(rate -> lines.add("HiddenServicePoWQueueRate " + rate));
            powQueueBurst.ifPresent(burst -> lines.add("HiddenServicePoWQueueBurst " + burst));
        }
        return List.copyOf(lines);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OnionServiceDefenses)) {
            return false;
        }
        OnionServiceDefenses that = (OnionServiceDefenses) o;
        return maxStreams == that.maxStreams && closeCircuitOverMaxStreams == that.closeCircuitOverMaxStreams
            && proofOfWork == that.proofOfWork && powQueueRate.equals(that.powQueueRate)
            && powQueueBurst.equals(that.powQueueBurst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxStreams, closeCircuitOverMaxStreams, proofOfWork, powQueueRate, powQueueBurst);
    }

    @Override
    public String toString() {
        return "streams per circuit " + (maxStreams == 0 ? "unlimited" : maxStreams
            + (closeCircuitOverMaxStreams ? " (circuit closed over it)" : "")) + ", proof of work "
            + (proofOfWork ? "on" : "off");
    }
}
