//! The `zkcred` binary end to end: setup, keys, issue, request, prove,
//! verify, revoke; and one-line errors with a non-zero exit.

use std::{path::Path, process::Command};

/// The binary under test: cargo's, or `ZKCRED_CLI_BIN` when set (a target
/// directory shared by two checkouts has one `debug/zkcred` link, which the
/// other checkout's build can replace while these tests run).
fn binary() -> std::path::PathBuf {
    std::env::var_os("ZKCRED_CLI_BIN")
        .map(Into::into)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_zkcred").into())
}

fn zkcred(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(binary())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run zkcred");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (success, stdout, stderr) = zkcred(dir, args);
    assert!(success, "zkcred {args:?} failed: {stderr}");
    stdout
}

const SCHEMA: &str = r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1, "attributes": [
  {"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}, {"name": "kyc_level", "type": "integer"}]}"#;

#[test]
fn issue_prove_verify_revoke_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("schema.json"), SCHEMA).unwrap();
    std::fs::write(
        d.join("alice.json"),
        r#"{"birth_date": "1990-05-17", "nationality": "DE", "kyc_level": 2}"#,
    )
    .unwrap();

    ok(d, &["setup"]);
    // Setting up again would silently orphan every presentation made with
    // these keys: refused, and the keys are left as they were.
    let pk = std::fs::read(d.join(".zkcred/presentation.pk")).unwrap();
    let (again, _, err) = zkcred(d, &["setup"]);
    assert!(!again);
    assert!(
        err.contains("presentation.pk exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(d.join(".zkcred/presentation.pk")).unwrap(),
        pk
    );
    let issuer = ok(d, &["issuer", "keygen"]).trim().to_string();
    let commitment = ok(d, &["holder", "keygen"]).trim().to_string();
    // Keys and hashes print in one encoding: 0x and lowercase hex.
    assert!(issuer.starts_with("0x") && issuer.len() == 66, "{issuer}");
    assert!(commitment.starts_with("0x"));
    let issued = ok(
        d,
        &[
            "issue",
            "--schema",
            "schema.json",
            "--subject",
            "alice.json",
            "--holder-commitment",
            &commitment,
            "--out",
            "alice.vc.json",
        ],
    );
    assert!(issued.contains("serial 0"));
    let request_args = |out: &'static str| {
        vec![
            "request",
            "--schema",
            "schema.json",
            "--issuer",
            &issuer,
            "--registry",
            ".zkcred/registry.db",
            "--predicate",
            "birth_date ageAtLeast 18",
            "--predicate",
            "nationality in DE,FR,IT",
            "--disclose",
            "kyc_level",
            "--scope",
            "shop.example",
            "--out",
            out,
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    };
    let args = request_args("request.json");
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    ok(d, &prove_args(".zkcred/registry.db", "p.json"));
    // Issue #13: `request --vk` names the verifying key by hash (`vkHash`,
    // OpenID4VP's vk_hash); a request naming another key is refused before
    // proving, with one line; without --vk, no vkHash.
    let mut named = request_args("named.json");
    named.extend(["--vk", ".zkcred/presentation.vk"].map(String::from));
    ok(d, &named.iter().map(String::as_str).collect::<Vec<_>>());
    let vk = zkcred_core::keys::VerifyingKey::from_bytes(
        &std::fs::read(d.join(".zkcred/presentation.vk")).unwrap(),
    )
    .unwrap();
    let mut r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("named.json")).unwrap()).unwrap();
    assert_eq!(r["vkHash"], zkcred_core::openid4vp::vk_hash(&vk));
    assert!(!std::fs::read_to_string(d.join("request.json"))
        .unwrap()
        .contains("vkHash"));
    r["vkHash"] = serde_json::json!("A".repeat(43));
    std::fs::write(d.join("other-key.json"), r.to_string()).unwrap();
    let mut args = prove_args(".zkcred/registry.db", "p-other.json");
    args[2] = "other-key.json";
    let (success, _, stderr) = zkcred(d, &args);
    assert!(!success, "{stderr}");
    assert!(
        stderr.contains("error: invalid key: not the verifying key the request names (vkHash)"),
        "{stderr}"
    );
    assert!(!d.join("p-other.json").exists());
    let verified = ok(
        d,
        &[
            "verify",
            "--request",
            "request.json",
            "--presentation",
            "p.json",
            "--snarkjs-dir",
            "snarkjs",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&verified).unwrap();
    assert_eq!(v["verified"], true);
    assert_eq!(v["disclosed"]["kyc_level"], 2);
    assert!(d.join("snarkjs/proof.json").exists() && d.join("snarkjs/public.json").exists());

    // Issue #17.3: `setup` installed the proving key and `prove` loads that
    // form; a corrupted one is refused with a warning (the compressed key
    // is used), and without one the compressed key is used.
    let installed = d.join(".zkcred/presentation.pk.installed");
    let good = std::fs::read(&installed).unwrap();
    let prove_verbose = |out: &'static str| {
        let mut args = prove_args(".zkcred/registry.db", out);
        args.push("--verbose");
        zkcred(d, &args)
    };
    let (success, _, err) = prove_verbose("p-installed.json");
    assert!(success && err.contains("the installed form"), "{err}");
    let mut bad = good.clone();
    let middle = bad.len() / 2;
    bad[middle] ^= 1;
    std::fs::write(&installed, &bad).unwrap();
    let (success, _, err) = prove_verbose("p-refused.json");
    assert!(
        success && err.contains("refused") && err.contains("corrupted"),
        "{err}"
    );
    std::fs::remove_file(&installed).unwrap();
    let (success, _, err) = prove_verbose("p-compressed.json");
    assert!(success && err.contains("no installed form"), "{err}");
    std::fs::write(&installed, &good).unwrap();
    for p in ["p-installed.json", "p-refused.json", "p-compressed.json"] {
        let out = ok(
            d,
            &["verify", "--request", "request.json", "--presentation", p],
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["verified"], true, "{p}");
    }

    // The same presentation's witness in circom's .wtns format: created
    // 0600, every wire of the exported r1cs, satisfying it; never written
    // over an existing file (and then no presentation either).
    let exported = ok(
        d,
        &[
            "export-r1cs",
            "--circuit",
            "presentation",
            "--out",
            "presentation.r1cs",
        ],
    );
    assert!(exported.contains("12504 constraints"), "{exported}");
    let prove_wtns = |out: &str| {
        zkcred(
            d,
            &[
                "prove",
                "--request",
                "request.json",
                "--credential",
                "alice.vc.json",
                "--registry",
                ".zkcred/registry.db",
                "--out",
                out,
                "--wtns",
                "alice.wtns",
            ],
        )
    };
    let (success, _, stderr) = prove_wtns("p2.json");
    assert!(success, "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("alice.wtns"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let r1cs =
        zkcred_core::circom::R1cs::from_bytes(&std::fs::read(d.join("presentation.r1cs")).unwrap())
            .unwrap();
    assert_eq!(r1cs.constraints.len(), 12_504);
    let witness =
        zkcred_core::circom::wtns::from_bytes(&std::fs::read(d.join("alice.wtns")).unwrap())
            .unwrap();
    assert!(r1cs.is_satisfied(&witness));
    let (success, _, stderr) = prove_wtns("p3.json");
    assert!(!success && stderr.contains("alice.wtns exists"), "{stderr}");
    assert!(!d.join("p3.json").exists());
    let (success, _, stderr) = zkcred(d, &["export-r1cs", "--circuit", "other", "--out", "x.r1cs"]);
    assert!(!success && stderr.contains("unknown circuit"), "{stderr}");

    // A credential valid from a later day (`--valid-from`): refused today with
    // one line, proved and verified on a day of its validity.
    let issued = ok(
        d,
        &[
            "issue",
            "--schema",
            "schema.json",
            "--subject",
            "alice.json",
            "--holder-commitment",
            &commitment,
            "--valid-from",
            "2099-01-01",
            "--valid-days",
            "30",
            "--out",
            "later.vc.json",
        ],
    );
    assert!(issued.contains("serial 1"));
    fails_with_one_line(
        d,
        &[
            "issue",
            "--schema",
            "schema.json",
            "--subject",
            "alice.json",
            "--holder-commitment",
            &commitment,
            "--valid-from",
            "2099-02-30",
            "--out",
            "bad.vc.json",
        ],
        "date",
    );
    assert!(!d.join("bad.vc.json").exists());
    let later: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("later.vc.json")).unwrap()).unwrap();
    assert_eq!(later["validFrom"], "2099-01-01T00:00:00Z");
    assert_eq!(later["validUntil"], "2099-01-31T00:00:00Z");
    let prove_later = |request: &str, out: &str| {
        zkcred(
            d,
            &[
                "prove",
                "--request",
                request,
                "--credential",
                "later.vc.json",
                "--registry",
                ".zkcred/registry.db",
                "--out",
                out,
            ],
        )
    };
    let (success, _, stderr) = prove_later("request.json", "early.json");
    assert!(!success);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not yet valid"), "{stderr}");
    let mut args = request_args("request-2099.json");
    args.extend(["--now".to_string(), "2099-01-15".to_string()]);
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let (success, _, stderr) = prove_later("request-2099.json", "p-2099.json");
    assert!(success, "{stderr}");
    let verified = ok(
        d,
        &[
            "verify",
            "--request",
            "request-2099.json",
            "--presentation",
            "p-2099.json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&verified).unwrap();
    assert_eq!(v["verified"], true);

    // A presentation checked against another request (another challenge) fails with one line.
    let args = request_args("request2.json");
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let (success, _, stderr) = zkcred(
        d,
        &[
            "verify",
            "--request",
            "request2.json",
            "--presentation",
            "p.json",
        ],
    );
    assert!(!success);
    assert_eq!(stderr.trim(), "error: the presentation does not verify");

    // Revocation: the new root is published; proving is refused.
    let root = ok(
        d,
        &[
            "revoke",
            "--registry",
            ".zkcred/registry.db",
            "--serial",
            "0",
        ],
    );
    assert!(root.starts_with("0x"));
    let args = request_args("request3.json");
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let (success, _, stderr) = zkcred(
        d,
        &[
            "prove",
            "--request",
            "request3.json",
            "--credential",
            "alice.vc.json",
            "--registry",
            ".zkcred/registry.db",
            "--out",
            "p3.json",
        ],
    );
    assert!(!success);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("revoked"), "{stderr}");
}

