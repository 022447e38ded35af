//! The presentation circuit against its native twin
//! (`zkcred_circuits::presentation::check`): the circuit is satisfiable
//! exactly when the native check passes, on honest witnesses, on every kind
//! of false statement, and on random policies. Also pins the circuit's shape.

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcred_circuits::{
    eddsa::SecretKey,
    presentation::{
        self, circuit::PresentationCircuit, CredentialData, Policy, Predicate, PredicateKind,
        PredicateSlot, PublicInputs, StatementError, Witness, NUM_ATTRIBUTES, NUM_PREDICATES,
        NUM_PUBLIC_INPUTS, NUM_SET_TABLES, SET_TABLE_SIZE,
    },
    smt::{MemoryTree, REVOKED_LEAF},
    Fr,
};

/// The number of constraints of the presentation circuit. A change here is a
/// change of the circuit: new keys, new verifier contracts.
///
/// Version 2: 12,504, up 85 from version 1's 12,419: `issued <= now`
/// (67: a 65-bit decomposition and its top bit) and the tagged nullifier
/// `Poseidon(TAG, secret, scope)` with 3 inputs instead of 2 (18).
const PINNED_CONSTRAINTS: usize = 12_504;

fn satisfied(public: &PublicInputs, witness: &Witness) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    PresentationCircuit::new(public.clone(), witness.clone())
        .generate_constraints(cs.clone())
        .unwrap();
    cs.is_satisfied().unwrap()
}

/// An honest (public, witness) pair: 16 attributes (slot 3 is a hashed
/// string, the rest integers), a revocation tree with other revoked serials,
/// and a policy of predicates that hold.
fn honest(rng: &mut ChaCha20Rng) -> (PublicInputs, Witness, MemoryTree) {
    let issuer = SecretKey::generate(rng);
    let holder_secret = Fr::from(rng.gen::<u64>()) * Fr::from(rng.gen::<u64>());
    let mut attributes = [Fr::from(0u64); NUM_ATTRIBUTES];
    for (i, a) in attributes.iter_mut().enumerate() {
        *a = if i == 3 {
            Fr::from(rng.gen::<u64>()) * Fr::from(u64::MAX) * Fr::from(u64::MAX)
        } else {
            Fr::from(rng.gen::<u64>())
        };
    }
    attributes[0] = Fr::from((1u64 << 32) + 7_000); // a biased date
    let serial = rng.gen::<u32>();
    let credential = CredentialData {
        schema_id: Fr::from(77u64),
        serial,
        issued: 20_000,
        expiry: 20_500,
        holder_commitment: presentation::holder_commitment(&holder_secret),
        attributes,
    };
    let signature = issuer.sign(credential.hash());
    let mut tree = MemoryTree::new();
    for k in [
        serial ^ 1,
        serial ^ 4,
        serial.wrapping_add(1000),
        0,
        u32::MAX,
    ] {
        if k != serial {
            tree.set(k, REVOKED_LEAF);
        }
    }
    let v1 = presentation::to_u64(&attributes[1]).unwrap();
    let mut set_tables = [[Fr::from(5u64); SET_TABLE_SIZE]; NUM_SET_TABLES];
    set_tables[1][3] = attributes[3];
    set_tables[2][7] = attributes[2];
    let predicates = [
        Some(Predicate {
            attribute: 0,
            kind: PredicateKind::Range {
                lower: 0,
                upper: (1 << 32) + 7_000,
            },
            negate: false,
        }),
        Some(Predicate {
            attribute: 1,
            kind: PredicateKind::Range {
                lower: v1,
                upper: v1,
            },
            negate: false,
        }),
        Some(Predicate {
            attribute: 1,
            kind: PredicateKind::Range {
                lower: v1.wrapping_add(1),
                upper: u64::MAX,
            },
            negate: true,
        }),
        Some(Predicate {
            attribute: 3,
            kind: PredicateKind::Set { tables: 0b0010 },
            negate: false,
        }),
        Some(Predicate {
            attribute: 3,
            kind: PredicateKind::Set { tables: 0b1001 },
            negate: true,
        }),
        Some(Predicate {
            attribute: 2,
            kind: PredicateKind::Set { tables: 0b0110 },
            negate: false,
        }),
        None,
        Some(Predicate {
            attribute: 15,
            kind: PredicateKind::Range {
                lower: 0,
                upper: u64::MAX,
            },
            negate: false,
        }),
    ];
    let policy = Policy {
        schema_id: Fr::from(77u64),
        disclosure_mask: 0b1000_0000_0010_0010,
        predicates: predicates.map(|p| PredicateSlot::encode(p.as_ref())),
        set_tables,
    };
    let mut disclosed = [Fr::from(0u64); NUM_ATTRIBUTES];
    for i in [1, 5, 15] {
        disclosed[i] = attributes[i];
    }
    let scope = Fr::from(4242u64);
    let public = PublicInputs {
        nullifier: presentation::nullifier(&holder_secret, &scope),
        scope,
        challenge: Fr::from(rng.gen::<u64>()),
        now: 20_400,
        issuer_key_hash: presentation::issuer_key_hash(&issuer.public_key()),
        revocation_root: tree.root(),
        policy,
        disclosed,
    };
    let witness = Witness {
        credential,
        issuer_key: issuer.public_key(),
        signature,
        holder_secret,
        revocation_path: tree.path(serial),
    };
    (public, witness, tree)
}

