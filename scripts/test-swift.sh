#!/usr/bin/env bash
# The Swift client of zkcred-ffi (issue #6), compiled with a real Swift
# compiler: Debian trixie's `swiftlang` in a chroot made with debootstrap
# (bookworm has no Swift), reused from target/swift-chroot when present
# (about 3.2 GB). The bookworm-built libzkcred_ffi.so and the generated
# Swift sources are copied in, compiled with swiftc against the generated
# module map, and the same flow as the Kotlin client runs there.
#
#   bash scripts/test-swift.sh        # needs root (debootstrap, chroot, mount)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
section() { printf '\n== swift: %s ==\n' "$*"; }
started=$SECONDS
chroot_dir="$target/swift-chroot"

section "chroot with swiftlang (Debian trixie)"
if [ ! -x "$chroot_dir/usr/bin/swiftc" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
  # The Debian mirror apt already uses here.
  mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -oE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' | head -1 | awk '{print $2}' || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  mkdir -p "$target" && df -h "$target" | tail -1
  echo "debootstrap trixie from $mirror (about a minute)"
  [ -f "$chroot_dir/etc/os-release" ] || debootstrap --variant=minbase trixie "$chroot_dir" "$mirror" >/dev/null
  cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
  echo "installing swiftlang in the chroot (about 2 GB)"
  chroot "$chroot_dir" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >/dev/null'
fi
# /proc inside the chroot: swiftc finds its runtime through $ORIGIN, which
# the loader resolves through /proc/self/exe (the binary is a symlink).
mounted=""
cleanup() { if [ -n "$mounted" ]; then umount "$chroot_dir/proc" || true; fi; }
trap cleanup EXIT
if ! mountpoint -q "$chroot_dir/proc"; then mount -t proc proc "$chroot_dir/proc" && mounted=1; fi
chroot "$chroot_dir" swiftc --version 2>&1 | head -1
echo "chroot ready after $((SECONDS - started)) s"

section "bindings"
[ -n "${ZKCRED_BINDINGS_READY:-}" ] || bash scripts/gen-bindings.sh
mobile="$target/mobile"

section "Swift client (swiftc)"
work="$chroot_dir/zkcred"
rm -rf "$work" && mkdir -p "$work/lib" "$work/src" "$work/keys" "$work/run"
. scripts/profile.sh
profile="${ZKCRED_MOBILE_PROFILE:-$zkcred_profile}"
profile_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
cp "${ZKCRED_MOBILE_LIB_DIR:-$target/$profile_dir}/libzkcred_ffi.so" "$work/lib/"
cp "$mobile"/swift/* "$work/src/"
cp bindings/uniffi/tests/swift/main.swift "$work/src/main.swift"
# The keys the Kotlin client made; without them the Swift client makes its own
# through the FFI.
if [ -f "$mobile/keys/presentation.pk" ]; then
  cp "$mobile"/keys/presentation.pk "$mobile"/keys/presentation.vk "$work/keys/"
fi
chroot "$chroot_dir" /bin/sh -c 'cd /zkcred && swiftc -O -module-name ZkcredSwiftTest \
  -I src -Xcc -fmodule-map-file=src/ZkcredFFI.modulemap -L lib -lzkcred_ffi \
  src/Zkcred.swift src/main.swift -o zkcred-swift-test'
echo "compiled after $((SECONDS - started)) s"
chroot "$chroot_dir" /usr/bin/env LD_LIBRARY_PATH=/zkcred/lib /zkcred/zkcred-swift-test /zkcred/keys /zkcred/run

if [ -n "${ZKCRED_XD_SERVER:-}" ]; then
  section "Swift client: cross-device OpenID4VP against the demo server"
  # docs/openid4vp.md 12: URLSession from the chroot to the demo server
  # scripts/test-mobile.sh started on 127.0.0.1 (about 50 s to compile
  # unoptimised, 12 s to run under load).
  mkdir -p "$work/xd"
  cp bindings/uniffi/tests/swift/cross-device/main.swift "$work/xd/main.swift"
  chroot "$chroot_dir" /bin/sh -c 'cd /zkcred && swiftc -module-name ZkcredCrossDevice \
    -I src -Xcc -fmodule-map-file=src/ZkcredFFI.modulemap -L lib -lzkcred_ffi \
    src/Zkcred.swift xd/main.swift -o zkcred-swift-cross-device'
  chroot "$chroot_dir" /usr/bin/env LD_LIBRARY_PATH=/zkcred/lib /zkcred/zkcred-swift-cross-device "$ZKCRED_XD_SERVER"
fi

section "Swift package (bindings/uniffi/swift: Package.swift, Linux layout)"
# The package an app adds (scripts/build-xcframework.sh; on Linux its FFI
# module links libzkcred_ffi.so): the manifest is read and the package built
# with SwiftPM, as Xcode would on macOS with the XCFramework.
ZKCRED_BINDINGS_READY=1 bash scripts/build-xcframework.sh
rm -rf "$work/pkg" && mkdir -p "$work/pkg"
cp -r bindings/uniffi/swift/Package.swift bindings/uniffi/swift/Sources bindings/uniffi/swift/linux "$work/pkg/"
chroot "$chroot_dir" /bin/sh -c 'cd /zkcred/pkg && swift package describe --type json >/dev/null \
  && echo "swift package describe: ok" \
  && swift build -Xlinker -L/zkcred/lib 2>&1 | tail -1'
echo "package built after $((SECONDS - started)) s"

section "done in $((SECONDS - started)) s"