#[test]
fn bad_input_is_one_line_and_a_non_zero_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("garbage.json"), "{not json").unwrap();
    std::fs::write(d.join("garbage.key"), "zz").unwrap();
    for args in [
        vec![
            "verify",
            "--request",
            "garbage.json",
            "--presentation",
            "garbage.json",
            "--vk",
            "garbage.key",
        ],
        vec![
            "verify",
            "--request",
            "missing.json",
            "--presentation",
            "garbage.json",
        ],
        vec![
            "issue",
            "--key",
            "garbage.key",
            "--schema",
            "garbage.json",
            "--subject",
            "garbage.json",
            "--holder-commitment",
            "0x00",
            "--out",
            "x",
        ],
        vec!["revoke", "--registry", "garbage.json", "--serial", "1"],
    ] {
        let (success, stdout, stderr) = zkcred(d, &args);
        assert!(!success, "{args:?} succeeded: {stdout}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
    }
}

const METRICS: &str = r#"{"annual_revenue": 240000000, "monthly_transaction_volume": 18000000,
  "on_time_repayment_bps": 9750, "outstanding_debt": 35000000, "years_in_business": 6, "defaults_24m": 0}"#;

const LINEAR: &str = r#"{"scorecardVersion": 1, "id": "lender.example/sme", "version": 1, "type": "linear",
  "features": [{"metric": "on_time_repayment_bps", "weight": 40}, {"metric": "defaults_24m", "weight": -100000}],
  "bias": 0, "cutoff": 390000}"#;

fn fails_with_one_line(d: &Path, args: &[&str], needle: &str) {
    let (success, stdout, stderr) = zkcred(d, args);
    assert!(!success, "{args:?} succeeded: {stdout}");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr} lacks {needle}");
}

