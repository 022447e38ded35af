//! The registry's governance: k-of-n owner approvals for issuer and owner
//! changes, in revm.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use zkcred_contracts::{
    evm::Receipt,
    zkcred::{error_selector, ROLE_CREDIT_PROVIDER, ROLE_IDENTITY_ISSUER},
};

fn reverts_with(r: &Receipt, error: &str) {
    assert!(!r.success, "expected a revert with {error}");
    assert_eq!(
        r.revert_selector(),
        Some(error_selector(error)),
        "expected {error}"
    );
}

#[test]
fn a_change_needs_k_approvals_from_distinct_current_owners() {
    let mut w = World::new(200);
    let registry = w.registry;
    let [o1, o2, o3] = w.owners;
    let stranger = w.chain.account(77);
    let (kh, root, updater) = ([5u8; 32], [6u8; 32], w.chain.account(78));
    let role = ROLE_IDENTITY_ISSUER;
    let id = registry
        .add_issuer_id(&mut w.chain, kh, role, root, updater)
        .unwrap();

    // A non-owner can neither approve nor execute without approvals.
    reverts_with(
        &registry.approve(&mut w.chain, stranger, id).unwrap(),
        "NotOwner()",
    );
    reverts_with(
        &registry
            .add_issuer(&mut w.chain, stranger, kh, role, root, updater)
            .unwrap(),
        "NotEnoughApprovals()",
    );
    // One owner, even approving twice, is one approval.
    let r = registry.approve(&mut w.chain, o1, id).unwrap();
    assert!(r.success);
    println!("gas: approve: {} total", r.gas_used);
    assert!(registry.approve(&mut w.chain, o1, id).unwrap().success);
    reverts_with(
        &registry
            .add_issuer(&mut w.chain, o1, kh, role, root, updater)
            .unwrap(),
        "NotEnoughApprovals()",
    );
    // Approvals are for exactly this change: other arguments need their own.
    assert!(registry.approve(&mut w.chain, o2, id).unwrap().success);
    reverts_with(
        &registry
            .add_issuer(&mut w.chain, o1, kh, role, [9u8; 32], updater)
            .unwrap(),
        "NotEnoughApprovals()",
    );
    // The role is part of the change: approved as an identity issuer, the
    // key cannot be added as a credit-data provider (or in both roles).
    for other in [
        ROLE_CREDIT_PROVIDER,
        ROLE_IDENTITY_ISSUER | ROLE_CREDIT_PROVIDER,
    ] {
        reverts_with(
            &registry
                .add_issuer(&mut w.chain, o1, kh, other, root, updater)
                .unwrap(),
            "NotEnoughApprovals()",
        );
    }
    assert_eq!(registry.issuer_roles(&mut w.chain, kh).unwrap(), 0);
    let r = registry
        .add_issuer(&mut w.chain, stranger, kh, role, root, updater)
        .unwrap();
    assert!(r.success, "anyone may execute an approved change");
    println!("gas: addIssuer (2 of 3 approved): {} total", r.gas_used);
    assert_eq!(
        registry.issuer_roles(&mut w.chain, kh).unwrap(),
        ROLE_IDENTITY_ISSUER
    );
    // Approvals are single-use: the same change again needs new ones.
    reverts_with(
        &registry
            .add_issuer(&mut w.chain, o1, kh, role, root, updater)
            .unwrap(),
        "NotEnoughApprovals()",
    );
    // Values outside the field are refused even when approved.
    let big = [0xffu8; 32];
    let id = registry
        .add_issuer_id(&mut w.chain, big, role, root, updater)
        .unwrap();
    assert!(registry.approve(&mut w.chain, o2, id).unwrap().success);
    assert!(registry.approve(&mut w.chain, o3, id).unwrap().success);
    reverts_with(
        &registry
            .add_issuer(&mut w.chain, o3, big, role, root, updater)
            .unwrap(),
        "NotInField()",
    );
    // So are no role and unknown role bits, even when approved.
    for bad in [0u64, 4, 7] {
        let id = registry
            .add_issuer_id(&mut w.chain, kh, bad, root, updater)
            .unwrap();
        assert!(registry.approve(&mut w.chain, o2, id).unwrap().success);
        assert!(registry.approve(&mut w.chain, o3, id).unwrap().success);
        reverts_with(
            &registry
                .add_issuer(&mut w.chain, o3, kh, bad, root, updater)
                .unwrap(),
            "BadRoles()",
        );
    }
}

#[test]
fn owner_changes_take_effect_and_removed_owners_lose_their_votes() {
    let mut w = World::new(210);
    let registry = w.registry;
    let [o1, o2, o3] = w.owners;
    let o4 = w.chain.account(4);
    // Bad owner sets are refused.
    for (owners, k) in [(vec![o1, o1], 1u64), (vec![o1, o2], 3), (vec![o1], 0)] {
        let id = registry.set_owners_id(&mut w.chain, &owners, k).unwrap();
        assert!(registry.approve(&mut w.chain, o1, id).unwrap().success);
        assert!(registry.approve(&mut w.chain, o2, id).unwrap().success);
        reverts_with(
            &registry.set_owners(&mut w.chain, o1, &owners, k).unwrap(),
            "BadOwners()",
        );
    }
    // o1 approves an issuer change that then waits.
    let (kh, root, updater) = ([5u8; 32], [6u8; 32], w.chain.account(78));
    // Owners become {o2, o3, o4}, 2 of 3.
    let new = [o2, o3, o4];
    let id = registry.set_owners_id(&mut w.chain, &new, 2).unwrap();
    assert!(registry.approve(&mut w.chain, o1, id).unwrap().success);
    assert!(registry.approve(&mut w.chain, o3, id).unwrap().success);
    let r = registry.set_owners(&mut w.chain, o1, &new, 2).unwrap();
    assert!(r.success);
    println!("gas: setOwners (3 owners): {} total", r.gas_used);
    // o1 is no longer an owner; o4 is.
    let id = registry
        .add_issuer_id(&mut w.chain, kh, ROLE_CREDIT_PROVIDER, root, updater)
        .unwrap();
    reverts_with(
        &registry.approve(&mut w.chain, o1, id).unwrap(),
        "NotOwner()",
    );
    assert!(registry.approve(&mut w.chain, o4, id).unwrap().success);
    reverts_with(
        &registry
            .add_issuer(&mut w.chain, o4, kh, ROLE_CREDIT_PROVIDER, root, updater)
            .unwrap(),
        "NotEnoughApprovals()",
    );
    assert!(registry.approve(&mut w.chain, o2, id).unwrap().success);
    assert!(
        registry
            .add_issuer(&mut w.chain, o4, kh, ROLE_CREDIT_PROVIDER, root, updater)
            .unwrap()
            .success
    );
}
