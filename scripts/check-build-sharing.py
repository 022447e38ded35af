#!/usr/bin/env python3
"""Check that the project's build commands share their compiled crates.

Cargo resolves features per build command, and a crate built with other
features is built again, with everything above it (issue #15, "Build cost").
It cannot see one more cause: with LTO (the release profile) a library
built as several crate types at once (zkcred-ffi declares cdylib, staticlib
and lib) needs its dependencies with object code as well as bitcode, so they
compile again; the scripts build one crate type (`cargo rustc --crate-type`).

This asks Cargo for the unit graph of each build command that the README and
the scripts run (nothing is compiled: about a second in all) and lists every
registry crate whose features differ between them. It fails when one does,
unless the crate is in ALLOWED below (with the reason); the fix is a line in
core/workspace-hack/Cargo.toml with the union the message prints.

    python3 scripts/check-build-sharing.py            # the check
    python3 scripts/check-build-sharing.py --simulate # what each command adds
"""
import collections
import hashlib
import json
import os
import subprocess
import sys

# label -> cargo arguments: every native build command of README.md and scripts/.
COMMANDS = {
    "cargo test --workspace": "test --workspace --no-run",
    "cargo install --path cli / cargo run -p zkcred-cli": "build --release -p zkcred-cli",
    "pip install ./python (maturin)": "build --release -p zkcred-py",
    "scripts/gen-bindings.sh (libzkcred_ffi)": "rustc --release -p zkcred-ffi --lib --crate-type cdylib",
    "demo server": "build --release -p zkcred-wasm-server",
    "benches": "test --release -p zkcred-benches --benches --no-run",
    "scripts/test-circom.sh (CLI)": "build -p zkcred-cli",
    "scripts/test-circom.sh (core tests)": "test -p zkcred-core --no-run",
    "scripts/test-python.sh (dev)": "build -p zkcred-py",
    "scripts/test-contracts.sh": "test -p zkcred-contracts --no-run",
    "scripts/test-mobile.sh": "test -p zkcred-ffi --no-run",
    "scripts/test-wasm.sh (CLI, server)": "build -p zkcred-cli -p zkcred-wasm-server",
    "examples": "build -p zkcred-examples --examples",
    "uniffi-bindgen": "build --release -p uniffi-bindgen",
    "uniffi-bindgen (dev)": "build -p uniffi-bindgen",
}
# Left out of the feature comparison: the binding generator is built apart
# from the library on purpose (clap and the generator stay out of the
# cdylib); its few small shared crates (serde, syn, log) differ.
APART = {"uniffi-bindgen", "uniffi-bindgen (dev)"}

# Crates allowed to differ, and why (each is small and used by one front end).
ALLOWED = {
    # `cargo test --workspace` includes uniffi-bindgen (APART), whose uniffi
    # features reach the library's tests there; scripts/test-mobile.sh
    # builds the library alone.
    "uniffi", "winnow",
    # criterion's regex, in the benches only.
    "regex-syntax",
}


def unit_graph(args):
    out = subprocess.run(
        ["cargo", *args.split(), "--unit-graph", "-Z", "unstable-options"],
        env=dict(os.environ, RUSTC_BOOTSTRAP="1"),  # --unit-graph is unstable
        capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"cargo {args} --unit-graph failed:\n{out.stderr}")
    return json.loads(out.stdout)["units"]


def host_units(units):
    """Units compiled for build scripts and proc-macros (features apart)."""
    host = set()

    def mark(i):
        if i not in host:
            host.add(i)
            for d in units[i]["dependencies"]:
                mark(d["index"])
    for i, u in enumerate(units):
        kinds = u["target"]["kind"]
        if "proc-macro" in kinds or "custom-build" in kinds:
            for d in u["dependencies"]:
                if units[d["index"]]["mode"] != "run-custom-build":
                    mark(d["index"])
    return host


def crate_name(pkg_id):
    """`registry+...#serde@1.0.229` -> serde; `path+file:///.../cli#zkcred-cli@0.1.0` -> zkcred-cli."""
    url, _, tail = pkg_id.partition("#")
    name = tail.split("@")[0]
    return name if "@" in tail else url.rstrip("/").rsplit("/", 1)[-1]


def identities(units):
    memo = {}

    def ident(i):
        if i not in memo:
            u = units[i]
            profile = {k: v for k, v in u["profile"].items() if k != "name"}
            key = [u["pkg_id"], u["target"]["name"], u["target"]["kind"], u["mode"],
                   sorted(u["features"]), profile, u["platform"],
                   sorted(ident(d["index"]) for d in u["dependencies"])]
            memo[i] = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
        return memo[i]
    return {ident(i): u for i, u in enumerate(units)}


# Build commands in the order a user or CI runs them (for --simulate).
FLOWS = {
    "a newcomer following README.md": [
        "cargo install --path cli / cargo run -p zkcred-cli", "pip install ./python (maturin)",
        "demo server", "scripts/gen-bindings.sh (libzkcred_ffi)", "uniffi-bindgen"],
    "scripts/test.sh": [
        "cargo test --workspace", "scripts/test-circom.sh (CLI)",
        "scripts/test-circom.sh (core tests)",
        "scripts/test-python.sh (dev)", "scripts/test-contracts.sh", "scripts/test-mobile.sh",
        "uniffi-bindgen (dev)", "scripts/test-wasm.sh (CLI, server)"],
}


def simulate(steps):
    """What each step compiles after the steps before it (by unit identity:
    package, target, mode, features, profile settings and dependencies)."""
    seen = {}
    for label, units in steps:
        ids = identities(units)
        new = [u for k, u in ids.items() if k not in seen]
        again = sorted({crate_name(u["pkg_id"]) for u in new
                        if any(s["pkg_id"] == u["pkg_id"] for s in seen.values())})
        print(f"  {label}: {len(new)} of {len(ids)} units to compile"
              + (f"; {len(again)} crates again: {' '.join(again)}" if again else ""))
        seen.update(ids)


def main():
    graphs = {label: unit_graph(args) for label, args in COMMANDS.items()}
    if "--simulate" in sys.argv:
        for flow, labels in FLOWS.items():
            print(f"{flow}, from an empty target directory:")
            simulate([(label, graphs[label]) for label in labels])
        return
    features = collections.defaultdict(lambda: collections.defaultdict(set))
    for label, units in graphs.items():
        if label in APART:
            continue
        host = host_units(units)
        for i, u in enumerate(units):
            kinds = u["target"]["kind"]
            if (not u["pkg_id"].startswith("registry+") or "custom-build" in kinds
                    or u["mode"] == "run-custom-build"):
                continue
            side = "proc-macro side" if i in host else "target"
            crate = u["pkg_id"].split("#")[-1]
            features[(crate, side)][tuple(sorted(u["features"]))].add(label)
    bad = 0
    for (crate, side), sets in sorted(features.items()):
        if len(sets) < 2:
            continue
        name = crate.split("@")[0]
        union = sorted(set().union(*map(set, sets)))
        allowed = name in ALLOWED
        bad += not allowed
        print(f"{'allowed: ' if allowed else 'DIFFERS: '}{crate} ({side}) has {len(sets)} feature "
              f"sets; union: {union}")
        for fs, labels in sets.items():
            print(f"    [{', '.join(fs)}] in: {'; '.join(sorted(labels))}")
    print(f"{len(COMMANDS) - len(APART)} build commands, {len(features)} registry crates: "
          f"{bad} build more than once with differing features")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