#[test]
fn credit_attest_policy_prove_verify_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("metrics.json"), METRICS).unwrap();
    std::fs::write(d.join("linear.json"), LINEAR).unwrap();
    std::fs::write(d.join("bad.json"), LINEAR.replace("defaults_24m", "profit")).unwrap();

    let provider = ok(d, &["credit", "keygen"]).trim().to_string();
    assert!(
        provider.starts_with("0x") && provider.len() == 130,
        "{provider}"
    );
    let hash = ok(d, &["credit", "scorecard", "--scorecard", "linear.json"]);
    assert!(hash.trim().starts_with("0x") && hash.trim().len() == 66);
    fails_with_one_line(
        d,
        &["credit", "scorecard", "--scorecard", "bad.json"],
        "unknown metric `profit`",
    );
    ok(
        d,
        &[
            "credit",
            "attest",
            "--metrics",
            "metrics.json",
            "--issuer-id",
            "bank.example",
            "--out",
            "attestation.json",
            "--openings",
            "openings.json",
        ],
    );
    let policy = |out: &str, revenue: &str| {
        ok(
            d,
            &[
                "credit",
                "policy",
                "--issuer",
                &provider,
                "--threshold",
                &format!("annual_revenue >= {revenue}"),
                "--threshold",
                "defaults_24m <= 0",
                "--scorecard",
                "linear.json",
                "--out",
                out,
            ],
        );
    };
    policy("policy.json", "200000000");
    policy("policy2.json", "200000000"); // same statements, another challenge
    policy("strict.json", "300000000");
    let prove = |policy: &str, out: &str| {
        zkcred(
            d,
            &[
                "credit",
                "prove",
                "--policy",
                policy,
                "--attestation",
                "attestation.json",
                "--openings",
                "openings.json",
                "--path",
                "transparent",
                "--out",
                out,
            ],
        )
    };
    let (success, _, stderr) = prove("policy.json", "proof.json");
    assert!(success, "{stderr}");
    let (success, _, stderr) = prove("policy.json", "proof2.json");
    assert!(success, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&ok(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy.json",
            "--proof",
            "proof.json",
        ],
    ))
    .unwrap();
    assert_eq!(v["verified"], true);
    assert_eq!(v["issuerId"], "bank.example");
    // A batch.
    let batch: serde_json::Value = serde_json::from_str(&ok(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy.json",
            "--proof",
            "proof.json",
            "--proof",
            "proof2.json",
        ],
    ))
    .unwrap();
    assert_eq!(batch.as_array().unwrap().len(), 2);
    // A batch keeps going past files it cannot read or parse: each is a
    // refused row, the good proof still verifies, and the exit is non-zero.
    let (success, stdout, stderr) = zkcred(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy.json",
            "--proof",
            "proof.json",
            "--proof",
            "missing.json",
            "--proof",
            "metrics.json",
        ],
    );
    assert!(!success);
    assert!(stderr.contains("2 of 3 proofs do not verify"), "{stderr}");
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rows[0]["verified"], true);
    assert_eq!(rows[1]["verified"], false);
    assert_eq!(rows[1]["error"], "No such file or directory: missing.json");
    assert_eq!(rows[2]["verified"], false);
    assert!(
        rows[2]["error"]
            .as_str()
            .unwrap()
            .starts_with("metrics.json: expected a credit proof (transparent path)"),
        "{}",
        rows[2]
    );
    // The same through the batch table: good, replayed (another
    // challenge) and garbage rows, and a non-zero exit.
    std::fs::copy(d.join("proof.json"), d.join("replayed.json")).unwrap();
    let (success, stdout, stderr) = zkcred(
        d,
        &[
            "credit",
            "verify-batch",
            "--policy",
            "policy.json",
            "--json",
            "proof.json",
            "proof2.json",
            "metrics.json",
        ],
    );
    assert!(
        !success && stderr.contains("1 of 3 proofs refused"),
        "{stderr}"
    );
    let table: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows = table["rows"].as_array().unwrap();
    let accepted: Vec<bool> = rows.iter().map(|r| r["accepted"] == true).collect();
    assert_eq!(accepted, [true, true, false]);
    assert_eq!(rows[0]["disclosed"]["issuer_id"], "bank.example");
    assert!(rows[0]["nullifier"].is_null());
    assert_eq!(rows[2]["error"], "json");
    let (success, stdout, _) = zkcred(
        d,
        &[
            "credit",
            "verify-batch",
            "--policy",
            "policy2.json",
            "--json",
            "replayed.json",
        ],
    );
    let table: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(!success);
    assert_eq!(table["rows"][0]["error"], "verificationFailed");
    assert_eq!(table["summary"]["refused"], 1);

    // Replay under another challenge; an unmet threshold; garbage.
    fails_with_one_line(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy2.json",
            "--proof",
            "proof.json",
        ],
        "does not verify",
    );
    let (success, _, stderr) = zkcred(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy2.json",
            "--proof",
            "proof.json",
            "--proof",
            "proof2.json",
        ],
    );
    assert!(
        !success && stderr.contains("2 of 2 proofs do not verify"),
        "{stderr}"
    );
    let (success, _, stderr) = prove("strict.json", "p3.json");
    assert!(
        !success && stderr.contains("`annual_revenue` is not met"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1);
    assert!(!stderr.contains("240000000"), "the value leaked: {stderr}");
    fails_with_one_line(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy.json",
            "--proof",
            "metrics.json",
        ],
        "malformed JSON",
    );
    fails_with_one_line(
        d,
        &[
            "credit",
            "policy",
            "--issuer",
            &provider,
            "--threshold",
            "annual_revenue > 5",
            "--out",
            "x.json",
        ],
        "operator",
    );
}

const BINNED: &str = r#"{"scorecardVersion": 1, "id": "lender.example/pts", "version": 1, "type": "binned",
  "features": [{"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "points": 40}]},
               {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]}],
  "cutoff": 70}"#;

#[test]
fn credit_succinct_path_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("metrics.json"), METRICS).unwrap();
    std::fs::write(d.join("binned.json"), BINNED).unwrap();
    // Ten years needed for the 40 points: the SME (6 years) scores 30 < 70.
    let strict = BINNED.replace(
        r#"{"min": 0, "max": 1, "points": 0}, {"min": 2, "points": 40}"#,
        r#"{"min": 0, "max": 9, "points": 0}, {"min": 10, "points": 40}"#,
    );
    assert_ne!(strict, BINNED);
    std::fs::write(d.join("strict.json"), strict).unwrap();
    ok(d, &["credit", "setup"]);
    let vk = std::fs::read(d.join(".zkcred/scorecard.vk")).unwrap();
    let (again, _, err) = zkcred(d, &["credit", "setup"]);
    assert!(!again);
    assert!(
        err.contains("scorecard.pk exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join(".zkcred/scorecard.vk")).unwrap(), vk);
    ok(d, &["credit", "setup", "--force"]);
    assert_ne!(std::fs::read(d.join(".zkcred/scorecard.vk")).unwrap(), vk);
    assert!(d.join(".zkcred/scorecard.pk.installed").exists());
    let provider = ok(d, &["credit", "keygen"]).trim().to_string();
    let commitment = ok(d, &["holder", "keygen"]).trim().to_string();
    ok(
        d,
        &[
            "credit",
            "attest",
            "--metrics",
            "metrics.json",
            "--issuer-id",
            "bank.example",
            "--out",
            "attestation.json",
            "--openings",
            "openings.json",
            "--holder-commitment",
            &commitment,
            "--credential",
            "credential.json",
        ],
    );
    let policy = |scorecard: &str, out: &str| {
        ok(
            d,
            &[
                "credit",
                "policy",
                "--path",
                "succinct",
                "--issuer",
                &provider,
                "--scope",
                "lender.example",
                "--scorecard",
                scorecard,
                "--out",
                out,
            ],
        );
    };
    policy("binned.json", "policy.json");
    policy("binned.json", "policy2.json");
    policy("strict.json", "strict-policy.json");
    let prove = |policy: &str, out: &str| {
        zkcred(
            d,
            &[
                "credit",
                "prove",
                "--path",
                "succinct",
                "--policy",
                policy,
                "--credential",
                "credential.json",
                "--out",
                out,
                "--verbose",
            ],
        )
    };
    let (success, _, stderr) = prove("policy.json", "proof.json");
    assert!(success, "{stderr}");
    assert!(stderr.contains("the installed form"), "{stderr}");
    // The scorecard's witness in circom's .wtns format (issue #13): 0600,
    // every wire of the exported scorecard r1cs, satisfying it; never over
    // an existing file; the transparent path has none.
    let prove_wtns = |out: &str| {
        zkcred(
            d,
            &[
                "credit",
                "prove",
                "--policy",
                "policy.json",
                "--credential",
                "credential.json",
                "--out",
                out,
                "--wtns",
                "sme.wtns",
            ],
        )
    };
    let (success, _, stderr) = prove_wtns("proof-w.json");
    assert!(success, "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("sme.wtns"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    ok(
        d,
        &[
            "export-r1cs",
            "--circuit",
            "scorecard",
            "--out",
            "scorecard.r1cs",
        ],
    );
    let r1cs =
        zkcred_core::circom::R1cs::from_bytes(&std::fs::read(d.join("scorecard.r1cs")).unwrap())
            .unwrap();
    let witness =
        zkcred_core::circom::wtns::from_bytes(&std::fs::read(d.join("sme.wtns")).unwrap()).unwrap();
    assert_eq!(witness.len(), r1cs.n_wires as usize);
    assert!(r1cs.is_satisfied(&witness));
    let (success, _, stderr) = prove_wtns("proof-w2.json");
    assert!(!success && stderr.contains("sme.wtns exists"), "{stderr}");
    assert!(!d.join("proof-w2.json").exists());
    std::fs::write(d.join("t-policy.json"), r#"{"type": "ZkcredCreditPolicy"}"#).unwrap();
    fails_with_one_line(
        d,
        &[
            "credit",
            "prove",
            "--policy",
            "t-policy.json",
            "--out",
            "x.json",
            "--wtns",
            "t.wtns",
        ],
        "--wtns is for the succinct path",
    );
    let v: serde_json::Value = serde_json::from_str(&ok(
        d,
        &[
            "credit",
            "verify",
            "--path",
            "succinct",
            "--policy",
            "policy.json",
            "--proof",
            "proof.json",
        ],
    ))
    .unwrap();
    assert_eq!(v["verified"], true);
    assert!(v["nullifier"].as_str().unwrap().starts_with("0x"));
    // The policy says which path it is for: no --path needed, and a
    // contradicting one is refused, naming both (issue #15).
    let again: serde_json::Value = serde_json::from_str(&ok(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy.json",
            "--proof",
            "proof.json",
        ],
    ))
    .unwrap();
    assert_eq!(again["nullifier"], v["nullifier"]);
    // ... and in snarkjs's layout for `snarkjs groth16 verify`: the key's
    // JSON, the proof and the scorecard's 6 public inputs.
    ok(
        d,
        &[
            "credit",
            "verify",
            "--policy",
            "policy.json",
            "--proof",
            "proof.json",
            "--snarkjs-dir",
            "sj",
        ],
    );
    let public: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(d.join("sj/public.json")).unwrap()).unwrap();
    assert_eq!(public.len(), 6);
    let proof: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("sj/proof.json")).unwrap()).unwrap();
    assert_eq!(proof["protocol"], "groth16");
    let vk_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("sj/verification_key.json")).unwrap())
            .unwrap();
    assert_eq!(vk_json["nPublic"], 6);
    fails_with_one_line(
        d,
        &[
            "credit",
            "verify",
            "--path",
            "transparent",
            "--policy",
            "policy.json",
            "--proof",
            "proof.json",
        ],
        "policy.json: a succinct policy, but --path transparent was given",
    );
    fails_with_one_line(
        d,
        &[
            "credit",
            "verify",
            "--path",
            "succinct",
            "--policy",
            "policy2.json",
            "--proof",
            "proof.json",
        ],
        "does not verify",
    );
    let (success, _, stderr) = prove("strict-policy.json", "p2.json");
    assert!(
        !success && stderr.contains("cutoff is not reached"),
        "{stderr}"
    );
    // A linear model on the succinct path is refused with one line.
    std::fs::write(d.join("linear.json"), LINEAR).unwrap();
    fails_with_one_line(
        d,
        &[
            "credit",
            "policy",
            "--path",
            "succinct",
            "--issuer",
            &provider,
            "--scope",
            "x",
            "--scorecard",
            "linear.json",
            "--out",
            "x.json",
        ],
        "binned",
    );
}

