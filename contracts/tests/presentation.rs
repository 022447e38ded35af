//! Real presentation proofs from zkcred-core, verified by the committed
//! contracts in revm: the registry's `verifyPresentation` (through the
//! `AgeGate` relying party and directly), the plain `Groth16Verifier`, and
//! every way a presentation must fail on chain: among them a proof made for
//! another contract's or another chain's scope, a policy naming a scope not
//! its relying party's, and an issuer accepted only as a credit-data provider.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use serde_json::json;
use zkcred_contracts::{
    evm::{Receipt, CHAIN_ID},
    zkcred::{self, error_selector, AgeGate, Verifier, ROLE_CREDIT_PROVIDER, ROLE_IDENTITY_ISSUER},
    ContractError,
};
use zkcred_core::{
    date::Date,
    holder::HolderSecret,
    issuer::{Issuer, IssuerKey},
    request::Op,
    solidity::{self, evm_scope, fr_word, policy_hash, policy_words, presentation_call, u64_word},
    verifier, PresentationRequest,
};

fn gas(label: &str, r: &Receipt) {
    assert!(r.success, "{label} must succeed");
    println!(
        "gas: {label}: {} total, {} execution (less 21,000 and call data)",
        r.gas_used,
        r.execution_gas()
    );
}

fn reverts_with(r: &Receipt, error: &str) {
    assert!(!r.success, "expected a revert with {error}");
    assert_eq!(
        r.revert_selector(),
        Some(error_selector(error)),
        "expected {error}"
    );
}

/// The over-18 policy hash in the gate's scope.
fn gate_policy_hash(w: &World, gate: &AgeGate) -> [u8; 32] {
    policy_hash(&policy_words(&w.scoped(&w.over18_request(), gate.0)).unwrap())
}

/// A world with an AgeGate for the over-18 policy (in the gate's own scope,
/// computed from the address it will have), and Alice's credential.
fn gate_world(seed: u64) -> (World, AgeGate, HolderSecret, zkcred_core::Credential) {
    let mut w = World::new(seed);
    let deployer = w.deployer;
    let registry = w.registry;
    let at = w.chain.next_address(deployer);
    let policy = policy_words(&w.scoped(&w.over18_request(), at)).unwrap();
    let (gate, r) = AgeGate::deploy(&mut w.chain, deployer, registry, &policy).unwrap();
    assert_eq!(gate.0, at);
    gas("deploy AgeGate (registers its policy)", &r);
    let alice = HolderSecret::generate(&mut rng(seed + 1));
    let cred = w.credential(&alice, "1990-05-17", "DE");
    (w, gate, alice, cred)
}

#[test]
fn age_gate_admits_a_valid_presentation_once() {
    let (mut w, gate, alice, cred) = gate_world(10);
    let user = w.chain.account(50);
    let request = w.bound(&w.over18_request(), gate.0, user);
    let p = w.prove(&request, &cred, &alice, 1);
    // The same proof verifies natively.
    verifier::verify(&request, &p, &keys().1).unwrap();
    let call = presentation_call(&request, &p).unwrap();
    assert!(!gate.admitted(&mut w.chain, user).unwrap());
    let r = gate.admit(&mut w.chain, user, &call).unwrap();
    gas("AgeGate.admit (verifyPresentation inside)", &r);
    assert!(gate.admitted(&mut w.chain, user).unwrap());
    // The registry's event names the relying party, the policy and the subject.
    let topic = solidity::keccak256(b"PresentationVerified(address,bytes32,address,uint256)");
    let event = r
        .logs
        .iter()
        .find(|(a, t, _)| *a == w.registry.0 && t[0] == topic)
        .expect("PresentationVerified");
    assert_eq!(event.1[1], zkcred_contracts::abi::address(&gate.0));
    assert_eq!(event.1[2], gate_policy_hash(&w, &gate));
    assert_eq!(event.1[3], zkcred_contracts::abi::address(&user));
    assert_eq!(event.2, fr_word(&p.nullifier).to_vec());

    // A reused nullifier: the same holder again, with a fresh proof for another address.
    let other = w.chain.account(51);
    let request2 = w.bound(&w.over18_request(), gate.0, other);
    let p2 = w.prove(&request2, &cred, &alice, 2);
    assert_eq!(p2.nullifier, p.nullifier);
    let r = gate
        .admit(
            &mut w.chain,
            other,
            &presentation_call(&request2, &p2).unwrap(),
        )
        .unwrap();
    reverts_with(&r, "NullifierUsed()");
    assert!(!gate.admitted(&mut w.chain, other).unwrap());
}

