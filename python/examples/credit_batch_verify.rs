//! The Rust side of the Python credit batch benchmark (BENCHMARKS.md,
//! "Python"): 1,000 transparent credit proofs.
//!
//! Makes `distinct` real transparent credit proofs (distinct SMEs,
//! attestations and range proofs; repeated to `n` proofs: verification has
//! no state, so a repeat costs what a distinct proof costs), writes the
//! lender's policy and the proofs (binary, hex per line) to `DIR` for
//! `examples/python/credit_verify_batch.py`, and times the same batch in Rust:
//! a plain loop over `credit::verify` on one thread, core's
//! `credit::verify_batch` (all cores), and the batch engine the Python
//! binding uses (`zkcred_py::batch::verify_all` with `CreditKind`, parsing
//! included, all cores).
//!
//! ```sh
//! cargo run --release -p zkcred-py --example credit_batch_verify -- 1000 target/py-credit-bench
//! ```

use std::{fs, path::PathBuf, time::Instant};

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkcred_core::date::Date;
use zkcred_credit::{
    self as credit, Bound, CreditPolicy, CreditProof, Metric, Metrics, ProviderKey, Scorecard,
};
use zkcred_py::batch::{self, CreditKind, RawProof};

const LINEAR: &str = r#"{"scorecardVersion": 1, "id": "lender/sme", "version": 1, "type": "linear",
  "features": [{"metric": "on_time_repayment_bps", "weight": 1}, {"metric": "defaults_24m", "weight": -500}],
  "bias": 0, "cutoff": 9000}"#;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[v.len() / 2]
}

fn main() -> zkcred_core::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/py-credit-bench".into()),
    );
    let distinct = n.min(50);
    let mut rng = ChaCha20Rng::seed_from_u64(7);

    let provider = ProviderKey::generate(&mut rng);
    let today = Date::today();
    let policy = CreditPolicy::new([7; 32], today, "EUR")
        .accept_issuer(&provider.public_key())
        // The statement of issue #3's targets: 6 thresholds and a scorecard.
        .require(Metric::AnnualRevenue, Bound::AtLeast, 100_000_000)
        .require(Metric::MonthlyTransactionVolume, Bound::AtLeast, 1_000_000)
        .require(Metric::OnTimeRepaymentBps, Bound::AtLeast, 9_000)
        .require(Metric::OutstandingDebt, Bound::AtMost, 50_000_000)
        .require(Metric::YearsInBusiness, Bound::AtLeast, 3)
        .require(Metric::Defaults24m, Bound::AtMost, 0)
        .with_scorecard(Scorecard::from_json(LINEAR)?);
    let mut made = Vec::new();
    for i in 0..distinct as u64 {
        let metrics = Metrics::new([
            150_000_000 + i * 1_000_000,
            1_800_000,
            9_200 + i * 10,
            40_000_000,
            3 + i % 20,
            0,
        ])?;
        let (a, o) = credit::attest(
            &provider,
            "bank.example",
            "EUR",
            &metrics,
            today,
            Date::from_days(today.days() + 90)?,
            &mut rng,
        )?;
        made.push(credit::prove(&policy, &a, &o, &mut rng)?);
    }
    let proofs: Vec<CreditProof> = (0..n).map(|i| made[i % distinct].clone()).collect();
    let bytes: Vec<Vec<u8>> = proofs.iter().map(|p| p.to_bytes()).collect();

    fs::create_dir_all(&dir)?;
    fs::write(dir.join("policy.json"), policy.to_json())?;
    let lines: Vec<String> = bytes.iter().map(|b| hex_line(b)).collect();
    fs::write(dir.join("proofs.hex"), lines.join("\n") + "\n")?;

    // The three ways, interleaved run by run, so a change in the machine's
    // load hits each of them alike.
    let kind = CreditKind::new(policy.clone())?;
    let raw: Vec<RawProof> = bytes.iter().cloned().map(RawProof::Bytes).collect();
    let runs = 5;
    let (mut sequential, mut core_batch, mut engine) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        let out = batch::verify_all(&kind, &raw, None).expect("thread pool");
        engine.push(start.elapsed().as_secs_f64());
        assert!(out.iter().all(|o| o.result.is_ok()), "every proof verifies");

        let start = Instant::now();
        let parsed = bytes
            .iter()
            .map(|b| CreditProof::from_bytes(b))
            .collect::<zkcred_core::Result<Vec<_>>>()?;
        let items: Vec<(&CreditPolicy, &CreditProof)> =
            parsed.iter().map(|p| (&policy, p)).collect();
        let out = credit::verify_batch(&items);
        core_batch.push(start.elapsed().as_secs_f64());
        assert!(out.iter().all(|r| r.is_ok()), "every proof verifies");

        let start = Instant::now();
        for b in &bytes {
            credit::verify(&policy, &CreditProof::from_bytes(b)?)?;
        }
        sequential.push(start.elapsed().as_secs_f64());
    }
    println!(
        "{n} transparent credit proofs ({distinct} distinct, {} bytes each), median of {runs} runs, {} threads",
        bytes[0].len(),
        rayon::current_num_threads()
    );
    println!(
        "rust sequential credit::verify:     {:.3} s",
        median(sequential)
    );
    println!(
        "rust core credit::verify_batch:     {:.3} s",
        median(core_batch)
    );
    println!(
        "rust batch engine (CreditKind):     {:.3} s",
        median(engine)
    );
    println!("fixtures written to {}", dir.display());
    Ok(())
}

fn hex_line(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