/// An issuer key, a holder secret and a credential (serial 0) issued into the
/// default registry `.zkcred/registry.db`; returns the issuer's public key.
fn issued(d: &Path) -> String {
    std::fs::write(d.join("schema.json"), SCHEMA).unwrap();
    std::fs::write(
        d.join("alice.json"),
        r#"{"birth_date": "1990-05-17", "nationality": "DE", "kyc_level": 2}"#,
    )
    .unwrap();
    let issuer = ok(d, &["issuer", "keygen"]).trim().to_string();
    let commitment = ok(d, &["holder", "keygen"]).trim().to_string();
    let out = ok(
        d,
        &[
            "issue",
            "--schema",
            "schema.json",
            "--subject",
            "alice.json",
            "--holder-commitment",
            &commitment,
            "--out",
            "alice.vc.json",
        ],
    );
    assert!(out.contains("created the revocation registry"), "{out}");
    issuer
}

/// `zkcred prove` of `alice.vc.json` for `request.json` with the default
/// keys, the revocation path from `registry`, into `out`.
fn prove_args<'a>(registry: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "prove",
        "--request",
        "request.json",
        "--credential",
        "alice.vc.json",
        "--registry",
        registry,
        "--out",
        out,
    ]
}

fn request_args<'a>(issuer: &'a str, registry: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "request",
        "--schema",
        "schema.json",
        "--issuer",
        issuer,
        "--registry",
        registry,
        "--predicate",
        "birth_date ageAtLeast 18",
        "--scope",
        "shop.example",
        "--out",
        out,
    ]
}

#[test]
fn commands_that_read_a_registry_refuse_a_missing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let issuer = issued(d);
    ok(
        d,
        &request_args(&issuer, ".zkcred/registry.db", "request.json"),
    );
    for args in [
        vec!["issuer", "root", "--registry", "typo.db"],
        request_args(&issuer, "typo.db", "typo-request.json"),
        prove_args("typo.db", "p.json"),
        vec!["revoke", "--registry", "typo.db", "--serial", "0"],
    ] {
        fails_with_one_line(d, &args, "no revocation registry at typo.db");
    }
    assert!(!d.join("typo.db").exists() && !d.join("typo-request.json").exists());
    assert!(!d.join("typo.db-lock").exists());
    // A file that is not a registry: one line naming it, the cause said once.
    std::fs::write(d.join("empty.db"), "").unwrap();
    let (success, _, stderr) = zkcred(d, &["issuer", "root", "--registry", "empty.db"]);
    assert!(!success);
    assert_eq!(
        stderr.trim(),
        "error: empty.db: revocation store is corrupt: the file is not a revocation registry"
    );
}

#[test]
fn revoking_needs_the_issuers_key_and_an_issued_serial() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let issuer = issued(d);
    let other = ok(d, &["issuer", "keygen", "--out", "other.key"])
        .trim()
        .to_string();
    let registry = ".zkcred/registry.db";
    let root_before = ok(d, &["issuer", "root", "--registry", registry]);
    // Another issuer's key can neither revoke in this registry nor issue into it.
    fails_with_one_line(
        d,
        &[
            "revoke",
            "--key",
            "other.key",
            "--registry",
            registry,
            "--serial",
            "0",
        ],
        "belongs to another issuer",
    );
    let commitment = ok(d, &["holder", "keygen", "--out", "bob.secret"])
        .trim()
        .to_string();
    fails_with_one_line(
        d,
        &[
            "issue",
            "--key",
            "other.key",
            "--schema",
            "schema.json",
            "--subject",
            "alice.json",
            "--holder-commitment",
            &commitment,
            "--out",
            "bob.vc.json",
        ],
        "belongs to another issuer",
    );
    // A verifier pairing the wrong issuer with this registry is refused.
    fails_with_one_line(
        d,
        &request_args(&other, registry, "r.json"),
        "belongs to another issuer",
    );
    // A serial never issued is refused unless forced.
    fails_with_one_line(
        d,
        &["revoke", "--registry", registry, "--serial", "5"],
        "never issued",
    );
    assert_eq!(
        ok(d, &["issuer", "root", "--registry", registry]),
        root_before
    );
    let forced = ok(
        d,
        &["revoke", "--registry", registry, "--serial", "5", "--force"],
    );
    let revoked = ok(d, &["revoke", "--registry", registry, "--serial", "0"]);
    assert_ne!(forced, root_before);
    assert_ne!(revoked, forced);
    assert_eq!(ok(d, &["issuer", "root", "--registry", registry]), revoked);
    // The request for the right issuer still works.
    ok(d, &request_args(&issuer, registry, "r.json"));
}

