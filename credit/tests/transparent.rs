//! The transparent credit path end to end: completeness over random metrics
//! and policies, and soundness: every false statement is refused by the prover
//! or rejected by the verifier, and where the prover refuses, a proof forced
//! through with the bad witness does not verify.

use rand::Rng;
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};
use zkcred_core::{date::Date, Error};
use zkcred_credit::{
    attest, transparent::prove_unchecked, verify_batch, Bound, CreditAttestation, CreditOpenings,
    CreditPolicy, CreditProof, Metric, Metrics, ProviderKey, Scorecard,
};

const SCORECARD: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme", "version": 2, "type": "linear",
  "features": [
    {"metric": "on_time_repayment_bps", "weight": 2},
    {"metric": "years_in_business", "weight": 150},
    {"metric": "defaults_24m", "weight": -2500},
    {"metric": "outstanding_debt", "weight": -1},
    {"metric": "annual_revenue", "weight": 1}
  ],
  "bias": -1000, "cutoff": 250000000}"#;

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn days(n: i64) -> Date {
    Date::from_days(today().days() + n).unwrap()
}

struct World {
    rng: ChaCha20Rng,
    provider: ProviderKey,
    attestation: CreditAttestation,
    openings: CreditOpenings,
}

/// Revenue 3.0M EUR, volume 180k, 97 % on time, debt 400k, 7 years, no default.
fn metrics() -> Metrics {
    Metrics::new([300_000_000, 18_000_000, 9_700, 40_000_000, 7, 0]).unwrap()
}

fn world(seed: u64) -> World {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
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
    World {
        rng,
        provider,
        attestation,
        openings,
    }
}

/// Six thresholds and a scorecard: the benchmark's shape.
fn policy(w: &World) -> CreditPolicy {
    CreditPolicy::new([42; 32], today(), "EUR")
        .accept_issuer(&w.provider.public_key())
        .require(Metric::AnnualRevenue, Bound::AtLeast, 200_000_000)
        .require(Metric::MonthlyTransactionVolume, Bound::AtLeast, 10_000_000)
        .require(Metric::OnTimeRepaymentBps, Bound::AtLeast, 9_500)
        .require(Metric::OutstandingDebt, Bound::AtMost, 50_000_000)
        .require(Metric::YearsInBusiness, Bound::AtLeast, 3)
        .require(Metric::Defaults24m, Bound::AtMost, 0)
        .with_scorecard(Scorecard::from_json(SCORECARD).unwrap())
}

fn prove(w: &mut World, p: &CreditPolicy) -> zkcred_core::Result<CreditProof> {
    zkcred_credit::prove(p, &w.attestation, &w.openings, &mut w.rng)
}

fn rejected(p: &CreditPolicy, proof: &CreditProof) {
    assert!(
        matches!(
            zkcred_credit::verify(p, proof),
            Err(Error::VerificationFailed)
        ),
        "a proof that must not verify did"
    );
}

#[test]
fn completeness_six_thresholds_and_scorecard() {
    let mut w = world(1);
    let p = policy(&w);
    let proof = prove(&mut w, &p).unwrap();
    let v = zkcred_credit::verify(&p, &proof).unwrap();
    assert_eq!(v.issuer, w.provider.public_key());
    assert_eq!(v.issuer_id, "bank.example");
    assert_eq!(v.expires, days(80));
    // 7 statements padded to 8 parties: 2 lg(512) + 9 = 27 elements.
    assert_eq!(proof.range_proof_bytes().len(), 27 * 32);
    // Both envelopes round-trip and still verify; the policy too.
    let from_json = CreditProof::from_json(&proof.to_json()).unwrap();
    let from_bytes = CreditProof::from_bytes(&proof.to_bytes()).unwrap();
    assert_eq!(from_json, proof);
    assert_eq!(from_bytes, proof);
    let p2 = CreditPolicy::from_json(&p.to_json()).unwrap();
    assert_eq!(p2, p);
    zkcred_credit::verify(&p2, &from_bytes).unwrap();
}

