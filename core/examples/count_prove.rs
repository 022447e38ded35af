//! A presentation proof with the plain proving key, marked for counting its
//! instructions under qemu-user (`scripts/count-aarch64.sh`, issue #17
//! point 2): the same "over 18" proof as the mobile benchmark (issuer
//! signature, holder binding, nullifier, expiry, non-revocation, no
//! disclosure), from fixed seeds and a fixed date so that every run executes
//! the same instructions.
//!
//! ```sh
//! cargo run --release -p zkcred-core --example count_prove -- keys DIR
//! RAYON_NUM_THREADS=1 qemu-aarch64 -L /usr/aarch64-linux-gnu \
//!   -plugin libcount-insns.so,out=FILE count_prove prove DIR
//! ```
//!
//! `keys DIR` writes a development key pair (`DIR/presentation.pk`, `.vk`,
//! seed 2026). `prove DIR` loads and checks the proving key as a wallet
//! does, makes the credential and request, then proves twice (the first
//! proof also builds the circuit's constraint matrices, which the key keeps)
//! and verifies once. Around each step it seeks `/dev/null` to
//! `0x7a6b6372_0000_0000 | id`, a marker the counting plugin
//! (`scripts/count-insns.c`) records with the instruction count so far:
//!
//! | id | marker |
//! |---|---|
//! | 10 | key loaded, credential and request made |
//! | 10k+1 | proof k (1, 2) starts: checks of the request and credential |
//! | 10k+2 | the witness (constraint synthesis, QAP quotient) |
//! | 10k+3 | the multi-scalar multiplications |
//! | 10k+4 | the proof's self-check against the verifying key |
//! | 10k+5 | proof k done |
//! | 30, 31 | the verifier's check, start and end |
//!
//! Natively the markers are plain seeks: the example runs anywhere.

use std::{
    fs::File,
    io::{Seek, SeekFrom},
    path::Path,
    sync::Arc,
};

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::json;
use zkcred_core::{
    date::Date,
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    keys::{self, ProvingKey, VerifyingKey},
    prover::progress::{self, Observer, Stage},
    request::{Op, PresentationRequest},
    schema::Schema,
    verifier,
};

/// The marker's top half, "zkcr" (`scripts/count-insns.c`).
const MARK_MAGIC: u64 = 0x7a6b_6372 << 32;

/// Seeks `/dev/null` to a marker.
struct Marks(File);

impl Marks {
    fn mark(&self, id: u32) {
        // A seek on /dev/null cannot fail in a way that matters here.
        let _ = (&self.0).seek(SeekFrom::Start(MARK_MAGIC | u64::from(id)));
    }
}

/// Marks each stage of proof `base / 10`.
struct StageMarks(Arc<Marks>, u32);

impl Observer for StageMarks {
    fn stage(&self, stage: Stage) -> bool {
        self.0.mark(
            self.1
                + match stage {
                    Stage::Witness => 2,
                    Stage::Msm => 3,
                    Stage::Verify => 4,
                },
        );
        true
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["keys", dir] => write_keys(Path::new(dir)),
        ["prove", dir] => prove(Path::new(dir)),
        _ => Err("usage: count_prove keys DIR | count_prove prove DIR".into()),
    }
}

fn write_keys(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let (pk, vk) = keys::setup(&mut ChaCha20Rng::seed_from_u64(2026))?;
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("presentation.pk"), pk.to_bytes())?;
    std::fs::write(dir.join("presentation.vk"), vk.to_bytes())?;
    println!("keys written to {}", dir.display());
    Ok(())
}

fn prove(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let marks = Arc::new(Marks(File::open("/dev/null")?));
    let vk = VerifyingKey::from_bytes(&std::fs::read(dir.join("presentation.vk"))?)?;
    let pk = ProvingKey::from_bytes_checked(&std::fs::read(dir.join("presentation.pk"))?, &vk)?;

    let mut rng = ChaCha20Rng::seed_from_u64(17);
    let schema = Schema::from_json(zkcred_core::fixtures::DEMO_KYC_SCHEMA)?;
    let today = Date::parse("2026-12-07")?;
    let mut issuer = Issuer::in_memory(IssuerKey::generate(&mut rng))?;
    let secret = HolderSecret::generate(&mut rng);
    let subject = json!({
        "birth_date": "1990-05-17", "nationality": "DE", "residence": "DE",
        "full_name": "Ada Lovelace", "document_type": "passport", "kyc_level": 2, "pep": false
    });
    let credential = issuer.issue(
        &schema,
        subject.as_object().cloned().unwrap_or_default(),
        secret.commitment(),
        today,
        Date::from_days(today.days() + 365)?,
    )?;
    let path = issuer.non_revocation_path(credential.serial())?;
    let request = PresentationRequest::new(schema, "https://shop.example/age-gate")
        .accept_issuer(&issuer.key().public_key(), issuer.revocation_root()?)
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .at(today);
    marks.mark(10);

    let mut presentation = None;
    for k in 1..=2u32 {
        marks.mark(10 * k + 1);
        let observer = Arc::new(StageMarks(Arc::clone(&marks), 10 * k));
        presentation = Some(progress::observe(observer, || {
            holder::prove_with_rng(&request, &credential, &secret, &path, &pk, &mut rng)
        })?);
        marks.mark(10 * k + 5);
    }
    let presentation = presentation.ok_or("no proof")?;

    marks.mark(30);
    verifier::verify(&request, &presentation, &vk)?;
    marks.mark(31);
    println!("two proofs made and one verified");
    Ok(())
}
