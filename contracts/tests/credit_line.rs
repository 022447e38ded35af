//! The `CreditLine` relying party with a real Groth16 proof of a statement
//! that has the credit scorecard's public-input layout, `[nullifier, scope,
//! challenge, now, issuer_key_hash, scorecard_hash]`, checked by the
//! committed `Groth16Verifier` deployed with that statement's key.
//!
//! The scorecard circuit itself is being written elsewhere; until it lands,
//! the statement here is a stand-in with the same public inputs (it proves
//! knowledge of a square root of `scorecard_hash`), which exercises every
//! check the contract makes: accepted issuer, fresh `now`, the challenge
//! bound to the borrower, the scorecard, one line per nullifier.

#[path = "support/fixtures.rs"]
mod fixtures;

use ark_bn254::Bn254;
use ark_groth16::Groth16;
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_snark::SNARK;
use fixtures::*;
use zkcred_contracts::{
    abi,
    evm::{Receipt, CHAIN_ID},
    zkcred::{error_selector, CreditLine, Verifier},
};
use zkcred_core::{
    solidity::{self, fr_word, keccak256, low_248_bits, u64_word, Word},
    Fr,
};

#[derive(Clone)]
struct ScorecardStandIn {
    inputs: [Fr; 6],
    root: Fr,
}

impl ConstraintSynthesizer<Fr> for ScorecardStandIn {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let vars = self
            .inputs
            .iter()
            .map(|x| FpVar::new_input(cs.clone(), || Ok(*x)))
            .collect::<Result<Vec<_>, _>>()?;
        let root = FpVar::new_witness(cs.clone(), || Ok(self.root))?;
        (&root * &root).enforce_equal(&vars[5])
    }
}

fn reverts_with(r: &Receipt, error: &str) {
    assert!(!r.success, "expected a revert with {error}");
    assert_eq!(
        r.revert_selector(),
        Some(error_selector(error)),
        "expected {error}"
    );
}

fn word_fr(w: &Word) -> Fr {
    use ark_ff::PrimeField;
    Fr::from_be_bytes_mod_order(w)
}

#[test]
fn credit_line_opens_for_a_valid_scorecard_proof_only() {
    let mut w = World::new(400);
    let mut r = rng(401);
    let blank = ScorecardStandIn {
        inputs: [Fr::from(0u64); 6],
        root: Fr::from(0u64),
    };
    let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(blank, &mut r).unwrap();
    let deployer = w.deployer;
    let (verifier, rc) =
        Verifier::deploy(&mut w.chain, deployer, &solidity::evm_verifying_key(&vk)).unwrap();
    println!(
        "gas: deploy Groth16Verifier (6 inputs): {} total",
        rc.gas_used
    );

    let scope = Fr::from(0x5c09e_u64);
    let card_root = Fr::from(123_456_789u64);
    let scorecard = card_root * card_root;
    let (line, rc) = CreditLine::deploy(
        &mut w.chain,
        deployer,
        verifier.0,
        w.registry,
        fr_word(&scope),
        fr_word(&scorecard),
        50_000,
    )
    .unwrap();
    println!("gas: deploy CreditLine: {} total", rc.gas_used);

    let borrower = w.chain.account(60);
    let challenge_for = |line: &CreditLine, who: &[u8; 20]| {
        let mut data = u64_word(CHAIN_ID).to_vec();
        data.extend(abi::address(&line.0));
        data.extend(abi::address(who));
        low_248_bits(&keccak256(&data))
    };
    let issuer = word_fr(&key_hash(&w.issuer));
    let today = w.chain.today();
    let prove = |nullifier: u64, who: &[u8; 20], now: u64, issuer: Fr, root: Fr, seed: u64| {
        let inputs = [
            Fr::from(nullifier),
            scope,
            challenge_for(&line, who),
            Fr::from(now),
            issuer,
            root * root,
        ];
        let proof = Groth16::<Bn254>::prove(&pk, ScorecardStandIn { inputs, root }, &mut rng(seed))
            .unwrap();
        (
            solidity::proof_words_ark(&proof),
            [u64_word(nullifier), u64_word(now), fr_word(&issuer)],
        )
    };

    // Every refusal first, then the line opens, then the nullifier is spent.
    let (proof, inputs) = prove(77, &borrower, today, issuer, card_root, 1);
    let thief = w.chain.account(66);
    reverts_with(
        &line.open(&mut w.chain, thief, &proof, &inputs).unwrap(),
        "InvalidProof()",
    );
    let mut bad = proof;
    bad[6][31] ^= 1;
    reverts_with(
        &line.open(&mut w.chain, borrower, &bad, &inputs).unwrap(),
        "InvalidProof()",
    );
    let mut bad_inputs = inputs;
    bad_inputs[0] = u64_word(78);
    reverts_with(
        &line
            .open(&mut w.chain, borrower, &proof, &bad_inputs)
            .unwrap(),
        "InvalidProof()",
    );
    // Another scorecard (a proof that another hash passes).
    let (p2, i2) = prove(77, &borrower, today, issuer, Fr::from(5u64), 2);
    reverts_with(
        &line.open(&mut w.chain, borrower, &p2, &i2).unwrap(),
        "InvalidProof()",
    );
    // An issuer the registry does not accept.
    let (p3, i3) = prove(77, &borrower, today, Fr::from(999u64), card_root, 3);
    reverts_with(
        &line.open(&mut w.chain, borrower, &p3, &i3).unwrap(),
        "UnregisteredIssuer()",
    );
    // A stale `now`.
    let (p4, i4) = prove(77, &borrower, today - 2, issuer, card_root, 4);
    reverts_with(
        &line.open(&mut w.chain, borrower, &p4, &i4).unwrap(),
        "StaleNow()",
    );

    assert_eq!(line.credit_limit(&mut w.chain, borrower).unwrap(), 0);
    let rc = line.open(&mut w.chain, borrower, &proof, &inputs).unwrap();
    assert!(rc.success);
    println!(
        "gas: CreditLine.open (6 inputs, registry issuer check): {} total, {} execution",
        rc.gas_used,
        rc.execution_gas()
    );
    assert_eq!(line.credit_limit(&mut w.chain, borrower).unwrap(), 50_000);
    // The same nullifier again, even with a fresh proof for another address.
    let other = w.chain.account(61);
    let (p5, i5) = prove(77, &other, today, issuer, card_root, 5);
    reverts_with(
        &line.open(&mut w.chain, other, &p5, &i5).unwrap(),
        "NullifierUsed()",
    );
}
