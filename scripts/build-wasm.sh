#!/usr/bin/env bash
# Builds the zkcred-wasm npm package into target/zkcred-wasm-pkg (or $1):
# the tools from scripts/wasm-tools.sh (rustup's wasm32 target,
# wasm-bindgen-cli at exactly the crate's version, wasm-opt from npm's
# binaryen), then package.json, README, the TypeScript declarations and the
# package's JavaScript (wasm/npm: the entries index.js (browser) and node.js,
# the ZkcredError class, the request builder, the async holder API and its
# worker).
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
# The package's JavaScript. errors.js is the ZkcredError class that the wasm
# module imports (wasm-bindgen copies it under snippets/): the package root
# re-exports that one copy, so `instanceof ZkcredError` holds for errors from
# the module and from the JS alike.
for f in index.js index.d.ts node.js errors.d.ts engine.js cache.js holder.js request.js worker.js; do
  cp "wasm/npm/$f" "$out/"
done
# zkcred's JSON-LD context (docs/data-integrity.md section 8).
mkdir -p "$out/contexts" && cp core/contexts/zkcred-v1.jsonld "$out/contexts/"
snippet=$(cd "$out" && ls snippets/*/npm/errors.js)
[ "$(printf '%s\n' "$snippet" | wc -l)" = 1 ] || { echo "expected one errors.js snippet, found: $snippet"; exit 1; }
printf '// The ZkcredError class, as the wasm module imports it.\nexport { ZkcredError, KINDS } from "./%s";\n' "$snippet" > "$out/errors.js"
# The ceremony module (`contribute`; zkcred-wasm's `ceremony` feature):
# separate, the main bundle has no room for it (issue #13).
cp wasm/npm/ceremony.js "$out/"
bash scripts/build-wasm-ceremony.sh "$out/ceremony"
echo "zkcred-wasm package in $out: $(stat -c %s "$out/zkcred_wasm_bg.wasm") bytes of wasm"
