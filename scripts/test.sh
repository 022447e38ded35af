#!/usr/bin/env bash
# The whole zkcred test suite, on a fresh machine: installs what it needs
# (npm packages for the interoperability checks), then runs the format and
# lint checks, every Rust test, the CLI demo, and the checks against tools
# nobody here wrote (circomlibjs regenerates the committed vectors; snarkjs
# verifies a zkcred proof and reads zkcred's circom-format files).
#
#   bash scripts/test.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR=never
# A one-shot run gains nothing from incremental caches (4.6 GB of target/).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Each section says how long the one before it took, so a slower build or
# test shows where it is.
section_started=$SECONDS
section() {
  printf '(%s s)\n\n== %s ==\n' "$((SECONDS - section_started))" "$*"; disk; section_started=$SECONDS
}
disk() { df -h --output=avail,used "$root" | tail -1 | awk '{print "disk: " $1 " free, " $2 " used"}'; du -sh "$root/target" 2>/dev/null | awk '{print "target/: " $1}' || true; }
started=$SECONDS

section "toolchain"
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first"; exit 1; }
if command -v rustup >/dev/null; then rustup component add rustfmt clippy >/dev/null 2>&1 || true; fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing Node.js and npm (Debian packages)"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
cargo --version; node --version

section "format"
cargo fmt --all --check

section "clippy"
cargo clippy --workspace --all-targets -- -D warnings

section "build sharing: one feature set per shared crate across the build commands"
# A crate whose features differ between two build commands is compiled
# twice, with everything above it (core/workspace-hack/Cargo.toml).
python3 scripts/check-build-sharing.py

section "dependencies: cargo deny (licenses, bans, sources; deny.toml)"
# cargo-deny 0.20 (deny.toml's format), built from source once per machine
# (4.5 min on the 2-core CI machine); the check itself takes about a second.
if ! cargo deny --version 2>/dev/null | grep -q '^cargo-deny 0\.20\.'; then
  echo "installing cargo-deny 0.20"
  cargo install cargo-deny --version '~0.20' --locked || cargo install cargo-deny --version '~0.20'
fi
cargo deny --version
cargo deny check licenses bans sources
# proptest's regression seeds replay every failure found, on every machine:
# they are committed, so nothing may ignore them.
for seeds in core/proptest-regressions/x.txt circuits/tests/x.proptest-regressions; do
  if git check-ignore -q --no-index "$seeds" 2>/dev/null; then
    echo "git ignores $seeds: proptest regression seeds must be committed"; exit 1
  fi
done

section "tests"
# The CLI's OpenID4VP test also leaves the request and responses it made
# here, for the interoperability check below (no extra run).
openid4vp_dir="$root/target/ci-openid4vp"
rm -rf "$openid4vp_dir"
ZKCRED_OPENID4VP_OUT="$openid4vp_dir" cargo test --workspace
# From here on the scripts reuse the dev profile that `cargo test` built
# (scripts/profile.sh).
export ZKCRED_PROFILE=dev
# The criterion benches, each function once (criterion's test mode), so a
# bench that no longer runs is caught here rather than when measuring.
ZKCRED_BENCH_REVOKED=2000 cargo test -p zkcred-benches --benches

section "interoperability: circomlibjs and snarkjs"
(cd scripts/vectors && npm ci --no-audit --no-fund --loglevel=error)
bash scripts/check-vectors.sh
demo_dir="$root/target/ci-demo"
cargo run -q -p zkcred-cli -- demo --data-dir "$demo_dir"
snarkjs() { node scripts/vectors/node_modules/snarkjs/build/cli.cjs "$@"; }
snarkjs groth16 verify \
  "$demo_dir/snarkjs/verification_key.json" "$demo_dir/snarkjs/public.json" "$demo_dir/snarkjs/proof.json"
# ... and rejects it once a public input (the challenge) changes.
node -e 'const f=process.argv[1]; const p=require(f); p[2]=(BigInt(p[2])+1n).toString(); require("fs").writeFileSync(f+".tampered.json", JSON.stringify(p))' \
  "$demo_dir/snarkjs/public.json"
if snarkjs groth16 verify "$demo_dir/snarkjs/verification_key.json" "$demo_dir/snarkjs/public.json.tampered.json" \
  "$demo_dir/snarkjs/proof.json"; then
  echo "snarkjs accepted a proof with a changed public input"; exit 1
fi
echo "snarkjs rejects the proof with a changed challenge, as it must"

section "interoperability: the OpenID4VP profile (npm dcql, @openid4vc/openid4vp)"
# docs/openid4vp.md section 8: the example requests and responses, with the
# demo's credential for DcqlQuery.query.
node scripts/vectors/check-openid4vp.mjs \
  --request docs/examples/openid4vp-request-direct-post.json \
  --response docs/examples/openid4vp-response-direct-post.json \
  --credential "$demo_dir/alice.credential.json"
node scripts/vectors/check-openid4vp.mjs \
  --request docs/examples/openid4vp-request-dc-api.json \
  --response docs/examples/openid4vp-response-dc-api.json \
  --origin https://shop.example \
  --credential "$demo_dir/alice.credential.json"
# ... and a request and responses made by the zkcred CLI in this run
# (cli/tests/cli.rs, test openid4vp_request_prove_verify_and_refusals_...;
# about 1 s of node).
node scripts/vectors/check-openid4vp.mjs \
  --request "$openid4vp_dir/cli-oid.json" \
  --response "$openid4vp_dir/cli-resp.json" \
  --credential "$openid4vp_dir/cli-alice.vc.json"
node scripts/vectors/check-openid4vp.mjs \
  --request "$openid4vp_dir/cli-dc.json" \
  --response "$openid4vp_dir/cli-dc-resp.json" \
  --origin https://shop.example \
  --credential "$openid4vp_dir/cli-alice.vc.json"
# The cross-device forms (docs/openid4vp.md 12): the QR code's URL, the
# Request Object and the form-encoded direct_post body of core's test
# cross_device_by_reference_and_form_body_verify (about 0.5 s of node).
node scripts/vectors/check-openid4vp.mjs \
  --request-url "$openid4vp_dir/xd-url.txt" \
  --request-object "$openid4vp_dir/xd-request.jwt" \
  --form-body "$openid4vp_dir/xd-body.txt"

section "interoperability: credentials as W3C Data Integrity (jsonld, ajv, circomlibjs)"
# docs/data-integrity.md: the credentials the demo and the CLI test made in
# this run, through the same checks as the committed vectors (about 1 s).
node scripts/vectors/check-data-integrity.mjs core/tests/vectors/data-integrity.json \
  "$demo_dir/alice.credential.json" "$openid4vp_dir/cli-alice.vc.json"

section "circom formats: r1cs info, wtns check, ptau and zkey round trips with snarkjs"
bash scripts/test-circom.sh

section "python: the zkcred package (maturin wheel, pytest, stubtest)"
bash scripts/test-python.sh
section "on chain: Solidity contracts (solc), revm tests, exported verifier"
bash scripts/test-contracts.sh
section "mobile SDK: Kotlin (JVM + JNA) and Swift clients of zkcred-ffi"
bash scripts/test-mobile.sh
section "aarch64 (the phones' architecture, under qemu-user): EdDSA and the circomlibjs vectors"
bash scripts/test-aarch64.sh
section "browser (wasm): Node API tests and headless Chromium end to end"
bash scripts/test-wasm.sh

section "done in $((SECONDS - started)) s"
