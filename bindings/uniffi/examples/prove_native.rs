//! The native Rust baseline of the mobile benchmark: the same flow and the
//! same measurements as the Kotlin client (`bindings/uniffi/tests/kotlin`),
//! through zkcred-ffi's Rust API (so the only difference is the foreign
//! language and its runtime).
//!
//! ```sh
//! cargo run --release -p zkcred-ffi --example prove_native -- KEY_DIR [PROOFS]
//! ```
//!
//! `KEY_DIR` holds `presentation.pk` (from `zkcred setup`), loaded as the
//! plain `ProvingKey` a phone uses (compressed, validated, no prover tables).
//! Prints one line `native prove_ms=... rss_before_kb=... peak_kb=...`: the
//! median proving time over `PROOFS` proofs (default 10) after one warm-up,
//! the resident set before proving and the peak while proving (VmHWM reset
//! through `/proc/self/clear_refs` first, so key loading does not count);
//! the same line has the first proof's figures (`rss_key_loaded_kb`: the
//! key loaded and nothing proved yet; `first_peak_kb`: the peak of the
//! first proof, which also builds the constraint matrices the key keeps).
//! Then `native memory added while proving (plain key): ...` says both in
//! MB (1 MB = 1024 kB, as VmHWM counts). Then the same for the SME credit
//! proof of the Kotlin client (six thresholds and a linear scorecard,
//! transparent path) over `5 x PROOFS` proofs: `native credit_prove_ms=...`.

use std::{
    future::Future,
    sync::Arc,
    task::{Context, Poll, Wake, Waker},
    time::Instant,
};

use zkcred_ffi::{
    generate_issuer_key, generate_provider_key, load_proving_key_file, verify_credit,
    verify_presentation, AttributeValue, CalendarDate, CreditBound, CreditMetric, CreditMetrics,
    CreditPolicy, CreditProvider, Issuer, PredicateOp, PredicateValue, PresentationRequest,
    VerifyingKey, Wallet,
};

/// The day `yyyy_mm_dd`.
fn date(yyyy_mm_dd: &str) -> CalendarDate {
    CalendarDate(zkcred_core::date::Date::parse(yyyy_mm_dd).unwrap().days())
}

struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Waits for a future on this thread (what a foreign executor does).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

/// A line of `/proc/self/status` in kB (Linux), or 0.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

const SCHEMA: &str = r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
  "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"#;

