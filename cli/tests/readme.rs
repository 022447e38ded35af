//! The README's command-line walkthroughs, run exactly as written (issue
//! #15): every fenced `sh` block after a `<!-- walkthrough: NAME -->` marker
//! runs in bash (`set -euo pipefail`) in a fresh directory, with this build's
//! `zkcred` first on the PATH (what `cargo install --path cli` gives a
//! reader).

use std::{path::Path, process::Command};

const README: &str = include_str!("../../README.md");

/// The walkthrough blocks: (name, script).
fn walkthroughs() -> Vec<(&'static str, &'static str)> {
    let mut blocks = Vec::new();
    let mut rest = README;
    while let Some(at) = rest.find("<!-- walkthrough: ") {
        let after = &rest[at + "<!-- walkthrough: ".len()..];
        let name = &after[..after.find(" -->").expect("marker ends with -->")];
        let fence = after
            .find("```sh\n")
            .expect("a sh block follows the marker");
        let body = &after[fence + "```sh\n".len()..];
        let end = body.find("\n```").expect("the block is closed");
        blocks.push((name, &body[..end]));
        rest = &body[end..];
    }
    blocks
}

fn run(name: &str, script: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_zkcred")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("set -euo pipefail\n{script}"))
        .current_dir(tmp.path())
        .env("PATH", path)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "the README's {name} walkthrough failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    tmp
}

#[test]
fn the_readme_has_both_walkthroughs() {
    let names: Vec<_> = walkthroughs().iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["identity", "credit"]);
}

#[test]
fn the_identity_walkthrough_runs_as_written() {
    let (name, script) = walkthroughs()[0];
    let tmp = run(name, script);
    let dir = tmp.path().join("walkthrough");
    for file in [
        "presentation.json",
        "alice.wtns",
        "presentation.r1cs",
        "out/proof.json",
    ] {
        assert!(dir.join(file).is_file(), "{file} was not written");
    }
}

#[test]
fn the_credit_walkthrough_runs_as_written() {
    let (name, script) = walkthroughs()[1];
    let tmp = run(name, script);
    let dir = tmp.path().join("lender");
    for file in ["proof.json", "sproof.json"] {
        assert!(dir.join(file).is_file(), "{file} was not written");
    }
}

#[test]
fn init_never_replaces_a_file_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let zkcred = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zkcred"))
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(zkcred(&["init", "x"]).status.success());
    std::fs::write(tmp.path().join("x/metrics.json"), "mine").unwrap();
    let again = zkcred(&["init", "x"]);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("metrics.json") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("x/metrics.json")).unwrap(),
        "mine"
    );
    assert!(zkcred(&["init", "x", "--force"]).status.success());
    assert_ne!(
        std::fs::read_to_string(tmp.path().join("x/metrics.json")).unwrap(),
        "mine"
    );
}
