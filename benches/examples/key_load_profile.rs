//! Where proving-key loading time goes (issue #17 point 3), for the
//! presentation and the scorecard keys: reading the file, decompression,
//! the on-curve and subgroup checks, the re-encoding check, the whole
//! validated load; then installing (cold: the validated load, the pairing
//! checks against the verifying key, encoding, writing) and loading the
//! installed form (warm: reading the file and `from_installed`).
//!
//!   cargo run --release -p zkcred-benches --example key_load_profile
//!
//! Medians of `ZKCRED_RUNS` runs (default 7). `install` caches the pairing
//! checks per process, so its median leaves them out: add the line above it.

use std::time::{Duration, Instant};

use rand::SeedableRng;
use zkcred_core::keys::{
    self,
    installed::{self, TrustedKey},
    ProvingKeyFor, Statement, VerifyingKeyFor,
};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// The process's CPU time so far (user + system, all threads), from
/// `/proc/self/stat` (Linux; clock ticks of 10 ms); `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// CPU time per call of `f` over `n` calls (less sensitive to the other
/// processes on a loaded machine than wall time).
fn cpu_per_call<T>(n: u32, mut f: impl FnMut() -> T) -> Option<Duration> {
    let start = cpu_time()?;
    for _ in 0..n {
        std::hint::black_box(f());
    }
    Some((cpu_time()? - start) / n)
}

fn profile<S: Statement>(name: &str, pk: &ProvingKeyFor<S>, vk: &VerifyingKeyFor<S>, runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let bytes = pk.to_bytes();
    let pk_path = dir.path().join("key.pk");
    std::fs::write(&pk_path, &bytes).unwrap();
    let (_, installed_bytes) = ProvingKeyFor::install(&bytes, vk).unwrap();
    println!(
        "{name}: compressed {} bytes, installed {} bytes",
        bytes.len(),
        installed_bytes.len()
    );
    let read = time(runs, || std::fs::read(&pk_path).unwrap());
    let phases: Vec<_> = (0..runs)
        .map(|_| installed::validated_load_phases::<S>(&bytes).unwrap())
        .collect();
    let decompress = median(phases.iter().map(|p| p.decompress).collect());
    let checks = median(phases.iter().map(|p| p.checks).collect());
    let reencode = median(phases.iter().map(|p| p.reencode).collect());
    let validated = time(runs, || ProvingKeyFor::<S>::from_bytes(&bytes).unwrap());
    let installed_path = installed::installed_path(&pk_path);
    let install = time(runs, || {
        let compressed = std::fs::read(&pk_path).unwrap();
        let (_, out) = ProvingKeyFor::install(&compressed, vk).unwrap();
        zkcred_core::files::write(&installed_path, &out).unwrap();
    });
    let pairing = time(runs, || pk.check_against(vk).unwrap());
    let trusted_vk = TrustedKey::verifying_key(vk);
    let warm_vk = time(runs, || {
        let b = std::fs::read(&installed_path).unwrap();
        ProvingKeyFor::<S>::from_installed(&b, &trusted_vk).unwrap()
    });
    let warm_pk = time(runs, || {
        let compressed = std::fs::read(&pk_path).unwrap();
        installed::load_preferring_installed::<S>(&compressed, &installed_path).unwrap()
    });
    let warm_cpu = cpu_per_call(30, || {
        let b = std::fs::read(&installed_path).unwrap();
        ProvingKeyFor::<S>::from_installed(&b, &trusted_vk).unwrap()
    });
    let validated_cpu = cpu_per_call(3, || ProvingKeyFor::<S>::from_bytes(&bytes).unwrap());
    println!("  read compressed file      {read:>10.1?}");
    println!("  decompress (no checks)    {decompress:>10.1?}");
    println!("  on-curve + subgroup       {checks:>10.1?}");
    println!("  re-encode check           {reencode:>10.1?}");
    println!("  from_bytes (validated)    {validated:>10.1?}");
    println!("  pairing checks against the vk (once per install) {pairing:>10.1?}");
    println!("  install (cold: read, validate, pairing checks, encode, write) {install:>10.1?}");
    println!("  warm: read installed + from_installed (trusting the vk hash) {warm_vk:>10.1?}");
    let show = |d: Option<Duration>| d.map_or("n/a".to_string(), |d| format!("{d:.1?}"));
    println!(
        "  CPU time (all threads) per validated load {} (3 loads), per warm load {} (30 loads)",
        show(validated_cpu),
        show(warm_cpu)
    );
    println!("  warm: read both files + load_preferring_installed (CLI path) {warm_pk:>10.1?}");
}

fn main() {
    let runs = std::env::var("ZKCRED_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let rng = &mut rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let (pk, vk) = keys::setup(rng).unwrap();
    profile("presentation", &pk, &vk, runs);
    let (pk, vk) = zkcred_credit::succinct::setup(rng).unwrap();
    profile("scorecard", &pk, &vk, runs);
}
