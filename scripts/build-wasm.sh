#!/usr/bin/env bash
# Builds the zkcred-wasm npm package into target/zkcred-wasm-pkg (or $1):
# the tools from scripts/wasm-tools.sh (rustup's wasm32 target,
# wasm-bindgen-cli at exactly the crate's version, wasm-opt from npm's
# binaryen), then package.json, README and the TypeScript declarations.
#
#   bash scripts/build-wasm.sh [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/target/zkcred-wasm-pkg}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

source "$root/scripts/wasm-tools.sh"

cargo build -q -p zkcred-wasm --target wasm32-unknown-unknown --profile wasm-release
raw="$target_dir/wasm32-unknown-unknown/wasm-release/zkcred_wasm.wasm"
rm -rf "$out" && mkdir -p "$out"
"$bindgen" --target web --typescript --out-dir "$out" "$raw"
wasm_opt "$out/zkcred_wasm_bg.wasm" "$out/zkcred_wasm_bg.opt.wasm"
mv "$out/zkcred_wasm_bg.opt.wasm" "$out/zkcred_wasm_bg.wasm"
cp wasm/npm/package.json wasm/npm/README.md "$out/"
echo "zkcred-wasm package in $out: $(stat -c %s "$out/zkcred_wasm_bg.wasm") bytes of wasm"
