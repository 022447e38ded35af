//! `zkcred credit ...`: SME credit attestations and proofs.
//!
//! ```sh
//! zkcred credit keygen                                  # provider key; prints the public key
//! zkcred credit attest --metrics m.json --issuer-id bank.example --currency EUR \
//!     --out attestation.json --openings openings.json
//! zkcred credit policy --issuer <key> --currency EUR --threshold 'annual_revenue >= 100000000' \
//!     --scorecard model.json --out policy.json
//! zkcred credit prove --policy policy.json --attestation attestation.json --openings openings.json --out proof.json
//! zkcred credit verify --policy policy.json --proof proof.json [--proof more.json ...]
//! zkcred credit verify-batch --policy policy.json [--json] proofs/*.json  # one row per proof
//! zkcred credit scorecard --scorecard model.json        # validates a model and prints its hash
//! ```

pub mod demo;

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use rand_core::OsRng;
use serde_json::json;
use zkcred_core::{
    date::Date,
    encoding::{fr_from_hex, fr_to_hex},
};
use zkcred_credit::succinct;
use zkcred_credit::{
    attest, prove, verify, verify_batch, Bound, CreditAttestation, CreditOpenings, CreditPolicy,
    CreditProof, Metric, Metrics, ProviderKey, ProviderPublicKey, Scorecard,
};

use crate::{output, parse_file, read_text, write, write_secret, CliError, CliResult};
use zkcred_core::document::DocumentKind;
use zkcred_core::keys::installed::installed_path;

/// Which proof system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProofPath {
    /// Pedersen commitments and aggregated Bulletproofs (no trusted setup).
    Transparent,
    /// A Groth16 binned-scorecard proof (for on-chain gating).
    Succinct,
}

#[derive(Subcommand)]
pub enum CreditCommand {
    /// Generate a data provider's key; prints its public key.
    Keygen {
        /// Where to write the secret seed (hex; created 0600).
        #[arg(long, default_value = ".zkcred/provider.key")]
        out: PathBuf,
        /// Replace an existing key file.
        #[arg(long)]
        force: bool,
    },
    /// Generate Groth16 development keys for the scorecard circuit (succinct path).
    Setup {
        /// Directory for scorecard.pk and scorecard.vk.
        #[arg(long, default_value = ".zkcred")]
        out_dir: PathBuf,
        /// Replace existing keys (proofs made with the old keys then no
        /// longer verify).
        #[arg(long)]
        force: bool,
    },
    /// Attest an SME's metrics: writes the public attestation and the SME's openings.
    Attest(AttestArgs),
    /// Write a lender's policy (thresholds and a scorecard) with a fresh challenge.
    Policy(PolicyArgs),
    /// Prove a policy about attested metrics.
    Prove(ProveArgs),
    /// Verify one or more proofs against a policy (several: batch verification).
    Verify {
        /// The lender's policy.
        #[arg(long)]
        policy: PathBuf,
        /// The SME's proof; repeat for a batch.
        #[arg(long = "proof", required = true)]
        proofs: Vec<PathBuf>,
        /// The proof system (default: the one the policy is for).
        #[arg(long, value_enum)]
        path: Option<ProofPath>,
        /// The scorecard verifying key (succinct path).
        #[arg(long, default_value = ".zkcred/scorecard.vk")]
        vk: PathBuf,
        /// Succinct path: also write the verified proof in snarkjs's layout
        /// (`verification_key.json`, `proof.json`, `public.json`) to this
        /// directory, for `snarkjs groth16 verify`.
        #[arg(long)]
        snarkjs_dir: Option<PathBuf>,
    },
    /// Verify many transparent proofs against a policy (batch verification,
    /// on all cores): one row per proof (file, accepted or refused, what it
    /// discloses or the error kind and reason, time) and a summary. Exits
    /// non-zero if any proof is refused.
    VerifyBatch {
        /// The lender's policy.
        #[arg(long)]
        policy: PathBuf,
        #[command(flatten)]
        batch: crate::batch::BatchArgs,
    },
    /// Validate a scorecard model and print its hash.
    Scorecard {
        /// The model (JSON).
        #[arg(long)]
        scorecard: PathBuf,
    },
}

