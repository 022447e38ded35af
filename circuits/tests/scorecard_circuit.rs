//! The scorecard circuit against its native twin
//! (`zkcred_circuits::scorecard::check`): the circuit is satisfiable exactly
//! when the native check passes, on an honest witness and on every kind of
//! false statement. Also pins the circuit's shape and runs Groth16 once.

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisMode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcred_circuits::{
    eddsa::SecretKey,
    presentation,
    scorecard::{
        check, circuit::ScorecardCircuit, nullifier, policy_hash, BinnedModel, CreditData,
        PublicInputs, ScorecardError, Witness, NUM_BINS, NUM_METRICS,
    },
    statement::{holder_commitment, issuer_key_hash},
    Fr,
};

/// The number of constraints of the scorecard circuit. A change here is a
/// change of the circuit: new keys, new verifier contracts.
///
/// Version 2: 11,831, up 18 from version 1's 11,813: the tagged nullifier
/// `Poseidon(TAG, secret, scope)` with 3 inputs instead of 2 (the validity
/// window `issued <= now <= expiry` was already checked).
const PINNED_CONSTRAINTS: usize = 11_831;

fn satisfied(public: &PublicInputs, witness: &Witness) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    match ScorecardCircuit::new(public.clone(), witness.clone()).generate_constraints(cs.clone()) {
        Ok(()) => cs.is_satisfied().unwrap(),
        Err(_) => false,
    }
}

/// Years in business: 0-1 -> 0, 2-4 -> 20, 5+ -> 40; defaults: 0 -> 30, 1+ -> 0;
/// on-time bps: 0-8999 -> 0, 9000-9499 -> 10, 9500+ -> 25. Cutoff 80.
fn model() -> BinnedModel {
    let mut slots = [[(0u64, 0u64); NUM_BINS]; NUM_METRICS];
    let fill = |bins: &[(u64, u64)]| {
        let mut s = [(0, 0); NUM_BINS];
        for (j, slot) in s.iter_mut().enumerate() {
            *slot = bins[j.min(bins.len() - 1)];
        }
        s
    };
    slots[2] = fill(&[(0, 0), (9_000, 10), (9_500, 25)]);
    slots[4] = fill(&[(0, 0), (2, 20), (5, 40)]);
    slots[5] = fill(&[(0, 30), (1, 0)]);
    BinnedModel {
        tag: Fr::from(11u64),
        id_hash: Fr::from(12u64),
        version: 1,
        cutoff: 80,
        slots,
    }
}

const EUR: u64 = 0x45_55_52;

fn honest(rng: &mut ChaCha20Rng) -> (PublicInputs, Witness, SecretKey) {
    let provider = SecretKey::generate(rng);
    let holder_secret = Fr::from(rng.gen::<u64>()) * Fr::from(rng.gen::<u64>());
    let credit = CreditData {
        issued: 20_400,
        expiry: 20_500,
        currency: Fr::from(EUR),
        holder_commitment: holder_commitment(&holder_secret),
        metrics: [240_000_000, 18_000_000, 9_750, 35_000_000, 6, 0],
    };
    let signature = provider.sign(credit.hash());
    let scope = Fr::from(4242u64);
    let m = model();
    let public = PublicInputs {
        nullifier: nullifier(&holder_secret, &scope),
        scope,
        challenge: Fr::from(rng.gen::<u64>()),
        now: 20_450,
        issuer_key_hash: issuer_key_hash(&provider.public_key()),
        policy_hash: policy_hash(m.hash(), Fr::from(EUR)),
    };
    let witness = Witness {
        credit,
        issuer_key: provider.public_key(),
        signature,
        holder_secret,
        model: m,
    };
    (public, witness, provider)
}

#[test]
fn constraint_count_is_pinned() {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    ScorecardCircuit::blank()
        .generate_constraints(cs.clone())
        .unwrap();
    assert_eq!(cs.num_instance_variables(), 1 + 6);
    assert_eq!(cs.num_constraints(), PINNED_CONSTRAINTS);
}

#[test]
fn honest_witness_satisfies_the_circuit() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let (public, witness, _) = honest(&mut rng);
    assert_eq!(check(&public, &witness), Ok(()));
    assert_eq!(
        witness.model.score(&witness.credit.metrics),
        Some(25 + 40 + 30)
    );
    assert!(satisfied(&public, &witness));
}

