//! Proving-key loading (issue #17 point 3), for the presentation and the
//! scorecard keys: the validated load of the compressed key (what a
//! download gets), installing (cold: that load, the pairing checks against
//! the verifying key, encoding and writing the installed form) and loading
//! the installed form (warm: reading the file and `from_installed`).
//!
//!   cargo bench -p zkcred-benches --bench key_loading
//!
//! `from_bytes_checked` caches a key's pairing checks per process, so the
//! cold figure here includes them once only; the presentation bench's
//! "check proving key against verifying key" times them alone.

use criterion::{criterion_group, criterion_main, Criterion};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcred_core::keys::{
    self,
    installed::{installed_path, load_preferring_installed, TrustedKey},
    ProvingKeyFor, Statement, VerifyingKeyFor,
};

fn bench_key<S: Statement>(
    c: &mut Criterion,
    name: &str,
    pk: &ProvingKeyFor<S>,
    vk: &VerifyingKeyFor<S>,
) {
    let dir = tempfile::tempdir().unwrap();
    let pk_path = dir.path().join("key.pk");
    let installed = installed_path(&pk_path);
    let compressed = pk.to_bytes();
    zkcred_core::files::write(&pk_path, &compressed).unwrap();
    let (_, bytes) = ProvingKeyFor::install(&compressed, vk).unwrap();
    println!(
        "{name}: proving key {} bytes compressed, {} bytes installed",
        compressed.len(),
        bytes.len()
    );
    let trusted = TrustedKey::verifying_key(vk);
    let mut g = c.benchmark_group(format!("key loading/{name}"));
    g.sample_size(10);
    g.bench_function("validated load (compressed file, before)", |b| {
        b.iter(|| ProvingKeyFor::<S>::from_bytes(&std::fs::read(&pk_path).unwrap()).unwrap())
    });
    g.bench_function("install (cold)", |b| {
        b.iter(|| {
            let (_, out) = ProvingKeyFor::install(&std::fs::read(&pk_path).unwrap(), vk).unwrap();
            zkcred_core::files::write(&installed, &out).unwrap();
        })
    });
    g.bench_function("installed load (warm, trusting the vk hash)", |b| {
        b.iter(|| {
            ProvingKeyFor::<S>::from_installed(&std::fs::read(&installed).unwrap(), &trusted)
                .unwrap()
        })
    });
    g.bench_function("installed load (warm, CLI: both files)", |b| {
        b.iter(|| {
            load_preferring_installed::<S>(&std::fs::read(&pk_path).unwrap(), &installed).unwrap()
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    let rng = &mut ChaCha20Rng::seed_from_u64(1);
    let (pk, vk) = keys::setup(rng).unwrap();
    bench_key(c, "presentation", &pk, &vk);
    let (pk, vk) = zkcred_credit::succinct::setup(rng).unwrap();
    bench_key(c, "scorecard", &pk, &vk);
}

criterion_group!(benches, bench);
criterion_main!(benches);
