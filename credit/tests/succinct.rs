//! The succinct credit path end to end (Groth16 binned scorecard): completeness,
//! and soundness: every false statement is refused by the prover or rejected
//! by the verifier, and where the prover refuses, a proof forced through with
//! the bad witness does not verify.

use std::sync::OnceLock;

use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use zkcred_core::{date::Date, holder::HolderSecret, keys, Error, Fr};
use zkcred_credit::{
    succinct::{
        attest_succinct, prove_succinct, prove_succinct_unchecked, setup, succinct_nullifier,
        verify_succinct, ScorecardProvingKey, ScorecardVerifyingKey, SuccinctCredential,
        SuccinctPolicy, SuccinctProof,
    },
    Metrics, ProviderKey, Scorecard,
};

const BINNED: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1, "type": "binned",
  "features": [
    {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "max": 9499, "points": 10}, {"min": 9500, "points": 25}]},
    {"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]},
    {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]},
    {"metric": "annual_revenue", "bins": [{"min": 0, "max": 99999999, "points": 0}, {"min": 100000000, "points": 15}]}
  ],
  "cutoff": 100}"#;

fn keys() -> &'static (ScorecardProvingKey, ScorecardVerifyingKey) {
    static KEYS: OnceLock<(ScorecardProvingKey, ScorecardVerifyingKey)> = OnceLock::new();
    KEYS.get_or_init(|| setup(&mut ChaCha20Rng::seed_from_u64(99)).unwrap())
}

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn days(n: i64) -> Date {
    Date::from_days(today().days() + n).unwrap()
}

struct World {
    rng: ChaCha20Rng,
    provider: ProviderKey,
    secret: HolderSecret,
    credential: SuccinctCredential,
    policy: SuccinctPolicy,
}

/// Scores 25 + 40 + 30 + 15 = 110 >= 100.
fn metrics() -> Metrics {
    Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0]).unwrap()
}

fn world(seed: u64) -> World {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let provider = ProviderKey::generate(&mut rng);
    let secret = HolderSecret::generate(&mut rng);
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
        scope: "lender.example/credit-line".into(),
        challenge: Fr::from(123_456u64),
        now: today(),
        currency: "EUR".into(),
        issuer: provider.public_key(),
        scorecard: Scorecard::from_json(BINNED).unwrap(),
    };
    World {
        rng,
        provider,
        secret,
        credential,
        policy,
    }
}

fn rejected(p: &SuccinctPolicy, proof: &SuccinctProof) {
    assert!(
        matches!(
            verify_succinct(p, proof, &keys().1),
            Err(Error::VerificationFailed)
        ),
        "a proof that must not verify did"
    );
}

/// The prover refuses (Unsatisfiable) and a forced proof is rejected.
fn refused_and_unforgeable(w: &mut World, p: &SuccinctPolicy, c: &SuccinctCredential) {
    assert!(
        matches!(
            prove_succinct(p, c, &w.secret, &keys().0, &mut w.rng),
            Err(Error::Unsatisfiable(_))
        ),
        "the prover did not refuse"
    );
    let forced = prove_succinct_unchecked(p, c, &w.secret, &keys().0, &mut w.rng).unwrap();
    rejected(p, &forced);
}

#[test]
fn completeness_and_envelopes() {
    let mut w = world(1);
    let proof = prove_succinct(&w.policy, &w.credential, &w.secret, &keys().0, &mut w.rng).unwrap();
    let n = verify_succinct(&w.policy, &proof, &keys().1).unwrap();
    // The scorecard's nullifier (circuit v2), not the identity nullifier of
    // the same scope (which v1 used, linking the two).
    assert_eq!(
        n,
        succinct_nullifier(&w.secret, "lender.example/credit-line").unwrap()
    );
    assert_ne!(n, w.secret.nullifier("lender.example/credit-line").unwrap());
    let again = SuccinctProof::from_json(&proof.to_json()).unwrap();
    assert_eq!(again, proof);
    // Proofs and keys name the circuit version (scorecard/v2); v1 artefacts
    // get a typed circuit-version error, not "does not verify".
    let circuit_v1 = |r: Result<(), Error>| {
        assert!(
            matches!(
                r,
                Err(Error::UnsupportedVersion {
                    what: "circuit",
                    found: 1,
                    supported: 2
                })
            ),
            "{r:?}"
        )
    };
    let mut v: serde_json::Value = serde_json::from_str(&proof.to_json()).unwrap();
    assert_eq!(v["version"], 2);
    v["version"] = 1.into();
    circuit_v1(SuccinctProof::from_json(&v.to_string()).map(|_| ()));
    for bytes in [keys().1.to_bytes(), keys().0.to_bytes()] {
        assert_eq!(&bytes[10..26], b"scorecard/v2\0\0\0\0");
        let mut v1 = bytes.clone();
        v1[10..26].copy_from_slice(b"scorecard/v1\0\0\0\0");
        if bytes.len() == keys().1.to_bytes().len() {
            circuit_v1(ScorecardVerifyingKey::from_bytes(&v1).map(|_| ()));
        } else {
            circuit_v1(ScorecardProvingKey::from_bytes(&v1).map(|_| ()));
        }
    }
    assert_eq!(SuccinctProof::from_bytes(&proof.to_bytes()).unwrap(), proof);
    let p2 = SuccinctPolicy::from_json(&w.policy.to_json()).unwrap();
    assert_eq!(p2, w.policy);
    verify_succinct(&p2, &again, &keys().1).unwrap();
    let c2 = SuccinctCredential::from_json(&w.credential.to_json()).unwrap();
    assert_eq!(c2.metrics, w.credential.metrics);
    // Same scope, another challenge: the same nullifier (one use per scope).
    let mut p3 = w.policy.clone();
    p3.challenge = Fr::from(7u64);
    let proof3 = prove_succinct(&p3, &w.credential, &w.secret, &keys().0, &mut w.rng).unwrap();
    assert_eq!(verify_succinct(&p3, &proof3, &keys().1).unwrap(), n);
}

