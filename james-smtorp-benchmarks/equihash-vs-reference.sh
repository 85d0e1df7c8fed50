#!/usr/bin/env bash
# Solve rate of our Equihash solver against a C reference, one thread each, same
# (n,k), the same kind of seeds, in turn: docs/xpow.md section 10, "Our Equihash
# solver against a C reference".
#
#   james-smtorp-benchmarks/equihash-vs-reference.sh [SEEDS] [N ...]
#   (defaults: 20 seeds, n = 96; k is 5; add 120 for (120,5): the reference then
#    takes about 6 CPU seconds and 900 MB per run)
#
# The reference is Debian's libequihash (stef/equihash 1.0.6, Khovratovich's 2016
# code; Debian: GPL-3+ with the solver files CC0). It is a bench peer only, like
# Debian's hashcash: built here against the system library, never part of what we
# ship, never in bin/test. Install it with: apt-get install libequihash-dev
#
# Each side prints proofs/s (seeds solved: runs over nonces until the first
# solution), runs/s (Wagner runs) and CPU seconds. Quote CPU seconds on a shared
# machine: wall time there measures the neighbours.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${1:-20}"
shift || true
sizes=("${@:-96}")
k=5
target="$root/james-smtorp-benchmarks/target"
driver="$target/equihash_reference_rate"

if [ ! -f /usr/include/equihash.h ] || ! ldconfig -p 2>/dev/null | grep -q 'libequihash\.so'; then
    echo "equihash-vs-reference: the C reference is NOT installed (no /usr/include/equihash.h or libequihash.so)." >&2
    echo "  Install it with: apt-get install libequihash-dev   (a bench peer only, never shipped)" >&2
    echo "  Nothing was compared." >&2
    exit 3
fi
command -v gcc >/dev/null 2>&1 || { echo "equihash-vs-reference: gcc is required to build the reference driver" >&2; exit 3; }

mkdir -p "$target"
gcc -O2 -Wall -Wextra -o "$driver" "$root/james-smtorp-benchmarks/src/main/c/equihash_reference_rate.c" -lequihash
if [ ! -f "$target/james-smtorp-benchmarks.jar" ]; then
    echo "equihash-vs-reference: building the benchmarks (mvn package, tests skipped)..." >&2
    (cd "$root" && mvn -B -q -o package -pl james-smtorp-benchmarks -am -DskipTests) >&2
fi
classpath="$target/james-smtorp-benchmarks.jar:$target/lib/*"

# Peak resident memory of the whole process, from GNU time when present.
measure() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "  peak RSS %M KiB, user %U s, wall %e s" "$@"
    else
        "$@"
    fi
}

for n in "${sizes[@]}"; do
    echo "== Equihash ($n,$k), $seeds seeds, 1 thread each"
    measure "$driver" "$n" "$k" "$seeds"
    measure java -Xmx192m -cp "$classpath" org.smtorp.benchmarks.EquihashProofRateMeasure "$n" "$k" "$seeds"
done