#[test]
fn tampered_proofs_changed_inputs_and_front_running_revert() {
    let (mut w, gate, alice, cred) = gate_world(20);
    let user = w.chain.account(50);
    let request = w.bound(&w.over18_request(), gate.0, user);
    solidity::check_evm_scope(&request, CHAIN_ID, &gate.0).unwrap();
    let p = w.prove(&request, &cred, &alice, 1);
    let call = presentation_call(&request, &p).unwrap();

    // A coordinate changed: A is no longer on the curve.
    let mut bad = call.clone();
    bad.proof[0][31] ^= 1;
    reverts_with(
        &gate.admit(&mut w.chain, user, &bad).unwrap(),
        "InvalidProof()",
    );
    // A and C swapped: valid points, wrong proof.
    let mut bad = call.clone();
    bad.proof.swap(0, 6);
    bad.proof.swap(1, 7);
    reverts_with(
        &gate.admit(&mut w.chain, user, &bad).unwrap(),
        "InvalidProof()",
    );
    // A coordinate at or above the field modulus.
    let mut bad = call.clone();
    bad.proof[1] = [0xff; 32];
    reverts_with(
        &gate.admit(&mut w.chain, user, &bad).unwrap(),
        "InvalidProof()",
    );
    // A changed public input: the nullifier.
    let mut bad = call.clone();
    bad.inputs[0][31] ^= 1;
    reverts_with(
        &gate.admit(&mut w.chain, user, &bad).unwrap(),
        "InvalidProof()",
    );
    // The nullifier plus the field order (the same point, another storage key).
    let mut bad = call.clone();
    let n = num_bigint::BigUint::from_bytes_be(&bad.inputs[0])
        + num_bigint::BigUint::parse_bytes(
            b"21888242871839275222246405745257275088548364400416034343698204186575808495617",
            10,
        )
        .unwrap();
    let bytes = n.to_bytes_be();
    bad.inputs[0] = [0u8; 32];
    bad.inputs[0][32 - bytes.len()..].copy_from_slice(&bytes);
    reverts_with(
        &gate.admit(&mut w.chain, user, &bad).unwrap(),
        "NotInField()",
    );
    // Someone else submits the proof seen in the mempool: the challenge binds the sender.
    let thief = w.chain.account(66);
    reverts_with(
        &gate.admit(&mut w.chain, thief, &call).unwrap(),
        "InvalidProof()",
    );
    // A proof made for another relying party (the challenge binds the contract too).
    let request_other = w.bound(&w.over18_request(), w.deployer, user);
    let p_other = w.prove(&request_other, &cred, &alice, 3);
    let r = gate
        .admit(
            &mut w.chain,
            user,
            &presentation_call(&request_other, &p_other).unwrap(),
        )
        .unwrap();
    reverts_with(&r, "InvalidProof()");
    // A proof with the gate's challenge but another contract's scope, or the
    // gate's address on another chain: the gate's scope is its own on this chain.
    for scope in [
        evm_scope(CHAIN_ID, &w.deployer).unwrap(),
        evm_scope(1, &gate.0).unwrap(),
        "age-gate.example/over-18".to_string(),
    ] {
        let foreign = PresentationRequest {
            scope,
            ..request.clone()
        };
        // A wallet about to call the gate refuses to prove for it...
        assert!(solidity::check_evm_scope(&foreign, CHAIN_ID, &gate.0).is_err());
        // ...and a proof made anyway does not verify there.
        let p = w.prove(&foreign, &cred, &alice, 4);
        verifier::verify(&foreign, &p, &keys().1).unwrap();
        reverts_with(
            &gate
                .admit(
                    &mut w.chain,
                    user,
                    &presentation_call(&foreign, &p).unwrap(),
                )
                .unwrap(),
            "InvalidProof()",
        );
    }
    // None of that used the nullifier: the genuine call still passes.
    gas(
        "AgeGate.admit",
        &gate.admit(&mut w.chain, user, &call).unwrap(),
    );
}

