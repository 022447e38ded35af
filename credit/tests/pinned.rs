//! Pinned credit proofs, like zkcred-core's `presentation-v2` vectors.
//!
//! `tests/vectors/transparent-v1/` holds a provider's attestation, a
//! lender's policy and a transparent proof (Bulletproofs) made from fixed
//! seeds; `tests/vectors/scorecard-v2/` the scorecard circuit's verifying
//! key, a policy and a succinct proof (Groth16). The tests check that
//! 1. the stored proofs still verify (proofs made by earlier builds stay
//!    valid), and
//! 2. today's code, from the same seeds, makes byte-identical documents,
//!    keys and proofs (the range prover, the transcript, the circuit, the
//!    key generation and the Groth16 prover are unchanged).
//!
//! A deliberate change regenerates them with
//! `ZKCRED_REGENERATE_VECTORS=1 cargo test -p zkcred-credit --test pinned`
//! (and, for the circuit, a version bump of `succinct::CIRCUIT_ID`).

use std::path::PathBuf;

use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use zkcred_core::{date::Date, holder::HolderSecret, Fr};
use zkcred_credit::{
    attest,
    succinct::{
        attest_succinct, prove_succinct, setup, verify_succinct, ScorecardVerifyingKey,
        SuccinctPolicy, SuccinctProof,
    },
    verify, Bound, CreditPolicy, CreditProof, Metric, Metrics, ProviderKey, Scorecard,
};

const LINEAR: &str = r#"{"scorecardVersion": 1, "id": "pinned.example/sme", "version": 1, "type": "linear",
  "features": [{"metric": "on_time_repayment_bps", "weight": 2}, {"metric": "defaults_24m", "weight": -500}],
  "bias": 0, "cutoff": 15000}"#;

const BINNED: &str = r#"{"scorecardVersion": 1, "id": "pinned.example/sme-points", "version": 1, "type": "binned",
  "features": [
    {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "points": 25}]},
    {"metric": "years_in_business", "bins": [{"min": 0, "max": 4, "points": 0}, {"min": 5, "points": 40}]},
    {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]}
  ],
  "cutoff": 80}"#;

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(name)
}

fn today() -> Date {
    Date::from_ymd(2026, 12, 7).unwrap()
}

fn days(n: i64) -> Date {
    Date::from_days(today().days() + n).unwrap()
}

fn metrics() -> Metrics {
    Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0]).unwrap()
}

fn regenerate() -> bool {
    std::env::var_os("ZKCRED_REGENERATE_VECTORS").is_some()
}

/// The stored file `name` of `dir`, written first when regenerating.
fn stored(dir: &std::path::Path, name: &str, now: &[u8]) -> Vec<u8> {
    if regenerate() {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(name), now).unwrap();
    }
    std::fs::read(dir.join(name)).expect("stored vectors (see the module docs)")
}

/// The transparent path from fixed seeds: (attestation, policy, proof) JSON.
fn transparent() -> (String, String, String) {
    let mut rng = ChaCha20Rng::seed_from_u64(20_261_207);
    let provider = ProviderKey::generate(&mut rng);
    let (attestation, openings) = attest(
        &provider,
        "bank.example",
        "EUR",
        &metrics(),
        days(-10),
        days(80),
        &mut rng,
    )
    .unwrap();
    let policy = CreditPolicy::new([0x5a; 32], today(), "EUR")
        .accept_issuer(&provider.public_key())
        .require(Metric::AnnualRevenue, Bound::AtLeast, 200_000_000)
        .require(Metric::Defaults24m, Bound::AtMost, 0)
        .with_scorecard(Scorecard::from_json(LINEAR).unwrap());
    let proof = zkcred_credit::prove(&policy, &attestation, &openings, &mut rng).unwrap();
    (attestation.to_json(), policy.to_json(), proof.to_json())
}

#[test]
fn stored_transparent_proof_verifies_and_todays_code_reproduces_it() {
    let d = dir("transparent-v1");
    let (attestation, policy, proof) = transparent();
    let stored_attestation = stored(&d, "attestation.json", attestation.as_bytes());
    let stored_policy = stored(&d, "policy.json", policy.as_bytes());
    let stored_proof = stored(&d, "proof.json", proof.as_bytes());

    // 1. The stored proof verifies under the stored policy.
    let p = CreditPolicy::from_json(std::str::from_utf8(&stored_policy).unwrap()).unwrap();
    let pr = CreditProof::from_json(std::str::from_utf8(&stored_proof).unwrap()).unwrap();
    let verified = verify(&p, &pr).unwrap();
    assert_eq!(verified.issuer_id, "bank.example");

    // 2. Today's code makes the same bytes from the same seeds.
    assert_eq!(attestation.as_bytes(), stored_attestation.as_slice());
    assert_eq!(policy.as_bytes(), stored_policy.as_slice());
    assert!(
        proof.as_bytes() == stored_proof.as_slice(),
        "the transparent prover's output changed"
    );
}

/// The succinct path from fixed seeds: (verifying key, policy, proof).
fn succinct() -> (Vec<u8>, String, String) {
    let (pk, vk) = setup(&mut ChaCha20Rng::seed_from_u64(20_261_207)).unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let provider = ProviderKey::generate(&mut rng);
    let secret = HolderSecret::from_bytes(&[0x07; 32]).unwrap();
    let credential = attest_succinct(
        &provider,
        "bank.example",
        "EUR",
        &metrics(),
        secret.commitment(),
        days(-10),
        days(80),
    )
    .unwrap();
    let policy = SuccinctPolicy {
        scope: "pinned.example/credit-line".into(),
        challenge: Fr::from(20_261_207u64),
        now: today(),
        currency: "EUR".into(),
        issuer: provider.public_key(),
        scorecard: Scorecard::from_json(BINNED).unwrap(),
    };
    let proof = prove_succinct(&policy, &credential, &secret, &pk, &mut rng).unwrap();
    (vk.to_bytes(), policy.to_json(), proof.to_json())
}

#[test]
fn stored_succinct_proof_verifies_and_todays_code_reproduces_it() {
    let d = dir("scorecard-v2");
    let (vk, policy, proof) = succinct();
    let stored_vk = stored(&d, "verifying_key.bin", &vk);
    let stored_policy = stored(&d, "policy.json", policy.as_bytes());
    let stored_proof = stored(&d, "proof.json", proof.as_bytes());

    // 1. The stored proof verifies under the stored key and policy.
    let key = ScorecardVerifyingKey::from_bytes(&stored_vk).unwrap();
    let p = SuccinctPolicy::from_json(std::str::from_utf8(&stored_policy).unwrap()).unwrap();
    let pr = SuccinctProof::from_json(std::str::from_utf8(&stored_proof).unwrap()).unwrap();
    verify_succinct(&p, &pr, &key).unwrap();

    // 2. Today's code makes the same bytes from the same seeds.
    assert!(
        vk == stored_vk,
        "the scorecard verifying key changed: the circuit or key generation changed"
    );
    assert_eq!(policy.as_bytes(), stored_policy.as_slice());
    assert!(
        proof.as_bytes() == stored_proof.as_slice(),
        "the succinct prover's output changed"
    );
}
