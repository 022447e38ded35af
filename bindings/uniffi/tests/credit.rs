//! The credit flow through the binding: a provider attests, the SME's
//! wallet stores the attestation with its openings and proves a lender's
//! policy on a worker thread, the lender verifies; and everything false is
//! refused: a metric below its threshold, a forged attestation, a proof under
//! another challenge, a tampered proof, an expired attestation.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::Arc;

use fixtures::*;
use zkcred_ffi::{
    verify_credit, CalendarDate, CreditBound, CreditMetric, CreditMetrics, CreditPolicy,
    CreditProvider, Wallet, ZkcredError,
};

fn prove(
    wallet: &Arc<Wallet>,
    policy: &Arc<CreditPolicy>,
    id: &str,
) -> Result<String, ZkcredError> {
    block_on(Arc::clone(wallet).prove_credit(Arc::clone(policy), id.into(), None, None))
}

#[test]
fn sme_proves_a_lenders_policy_and_the_lender_verifies() {
    let (provider, wallet, held) = credit_attested();
    assert_eq!(held.issuer, provider.public_key());
    assert_eq!(held.issuer_id, "bank.example");
    assert_eq!(held.currency, "EUR");
    assert_eq!(held.expires, date("2027-01-31"));
    assert_eq!(wallet.credit_attestations(), vec![held.clone()]);

    let policy = lender_policy(&provider);
    assert_eq!(
        wallet.credit_matching(Arc::clone(&policy)).unwrap(),
        vec![held.clone()]
    );
    let (proof, polls) = block_on_counting(Arc::clone(&wallet).prove_credit(
        Arc::clone(&policy),
        held.id.clone(),
        None,
        None,
    ));
    let proof = proof.unwrap();
    assert!(polls >= 1);
    let verified = verify_credit(Arc::clone(&policy), proof.clone()).unwrap();
    assert_eq!(verified.issuer, provider.public_key());
    assert_eq!(verified.issuer_id, "bank.example");
    assert_eq!(verified.expires, date("2027-01-31"));

    // The proof shows no metric value (the attestation holds commitments
    // only): its one number is the format version, and no key names a metric
    // or an opening.
    fn walk(v: &serde_json::Value, numbers: &mut Vec<u64>, keys: &mut Vec<String>) {
        match v {
            serde_json::Value::Number(n) => numbers.push(n.as_u64().unwrap()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, numbers, keys)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
                keys.push(k.clone());
                walk(x, numbers, keys)
            }),
            _ => {}
        }
    }
    let (mut numbers, mut keys) = (Vec::new(), Vec::new());
    walk(
        &serde_json::from_str(&proof).unwrap(),
        &mut numbers,
        &mut keys,
    );
    assert_eq!(
        numbers,
        vec![1, 1],
        "the proof's and the attestation's versions"
    );
    assert!(
        keys.iter()
            .all(|k| !k.contains("metric") && !k.contains("revenue") && !k.contains("blinding")),
        "{keys:?}"
    );

    // The lender's policy travels as JSON and is the same policy on the other side.
    let sent = CreditPolicy::from_json(policy.to_json().unwrap()).unwrap();
    assert_eq!(sent.challenge(), policy.challenge());
    let proof2 = prove(&wallet, &sent, &held.id).unwrap();
    verify_credit(Arc::clone(&policy), proof2).unwrap();
}

#[test]
fn the_wallet_keeps_credit_attestations_across_json() {
    let (provider, wallet, held) = credit_attested();
    let restored = round_trip(&wallet);
    assert_eq!(restored.credit_attestations(), vec![held.clone()]);
    assert_eq!(
        restored.credit_attestation_json(held.id.clone()).unwrap(),
        wallet.credit_attestation_json(held.id.clone()).unwrap()
    );
    let policy = lender_policy(&provider);
    let proof = prove(&restored, &policy, &held.id).unwrap();
    verify_credit(policy, proof).unwrap();

    // The public attestation carries no opening.
    let public = wallet.credit_attestation_json(held.id.clone()).unwrap();
    assert!(!public.contains("blindings") && !public.contains("314159265"));
    // Unknown ids are a typed error.
    assert!(matches!(
        wallet.credit_attestation_json("00".into()),
        Err(ZkcredError::Attestation { .. })
    ));
    assert!(matches!(
        prove(&wallet, &lender_policy(&provider), "00"),
        Err(ZkcredError::Attestation { .. })
    ));
}