#[test]
fn unregistered_issuer_and_removed_issuer_revert() {
    let (mut w, gate, alice, _) = gate_world(30);
    let user = w.chain.account(50);
    // An issuer the registry never accepted (the request accepts it off chain).
    let mut rogue = Issuer::in_memory(IssuerKey::generate(&mut rng(31))).unwrap();
    let cred = rogue
        .issue(
            &w.schema,
            subject("1990-05-17", "DE", 3),
            alice.commitment(),
            w.today(),
            Date::from_days(w.today().days() + 10).unwrap(),
        )
        .unwrap();
    let request = w.bound(
        &w.over18_request()
            .accept_issuer(&rogue.key().public_key(), rogue.revocation_root().unwrap()),
        gate.0,
        user,
    );
    let path = rogue.non_revocation_path(cred.serial()).unwrap();
    let p =
        zkcred_core::holder::prove_with_rng(&request, &cred, &alice, &path, &keys().0, &mut rng(1))
            .unwrap();
    let call = presentation_call(&request, &p).unwrap();
    reverts_with(
        &gate.admit(&mut w.chain, user, &call).unwrap(),
        "UnregisteredIssuer()",
    );

    // The accepted issuer, removed by 2 of 3 owners: its proofs stop passing.
    let cred = w.credential(&alice, "1990-05-17", "DE");
    let request = w.bound(&w.over18_request(), gate.0, user);
    let call = presentation_call(&request, &w.prove(&request, &cred, &alice, 2)).unwrap();
    let kh = key_hash(&w.issuer);
    let id = w.registry.remove_issuer_id(&mut w.chain, kh).unwrap();
    for o in &w.owners[1..] {
        assert!(w.registry.approve(&mut w.chain, *o, id).unwrap().success);
    }
    let owner = w.owners[0];
    assert!(
        w.registry
            .remove_issuer(&mut w.chain, owner, kh)
            .unwrap()
            .success
    );
    reverts_with(
        &gate.admit(&mut w.chain, user, &call).unwrap(),
        "UnregisteredIssuer()",
    );
}

#[test]
fn a_just_replaced_root_passes_an_older_or_expired_one_fails() {
    let (mut w, gate, alice, cred) = gate_world(40);
    let (u1, u2, u3) = (
        w.chain.account(51),
        w.chain.account(52),
        w.chain.account(53),
    );
    // Proofs made against the current root R0.
    let prove_for = |w: &World, who| {
        let request = w.bound(&w.over18_request(), gate.0, who);
        presentation_call(&request, &w.prove(&request, &cred, &alice, 7)).unwrap()
    };
    let c1 = prove_for(&w, u1);
    let c2 = prove_for(&w, u2);
    let c3 = prove_for(&w, u3);
    let kh = key_hash(&w.issuer);
    // The issuer revokes another credential and publishes R1: R0 is "previous".
    let bob = HolderSecret::generate(&mut rng(41));
    let bob_cred = w.credential(&bob, "1991-01-01", "FR");
    w.issuer.revoke(bob_cred.serial()).unwrap();
    let r1 = root(&w.issuer);
    let updater = w.updater;
    let r = w
        .registry
        .set_revocation_root(&mut w.chain, updater, kh, r1)
        .unwrap();
    gas("setRevocationRoot", &r);
    // Nobody else may publish a root.
    let stranger = w.chain.account(77);
    reverts_with(
        &w.registry
            .set_revocation_root(&mut w.chain, stranger, kh, [7u8; 32])
            .unwrap(),
        "NotUpdater()",
    );
    let owner = w.owners[0];
    reverts_with(
        &w.registry
            .set_revocation_root(&mut w.chain, owner, kh, [7u8; 32])
            .unwrap(),
        "NotUpdater()",
    );
    // Just replaced: still passes.
    gas(
        "AgeGate.admit (previous root)",
        &gate.admit(&mut w.chain, u1, &c1).unwrap(),
    );
    // After the grace period (one hour), the previous root fails.
    let t = w.chain.timestamp();
    w.chain.set_timestamp(t + 3601);
    reverts_with(
        &gate.admit(&mut w.chain, u2, &c2).unwrap(),
        "StaleRevocationRoot()",
    );
    w.chain.set_timestamp(t);
    // Two replacements later, R0 is no longer the previous root.
    let carol = HolderSecret::generate(&mut rng(42));
    let carol_cred = w.credential(&carol, "1992-01-01", "IT");
    w.issuer.revoke(carol_cred.serial()).unwrap();
    let r2 = root(&w.issuer);
    assert!(
        w.registry
            .set_revocation_root(&mut w.chain, updater, kh, r2)
            .unwrap()
            .success
    );
    reverts_with(
        &gate.admit(&mut w.chain, u3, &c3).unwrap(),
        "StaleRevocationRoot()",
    );
    // A proof against the current root passes (another holder: Alice's
    // nullifier in this scope is spent).
    let dave = HolderSecret::generate(&mut rng(43));
    let dave_cred = w.credential(&dave, "1980-06-30", "IT");
    let request = w.bound(&w.over18_request(), gate.0, u3);
    let call = presentation_call(&request, &w.prove(&request, &dave_cred, &dave, 8)).unwrap();
    gas(
        "AgeGate.admit (current root)",
        &gate.admit(&mut w.chain, u3, &call).unwrap(),
    );
}

