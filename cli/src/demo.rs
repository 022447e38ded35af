//! `zkcred demo`: the whole identity flow on embedded defaults.
//!
//! The presentation keys come from a short phase-2 ceremony, run in
//! process as `zkcred ptau` and `zkcred ceremony` would (issue #13 point 5):
//! a development powers of tau from a published seed, the initial key, two
//! contributions from the OS's randomness, a random beacon, the check of
//! every contribution, and the export to zkcred's keys. The phase 1 seed is
//! public, so these are development keys all the same: the demo shows the
//! flow a production ceremony follows over the public Perpetual Powers of
//! Tau (README, "Production keys").
//!
//! Keys, the issuer's key and its SQLite revocation registry live under the
//! data directory and are reused by later runs (keys are made again when
//! missing or unreadable). Every step prints its timing.

use std::{path::Path, time::Instant};

use serde_json::json;
use zkcred_core::{
    date::Date,
    encoding::fr_to_hex,
    holder::{self, HolderSecret},
    issuer::IssuerKey,
    keys::{self, ProvingKey, VerifyingKey},
    request::{Op, PresentationRequest},
    schema::Schema,
    verifier, Error, Presentation,
};

use crate::{read, write, CliError, CliResult};

/// The demo's credential schema.
pub const KYC_SCHEMA: &str = zkcred_core::fixtures::DEMO_KYC_SCHEMA;

/// EU member states (ISO 3166-1 alpha-2).
pub const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

fn step(n: usize, title: &str) {
    crate::output::say(format_args!("\n[{n}] {title}"));
    crate::output::push("steps", format!("identity {n}: {title}"));
}

fn timed<T>(what: &str, f: impl FnOnce() -> CliResult<T>) -> CliResult<T> {
    let start = Instant::now();
    let out = f()?;
    let elapsed = start.elapsed();
    crate::output::say(format_args!("    {what}: {elapsed:.1?}"));
    crate::output::push(
        "timings_ms",
        serde_json::json!({"what": what, "ms": elapsed.as_secs_f64() * 1e3}),
    );
    Ok(out)
}

fn load_or_generate_keys(dir: &Path) -> CliResult<(ProvingKey, VerifyingKey)> {
    let (pk_path, vk_path) = (dir.join("presentation.pk"), dir.join("presentation.vk"));
    if pk_path.exists() && vk_path.exists() {
        let start = Instant::now();
        let loaded = read(&pk_path)
            .and_then(|b| ProvingKey::from_bytes(&b).map_err(CliError::from))
            .and_then(|pk| Ok((pk, VerifyingKey::from_bytes(&read(&vk_path)?)?)));
        match loaded {
            Ok(keys) => {
                crate::output::say(format_args!(
                    "    loaded and validated the keys in {:.1?} (from {}; {})",
                    start.elapsed(),
                    dir.display(),
                    keys.0.origin()
                ));
                crate::output::record("key_origin", keys.0.origin().to_string());
                return Ok(keys);
            }
            Err(e) => crate::output::say(format_args!(
                "    stored keys unusable ({e}); generating new ones"
            )),
        }
    }
    let (pk, vk) = ceremony_keys(dir)?;
    write(&pk_path, &pk.to_bytes())?;
    write(&vk_path, &vk.to_bytes())?;
    Ok((pk, vk))
}

/// The seed of the demo's phase 1 (`zkcred ptau new --dev-secret`). It is
/// published here, so whoever reads it knows tau: the demo's keys can be
/// forged, as `zkcred setup`'s can. A production ceremony starts from the
/// public Perpetual Powers of Tau instead.
const DEMO_PTAU_SEED: [u8; 32] = *b"zkcred demo: a PUBLIC ptau seed!";
/// The demo's random beacon (a production ceremony takes a public value
/// fixed in advance, e.g. a future block hash).
const DEMO_BEACON: [u8; 32] = *b"zkcred demo beacon, 2026-12-07!!";

