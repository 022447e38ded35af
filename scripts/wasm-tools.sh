# Sourced by the scripts that build WebAssembly (scripts/build-wasm.sh,
# benches/peer/run.sh): installs, once, rustup's wasm32 target,
# wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (cached
# under the cargo target dir's tools/) and npm's binaryen (wasm/tests/node_modules), and sets
#   $bindgen    the wasm-bindgen binary
#   wasm_opt    a function: wasm_opt IN OUT [FLAGS...], at -O3 with the
#               features rustc enables by default for wasm32-unknown-unknown
#               and FLAGS (e.g. --enable-threads for the threaded build)
# Expects $root (the repository).
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

wasm_bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
[ -n "$wasm_bindgen_version" ] || { echo "wasm-bindgen not found in Cargo.lock"; exit 1; }
tools="${CARGO_TARGET_DIR:-$root/target}/tools"
bindgen="$tools/bin/wasm-bindgen"
if [ ! -x "$bindgen" ] || [ "$("$bindgen" --version)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  echo "installing wasm-bindgen-cli $wasm_bindgen_version into $tools (once per machine; cargo" \
    "compiles about 150 crates: 4-5 min on 2 idle cores)"
  installing_started=$SECONDS
  cargo install -q wasm-bindgen-cli --version "$wasm_bindgen_version" --root "$tools" --force
  echo "wasm-bindgen-cli installed in $((SECONDS - installing_started)) s"
fi

if [ ! -x "$root/wasm/tests/node_modules/.bin/wasm-opt" ]; then
  (cd "$root/wasm/tests" && npm ci --no-audit --no-fund --loglevel=error)
fi
wasm_opt() {
  "$root/wasm/tests/node_modules/.bin/wasm-opt" -O3 \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "${@:3}" "$1" -o "$2"
}
