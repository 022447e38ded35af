#!/usr/bin/env bash
# Builds libzkcred_ffi (release by default) and generates its Kotlin and Swift bindings
# in library mode, with the uniffi-bindgen of the exact uniffi version the
# library uses, plus fresh development keys for the mobile tests.
#
#   bash scripts/gen-bindings.sh        # -> target/mobile/{kotlin,swift,keys}
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
out="$target/mobile"

# ZKCRED_MOBILE_PROFILE=dev builds the library with the dev profile (its
# dependencies are optimised there too): faster to build, used by CI's test
# run; release (the default) is what the benchmark figures use.
profile="${ZKCRED_MOBILE_PROFILE:-release}"
profile_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
cargo build -q --profile "$profile" -p zkcred-ffi --lib --example prove_native
cargo build -q -p uniffi-bindgen
lib="$target/$profile_dir/libzkcred_ffi.so"
for language in kotlin swift; do
  rm -rf "${out:?}/$language"
  "$target/debug/uniffi-bindgen" generate --library "$lib" --language "$language" \
    --out-dir "$out/$language" --no-format
done
echo "generated $(find "$out/kotlin" "$out/swift" -type f | wc -l) files in target/mobile/{kotlin,swift}"

# Keys are made at test time (the circuit may change); never committed.
rm -rf "$out/keys"
cargo run -q -p zkcred-cli -- setup --out-dir "$out/keys" >/dev/null
echo "development keys in target/mobile/keys"