/// The presentation keys from a short ceremony: phase 1 from
/// [`DEMO_PTAU_SEED`], the initial key, two contributions, a beacon, the
/// check of the whole chain, then the export. Writes the final `.zkey`
/// next to the keys.
fn ceremony_keys(dir: &Path) -> CliResult<(ProvingKey, VerifyingKey)> {
    use zkcred_core::circom::{export, phase1, phase2, Circuit};
    let ptau = timed(
        "phase 1: a development powers of tau, 2^14, from the demo's public seed",
        || Ok(phase1::dev_ptau(14, &DEMO_PTAU_SEED)?),
    )?;
    let r1cs = Circuit::Presentation.r1cs()?;
    let initial = timed("phase 2: the initial key from the circuit", || {
        Ok(phase2::new_zkey(&r1cs, &ptau)?)
    })?;
    drop(ptau);
    let mut zkey = initial.clone();
    for name in ["demo contributor 1", "demo contributor 2"] {
        let hash = timed(&format!("contribution by {name:?}"), || {
            Ok(phase2::contribute(&mut zkey, Some(name), b"")?)
        })?;
        crate::output::say(format_args!(
            "      hash {}",
            crate::output::hex0x(&hex::encode(hash))
        ));
        crate::output::push(
            "contributions",
            json!({"name": name, "hash": crate::output::hex0x(&hex::encode(hash))}),
        );
    }
    let hash = timed("random beacon (2^10 iterations)", || {
        Ok(phase2::beacon(
            &mut zkey,
            Some("demo beacon"),
            &DEMO_BEACON,
            10,
        )?)
    })?;
    crate::output::say(format_args!(
        "      hash {}",
        crate::output::hex0x(&hex::encode(hash))
    ));
    let verified = timed("every contribution checked (ceremony verify)", || {
        phase2::verify(&zkey, &initial)
            .map_err(|r| CliError(format!("the demo's ceremony does not verify: {r}")))
    })?;
    crate::output::say(format_args!(
        "      {} contributions verified",
        verified.len()
    ));
    let bytes = zkey.to_bytes()?;
    write(&dir.join("presentation.zkey"), &bytes)?;
    let (pk, vk) = timed("export to zkcred's keys", || {
        Ok(export::export::<keys::PresentationStatement>(
            &zkey,
            export::zkey_hash(&bytes),
        )?)
    })?;
    crate::output::say(format_args!("      {}", pk.origin()));
    crate::output::record("key_origin", pk.origin().to_string());
    Ok((pk, vk))
}

fn subject(
    birth: &str,
    nationality: &str,
    name: &str,
) -> serde_json::Map<String, serde_json::Value> {
    json!({
        "birth_date": birth, "nationality": nationality, "residence": nationality, "full_name": name,
        "document_type": "passport", "kyc_level": 2, "pep": false
    })
    .as_object()
    .expect("object")
    .clone()
}

