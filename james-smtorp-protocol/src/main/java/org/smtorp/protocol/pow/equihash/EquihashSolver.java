/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Wagner's algorithm for Equihash (n,k): finds every solution of one input, as
 * Zcash's reference solver does.
 *
 * <p>Compact layout, no object per entry: each level is a flat table of buckets
 * (the first {@code bucketBits} collision bits of the level) of fixed capacity.
 * A slot holds the hash bits still to collide, without the bucket bits, packed in
 * ints, and in a per-level tree array either the hash index (level 0) or one int
 * naming the two colliding slots of the level below (bucket, slot, slot). Index
 * lists exist only for the final candidates, rebuilt by following those
 * references. Candidates with a repeated index are dropped at the end, which finds
 * the same set as dropping them level by level (a repeated index below stays
 * repeated above).
 *
 * <p>The tables are kept between runs with the same parameters: one instance per
 * thread, not thread-safe.
 */
public final class EquihashSolver {
    /** Collision bits resolved inside a bucket; the rest select the bucket (about 1024 slots each). */
    private static final int IN_BUCKET_BITS = 9;
    private static final long MAX_REFERENCE = 1L << 32;
    private static final int STOP_POLL_GROUPS = 256;

    private Layout layout;
    private long droppedEntries;

    /**
     * All solutions of {@code input}, each the {@code 2^k} indices in Zcash's order
     * (at every node the subtree with the smaller first index on the left), all
     * indices distinct, in lexicographic order.
     *
     * @param stopped polled between groups of hashes and between buckets
     * @throws CancellationException when {@code stopped} answered true; the solver stays usable
     * @throws IllegalArgumentException when the parameters need more memory than this layout addresses
     */
    public List<int[]> solve(EquihashParameters parameters, String tag, byte[] input, BooleanSupplier stopped) {
        Layout current = layoutFor(parameters);
        droppedEntries = 0;
        generate(current, EquihashHashes.of(parameters, tag, input), stopped);
        int k = parameters.k();
        for (int level = 0; level < k - 1; level++) {
            collide(current, level, stopped);
        }
        List<int[]> solutions = finalRound(current, stopped);
        solutions.sort(Arrays::compare);
        return solutions;
    }

    /** Bytes of the tables this solver keeps between runs (0 before the first run): its memory. */
    public long tableBytes() {
        Layout t = layout;
        if (t == null) {
            return 0;
        }
        long ints = (long) t.even.length + t.odd.length + t.head.length + t.chain.length + t.scratch.length;
        for (int level = 0; level < t.trees.length; level++) {
            ints += t.trees[level].length + t.counts[level].length;
        }
        return 4 * ints + t.output.length;
    }

    /** Entries lost to full buckets in the last run (each may have cost solutions); zero in practice. */
    long droppedEntries() {
        return droppedEntries;
    }

    private Layout layoutFor(EquihashParameters parameters) {
        if (layout == null || !layout.parameters.equals(parameters)) {
            layout = null; // let the old tables go before allocating the new ones
            layout = new Layout(parameters);
        }
        return layout;
    }

    private void generate(Layout t, EquihashHashes hashes, BooleanSupplier stopped) {
        EquihashParameters p = t.parameters;
        int perOutput = p.hashesPerBlake2b();
        int hashBytes = p.hashBytes();
        int hashCount = p.hashCount();
        int stride = t.strides[0];
        int[] words = t.scratch;
        int[] table = t.hashTable(0);
        int[] indices = t.trees[0];
        int[] counts = t.counts[0];
        Arrays.fill(counts, 0);
        int groups = (hashCount + perOutput - 1) / perOutput;
        for (int group = 0; group < groups; group++) {
            if (group % STOP_POLL_GROUPS == 0 && stopped.getAsBoolean()) {
                throw new CancellationException("Equihash solver stopped while generating hashes");
            }
            hashes.output(group, t.output);
            for (int i = 0; i < perOutput; i++) {
                int index = group * perOutput + i;
                if (index >= hashCount) {
                    break;
                }
                Arrays.fill(words, 0);
                int from = i * hashBytes;
                for (int b = 0; b < hashBytes; b++) {
                    words[b >>> 2] |= (t.output[from + b] & 0xff) << (24 - 8 * (b & 3));
                }
                int bucket = bits(words, 0, t.bucketBits);
                int slot = counts[bucket];
                if (slot == t.capacity) {
                    droppedEntries++;
                    continue;
                }
                counts[bucket] = slot + 1;
                int id = bucket * t.capacity + slot;
                indices[id] = index;
                int at = id * stride;
                for (int w = 0; w < stride; w++) {
                    table[at + w] = bits(words, t.bucketBits + 32 * w, 32);
                }
            }
        }
    }