#[test]
fn a_metric_below_its_threshold_is_refused_naming_the_metric_only() {
    let (provider, wallet, held) = credit_attested();
    // Revenue is 314,159,265: ask for one cent more.
    let policy = lender_policy(&provider)
        .require(
            CreditMetric::AnnualRevenue,
            CreditBound::AtLeast,
            314_159_266,
        )
        .unwrap();
    assert!(wallet
        .credit_matching(Arc::clone(&policy))
        .unwrap()
        .is_empty());
    let err = prove(&wallet, &policy, &held.id).unwrap_err();
    assert!(matches!(err, ZkcredError::Unsatisfiable { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("annual_revenue"), "{shown}");
    assert!(
        !shown.contains("314159265") && !shown.contains("314159266"),
        "{shown}"
    );

    // At-most bounds too: debt 41,234,567 against a ceiling one below.
    let policy = lender_policy(&provider)
        .require(
            CreditMetric::OutstandingDebt,
            CreditBound::AtMost,
            41_234_566,
        )
        .unwrap();
    assert!(matches!(
        prove(&wallet, &policy, &held.id),
        Err(ZkcredError::Unsatisfiable { .. })
    ));
    // A scorecard whose cutoff is not reached.
    let policy = lender_policy(&provider)
        .with_scorecard(SCORECARD.replace("19000", "30000"))
        .unwrap();
    assert!(matches!(
        prove(&wallet, &policy, &held.id),
        Err(ZkcredError::Unsatisfiable { .. })
    ));
}

#[test]
fn forged_attestations_are_refused_by_the_wallet_and_the_lender() {
    let (provider, wallet, held) = credit_attested();
    let attestation = wallet.credit_attestation_json(held.id.clone()).unwrap();
    let issued = provider
        .attest(
            "EUR".into(),
            sme_metrics(),
            date("2026-11-01"),
            date("2027-01-31"),
        )
        .unwrap();

    // The wallet refuses an attestation whose expiry was pushed out (the
    // signature no longer verifies), and openings of another attestation.
    let fresh = Wallet::create();
    let extended = issued
        .attestation_json()
        .replace("2027-01-31", "2029-01-31");
    assert!(matches!(
        fresh.receive_credit(extended, issued.openings_json()),
        Err(ZkcredError::Attestation { .. })
    ));
    assert!(matches!(
        fresh.receive_credit(attestation.clone(), issued.openings_json()),
        Err(ZkcredError::Attestation { .. })
    ));
    // Nor can it be held twice.
    assert!(matches!(
        wallet
            .receive_credit(issued.attestation_json(), issued.openings_json())
            .and_then(|_| {
                wallet.receive_credit(issued.attestation_json(), issued.openings_json())
            }),
        Err(ZkcredError::Attestation { .. })
    ));

    // A self-made provider the lender does not accept: refused by the prover,
    // rejected by the lender.
    let policy = lender_policy(&provider);
    let (_, rogue_wallet, rogue_held) = credit_attested();
    assert!(matches!(
        prove(&rogue_wallet, &policy, &rogue_held.id),
        Err(ZkcredError::Unsatisfiable { .. })
    ));
    let rogue_policy = policy.accept_issuer(rogue_held.issuer.clone()).unwrap();
    let rogue_proof = prove(&rogue_wallet, &rogue_policy, &rogue_held.id).unwrap();
    verify_credit(Arc::clone(&rogue_policy), rogue_proof.clone()).unwrap();
    assert!(matches!(
        verify_credit(Arc::clone(&policy), rogue_proof),
        Err(ZkcredError::VerificationFailed)
    ));

    // A genuine proof whose attestation was altered in transit.
    let proof = prove(&wallet, &policy, &held.id).unwrap();
    let altered = proof.replace("2027-01-31", "2027-01-30");
    assert_ne!(altered, proof);
    assert!(matches!(
        verify_credit(Arc::clone(&policy), altered),
        Err(ZkcredError::VerificationFailed)
    ));
    let renamed = proof.replace("bank.example", "bank.exampla");
    assert!(matches!(
        verify_credit(policy, renamed),
        Err(ZkcredError::VerificationFailed)
    ));
}

#[test]
fn a_proof_does_not_verify_under_another_challenge() {
    let (provider, wallet, held) = credit_attested();
    let policy = lender_policy(&provider);
    let proof = prove(&wallet, &policy, &held.id).unwrap();
    // The same statements, a fresh challenge: a replay to another lender.
    let other = lender_policy(&provider);
    assert_ne!(other.challenge(), policy.challenge());
    assert!(matches!(
        verify_credit(other, proof.clone()),
        Err(ZkcredError::VerificationFailed)
    ));
    // The same challenge with a weaker threshold than the proof was made for.
    let mut doc: serde_json::Value = serde_json::from_str(&policy.to_json().unwrap()).unwrap();
    doc["thresholds"][0]["value"] = 100_000_000.into();
    let weaker = CreditPolicy::from_json(doc.to_string()).unwrap();
    assert!(matches!(
        verify_credit(weaker, proof.clone()),
        Err(ZkcredError::VerificationFailed)
    ));
    verify_credit(policy, proof).unwrap();
}

#[test]
fn a_tampered_proof_is_rejected() {
    let (provider, wallet, held) = credit_attested();
    let policy = lender_policy(&provider);
    let proof = prove(&wallet, &policy, &held.id).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&proof).unwrap();
    let range = doc["rangeProof"].as_str().unwrap().to_string();
    // Flip one bit at several places of the range proof.
    for at in [0, 64, range.len() / 2, range.len() - 2] {
        let mut bytes = range.clone().into_bytes();
        bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
        let mut tampered = doc.clone();
        tampered["rangeProof"] = String::from_utf8(bytes).unwrap().into();
        let err = verify_credit(Arc::clone(&policy), tampered.to_string()).unwrap_err();
        assert!(
            matches!(
                err,
                ZkcredError::VerificationFailed | ZkcredError::MalformedProof { .. }
            ),
            "flip at {at}: {err:?}"
        );
    }
    // Truncated, and not JSON at all.
    let mut cut = doc.clone();
    cut["rangeProof"] = range[..range.len() - 64].to_string().into();
    assert!(matches!(
        verify_credit(Arc::clone(&policy), cut.to_string()),
        Err(ZkcredError::MalformedProof { .. } | ZkcredError::VerificationFailed)
    ));
    assert!(matches!(
        verify_credit(policy, proof[..proof.len() / 2].to_string()),
        Err(ZkcredError::Json { .. })
    ));
}

#[test]
fn an_expired_attestation_is_refused_and_rejected() {
    let (provider, wallet, held) = credit_attested();
    // The day after the attestation's last valid day.
    let late = lender_policy(&provider).at(date("2027-02-01")).unwrap();
    assert!(wallet
        .credit_matching(Arc::clone(&late))
        .unwrap()
        .is_empty());
    assert!(matches!(
        prove(&wallet, &late, &held.id),
        Err(ZkcredError::Unsatisfiable { .. })
    ));
    // Proved on its last valid day, checked by a lender a day later.
    let last_day = lender_policy(&provider).at(date("2027-01-31")).unwrap();
    let proof = prove(&wallet, &last_day, &held.id).unwrap();
    verify_credit(Arc::clone(&last_day), proof.clone()).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&last_day.to_json().unwrap()).unwrap();
    doc["now"] = "2027-02-01".into();
    let next_day = CreditPolicy::from_json(doc.to_string()).unwrap();
    assert!(matches!(
        verify_credit(next_day, proof),
        Err(ZkcredError::VerificationFailed)
    ));
}