#[test]
fn reads_do_not_wait_for_a_writer_and_a_second_writer_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    issued(d);
    let db = d.join(".zkcred/registry.db");
    let root = ok(d, &["issuer", "root", "--registry", ".zkcred/registry.db"]);
    // A writer in the middle of a long batch: it holds the registry's writer
    // lock and SQLite's write lock.
    let writer = zkcred_core::revocation::RevocationRegistry::open(&db).unwrap();
    let batch = rusqlite::Connection::open(&db).unwrap();
    batch
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO revoked VALUES (0);")
        .unwrap();
    let start = std::time::Instant::now();
    assert_eq!(
        ok(d, &["issuer", "root", "--registry", ".zkcred/registry.db"]),
        root
    );
    fails_with_one_line(
        d,
        &[
            "revoke",
            "--registry",
            ".zkcred/registry.db",
            "--serial",
            "0",
        ],
        "one writer at a time",
    );
    // Neither waited for SQLite's 30-second busy timeout.
    assert!(start.elapsed() < std::time::Duration::from_secs(25));
    batch.execute_batch("ROLLBACK").unwrap();
    drop(writer);
    ok(
        d,
        &[
            "revoke",
            "--registry",
            ".zkcred/registry.db",
            "--serial",
            "0",
        ],
    );
}

#[cfg(unix)]
#[test]
fn secret_files_are_0600_exclusive_and_never_follow_a_symlink() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".zkcred")).unwrap();
    std::fs::write(d.join("victim"), "untouched").unwrap();
    // The fixed temporary names the CLI used to write through.
    symlink(d.join("victim"), d.join(".zkcred/issuer.tmp")).unwrap();
    symlink(d.join("victim"), d.join(".zkcred/holder.tmp")).unwrap();
    let mode = |p: &str| {
        std::fs::symlink_metadata(d.join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let first = ok(d, &["issuer", "keygen"]);
    ok(d, &["holder", "keygen"]);
    assert_eq!(
        std::fs::read_to_string(d.join("victim")).unwrap(),
        "untouched"
    );
    assert_eq!(mode(".zkcred/issuer.key"), 0o600);
    assert_eq!(mode(".zkcred/holder.secret"), 0o600);
    let key = std::fs::read_to_string(d.join(".zkcred/issuer.key")).unwrap();

    // An existing secret is kept unless --force.
    fails_with_one_line(d, &["issuer", "keygen"], "pass --force");
    fails_with_one_line(d, &["holder", "keygen"], "pass --force");
    assert_eq!(
        std::fs::read_to_string(d.join(".zkcred/issuer.key")).unwrap(),
        key
    );
    let second = ok(d, &["issuer", "keygen", "--force"]);
    assert_ne!(first, second);
    assert_eq!(mode(".zkcred/issuer.key"), 0o600);

    // A symlink planted at the destination is neither followed nor replaced.
    symlink(d.join("victim"), d.join("planted.secret")).unwrap();
    fails_with_one_line(
        d,
        &["holder", "keygen", "--out", "planted.secret"],
        "pass --force",
    );
    fails_with_one_line(
        d,
        &["credit", "keygen", "--out", "planted.secret"],
        "pass --force",
    );
    assert_eq!(
        std::fs::read_to_string(d.join("victim")).unwrap(),
        "untouched"
    );
}

#[test]
fn verify_batch_prints_one_row_per_proof_and_fails_if_any_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["setup"]);
    let issuer = issued(d);
    ok(
        d,
        &request_args(&issuer, ".zkcred/registry.db", "request.json"),
    );
    ok(d, &prove_args(".zkcred/registry.db", "good.json"));
    // Tampered: another nullifier (a valid field element, so it parses).
    let good = std::fs::read_to_string(d.join("good.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&good).unwrap();
    let nullifier = doc["nullifier"].as_str().unwrap().to_string();
    let flipped = if &nullifier[10..11] == "0" { "1" } else { "0" };
    doc["nullifier"] = format!("{}{flipped}{}", &nullifier[..10], &nullifier[11..]).into();
    std::fs::write(d.join("tampered.json"), doc.to_string()).unwrap();
    // Garbage: neither the binary form's magic nor UTF-8.
    std::fs::write(d.join("garbage.bin"), [0xffu8, 0x00, 0x13, 0x37]).unwrap();

    let (success, stdout, stderr) = zkcred(
        d,
        &[
            "verify-batch",
            "--request",
            "request.json",
            "--json",
            "good.json",
            "tampered.json",
            "garbage.bin",
        ],
    );
    assert!(!success, "a refused proof must fail the batch: {stdout}");
    assert_eq!(stderr.trim(), "error: 2 of 3 proofs refused");
    let table: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let files: Vec<&str> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["good.json", "tampered.json", "garbage.bin"]);
    let accepted: Vec<bool> = rows.iter().map(|r| r["accepted"] == true).collect();
    assert_eq!(accepted, [true, false, false]);
    assert_eq!(rows[0]["nullifier"], nullifier.as_str());
    assert!(rows[0]["error"].is_null());
    assert_eq!(rows[1]["error"], "verificationFailed");
    assert_eq!(rows[1]["reason"], "the presentation does not verify");
    assert_eq!(rows[2]["error"], "encoding");
    assert!(rows.iter().all(|r| r["ms"].as_f64().unwrap() >= 0.0));
    assert_eq!(table["summary"]["proofs"], 3);
    assert_eq!(table["summary"]["accepted"], 1);
    assert_eq!(table["summary"]["refused"], 2);

    // Text: a header, a row per proof, a summary; all accepted is success.
    let text = ok(
        d,
        &[
            "verify-batch",
            "--request",
            "request.json",
            "--threads",
            "1",
            "good.json",
            "good.json",
        ],
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("FILE") && lines[0].contains("RESULT"));
    assert!(lines[1].starts_with("good.json") && lines[1].contains("accepted"));
    assert!(lines[1].contains(&nullifier), "{text}");
    assert!(
        lines[3].starts_with("2 proofs: 2 accepted, 0 refused"),
        "{text}"
    );
    let (success, text, _) = zkcred(
        d,
        &["verify-batch", "--request", "request.json", "tampered.json"],
    );
    assert!(!success);
    assert!(text.contains("refused") && text.contains("verificationFailed"));
    // A file that cannot be read is a refused row naming it, and the batch
    // goes on to the next file (issue #15; it used to stop the batch).
    let (success, stdout, stderr) = zkcred(
        d,
        &[
            "verify-batch",
            "--request",
            "request.json",
            "--json",
            "missing.json",
            "good.json",
        ],
    );
    assert!(!success);
    assert_eq!(stderr.trim(), "error: 1 of 2 proofs refused");
    let table: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows[0]["file"], "missing.json");
    assert_eq!(rows[0]["accepted"], false);
    assert_eq!(rows[0]["error"], "io");
    assert_eq!(rows[0]["reason"], "No such file or directory: missing.json");
    assert_eq!(rows[0]["path"], "missing.json");
    assert_eq!(rows[1]["accepted"], true);
    assert_eq!(rows[1]["nullifier"], nullifier.as_str());
}

#[test]
fn parse_errors_name_the_file_and_what_was_expected() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["init", "."]);
    ok(d, &["issuer", "keygen"]);
    // A file that is not there: the shell's words and the path.
    fails_with_one_line(
        d,
        &[
            "verify",
            "--request",
            "nothere.json",
            "--presentation",
            "x.json",
        ],
        "No such file or directory: nothere.json",
    );
    // Another zkcred document where one was expected: both named.
    fails_with_one_line(
        d,
        &[
            "issue",
            "--schema",
            "binned.json",
            "--subject",
            "alice.json",
            "--holder-commitment",
            "0x01",
            "--out",
            "o.json",
        ],
        "binned.json: expected a credential schema, found a scorecard",
    );
    fails_with_one_line(
        d,
        &["credit", "scorecard", "--scorecard", "schema.json"],
        "schema.json: expected a scorecard, found a credential schema",
    );
    // Not a zkcred document at all: what was expected, then the parser's words.
    fails_with_one_line(
        d,
        &[
            "verify",
            "--request",
            "alice.json",
            "--presentation",
            "x.json",
        ],
        "alice.json: expected a presentation request: malformed JSON",
    );
    // A schema with an unknown type lists the allowed ones.
    std::fs::write(
        d.join("s.json"),
        r#"{"schemaVersion": 1, "id": "x", "version": 1, "attributes": [{"name": "a", "type": "float"}]}"#,
    )
    .unwrap();
    fails_with_one_line(
        d,
        &["issue", "--schema", "s.json", "--subject", "alice.json", "--holder-commitment", "0x01", "--out", "o.json"],
        "attribute `a`: unknown type `float` (one of date, integer, boolean, enum, country, string)",
    );
}

