//! The SQLite revocation registry: non-membership proof lookup and open on a
//! registry built once, and bulk revocation.
//!
//! ```text
//! cargo bench -p zkcred-benches --bench revocation
//! ZKCRED_BENCH_REVOKED=100000,1000000 cargo bench -p zkcred-benches --bench revocation
//! ```
//!
//! `ZKCRED_BENCH_REVOKED` lists the registry sizes (default `100000`); each
//! registry is built once per run (a million takes minutes). The one-off
//! 1,000,000 figures (build time, file size) come from
//! `examples/revocation_scale.rs`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcred_core::revocation::RevocationRegistry;

fn sizes() -> Vec<usize> {
    std::env::var("ZKCRED_BENCH_REVOKED")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .expect("ZKCRED_BENCH_REVOKED: sizes")
        })
        .collect()
}

fn random_serials(seed: u64, n: usize) -> Vec<u32> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    (0..n).map(|_| rng.gen()).collect()
}

fn build(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("revoked-{n}.sqlite"));
    let mut reg = RevocationRegistry::open(&path).unwrap();
    reg.revoke_many(random_serials(1, n)).unwrap();
    path
}

fn lookup_and_open(c: &mut Criterion) {
    let mut group = c.benchmark_group("revocation");
    let dir = tempfile::tempdir().unwrap();
    for n in sizes() {
        let path = build(dir.path(), n);
        let reg = RevocationRegistry::open(&path).unwrap();
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let probes: Vec<u32> = (0..4096)
            .map(|_| rng.gen())
            .filter(|&s| !reg.is_revoked(s).unwrap())
            .collect();
        let mut at = 0;
        group.bench_with_input(BenchmarkId::new("non_membership_proof", n), &n, |b, _| {
            b.iter(|| {
                at = (at + 1) % probes.len();
                reg.non_membership_proof(probes[at]).unwrap()
            })
        });
        drop(reg);
        group.bench_with_input(BenchmarkId::new("open", n), &n, |b, _| {
            b.iter(|| RevocationRegistry::open(&path).unwrap().root())
        });
    }
    group.finish();
}

fn bulk_revoke(c: &mut Criterion) {
    const BATCH: usize = 10_000;
    let mut group = c.benchmark_group("revocation_bulk");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 100;
    group.bench_with_input(
        BenchmarkId::new("revoke_many_fresh_file", BATCH),
        &BATCH,
        |b, &n| {
            b.iter_batched(
                || {
                    seed += 1;
                    let path = dir.path().join(format!("bulk-{seed}.sqlite"));
                    (
                        RevocationRegistry::open(&path).unwrap(),
                        random_serials(seed, n),
                        path,
                    )
                },
                |(mut reg, serials, path)| {
                    reg.revoke_many(serials).unwrap();
                    drop(reg);
                    let _ = std::fs::remove_file(&path);
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

criterion_group!(benches, lookup_and_open, bulk_revoke);
criterion_main!(benches);
