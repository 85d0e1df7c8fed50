/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 *
 * Solve rate of a reference Equihash solver, Debian's libequihash (stef/equihash,
 * Khovratovich's 2016 code), to compare with ours on one thread. A bench peer
 * only: built here against the system library, never linked into what we ship.
 * See james-smtorp-benchmarks/equihash-vs-reference.sh and docs/xpow.md.
 *
 * Usage: equihash_reference_rate N K SEEDS
 *
 * For each of SEEDS seeds, solve() tries nonces 2, 3, ... until a run yields a
 * solution with distinct indices and returns that one (it keeps only the first).
 * The nonce it returns says how many Wagner runs that took, so the output has
 * runs/s as well as proofs/s. Every returned solution is checked with verify().
 */
#include <equihash.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Our XPOW prefix for equihash is 47 bytes: 48 keeps a BLAKE2b input (seed,
 * 4-byte nonce, 4-byte index) within one 128-byte block, as ours is. */
enum { SEED_BYTES = 48 };

static double seconds(clockid_t clock) {
    struct timespec now;
    clock_gettime(clock, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s N K SEEDS\n", argv[0]);
        return 2;
    }
    unsigned n = (unsigned) strtoul(argv[1], NULL, 10);
    unsigned k = (unsigned) strtoul(argv[2], NULL, 10);
    long seeds = strtol(argv[3], NULL, 10);
    /* The reference keeps n/(k+1) bits of each 32-bit word of one 32-byte BLAKE2b output. */
    if (k < 1 || k > 7 || n % (k + 1) != 0 || n / (k + 1) > 32 || seeds < 1) {
        fprintf(stderr, "the reference needs k from 1 to 7, n/(k+1) whole and at most 32, SEEDS >= 1\n");
        return 2;
    }
    size_t length = solsize(n, k);
    unsigned char *solution = malloc(length);
    unsigned char seed[SEED_BYTES];
    long runs = 0;
    double wallStart = seconds(CLOCK_MONOTONIC);
    double cpuStart = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (long s = 0; s < seeds; s++) {
        memset(seed, 0, sizeof seed);
        memcpy(seed, "SMTorP-XPOW-1 reference rate", 28);
        for (int i = 0; i < 8; i++) {
            seed[SEED_BYTES - 8 + i] = (unsigned char) (s >> (8 * i));
        }
        if (!solve(n, k, seed, sizeof seed, solution, length)) {
            fprintf(stderr, "seed %ld: no solution\n", s);
            return 1;
        }
        if (!verify(n, k, seed, sizeof seed, solution, length)) {
            fprintf(stderr, "seed %ld: the reference's own solution does not verify\n", s);
            return 1;
        }
        /* The first 4 bytes are the nonce, big-endian; the first run used nonce 2. */
        unsigned long nonce = ((unsigned long) solution[0] << 24) | (solution[1] << 16) | (solution[2] << 8)
            | solution[3];
        runs += (long) nonce - 1;
    }
    double wall = seconds(CLOCK_MONOTONIC) - wallStart;
    double cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart;
    printf("reference libequihash (%u,%u) threads=1 proofs=%ld runs=%ld runs/proof=%.2f wall=%.2f s cpu=%.2f s"
        " runs/s=%.2f proofs/s=%.2f ms/run=%.1f cpu ms/run=%.1f cpu ms/proof=%.1f\n",
        n, k, seeds, runs, runs / (double) seeds, wall, cpu, runs / wall, seeds / wall, 1000 * wall / runs,
        1000 * cpu / runs, 1000 * cpu / seeds);
    free(solution);
    return 0;
}
