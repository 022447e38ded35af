#!/usr/bin/env bash
# Builds zkcred-wasm's ceremony module (`contribute`, a phase-2 ceremony
# contribution: the crate's `ceremony` feature alone) into OUT_DIR, as the
# npm package ships it under ceremony/: zkcred_ceremony.js,
# zkcred_ceremony_bg.wasm and its .d.ts. The main bundle has no room for
# it under its 2 MB budget, so it is a separate module the package's
# `contribute` (wasm/npm/ceremony.js) loads on first use. Its ZkcredError is
# the package's one class: the module's copy of errors.js re-exports
# `../errors.js` of the package root (OUT_DIR/..), so `instanceof
# ZkcredError` holds for its errors too. scripts/build-wasm.sh calls this;
# scripts/test-circom.sh calls it alone.
#
#   bash scripts/build-wasm-ceremony.sh OUT_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$1"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

source "$root/scripts/wasm-tools.sh"

cargo build -q -p zkcred-wasm --target wasm32-unknown-unknown --profile wasm-release \
  --no-default-features --features ceremony
raw="$target_dir/wasm32-unknown-unknown/wasm-release/zkcred_wasm.wasm"
rm -rf "$out" && mkdir -p "$out"
"$bindgen" --target web --typescript --out-name zkcred_ceremony --out-dir "$out" "$raw"
wasm_opt "$out/zkcred_ceremony_bg.wasm" "$out/zkcred_ceremony_bg.opt.wasm"
mv "$out/zkcred_ceremony_bg.opt.wasm" "$out/zkcred_ceremony_bg.wasm"
snippet=$(cd "$out" && ls snippets/*/npm/errors.js)
[ "$(printf '%s\n' "$snippet" | wc -l)" = 1 ] || { echo "expected one errors.js snippet, found: $snippet"; exit 1; }
printf '// The package'"'"'s ZkcredError class, as the ceremony module imports it.\nexport { ZkcredError, KINDS } from "../../../../errors.js";\n' > "$out/$snippet"
echo "zkcred-wasm ceremony module in $out: $(stat -c %s "$out/zkcred_ceremony_bg.wasm") bytes of wasm"
