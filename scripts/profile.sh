# Sourced by the build and test scripts (needs $root): which Cargo profile
# they build and run, and a line saying what is being built.
#
# ZKCRED_PROFILE=release (the default) reuses what `cargo install --path cli`,
# `cargo run --release` and `pip install ./python` have compiled: every
# native build of the workspace shares its crates (core/workspace-hack), so
# a script after those builds compiles only its own crate. scripts/test.sh
# sets ZKCRED_PROFILE=dev, since `cargo test --workspace` has built the dev
# profile by then. ZKCRED_PY_PROFILE and ZKCRED_MOBILE_PROFILE, if set,
# override it for the Python and mobile scripts.
zkcred_profile="${ZKCRED_PROFILE:-release}"
zkcred_profile_dir() { if [ "$1" = dev ]; then echo debug; else echo "$1"; fi; }
zkcred_target="${CARGO_TARGET_DIR:-$root/target}"
zkcred_bin_dir="$zkcred_target/$(zkcred_profile_dir "$zkcred_profile")"
# building PROFILE WHAT...: says what cargo is about to build, and how long a
# first build takes (README.md, "Build times").
building() {
  local profile="$1"; shift
  echo "building $* ($profile profile): on 2 cores a first build of the shared crates takes" \
    "about $([ "$profile" = dev ] && echo 12 || echo 25) min, later builds only what changed" >&2
}
