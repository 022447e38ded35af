//! The Solidity verifier `zkcred export-verifier` writes for keys exported
//! from a ceremony (`zkcred ceremony export`), compiled by solc and run in
//! revm, accepts the proof `snarkjs groth16 prove` made from the same final
//! zkey, and refuses it with a changed public input or a changed proof
//! (issue #13 point 4). It needs the ceremony, snarkjs, node and solc, so
//! `scripts/test-circom.sh` (its full ceremony section) runs it:
//!
//! ```sh
//! ZKCRED_EXPORT_SNARKJS_DIR=DIR cargo test -p zkcred-contracts --test exported_snarkjs -- --ignored
//! ```
//!
//! `DIR` holds `presentation.vk` (from `ceremony export`),
//! `ZkcredGroth16Verifier.sol` and `.json` (exported and compiled),
//! `proof.json` and `public.json` (from `snarkjs groth16 prove`).

use std::path::PathBuf;

use zkcred_contracts::{
    evm::Chain,
    parse_artifact,
    zkcred::{proof_accepted, verify_proof_tx},
};
use zkcred_core::{
    keys::VerifyingKey,
    snarkjs,
    solidity::{self, fr_word},
};

#[test]
#[ignore = "needs a ceremony's exported keys, snarkjs's proof and solc: run by scripts/test-circom.sh"]
fn the_exported_verifier_accepts_a_snarkjs_proof_from_the_ceremony_key() {
    let dir = PathBuf::from(
        std::env::var("ZKCRED_EXPORT_SNARKJS_DIR")
            .expect("ZKCRED_EXPORT_SNARKJS_DIR (see the module docs)"),
    );
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let vk = VerifyingKey::from_bytes(&read("presentation.vk")).unwrap();
    let source = String::from_utf8(read("ZkcredGroth16Verifier.sol")).unwrap();
    assert_eq!(source, solidity::verifier_source(&vk));
    let json = String::from_utf8(read("ZkcredGroth16Verifier.json")).unwrap();
    let artifact = parse_artifact("ZkcredGroth16Verifier", &json).unwrap();
    let proof =
        snarkjs::proof_from_json(&serde_json::from_slice(&read("proof.json")).unwrap()).unwrap();
    let inputs =
        snarkjs::public_from_json(&serde_json::from_slice(&read("public.json")).unwrap(), 80)
            .unwrap();
    // zkcred's verifier accepts it too.
    vk.verify(&proof, &inputs).unwrap();

    let mut chain = Chain::new();
    let deployer = chain.account(100);
    let (verifier, _) = chain.deploy(deployer, &artifact.bytecode, &[]).unwrap();
    let words: Vec<_> = inputs.iter().map(fr_word).collect();
    let proof = solidity::proof_words(&proof);
    let user = chain.account(50);
    let r = verify_proof_tx(&mut chain, user, verifier, &proof, &words).unwrap();
    assert!(proof_accepted(&r), "the snarkjs proof is refused in revm");
    println!(
        "gas: exported verifier, snarkjs proof (80 inputs): {} total",
        r.gas_used
    );
    let mut bad = words.clone();
    bad[0][31] ^= 1;
    let r = verify_proof_tx(&mut chain, user, verifier, &proof, &bad).unwrap();
    assert!(r.success && !proof_accepted(&r), "a changed input");
    let mut bad = proof;
    bad[6][31] ^= 1;
    let r = verify_proof_tx(&mut chain, user, verifier, &bad, &words).unwrap();
    assert!(!proof_accepted(&r), "a tampered proof");
}