#[test]
fn completeness_over_random_policies() {
    let mut w = world(2);
    let m = metrics();
    for round in 0..12 {
        let mut p = CreditPolicy::new(w.rng.gen(), today(), "EUR")
            .accept_issuer(&ProviderKey::generate(&mut w.rng).public_key())
            .accept_issuer(&w.provider.public_key());
        let n = w.rng.gen_range(1..=9);
        for _ in 0..n {
            let metric = Metric::ALL[w.rng.gen_range(0..6)];
            let v = m.get(metric);
            // Thresholds that hold, often tight.
            if w.rng.gen() {
                let t = if w.rng.gen() {
                    v
                } else {
                    w.rng.gen_range(0..=v)
                };
                p = p.require(metric, Bound::AtLeast, t);
            } else {
                let t = if w.rng.gen() {
                    v
                } else {
                    w.rng.gen_range(v..=u64::MAX)
                };
                p = p.require(metric, Bound::AtMost, t);
            }
        }
        if round % 2 == 0 {
            // A scorecard whose cutoff is exactly the score.
            let s = Scorecard::from_json(SCORECARD).unwrap();
            let score = s.as_linear().unwrap().score(&m) as i64;
            let exact = SCORECARD.replace("250000000", &score.to_string());
            p = p.with_scorecard(Scorecard::from_json(&exact).unwrap());
        }
        let proof = prove(&mut w, &p).unwrap();
        zkcred_credit::verify(&p, &proof).unwrap();
    }
}