#[test]
fn every_false_statement_is_unsatisfiable() {
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let (public, witness, provider) = honest(&mut rng);
    type Case = (&'static str, ScorecardError, PublicInputs, Witness);
    let mut cases: Vec<Case> = Vec::new();
    let mut add = |name, err, f: &dyn Fn(&mut PublicInputs, &mut Witness)| {
        let (mut p, mut w) = (public.clone(), witness.clone());
        f(&mut p, &mut w);
        cases.push((name, err, p, w));
    };
    add("score below the cutoff", ScorecardError::Cutoff, &|p, w| {
        w.model.cutoff = 96;
        p.policy_hash = policy_hash(w.model.hash(), w.credit.currency);
    });
    add(
        "a metric altered after signing",
        ScorecardError::Signature,
        &|_, w| {
            w.credit.metrics[4] = 60;
        },
    );
    add("another issuer", ScorecardError::IssuerKey, &|p, _| {
        p.issuer_key_hash += Fr::from(1u64);
    });
    add("another scorecard hash", ScorecardError::Policy, &|p, _| {
        p.policy_hash += Fr::from(1u64);
    });
    add("another currency", ScorecardError::Policy, &|p, w| {
        p.policy_hash = policy_hash(w.model.hash(), Fr::from(0x55_53_44u64));
    });
    add("expired", ScorecardError::Expired, &|p, _| p.now = 20_501);
    add("not yet valid", ScorecardError::Expired, &|p, _| {
        p.now = 20_399
    });
    add("another scope", ScorecardError::Nullifier, &|p, _| {
        p.scope += Fr::from(1u64);
    });
    add(
        "version 1's untagged nullifier",
        ScorecardError::Nullifier,
        &|p, w| {
            p.nullifier = zkcred_circuits::poseidon::hash2(w.holder_secret, p.scope);
        },
    );
    add(
        "the identity presentation's nullifier",
        ScorecardError::Nullifier,
        &|p, w| {
            p.nullifier = presentation::nullifier(&w.holder_secret, &p.scope);
        },
    );
    add("another holder", ScorecardError::HolderBinding, &|_, w| {
        w.holder_secret += Fr::from(1u64);
    });
    add(
        "a slot out of range",
        ScorecardError::ModelRange,
        &|p, w| {
            w.model.slots[0][7].1 = 1 << 21;
            p.policy_hash = policy_hash(w.model.hash(), w.credit.currency);
        },
    );
    add(
        "a lower bound out of range",
        ScorecardError::ModelRange,
        &|p, w| {
            // Past `metric + 2^50`, where the comparison's bits run out.
            w.model.slots[1][7].0 = 1 << 60;
            p.policy_hash = policy_hash(w.model.hash(), w.credit.currency);
        },
    );
    // A re-signed metric below its bin: the provider's data changed honestly.
    let mut low = witness.clone();
    low.credit.metrics[4] = 1;
    low.credit.metrics[5] = 1;
    low.signature = provider.sign(low.credit.hash());
    cases.push((
        "a lower score, re-signed",
        ScorecardError::Cutoff,
        public.clone(),
        low,
    ));
    // A metric past the schema's range, re-signed by the provider.
    let mut huge = witness.clone();
    huge.credit.metrics[0] = 1 << 50;
    huge.signature = provider.sign(huge.credit.hash());
    cases.push((
        "a metric out of range, re-signed",
        ScorecardError::MetricRange,
        public.clone(),
        huge,
    ));
    for (name, err, p, w) in cases {
        assert_eq!(check(&p, &w), Err(err), "{name}");
        assert!(
            !satisfied(&p, &w),
            "{name}: the circuit accepts a false statement"
        );
    }
    // The challenge changes nothing in the witness: still satisfiable.
    let mut p = public.clone();
    p.challenge = Fr::from(99u64);
    assert!(satisfied(&p, &witness));
}

#[test]
fn identity_and_credit_nullifiers_differ_for_one_secret_and_scope() {
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    for _ in 0..8 {
        let secret = Fr::from(rng.gen::<u64>()) * Fr::from(rng.gen::<u64>());
        let scope = Fr::from(rng.gen::<u64>());
        assert_ne!(
            nullifier(&secret, &scope),
            presentation::nullifier(&secret, &scope)
        );
    }
    assert_ne!(
        zkcred_circuits::scorecard::nullifier_tag(),
        presentation::nullifier_tag()
    );
}

#[test]
fn groth16_proves_and_verifies_once() {
    use ark_bn254::Bn254;
    use ark_groth16::Groth16;
    use ark_snark::SNARK;
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let (public, witness, _) = honest(&mut rng);
    let (pk, vk) =
        Groth16::<Bn254>::circuit_specific_setup(ScorecardCircuit::blank(), &mut rng).unwrap();
    let proof = Groth16::<Bn254>::prove(
        &pk,
        ScorecardCircuit::new(public.clone(), witness),
        &mut rng,
    )
    .unwrap();
    let inputs = public.to_field_elements();
    assert!(Groth16::<Bn254>::verify(&vk, &inputs, &proof).unwrap());
    let mut other = inputs.clone();
    other[2] += Fr::from(1u64); // another challenge
    assert!(!Groth16::<Bn254>::verify(&vk, &other, &proof).unwrap());
}
