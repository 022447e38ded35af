#!/usr/bin/env bash
# Ceremony figures (issue #13 point 6): zkcred's release build next to
# snarkjs on the same zkey, in one run: init (vs `snarkjs groth16 setup`),
# contribute, beacon and verify for the presentation and scorecard
# circuits over a power-14 development ptau (`zkcred ptau new --dev-secret
# --prepared`), with the machine's load printed before each circuit.
#
#   bash scripts/bench-ceremony.sh [presentation|scorecard ...]
#
# snarkjs's verify of the presentation key takes minutes; set
# ZKCRED_BENCH_NO_SNARKJS_VERIFY=1 to skip it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -d scripts/vectors/node_modules/snarkjs ] || (cd scripts/vectors && npm ci --no-audit --no-fund --loglevel=error)
snarkjs() { node scripts/vectors/node_modules/snarkjs/build/cli.cjs "$@"; }
[ -n "${ZKCRED_BENCH_NO_BUILD:-}" ] || cargo build -q --release -p zkcred-cli
bin="${CARGO_TARGET_DIR:-$root/target}/release/zkcred"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# t LABEL CMD...: runs CMD quietly, prints LABEL and its wall time in seconds.
t() {
  local label=$1
  shift
  local s e
  s=$(date +%s.%N)
  "$@" >"$work/out.txt" 2>&1 || { cat "$work/out.txt"; echo "$label failed"; exit 1; }
  e=$(date +%s.%N)
  printf '%-34s %7.2f s\n' "$label" "$(echo "$e - $s" | bc)"
}
circuits="${*:-presentation scorecard}"
echo "cores: $(nproc); $(uptime)"
t "zkcred ptau new --dev-secret (p14)" "$bin" ptau new --power 14 --out "$work/pot.ptau" \
  --dev-secret 0101010101010101010101010101010101010101010101010101010101010101 --prepared
ls -l "$work/pot.ptau" | awk '{print "  pot.ptau: " $5 " bytes"}'
beacon=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20
for c in $circuits; do
  d="$work/$c"
  mkdir -p "$d"
  echo "== $c   ($(uptime | sed 's/.*load/load/'))"
  "$bin" export-r1cs --circuit "$c" --out "$d/F.r1cs" >/dev/null
  t "zkcred ceremony init" "$bin" ceremony init --circuit "$c" --ptau "$work/pot.ptau" --out "$d/c0.zkey"
  t "snarkjs groth16 setup" snarkjs groth16 setup "$d/F.r1cs" "$work/pot.ptau" "$d/s0.zkey"
  t "zkcred ceremony contribute" "$bin" ceremony contribute --in "$d/c0.zkey" --out "$d/c1.zkey" --name a --entropy x
  t "snarkjs zkey contribute" snarkjs zkey contribute "$d/c0.zkey" "$d/s1.zkey" --name=a -e=x
  t "zkcred ceremony beacon" "$bin" ceremony beacon --in "$d/c1.zkey" --out "$d/final.zkey" \
    --beacon "$beacon" --iterations-exp 10
  t "snarkjs zkey beacon" snarkjs zkey beacon "$d/c1.zkey" "$d/final_s.zkey" "$beacon" 10
  cmp -s "$d/final.zkey" "$d/final_s.zkey" || { echo "the two beacons differ"; exit 1; }
  t "zkcred ceremony verify" "$bin" ceremony verify --ptau "$work/pot.ptau" --zkey "$d/final.zkey" --circuit "$c"
  if [ -z "${ZKCRED_BENCH_NO_SNARKJS_VERIFY:-}" ]; then
    t "snarkjs zkey verify" snarkjs zkey verify "$d/F.r1cs" "$work/pot.ptau" "$d/final.zkey"
    grep -q "ZKey Ok!" "$work/out.txt" || { echo "snarkjs refused the key"; exit 1; }
  fi
  ls -l "$d/c0.zkey" "$d/final.zkey" | awk '{print "  " $9 ": " $5 " bytes"}' | sed "s|$d/||"
done
echo "after: $(uptime | sed 's/.*load/load/')"
