//! Batch verification from the command line: `zkcred verify-batch` for
//! identity presentations and `zkcred credit verify-batch` for transparent
//! credit proofs. zkcred-core's engine ([`zkcred_core::batch::verify_all`])
//! verifies the rows on all cores; this module reads the files and prints
//! the table (one row per proof, then a summary), as text or with the
//! global `--json` as `rows` and `summary`.
//!
//! ```text
//! FILE           RESULT    TIME     DETAIL
//! alice.json     accepted  3.1 ms   nullifier 0x1c…, disclosed {"kyc_level":2}
//! forged.json    refused   2.9 ms   verificationFailed: the presentation does not verify
//! 2 proofs: 1 accepted, 1 refused (6.0 ms verifying, 4.2 ms elapsed)
//! ```

use std::{path::PathBuf, time::Instant};

use clap::Args;
use serde_json::{json, Map, Value};
use zkcred_core::{
    batch::{verify_all, Outcome, ProofKind, RawProof, Rejected},
    files, ErrorDetails,
};

use crate::{CliError, CliResult};

/// What every `verify-batch` takes besides the verifier's policy.
#[derive(Args)]
pub struct BatchArgs {
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// The proof files, JSON or the compact binary form (read by their
    /// content, not their name).
    #[arg(required = true, value_name = "PROOF")]
    proofs: Vec<PathBuf>,
}

/// Reads every proof file, verifies them all with `kind`, prints the table
/// and fails if any proof is refused (so the exit status is non-zero). A file
/// that cannot be read is a refused row of kind `io` naming it, and the batch
/// goes on (issue #15).
pub fn run<K: ProofKind>(kind: &K, args: &BatchArgs) -> CliResult<()> {
    let mut raw = Vec::with_capacity(args.proofs.len());
    let mut unreadable: Vec<Option<Rejected>> = Vec::with_capacity(args.proofs.len());
    for path in &args.proofs {
        match files::read(path) {
            Ok(bytes) => {
                raw.push(RawProof::Bytes(bytes));
                unreadable.push(None);
            }
            Err(e) => unreadable.push(Some(Rejected {
                kind: Some(e.kind()),
                reason: crate::file_error("read", path, e).to_string(),
                details: ErrorDetails {
                    path: Some(path.clone()),
                    ..ErrorDetails::default()
                },
            })),
        }
    }
    let start = Instant::now();
    let mut verified = verify_all(kind, &raw, args.threads)?.into_iter();
    let outcomes: Vec<Outcome> = unreadable
        .into_iter()
        .map(|u| match u {
            None => verified.next().expect("one outcome per proof read"),
            Some(rejected) => Outcome {
                result: Err(rejected),
                elapsed: std::time::Duration::ZERO,
            },
        })
        .collect();
    let wall_ms = ms(start.elapsed());
    let refused = outcomes.iter().filter(|o| o.result.is_err()).count();
    if crate::output::json() {
        // `rows` and `summary` (the global `--json`).
        crate::output::record_all(&table_json(&args.proofs, &outcomes, wall_ms));
    } else {
        crate::output::say(table_text(&args.proofs, &outcomes, wall_ms).trim_end());
    }
    if refused > 0 {
        return Err(CliError::refused(format!(
            "{refused} of {} proofs refused",
            outcomes.len()
        )));
    }
    Ok(())
}

fn ms(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// The kind's name, `internal` for a caught panic.
fn kind_name(r: &Rejected) -> &'static str {
    r.kind.map_or("internal", |k| k.name())
}

/// A refused row's structured details (the failing predicate's position and
/// attribute, the field, the file), value-free.
fn details_json(r: &Rejected, row: &mut Map<String, Value>) {
    let d = &r.details;
    if let Some(p) = d.predicate {
        row.insert("predicate".into(), p.into());
    }
    if let Some(a) = &d.attribute {
        row.insert("attribute".into(), a.as_str().into());
    }
    if let Some(f) = d.field {
        row.insert("field".into(), f.into());
    }
    if let Some(p) = &d.path {
        row.insert("path".into(), p.display().to_string().into());
    }
}

fn table_json(files: &[PathBuf], outcomes: &[Outcome], wall_ms: f64) -> Value {
    let rows: Vec<Value> = files
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(index, (file, o))| {
            let mut row = Map::new();
            row.insert("index".into(), index.into());
            row.insert("file".into(), file.display().to_string().into());
            row.insert("accepted".into(), o.result.is_ok().into());
            match &o.result {
                Ok(a) => {
                    row.insert("nullifier".into(), a.nullifier.clone().into());
                    row.insert("disclosed".into(), json!(a.disclosed));
                }
                Err(r) => {
                    row.insert("error".into(), kind_name(r).into());
                    row.insert("reason".into(), r.reason.as_str().into());
                    details_json(r, &mut row);
                }
            }
            row.insert("ms".into(), ms(o.elapsed).into());
            Value::Object(row)
        })
        .collect();
    let accepted = outcomes.iter().filter(|o| o.result.is_ok()).count();
    json!({
        "rows": rows,
        "summary": {
            "proofs": outcomes.len(),
            "accepted": accepted,
            "refused": outcomes.len() - accepted,
            "verifyMs": ms(outcomes.iter().map(|o| o.elapsed).sum()),
            "wallMs": wall_ms,
        },
    })
}

fn table_text(files: &[PathBuf], outcomes: &[Outcome], wall_ms: f64) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let mut out = format!("{:width$}  RESULT    TIME        DETAIL\n", "FILE");
    for (name, o) in names.iter().zip(outcomes) {
        let (result, detail) = match &o.result {
            Ok(a) => {
                let mut detail = match &a.nullifier {
                    Some(n) => format!("nullifier {n}"),
                    None => String::new(),
                };
                if !a.disclosed.is_empty() {
                    if !detail.is_empty() {
                        detail.push_str(", ");
                    }
                    detail.push_str(&format!("disclosed {}", json!(a.disclosed)));
                }
                ("accepted", detail)
            }
            Err(r) => ("refused", format!("{}: {}", kind_name(r), r.reason)),
        };
        let time = format!("{:.1} ms", ms(o.elapsed));
        out.push_str(&format!(
            "{name:width$}  {result:8}  {time:>10}  {detail}\n"
        ));
    }
    let accepted = outcomes.iter().filter(|o| o.result.is_ok()).count();
    out.push_str(&format!(
        "{} proof{}: {accepted} accepted, {} refused ({:.1} ms verifying, {wall_ms:.1} ms elapsed)\n",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        outcomes.len() - accepted,
        ms(outcomes.iter().map(|o| o.elapsed).sum()),
    ));
    out
}