/// Runs the demo.
pub fn run(dir: &Path) -> CliResult<()> {
    let total = Instant::now();
    crate::output::say(format_args!(
        "zkcred demo: an issuer, a holder and a verifier, in {}",
        dir.display()
    ));

    step(1, "Groth16 keys for the presentation circuit");
    let (pk, vk) = load_or_generate_keys(dir)?;
    crate::output::say(format_args!(
        "    proving key {} bytes, verifying key {} bytes",
        pk.to_bytes().len(),
        vk.to_bytes().len()
    ));

    step(2, "Issuer: key and SQLite revocation registry");
    let key_path = dir.join("issuer.key");
    let registry_path = dir.join("registry.db");
    let issuer_key = if key_path.exists() {
        crate::load_issuer_key(&key_path)?
    } else {
        let key = IssuerKey::generate_os();
        crate::write_secret(
            &key_path,
            &zeroize::Zeroizing::new(hex::encode(&key.to_bytes()[..])),
            false,
        )?;
        if registry_path.exists() {
            // The registry belongs to the lost key; the demo starts a new one.
            crate::output::say(format_args!(
                "    the issuer key was missing: starting a new registry"
            ));
            for suffix in ["", "-wal", "-shm"] {
                let mut name = registry_path.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
        key
    };
    // The issuer's registry is created bound to its key, and refused to any other key.
    let mut issuer = crate::open_issuer(issuer_key, &registry_path, true)?;
    crate::output::say(format_args!(
        "    issuer {}",
        issuer.key().public_key().to_hex()
    ));
    crate::output::say(format_args!(
        "    registry: {} revoked, root {}",
        issuer.registry().len(),
        fr_to_hex(&issuer.revocation_root()?)
    ));

    step(
        3,
        "Holders receive credentials (W3C VC 2.0, EdDSA-Poseidon)",
    );
    let schema = Schema::from_json(KYC_SCHEMA)?;
    let today = Date::today();
    let until = Date::from_days(today.days() + 365)?;
    let alice = HolderSecret::generate_os();
    let bob = HolderSecret::generate_os();
    let carol = HolderSecret::generate_os();
    let alice_cred = timed("issued Alice's credential", || {
        Ok(issuer.issue(
            &schema,
            subject("1990-05-17", "DE", "Alice Example"),
            alice.commitment(),
            today,
            until,
        )?)
    })?;
    let underage = today.years_before(16)?.to_string();
    let bob_cred = issuer.issue(
        &schema,
        subject(&underage, "FR", "Bob Example"),
        bob.commitment(),
        today,
        until,
    )?;
    let carol_cred = issuer.issue(
        &schema,
        subject("1985-01-31", "IT", "Carol Example"),
        carol.commitment(),
        today,
        until,
    )?;
    write(
        &dir.join("alice.credential.json"),
        alice_cred.to_json().as_bytes(),
    )?;
    crate::output::say(format_args!(
        "    Alice (born 1990, DE) serial {}, Bob (16, FR) serial {}, Carol (IT) serial {}",
        alice_cred.serial(),
        bob_cred.serial(),
        carol_cred.serial()
    ));
    timed("revoked Carol's credential", || {
        Ok(issuer.revoke(carol_cred.serial())?)
    })?;
    let root = issuer.revocation_root()?;
    crate::output::say(format_args!(
        "    published revocation root {}",
        fr_to_hex(&root)
    ));

    step(
        4,
        "Verifier asks: age >= 18, nationality in the EU, not revoked; reveal nothing",
    );
    let request = PresentationRequest::new(schema.clone(), "shop.example/age-gate")
        .accept_issuer(&issuer.key().public_key(), root)
        .require("birth_date", Op::AgeAtLeast, json!(18))
        .require("nationality", Op::In, json!(EU))
        .at(today);
    write(&dir.join("request.json"), request.to_json().as_bytes())?;
    crate::output::say(format_args!(
        "    request written to {}",
        dir.join("request.json").display()
    ));

    step(5, "Alice proves in zero knowledge");
    let path = issuer.non_revocation_path(alice_cred.serial())?;
    let presentation = timed("proved", || {
        Ok(holder::prove(&request, &alice_cred, &alice, &path, &pk)?)
    })?;
    let json_len = presentation.to_json().len();
    crate::output::say(format_args!(
        "    proof {} bytes (presentation JSON {json_len} bytes)",
        presentation.proof.to_bytes().len()
    ));
    write(
        &dir.join("presentation.json"),
        presentation.to_json().as_bytes(),
    )?;

    step(6, "The verifier checks the proof");
    let verified = timed("verified", || {
        Ok(verifier::verify(&request, &presentation, &vk)?)
    })?;
    crate::output::say(format_args!(
        "    accepted: issuer {}..., nullifier {}",
        &verified.issuer[..16],
        verified.nullifier
    ));
    crate::output::say(format_args!(
        "    disclosed: {} (only the yes and the nullifier)",
        if verified.disclosed.is_empty() {
            "nothing".to_string()
        } else {
            format!("{:?}", verified.disclosed)
        }
    ));
    crate::export_snarkjs(&dir.join("snarkjs"), &request, &presentation, &vk)?;
    crate::output::say(format_args!(
        "    snarkjs files in {}",
        dir.join("snarkjs").display()
    ));

    step(7, "What must fail, fails");
    let bob_path = issuer.non_revocation_path(bob_cred.serial())?;
    match holder::prove(&request, &bob_cred, &bob, &bob_path, &pk) {
        Err(Error::Unsatisfiable(why)) => crate::output::say(format_args!(
            "    Bob (16) is refused before proving: {why}"
        )),
        other => {
            return Err(CliError(format!(
                "Bob's underage proof was not refused: {other:?}"
            )))
        }
    }
    match issuer.non_revocation_path(carol_cred.serial()) {
        Err(_) => crate::output::say(format_args!(
            "    Carol's revoked credential has no non-revocation path"
        )),
        Ok(_) => {
            return Err(CliError(
                "a revoked credential got a non-revocation path".into(),
            ))
        }
    }
    let replay = PresentationRequest {
        challenge: zkcred_core::request::fresh_challenge(),
        ..request.clone()
    };
    expect_rejected(
        "Alice's proof replayed against a new challenge",
        verifier::verify(&replay, &presentation, &vk),
    )?;
    let other_scope = PresentationRequest {
        scope: "bank.example/onboarding".into(),
        ..request.clone()
    };
    expect_rejected(
        "Alice's proof presented in another scope",
        verifier::verify(&other_scope, &presentation, &vk),
    )?;
    let mut tampered_bytes = presentation.proof.to_bytes();
    tampered_bytes[5] ^= 1;
    match zkcred_core::presentation::Proof::from_bytes(&tampered_bytes) {
        Err(e) => crate::output::say(format_args!(
            "    a tampered proof is rejected on parsing: {e}"
        )),
        Ok(proof) => {
            let tampered = Presentation {
                proof,
                ..presentation.clone()
            };
            expect_rejected(
                "a tampered proof",
                verifier::verify(&request, &tampered, &vk),
            )?;
        }
    }

    step(
        8,
        "On chain: registry and age gate in an embedded EVM (revm)",
    );
    crate::onchain::run(&request, &issuer, &alice_cred, &alice, &pk, &vk)?;

    crate::output::say(format_args!("\ndone in {:.1?}", total.elapsed()));
    Ok(())
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