#[test]
fn now_must_be_today_or_yesterday_by_the_block_clock() {
    let (mut w, gate, alice, cred) = gate_world(50);
    let user = w.chain.account(50);
    let today = w.today();
    let at = |w: &World, days: i64| {
        let request = w
            .bound(&w.over18_request(), gate.0, user)
            .at(Date::from_days(today.days() + days).unwrap());
        presentation_call(&request, &w.prove(&request, &cred, &alice, 9)).unwrap()
    };
    let (before_yesterday, tomorrow, yesterday) = (at(&w, -2), at(&w, 1), at(&w, -1));
    reverts_with(
        &gate.admit(&mut w.chain, user, &before_yesterday).unwrap(),
        "StaleNow()",
    );
    reverts_with(
        &gate.admit(&mut w.chain, user, &tomorrow).unwrap(),
        "StaleNow()",
    );
    // Yesterday's proof (made just before midnight UTC) still passes.
    gas(
        "AgeGate.admit (now = yesterday)",
        &gate.admit(&mut w.chain, user, &yesterday).unwrap(),
    );
}

#[test]
fn unregistered_policies_revert() {
    let (mut w, gate, alice, cred) = gate_world(60);
    // A relying party that registered nothing calls the registry itself
    // with the gate's policy hash (and its own challenge).
    let rp = w.chain.account(70);
    let request = w.bound(&w.over18_request(), rp, rp);
    let call = presentation_call(&request, &w.prove(&request, &cred, &alice, 1)).unwrap();
    let hash = gate_policy_hash(&w, &gate);
    let registry = w.registry;
    reverts_with(
        &registry
            .verify_presentation(&mut w.chain, rp, hash, rp, &call)
            .unwrap(),
        "UnregisteredPolicy()",
    );
    // It cannot register the gate's policy: a policy's scope is its relying
    // party's own, so the gate's scope (and its nullifiers) are the gate's.
    let words = policy_words(&w.scoped(&w.over18_request(), gate.0)).unwrap();
    reverts_with(
        &registry.register_policy(&mut w.chain, rp, &words).unwrap(),
        "ForeignScope()",
    );
    // Nor a scope of its own choosing, nor its own address on another chain.
    for scope in ["rp.example/over-18".to_string(), evm_scope(1, &rp).unwrap()] {
        let words = policy_words(&PresentationRequest {
            scope,
            ..w.over18_request()
        })
        .unwrap();
        reverts_with(
            &registry.register_policy(&mut w.chain, rp, &words).unwrap(),
            "ForeignScope()",
        );
    }
    // Once it registers the policy in its own scope, its calls pass.
    let own = w.scoped(&w.over18_request(), rp);
    let words = policy_words(&own).unwrap();
    let hash = policy_hash(&words);
    let r = registry.register_policy(&mut w.chain, rp, &words).unwrap();
    gas("registerPolicy (over 18, nationality in 3 countries)", &r);
    assert_eq!(
        zkcred_contracts::abi::word(&r.output, 0),
        Some(hash),
        "Rust and Solidity agree on the policy hash"
    );
    let request = w.bound(&own, rp, rp);
    let call = presentation_call(&request, &w.prove(&request, &cred, &alice, 3)).unwrap();
    gas(
        "verifyPresentation (called by the relying party)",
        &registry
            .verify_presentation(&mut w.chain, rp, hash, rp, &call)
            .unwrap(),
    );
    // The gate's hash of a different policy (over 21) is not registered.
    let over21 = PresentationRequest {
        predicates: vec![],
        ..w.over18_request()
    }
    .require("birth_date", Op::AgeAtLeast, json!(21))
    .require("nationality", Op::In, json!(["DE", "FR", "IT"]));
    let request = w.bound(&over21, rp, rp);
    let call = presentation_call(&request, &w.prove(&request, &cred, &alice, 2)).unwrap();
    let over21_hash = policy_hash(&policy_words(&w.scoped(&over21, rp)).unwrap());
    reverts_with(
        &registry
            .verify_presentation(&mut w.chain, rp, over21_hash, rp, &call)
            .unwrap(),
        "UnregisteredPolicy()",
    );
}

