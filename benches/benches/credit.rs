//! SME credit proofs, transparent path: 6 thresholds and 1 linear scorecard
//! in one aggregated 64-bit Bulletproofs range proof (7 values padded to 8).
//!
//!   cargo bench -p zkcred-benches --bench credit
//!
//! Prints the proof sizes first; measures attest, prove, verify, and batch
//! verification of 1,000 proofs (on all cores); then the succinct path's
//! Groth16 scorecard proof (prove, verify).

use criterion::{criterion_group, criterion_main, Criterion};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcred_core::date::Date;
use zkcred_credit::{
    attest, prove, verify, verify_batch, Bound, CreditPolicy, CreditProof, Metric, Metrics,
    ProviderKey, Scorecard,
};

const SCORECARD: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme", "version": 1, "type": "linear",
  "features": [
    {"metric": "on_time_repayment_bps", "weight": 40}, {"metric": "years_in_business", "weight": 5000},
    {"metric": "defaults_24m", "weight": -100000}, {"metric": "annual_revenue", "weight": 1},
    {"metric": "outstanding_debt", "weight": -2}],
  "bias": 0, "cutoff": 150000000}"#;

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let provider = ProviderKey::generate(&mut rng);
    let metrics = Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0]).unwrap();
    let today = Date::from_ymd(2026, 11, 23).unwrap();
    let expires = Date::from_days(today.days() + 90).unwrap();
    let (attestation, openings) = attest(
        &provider,
        "bank.example",
        "EUR",
        &metrics,
        today,
        expires,
        &mut rng,
    )
    .unwrap();
    let policy = CreditPolicy::new([9; 32], today, "EUR")
        .accept_issuer(&provider.public_key())
        .require(Metric::AnnualRevenue, Bound::AtLeast, 200_000_000)
        .require(Metric::MonthlyTransactionVolume, Bound::AtLeast, 10_000_000)
        .require(Metric::OnTimeRepaymentBps, Bound::AtLeast, 9_500)
        .require(Metric::OutstandingDebt, Bound::AtMost, 50_000_000)
        .require(Metric::YearsInBusiness, Bound::AtLeast, 3)
        .require(Metric::Defaults24m, Bound::AtMost, 0)
        .with_scorecard(Scorecard::from_json(SCORECARD).unwrap());
    let proof = prove(&policy, &attestation, &openings, &mut rng).unwrap();
    println!(
        "transparent proof: range proof {} bytes; binary envelope with the attestation {} bytes; JSON {} bytes",
        proof.range_proof_bytes().len(),
        proof.to_bytes().len(),
        proof.to_json().len()
    );

    let mut g = c.benchmark_group("credit/transparent");
    g.bench_function("attest", |b| {
        b.iter(|| {
            attest(
                &provider,
                "bank.example",
                "EUR",
                &metrics,
                today,
                expires,
                &mut rng,
            )
            .unwrap()
        })
    });
    g.bench_function("prove (6 thresholds + scorecard)", |b| {
        b.iter(|| prove(&policy, &attestation, &openings, &mut rng).unwrap())
    });
    g.bench_function("verify", |b| b.iter(|| verify(&policy, &proof).unwrap()));
    g.finish();

    let mut g = c.benchmark_group("credit/transparent-batch");
    g.sample_size(10);
    // Made on first use, so a filter that skips this bench skips the 1,000 proofs.
    let proofs: std::cell::OnceCell<Vec<CreditProof>> = std::cell::OnceCell::new();
    g.bench_function("verify_batch 1000", |b| {
        let proofs = proofs.get_or_init(|| {
            (0..1000)
                .map(|_| prove(&policy, &attestation, &openings, &mut rng).unwrap())
                .collect()
        });
        let items: Vec<_> = proofs.iter().map(|p| (&policy, p)).collect();
        b.iter(|| {
            let r = verify_batch(&items);
            assert!(r.iter().all(|x| x.is_ok()));
        })
    });
    g.finish();
}

/// The succinct path: the Groth16 binned-scorecard proof (11,813 constraints).
fn bench_succinct(c: &mut Criterion) {
    use zkcred_core::holder::HolderSecret;
    use zkcred_credit::succinct;
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let provider = ProviderKey::generate(&mut rng);
    let metrics = Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0]).unwrap();
    let today = Date::from_ymd(2026, 11, 23).unwrap();
    let sme = HolderSecret::generate(&mut rng);
    let credential = succinct::attest_succinct(
        &provider,
        "bank.example",
        "EUR",
        &metrics,
        sme.commitment(),
        today,
        Date::from_days(today.days() + 90).unwrap(),
    )
    .unwrap();
    let (pk, vk) = succinct::setup(&mut rng).unwrap();
    println!(
        "scorecard circuit keys: proving key {} bytes, verifying key {} bytes",
        pk.to_bytes().len(),
        vk.to_bytes().len()
    );
    let mut policy = succinct::SuccinctPolicy::new_os(
        "lender.example/credit-line",
        "EUR",
        &provider.public_key(),
        Scorecard::from_json(BINNED).unwrap(),
    );
    policy.now = today;
    let proof = succinct::prove_succinct(&policy, &credential, &sme, &pk, &mut rng).unwrap();
    let mut g = c.benchmark_group("credit/succinct");
    g.sample_size(20);
    g.bench_function("prove (Groth16 binned scorecard)", |b| {
        b.iter(|| succinct::prove_succinct(&policy, &credential, &sme, &pk, &mut rng).unwrap())
    });
    let mut prepared = pk.clone();
    let t = std::time::Instant::now();
    prepared.prepare();
    println!(
        "scorecard proving key prepared in {:.2?}: {} bytes of tables",
        t.elapsed(),
        prepared.prepared_bytes()
    );
    g.bench_function("prove, prepared key (zkcred_core::prover)", |b| {
        b.iter(|| {
            succinct::prove_succinct(&policy, &credential, &sme, &prepared, &mut rng).unwrap()
        })
    });
    g.bench_function("verify", |b| {
        b.iter(|| succinct::verify_succinct(&policy, &proof, &vk).unwrap())
    });
    g.finish();
}

const BINNED: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1, "type": "binned",
  "features": [
    {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "max": 9499, "points": 10}, {"min": 9500, "points": 25}]},
    {"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]},
    {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]}],
  "cutoff": 80}"#;

criterion_group!(benches, bench, bench_succinct);
criterion_main!(benches);