#[test]
fn malformed_inputs_get_typed_errors() {
    let provider = CreditProvider::new(zkcred_ffi::generate_provider_key(), "bank.example".into());
    assert!(matches!(
        zkcred_ffi::ProviderSecretKey::from_bytes(vec![1; 31]),
        Err(ZkcredError::Encoding { .. })
    ));
    let attest = |currency: &str, metrics: CreditMetrics, issued: &str, expires: &str| {
        provider
            .attest(currency.into(), metrics, date(issued), date(expires))
            .err()
            .unwrap()
    };
    // A negative amount is refused by name (point 3), never by value.
    let negative = attest(
        "EUR",
        CreditMetrics {
            outstanding_debt: -41234567,
            ..sme_metrics()
        },
        "2026-11-01",
        "2027-01-31",
    );
    assert!(
        matches!(&negative, ZkcredError::OutOfRange { field, .. } if field == "outstanding_debt"),
        "{negative:?}"
    );
    assert!(!negative.to_string().contains("41234567"));
    assert!(matches!(
        attest(
            "EUR",
            CreditMetrics {
                on_time_repayment_bps: 10_001,
                ..sme_metrics()
            },
            "2026-11-01",
            "2027-01-31"
        ),
        ZkcredError::Metrics { .. }
    ));
    assert!(matches!(
        attest("eur", sme_metrics(), "2026-11-01", "2027-01-31"),
        ZkcredError::Attestation { .. }
    ));
    assert!(matches!(
        provider.attest(
            "EUR".into(),
            sme_metrics(),
            date("2026-11-01"),
            CalendarDate(i64::MAX)
        ),
        Err(ZkcredError::InvalidDate { .. })
    ));
    assert!(matches!(
        CreditPolicy::new("EUR".into()).require(
            CreditMetric::AnnualRevenue,
            CreditBound::AtLeast,
            -1
        ),
        Err(ZkcredError::OutOfRange { .. })
    ));
    let bad_issuer =
        CreditProvider::new(zkcred_ffi::generate_provider_key(), "bank example".into()).attest(
            "EUR".into(),
            sme_metrics(),
            date("2026-11-01"),
            date("2027-01-31"),
        );
    assert!(matches!(bad_issuer, Err(ZkcredError::Attestation { .. })));

    // Policies: no provider, nothing to prove, a bad key, a bad scorecard.
    let bare = CreditPolicy::new("EUR".into());
    assert!(matches!(
        bare.to_json(),
        Err(ZkcredError::CreditPolicy { .. })
    ));
    let no_statement = bare.accept_issuer(provider.public_key()).unwrap();
    assert!(matches!(
        no_statement.to_json(),
        Err(ZkcredError::CreditPolicy { .. })
    ));
    let (_, wallet, held) = credit_attested();
    assert!(matches!(
        prove(&wallet, &no_statement, &held.id),
        Err(ZkcredError::CreditPolicy { .. })
    ));
    assert!(matches!(
        wallet.credit_matching(no_statement),
        Err(ZkcredError::CreditPolicy { .. })
    ));
    assert!(bare.accept_issuer("00".into()).is_err());
    assert!(matches!(
        bare.with_scorecard(SCORECARD.replace("on_time_repayment_bps", "profit")),
        Err(ZkcredError::Scorecard { .. })
    ));
    assert!(matches!(
        CreditPolicy::from_json("{}".into()),
        Err(ZkcredError::Json { .. })
    ));
    assert!(matches!(
        wallet.receive_credit("{}".into(), "{}".into()),
        Err(ZkcredError::Json { .. })
    ));
}

