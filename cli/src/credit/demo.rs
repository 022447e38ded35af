//! The credit part of `zkcred demo`: a data provider attests an SME's
//! metrics, a lender asks for thresholds and a scorecard, the SME proves on
//! the transparent path, the lender verifies (one proof, then a batch), and
//! the attacks that must fail, fail.

use std::{path::Path, time::Instant};

use rand_core::OsRng;
use zkcred_core::{date::Date, encoding::fr_to_hex, Error};
use zkcred_credit::{
    attest, prove, verify, verify_batch, Bound, CreditPolicy, CreditProof, Metric, Metrics,
    ProviderKey, Scorecard,
};

use crate::{write, CliError, CliResult};

/// The demo's linear scorecard.
pub const LINEAR_SCORECARD: &str = r#"{
  "scorecardVersion": 1,
  "id": "lender.example/sme-linear",
  "version": 1,
  "type": "linear",
  "features": [
    {"metric": "on_time_repayment_bps", "weight": 40},
    {"metric": "years_in_business", "weight": 5000},
    {"metric": "defaults_24m", "weight": -100000},
    {"metric": "annual_revenue", "weight": 1},
    {"metric": "outstanding_debt", "weight": -2}
  ],
  "bias": 0,
  "cutoff": 150000000
}"#;

fn timed<T>(what: &str, f: impl FnOnce() -> CliResult<T>) -> CliResult<T> {
    let start = Instant::now();
    let out = f()?;
    let elapsed = start.elapsed();
    crate::output::say(format_args!("    {what}: {elapsed:.1?}"));
    crate::output::push(
        "timings_ms",
        serde_json::json!({"what": format!("credit: {what}"), "ms": elapsed.as_secs_f64() * 1e3}),
    );
    Ok(out)
}

fn expect_rejected<T: std::fmt::Debug>(what: &str, r: zkcred_core::Result<T>) -> CliResult<()> {
    match r {
        Err(Error::VerificationFailed) => {
            crate::output::say(format_args!("    {what}: rejected"));
            Ok(())
        }
        other => Err(CliError(format!("{what} was not rejected: {other:?}"))),
    }
}

/// Runs the credit demo (files under `dir/credit`).
pub fn run(dir: &Path) -> CliResult<()> {
    let dir = dir.join("credit");
    let total = Instant::now();
    crate::output::say(format_args!(
        "\nzkcred demo, SME credit (transparent path: Bulletproofs, no trusted setup)"
    ));

    crate::output::say(format_args!(
        "\n[credit 1] A bank attests an SME's metrics (Pedersen commitments, Schnorr-signed)"
    ));
    let provider = ProviderKey::generate_os();
    // Revenue 2.4M EUR, volume 180k/month, 97.5 % on time, debt 350k, 6 years, no default.
    let metrics = Metrics::new([240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0])?;
    let today = Date::today();
    let (attestation, openings) = timed("attested", || {
        Ok(attest(
            &provider,
            "bank.example",
            "EUR",
            &metrics,
            today,
            Date::from_days(today.days() + 90)?,
            &mut OsRng,
        )?)
    })?;
    write(
        &dir.join("attestation.json"),
        attestation.to_json().as_bytes(),
    )?;
    crate::output::say(format_args!(
        "    provider {}...",
        &provider.public_key().to_hex()[..16]
    ));

    crate::output::say(format_args!(
        "\n[credit 2] The lender's policy: 6 thresholds and a linear scorecard"
    ));
    let scorecard = Scorecard::from_json(LINEAR_SCORECARD)?;
    crate::output::say(format_args!(
        "    scorecard hash {}",
        fr_to_hex(&scorecard.hash())
    ));
    let policy = CreditPolicy::new_os("EUR")
        .accept_issuer(&provider.public_key())
        .require(Metric::AnnualRevenue, Bound::AtLeast, 200_000_000)
        .require(Metric::MonthlyTransactionVolume, Bound::AtLeast, 10_000_000)
        .require(Metric::OnTimeRepaymentBps, Bound::AtLeast, 9_500)
        .require(Metric::OutstandingDebt, Bound::AtMost, 50_000_000)
        .require(Metric::YearsInBusiness, Bound::AtLeast, 3)
        .require(Metric::Defaults24m, Bound::AtMost, 0)
        .with_scorecard(scorecard);
    write(&dir.join("policy.json"), policy.to_json().as_bytes())?;

    crate::output::say(format_args!(
        "\n[credit 3] The SME proves; the lender verifies"
    ));
    let proof = timed("proved", || {
        Ok(prove(&policy, &attestation, &openings, &mut OsRng)?)
    })?;
    crate::output::say(format_args!(
        "    range proof {} bytes; whole proof with the attestation {} bytes binary",
        proof.range_proof_bytes().len(),
        proof.to_bytes().len()
    ));
    write(&dir.join("proof.json"), proof.to_json().as_bytes())?;
    let verified = timed("verified", || Ok(verify(&policy, &proof)?))?;
    crate::output::say(format_args!(
        "    accepted: attested by {} until {}; no metric revealed",
        verified.issuer_id, verified.expires
    ));
    let batch: Vec<CreditProof> = (0..50)
        .map(|_| prove(&policy, &attestation, &openings, &mut OsRng))
        .collect::<Result<_, _>>()?;
    let items: Vec<_> = batch.iter().map(|p| (&policy, p)).collect();
    let results = timed("batch-verified 50 proofs", || Ok(verify_batch(&items)))?;
    if results.iter().any(|r| r.is_err()) {
        return Err(CliError("a valid proof in the batch did not verify".into()));
    }

    crate::output::say(format_args!("\n[credit 4] What must fail, fails"));
    let stricter = policy
        .clone()
        .require(Metric::AnnualRevenue, Bound::AtLeast, 300_000_000);
    match prove(&stricter, &attestation, &openings, &mut OsRng) {
        Err(Error::Unsatisfiable(why)) => crate::output::say(format_args!(
            "    revenue >= 3M is refused before proving: {why}"
        )),
        other => {
            return Err(CliError(format!(
                "an unmet threshold was not refused: {other:?}"
            )))
        }
    }
    let mut replay = policy.clone();
    replay.challenge[0] ^= 1;
    expect_rejected(
        "the proof replayed under another challenge",
        verify(&replay, &proof),
    )?;
    let mut later = policy.clone();
    later.now = Date::from_days(today.days() + 91)?;
    expect_rejected(
        "the proof after the attestation expired",
        verify(&later, &proof),
    )?;
    let other = policy.clone().with_scorecard(Scorecard::from_json(
        &LINEAR_SCORECARD.replace("150000000", "1"),
    )?);
    expect_rejected("the proof under another scorecard", verify(&other, &proof))?;
    let mut bytes = proof.to_bytes();
    let at = bytes.len() - 100;
    bytes[at] ^= 1;
    match CreditProof::from_bytes(&bytes) {
        Err(e) => crate::output::say(format_args!(
            "    a tampered proof is rejected on parsing: {e}"
        )),
        Ok(t) => expect_rejected("a tampered proof", verify(&policy, &t))?,
    }
    run_succinct(&dir, &provider, &metrics)?;
    crate::output::say(format_args!(
        "\ncredit demo done in {:.1?}",
        total.elapsed()
    ));
    Ok(())
}

