/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Solvers kept between searches, with their tables (some megabytes each, arrays large enough
 * for the garbage collector to place them apart): a server that pays proof after proof reuses
 * them instead of allocating new ones each time, which made James's heap grow by some 50 MiB
 * over 100 paid mails. At most {@code limit} are kept, one per solving thread. Thread safe.
 */
public final class SpareSolvers {
    private final int limit;
    private final Deque<EquihashSolver> spare = new ArrayDeque<>();

    private SpareSolvers(int limit) {
        this.limit = limit;
    }

    /** @param limit how many to keep: the threads that solve at once */
    public static SpareSolvers upTo(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a negative number of spare solvers: " + limit);
        }
        return new SpareSolvers(limit);
    }

    /** A spare solver, or a new one; not shared until given back. */
    public synchronized EquihashSolver borrow() {
        return spare.isEmpty() ? new EquihashSolver() : spare.pop();
    }

    /** {@code solver} is free again; kept if fewer than the limit are. */
    public synchronized void giveBack(EquihashSolver solver) {
        if (spare.size() < limit && !spare.contains(solver)) {
            spare.push(solver);
        }
    }

    synchronized int kept() {
        return spare.size();
    }
}
