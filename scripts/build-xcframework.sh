#!/usr/bin/env bash
# Makes the zkcred Swift package (bindings/uniffi/swift): the generated
# Swift sources and the FFI module the package's Package.swift names.
#
#   bash scripts/build-xcframework.sh
#
# On macOS (Xcode 15 or later, rustup): builds libzkcred_ffi.a for
# aarch64-apple-ios (devices) and aarch64-apple-ios-sim + x86_64-apple-ios
# (simulators, merged with lipo), and `xcodebuild -create-xcframework` makes
# ZkcredFFI.xcframework with Headers/{ZkcredFFI.h, module.modulemap} per
# slice. Xcode looks for a module map named exactly `module.modulemap`;
# uniffi-bindgen writes `ZkcredFFI.modulemap`, so it is copied under that
# name.
#
# On Linux (this CI machine): the same sources and headers, and
# linux/ZkcredFFI/module.modulemap linking libzkcred_ffi.so, which is what
# Package.swift uses on Linux; scripts/test-swift.sh then builds the package
# with `swift build` in its chroot. The Apple part cannot run here.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
pkg="$root/bindings/uniffi/swift"
mobile="$target/mobile"

[ -n "${ZKCRED_BINDINGS_READY:-}" ] || bash scripts/gen-bindings.sh
rm -rf "$pkg/Sources" "$pkg/linux"
mkdir -p "$pkg/Sources/Zkcred"
cp "$mobile/swift/Zkcred.swift" "$pkg/Sources/Zkcred/"
headers="$mobile/xcframework-headers"
rm -rf "$headers" && mkdir -p "$headers"
cp "$mobile/swift/ZkcredFFI.h" "$headers/"
cp "$mobile/swift/ZkcredFFI.modulemap" "$headers/module.modulemap"

if [ "$(uname -s)" = Darwin ]; then
  apple="$target/apple"
  for t in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios; do
    rustup target add "$t" >/dev/null
    echo "building libzkcred_ffi.a for $t"
    cargo build -q --release -p zkcred-ffi --lib --target "$t"
  done
  mkdir -p "$apple/sim"
  lipo -create "$target/aarch64-apple-ios-sim/release/libzkcred_ffi.a" \
    "$target/x86_64-apple-ios/release/libzkcred_ffi.a" -output "$apple/sim/libzkcred_ffi.a"
  rm -rf "$pkg/ZkcredFFI.xcframework"
  xcodebuild -create-xcframework \
    -library "$target/aarch64-apple-ios/release/libzkcred_ffi.a" -headers "$headers" \
    -library "$apple/sim/libzkcred_ffi.a" -headers "$headers" \
    -output "$pkg/ZkcredFFI.xcframework"
  echo "made $pkg/ZkcredFFI.xcframework"
else
  # The module on Linux: the same header, and a module map that links the
  # shared library (found with -L at build time, LD_LIBRARY_PATH at run time).
  mkdir -p "$pkg/linux/ZkcredFFI"
  cp "$mobile/swift/ZkcredFFI.h" "$pkg/linux/ZkcredFFI/"
  cat > "$pkg/linux/ZkcredFFI/module.modulemap" <<'MAP'
module ZkcredFFI [system] {
    header "ZkcredFFI.h"
    link "zkcred_ffi"
    export *
}
MAP
  echo "made the Linux layout of $pkg (the XCFramework needs macOS and Xcode:"
  echo "run this script there; headers for it are in $headers)"
fi