/// Edits the JSON file `from` into `to`.
fn edit_json(d: &Path, from: &str, to: &str, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join(from)).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(d.join(to), v.to_string()).unwrap();
}

/// `zkcred request --openid4vp` for `alice.vc.json`'s issuer, plus `extra`.
fn openid4vp_request(d: &Path, issuer: &str, out: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "request",
        "--openid4vp",
        "--schema",
        "schema.json",
        "--issuer",
        issuer,
        "--registry",
        ".zkcred/registry.db",
        "--predicate",
        "birth_date ageAtLeast 18",
        "--predicate",
        "nationality in DE,FR,IT",
        "--disclose",
        "kyc_level",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    ok(d, &args)
}

fn prove_openid4vp<'a>(request: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "prove",
        "--request",
        request,
        "--credential",
        "alice.vc.json",
        "--registry",
        ".zkcred/registry.db",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    args
}

const RESPONSE_URI: &str = "https://shop.example/openid4vp/response";

#[test]
fn openid4vp_request_prove_verify_and_refusals_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["setup"]);
    let issuer = issued(d);

    // direct_post: the request, the consent summary before proving, the
    // vp_token response, its verification.
    let wrote = openid4vp_request(d, &issuer, "oid.json", &["--response-uri", RESPONSE_URI]);
    assert!(
        wrote.contains(&format!("client_id redirect_uri:{RESPONSE_URI}")),
        "{wrote}"
    );
    let req: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("oid.json")).unwrap()).unwrap();
    assert_eq!(req["response_mode"], "direct_post");
    assert_eq!(req["nonce"].as_str().unwrap().len(), 43);
    assert!(req["state"].is_string());
    assert_eq!(req["dcql_query"]["credentials"][0]["format"], "zkcred");
    let proved = ok(d, &prove_openid4vp("oid.json", "resp.json", &[]));
    for needle in [
        "Verifier: redirect_uri:https://shop.example/openid4vp/response",
        "birth_date: at least 18 years old on",
        "nationality: one of DE, FR, IT",
        "It will see the values of: kyc_level",
        "pseudonym",
    ] {
        assert!(proved.contains(needle), "{needle} missing from {proved}");
    }
    assert!(
        proved.find("Verifier:").unwrap() < proved.find("proved in").unwrap(),
        "{proved}"
    );
    let resp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("resp.json")).unwrap()).unwrap();
    assert_eq!(resp["state"], req["state"]);
    assert!(resp["vp_token"]["zkcred"][0].is_string());
    let verify = |request: &str, response: &str, extra: &[&str]| {
        let mut args = vec!["verify", "--request", request, "--response", response];
        args.extend_from_slice(extra);
        zkcred(d, &args)
    };
    let (success, stdout, stderr) = verify("oid.json", "resp.json", &[]);
    assert!(success, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["verified"], true);
    assert_eq!(v["disclosed"]["kyc_level"], 2);
    assert_eq!(v["issuer"], issuer.as_str());

    // Refused: the response against a new request (a replay: new nonce and
    // state), against another client_id with the same nonce and state, and
    // a tampered token.
    let refused = |request: &str, response: &str, extra: &[&str], needle: &str| {
        let (success, stdout, stderr) = verify(request, response, extra);
        assert!(!success, "{request} {response}: {stdout}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(needle),
            "{stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    };
    openid4vp_request(
        d,
        &issuer,
        "oid-new.json",
        &["--response-uri", RESPONSE_URI],
    );
    refused("oid-new.json", "resp.json", &[], "does not verify");
    let (nonce, state) = (
        req["nonce"].as_str().unwrap(),
        req["state"].as_str().unwrap(),
    );
    openid4vp_request(
        d,
        &issuer,
        "oid-other.json",
        &[
            "--client-id",
            "redirect_uri:https://other.example/openid4vp/response",
            "--nonce",
            nonce,
            "--state",
            state,
        ],
    );
    refused("oid-other.json", "resp.json", &[], "does not verify");
    // A base64url nonce or state may begin with `-` (1 in 64 fresh ones
    // does): the CLI takes it as the value, not as an option.
    let dash = format!("-{}", &nonce[1..]);
    openid4vp_request(
        d,
        &issuer,
        "oid-dash.json",
        &[
            "--response-uri",
            RESPONSE_URI,
            "--nonce",
            &dash,
            "--state",
            &dash,
        ],
    );
    let dashed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("oid-dash.json")).unwrap()).unwrap();
    assert_eq!(dashed["nonce"], dash.as_str());
    assert_eq!(dashed["state"], dash.as_str());
    openid4vp_request(
        d,
        &issuer,
        "oid-same.json",
        &[
            "--response-uri",
            RESPONSE_URI,
            "--nonce",
            nonce,
            "--state",
            state,
        ],
    );
    let (success, _, stderr) = verify("oid-same.json", "resp.json", &[]);
    assert!(success, "the same binding verifies: {stderr}");
    edit_json(d, "resp.json", "resp-tampered.json", |r| {
        let t = r["vp_token"]["zkcred"][0].as_str().unwrap().to_string();
        // A character in the middle of the proof, changed.
        let i = 150;
        let c = if &t[i..=i] == "A" { "B" } else { "A" };
        r["vp_token"]["zkcred"][0] = format!("{}{c}{}", &t[..i], &t[i + 1..]).into();
    });
    let (success, _, stderr) = verify("oid.json", "resp-tampered.json", &[]);
    assert!(!success && stderr.starts_with("error: "), "{stderr}");
    edit_json(d, "resp.json", "resp-no-token.json", |r| {
        r.as_object_mut().unwrap().remove("vp_token");
    });
    refused("oid.json", "resp-no-token.json", &[], "vp_token");

    // dc_api: the audience is the origin the browser reports.
    let wrote = openid4vp_request(d, &issuer, "dc.json", &["--dc-api"]);
    assert!(wrote.contains("response_mode dc_api"), "{wrote}");
    fails_with_one_line(
        d,
        &prove_openid4vp("dc.json", "dc-resp.json", &[]),
        "`origin`",
    );
    let origin = "https://shop.example";
    let proved = ok(
        d,
        &prove_openid4vp("dc.json", "dc-resp.json", &["--origin", origin]),
    );
    assert!(
        proved.contains("Verifier: origin:https://shop.example (vouched for"),
        "{proved}"
    );
    let (success, _, stderr) = verify("dc.json", "dc-resp.json", &["--origin", origin]);
    assert!(success, "{stderr}");
    refused(
        "dc.json",
        "dc-resp.json",
        &["--origin", "https://evil.example"],
        "does not verify",
    );

    // Malformed or unsupported requests: one line naming the field, and no
    // proof written.
    let q = "dcql_query.credentials[0]";
    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit, String)> = vec![
        (
            "format",
            Box::new(|v| v["dcql_query"]["credentials"][0]["format"] = "ldp_vc".into()),
            format!("`{q}.format`"),
        ),
        (
            "claim",
            Box::new(|v| {
                v["dcql_query"]["credentials"][0]["claims"][0]["path"][1] = "salary".into()
            }),
            format!("`{q}.claims[0].path`"),
        ),
        (
            "predicate",
            Box::new(|v| {
                v["dcql_query"]["credentials"][0]["meta"]["predicates"][1]["op"] = "gte".into()
            }),
            format!("`{q}.meta.predicates[1]`"),
        ),
        (
            "nonce",
            Box::new(|v| v["nonce"] = "".into()),
            "`nonce`".into(),
        ),
        (
            "no-nonce",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("nonce");
            }),
            "`nonce`".into(),
        ),
        (
            "client",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("client_id");
            }),
            "`client_id`".into(),
        ),
        (
            "type",
            Box::new(|v| v["response_type"] = "code".into()),
            "`response_type`".into(),
        ),
        (
            "uri",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("response_uri");
            }),
            "`response_uri`".into(),
        ),
    ];
    for (name, edit, needle) in cases {
        let file = format!("bad-{name}.json");
        let out = format!("bad-{name}.resp.json");
        edit_json(d, "oid.json", &file, edit);
        fails_with_one_line(d, &prove_openid4vp(&file, &out, &[]), &needle);
        assert!(!d.join(&out).exists(), "{name}");
        // The verifier refuses the same file.
        refused(&file, "resp.json", &[], &needle);
    }
    fails_with_one_line(
        d,
        &[
            "request",
            "--openid4vp",
            "--schema",
            "schema.json",
            "--issuer",
            &issuer,
            "--client-id",
            "x509_san_dns:shop.example",
            "--out",
            "x509.json",
        ],
        "`client_id`",
    );
    // A native request may not borrow an OpenID4VP verifier's scope.
    ok(
        d,
        &[
            "request",
            "--schema",
            "schema.json",
            "--issuer",
            &issuer,
            "--registry",
            ".zkcred/registry.db",
            "--scope",
            &format!("redirect_uri:{RESPONSE_URI}"),
            "--out",
            "borrow.json",
        ],
    );
    fails_with_one_line(
        d,
        &prove_openid4vp("borrow.json", "borrow.p.json", &[]),
        "`scope`",
    );

    // For the interoperability check (scripts/test.sh runs the npm
    // libraries on these files): the CLI-made requests and responses.
    if let Some(dir) = std::env::var_os("ZKCRED_OPENID4VP_OUT") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        for f in [
            "oid.json",
            "resp.json",
            "dc.json",
            "dc-resp.json",
            "alice.vc.json",
        ] {
            std::fs::copy(d.join(f), dir.join(format!("cli-{f}"))).unwrap();
        }
    }
}

