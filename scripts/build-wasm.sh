#!/usr/bin/env bash
# Builds the zkcred-wasm npm package into target/zkcred-wasm-pkg (or $1):
# the tools from scripts/wasm-tools.sh (rustup's wasm32 target,
# wasm-bindgen-cli at exactly the crate's version, wasm-opt from npm's
# binaryen), then package.json, README, the TypeScript declarations and the
# package's JavaScript (wasm/npm: the entries index.js (browser) and node.js,
# the ZkcredError class, the request builder, the async holder API and its
# worker).
#
# Two builds of the module go in the package: the single-threaded one at the
# package root (every environment) and the threaded one under mt/ (browsers
# with cross-origin isolation: worker.js picks it at load, see
# wasm/npm/worker.js). The threaded build is wasm32 with atomics and bulk
# memory, so std is rebuilt for it (RUSTC_BOOTSTRAP=1 -Zbuild-std, rustup's
# rust-src) into its own target subdirectory (wasm-mt/), where its RUSTFLAGS
# never invalidate the single-threaded build's cache. ZKCRED_WASM_THREADS=0
# skips it (the package then always runs single-threaded).
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

# The threaded build (feature `threads`: zkcred-core's `parallel` on a rayon
# pool of Web Workers from wasm-bindgen-rayon), by scripts/wasm-tools.sh's
# cargo_build_wasm_mt (atomics, -Zbuild-std, the shared-memory link
# arguments, panics aborting at once, its own target subdirectory wasm-mt/).
if [ "${ZKCRED_WASM_THREADS:-1}" != 0 ]; then
  cargo_build_wasm_mt -p zkcred-wasm --features threads
  mkdir -p "$out/mt"
  "$bindgen" --target web --typescript --out-dir "$out/mt" \
    "$wasm_mt_target/wasm32-unknown-unknown/wasm-release/zkcred_wasm.wasm"
  wasm_opt "$out/mt/zkcred_wasm_bg.wasm" "$out/mt/zkcred_wasm_bg.opt.wasm" --enable-threads
  mv "$out/mt/zkcred_wasm_bg.opt.wasm" "$out/mt/zkcred_wasm_bg.wasm"
  # One ZkcredError class for both builds: the threaded module's copy of
  # errors.js re-exports the package's.
  mt_snippet=$(cd "$out/mt" && ls snippets/*/npm/errors.js)
  [ "$(printf '%s\n' "$mt_snippet" | wc -l)" = 1 ] || { echo "expected one errors.js snippet in mt/, found: $mt_snippet"; exit 1; }
  printf '// The package'"'"'s ZkcredError class (one class for both builds).\nexport { ZkcredError, KINDS } from "../../../../errors.js";\n' \
    > "$out/mt/$mt_snippet"
  echo "threaded build in $out/mt: $(stat -c %s "$out/mt/zkcred_wasm_bg.wasm") bytes of wasm"
fi
echo "zkcred-wasm package in $out: $(stat -c %s "$out/zkcred_wasm_bg.wasm") bytes of wasm"
