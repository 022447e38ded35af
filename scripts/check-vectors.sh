#!/usr/bin/env bash
# Regenerates every committed interoperability vector with circomlibjs into a
# temporary tree and fails if any differs from the committed file: the
# vectors the Rust tests check are exactly what the reference implementation
# produces. Needs `npm ci` in scripts/vectors first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/circuits/src/poseidon" "$tmp/circuits/tests/vectors"
cd "$root/scripts/vectors"
for gen in gen-*.mjs; do
  ZKCRED_VECTOR_ROOT="$tmp/" node "$gen" >/dev/null
done
cd "$root"
status=0
for f in circuits/src/poseidon/constants.bin circuits/src/poseidon/constants_opt.bin circuits/tests/vectors/*.json; do
  rel="${f}"
  [ -e "$tmp/$rel" ] || continue
  if cmp -s "$root/$rel" "$tmp/$rel"; then
    echo "ok: $rel matches circomlibjs"
  else
    echo "MISMATCH: $rel differs from a fresh circomlibjs run"; status=1
  fi
done
for f in circuits/tests/vectors/*.json; do [ -e "$tmp/$f" ] || { echo "MISSING generator output for $f"; status=1; }; done
# The Data Integrity cryptosuite's vectors (docs/data-integrity.md section
# 9), made by zkcred: circomlibjs recomputes their Poseidon hashes and
# verifies their signature, decoded from the multibase proofValue with
# @scure/base; their credential expands losslessly with jsonld (safe mode,
# local contexts) and validates against the VC 2.0 JSON Schema (ajv).
# Extra credentials to check the same way: $ZKCRED_DI_CREDENTIALS.
# shellcheck disable=SC2086
node scripts/vectors/check-data-integrity.mjs core/tests/vectors/data-integrity.json ${ZKCRED_DI_CREDENTIALS:-} || status=1
exit $status