#[test]
fn the_model_hash_is_the_circuits() {
    let s = Scorecard::from_json(BINNED).unwrap();
    let m = s.circuit_model().unwrap();
    assert_eq!(m.hash(), s.hash());
    // The circuit's telescoping score equals the bin lookup on valid models.
    for years in [0, 1, 2, 4, 5, 500] {
        for defaults in [0, 1, 10_000] {
            let metrics = Metrics::new([0, 0, 9_200, 0, years, defaults]).unwrap();
            assert_eq!(
                m.score(metrics.values()),
                Some(s.as_binned().unwrap().score(&metrics))
            );
        }
    }
    assert!(Scorecard::from_json(BINNED.replace("binned", "linear").as_str()).is_err());
}

#[test]
fn score_below_the_cutoff() {
    let mut w = world(2);
    let p = w.policy.clone();
    // 3 years in business: 25 + 20 + 30 + 15 = 90 < 100, honestly signed.
    let weaker = Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 3, 0]).unwrap();
    let c = attest_succinct(
        &w.provider,
        "bank.example",
        "EUR",
        &weaker,
        w.secret.commitment(),
        days(-1),
        days(9),
    )
    .unwrap();
    refused_and_unforgeable(&mut w, &p, &c);
}

#[test]
fn altered_metric_other_issuer_expired() {
    let mut w = world(3);
    let p = w.policy.clone();
    // A metric altered after signing (the JSON parser checks the signature).
    let json = w
        .credential
        .to_json()
        .replace("\"defaults_24m\": 0", "\"defaults_24m\": 1");
    assert!(matches!(
        SuccinctCredential::from_json(&json),
        Err(Error::Attestation(_))
    ));
    let mut altered = w.credential.clone();
    altered.metrics = Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 60, 0]).unwrap();
    refused_and_unforgeable(&mut w, &p, &altered);
    // Another issuer: a rogue provider's credential.
    let rogue = ProviderKey::generate(&mut w.rng);
    let other = attest_succinct(
        &rogue,
        "bank.example",
        "EUR",
        &metrics(),
        w.secret.commitment(),
        days(-1),
        days(9),
    )
    .unwrap();
    refused_and_unforgeable(&mut w, &p, &other);
    // Expired and not yet valid.
    for now in [days(81), days(-11)] {
        let mut late = p.clone();
        late.now = now;
        let c = w.credential.clone();
        refused_and_unforgeable(&mut w, &late, &c);
    }
    // Another currency.
    let mut usd = p.clone();
    usd.currency = "USD".into();
    let c = w.credential.clone();
    refused_and_unforgeable(&mut w, &usd, &c);
    // Another holder's credential.
    let other_holder = HolderSecret::generate(&mut w.rng);
    let theirs = attest_succinct(
        &w.provider,
        "bank.example",
        "EUR",
        &metrics(),
        other_holder.commitment(),
        days(-1),
        days(9),
    )
    .unwrap();
    refused_and_unforgeable(&mut w, &p, &theirs);
}

