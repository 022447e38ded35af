#!/usr/bin/env bash
# Guest instruction counts of a presentation proof with the plain proving
# key on aarch64 (the phones' architecture) under qemu-user, and of the same
# proof on x86-64 under qemu-x86_64, for a ratio (issue #17 point 2). Counts,
# not times: qemu's speed says nothing about a phone's, but the number of
# instructions a build executes is exact, repeatable and comparable between
# builds.
#
#   bash scripts/count-aarch64.sh               # the counts (about 10 min on 2 cores after the builds)
#   bash scripts/count-aarch64.sh --self-test   # the counting plugin alone (seconds; CI runs it)
#
# The counter is zkcred's own QEMU TCG plugin (scripts/count-insns.c,
# compiled here with the system cc): Debian's qemu-user 7.2 supports
# plugins but ships none, nor the plugin header. The example
# core/examples/count_prove.rs (release profile, cross-compiled with
# Debian's aarch64 gcc as the linker) loads and checks a development key
# made from a fixed seed, proves the "over 18" presentation twice and
# verifies once, from fixed seeds and date; it marks each stage with a seek
# the plugin records. One rayon thread (RAYON_NUM_THREADS=1) so that the
# count does not depend on how work is split between threads. The x86-64
# run uses qemu's default CPU model (qemu64), the aarch64 run its default
# ("max"): code chosen at run time by CPU feature differs from a real CPU's
# only there, and is the same from run to run.
#
# ZKCRED_COUNT_X86=0 skips the x86-64 build and count (the keys are then
# made under qemu-aarch64, slower).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target=aarch64-unknown-linux-gnu
cargo_target="${CARGO_TARGET_DIR:-$root/target}"
sysroot=/usr/aarch64-linux-gnu

if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null \
  || ! command -v qemu-x86_64 >/dev/null || ! command -v cc >/dev/null; then
  echo "installing gcc, gcc-aarch64-linux-gnu and qemu-user (Debian)"
  pkgs="gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
  (apt-get install -y -qq $pkgs >/dev/null 2>&1) || { apt-get update -qq && apt-get install -y -qq $pkgs >/dev/null; }
fi
qemu-aarch64 --version | head -1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
plugin="$work/libcount-insns.so"
cc -O2 -shared -fPIC -Wall -Wextra -Werror -o "$plugin" scripts/count-insns.c

# count OUT QEMU ARGS...: runs ARGS under QEMU with the plugin writing to OUT.
count() {
  local out="$1" qemu="$2"; shift 2
  RAYON_NUM_THREADS=1 "$qemu" -plugin "$plugin,out=$out" "$@"
}

# mark FILE ID: the instruction count the plugin recorded at marker ID.
mark() { awk -v id="$2" '$1 == "mark" && $2 == id { print $3; found = 1 } END { exit !found }' "$1"; }

self_test() {
  # A loop of N iterations between two markers, for N = n, 2n, 3n: the
  # counts must grow by exactly the same number of instructions from n to
  # 2n as from 2n to 3n (a counter that drops or double-counts blocks, or
  # reads the markers wrongly, fails), and two runs must agree.
  cat >"$work/loop.c" <<'EOF'
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int fd = open("/dev/null", O_RDONLY);
  long n = argc > 1 ? atol(argv[1]) : 0;
  volatile uint64_t sum = 0;
  lseek(fd, (off_t)0x7a6b637200000001LL, SEEK_SET);
  for (long i = 0; i < n; i++) sum += (uint64_t)i;
  lseek(fd, (off_t)0x7a6b637200000002LL, SEEK_SET);
  return sum == 1;
}
EOF
  aarch64-linux-gnu-gcc -O1 -o "$work/loop" "$work/loop.c"
  local n=100000 runs=() i c
  for i in 1 2 3 1; do
    count "$work/loop-$i.txt" qemu-aarch64 -L "$sysroot" "$work/loop" $((i * n))
    c=$(($(mark "$work/loop-$i.txt" 2) - $(mark "$work/loop-$i.txt" 1)))
    runs+=("$c")
  done
  echo "self-test: instructions between the markers for $n, $((2 * n)), $((3 * n)) iterations and $n again: ${runs[*]}"
  if [ $((runs[1] - runs[0])) -le 0 ] || [ $((runs[1] - runs[0])) -ne $((runs[2] - runs[1])) ] \
    || [ "${runs[0]}" -ne "${runs[3]}" ]; then
    echo "self-test FAILED: the counts are not linear in the iterations, or differ between runs"
    exit 1
  fi
  echo "self-test: $(((runs[1] - runs[0]) / n)) instructions per iteration, exact and repeatable: ok"
}

self_test
[ "${1:-}" = --self-test ] && exit 0

rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
echo "building the example for $target (release profile)"
cargo build -q --release -p zkcred-core --example count_prove --target "$target"
arm_bin="$cargo_target/$target/release/examples/count_prove"
keys="$work/keys"
if [ "${ZKCRED_COUNT_X86:-1}" != 0 ]; then
  echo "building the example for x86-64 (release profile)"
  cargo build -q --release -p zkcred-core --example count_prove
  x86_bin="$cargo_target/release/examples/count_prove"
  "$x86_bin" keys "$keys"
else
  qemu-aarch64 -L "$sysroot" "$arm_bin" keys "$keys"
fi

started=$SECONDS
count "$work/aarch64.txt" qemu-aarch64 -L "$sysroot" "$arm_bin" prove "$keys"
echo "aarch64 run under the plugin: $((SECONDS - started)) s"
files=("$work/aarch64.txt")
if [ "${ZKCRED_COUNT_X86:-1}" != 0 ]; then
  started=$SECONDS
  count "$work/x86_64.txt" qemu-x86_64 "$x86_bin" prove "$keys"
  echo "x86-64 run under the plugin: $((SECONDS - started)) s"
  files+=("$work/x86_64.txt")
fi

# span FILE FROM TO: instructions between two markers.
span() { echo $(($(mark "$1" "$3") - $(mark "$1" "$2"))); }
row() {
  local what="$1" from="$2" to="$3" a x
  a=$(span "${files[0]}" "$from" "$to")
  if [ "${#files[@]}" -gt 1 ]; then
    x=$(span "${files[1]}" "$from" "$to")
    printf '| %s | %s | %s | %s |\n' "$what" "$(group "$a")" "$(group "$x")" \
      "$(awk -v a="$a" -v x="$x" 'BEGIN { printf "%.2f", a / x }')"
  else
    printf '| %s | %s |\n' "$what" "$(group "$a")"
  fi
}
group() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

echo
echo "guest instructions (RAYON_NUM_THREADS=1; all threads; $(qemu-aarch64 --version | head -1))"
if [ "${#files[@]}" -gt 1 ]; then
  echo "| step | aarch64 | x86-64 | aarch64 / x86-64 |"
  echo "|---|---|---|---|"
else
  echo "| step | aarch64 |"
  echo "|---|---|"
fi
for k in 1 2; do
  which=$([ $k = 1 ] && echo "first proof (builds the matrices)" || echo "second proof")
  row "$which: checks of the request and credential" "${k}1" "${k}2"
  row "$which: witness (synthesis, QAP quotient)" "${k}2" "${k}3"
  row "$which: multi-scalar multiplications" "${k}3" "${k}4"
  row "$which: self-check of the proof" "${k}4" "${k}5"
  row "**$which: total**" "${k}1" "${k}5"
done
row "verification (verifier::verify)" 30 31