#[test]
fn an_age_gate_deployed_with_another_scope_is_refused() {
    let mut w = World::new(65);
    let deployer = w.deployer;
    let registry = w.registry;
    // Its policy names the off-chain scope, another contract's, or the
    // gate's own address on another chain: the registry refuses each.
    let at = w.chain.next_address(deployer);
    for scope in [
        w.over18_request().scope,
        evm_scope(CHAIN_ID, &registry.0).unwrap(),
        evm_scope(1, &at).unwrap(),
    ] {
        let at = w.chain.next_address(deployer);
        let words = policy_words(&PresentationRequest {
            scope: scope.clone(),
            ..w.over18_request()
        })
        .unwrap();
        assert_ne!(scope, evm_scope(CHAIN_ID, &at).unwrap());
        match AgeGate::deploy(&mut w.chain, deployer, registry, &words) {
            Err(ContractError::Reverted(selector)) => {
                assert_eq!(selector, Some(error_selector("ForeignScope()")), "{scope}")
            }
            other => panic!("{scope}: expected ForeignScope, got {other:?}"),
        }
    }
    // The registry's scope of an address is the hash core gives its
    // `eip155:<chain id>:<address>` string.
    let at = w.chain.next_address(deployer);
    let own = w.scoped(&w.over18_request(), at);
    assert_eq!(
        registry.scope_of(&mut w.chain, at).unwrap(),
        fr_word(&zkcred_core::encoding::hash_string(&own.scope).unwrap())
    );
    let (gate, _) = AgeGate::deploy(
        &mut w.chain,
        deployer,
        registry,
        &policy_words(&own).unwrap(),
    )
    .unwrap();
    assert_eq!(gate.0, at);
}

