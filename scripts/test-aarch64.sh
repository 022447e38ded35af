#!/usr/bin/env bash
# The issuer's EdDSA (key derivation and signing, BLAKE-512) and the
# circomlibjs key and signature vectors on aarch64, the phones' architecture:
# cross-compiled with Debian's aarch64 gcc and run under qemu-user. Guards
# against dependencies that only work on x86-64 (blake-hash panicked on
# aarch64 and wasm32, see circuits/src/blake512.rs). Installs what it needs.
#
#   bash scripts/test-aarch64.sh
#
# Then the self-test of the instruction counter (scripts/count-aarch64.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target=aarch64-unknown-linux-gnu

if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
  echo "installing gcc-aarch64-linux-gnu and qemu-user (Debian)"
  pkgs="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
  (apt-get install -y -qq $pkgs >/dev/null 2>&1) || { apt-get update -qq && apt-get install -y -qq $pkgs >/dev/null; }
fi
rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
cargo test -q -p zkcred-circuits --target "$target" --test eddsa_vectors
cargo test -q -p zkcred-circuits --target "$target" --lib -- blake512 eddsa
# The guest-instruction counter of scripts/count-aarch64.sh (BENCHMARKS.md,
# "Mobile"): its QEMU plugin alone, on a small loop (seconds). The counts of
# a proof take minutes and are not part of the test run.
bash scripts/count-aarch64.sh --self-test
