//! What the CLI prints (issue #15, CLI point 6).
//!
//! - Prose for people by default, on standard output.
//! - With `--json`, one JSON object for programs instead: every command's
//!   results under fixed keys, and `{"error": {"kind", "message"}}` added
//!   on a failure (exit status 1; the one-line error is on standard error
//!   too), and no prose.
//! - A document written to `-` (`--out -`) goes to standard output, and
//!   the prose then goes to standard error so that the document can be
//!   piped. Secrets (keys, holder secrets, witnesses) are never written to
//!   standard output.
//! - Keys and hashes print in one encoding: `0x` and lowercase hex
//!   ([`hex0x`]); every CLI option that takes a key accepts it with or
//!   without the `0x`.

use std::{
    fmt::Display,
    io::Write,
    path::Path,
    sync::{
        atomic::{AtomicBool, Ordering},
        Mutex,
    },
};

use serde_json::{Map, Value};

use crate::{CliError, CliResult};

static JSON: AtomicBool = AtomicBool::new(false);
static STDOUT_TAKEN: AtomicBool = AtomicBool::new(false);
static REPORT: Mutex<Option<Map<String, Value>>> = Mutex::new(None);

/// Sets the output mode for this run: `json` from `--json`; `stdout_taken`
/// when a document is written to `-`. Both together are refused: standard
/// output cannot carry the document and the report.
pub fn configure(json: bool, stdout_taken: bool) -> CliResult<()> {
    JSON.store(json, Ordering::Relaxed);
    if json && stdout_taken {
        return Err(CliError(
            "--json and --out - both want standard output: write the document to a file".into(),
        ));
    }
    STDOUT_TAKEN.store(stdout_taken, Ordering::Relaxed);
    Ok(())
}

/// Whether `--out -` appears in `args` (as `--out -` or `--out=-`).
pub fn stdout_requested(args: &[String]) -> bool {
    args.iter().any(|a| a == "--out=-") || args.windows(2).any(|w| w[0] == "--out" && w[1] == "-")
}

/// Whether this run prints JSON.
pub fn json() -> bool {
    JSON.load(Ordering::Relaxed)
}

/// Whether `path` means standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Prints a line of prose: on standard output, or on standard error when a
/// document is being written there; nothing with `--json`.
pub fn say(line: impl Display) {
    if json() {
        return;
    }
    if STDOUT_TAKEN.load(Ordering::Relaxed) {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}

/// Records a result for `--json` (a no-op otherwise). A later value for the
/// same key replaces the earlier one.
pub fn record(key: &str, value: impl Into<Value>) {
    if !json() {
        return;
    }
    let mut report = REPORT.lock().unwrap_or_else(|e| e.into_inner());
    report
        .get_or_insert_with(Map::new)
        .insert(key.to_string(), value.into());
}

/// Appends a result to the `--json` array under `key` (a no-op otherwise).
pub fn push(key: &str, value: impl Into<Value>) {
    if !json() {
        return;
    }
    let mut report = REPORT.lock().unwrap_or_else(|e| e.into_inner());
    let entry = report
        .get_or_insert_with(Map::new)
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(items) = entry {
        items.push(value.into());
    }
}

/// Records every field of a JSON object ([`record`]).
pub fn record_all(value: &Value) {
    if let Value::Object(fields) = value {
        for (k, v) in fields {
            record(k, v.clone());
        }
    }
}

/// Prints the `--json` report of a successful run (an empty object when
/// the command had nothing to report).
pub fn finish() {
    if !json() {
        return;
    }
    let report = REPORT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .unwrap_or_default();
    println!(
        "{}",
        serde_json::to_string_pretty(&Value::Object(report)).expect("JSON")
    );
}

/// Prints a failure: one line on standard error and, with `--json`, the
/// report so far with an `error` object (`kind`, `message`) on standard
/// output.
pub fn fail(e: &CliError) {
    eprintln!("error: {e}");
    if json() {
        record(
            "error",
            serde_json::json!({"kind": e.kind(), "message": e.to_string()}),
        );
        finish();
    }
}

/// Writes a document to standard output (`--out -`).
pub fn write_stdout(bytes: &[u8]) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| {
            if bytes.last() != Some(&b'\n') && std::str::from_utf8(bytes).is_ok() {
                out.write_all(b"\n")?;
            }
            out.flush()
        })
        .map_err(|e| CliError(format!("cannot write to standard output: {}", e.kind())))
}

/// `0x` + lowercase hex: how the CLI prints every key and hash.
pub fn hex0x(hex_or_0x: &str) -> String {
    let digits = hex_or_0x.strip_prefix("0x").unwrap_or(hex_or_0x);
    format!("0x{}", digits.to_ascii_lowercase())
}

/// A key given on the command line, with or without `0x`, as the bare hex
/// the JSON documents use.
pub fn bare_hex(arg: &str) -> &str {
    arg.strip_prefix("0x")
        .or_else(|| arg.strip_prefix("0X"))
        .unwrap_or(arg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_dash_is_found_in_both_spellings_and_only_after_out() {
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert!(stdout_requested(&args("zkcred issue --out -")));
        assert!(stdout_requested(&args("zkcred request --out=- --scope x")));
        assert!(!stdout_requested(&args("zkcred issue --out a.json -")));
        assert!(!stdout_requested(&args("zkcred request --nonce - --out x")));
    }

    #[test]
    fn keys_print_with_0x_and_are_read_either_way() {
        assert_eq!(hex0x("ABcd"), "0xabcd");
        assert_eq!(hex0x("0xabcd"), "0xabcd");
        assert_eq!(bare_hex("0xabcd"), "abcd");
        assert_eq!(bare_hex("0Xabcd"), "abcd");
        assert_eq!(bare_hex("abcd"), "abcd");
    }
}