    /** Pairs the entries of {@code level} that collide on its next bits into {@code level + 1}. */
    private void collide(Layout t, int level, BooleanSupplier stopped) {
        int stride = t.strides[level];
        int nextStride = t.strides[level + 1];
        int[] table = t.hashTable(level);
        int[] nextTable = t.hashTable(level + 1);
        int[] counts = t.counts[level];
        int[] nextCounts = t.counts[level + 1];
        int[] references = t.trees[level + 1];
        int[] xor = t.scratch;
        int[] head = t.head;
        int[] chain = t.chain;
        int capacity = t.capacity;
        int keyShift = 32 - t.inBucketBits;
        int inBucketBits = t.inBucketBits;
        int collisionBits = t.parameters.collisionBits();
        int bucketBits = t.bucketBits;
        Arrays.fill(nextCounts, 0);
        // bits() reads past this level's stride: the scratch's tail must be zero
        Arrays.fill(xor, 0);
        for (int bucket = 0; bucket < t.buckets; bucket++) {
            if (stopped.getAsBoolean()) {
                throw new CancellationException("Equihash solver stopped at level " + (level + 1));
            }
            Arrays.fill(head, -1);
            int base = bucket * capacity;
            int count = counts[bucket];
            for (int s = 0; s < count; s++) {
                int at = (base + s) * stride;
                int key = table[at] >>> keyShift;
                for (int other = head[key]; other >= 0; other = chain[other]) {
                    int otherAt = (base + other) * stride;
                    for (int w = 0; w < stride; w++) {
                        xor[w] = table[at + w] ^ table[otherAt + w];
                    }
                    int nextBucket = bits(xor, inBucketBits, bucketBits);
                    int nextSlot = nextCounts[nextBucket];
                    if (nextSlot == capacity) {
                        droppedEntries++;
                        continue;
                    }
                    nextCounts[nextBucket] = nextSlot + 1;
                    int id = nextBucket * capacity + nextSlot;
                    references[id] = (int) (((long) base + other) * capacity + s);
                    int nextAt = id * nextStride;
                    for (int w = 0; w < nextStride; w++) {
                        nextTable[nextAt + w] = bits(xor, collisionBits + 32 * w, 32);
                    }
                }
                chain[s] = head[key];
                head[key] = s;
            }
        }
    }

    /** Pairs the entries of the last level equal on all their remaining bits: the candidates. */
    private List<int[]> finalRound(Layout t, BooleanSupplier stopped) {
        int level = t.parameters.k() - 1;
        int stride = t.strides[level];
        int[] table = t.hashTable(level);
        int[] counts = t.counts[level];
        int[] head = t.head;
        int[] chain = t.chain;
        int capacity = t.capacity;
        int keyShift = 32 - t.inBucketBits;
        List<int[]> solutions = new ArrayList<>();
        for (int bucket = 0; bucket < t.buckets; bucket++) {
            if (stopped.getAsBoolean()) {
                throw new CancellationException("Equihash solver stopped in the final round");
            }
            Arrays.fill(head, -1);
            int base = bucket * capacity;
            int count = counts[bucket];
            for (int s = 0; s < count; s++) {
                int at = (base + s) * stride;
                int key = table[at] >>> keyShift;
                for (int other = head[key]; other >= 0; other = chain[other]) {
                    if (Arrays.equals(table, at, at + stride, table, (base + other) * stride,
                        (base + other + 1) * stride)) {
                        // Most candidates repeat an index: build them in scratch, copy the few kept.
                        int[] candidate = t.candidate;
                        int half = candidate.length / 2;
                        indices(t, level, base + other, candidate, 0);
                        indices(t, level, base + s, candidate, half);
                        orderHalves(candidate, 0, half);
                        if (distinct(candidate, t.sorted)) {
                            solutions.add(candidate.clone());
                        }
                    }
                }
                chain[s] = head[key];
                head[key] = s;
            }
        }
        return solutions;
    }

