#!/usr/bin/env bash
# The Python package `zkcred` (python/): builds the wheel with maturin,
# installs it into a virtual environment under target/, and runs the pytest
# suite (identity flow, soundness, errors, batch verification, the Dask
# example on a LocalCluster, SME credit on both paths, optbinning scorecards
# proved against end to end, the README's Python snippets run verbatim), mypy's
# stubtest on the native module's stubs, and the lender examples (identity and
# credit). Installs what it needs by itself (pinned in
# python/requirements-dev.txt).
#
#   bash scripts/test-python.sh
#
# ZKCRED_PY_PROFILE=dev builds the extension unoptimised for workspace
# crates (faster to build, slower to prove); the default is release.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
section() { printf '\n== python: %s ==\n' "$*"; }
started=$SECONDS
venv="$root/target/py-venv"
py="$venv/bin/python"
wheels="$root/target/py-wheels"

section "virtual environment"
if [ ! -x "$py" ]; then
  python3 -m venv "$venv" 2>/dev/null || {
    echo "installing python3-venv (Debian package)"
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  }
fi
stamp="$venv/.requirements.sha256"
want="$(sha256sum python/requirements-dev.txt | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$py" -m pip install -q --disable-pip-version-check -r python/requirements-dev.txt
  echo "$want" > "$stamp"
fi
"$py" --version; "$venv/bin/maturin" --version

section "build the wheel (maturin)"
. scripts/profile.sh
profile="${ZKCRED_PY_PROFILE:-$zkcred_profile}"
rm -rf "$wheels"
# cargo's progress is shown (one line per crate): a first release build
# compiles arkworks and the workspace crates, about 20 minutes on 2 cores;
# a rebuild after a change to the binding, well under a minute.
building "$profile" zkcred-py, the Python extension
build_started=$SECONDS
if [ "$profile" = release ]; then
  "$venv/bin/maturin" build --release -m python/Cargo.toml -i "$py" -o "$wheels"
else
  "$venv/bin/maturin" build --profile "$profile" -m python/Cargo.toml -i "$py" -o "$wheels"
fi
echo "wheel built in $((SECONDS - build_started)) s"
"$py" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$wheels"/zkcred-*.whl
# Run from outside python/ so `import zkcred` is the installed wheel.
cd "$root/target"

section "pytest"
"$py" -m pytest -q -p no:cacheprovider "$root/python/tests"

section "stubtest (python/zkcred/_native.pyi against the built module)"
"$py" -m mypy.stubtest zkcred._native

section "mypy --strict on the package (python/zkcred, stubs included)"
"$py" -m mypy --config-file "$root/python/pyproject.toml" "$root/python/zkcred"

section "example: examples/python/lender_verify.py"
"$py" "$root/examples/python/lender_verify.py" "$root/target/lender-demo"

section "example: examples/python/credit_lender.py"
"$py" "$root/examples/python/credit_lender.py" "$root/target/credit-demo"

section "done in $((SECONDS - started)) s"
