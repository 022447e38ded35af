//! The Rust side of the Python batch benchmark (BENCHMARKS.md, "Python").
//!
//! Makes `distinct` real identity presentations (repeated to `n` proofs),
//! writes the request, the verifying key and the proofs to `DIR` for
//! `examples/python/verify_batch.py`, and times the same batch in Rust: a plain
//! loop over `verifier::verify` on one thread, and the batch engine the
//! Python binding uses (`zkcred_py::batch::verify_all`) on all cores.
//!
//! ```sh
//! cargo run --release -p zkcred-py --example batch_verify -- 200 target/py-bench
//! ```

use std::{fs, path::PathBuf, time::Instant};

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::json;
use zkcred_core::{
    date::Date,
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    keys,
    request::{Op, PresentationRequest},
    schema::Schema,
    verifier, Presentation,
};
use zkcred_py::batch::{self, IdentityKind, RawProof};

const SCHEMA: &str = r#"{"schemaVersion": 1, "id": "sme-director-kyc", "version": 1,
  "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"},
                 {"name": "kyc_level", "type": "integer"}]}"#;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[v.len() / 2]
}

fn main() -> zkcred_core::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/py-bench".into()));
    let distinct = n.min(20);
    let mut rng = ChaCha20Rng::seed_from_u64(7);

    let (pk, vk) = keys::setup(&mut rng)?;
    let schema = Schema::from_json(SCHEMA)?;
    let mut issuer = Issuer::in_memory(IssuerKey::generate(&mut rng))?;
    let today = Date::today();
    let request = PresentationRequest::new(schema.clone(), "lender.example/sme-loans")
        .accept_issuer(&issuer.key().public_key(), issuer.revocation_root()?)
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("kyc_level", Op::Gte, json!(2))
        .disclose("kyc_level");
    let mut made = Vec::new();
    for i in 0..distinct {
        let secret = HolderSecret::generate(&mut rng);
        let subject = json!({"birth_date": format!("19{}-01-15", 70 + i % 30), "nationality": "DE",
                             "kyc_level": 2 + i % 3});
        let credential = issuer.issue(
            &schema,
            subject.as_object().expect("object").clone(),
            secret.commitment(),
            today,
            Date::from_days(today.days() + 365)?,
        )?;
        let path = issuer.non_revocation_path(credential.serial())?;
        made.push(holder::prove(&request, &credential, &secret, &path, &pk)?.to_json());
    }
    let proofs: Vec<String> = (0..n).map(|i| made[i % distinct].clone()).collect();

    fs::create_dir_all(&dir)?;
    fs::write(dir.join("request.json"), request.to_json())?;
    fs::write(dir.join("presentation.vk"), vk.to_bytes())?;
    let lines: Vec<String> = proofs
        .iter()
        .map(|p| {
            serde_json::to_string(&serde_json::from_str::<serde_json::Value>(p).expect("JSON"))
                .expect("JSON")
        })
        .collect();
    fs::write(dir.join("proofs.jsonl"), lines.join("\n") + "\n")?;

    let runs = 5;
    let mut sequential = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        for p in &proofs {
            verifier::verify(&request, &Presentation::from_json(p)?, &vk)?;
        }
        sequential.push(start.elapsed().as_secs_f64());
    }
    let kind = IdentityKind::new(request.clone(), vk.clone())?;
    let raw: Vec<RawProof> = proofs.iter().cloned().map(RawProof::Text).collect();
    let mut parallel = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let out = batch::verify_all(&kind, &raw, None).expect("thread pool");
        parallel.push(start.elapsed().as_secs_f64());
        assert!(out.iter().all(|o| o.result.is_ok()), "every proof verifies");
    }
    println!(
        "{n} presentations ({distinct} distinct), median of {runs} runs, {} threads",
        rayon::current_num_threads()
    );
    println!(
        "rust sequential verifier::verify: {:.3} s",
        median(sequential)
    );
    println!(
        "rust batch engine (all cores):    {:.3} s",
        median(parallel)
    );
    println!("fixtures written to {}", dir.display());
    Ok(())
}
