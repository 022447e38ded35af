#!/usr/bin/env bash
# The side-by-side benchmark: zkcred against circom + snarkjs on the same two
# statements (see README.md here), on this machine, in one run. Installs its
# npm packages, compiles the circom twins with --O2, makes (and caches) a
# powers-of-tau file and the Groth16 keys, runs both provers on the same
# values (natively and in WebAssembly: zkcred native, snarkjs and zkcred
# wasm in Node, snarkjs and zkcred wasm in headless Chromium, the latter
# single-threaded and on a pool of the browser's cores), measures each
# stack's on-chain verification gas in revm, and writes
# target/peer/results.md.
#
#   bash benches/peer/run.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-7}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
out="$root/target/peer"
mkdir -p "$out"
cd "$here"
step() { printf '\n== peer: %s ==\n' "$*"; }
snarkjs() { node "$here/node_modules/snarkjs/build/cli.cjs" "$@"; }

step "npm packages"
npm ci --no-audit --no-fund --loglevel=error

step "circom --O2"
for c in age_signature presentation; do
  node node_modules/circom2/cli.js "circuits/$c.circom" --r1cs --wasm --O2 -o "$out" | grep -E "constraints|public inputs"
done

step "powers of tau (cached in $out/ptau)"
ptau="$out/ptau/pot14_final.ptau"
if [ ! -s "$ptau" ]; then
  mkdir -p "$out/ptau"
  snarkjs powersoftau new bn128 14 "$out/ptau/pot14_0.ptau"
  snarkjs powersoftau contribute "$out/ptau/pot14_0.ptau" "$out/ptau/pot14_1.ptau" \
    --name=zkcred-bench -e="zkcred peer benchmark, not a ceremony"
  snarkjs powersoftau prepare phase2 "$out/ptau/pot14_1.ptau" "$ptau.tmp"
  mv "$ptau.tmp" "$ptau"
  rm -f "$out/ptau/pot14_0.ptau" "$out/ptau/pot14_1.ptau"
fi

step "snarkjs Groth16 keys"
for c in age_signature presentation; do
  snarkjs groth16 setup "$out/$c.r1cs" "$ptau" "$out/${c}_0.zkey" >/dev/null
  snarkjs zkey contribute "$out/${c}_0.zkey" "$out/$c.zkey" --name=bench -e="bench" >/dev/null
  snarkjs zkey export verificationkey "$out/$c.zkey" "$out/$c.vkey.json" >/dev/null
  rm -f "$out/${c}_0.zkey"
done

step "zkcred native (also writes the shared inputs)"
(cd "$root" && cargo run -q --release -p zkcred-benches --example peer -- "$out" "$runs")

step "snarkjs in Node"
node snarkjs-bench.mjs "$out" "$runs"

step "zkcred wasm: build (wasm32, the browser package's profile, wasm-opt -O3; single-threaded, then threaded)"
source "$root/scripts/wasm-tools.sh"
(cd "$root" && cargo build -q -p zkcred-peer-wasm --target wasm32-unknown-unknown --profile wasm-release)
pkg="$out/zkcred-peer-wasm"
rm -rf "$pkg" && mkdir -p "$pkg"
"$bindgen" --target web --out-dir "$pkg" "$target_dir/wasm32-unknown-unknown/wasm-release/zkcred_peer_wasm.wasm"
wasm_opt "$pkg/zkcred_peer_wasm_bg.wasm" "$pkg/opt.wasm" && mv "$pkg/opt.wasm" "$pkg/zkcred_peer_wasm_bg.wasm"
# The threaded build (feature `threads`), as zkcred-wasm's mt/ is built.
(cd "$root" && cargo_build_wasm_mt -p zkcred-peer-wasm --features threads)
pkg_mt="$out/zkcred-peer-wasm-mt"
rm -rf "$pkg_mt" && mkdir -p "$pkg_mt"
"$bindgen" --target web --out-dir "$pkg_mt" "$wasm_mt_target/wasm32-unknown-unknown/wasm-release/zkcred_peer_wasm.wasm"
wasm_opt "$pkg_mt/zkcred_peer_wasm_bg.wasm" "$pkg_mt/opt.wasm" --enable-threads && mv "$pkg_mt/opt.wasm" "$pkg_mt/zkcred_peer_wasm_bg.wasm"

step "zkcred wasm in Node"
node wasm-bench.mjs "$out" "$runs"

step "snarkjs and zkcred wasm in headless Chromium"
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian)"
  (apt-get install -y -qq chromium >/dev/null 2>&1) || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
fi
node browser-bench.mjs "$out" "$runs" >"$out/chromium.log" || { cat "$out/chromium.log"; exit 1; }
grep -E "^page: (cross-origin|zkcred wasm threads)" "$out/chromium.log" || true
node -e 'for (const f of ["snarkjs-chromium", "zkcred-wasm-chromium"]) { const r = require(process.argv[1] + "/" + f + ".json"); for (const x of r.results) console.log(f, x.statement, x.prover ?? "", x.threads ?? "", x.prove_ms.toFixed(1), "ms"); }' "$out"

step "on-chain verification gas: snarkjs's exported verifier and zkcred's, in revm"
(cd "$root/contracts" && npm ci --no-audit --no-fund --loglevel=error)
for c in age_signature presentation; do
  snarkjs zkey export solidityverifier "$out/$c.zkey" "$out/${c}_snarkjs.sol" >/dev/null
  node "$root/contracts/build.js" --file "$out/${c}_snarkjs.sol" --out "$out/${c}_snarkjs_sol"
  snarkjs wtns calculate "$out/${c}_js/$c.wasm" "$out/$c.input.json" "$out/$c.wtns" >/dev/null
  snarkjs groth16 prove "$out/$c.zkey" "$out/$c.wtns" "$out/$c.proof.json" "$out/$c.public.json" >/dev/null
done
(cd "$root" && cargo run -q --release -p zkcred-contracts --example peer_gas -- "$out") >"$out/gas.md"

step "table"
{ node report.mjs "$out"; cat "$out/gas.md"; } | tee "$out/results.md"
