//! Presentation proofs with every feature of the statement on: signature,
//! holder binding, nullifier, expiry, revocation, 8 predicates (ranges and a
//! 27-value set), disclosure.
//!
//!   cargo bench -p zkcred-benches --bench presentation
//!
//! Prints the constraint count and the key, proof and envelope sizes first.

use std::time::Instant;

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisMode};
use criterion::{criterion_group, criterion_main, Criterion};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::json;
use zkcred_circuits::presentation::circuit::PresentationCircuit;
use zkcred_core::{
    date::Date,
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    keys::{self, ProvingKey, VerifyingKey},
    prover::reference,
    request::{Op, PresentationRequest},
    schema::Schema,
    verifier, Fr,
};

const SCHEMA: &str = r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1, "attributes": [
  {"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"},
  {"name": "residence", "type": "country"}, {"name": "full_name", "type": "string"},
  {"name": "kyc_level", "type": "integer"}, {"name": "pep", "type": "boolean"}]}"#;
const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

fn constraint_count() -> usize {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    PresentationCircuit::blank()
        .generate_constraints(cs.clone())
        .unwrap();
    cs.num_constraints()
}

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    println!("presentation circuit: {} constraints", constraint_count());
    let t = Instant::now();
    let (pk, vk): (ProvingKey, VerifyingKey) = keys::setup(&mut rng).unwrap();
    println!("key generation (one run): {:.2?}", t.elapsed());
    let pk_bytes = pk.to_bytes();
    let vk_bytes = vk.to_bytes();
    println!(
        "proving key {} bytes compressed, verifying key {} bytes",
        pk_bytes.len(),
        vk_bytes.len()
    );

    let schema = Schema::from_json(SCHEMA).unwrap();
    let mut issuer = Issuer::in_memory(IssuerKey::generate(&mut rng)).unwrap();
    let secret = HolderSecret::generate(&mut rng);
    let today = Date::parse("2026-11-23").unwrap();
    let subject = json!({"birth_date": "1990-05-17", "nationality": "DE", "residence": "DE",
        "full_name": "Ada Lovelace", "kyc_level": 3, "pep": false});
    let credential = issuer
        .issue(
            &schema,
            subject.as_object().unwrap().clone(),
            secret.commitment(),
            today,
            Date::from_days(today.days() + 365).unwrap(),
        )
        .unwrap();
    // A non-empty revocation tree; the serial was never issued, hence `revoke_any`.
    issuer.revoke_any(credential.serial() + 1).unwrap();
    let request = PresentationRequest::new(schema, "shop.example/age-gate")
        .accept_issuer(
            &issuer.key().public_key(),
            issuer.revocation_root().unwrap(),
        )
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("nationality", Op::In, json!(EU))
        .require("residence", Op::Neq, json!("US"))
        .require("kyc_level", Op::Gte, json!(2))
        .require("kyc_level", Op::Between, json!([1, 5]))
        .require("pep", Op::Eq, json!(false))
        .require("kyc_level", Op::Lte, json!(9))
        .require("birth_date", Op::Gt, json!("1900-01-01"))
        .disclose("kyc_level")
        .at(today);
    let path = issuer.non_revocation_path(credential.serial()).unwrap();
    let presentation = holder::prove(&request, &credential, &secret, &path, &pk).unwrap();
    let compiled = request.compile().unwrap();
    println!(
        "proof {} bytes; binary presentation {} bytes; JSON presentation {} bytes",
        presentation.proof.to_bytes().len(),
        presentation.to_bytes(&compiled.disclosed).unwrap().len(),
        presentation.to_json().len()
    );

    let mut prepared = pk.clone();
    prepared.prepare();
    let prove_plain = || holder::prove(&request, &credential, &secret, &path, &pk).unwrap();
    let prove_prepared =
        || holder::prove(&request, &credential, &secret, &path, &prepared).unwrap();
    // Issue #17: the prover before (arkworks' MSMs, matrices built on every
    // proof) against now, interleaved in one process on one key.
    interleaved(
        "presentation prove, plain key",
        INTERLEAVED_RUNS,
        &prove_plain,
    );
    interleaved(
        "presentation prove, prepared key",
        INTERLEAVED_RUNS,
        &prove_prepared,
    );

    let mut g = c.benchmark_group("presentation");
    g.sample_size(10);
    g.bench_function("prove", |b| b.iter(prove_plain));
    reference::set_arkworks_msm(true);
    reference::set_matrices_each_proof(true);
    g.bench_function("prove, arkworks msm (before #17)", |b| b.iter(prove_plain));
    g.bench_function(
        "prove, prepared key, matrices each proof (before #17)",
        |b| b.iter(prove_prepared),
    );
    reference::set_arkworks_msm(false);
    reference::set_matrices_each_proof(false);
    g.bench_function("prove, prepared key (zkcred_core::prover)", |b| {
        b.iter(prove_prepared)
    });
    g.bench_function("verify", |b| {
        b.iter(|| verifier::verify(&request, &presentation, &vk).unwrap())
    });
    g.bench_function("load proving key (validated)", |b| {
        b.iter(|| ProvingKey::from_bytes(&pk_bytes).unwrap())
    });
    g.bench_function("load verifying key (validated)", |b| {
        b.iter(|| VerifyingKey::from_bytes(&vk_bytes).unwrap())
    });
    // Issue #16, point 4: a wallet's first acceptance of a downloaded key
    // (the pairing checks; from_bytes_checked caches a pass per process).
    g.bench_function("check proving key against verifying key", |b| {
        b.iter(|| pk.check_against(&vk).unwrap())
    });
    g.finish();
}

/// Interleaved runs for [`interleaved`] (`ZKCRED_INTERLEAVED_RUNS`).
const INTERLEAVED_RUNS: usize = 10;

/// Times `prove` with the reference switches off (now) and on (before
/// issue #17: arkworks' MSMs, constraint matrices built on every proof),
/// alternating, and prints the medians and ranges and their ratio.
fn interleaved<T>(what: &str, default_runs: usize, prove: &dyn Fn() -> T) {
    // `cargo test --benches` (scripts/test.sh) runs each bench once, without
    // `--bench`: no interleaved timing there.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runs = std::env::var("ZKCRED_INTERLEAVED_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_runs)
        .max(1);
    let (mut now, mut before) = (Vec::new(), Vec::new());
    // One of each first: the key caches its matrices on its first proof.
    prove();
    for _ in 0..runs {
        let t = Instant::now();
        prove();
        now.push(t.elapsed());
        reference::set_arkworks_msm(true);
        reference::set_matrices_each_proof(true);
        let t = Instant::now();
        prove();
        before.push(t.elapsed());
        reference::set_arkworks_msm(false);
        reference::set_matrices_each_proof(false);
    }
    now.sort();
    before.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what}, {runs} interleaved runs: now {:.1} ms ({:.1}-{:.1}), before #17 {:.1} ms ({:.1}-{:.1}): {:.2}x",
        ms(now[runs / 2]),
        ms(now[0]),
        ms(now[runs - 1]),
        ms(before[runs / 2]),
        ms(before[0]),
        ms(before[runs - 1]),
        ms(before[runs / 2]) / ms(now[runs / 2])
    );
}

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("keygen");
    g.sample_size(10);
    g.bench_function("setup (development keys)", |b| {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        b.iter(|| keys::setup(&mut rng).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench, keygen);
criterion_main!(benches);
