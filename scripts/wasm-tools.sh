# Sourced by the scripts that build WebAssembly (scripts/build-wasm.sh,
# benches/peer/run.sh): installs, once, rustup's wasm32 target,
# wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (cached
# under the cargo target dir's tools/) and npm's binaryen (wasm/tests/node_modules), and sets
#   $bindgen    the wasm-bindgen binary
#   wasm_opt    a function: wasm_opt IN OUT [FLAGS...], at -O3 with the
#               features rustc enables by default for wasm32-unknown-unknown
#               and FLAGS (e.g. --enable-threads for the threaded build)
#   cargo_build_wasm_mt
#               a function: cargo_build_wasm_mt CARGO_ARGS..., builds a
#               threaded wasm32 module (e.g. `-p zkcred-wasm --features
#               threads`) with the wasm-release profile into
#               $wasm_mt_target/wasm32-unknown-unknown/wasm-release/
#   $wasm_mt_target  the threaded builds' own cargo target directory
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

# The threaded builds (zkcred-wasm's `mt/`, the peer benchmark's
# zkcred-peer-wasm-mt): wasm32 with atomics and bulk memory, so std is
# rebuilt for it (RUSTC_BOOTSTRAP=1 -Zbuild-std, rustup's rust-src) into a
# target subdirectory of its own (wasm-mt/), where these RUSTFLAGS never
# invalidate the single-threaded build's cache. rustc does not link a shared
# memory by itself: the link arguments are wasm-bindgen's for threads (an
# imported shared memory of at most 1 GiB, the TLS exports). Panics abort at
# once (`immediate-abort`: no panic message formatting, which keeps the
# bundle small; nothing printed them in the browser anyway), and without
# panic locations (`-Zlocation-detail=none`, the same reason). Package the
# output with `wasm_opt IN OUT --enable-threads`.
wasm_mt_target="${CARGO_TARGET_DIR:-$root/target}/wasm-mt"
cargo_build_wasm_mt() {
  rustup component list --installed 2>/dev/null | grep -q '^rust-src' || rustup component add rust-src
  local flags="-C target-feature=+atomics,+bulk-memory,+mutable-globals -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
  local a
  for a in --shared-memory --max-memory=1073741824 --import-memory --export=__wasm_init_tls \
    --export=__tls_size --export=__tls_align --export=__tls_base; do
    flags="$flags -Clink-arg=$a"
  done
  RUSTC_BOOTSTRAP=1 RUSTFLAGS="$flags" CARGO_TARGET_DIR="$wasm_mt_target" \
    cargo build -q --target wasm32-unknown-unknown --profile wasm-release -Zbuild-std=panic_abort,std "$@"
}
