#!/usr/bin/env bash
# Fills the zkcred Android library module (bindings/uniffi/android): the
# generated Kotlin bindings, and libzkcred_ffi.so for each ABI when the NDK
# is there.
#
#   bash scripts/build-android.sh       # then: ./gradlew :zkcred:assembleRelease in the app
#
# The NDK part needs `cargo install cargo-ndk`, ANDROID_NDK_HOME (NDK r27)
# and `rustup target add aarch64-linux-android armv7-linux-androideabi
# x86_64-linux-android`; it builds for API 26 (the module's minSdk). Without
# an NDK (this CI machine) only the Kotlin sources are written, and
# scripts/test-mobile.sh compiles them with kotlinc.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
module="$root/bindings/uniffi/android"

[ -n "${ZKCRED_BINDINGS_READY:-}" ] || bash scripts/gen-bindings.sh
rm -rf "$module/src/main/kotlin"
mkdir -p "$module/src/main/kotlin"
cp -r "$target/mobile/kotlin/." "$module/src/main/kotlin/"
echo "Kotlin bindings in $module/src/main/kotlin"

if command -v cargo-ndk >/dev/null && [ -n "${ANDROID_NDK_HOME:-}" ]; then
  cargo ndk --platform 26 -t arm64-v8a -t armeabi-v7a -t x86_64 \
    -o "$module/src/main/jniLibs" build --release -p zkcred-ffi --lib
  echo "native libraries in $module/src/main/jniLibs"
else
  echo "no cargo-ndk or ANDROID_NDK_HOME: native libraries not built (see the script's header)"
fi
