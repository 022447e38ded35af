#!/usr/bin/env bash
# zkcred on chain: compiles the Solidity contracts with the pinned solc
# (npm `solc`, contracts/package-lock.json) and fails if the committed
# artifacts differ from the fresh compile; runs the revm tests (real proofs
# verified by the committed bytecode, every negative case, gas figures);
# then exports a verifier with `zkcred export-verifier` for a fresh key,
# compiles it, and verifies a real proof with it in revm.
#
#   bash scripts/test-contracts.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR=never
section() { printf '\n== contracts: %s ==\n' "$*"; }
started=$SECONDS

section "toolchain"
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first"; exit 1; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing Node.js and npm (Debian packages)"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
node --version
(cd contracts && npm ci --no-audit --no-fund --loglevel=error)
node -e 'console.log("solc " + require("./contracts/node_modules/solc").version())'

section "committed artifacts match a fresh compile"
node contracts/build.js --check

mkdir -p target
section "revm tests (committed bytecode, real proofs)"
. scripts/profile.sh
building "$zkcred_profile" the zkcred-contracts tests
if ! cargo test --profile "$zkcred_profile" -p zkcred-contracts -- --nocapture >target/contracts-tests.log 2>&1; then
  tail -n 80 target/contracts-tests.log; echo "contracts tests failed"; exit 1
fi
grep -E '^(gas:|test result)' target/contracts-tests.log

section "zkcred export-verifier: compiled by solc, verified in revm"
export_dir="$root/target/contracts-export"
mkdir -p "$export_dir"
cargo run -q --profile "$zkcred_profile" -p zkcred-cli -- setup --force --out-dir "$export_dir" >/dev/null
cargo run -q --profile "$zkcred_profile" -p zkcred-cli -- export-verifier --vk "$export_dir/presentation.vk" --out "$export_dir/ZkcredGroth16Verifier.sol"
node contracts/build.js --file "$export_dir/ZkcredGroth16Verifier.sol" --out "$export_dir"
if ! ZKCRED_EXPORT_DIR="$export_dir" cargo test --profile "$zkcred_profile" -p zkcred-contracts --test exported -- --ignored --nocapture \
  >target/contracts-export.log 2>&1; then
  tail -n 60 target/contracts-export.log; echo "exported verifier test failed"; exit 1
fi
grep -E '^(gas:|test result)' target/contracts-export.log

section "done in $((SECONDS - started)) s"