#[derive(Args)]
pub struct AttestArgs {
    /// The provider's key file.
    #[arg(long, default_value = ".zkcred/provider.key")]
    key: PathBuf,
    /// The SME's metrics (JSON object of the six metrics).
    #[arg(long)]
    metrics: PathBuf,
    /// The provider's id.
    #[arg(long)]
    issuer_id: String,
    /// ISO 4217 currency of the amounts.
    #[arg(long, default_value = "EUR")]
    currency: String,
    /// Days of validity from the issue date.
    #[arg(long, default_value_t = 90)]
    valid_days: u32,
    /// Issue date (default: today).
    #[arg(long)]
    issued: Option<String>,
    /// The public attestation (for the lender).
    #[arg(long)]
    out: PathBuf,
    /// The SME's openings (secret).
    #[arg(long)]
    openings: PathBuf,
    /// The SME's holder commitment: also sign the metrics for the succinct path.
    #[arg(long, requires = "credential")]
    holder_commitment: Option<String>,
    /// Where the succinct path's signed credential goes (secret).
    #[arg(long)]
    credential: Option<PathBuf>,
    /// Replace existing openings and credential files (secret).
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct PolicyArgs {
    /// An accepted provider's public key (hex); repeat for several.
    #[arg(long = "issuer", required = true)]
    issuers: Vec<String>,
    /// The currency amounts must be in.
    #[arg(long, default_value = "EUR")]
    currency: String,
    /// A threshold `METRIC >= VALUE` or `METRIC <= VALUE`.
    #[arg(long = "threshold")]
    thresholds: Vec<String>,
    /// A linear scorecard model (JSON) whose cutoff must be reached.
    #[arg(long)]
    scorecard: Option<PathBuf>,
    /// The lender's date (default: today).
    #[arg(long)]
    now: Option<String>,
    /// The proof system (succinct: one --issuer, a binned --scorecard, a --scope).
    #[arg(long, value_enum, default_value = "transparent")]
    path: ProofPath,
    /// The lender's scope (succinct path: the nullifier is per scope).
    #[arg(long)]
    scope: Option<String>,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct ProveArgs {
    /// The lender's policy.
    #[arg(long)]
    policy: PathBuf,
    /// The provider's attestation (transparent path).
    #[arg(long)]
    attestation: Option<PathBuf>,
    /// The SME's openings (transparent path).
    #[arg(long)]
    openings: Option<PathBuf>,
    /// The SME's signed credential (succinct path).
    #[arg(long)]
    credential: Option<PathBuf>,
    /// The SME's holder secret (succinct path).
    #[arg(long, default_value = ".zkcred/holder.secret")]
    secret: PathBuf,
    /// The scorecard proving key (succinct path); its installed form
    /// `<pk>.installed` is used instead when valid for it.
    #[arg(long, default_value = ".zkcred/scorecard.pk")]
    pk: PathBuf,
    /// Say which form of the proving key was loaded.
    #[arg(long, short)]
    verbose: bool,
    /// The proof system (default: the one the policy is for).
    #[arg(long, value_enum)]
    path: Option<ProofPath>,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
    /// Succinct path: also write the full witness here, in circom's `.wtns`
    /// format (every wire of `zkcred export-r1cs --circuit scorecard`'s
    /// file; holds the holder secret: created 0600, never over an existing
    /// file).
    #[arg(long)]
    wtns: Option<PathBuf>,
}

/// Which path a policy file is for, read from its `type` (issue #15: no
/// `--path` needed to prove or verify); a `--path` that contradicts the
/// policy is refused, naming both.
fn policy_path(file: &std::path::Path, given: Option<ProofPath>) -> CliResult<ProofPath> {
    let text = read_text(file)?;
    let kind = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("type")?.as_str().map(str::to_owned));
    let found = match kind.as_deref() {
        Some("ZkcredCreditSuccinctPolicy") => Some(ProofPath::Succinct),
        Some("ZkcredCreditPolicy") => Some(ProofPath::Transparent),
        _ => None,
    };
    let name = |p: ProofPath| match p {
        ProofPath::Transparent => "transparent",
        ProofPath::Succinct => "succinct",
    };
    match (found, given) {
        (Some(found), Some(given)) if found != given => Err(CliError(format!(
            "{}: a {} policy, but --path {} was given",
            file.display(),
            name(found),
            name(given)
        ))),
        (Some(found), _) => Ok(found),
        // Not a policy's header: the policy parser names what is wrong.
        (None, given) => Ok(given.unwrap_or(ProofPath::Transparent)),
    }
}

/// Fills in `--path` of `prove` and `verify` from the policy.
fn resolve_path(command: CreditCommand) -> CliResult<CreditCommand> {
    Ok(match command {
        CreditCommand::Prove(mut a) => {
            a.path = Some(policy_path(&a.policy, a.path)?);
            CreditCommand::Prove(a)
        }
        CreditCommand::Verify {
            policy,
            proofs,
            path,
            vk,
            snarkjs_dir,
        } => CreditCommand::Verify {
            path: Some(policy_path(&policy, path)?),
            policy,
            proofs,
            vk,
            snarkjs_dir,
        },
        other => other,
    })
}

pub(crate) fn load_provider_key(path: &std::path::Path) -> CliResult<ProviderKey> {
    let text = crate::read_secret_text(path)?;
    let bytes =
        zkcred_core::encoding::secret_bytes_from_hex::<32>(text.trim(), "provider key file")?;
    Ok(ProviderKey::from_bytes(*bytes))
}

/// Parses `METRIC >= VALUE` / `METRIC <= VALUE`.
fn parse_threshold(s: &str) -> CliResult<(Metric, Bound, u64)> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [metric, op, value] = parts[..] else {
        return Err(CliError(format!(
            "threshold `{s}`: expected METRIC >= VALUE or METRIC <= VALUE"
        )));
    };
    let metric = Metric::from_name(metric)?;
    let bound = match op {
        ">=" => Bound::AtLeast,
        "<=" => Bound::AtMost,
        _ => {
            return Err(CliError(format!(
                "threshold `{s}`: the operator is >= or <="
            )))
        }
    };
    let value = value.parse().map_err(|_| {
        CliError(format!(
            "threshold `{s}`: the value is a non-negative integer"
        ))
    })?;
    Ok((metric, bound, value))
}