#[test]
fn honest_witness_satisfies_and_the_shape_is_pinned() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let (public, witness, _) = honest(&mut rng);
    presentation::check(&public, &witness).unwrap();
    let cs = ConstraintSystem::<Fr>::new_ref();
    PresentationCircuit::new(public.clone(), witness)
        .generate_constraints(cs.clone())
        .unwrap();
    assert!(cs.is_satisfied().unwrap());
    assert_eq!(cs.num_instance_variables(), NUM_PUBLIC_INPUTS + 1);
    assert_eq!(public.to_field_elements().len(), NUM_PUBLIC_INPUTS);
    println!("presentation circuit: {} constraints", cs.num_constraints());
    assert_eq!(cs.num_constraints(), PINNED_CONSTRAINTS);
    // The blank circuit (key generation) has the same shape.
    let blank = ConstraintSystem::<Fr>::new_ref();
    blank.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
    PresentationCircuit::blank()
        .generate_constraints(blank.clone())
        .unwrap();
    assert_eq!(blank.num_constraints(), PINNED_CONSTRAINTS);
}

/// Applies `mutate`, then asserts the native check fails with `expected` and
/// the circuit is unsatisfied.
fn assert_false_statement(
    expected: StatementError,
    mutate: impl FnOnce(&mut PublicInputs, &mut Witness, &mut MemoryTree),
) {
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let (mut public, mut witness, mut tree) = honest(&mut rng);
    mutate(&mut public, &mut witness, &mut tree);
    assert_eq!(presentation::check(&public, &witness), Err(expected));
    assert!(
        !satisfied(&public, &witness),
        "{expected:?} must not satisfy the circuit"
    );
}

#[test]
fn false_statements_do_not_satisfy_the_circuit() {
    assert_false_statement(StatementError::HolderBinding, |_, w, _| {
        w.holder_secret += Fr::from(1u64)
    });
    assert_false_statement(StatementError::Nullifier, |p, _, _| {
        p.nullifier += Fr::from(1u64)
    });
    assert_false_statement(StatementError::Nullifier, |p, _, _| {
        p.scope += Fr::from(1u64)
    });
    // Version 1's untagged nullifier, and the scorecard's for the same scope.
    assert_false_statement(StatementError::Nullifier, |p, w, _| {
        p.nullifier = zkcred_circuits::poseidon::hash2(w.holder_secret, p.scope)
    });
    assert_false_statement(StatementError::Nullifier, |p, w, _| {
        p.nullifier = zkcred_circuits::scorecard::nullifier(&w.holder_secret, &p.scope)
    });
    assert_false_statement(StatementError::IssuerKey, |p, _, _| {
        p.issuer_key_hash += Fr::from(1u64)
    });
    assert_false_statement(StatementError::Schema, |p, _, _| {
        p.policy.schema_id += Fr::from(1u64)
    });
    // Forged: another key signs, or the credential changes after signing.
    assert_false_statement(StatementError::Signature, |p, w, _| {
        let forger = SecretKey::from_bytes([9; 32]);
        w.signature = forger.sign(w.credential.hash());
        let _ = p;
    });
    assert_false_statement(StatementError::Signature, |_, w, _| {
        w.credential.attributes[0] += Fr::from(1u64)
    });
    assert_false_statement(StatementError::Signature, |_, w, _| {
        w.credential.expiry += 1
    });
    assert_false_statement(StatementError::Signature, |_, w, _| {
        w.signature.s += ark_ed_on_bn254::Fr::from(1u64);
    });
    // The other issuer's key with its valid signature, but the requested key hash.
    assert_false_statement(StatementError::IssuerKey, |_, w, _| {
        let other = SecretKey::from_bytes([7; 32]);
        w.issuer_key = other.public_key();
        w.signature = other.sign(w.credential.hash());
    });
    assert_false_statement(StatementError::Expired, |p, _, _| p.now = 20_501);
    // Before the signed `issued` (validFrom), by a day and by much.
    assert_false_statement(StatementError::NotYetValid, |p, _, _| p.now = 19_999);
    assert_false_statement(StatementError::NotYetValid, |p, _, _| p.now = 0);
    assert_false_statement(StatementError::Revoked, |p, w, t| {
        t.set(w.credential.serial, REVOKED_LEAF);
        p.revocation_root = t.root();
        w.revocation_path = t.path(w.credential.serial);
    });
    assert_false_statement(StatementError::Revoked, |p, _, _| {
        p.revocation_root += Fr::from(1u64)
    });
    assert_false_statement(StatementError::Disclosure, |p, _, _| {
        p.disclosed[1] += Fr::from(1u64)
    });
    assert_false_statement(StatementError::Disclosure, |p, _, _| {
        p.disclosed[2] = Fr::from(1u64)
    });
    assert_false_statement(StatementError::Disclosure, |p, _, _| {
        p.policy.disclosure_mask ^= 1 << 7
    });
    // Each predicate slot, made false by a change of its bounds or tables.
    assert_false_statement(StatementError::Predicate(0), |p, _, _| {
        p.policy.predicates[0].upper = (1 << 32) + 6_999
    });
    assert_false_statement(StatementError::Predicate(1), |p, _, _| {
        p.policy.predicates[1].lower += 1
    });
    assert_false_statement(StatementError::Predicate(2), |p, _, _| {
        p.policy.predicates[2].lower -= 1
    });
    assert_false_statement(StatementError::Predicate(3), |p, _, _| {
        p.policy.set_tables[1][3] = Fr::from(5u64)
    });
    assert_false_statement(StatementError::Predicate(4), |p, w, _| {
        p.policy.set_tables[3][0] = w.credential.attributes[3]
    });
    assert_false_statement(StatementError::Predicate(5), |p, _, _| {
        p.policy.predicates[5].header &= !(0b0100 << 7)
    });
    assert_false_statement(StatementError::Predicate(7), |p, _, _| {
        p.policy.predicates[7].lower = u64::MAX
    });
    // A range test on a hashed (non-64-bit) value cannot be satisfied, negated or not.
    assert_false_statement(StatementError::PredicateNotInteger(6), |p, _, _| {
        p.policy.predicates[6] = PredicateSlot::encode(Some(&Predicate {
            attribute: 3,
            kind: PredicateKind::Range { lower: 0, upper: 0 },
            negate: true,
        }));
    });
}

