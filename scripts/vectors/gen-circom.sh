#!/usr/bin/env bash
# Regenerates the snarkjs-made circom vectors of core/tests/circom.rs (or
# writes them to DIR): zkcred exports its test circuit (cubic.r1cs) and a
# witness (cubic.wtns); snarkjs makes a power-6 powers of tau (a
# contribution, a beacon, prepared for phase 2), a Groth16 zkey of the test
# circuit, a phase-2 contribution and a beacon on it, its verification key,
# and a proof.
#
#   bash scripts/vectors/gen-circom.sh [DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$(realpath -m "${1:-core/tests/vectors/circom}")"
mkdir -p "$out"
[ -d scripts/vectors/node_modules/snarkjs ] || (cd scripts/vectors && npm ci --no-audit --no-fund --loglevel=error)
snarkjs() { node scripts/vectors/node_modules/snarkjs/build/cli.cjs "$@"; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

ZKCRED_REGENERATE_VECTORS=1 ZKCRED_CIRCOM_VECTORS="$out" \
  cargo test -q -p zkcred-core --test circom test_circuit_r1cs >/dev/null
beacon=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20
snarkjs powersoftau new bn128 6 "$tmp/pot_0.ptau" >/dev/null
snarkjs powersoftau contribute "$tmp/pot_0.ptau" "$tmp/pot_1.ptau" --name=first -e="zkcred test entropy" >/dev/null
snarkjs powersoftau beacon "$tmp/pot_1.ptau" "$tmp/pot_2.ptau" "$beacon" 10 -n="final beacon" >/dev/null
snarkjs powersoftau prepare phase2 "$tmp/pot_2.ptau" "$out/pot6_final.ptau" >/dev/null
snarkjs groth16 setup "$out/cubic.r1cs" "$out/pot6_final.ptau" "$out/cubic_0000.zkey" >/dev/null
snarkjs zkey contribute "$out/cubic_0000.zkey" "$tmp/cubic_0001.zkey" --name="zkcred test" -e="more entropy" >/dev/null
snarkjs zkey beacon "$tmp/cubic_0001.zkey" "$out/cubic_final.zkey" "$beacon" 10 -n="final beacon" >/dev/null
snarkjs zkey export verificationkey "$out/cubic_final.zkey" "$out/cubic_verification_key.json" >/dev/null
snarkjs wtns check "$out/cubic.r1cs" "$out/cubic.wtns" >/dev/null
snarkjs groth16 prove "$out/cubic_final.zkey" "$out/cubic.wtns" "$out/cubic_proof.json" "$out/cubic_public.json"
echo "wrote the circom vectors to $out"
