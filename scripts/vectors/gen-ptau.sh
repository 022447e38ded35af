#!/usr/bin/env bash
# Regenerates the snarkjs-made phase-1 vectors of core/tests/circom_phase1.rs
# (or writes them to DIR): a power-4 powers of tau from snarkjs, blank
# (pot4_0), after a contribution (pot4_1), after a beacon (pot4_2), and
# prepared for phase 2 (pot4_2_prepared). zkcred must reproduce pot4_0,
# pot4_2 from pot4_1, and pot4_2_prepared from pot4_2, byte for byte.
#
#   bash scripts/vectors/gen-ptau.sh [DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$(realpath -m "${1:-core/tests/vectors/ptau}")"
mkdir -p "$out"
[ -d scripts/vectors/node_modules/snarkjs ] || (cd scripts/vectors && npm ci --no-audit --no-fund --loglevel=error)
snarkjs() { node scripts/vectors/node_modules/snarkjs/build/cli.cjs "$@"; }
rm -f "$out"/pot4_*.ptau
beacon=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20
snarkjs powersoftau new bn128 4 "$out/pot4_0.ptau" >/dev/null
snarkjs powersoftau contribute "$out/pot4_0.ptau" "$out/pot4_1.ptau" --name=first -e="zkcred phase-1 vector" >/dev/null
snarkjs powersoftau beacon "$out/pot4_1.ptau" "$out/pot4_2.ptau" "$beacon" 10 -n="final beacon" >/dev/null
snarkjs powersoftau prepare phase2 "$out/pot4_2.ptau" "$out/pot4_2_prepared.ptau" >/dev/null
echo "wrote the phase-1 vectors to $out"
