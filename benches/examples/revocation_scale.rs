//! One-off scale measurement of the SQLite revocation registry (the issue's
//! target: "1,000,000 revoked ids must load and answer non-membership
//! witnesses quickly"):
//!
//! ```text
//! cargo run --release -p zkcred-benches --example revocation_scale -- [N] [DIR] [--verify]
//! ```
//!
//! revokes N (default 1,000,000) random serials into a fresh file in one
//! `revoke_many`, then reports the file size, the time to open it, and the
//! time per `non_membership_proof` (and per `verify_integrity` with
//! `--verify`). The file goes to DIR (default: a temporary directory).

use std::time::Instant;

use rand::{Rng, SeedableRng};
use zkcred_core::revocation::{RevocationRegistry, EMPTY_LEAF};

fn size_of(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verify = args.iter().any(|a| a == "--verify");
    let mut rest = args.iter().filter(|a| !a.starts_with("--"));
    let n: usize = rest.next().map_or(1_000_000, |s| s.parse().expect("N"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = rest.next().map_or(tmp.path().to_path_buf(), Into::into);
    let path = dir.join(format!("revocation-{n}.sqlite"));
    let _ = std::fs::remove_file(&path);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2024);
    let serials: Vec<u32> = (0..n).map(|_| rng.gen()).collect();

    let mut reg = RevocationRegistry::open(&path).unwrap();
    let t = Instant::now();
    let added = reg.revoke_many(serials.iter().copied()).unwrap();
    let revoke = t.elapsed();
    let root = reg.root();
    drop(reg);
    let wal = path.with_extension("sqlite-wal");
    println!("revoke_many({n}): {added} new, {revoke:.2?}");
    println!(
        "file: {:.1} MiB (+ WAL {:.1} MiB)",
        size_of(&path) as f64 / 1048576.0,
        size_of(&wal) as f64 / 1048576.0
    );

    let t = Instant::now();
    let reg = RevocationRegistry::open(&path).unwrap();
    println!("open: {:.2?}", t.elapsed());
    assert_eq!(reg.root(), root);

    let queries = 2000;
    let mut probes = Vec::with_capacity(queries);
    while probes.len() < queries {
        let s: u32 = rng.gen();
        if !reg.is_revoked(s).unwrap() {
            probes.push(s);
        }
    }
    let t = Instant::now();
    let paths: Vec<_> = probes
        .iter()
        .map(|&s| reg.non_membership_proof(s).unwrap())
        .collect();
    println!(
        "non_membership_proof: {:.1?} each",
        t.elapsed() / queries as u32
    );
    for (s, p) in probes.iter().zip(&paths).take(20) {
        assert!(p.verify(root, *s, EMPTY_LEAF));
    }

    let t = Instant::now();
    let more: Vec<u32> = (0..10_000).map(|_| rng.gen()).collect();
    let mut reg = reg;
    reg.revoke_many(more).unwrap();
    println!("revoke_many(10000) on top: {:.2?}", t.elapsed());

    if verify {
        let t = Instant::now();
        reg.verify_integrity().unwrap();
        println!("verify_integrity: {:.2?}", t.elapsed());
    }
}
