# Licensed under the Apache License, Version 2.0. See the LICENSE file at the root of this repository.
# A plain Wagner search for Equihash solutions, independent of the Java code (numpy and
# hashlib.blake2b), used once to make the SMTorPoW vectors in smtorp-valid.txt:
#   python3 independent-wagner.py N K TAG INPUT-HEX > solutions.txt
import hashlib, struct, sys
import numpy as np
n, k, tag, inp = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode(), bytes.fromhex(sys.argv[4])
c = n // (k + 1)
per = 512 // n
hb = n // 8
person = tag + struct.pack('<II', n, k)
N = 1 << (c + 1)
base = hashlib.blake2b(digest_size=per * hb, person=person)
base.update(inp)
raw = bytearray()
for g in range((N + per - 1) // per):
    h = base.copy(); h.update(struct.pack('<I', g)); raw += h.digest()
raw = np.frombuffer(bytes(raw), dtype=np.uint8)[: N * hb].reshape(N, hb)
# chunks: (k+1) values of c bits, big-endian
bits = np.unpackbits(raw, axis=1)
weights = (1 << np.arange(c - 1, -1, -1)).astype(np.int64)
X = np.stack([bits[:, j * c:(j + 1) * c].astype(np.int64) @ weights for j in range(k + 1)], axis=1)
del bits
pointers = []  # per round: (left, right) into the previous round's entries
for r in range(k):
    if r < k - 1:
        key = X[:, r]
    else:
        key = (X[:, r] << c) | X[:, r + 1]
    order = np.argsort(key, kind='stable')
    ks = key[order]
    L, R = [], []
    d = 1
    while True:
        m = ks[:-d] == ks[d:] if d < len(ks) else np.zeros(0, bool)
        if not m.any():
            break
        i = np.nonzero(m)[0]
        L.append(order[i]); R.append(order[i + d])
        d += 1
    L = np.concatenate(L); R = np.concatenate(R)
    NX = X[L] ^ X[R]
    keep = np.any(NX[:, r + 1:] != 0, axis=1) if r < k - 1 else np.ones(len(L), bool)
    L, R, NX = L[keep], R[keep], NX[keep]
    if r < k - 1 and len(L) > 4 * N:
        L, R, NX = L[:4 * N], R[:4 * N], NX[:4 * N]
    pointers.append((L, R))
    X = NX
    print('round', r + 1, len(L), file=sys.stderr)
def expand(r, e):
    if r < 0:
        return [int(e)]
    L, R = pointers[r]
    a, b = expand(r - 1, L[e]), expand(r - 1, R[e])
    return a + b if a[0] < b[0] else b + a
found = 0
for e in range(len(pointers[-1][0])):
    idx = expand(k - 1, e)
    if len(set(idx)) == len(idx):
        print(n, k, tag.decode(), inp.hex(), ','.join(map(str, idx)))
        found += 1
print('solutions', found, file=sys.stderr)