/// `--json` and `--out -`: the report of a command as one JSON object (the
/// error added on a failure), a document on standard output with the prose
/// moved to standard error, secrets never on standard output, and keys and
/// hashes in one encoding, taken back with or without `0x` (issue #15, CLI
/// point 6).
#[test]
fn json_reports_out_dash_and_one_encoding_for_keys_and_hashes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let json = |args: &[&str]| -> (bool, serde_json::Value, String) {
        let mut all = args.to_vec();
        all.push("--json");
        let (success, stdout, stderr) = zkcred(d, &all);
        let value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("zkcred {all:?}: not one JSON object ({e}): {stdout}"));
        (success, value, stderr)
    };
    let hex0x = |v: &serde_json::Value| {
        let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
        assert!(
            s.starts_with("0x")
                && s[2..]
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
            "not 0x + lowercase hex: {s}"
        );
        s.to_string()
    };

    let (success, setup, stderr) = json(&["setup"]);
    assert!(success, "{stderr}");
    assert_eq!(setup["development"], true);
    assert_eq!(setup["proving_key"], ".zkcred/presentation.pk");
    // The verifying key's hash is SHA-256 of the file, as sha256sum prints it.
    let sha = Command::new("sha256sum")
        .arg(d.join(".zkcred/presentation.vk"))
        .output()
        .unwrap();
    let sha = String::from_utf8(sha.stdout).unwrap();
    assert_eq!(hex0x(&setup["vk_sha256"]), format!("0x{}", &sha[..64]));

    let (success, keygen, _) = json(&["issuer", "keygen"]);
    assert!(success);
    let issuer = hex0x(&keygen["public_key"]);
    assert_eq!(issuer.len(), 66);
    assert_eq!(keygen["key_file"], ".zkcred/issuer.key");
    // A secret never goes to standard output.
    let (success, stdout, stderr) = zkcred(d, &["holder", "keygen", "--out", "-"]);
    assert!(!success);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.starts_with("error: a secret is never written to standard output"),
        "{stderr}"
    );
    assert!(!d.join("-").exists() && !d.join(".zkcred/holder.secret").exists());
    // --json and --out - both want standard output: a usage error.
    let (success, refused, stderr) = json(&["holder", "keygen", "--out", "-"]);
    assert!(!success);
    assert_eq!(refused["error"]["kind"], "usage");
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(message.contains("--json and --out -"), "{message}");
    assert_eq!(stderr.trim(), format!("error: {message}"));
    let (success, holder, _) = json(&["holder", "keygen"]);
    assert!(success);
    let commitment = hex0x(&holder["commitment"]);

    // `--out -`: the credential is standard output, the prose standard error.
    std::fs::write(d.join("schema.json"), SCHEMA).unwrap();
    std::fs::write(
        d.join("alice.json"),
        r#"{"birth_date": "1990-05-17", "nationality": "DE", "kyc_level": 2}"#,
    )
    .unwrap();
    let issue = [
        "issue",
        "--schema",
        "schema.json",
        "--subject",
        "alice.json",
        "--holder-commitment",
        &commitment,
        "--out",
        "-",
    ];
    let (success, stdout, stderr) = zkcred(d, &issue);
    assert!(success, "{stderr}");
    let credential: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(credential["credentialStatus"]["revocationIndex"], 0);
    assert!(stderr.contains("issued serial 0 to -"), "{stderr}");
    std::fs::write(d.join("alice.vc.json"), &stdout).unwrap();
    // ... and both at once are refused before anything is done.
    let (success, both, _) = json(&issue);
    assert!(!success);
    assert!(both["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--json and --out -"));

    // The printed key goes back in with its 0x, and without it.
    let mut request = request_args(&issuer, ".zkcred/registry.db", "-");
    let (success, stdout, _) = zkcred(d, &request);
    assert!(success);
    std::fs::write(d.join("request.json"), &stdout).unwrap();
    let bare = issuer[2..].to_string();
    request[4] = &bare;
    let (success, stdout, _) = zkcred(d, &request);
    assert!(success);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        doc["acceptedIssuers"][0]["publicKey"],
        bare.as_str(),
        "{doc}"
    );

    let (success, proved, stderr) = json(&prove_args(".zkcred/registry.db", "p.json"));
    assert!(success, "{stderr}");
    assert_eq!(proved["out"], "p.json");
    assert_eq!(proved["consent"]["predicates"].as_array().unwrap().len(), 1);
    assert!(proved["proving_ms"].as_u64().is_some());
    let (success, verified, _) = json(&[
        "verify",
        "--request",
        "request.json",
        "--presentation",
        "p.json",
    ]);
    assert!(success);
    assert_eq!(verified["verified"], true);
    assert_eq!(hex0x(&verified["issuer"]), issuer);
    hex0x(&verified["nullifier"]);

    // A failure keeps core's kind.
    let (success, missing, stderr) = json(&[
        "verify",
        "--request",
        "request.json",
        "--presentation",
        "nowhere.json",
    ]);
    assert!(!success);
    assert_eq!(missing["error"]["kind"], "io");
    assert_eq!(
        missing["error"]["message"],
        "No such file or directory: nowhere.json"
    );
    assert_eq!(
        stderr.trim(),
        "error: No such file or directory: nowhere.json"
    );
    let (success, root, _) = json(&["issuer", "root", "--registry", ".zkcred/registry.db"]);
    assert!(success);
    hex0x(&root["root"]);
}