#[test]
fn an_issuer_accepted_only_as_a_credit_provider_is_no_identity_issuer() {
    let (mut w, gate, alice, _) = gate_world(110);
    let user = w.chain.account(50);
    // A credit-data provider's key, accepted by 2 of 3 owners in that role
    // only, with a revocation root and an updater.
    let mut provider = Issuer::in_memory(IssuerKey::generate(&mut rng(111))).unwrap();
    let kh = key_hash(&provider);
    let provider_updater = w.chain.account(12);
    let owners = w.owners;
    let r = w
        .registry
        .approve_and_add_issuer(
            &mut w.chain,
            &owners[..2],
            kh,
            ROLE_CREDIT_PROVIDER,
            root(&provider),
            provider_updater,
        )
        .unwrap();
    assert!(r.success);
    assert_eq!(
        w.registry.issuer_roles(&mut w.chain, kh).unwrap(),
        ROLE_CREDIT_PROVIDER
    );
    // It signs itself an identity credential: a valid proof (natively), refused on chain.
    let cred = provider
        .issue(
            &w.schema,
            subject("1990-05-17", "DE", 3),
            alice.commitment(),
            Date::from_days(w.today().days() - 1).unwrap(),
            Date::from_days(w.today().days() + 10).unwrap(),
        )
        .unwrap();
    let request = w.bound(
        &w.over18_request().accept_issuer(
            &provider.key().public_key(),
            provider.revocation_root().unwrap(),
        ),
        gate.0,
        user,
    );
    let path = provider.non_revocation_path(cred.serial()).unwrap();
    let p =
        zkcred_core::holder::prove_with_rng(&request, &cred, &alice, &path, &keys().0, &mut rng(1))
            .unwrap();
    verifier::verify(&request, &p, &keys().1).unwrap();
    let call = presentation_call(&request, &p).unwrap();
    reverts_with(
        &gate.admit(&mut w.chain, user, &call).unwrap(),
        "NotIdentityIssuer()",
    );
    let hash = gate_policy_hash(&w, &gate);
    let registry = w.registry;
    assert!(!zkcred::proof_accepted(
        &registry
            .check_proof_tx(&mut w.chain, gate.0, hash, user, &call)
            .unwrap()
    ));
    assert!(!registry
        .accepts_issuer_root(&mut w.chain, kh, root(&provider))
        .unwrap());
    // Its updater cannot publish a revocation root either.
    reverts_with(
        &registry
            .set_revocation_root(&mut w.chain, provider_updater, kh, [7u8; 32])
            .unwrap(),
        "NotIdentityIssuer()",
    );
    // Accepted in both roles by a new 2-of-3 approval, the same proof passes.
    let r = registry
        .approve_and_add_issuer(
            &mut w.chain,
            &owners[1..],
            kh,
            ROLE_IDENTITY_ISSUER | ROLE_CREDIT_PROVIDER,
            root(&provider),
            provider_updater,
        )
        .unwrap();
    assert!(r.success);
    gas(
        "AgeGate.admit (an issuer in both roles)",
        &gate.admit(&mut w.chain, user, &call).unwrap(),
    );
}

#[test]
fn disclosed_values_are_checked_and_the_proof_check_costs_are_recorded() {
    let mut w = World::new(70);
    let alice = HolderSecret::generate(&mut rng(71));
    let cred = w.credential(&alice, "1990-05-17", "DE");
    let rp = w.chain.account(70);
    let user = w.chain.account(71);
    // A policy that discloses the KYC level and nationality, with no age rule.
    let template = PresentationRequest::new(w.schema.clone(), "bank.example/onboarding")
        .accept_issuer(
            &w.issuer.key().public_key(),
            w.issuer.revocation_root().unwrap(),
        )
        .require("kyc_level", Op::Gte, json!(2))
        .disclose("kyc_level")
        .disclose("nationality")
        .at(w.today());
    let words = policy_words(&w.scoped(&template, rp)).unwrap();
    let registry = w.registry;
    gas(
        "registerPolicy (kyc_level >= 2, 2 disclosed)",
        &registry.register_policy(&mut w.chain, rp, &words).unwrap(),
    );
    let hash = policy_hash(&words);
    let request = w.bound(&template, rp, user);
    let p = w.prove(&request, &cred, &alice, 1);
    let call = presentation_call(&request, &p).unwrap();
    assert_eq!(call.disclosed.len(), 2);
    assert_eq!(
        call.disclosed[1],
        u64_word(3),
        "kyc_level is slot 5, after nationality (slot 1)"
    );
    // A wrong disclosed value, a missing one, an extra one.
    let mut bad = call.clone();
    bad.disclosed[1] = u64_word(4);
    reverts_with(
        &registry
            .verify_presentation(&mut w.chain, rp, hash, user, &bad)
            .unwrap(),
        "InvalidProof()",
    );
    let mut bad = call.clone();
    bad.disclosed.pop();
    reverts_with(
        &registry
            .verify_presentation(&mut w.chain, rp, hash, user, &bad)
            .unwrap(),
        "BadDisclosed()",
    );
    let mut bad = call.clone();
    bad.disclosed.push([0u8; 32]);
    reverts_with(
        &registry
            .verify_presentation(&mut w.chain, rp, hash, user, &bad)
            .unwrap(),
        "BadDisclosed()",
    );
    // The proof check alone (the figure the 230k target is about).
    let r = registry
        .check_proof_tx(&mut w.chain, rp, hash, user, &call)
        .unwrap();
    assert!(zkcred::proof_accepted(&r));
    gas("checkProof (2 disclosed values)", &r);
    gas(
        "verifyPresentation (2 disclosed values)",
        &registry
            .verify_presentation(&mut w.chain, rp, hash, user, &call)
            .unwrap(),
    );
}