/// The demo's binned scorecard (succinct path).
pub const BINNED_SCORECARD: &str = r#"{
  "scorecardVersion": 1,
  "id": "lender.example/sme-points",
  "version": 1,
  "type": "binned",
  "features": [
    {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "max": 9499, "points": 10}, {"min": 9500, "points": 25}]},
    {"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]},
    {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]}
  ],
  "cutoff": 80
}"#;

/// The succinct path: Groth16 keys for the scorecard circuit, the provider
/// signs the metrics for the SME's holder commitment, the SME proves, the
/// verifier (a contract's stand-in) checks, and replays fail.
fn run_succinct(dir: &Path, provider: &ProviderKey, metrics: &Metrics) -> CliResult<()> {
    use zkcred_core::holder::HolderSecret;
    use zkcred_credit::succinct;
    crate::output::say(format_args!(
        "\n[credit 5] Succinct path: a Groth16 binned-scorecard proof for on-chain gating"
    ));
    let (pk_path, vk_path) = (dir.join("scorecard.pk"), dir.join("scorecard.vk"));
    let loaded = crate::read(&pk_path)
        .and_then(|b| Ok(succinct::ScorecardProvingKey::from_bytes(&b)?))
        .and_then(|pk| {
            Ok((
                pk,
                succinct::ScorecardVerifyingKey::from_bytes(&crate::read(&vk_path)?)?,
            ))
        });
    let (pk, vk) = match loaded {
        Ok(keys) => keys,
        Err(_) => {
            let keys = timed("generated the scorecard circuit's keys", || {
                Ok(succinct::setup_os()?)
            })?;
            write(&pk_path, &keys.0.to_bytes())?;
            write(&vk_path, &keys.1.to_bytes())?;
            keys
        }
    };
    let sme = HolderSecret::generate_os();
    let today = Date::today();
    let credential = succinct::attest_succinct(
        provider,
        "bank.example",
        "EUR",
        metrics,
        sme.commitment(),
        today,
        Date::from_days(today.days() + 90)?,
    )?;
    let scorecard = Scorecard::from_json(BINNED_SCORECARD)?;
    let policy = succinct::SuccinctPolicy::new_os(
        "lender.example/credit-line",
        "EUR",
        &provider.public_key(),
        scorecard,
    );
    write(
        &dir.join("succinct-policy.json"),
        policy.to_json().as_bytes(),
    )?;
    let proof = timed("proved (Groth16)", || {
        Ok(succinct::prove_succinct(
            &policy,
            &credential,
            &sme,
            &pk,
            &mut OsRng,
        )?)
    })?;
    write(&dir.join("succinct-proof.json"), proof.to_json().as_bytes())?;
    let nullifier = timed("verified", || {
        Ok(succinct::verify_succinct(&policy, &proof, &vk)?)
    })?;
    crate::output::say(format_args!(
        "    accepted: proof {} bytes, 6 public inputs, nullifier {}",
        proof.proof.to_bytes().len(),
        fr_to_hex(&nullifier)
    ));
    let mut replay = policy.clone();
    replay.challenge += zkcred_core::Fr::from(1u64);
    expect_rejected(
        "the succinct proof under another challenge",
        succinct::verify_succinct(&replay, &proof, &vk),
    )?;
    let mut other = policy.clone();
    other.scope = "other.example".into();
    expect_rejected(
        "the succinct proof in another scope",
        succinct::verify_succinct(&other, &proof, &vk),
    )?;
    Ok(())
}