/// Runs one `credit` subcommand.
pub fn run(command: CreditCommand) -> CliResult<()> {
    match resolve_path(command)? {
        CreditCommand::Keygen { out, force } => {
            let key = ProviderKey::generate_os();
            write_secret(
                &out,
                &zeroize::Zeroizing::new(hex::encode(&key.to_bytes()[..])),
                force,
            )?;
            let public = output::hex0x(&key.public_key().to_hex());
            output::say(&public);
            output::record("public_key", public);
            output::record("key_file", out.display().to_string());
        }
        CreditCommand::Setup { out_dir, force } => {
            let installed_pk = installed_path(&out_dir.join("scorecard.pk"));
            crate::refuse_existing(
                &[
                    out_dir.join("scorecard.pk"),
                    installed_pk.clone(),
                    out_dir.join("scorecard.vk"),
                ],
                force,
            )?;
            let (pk, vk) = crate::progress::with_spinner(
                "generating Groth16 keys for the scorecard circuit (development setup)",
                succinct::setup_os,
            )?;
            let pk_bytes = pk.to_bytes();
            let installed = crate::progress::with_spinner("installing the proving key", || {
                succinct::ScorecardProvingKey::install(&pk_bytes, &vk).map(|(_, bytes)| bytes)
            })?;
            write(&out_dir.join("scorecard.pk"), &pk_bytes)?;
            write(&installed_pk, &installed)?;
            write(&out_dir.join("scorecard.vk"), &vk.to_bytes())?;
            output::say(format_args!(
                "wrote {}/scorecard.pk ({} bytes), scorecard.pk.installed ({} bytes) and scorecard.vk",
                out_dir.display(),
                pk_bytes.len(),
                installed.len()
            ));
            output::say("note: keys from one party's randomness are for development only; production needs a multi-party ceremony");
            output::record(
                "proving_key",
                out_dir.join("scorecard.pk").display().to_string(),
            );
            output::record("installed_proving_key", installed_pk.display().to_string());
            output::record("proving_key_bytes", pk_bytes.len());
            output::record(
                "verifying_key",
                out_dir.join("scorecard.vk").display().to_string(),
            );
            output::record("development", true);
        }
        CreditCommand::Attest(a) => {
            let key = load_provider_key(&a.key)?;
            let metrics = parse_file(&a.metrics, DocumentKind::Metrics, Metrics::from_json)?;
            let issued = match &a.issued {
                Some(d) => Date::parse(d)?,
                None => Date::today(),
            };
            let expires = Date::from_days(issued.days() + i64::from(a.valid_days))?;
            let (attestation, openings) = attest(
                &key,
                &a.issuer_id,
                &a.currency,
                &metrics,
                issued,
                expires,
                &mut OsRng,
            )?;
            write_secret(&a.openings, &openings.to_json(), a.force)?;
            if let (Some(hc), Some(path)) = (&a.holder_commitment, &a.credential) {
                let commitment = fr_from_hex(hc, "holder commitment")?;
                let credential = succinct::attest_succinct(
                    &key,
                    &a.issuer_id,
                    &a.currency,
                    &metrics,
                    commitment,
                    issued,
                    expires,
                )?;
                write_secret(path, &credential.to_json(), a.force)?;
                output::say(format_args!(
                    "wrote {} (the succinct path's signed metrics, secret)",
                    path.display()
                ));
                output::record("credential", path.display().to_string());
            }
            write(&a.out, attestation.to_json().as_bytes())?;
            output::say(format_args!(
                "attested until {expires}; wrote {} (public) and {} (the SME's openings, secret)",
                a.out.display(),
                a.openings.display()
            ));
            output::record("expires", expires.to_string());
            output::record("out", a.out.display().to_string());
            output::record("openings", a.openings.display().to_string());
        }
        CreditCommand::Policy(a) if a.path == ProofPath::Succinct => {
            let [issuer] = &a.issuers[..] else {
                return Err(CliError(
                    "the succinct path takes exactly one --issuer".into(),
                ));
            };
            let scorecard = a
                .scorecard
                .as_ref()
                .ok_or_else(|| CliError("the succinct path needs a binned --scorecard".into()))?;
            if !a.thresholds.is_empty() {
                return Err(CliError(
                    "the succinct path proves a binned scorecard; thresholds are the transparent path's".into(),
                ));
            }
            let mut policy = succinct::SuccinctPolicy::new_os(
                a.scope
                    .as_deref()
                    .ok_or_else(|| CliError("the succinct path needs --scope".into()))?,
                &a.currency,
                &ProviderPublicKey::from_hex(output::bare_hex(issuer))?,
                parse_file(scorecard, DocumentKind::Scorecard, Scorecard::from_json)?,
            );
            if let Some(now) = &a.now {
                policy.now = Date::parse(now)?;
            }
            policy.check()?;
            write(&a.out, policy.to_json().as_bytes())?;
            output::say(format_args!("wrote {}", a.out.display()));
            output::record("out", a.out.display().to_string());
        }
        CreditCommand::Policy(a) => {
            let mut policy = CreditPolicy::new_os(&a.currency);
            if let Some(now) = &a.now {
                policy.now = Date::parse(now)?;
            }
            for hex in &a.issuers {
                policy = policy.accept_issuer(&ProviderPublicKey::from_hex(output::bare_hex(hex))?);
            }
            for t in &a.thresholds {
                let (metric, bound, value) = parse_threshold(t)?;
                policy = policy.require(metric, bound, value);
            }
            if let Some(path) = &a.scorecard {
                policy = policy.with_scorecard(parse_file(
                    path,
                    DocumentKind::Scorecard,
                    Scorecard::from_json,
                )?);
            }
            policy.check()?;
            write(&a.out, policy.to_json().as_bytes())?;
            output::say(format_args!("wrote {}", a.out.display()));
            output::record("out", a.out.display().to_string());
        }
        CreditCommand::Prove(a) if a.path == Some(ProofPath::Succinct) => {
            let policy = parse_file(
                &a.policy,
                DocumentKind::CreditSuccinctPolicy,
                succinct::SuccinctPolicy::from_json,
            )?;
            let path = a
                .credential
                .as_ref()
                .ok_or_else(|| CliError("the succinct path needs --credential".into()))?;
            let credential = crate::parse_secret_file(
                path,
                DocumentKind::CreditCredential,
                succinct::SuccinctCredential::from_json,
            )?;
            let secret = crate::load_holder_secret(&a.secret)?;
            if let Some(wtns) = a.wtns.as_deref().filter(|p| p.exists()) {
                return Err(CliError(format!(
                    "{} exists; remove it first (a witness is never overwritten)",
                    wtns.display()
                )));
            }
            let pk = crate::load_proving_key::<succinct::ScorecardStatement>(&a.pk, a.verbose)?;
            let start = std::time::Instant::now();
            let proof = succinct::prove_succinct(&policy, &credential, &secret, &pk, &mut OsRng)?;
            let elapsed = start.elapsed();
            write(&a.out, proof.to_json().as_bytes())?;
            output::say(format_args!(
                "proved in {elapsed:.0?}; wrote {}",
                a.out.display()
            ));
            output::record("proving_ms", elapsed.as_millis() as u64);
            output::record("out", a.out.display().to_string());
            if let Some(wtns) = &a.wtns {
                let witness = succinct::witness_succinct(&policy, &credential, &secret)?;
                let bytes = zeroize::Zeroizing::new(zkcred_core::circom::wtns::to_bytes(&witness)?);
                crate::write_secret_bytes(wtns, &bytes)?;
                output::say(format_args!(
                    "wrote {} ({} wires)",
                    wtns.display(),
                    witness.len()
                ));
                output::record("wtns", wtns.display().to_string());
            }
        }
        CreditCommand::Prove(a) => {
            if a.wtns.is_some() {
                return Err(CliError(
                    "--wtns is for the succinct path (the transparent path has no circuit)".into(),
                ));
            }
            let policy = parse_file(
                &a.policy,
                DocumentKind::CreditPolicy,
                CreditPolicy::from_json,
            )?;
            let need = |p: &Option<PathBuf>, what: &str| {
                p.clone()
                    .ok_or_else(|| CliError(format!("the transparent path needs --{what}")))
            };
            let attestation = parse_file(
                &need(&a.attestation, "attestation")?,
                DocumentKind::CreditAttestation,
                CreditAttestation::from_json,
            )?;
            let openings = crate::parse_secret_file(
                &need(&a.openings, "openings")?,
                DocumentKind::CreditOpenings,
                CreditOpenings::from_json,
            )?;
            let start = std::time::Instant::now();
            let proof = prove(&policy, &attestation, &openings, &mut OsRng)?;
            let elapsed = start.elapsed();
            write(&a.out, proof.to_json().as_bytes())?;
            let binary = proof.to_bytes().len();
            output::say(format_args!(
                "proved in {elapsed:.0?} ({binary} bytes binary); wrote {}",
                a.out.display()
            ));
            output::record("proving_ms", elapsed.as_millis() as u64);
            output::record("binary_bytes", binary);
            output::record("out", a.out.display().to_string());
        }
        CreditCommand::Verify {
            policy,
            proofs,
            path: Some(ProofPath::Succinct),
            vk,
            snarkjs_dir,
        } => {
            let policy = parse_file(
                &policy,
                DocumentKind::CreditSuccinctPolicy,
                succinct::SuccinctPolicy::from_json,
            )?;
            let vk = succinct::ScorecardVerifyingKey::from_bytes(&crate::read(&vk)?)?;
            let [proof] = &proofs[..] else {
                return Err(CliError(
                    "the succinct path verifies one --proof at a time".into(),
                ));
            };
            let proof = parse_file(
                proof,
                DocumentKind::CreditSuccinctProof,
                succinct::SuccinctProof::from_json,
            )?;
            let nullifier = succinct::verify_succinct(&policy, &proof, &vk)?;
            if let Some(dir) = snarkjs_dir {
                let inputs = policy.public_inputs(nullifier)?.to_field_elements();
                let pretty = |v: serde_json::Value| serde_json::to_string_pretty(&v).expect("JSON");
                let snarkjs = zkcred_core::snarkjs::verification_key_json(&vk);
                write(
                    &dir.join("verification_key.json"),
                    pretty(snarkjs).as_bytes(),
                )?;
                let proof_json = zkcred_core::snarkjs::proof_json(&proof.proof);
                write(&dir.join("proof.json"), pretty(proof_json).as_bytes())?;
                let public = zkcred_core::snarkjs::public_json(&inputs);
                write(&dir.join("public.json"), pretty(public).as_bytes())?;
            }
            let report = json!({
                "verified": true,
                "issuer": output::hex0x(&policy.issuer.to_hex()),
                "nullifier": fr_to_hex(&nullifier),
                "scorecard": fr_to_hex(&policy.scorecard.hash()),
            });
            output::say(serde_json::to_string_pretty(&report).expect("JSON"));
            output::record_all(&report);
        }
        CreditCommand::Verify {
            policy,
            proofs,
            snarkjs_dir,
            ..
        } => {
            if snarkjs_dir.is_some() {
                return Err(CliError(
                    "--snarkjs-dir is for the succinct path (Groth16)".into(),
                ));
            }
            let policy = parse_file(&policy, DocumentKind::CreditPolicy, CreditPolicy::from_json)?;
            if let [proof] = &proofs[..] {
                // One proof: the plain verifier (same checks, one result).
                let proof = parse_file(proof, DocumentKind::CreditProof, CreditProof::from_json)?;
                let v = verify(&policy, &proof)?;
                let row = json!({
                    "proof": proofs[0].display().to_string(),
                    "verified": true,
                    "issuer": output::hex0x(&v.issuer.to_hex()),
                    "issuerId": v.issuer_id,
                    "expires": v.expires.to_string(),
                });
                output::say(serde_json::to_string_pretty(&row).expect("JSON"));
                output::record_all(&row);
                return Ok(());
            }
            // A batch keeps going past a file that cannot be read or parsed:
            // it is a refused row like a proof that fails (issue #15).
            let parsed: Vec<CliResult<CreditProof>> = proofs
                .iter()
                .map(|p| parse_file(p, DocumentKind::CreditProof, CreditProof::from_json))
                .collect();
            let items: Vec<_> = parsed
                .iter()
                .filter_map(|p| p.as_ref().ok())
                .map(|p| (&policy, p))
                .collect();
            let mut results = verify_batch(&items).into_iter();
            let mut failed = 0;
            let report: Vec<_> = proofs
                .iter()
                .zip(&parsed)
                .map(|(file, p)| {
                    let file = file.display().to_string();
                    let result = match p {
                        Ok(_) => results.next().expect("one result per parsed proof"),
                        Err(e) => {
                            failed += 1;
                            return json!({"proof": file, "verified": false, "error": e.to_string()});
                        }
                    };
                    match result {
                        Ok(v) => json!({
                            "proof": file,
                            "verified": true,
                            "issuer": output::hex0x(&v.issuer.to_hex()),
                            "issuerId": v.issuer_id,
                            "expires": v.expires.to_string(),
                        }),
                        Err(e) => {
                            failed += 1;
                            json!({"proof": file, "verified": false, "error": e.to_string()})
                        }
                    }
                })
                .collect();
            output::say(serde_json::to_string_pretty(&report).expect("JSON"));
            output::record("results", report);
            if failed > 0 {
                return Err(CliError::refused(format!(
                    "{failed} of {} proofs do not verify",
                    proofs.len()
                )));
            }
        }
        CreditCommand::VerifyBatch { policy, batch } => {
            let policy = parse_file(&policy, DocumentKind::CreditPolicy, CreditPolicy::from_json)?;
            let kind = zkcred_credit::batch::CreditKind::new(policy)?;
            crate::batch::run(&kind, &batch)?;
        }
        CreditCommand::Scorecard { scorecard } => {
            let s = parse_file(&scorecard, DocumentKind::Scorecard, Scorecard::from_json)?;
            output::say(fr_to_hex(&s.hash()));
            output::record("hash", fr_to_hex(&s.hash()));
        }
    }
    Ok(())
}
