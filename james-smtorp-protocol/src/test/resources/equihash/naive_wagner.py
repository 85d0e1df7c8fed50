#!/usr/bin/env python3
"""An independent Equihash (n,k) solver, to cross-check EquihashSolver's vectors once.

Straight from the construction (Biryukov and Khovratovich, NDSS 2016; Zcash protocol
specification, section "Equihash"), standard library only: hash i is bytes
(i mod 512/n)*n/8 onwards of BLAKE2b(person = tag | le32(n) | le32(k), digest
(512/n)*n/8 bytes, message input | le32(i div 512/n)); whole hashes are Python ints,
colliding entries are grouped with a dict (no buckets, no packing), every pair of a
group is kept, and the last level pairs entries equal on all remaining bits.
Candidates with a repeated index are dropped; each solution is printed in Zcash's order
(at each node the subtree with the smaller first index on the left).

Usage: naive_wagner.py N K TAG INPUT_HEX   -> prints one 'solution i1,i2,...' line each,
in lexicographic order. (120,5) needs about 2 GB and a few minutes.
"""
import hashlib
import sys


def solve(n, k, tag, data):
    c = n // (k + 1)
    per = 512 // n
    size = per * n // 8
    person = tag.encode('ascii') + n.to_bytes(4, 'little') + k.to_bytes(4, 'little')
    count = 1 << (c + 1)
    hashes = []
    for g in range((count + per - 1) // per):
        out = hashlib.blake2b(data + g.to_bytes(4, 'little'), digest_size=size, person=person).digest()
        for i in range(per):
            if len(hashes) < count:
                hashes.append(int.from_bytes(out[i * n // 8:(i + 1) * n // 8], 'big'))
    # levels[r] = list of references: an index (r = 0) or a pair of positions in levels[r-1]
    levels = [list(range(count))]
    values = hashes
    mask = (1 << c) - 1
    for r in range(1, k):
        groups = {}
        shift = n - r * c
        for pos, v in enumerate(values):
            groups.setdefault((v >> shift) & mask, []).append(pos)
        refs, new_values = [], []
        for members in groups.values():
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    refs.append((members[a], members[b]))
                    new_values.append(values[members[a]] ^ values[members[b]])
        levels.append(refs)
        values = new_values
        print('level %d: %d entries' % (r, len(values)), file=sys.stderr)
    groups = {}
    for pos, v in enumerate(values):
        groups.setdefault(v, []).append(pos)

    def indices(level, pos):
        if level == 0:
            return [levels[0][pos]]
        a, b = levels[level][pos]
        left, right = indices(level - 1, a), indices(level - 1, b)
        return left + right if left[0] < right[0] else right + left

    solutions = set()
    for members in groups.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                left, right = indices(k - 1, members[a]), indices(k - 1, members[b])
                candidate = left + right if left[0] < right[0] else right + left
                if len(set(candidate)) == len(candidate):
                    solutions.add(tuple(candidate))
    return sorted(solutions)


def main():
    n, k, tag, data = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], bytes.fromhex(sys.argv[4])
    for solution in solve(n, k, tag, data):
        print('solution ' + ','.join(map(str, solution)))


if __name__ == '__main__':
    main()