    /** Writes the indices under slot {@code id} of {@code level} into {@code out} at {@code offset}, in order. */
    private static void indices(Layout t, int level, int id, int[] out, int offset) {
        if (level == 0) {
            out[offset] = t.trees[0][id];
            return;
        }
        long reference = t.trees[level][id] & 0xffffffffL;
        int capacity = t.capacity;
        int right = (int) (reference % capacity);
        long bucketAndLeft = reference / capacity;
        int left = (int) (bucketAndLeft % capacity);
        int base = (int) (bucketAndLeft / capacity) * capacity;
        int half = 1 << (level - 1);
        indices(t, level - 1, base + left, out, offset);
        indices(t, level - 1, base + right, out, offset + half);
        orderHalves(out, offset, half);
    }

    /** Zcash's order: the subtree whose first index is smaller goes left. */
    private static void orderHalves(int[] out, int offset, int half) {
        if (out[offset] > out[offset + half]) {
            for (int i = offset; i < offset + half; i++) {
                int swap = out[i];
                out[i] = out[i + half];
                out[i + half] = swap;
            }
        }
    }

    private static boolean distinct(int[] candidate, int[] sorted) {
        System.arraycopy(candidate, 0, sorted, 0, candidate.length);
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code count} (0 to 32) bits of the big-endian bit string {@code words} from
     * {@code offset}, right-aligned; bits past the array's meaningful part must be zero.
     */
    private static int bits(int[] words, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        int word = offset >>> 5;
        int shift = offset & 31;
        int value = shift == 0 ? words[word] : (words[word] << shift) | (words[word + 1] >>> (32 - shift));
        return count == 32 ? value : value >>> (32 - count);
    }

    /** The tables for one (n,k), kept between runs. */
    private static final class Layout {
        final EquihashParameters parameters;
        final int bucketBits;
        final int inBucketBits;
        final int buckets;
        final int capacity;
        /** Ints per slot at each level: the bits still to collide, less the bucket bits. */
        final int[] strides;
        /** Per level: the hash index (level 0) or the reference to the two slots below. */
        final int[][] trees;
        final int[][] counts;
        /** Levels alternate between two tables: a level is built from the one below and then dropped. */
        final int[] even;
        final int[] odd;
        final int[] head;
        final int[] chain;
        final int[] scratch;
        final byte[] output;
        final int[] candidate;
        final int[] sorted;

        Layout(EquihashParameters parameters) {
            this.parameters = parameters;
            int collisionBits = parameters.collisionBits();
            int k = parameters.k();
            bucketBits = Math.max(0, collisionBits - IN_BUCKET_BITS);
            inBucketBits = collisionBits - bucketBits;
            buckets = 1 << bucketBits;
            int mean = parameters.hashCount() / buckets;
            // Six standard deviations of a Poisson count above the mean (20% at 1024): about
            // one bucket in 10^9 overflows, and loses an entry, hence perhaps a solution.
            capacity = mean + 6 * (int) Math.ceil(Math.sqrt(mean)) + 16;
            if ((long) buckets * capacity * capacity > MAX_REFERENCE) {
                throw new IllegalArgumentException("Equihash " + parameters + " is too large for this solver");
            }
            strides = new int[k];
            int slots = buckets * capacity;
            int evenStride = 0;
            int oddStride = 0;
            for (int level = 0; level < k; level++) {
                int bits = parameters.n() - level * collisionBits - bucketBits;
                strides[level] = (bits + 31) / 32;
                if (level % 2 == 0) {
                    evenStride = Math.max(evenStride, strides[level]);
                } else {
                    oddStride = Math.max(oddStride, strides[level]);
                }
            }
            trees = new int[k][slots];
            counts = new int[k][buckets];
            even = new int[slots * evenStride];
            odd = new int[slots * oddStride];
            head = new int[1 << inBucketBits];
            chain = new int[capacity];
            scratch = new int[(parameters.n() + 31) / 32 + 2];
            output = new byte[parameters.hashesPerBlake2b() * parameters.hashBytes()];
            candidate = new int[parameters.solutionIndices()];
            sorted = new int[parameters.solutionIndices()];
        }

        int[] hashTable(int level) {
            return level % 2 == 0 ? even : odd;
        }
    }
}