#[test]
fn no_credit_message_or_debug_shows_metrics_or_openings() {
    let (provider, wallet, held) = credit_attested();
    let issued = provider
        .attest(
            "EUR".into(),
            sme_metrics(),
            date("2026-11-01"),
            date("2027-01-31"),
        )
        .unwrap();
    let openings: serde_json::Value = serde_json::from_str(&issued.openings_json()).unwrap();
    let blindings: Vec<String> = openings["blindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap()[..16].to_string())
        .collect();
    let errors = [
        prove(
            &wallet,
            &lender_policy(&provider)
                .require(
                    CreditMetric::MonthlyTransactionVolume,
                    CreditBound::AtLeast,
                    18_123_457,
                )
                .unwrap(),
            &held.id,
        )
        .unwrap_err(),
        wallet
            .receive_credit(
                wallet.credit_attestation_json(held.id.clone()).unwrap(),
                issued.openings_json(),
            )
            .unwrap_err(),
        provider
            .attest(
                "EUR".into(),
                CreditMetrics {
                    on_time_repayment_bps: 19731,
                    ..sme_metrics()
                },
                date("2026-11-01"),
                date("2027-01-31"),
            )
            .unwrap_err(),
    ];
    // (Errors carry no hex, so a short decimal cannot occur by chance.)
    for shown in errors
        .iter()
        .flat_map(|e| [e.to_string(), format!("{e:?}")])
    {
        for value in ["314159265", "18123456", "18123457", "9731", "41234567"]
            .into_iter()
            .chain(blindings.iter().map(String::as_str))
        {
            assert!(!shown.contains(value), "{shown} shows {value}");
        }
    }
}
