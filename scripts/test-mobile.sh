#!/usr/bin/env bash
# The mobile SDK's tests (issues #6, #15): zkcred-ffi's Rust tests, then the
# Kotlin client compiled with a real Kotlin compiler (npm `kotlin-compiler`,
# pinned in bindings/uniffi/tests/kotlin/package-lock.json) and run on the
# JVM with JNA against the release libzkcred_ffi.so, then the native Rust
# baseline of the same proof for BENCHMARKS.md. Installs what it needs (JNA
# from Debian, the compiler from npm).
#
# One cargo build of the library: `cargo test --profile P` builds the cdylib,
# the baseline example and the Rust tests in one profile (release unless
# ZKCRED_MOBILE_PROFILE=dev); the bindings are generated from that library
# (scripts/gen-bindings.sh, whose own `cargo build` is then a no-op), and
# the development keys are made by the Kotlin client through the FFI (no CLI
# build).
#
#   bash scripts/test-mobile.sh
#
# Then the Swift client (scripts/test-swift.sh; ZKCRED_MOBILE_SWIFT=0 skips it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
section() { printf '\n== mobile: %s ==\n' "$*"; }
started=$SECONDS

section "tools"
command -v java >/dev/null || { echo "java not found (Java 17 or later)"; exit 1; }
if [ ! -f /usr/share/java/jna.jar ]; then
  echo "installing JNA (Debian packages libjna-java libjna-jni)"
  apt-get update -qq && apt-get install -y -qq libjna-java libjna-jni >/dev/null
fi
kotlin_dir="$root/bindings/uniffi/tests/kotlin"
(cd "$kotlin_dir" && npm ci --no-audit --no-fund --loglevel=error)
kotlinc_home="$kotlin_dir/node_modules/kotlin-compiler"
java -version 2>&1 | head -1
"$kotlinc_home/bin/kotlinc" -version 2>&1 | tail -1

. scripts/profile.sh
profile="${ZKCRED_MOBILE_PROFILE:-$zkcred_profile}"
profile_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
export ZKCRED_MOBILE_LIB_DIR="$target/$profile_dir"
mobile="$target/mobile"

section "zkcred-ffi: the library, the baseline example and the Rust tests ($profile profile, one build)"
built=$SECONDS
building "$profile" zkcred-ffi, its baseline example and its tests
cargo test -q --profile "$profile" -p zkcred-ffi
echo "built and tested in $((SECONDS - built)) s"

section "bindings and the Gradle module's Kotlin sources"
bash scripts/gen-bindings.sh
ZKCRED_BINDINGS_READY=1 bash scripts/build-android.sh
# Fresh development keys for this library (the circuit may have changed):
# the Kotlin client makes them through the FFI.
rm -rf "$mobile/keys"

section "Kotlin client (kotlinc, JVM + JNA), compiled from the Gradle module's sources"
classpath="/usr/share/java/jna.jar:$kotlinc_home/lib/kotlinx-coroutines-core-jvm.jar"
"$kotlinc_home/bin/kotlinc" -nowarn -cp "$classpath" -d "$mobile/kotlin-test.jar" \
  "$kotlin_dir/ZkcredTest.kt" "$kotlin_dir/CrossDevice.kt" $(find bindings/uniffi/android/src/main/kotlin -name '*.kt')
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -Djna.library.path="$ZKCRED_MOBILE_LIB_DIR" \
  -cp "$mobile/kotlin-test.jar:$classpath:$kotlinc_home/lib/kotlin-stdlib.jar" \
  ZkcredTestKt "$mobile/keys" "$work" "${ZKCRED_MOBILE_PROOFS:-10}"

section "cross-device OpenID4VP: the Kotlin client against the demo server"
# Issue #14 points 2-3 (docs/openid4vp.md 12): the demo server (same
# profile, on the keys the Kotlin client just made) hands out a request by
# reference; the client parses the openid4vp:// URL, fetches request_uri,
# proves, POSTs the form-encoded answer and polls the page's result, then
# checks that an answer for another nonce and a tampered token are refused.
cargo build -q --profile "$profile" -p zkcred-wasm-server
server_log="$work/demo-server.log"
"$ZKCRED_MOBILE_LIB_DIR/zkcred-demo-server" --www wasm/www --pkg "$work/no-pkg" \
  --keys "$mobile/keys" --port 0 >"$server_log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do grep -q '^listening on ' "$server_log" && break; sleep 0.5; done
server_url="$(sed -n 's/^listening on //p' "$server_log" | head -1)"
[ -n "$server_url" ] || { cat "$server_log"; echo "the demo server did not start"; exit 1; }
java -Djna.library.path="$ZKCRED_MOBILE_LIB_DIR" \
  -cp "$mobile/kotlin-test.jar:$classpath:$kotlinc_home/lib/kotlin-stdlib.jar" \
  crossdevice.CrossDeviceKt "$server_url"

section "native Rust baseline (the same proof)"
"$ZKCRED_MOBILE_LIB_DIR/examples/prove_native" "$mobile/keys" "${ZKCRED_MOBILE_PROOFS:-10}"

if [ "${ZKCRED_MOBILE_SWIFT:-1}" != 0 ]; then
  ZKCRED_BINDINGS_READY=1 ZKCRED_XD_SERVER="$server_url" bash scripts/test-swift.sh
fi
kill "$server_pid" 2>/dev/null || true

section "done in $((SECONDS - started)) s"