/// `ceremony export` refuses a zkey that is not a ceremony key of the named
/// circuit (the snarkjs test-circuit vectors: another statement; the initial
/// key, whose delta is public) with one line and exit status 1, writing
/// nothing; `ceremony verify-proof` refuses malformed snarkjs files. (The
/// whole export, snarkjs's proofs and zkcred's, runs in
/// scripts/test-circom.sh.)
#[test]
fn ceremony_export_refuses_keys_of_other_circuits_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/vectors/circom");
    let final_zkey = vectors.join("cubic_final.zkey");
    let initial = vectors.join("cubic_0000.zkey");
    for circuit in ["presentation", "scorecard"] {
        fails_with_one_line(
            d,
            &[
                "ceremony",
                "export",
                "--zkey",
                final_zkey.to_str().unwrap(),
                "--circuit",
                circuit,
                "--out-dir",
                "keys",
            ],
            "wrong number of public inputs",
        );
    }
    fails_with_one_line(
        d,
        &[
            "ceremony",
            "export",
            "--zkey",
            initial.to_str().unwrap(),
            "--circuit",
            "scorecard",
            "--out-dir",
            "keys",
        ],
        "invalid key",
    );
    fails_with_one_line(
        d,
        &[
            "ceremony",
            "export",
            "--zkey",
            final_zkey.to_str().unwrap(),
            "--circuit",
            "cubic",
            "--out-dir",
            "keys",
        ],
        "unknown circuit",
    );
    assert!(!d.join("keys").exists(), "nothing is written");

    // verify-proof: a development key and snarkjs's files of another
    // circuit (2 public inputs, not the scorecard's 6): refused.
    ok(d, &["credit", "setup"]);
    let proof = vectors.join("cubic_proof.json");
    let public = vectors.join("cubic_public.json");
    let args = |proof: &Path| {
        vec![
            "ceremony".to_string(),
            "verify-proof".into(),
            "--circuit".into(),
            "scorecard".into(),
            "--vk".into(),
            ".zkcred/scorecard.vk".into(),
            "--proof".into(),
            proof.to_str().unwrap().into(),
            "--public".into(),
            public.to_str().unwrap().into(),
        ]
    };
    let a = args(&proof);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    fails_with_one_line(d, &a, "does not verify");
    std::fs::write(
        d.join("bad.json"),
        r#"{"protocol": "groth16", "pi_a": ["1", "3", "1"]}"#,
    )
    .unwrap();
    let a = args(&d.join("bad.json"));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    fails_with_one_line(d, &a, "snarkjs proof.json");
}

/// Keys named by hash (issue #13 point 4): an OpenID4VP request names the
/// verifying key by `vk_hash`; a holder whose proving key belongs to another
/// verifying key (here the keys of a second setup) refuses to prove, with a
/// one-line key error, and writes nothing.
#[test]
fn a_holder_refuses_a_proving_key_the_request_does_not_name() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["setup"]);
    let issuer = issued(d);
    openid4vp_request(d, &issuer, "oid.json", &["--response-uri", RESPONSE_URI]);
    ok(d, &["setup", "--out-dir", "other"]);
    let (success, _, err) = zkcred(
        d,
        &prove_openid4vp("oid.json", "resp.json", &["--pk", "other/presentation.pk"]),
    );
    assert!(!success);
    assert!(
        err.contains("error: invalid key: not the key the request names"),
        "{err}"
    );
    assert!(!d.join("resp.json").exists());
    // The request's own key proves.
    ok(d, &prove_openid4vp("oid.json", "resp.json", &[]));
    assert!(d.join("resp.json").exists());
}

#[test]
fn credential_migrate_rewrites_a_hex_proof_value_and_never_overwrites_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    issued(d);
    let current = std::fs::read_to_string(d.join("alice.vc.json")).unwrap();
    // The legacy form: the same signature in hex.
    edit_json(d, "alice.vc.json", "legacy.json", |v| {
        let sig: [u8; 64] = zkcred_core::credential::multibase::decode_fixed(
            v["proof"]["proofValue"].as_str().unwrap(),
        )
        .unwrap();
        v["proof"]["proofValue"] = hex::encode(sig).into();
        v["@context"] = serde_json::json!(["https://www.w3.org/ns/credentials/v2"]);
        v["credentialSchema"]["id"] = "kyc-basic@1".into();
    });
    let legacy = std::fs::read_to_string(d.join("legacy.json")).unwrap();
    // Reading it elsewhere says how to migrate.
    assert!(zkcred_core::Credential::from_json(&legacy)
        .unwrap_err()
        .to_string()
        .contains("zkcred credential migrate"));

    ok(
        d,
        &["credential", "migrate", "legacy.json", "--out", "new.json"],
    );
    assert_eq!(
        std::fs::read_to_string(d.join("new.json")).unwrap(),
        current
    );
    // An existing output is kept unless --force.
    std::fs::write(d.join("new.json"), "keep").unwrap();
    fails_with_one_line(
        d,
        &["credential", "migrate", "legacy.json", "--out", "new.json"],
        "new.json exists; pass --force",
    );
    assert_eq!(std::fs::read_to_string(d.join("new.json")).unwrap(), "keep");
    ok(
        d,
        &[
            "credential",
            "migrate",
            "legacy.json",
            "--out",
            "new.json",
            "--force",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(d.join("new.json")).unwrap(),
        current
    );
    // In place only with --force.
    fails_with_one_line(
        d,
        &["credential", "migrate", "legacy.json"],
        "pass --out FILE, or --force",
    );
    assert_eq!(
        std::fs::read_to_string(d.join("legacy.json")).unwrap(),
        legacy
    );
    ok(d, &["credential", "migrate", "legacy.json", "--force"]);
    assert_eq!(
        std::fs::read_to_string(d.join("legacy.json")).unwrap(),
        current
    );
    // To standard output.
    edit_json(d, "alice.vc.json", "legacy2.json", |v| {
        let sig: [u8; 64] = zkcred_core::credential::multibase::decode_fixed(
            v["proof"]["proofValue"].as_str().unwrap(),
        )
        .unwrap();
        v["proof"]["proofValue"] = hex::encode(sig).into();
        v["@context"] = serde_json::json!(["https://www.w3.org/ns/credentials/v2"]);
        v["credentialSchema"]["id"] = "kyc-basic@1".into();
    });
    let stdout = ok(d, &["credential", "migrate", "legacy2.json", "--out", "-"]);
    assert_eq!(stdout.trim_end(), current.trim_end());
    // A credential in today's format is not legacy.
    fails_with_one_line(
        d,
        &["credential", "migrate", "alice.vc.json", "--out", "x.json"],
        "not in the legacy format",
    );
    assert!(!d.join("x.json").exists());
}