#[test]
fn a_metric_below_its_threshold_is_refused_and_cannot_be_forced() {
    let mut w = world(3);
    for (metric, bound, t) in [
        (Metric::AnnualRevenue, Bound::AtLeast, 300_000_001),
        (Metric::OutstandingDebt, Bound::AtMost, 39_999_999),
        (Metric::Defaults24m, Bound::AtLeast, 1),
        (Metric::YearsInBusiness, Bound::AtLeast, u64::MAX),
    ] {
        let p = policy(&w).require(metric, bound, t);
        match prove(&mut w, &p) {
            Err(Error::Unsatisfiable(msg)) => assert!(msg.contains(metric.name()), "{msg}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let forced = prove_unchecked(&p, &w.attestation, &w.openings, &mut w.rng).unwrap();
        rejected(&p, &forced);
    }
}

#[test]
fn a_score_below_the_cutoff_is_refused_and_cannot_be_forced() {
    let mut w = world(4);
    let s = Scorecard::from_json(SCORECARD).unwrap();
    let score = s.as_linear().unwrap().score(&metrics()) as i64;
    let high = SCORECARD.replace("250000000", &(score + 1).to_string());
    let p = policy(&w).with_scorecard(Scorecard::from_json(&high).unwrap());
    assert!(matches!(prove(&mut w, &p), Err(Error::Unsatisfiable(m)) if m.contains("cutoff")));
    let forced = prove_unchecked(&p, &w.attestation, &w.openings, &mut w.rng).unwrap();
    rejected(&p, &forced);
}

#[test]
fn another_scorecard_another_challenge_or_policy_is_rejected() {
    let mut w = world(5);
    let p = policy(&w);
    let proof = prove(&mut w, &p).unwrap();
    // Another scorecard (a lower cutoff: the statement is even true).
    let other = SCORECARD.replace("250000000", "1");
    rejected(
        &policy(&w).with_scorecard(Scorecard::from_json(&other).unwrap()),
        &proof,
    );
    // Replay under another challenge.
    let mut replay = p.clone();
    replay.challenge[0] ^= 1;
    rejected(&replay, &proof);
    // Another date (still within validity), another threshold, one threshold fewer.
    let mut later = p.clone();
    later.now = days(1);
    rejected(&later, &proof);
    let mut changed = p.clone();
    changed.thresholds[0].value -= 1;
    rejected(&changed, &proof);
    let mut fewer = p.clone();
    fewer.thresholds.pop();
    rejected(&fewer, &proof);
}

#[test]
fn forged_or_altered_attestations_are_rejected() {
    let mut w = world(6);
    let p = policy(&w);
    let proof = prove(&mut w, &p).unwrap();

    // A provider the lender does not accept, attesting the same metrics.
    let rogue = ProviderKey::generate(&mut w.rng);
    let (a, o) = attest(
        &rogue,
        "bank.example",
        "EUR",
        &metrics(),
        days(-1),
        days(9),
        &mut w.rng,
    )
    .unwrap();
    assert!(matches!(
        zkcred_credit::prove(&p, &a, &o, &mut w.rng),
        Err(Error::Unsatisfiable(_))
    ));
    let forced = prove_unchecked(&p, &a, &o, &mut w.rng).unwrap();
    rejected(&p, &forced);

    // Altered fields of the accepted attestation inside a valid proof.
    let mut json: serde_json::Value = serde_json::from_str(&proof.to_json()).unwrap();
    let att = json["attestation"].clone();
    let alterations: Vec<(&str, serde_json::Value)> = vec![
        ("issuerId", "other.example".into()),
        ("expires", "2027-12-31".into()),
        ("issued", "2026-11-01".into()),
        ("commitments", {
            let mut c = att["commitments"].clone();
            c.as_array_mut().unwrap().swap(0, 1);
            c
        }),
    ];
    for (field, value) in alterations {
        json["attestation"] = att.clone();
        json["attestation"][field] = value;
        let altered = CreditProof::from_json(&json.to_string()).unwrap();
        rejected(&p, &altered);
    }

    // A valid attestation by the same provider for other metrics, swapped in.
    let poorer = Metrics::new([1, 1, 1, 1, 1, 1]).unwrap();
    let (a2, _) = attest(
        &w.provider,
        "bank.example",
        "EUR",
        &poorer,
        days(-1),
        days(9),
        &mut w.rng,
    )
    .unwrap();
    let mut swapped = proof.clone();
    swapped.attestation = a2;
    rejected(&p, &swapped);

    // Openings that do not open the commitments are refused by the prover.
    let (_, o2) = attest(
        &w.provider,
        "bank.example",
        "EUR",
        &metrics(),
        days(-1),
        days(9),
        &mut w.rng,
    )
    .unwrap();
    assert!(matches!(
        zkcred_credit::prove(&p, &w.attestation, &o2, &mut w.rng),
        Err(Error::Attestation(_))
    ));
    let forced = prove_unchecked(&p, &w.attestation, &o2, &mut w.rng).unwrap();
    rejected(&p, &forced);
}

#[test]
fn expired_or_not_yet_valid_attestations_are_refused() {
    let mut w = world(7);
    for now in [days(81), days(-11)] {
        let mut p = policy(&w);
        p.now = now;
        assert!(matches!(prove(&mut w, &p), Err(Error::Unsatisfiable(m)) if m.contains("expired")));
        let forced = prove_unchecked(&p, &w.attestation, &w.openings, &mut w.rng).unwrap();
        rejected(&p, &forced);
    }
    // The last valid day is accepted.
    let mut p = policy(&w);
    p.now = days(80);
    let proof = prove(&mut w, &p).unwrap();
    zkcred_credit::verify(&p, &proof).unwrap();
    // Another currency.
    let mut usd = policy(&w);
    usd.currency = "USD".into();
    assert!(prove(&mut w, &usd).is_err());
    let forced = prove_unchecked(&usd, &w.attestation, &w.openings, &mut w.rng).unwrap();
    rejected(&usd, &forced);
}

#[test]
fn tampered_proofs_are_rejected_without_panics() {
    let mut w = world(8);
    let p = policy(&w);
    let proof = prove(&mut w, &p).unwrap();
    let bytes = proof.to_bytes();
    let rp_start = bytes.len() - proof.range_proof_bytes().len();
    // Flip one bit in each 32-byte element of the range proof, and in a few
    // places of the attestation.
    let mut positions: Vec<usize> = (rp_start..bytes.len()).step_by(32).map(|i| i + 5).collect();
    positions.extend([5, 40, 70, 80, 90, rp_start - 70, rp_start - 1]);
    for i in positions {
        let mut t = bytes.clone();
        t[i] ^= 0x04;
        // Refused at parsing is also fine.
        if let Ok(tampered) = CreditProof::from_bytes(&t) {
            rejected(&p, &tampered);
        }
    }
    // Every truncation and a trailing byte.
    for n in 0..bytes.len() {
        assert!(CreditProof::from_bytes(&bytes[..n]).is_err(), "{n}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(CreditProof::from_bytes(&longer).is_err());
    // A range proof for fewer parties (one element pair shorter) is rejected.
    let mut short = bytes.clone();
    short.truncate(bytes.len() - 96);
    short.extend_from_slice(&bytes[bytes.len() - 64..]);
    if let Ok(s) = CreditProof::from_bytes(&short) {
        rejected(&p, &s);
    }
}

#[test]
fn batch_verification_reports_each_proof() {
    let mut w = world(9);
    let p = policy(&w);
    let proofs: Vec<CreditProof> = (0..6).map(|_| prove(&mut w, &p).unwrap()).collect();
    let mut replay = p.clone();
    replay.challenge = [1; 32];
    let mut items: Vec<(&CreditPolicy, &CreditProof)> = proofs.iter().map(|x| (&p, x)).collect();
    items[3] = (&replay, &proofs[3]);
    let results = verify_batch(&items);
    assert_eq!(results.len(), 6);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.is_ok(), i != 3, "{i}");
    }
    assert!(verify_batch(&[]).is_empty());
}

#[test]
fn malformed_policies_and_envelopes_get_typed_errors() {
    let w = world(10);
    let good = policy(&w).to_json();
    type Expect = fn(&Error) -> bool;
    let cases: Vec<(String, Expect)> = vec![
        (
            good.replace("\"version\": 1,\n  \"type\"", "\"version\": 9,\n  \"type\""),
            |e| matches!(e, Error::UnsupportedVersion { .. }),
        ),
        (good.replace("ZkcredCreditPolicy", "Other"), |e| {
            matches!(e, Error::Encoding(_))
        }),
        (good.replace("\"EUR\"", "\"eur\""), |e| {
            matches!(e, Error::CreditPolicy(_))
        }),
        (good.replace("\"annual_revenue\"", "\"profit\""), |e| {
            matches!(e, Error::CreditPolicy(_))
        }),
        (good.replace("\">=\"", "\">\""), |e| {
            matches!(e, Error::Json(_))
        }),
        (good.replace("2026-11-23", "2026-02-30"), |e| {
            matches!(e, Error::InvalidDate)
        }),
        (
            good.replace("\"type\": \"linear\"", "\"type\": \"binned\""),
            |e| matches!(e, Error::Scorecard(_)),
        ),
        ("{}".into(), |e| matches!(e, Error::Json(_))),
        ("".into(), |e| matches!(e, Error::Json(_))),
    ];
    for (json, expected) in cases {
        let e = CreditPolicy::from_json(&json).unwrap_err();
        assert!(expected(&e), "{e:?}");
    }
    // A policy with nothing to prove, or with no issuer.
    let empty = CreditPolicy::new([0; 32], today(), "EUR").accept_issuer(&w.provider.public_key());
    assert!(matches!(empty.check(), Err(Error::CreditPolicy(_))));
    let no_issuer =
        CreditPolicy::new([0; 32], today(), "EUR").require(Metric::Defaults24m, Bound::AtMost, 0);
    assert!(matches!(no_issuer.check(), Err(Error::CreditPolicy(_))));
    let mut too_many = empty.clone();
    for _ in 0..17 {
        too_many = too_many.require(Metric::Defaults24m, Bound::AtMost, 0);
    }
    assert!(matches!(too_many.check(), Err(Error::CreditPolicy(_))));

    // Attestations: bad points, versions, lengths.
    let a = w.attestation.to_json();
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let c0 = v["commitments"][0].as_str().unwrap().to_string();
    for (bad, what) in [
        (a.replace(&c0, &"00".repeat(32)), "identity commitment"),
        (a.replace(&c0, &"ff".repeat(32)), "non-canonical point"),
        (a.replace(&c0, "abcd"), "short commitment"),
        (a.replace("\"version\": 1", "\"version\": 2"), "version"),
        (a.replace("zkcred/sme-credit/v1", "other"), "schema"),
        (a.replace("bank.example", "bank example"), "issuer id"),
    ] {
        assert!(CreditAttestation::from_json(&bad).is_err(), "{what}");
    }
    let sig = v["signature"].as_str().unwrap().to_string();
    let non_canonical_s = format!("{}{}", &sig[..64], "ff".repeat(32));
    assert!(matches!(
        CreditAttestation::from_json(&a.replace(&sig, &non_canonical_s)),
        Err(Error::Attestation(_))
    ));
    // Openings.
    let o = w.openings.to_json();
    assert!(
        CreditOpenings::from_json(&o.replace("\"defaults_24m\": 0", "\"defaults_24m\": -1"))
            .is_err()
    );
    assert!(CreditOpenings::from_json(&o.replace("ZkcredCreditOpenings", "x")).is_err());
    assert!(CreditOpenings::from_json("[]").is_err());
    // Proof JSON with a bad range proof.
    let mut proof: serde_json::Value = serde_json::from_str(
        &CreditProof::from_bytes(
            &[&b"ZKCT\x01"[..], &w.attestation.to_bytes(), &[0u8; 864]].concat(),
        )
        .map(|p| p.to_json())
        .unwrap_or_else(|_| "{}".into()),
    )
    .unwrap();
    if proof.get("rangeProof").is_some() {
        proof["rangeProof"] = "zz".into();
        assert!(CreditProof::from_json(&proof.to_string()).is_err());
    }
}