#[test]
fn the_validity_window_is_inclusive() {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    let (mut public, witness, _) = honest(&mut rng);
    // `issued` and `expiry` themselves are valid days.
    for now in [witness.credential.issued, witness.credential.expiry] {
        public.now = now;
        assert_eq!(presentation::check(&public, &witness), Ok(()));
        assert!(satisfied(&public, &witness), "now = {now}");
    }
}

#[test]
fn random_policies_agree_with_the_native_check() {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let (public, witness, _) = honest(&mut rng);
    let attrs = witness.credential.attributes;
    let mut outcomes = [0usize; 2];
    for _ in 0..24 {
        let mut p = public.clone();
        for table in p.policy.set_tables.iter_mut() {
            for cell in table.iter_mut() {
                *cell = if rng.gen_bool(0.2) {
                    attrs[rng.gen_range(0..NUM_ATTRIBUTES)]
                } else {
                    Fr::from(rng.gen::<u16>())
                };
            }
        }
        for n in 0..NUM_PREDICATES {
            let attribute = rng.gen_range(0..NUM_ATTRIBUTES as u8);
            let v = presentation::to_u64(&attrs[attribute as usize]);
            // Most slots hold by construction, the rest are random.
            let fair = rng.gen_bool(0.75);
            let range_value = v.filter(|_| rng.gen_bool(0.5));
            let kind = if let Some(v) = range_value {
                let (lower, upper) = if fair {
                    (
                        v.saturating_sub(rng.gen_range(0..2)),
                        v.saturating_add(rng.gen_range(0..2)),
                    )
                } else {
                    (rng.gen(), rng.gen())
                };
                PredicateKind::Range { lower, upper }
            } else {
                let tables = rng.gen_range(1..16u8);
                if fair {
                    let t = tables.trailing_zeros() as usize;
                    p.policy.set_tables[t][rng.gen_range(0..SET_TABLE_SIZE)] =
                        attrs[attribute as usize];
                }
                PredicateKind::Set { tables }
            };
            let pred = Predicate {
                attribute,
                kind,
                negate: !fair && rng.gen_bool(0.5),
            };
            p.policy.predicates[n] = PredicateSlot::encode(rng.gen_bool(0.9).then_some(&pred));
        }
        let native = presentation::check(&p, &witness).is_ok();
        assert_eq!(native, satisfied(&p, &witness));
        outcomes[usize::from(native)] += 1;
    }
    assert!(
        outcomes[0] > 0 && outcomes[1] > 0,
        "both outcomes exercised: {outcomes:?}"
    );
}