#[test]
fn replays_other_scorecards_and_tampering_are_rejected() {
    let mut w = world(4);
    let proof = prove_succinct(&w.policy, &w.credential, &w.secret, &keys().0, &mut w.rng).unwrap();
    let mut p = w.policy.clone();
    p.challenge += Fr::from(1u64);
    rejected(&p, &proof);
    let mut p = w.policy.clone();
    p.scope = "other.example".into();
    rejected(&p, &proof);
    let mut p = w.policy.clone();
    p.scorecard =
        Scorecard::from_json(&BINNED.replace("\"cutoff\": 100", "\"cutoff\": 90")).unwrap();
    rejected(&p, &proof);
    let mut p = w.policy.clone();
    p.now = days(1);
    rejected(&p, &proof);
    let mut p = w.policy.clone();
    p.issuer = ProviderKey::generate(&mut w.rng).public_key();
    rejected(&p, &proof);
    let mut other_nullifier = proof.clone();
    other_nullifier.nullifier += Fr::from(1u64);
    rejected(&w.policy, &other_nullifier);
    let bytes = proof.to_bytes();
    for i in (32..bytes.len()).step_by(16) {
        let mut t = bytes.clone();
        t[i] ^= 1;
        if let Ok(tampered) = SuccinctProof::from_bytes(&t) {
            rejected(&w.policy, &tampered);
        }
    }
    for n in 0..bytes.len() {
        assert!(SuccinctProof::from_bytes(&bytes[..n]).is_err());
    }
}

#[test]
fn keys_round_trip_and_refuse_other_circuits() {
    let (pk, vk) = keys();
    let vk2 = ScorecardVerifyingKey::from_bytes(&vk.to_bytes()).unwrap();
    assert_eq!(vk2.to_bytes(), vk.to_bytes());
    let pk2 = ScorecardProvingKey::from_bytes(&pk.to_bytes()).unwrap();
    assert_eq!(pk2.verifying_key().to_bytes(), vk.to_bytes());
    // A presentation key is not a scorecard key, and vice versa.
    let (ppk, pvk) = keys::setup(&mut ChaCha20Rng::seed_from_u64(5)).unwrap();
    assert!(matches!(
        ScorecardVerifyingKey::from_bytes(&pvk.to_bytes()),
        Err(Error::Key(_))
    ));
    assert!(ScorecardProvingKey::from_bytes(&ppk.to_bytes()).is_err());
    assert!(keys::VerifyingKey::from_bytes(&vk.to_bytes()).is_err());
    let bytes = vk.to_bytes();
    for n in [0, 10, 26, bytes.len() - 1] {
        assert!(ScorecardVerifyingKey::from_bytes(&bytes[..n]).is_err());
    }
}

#[test]
fn linear_models_and_malformed_policies_get_typed_errors() {
    let w = world(5);
    let mut p = w.policy.clone();
    p.scorecard = Scorecard::from_json(
        r#"{"scorecardVersion": 1, "id": "x", "version": 1, "type": "linear",
            "features": [{"metric": "defaults_24m", "weight": -1}], "cutoff": 0}"#,
    )
    .unwrap();
    assert!(matches!(p.check(), Err(Error::Scorecard(_))));
    let json = w.policy.to_json();
    assert!(matches!(
        SuccinctPolicy::from_json(&json.replace("\"EUR\"", "\"E\"")),
        Err(Error::CreditPolicy(_))
    ));
    assert!(matches!(
        SuccinctPolicy::from_json(&json.replace("ZkcredCreditSuccinctPolicy", "x")),
        Err(Error::Encoding(_))
    ));
    assert!(SuccinctPolicy::from_json("{").is_err());
    assert!(SuccinctProof::from_json("{}").is_err());
}

/// A prepared key ([`ScorecardProvingKey::prepare`], the faster prover)
/// proves what the plain key proves: its proofs verify with the same
/// verifying key, and a score under the cutoff forced through it does not.
#[test]
fn a_prepared_key_proves_the_same_statement() {
    let mut w = world(11);
    let mut pk = keys().0.clone();
    assert!(!pk.is_prepared() && pk.prepared_bytes() == 0);
    pk.prepare();
    assert!(pk.is_prepared() && pk.prepared_bytes() > 0);
    let proof = prove_succinct(&w.policy, &w.credential, &w.secret, &pk, &mut w.rng).unwrap();
    verify_succinct(&w.policy, &proof, &keys().1).unwrap();
    let mut other = w.policy.clone();
    other.challenge = Fr::from(1u64);
    rejected(&other, &proof);

    // Scores 0 + 0 + 0 + 15 = 15 < 100.
    let low = Metrics::new([240_000_000, 18_000_000, 8_000, 35_000_000, 1, 2]).unwrap();
    let c = attest_succinct(
        &w.provider,
        "bank.example",
        "EUR",
        &low,
        w.secret.commitment(),
        days(-10),
        days(80),
    )
    .unwrap();
    let forced = prove_succinct_unchecked(&w.policy, &c, &w.secret, &pk, &mut w.rng).unwrap();
    rejected(&w.policy, &forced);
}
