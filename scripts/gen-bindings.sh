#!/usr/bin/env bash
# Generates the Kotlin and Swift bindings of libzkcred_ffi in library mode,
# from the library itself (release by default), with the uniffi-bindgen of
# the exact uniffi version the library uses. One cargo build of the cdylib
# (after scripts/test-mobile.sh's `cargo test`, only the library crate itself
# is compiled again: tests build it as an rlib). No keys are made here:
# the Kotlin and Swift clients make development keys through the FFI
# (`setupDevelopmentKeys()`) when their key directory has none.
#
#   bash scripts/gen-bindings.sh        # -> $CARGO_TARGET_DIR/mobile/{kotlin,swift}
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
out="$target/mobile"

# ZKCRED_MOBILE_PROFILE=dev builds with the dev profile (its dependencies are
# optimised there too): faster to build, used by CI's test run; release (the
# default) is what apps ship and what the benchmark figures use.
. scripts/profile.sh
profile="${ZKCRED_MOBILE_PROFILE:-$zkcred_profile}"
profile_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
building "$profile" libzkcred_ffi
# The cdylib alone: the package also declares `staticlib` and `lib` (iOS,
# tests), and with LTO (release) building those together compiles every
# dependency a second time, with object code as well as bitcode; a cdylib
# alone reuses what the CLI's and the Python wheel's release builds compiled.
cargo rustc -q --profile "$profile" -p zkcred-ffi --lib --crate-type cdylib
building "$profile" uniffi-bindgen
# A separate package: its `cli` feature of uniffi stays out of the cdylib.
cargo build -q --profile "$profile" -p uniffi-bindgen
lib="$target/$profile_dir/libzkcred_ffi.so"
for language in kotlin swift; do
  rm -rf "${out:?}/$language"
  "$target/$profile_dir/uniffi-bindgen" generate --library "$lib" --language "$language" \
    --out-dir "$out/$language" --no-format
done

# uniffi 0.32's Swift generator names the cases of an error enum in
# UpperCamelCase (`ZkcredError.Unsatisfiable`), unlike every other enum;
# Swift style is lowerCamelCase (`.unsatisfiable`). Rename them in the
# generated file (the Swift client test compiles against the result).
perl -0777 -i -pe '
  my ($block) = /^(enum ZkcredError\b.*?\n\}\n)/ms or die "no ZkcredError enum in the Swift bindings\n";
  my %keyword = map { $_ => 1 } qw(internal private public fileprivate open default return class struct enum func let var in is as);
  for my $case ($block =~ /^\s*case ([A-Z]\w*)/mg) {
    my $lower = lcfirst $case;
    $lower = "`$lower`" if $keyword{$lower};
    s/(?<=\.)$case\b/$lower/g;
    s/^(\s*case )$case\b/$1$lower/mg;
  }
' "$out/swift/Zkcred.swift"
echo "generated $(find "$out/kotlin" "$out/swift" -type f | wc -l) files in $out/{kotlin,swift}"