/// The Kotlin client's SME metrics and scorecard (`ZkcredTest.kt`).
const SME_METRICS: CreditMetrics = CreditMetrics {
    annual_revenue: 314159265,
    monthly_transaction_volume: 18123456,
    on_time_repayment_bps: 9731,
    outstanding_debt: 41234567,
    years_in_business: 7,
    recent_defaults: 0,
};
const SCORECARD: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme", "version": 1, "type": "linear",
  "features": [{"metric": "on_time_repayment_bps", "weight": 2}, {"metric": "years_in_business", "weight": 150},
    {"metric": "defaults_24m", "weight": -2500}], "bias": 0, "cutoff": 19000}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let key_dir = args.next().ok_or("usage: prove_native KEY_DIR [PROOFS]")?;
    let proofs: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(10);

    let vk = VerifyingKey::from_file(format!("{key_dir}/presentation.vk"))?;
    let issuer = Issuer::in_memory(generate_issuer_key())?;
    let wallet = Wallet::create();
    let credential = issuer.issue(
        SCHEMA.into(),
        [
            (
                "birth_date".to_string(),
                AttributeValue::Date {
                    value: date("1990-05-17"),
                },
            ),
            (
                "nationality".to_string(),
                AttributeValue::Text { value: "DE".into() },
            ),
        ]
        .into(),
        wallet.holder_commitment(),
        date("2026-01-01"),
        date("2036-01-01"),
    )?;
    let held = wallet.receive(credential)?;
    let request = PresentationRequest::new(SCHEMA.into(), "https://shop.example/age-gate".into())?
        .accept_issuer(issuer.public_key(), issuer.revocation_root()?)?
        .require(
            "birth_date".into(),
            PredicateOp::AgeAtLeast,
            PredicateValue::Int { value: 18 },
        )?;
    let path = issuer.non_revocation_path(held.serial)?;
    // The plain key, as a phone loads it (no prepared tables), last, so that
    // the resident set below is the process with the key loaded.
    let pk = block_on(load_proving_key_file(
        format!("{key_dir}/presentation.pk"),
        Arc::clone(&vk),
    ))?;
    let prove = || {
        block_on(Arc::clone(&wallet).prove(
            Arc::clone(&request),
            held.id.clone(),
            Arc::clone(&path),
            Arc::clone(&pk),
            "https://shop.example".into(),
            None,
            None,
        ))
    };
    // The first proof (the warm-up, which also builds the constraint matrices
    // the key keeps), from the key loaded with the peak reset to the current
    // RSS; then it is checked.
    let first_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let rss_key = status_kb("VmRSS:");
    let first = prove()?;
    let first_peak = status_kb("VmHWM:");
    verify_presentation(Arc::clone(&request), first, Arc::clone(&vk))?;
    // Later proofs, from the peak reset again.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let rss_before = status_kb("VmRSS:");
    let mut ms = Vec::with_capacity(proofs);
    for _ in 0..proofs {
        let start = Instant::now();
        let presentation = prove()?;
        ms.push(start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(presentation);
    }
    let peak = status_kb("VmHWM:");
    ms.sort_by(f64::total_cmp);
    println!(
        "native prove_ms={:.1} min_ms={:.1} proofs={proofs} key=plain rss_key_loaded_kb={rss_key} first_peak_kb={first_peak} rss_before_kb={rss_before} peak_kb={peak} peak_reset={}",
        ms[ms.len() / 2],
        ms[0],
        reset && first_reset
    );
    let mb = |kb: u64| kb as f64 / 1024.0;
    println!(
        "native memory added while proving (plain key): first proof {:.1} MB ({:.1} -> {:.1} MB, matrices built), later proofs {:.1} MB ({:.1} -> {:.1} MB); process peak {:.1} MB",
        mb(first_peak.saturating_sub(rss_key)),
        mb(rss_key),
        mb(first_peak),
        mb(peak.saturating_sub(rss_before)),
        mb(rss_before),
        mb(peak),
        mb(first_peak.max(peak))
    );

    // The credit proof: the same policy and metrics as the Kotlin client.
    let provider = CreditProvider::new(generate_provider_key(), "bank.example".into());
    let attested = provider.attest(
        "EUR".into(),
        SME_METRICS,
        date("2026-01-01"),
        date("2036-01-01"),
    )?;
    let sme = Wallet::create();
    let held = sme.receive_credit(attested.attestation_json(), attested.openings_json())?;
    let policy = CreditPolicy::new("EUR".into())
        .accept_issuer(provider.public_key())?
        .require(
            CreditMetric::AnnualRevenue,
            CreditBound::AtLeast,
            200_000_000,
        )?
        .require(
            CreditMetric::MonthlyTransactionVolume,
            CreditBound::AtLeast,
            10_000_000,
        )?
        .require(
            CreditMetric::OnTimeRepaymentBps,
            CreditBound::AtLeast,
            9_500,
        )?
        .require(
            CreditMetric::OutstandingDebt,
            CreditBound::AtMost,
            50_000_000,
        )?
        .require(CreditMetric::YearsInBusiness, CreditBound::AtLeast, 3)?
        .require(CreditMetric::RecentDefaults, CreditBound::AtMost, 0)?
        .with_scorecard(SCORECARD.into())?;
    let prove_credit = || {
        block_on(Arc::clone(&sme).prove_credit(Arc::clone(&policy), held.id.clone(), None, None))
    };
    verify_credit(Arc::clone(&policy), prove_credit()?)?;
    let credit_proofs = proofs * 5;
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let rss_before = status_kb("VmRSS:");
    let mut ms = Vec::with_capacity(credit_proofs);
    for _ in 0..credit_proofs {
        let start = Instant::now();
        let proof = prove_credit()?;
        ms.push(start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(proof);
    }
    let peak = status_kb("VmHWM:");
    ms.sort_by(f64::total_cmp);
    println!(
        "native credit_prove_ms={:.2} min_ms={:.2} proofs={credit_proofs} rss_before_kb={rss_before} peak_kb={peak} peak_reset={reset}",
        ms[ms.len() / 2],
        ms[0]
    );
    Ok(())
}
