//! The R1CS of the presentation statement (see [`crate::presentation`]).

use ark_r1cs_std::{
    alloc::AllocVar,
    boolean::Boolean,
    eq::EqGadget,
    fields::{fp::FpVar, FieldVar},
    select::CondSelectGadget,
};
use ark_relations::{
    gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError},
    ns,
};

use super::{
    PublicInputs, Witness, HEADER_BITS, NUM_ATTRIBUTES, NUM_PUBLIC_INPUTS, SET_TABLE_SIZE,
};
use crate::{
    babyjubjub::constraints::PointVar,
    comparators::{self, VALUE_BITS},
    eddsa::constraints::{self as eddsa, SignatureVar},
    poseidon::constraints as poseidon,
    smt::{
        self,
        constraints::{root_from_path, MerklePathVar},
    },
    statement::constraints::{
        self as statement, enforce_valid_on, holder_commitment, missing, public_inputs,
    },
    Fr,
};

/// The presentation statement as a Groth16 circuit. Both fields are `None`
/// for key generation; proving needs both.
#[derive(Clone, Debug, Default)]
pub struct PresentationCircuit {
    /// The public inputs.
    pub public: Option<PublicInputs>,
    /// The private inputs.
    pub witness: Option<Witness>,
}

impl PresentationCircuit {
    /// The circuit shape without values, for key generation.
    pub fn blank() -> Self {
        Self::default()
    }

    /// A circuit with its values, for proving.
    pub fn new(public: PublicInputs, witness: Witness) -> Self {
        Self {
            public: Some(public),
            witness: Some(witness),
        }
    }
}

impl ConstraintSynthesizer<Fr> for PresentationCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let w = self.witness.as_ref();
        let inputs = self.public.as_ref().map(PublicInputs::to_field_elements);

        // Public inputs, in the documented order.
        let pi = public_inputs(&cs, inputs.as_deref(), NUM_PUBLIC_INPUTS)?;
        let (nullifier, scope, challenge, now) = (&pi[0], &pi[1], &pi[2], &pi[3]);
        let (issuer_key_hash, revocation_root, schema_id, mask) = (&pi[4], &pi[5], &pi[6], &pi[7]);
        let disclosed = &pi[8..8 + NUM_ATTRIBUTES];
        let slots = &pi[8 + NUM_ATTRIBUTES..8 + NUM_ATTRIBUTES + 3 * super::NUM_PREDICATES];
        let tables = &pi[8 + NUM_ATTRIBUTES + 3 * super::NUM_PREDICATES..];

        // Private inputs.
        let cred = w.map(|w| &w.credential);
        let witness = |f: &dyn Fn(&Witness) -> Fr| {
            FpVar::new_witness(cs.clone(), || w.map(f).ok_or_else(missing))
        };
        let attributes = (0..NUM_ATTRIBUTES)
            .map(|i| {
                FpVar::new_witness(ns!(cs, "attribute"), || {
                    cred.map(|c| c.attributes[i]).ok_or_else(missing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let serial = witness(&|w| Fr::from(w.credential.serial))?;
        let issued = witness(&|w| Fr::from(w.credential.issued))?;
        let expiry = witness(&|w| Fr::from(w.credential.expiry))?;
        let secret = witness(&|w| w.holder_secret)?;
        let issuer_key = PointVar::new_witness(ns!(cs, "issuer key"), || {
            w.map(|w| w.issuer_key.0).ok_or_else(missing)
        })?;
        let signature = SignatureVar::new_witness(ns!(cs, "signature"), || {
            w.map(|w| w.signature).ok_or_else(missing)
        })?;
        let path = MerklePathVar::new_witness(ns!(cs, "revocation path"), || {
            w.map(|w| w.revocation_path.clone()).ok_or_else(missing)
        })?;

        // 7. Bind the challenge.
        let _ = challenge.square()?;

        // 1. Holder binding and the tagged nullifier.
        let holder_commitment = holder_commitment(&secret)?;
        statement::nullifier(super::nullifier_tag(), &secret, scope)?.enforce_equal(nullifier)?;

        // 2. The issuer's signature on the credential.
        let attributes_hash = poseidon::hash(&attributes)?;
        let credential_hash = poseidon::hash(&[
            schema_id.clone(),
            serial.clone(),
            issued.clone(),
            expiry.clone(),
            holder_commitment,
            attributes_hash,
        ])?;
        statement::issuer_key_hash(&issuer_key)?.enforce_equal(issuer_key_hash)?;
        eddsa::verify(&issuer_key, &signature, &credential_hash)?;

        // 3. Validity: issued <= now <= expiry (64-bit days signed by the
        // issuer; `now` is checked by the verifier).
        enforce_valid_on(&issued, now, &expiry)?;

        // 4. Non-revocation: the leaf at `serial` is empty.
        let serial_bits = comparators::to_bits_le(&serial, smt::KEY_BITS)?;
        root_from_path(&serial_bits, &FpVar::constant(smt::EMPTY_LEAF), &path)?
            .enforce_equal(revocation_root)?;

        // 5. Selective disclosure.
        let mask_bits = comparators::to_bits_le(mask, NUM_ATTRIBUTES)?;
        for ((bit, attribute), out) in mask_bits.iter().zip(&attributes).zip(disclosed) {
            attribute.mul_equals(&FpVar::from(bit.clone()), out)?;
        }

        // 6. Predicates.
        let tables: Vec<&[FpVar<Fr>]> = tables.chunks(SET_TABLE_SIZE).collect();
        for slot in slots.chunks(3) {
            enforce_predicate(&slot[0], &slot[1], &slot[2], &attributes, &tables)?;
        }
        Ok(())
    }
}

/// Enforces one predicate slot (see [`super::PredicateSlot`]).
fn enforce_predicate(
    header: &FpVar<Fr>,
    lower: &FpVar<Fr>,
    upper: &FpVar<Fr>,
    attributes: &[FpVar<Fr>],
    tables: &[&[FpVar<Fr>]],
) -> Result<(), SynthesisError> {
    let bits = comparators::to_bits_le(header, HEADER_BITS)?;
    let (index, enabled, is_set, negate, selected) =
        (&bits[0..4], &bits[4], &bits[5], &bits[6], &bits[7..11]);
    let value = comparators::mux(index, attributes)?;

    // Range test. Only enabled range slots feed the attribute to the
    // comparators, so a set test on a wide value (a hashed string) stays
    // satisfiable; a range test on such a value is not.
    let is_range = enabled & !is_set;
    let ranged = FpVar::from(is_range) * &value;
    let in_range = comparators::is_geq(&ranged, lower, VALUE_BITS)?
        & comparators::is_geq(upper, &ranged, VALUE_BITS)?;

    // Set test: membership in the union of the selected tables.
    let mut product = FpVar::<Fr>::one();
    for (table, select) in tables.iter().zip(selected) {
        let vanishing = comparators::vanishing_product(&value, table)?;
        product *= FpVar::conditionally_select(select, &vanishing, &FpVar::one())?;
    }
    let is_member = comparators::is_zero(&product)?;

    let outcome = Boolean::conditionally_select(is_set, &is_member, &in_range)? ^ negate;
    outcome.conditional_enforce_equal(&Boolean::TRUE, enabled)
}
