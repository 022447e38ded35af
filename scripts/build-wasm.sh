#!/usr/bin/env bash
# Builds the zkcred-wasm npm package into target/zkcred-wasm-pkg (or $1):
# rustup's wasm32 target, wasm-bindgen-cli at exactly the wasm-bindgen
# version in Cargo.lock (cached under target/tools), wasm-opt from npm's
# binaryen (wasm/tests/node_modules), then package.json, README and the
# TypeScript declarations.
#
#   bash scripts/build-wasm.sh [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/target/zkcred-wasm-pkg}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
tools="$root/target/tools"

rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$version" ] || { echo "wasm-bindgen not found in Cargo.lock"; exit 1; }
bindgen="$tools/bin/wasm-bindgen"
if [ ! -x "$bindgen" ] || [ "$("$bindgen" --version)" != "wasm-bindgen $version" ]; then
  echo "installing wasm-bindgen-cli $version into $tools (a few minutes)"
  cargo install -q wasm-bindgen-cli --version "$version" --root "$tools" --force
fi

if [ ! -x wasm/tests/node_modules/.bin/wasm-opt ]; then
  (cd wasm/tests && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo build -q -p zkcred-wasm --target wasm32-unknown-unknown --profile wasm-release
raw="$target_dir/wasm32-unknown-unknown/wasm-release/zkcred_wasm.wasm"
rm -rf "$out" && mkdir -p "$out"
"$bindgen" --target web --typescript --out-dir "$out" "$raw"
# The features rustc enables by default for wasm32-unknown-unknown.
wasm/tests/node_modules/.bin/wasm-opt -O3 \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/zkcred_wasm_bg.wasm" -o "$out/zkcred_wasm_bg.opt.wasm"
mv "$out/zkcred_wasm_bg.opt.wasm" "$out/zkcred_wasm_bg.wasm"
cp wasm/npm/package.json wasm/npm/README.md "$out/"
echo "zkcred-wasm package in $out: $(stat -c %s "$out/zkcred_wasm_bg.wasm") bytes of wasm"
