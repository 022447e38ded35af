//! The verifier `zkcred export-verifier` writes (the key's points as
//! constants), compiled by solc and run in revm. It needs node and solc, so
//! `scripts/test-contracts.sh` runs it after exporting and compiling:
//!
//! ```sh
//! ZKCRED_EXPORT_DIR=target/contracts-export cargo test -p zkcred-contracts --test exported -- --ignored
//! ```
//!
//! `ZKCRED_EXPORT_DIR` holds `presentation.pk` / `presentation.vk` (from
//! `zkcred setup`) and `ZkcredGroth16Verifier.json` (the compiled export).

#[path = "support/fixtures.rs"]
mod fixtures;

use std::path::PathBuf;

use fixtures::*;
use zkcred_contracts::{
    evm::Chain,
    parse_artifact,
    zkcred::{proof_accepted, verify_proof_tx},
};
use zkcred_core::{
    holder::{self, HolderSecret},
    issuer::{Issuer, IssuerKey},
    keys::{ProvingKey, VerifyingKey},
    solidity::{self, fr_word},
    verifier,
};

#[test]
#[ignore = "needs the exported, solc-compiled verifier: run by scripts/test-contracts.sh"]
fn exported_verifier_accepts_a_real_proof_and_rejects_changed_inputs() {
    let dir = PathBuf::from(
        std::env::var("ZKCRED_EXPORT_DIR").expect("ZKCRED_EXPORT_DIR (see the module docs)"),
    );
    let pk = ProvingKey::from_bytes(&std::fs::read(dir.join("presentation.pk")).unwrap()).unwrap();
    let vk =
        VerifyingKey::from_bytes(&std::fs::read(dir.join("presentation.vk")).unwrap()).unwrap();
    // The exported source is what the exporter writes for this key.
    let source = std::fs::read_to_string(dir.join("ZkcredGroth16Verifier.sol")).unwrap();
    assert_eq!(source, solidity::verifier_source(&vk));
    let json = std::fs::read_to_string(dir.join("ZkcredGroth16Verifier.json")).unwrap();
    let artifact = parse_artifact("ZkcredGroth16Verifier", &json).unwrap();

    let mut chain = Chain::new();
    chain.set_timestamp(START);
    let deployer = chain.account(100);
    let (verifier_address, r) = chain.deploy(deployer, &artifact.bytecode, &[]).unwrap();
    println!(
        "gas: deploy ZkcredGroth16Verifier (exported, 80 inputs): {} total",
        r.gas_used
    );

    let mut issuer = Issuer::in_memory(IssuerKey::generate(&mut rng(300))).unwrap();
    let secret = HolderSecret::generate(&mut rng(301));
    let schema = zkcred_core::schema::Schema::from_json(SCHEMA).unwrap();
    let today = zkcred_core::date::Date::from_days(chain.today() as i64).unwrap();
    let cred = issuer
        .issue(
            &schema,
            subject("1990-05-17", "DE", 3),
            secret.commitment(),
            today,
            zkcred_core::date::Date::from_days(today.days() + 30).unwrap(),
        )
        .unwrap();
    let request = zkcred_core::PresentationRequest::new(schema, "export.example")
        .accept_issuer(
            &issuer.key().public_key(),
            issuer.revocation_root().unwrap(),
        )
        .require(
            "birth_date",
            zkcred_core::request::Op::AgeAtLeast,
            serde_json::json!(18),
        )
        .disclose("nationality")
        .at(today);
    let path = issuer.non_revocation_path(cred.serial()).unwrap();
    let p = holder::prove_with_rng(&request, &cred, &secret, &path, &pk, &mut rng(302)).unwrap();
    let inputs: Vec<_> = verifier::public_inputs(&request, &p)
        .unwrap()
        .to_field_elements()
        .iter()
        .map(fr_word)
        .collect();
    let proof = solidity::proof_words(&p.proof);
    let user = chain.account(50);
    let r = verify_proof_tx(&mut chain, user, verifier_address, &proof, &inputs).unwrap();
    assert!(proof_accepted(&r));
    println!(
        "gas: ZkcredGroth16Verifier.verifyProof (exported, 80 inputs): {} total, {} execution",
        r.gas_used,
        r.execution_gas()
    );
    for i in [0usize, 3, 8, 40, 79] {
        let mut bad = inputs.clone();
        bad[i][31] ^= 1;
        let r = verify_proof_tx(&mut chain, user, verifier_address, &proof, &bad).unwrap();
        assert!(r.success && !proof_accepted(&r), "input {i} changed");
    }
    let mut bad = proof;
    bad[6][31] ^= 1;
    let r = verify_proof_tx(&mut chain, user, verifier_address, &bad, &inputs).unwrap();
    assert!(!proof_accepted(&r), "a tampered proof");
    let r = verify_proof_tx(&mut chain, user, verifier_address, &proof, &inputs[1..]).unwrap();
    assert!(!proof_accepted(&r), "a missing input");
}