#[test]
fn proof_check_alone_for_the_age_policy() {
    let (mut w, gate, alice, cred) = gate_world(80);
    let user = w.chain.account(50);
    let request = w.bound(&w.over18_request(), gate.0, user);
    let call = presentation_call(&request, &w.prove(&request, &cred, &alice, 1)).unwrap();
    let hash = gate_policy_hash(&w, &gate);
    let registry = w.registry;
    let r = registry
        .check_proof_tx(&mut w.chain, gate.0, hash, user, &call)
        .unwrap();
    assert!(zkcred::proof_accepted(&r));
    gas(
        "checkProof (over 18: 5 per-proof inputs + the age cutoff)",
        &r,
    );
    let mut bad = call.clone();
    bad.inputs[1] = u64_word(w.chain.today() - 1);
    let r = registry
        .check_proof_tx(&mut w.chain, gate.0, hash, user, &bad)
        .unwrap();
    assert!(
        r.success && !zkcred::proof_accepted(&r),
        "another day is another cutoff"
    );
}

#[test]
fn the_plain_verifier_checks_all_80_inputs() {
    let (mut w, gate, alice, cred) = gate_world(90);
    let user = w.chain.account(50);
    let request = w.bound(&w.over18_request(), gate.0, user);
    let p = w.prove(&request, &cred, &alice, 1);
    let inputs: Vec<_> = verifier::public_inputs(&request, &p)
        .unwrap()
        .to_field_elements()
        .iter()
        .map(fr_word)
        .collect();
    assert_eq!(inputs.len(), 80);
    let deployer = w.deployer;
    let vk = solidity::evm_verifying_key(keys().1.as_ark());
    let (v, r) = Verifier::deploy(&mut w.chain, deployer, &vk).unwrap();
    gas("deploy Groth16Verifier (80 inputs)", &r);
    let proof = solidity::proof_words(&p.proof);
    let r = v
        .verify_proof_tx(&mut w.chain, user, &proof, &inputs)
        .unwrap();
    assert!(zkcred::proof_accepted(&r));
    gas(
        "Groth16Verifier.verifyProof (80 inputs, key at deployment)",
        &r,
    );
    for i in [0usize, 2, 5, 30, 79] {
        let mut bad = inputs.clone();
        bad[i][31] ^= 1;
        let r = v.verify_proof_tx(&mut w.chain, user, &proof, &bad).unwrap();
        assert!(
            r.success && !zkcred::proof_accepted(&r),
            "input {i} changed"
        );
    }
    let r = v
        .verify_proof_tx(&mut w.chain, user, &proof, &inputs[..79])
        .unwrap();
    assert!(!zkcred::proof_accepted(&r), "a missing input");
    let mut bad = proof;
    bad[2..6].rotate_left(1);
    let r = v
        .verify_proof_tx(&mut w.chain, user, &bad, &inputs)
        .unwrap();
    assert!(!zkcred::proof_accepted(&r), "B's coordinates out of order");
}

#[test]
fn on_chain_age_cutoffs_match_the_rust_calendar() {
    let mut w = World::new(100);
    let registry = w.registry;
    let mut days: Vec<i64> = (0..400).map(|k| 19_000 + 97 * k).collect();
    for s in [
        "2024-02-29",
        "2028-02-29",
        "2000-02-29",
        "2100-02-28",
        "2100-03-01",
        "2026-03-01",
        "1970-01-01",
    ] {
        days.push(Date::parse(s).unwrap().days());
    }
    for day in days {
        let date = Date::from_days(day).unwrap();
        for years in [0u32, 1, 18, 21, 100, 200] {
            let expected = zkcred_core::schema::encode_date(date.age_cutoff(years).unwrap());
            let got = registry
                .age_cutoff(&mut w.chain, day as u64, u64::from(years))
                .unwrap();
            assert_eq!(got, expected, "{date} minus {years} years");
        }
    }
}
