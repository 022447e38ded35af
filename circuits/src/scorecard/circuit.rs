//! The R1CS of the scorecard statement (see [`crate::scorecard`]).

use ark_ff::Field;
use ark_r1cs_std::{
    alloc::AllocVar,
    eq::EqGadget,
    fields::{fp::FpVar, FieldVar},
};
use ark_relations::{
    gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError},
    ns,
};

use super::{
    PublicInputs, Witness, HASH_RATE, LOWER_BITS, NUM_BINS, NUM_METRICS, NUM_PUBLIC_INPUTS,
    POINTS_BITS, SCORE_BITS,
};
use crate::{
    babyjubjub::constraints::PointVar,
    comparators::{self, VALUE_BITS},
    eddsa::constraints::{self as eddsa, SignatureVar},
    poseidon::constraints as poseidon,
    statement::{missing, public_inputs},
    Fr,
};

/// The scorecard statement as a Groth16 circuit. Both fields are `None` for
/// key generation; proving needs both.
#[derive(Clone, Debug, Default)]
pub struct ScorecardCircuit {
    /// The public inputs.
    pub public: Option<PublicInputs>,
    /// The private inputs.
    pub witness: Option<Witness>,
}

impl ScorecardCircuit {
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

/// The chained hash of [`super::hash_elements`] over variables.
fn hash_elements(elements: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let mut acc = FpVar::constant(Fr::from(elements.len() as u64));
    for chunk in elements.chunks(HASH_RATE) {
        let mut input = Vec::with_capacity(HASH_RATE + 1);
        input.push(acc);
        input.extend_from_slice(chunk);
        input.resize(HASH_RATE + 1, FpVar::zero());
        acc = poseidon::hash(&input)?;
    }
    Ok(acc)
}

impl ConstraintSynthesizer<Fr> for ScorecardCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let w = self.witness.as_ref();
        let inputs = self.public.as_ref().map(PublicInputs::to_field_elements);
        let pi = public_inputs(&cs, inputs.as_deref(), NUM_PUBLIC_INPUTS)?;
        let (nullifier, scope, challenge, now, issuer_key_hash, policy_hash) =
            (&pi[0], &pi[1], &pi[2], &pi[3], &pi[4], &pi[5]);

        let witness = |f: &dyn Fn(&Witness) -> Fr| {
            FpVar::new_witness(cs.clone(), || w.map(f).ok_or_else(missing))
        };
        let metrics = (0..NUM_METRICS)
            .map(|i| witness(&|w| Fr::from(w.credit.metrics[i])))
            .collect::<Result<Vec<_>, _>>()?;
        let issued = witness(&|w| Fr::from(w.credit.issued))?;
        let expiry = witness(&|w| Fr::from(w.credit.expiry))?;
        let currency = witness(&|w| w.credit.currency)?;
        let secret = witness(&|w| w.holder_secret)?;
        let issuer_key = PointVar::new_witness(ns!(cs, "issuer key"), || {
            w.map(|w| w.issuer_key.0).ok_or_else(missing)
        })?;
        let signature = SignatureVar::new_witness(ns!(cs, "signature"), || {
            w.map(|w| w.signature).ok_or_else(missing)
        })?;
        let tag = witness(&|w| w.model.tag)?;
        let id_hash = witness(&|w| w.model.id_hash)?;
        let version = witness(&|w| Fr::from(w.model.version))?;
        let cutoff = witness(&|w| Fr::from(w.model.cutoff))?;
        let mut lowers = Vec::with_capacity(NUM_METRICS * NUM_BINS);
        let mut points = Vec::with_capacity(NUM_METRICS * NUM_BINS);
        for m in 0..NUM_METRICS {
            for j in 0..NUM_BINS {
                lowers.push(witness(&|w| Fr::from(w.model.slots[m][j].0))?);
                points.push(witness(&|w| Fr::from(w.model.slots[m][j].1))?);
            }
        }

        // 6. Bind the challenge.
        let _ = challenge.square()?;

        // 1. Holder binding and nullifier.
        let holder_commitment = poseidon::hash(std::slice::from_ref(&secret))?;
        poseidon::hash2(&secret, scope)?.enforce_equal(nullifier)?;

        // 2. The provider's signature on the credit data.
        let mut message = vec![
            FpVar::constant(super::message_tag()),
            issued.clone(),
            expiry.clone(),
            currency.clone(),
            holder_commitment,
        ];
        message.extend(metrics.iter().cloned());
        let credit_hash = poseidon::hash(&message)?;
        poseidon::hash2(&issuer_key.x, &issuer_key.y)?.enforce_equal(issuer_key_hash)?;
        eddsa::verify(&issuer_key, &signature, &credit_hash)?;

        // 3. Validity: issued <= now <= expiry (64-bit days signed by the
        // provider; `now` is checked by the verifier).
        comparators::enforce_geq(&expiry, now, VALUE_BITS)?;
        comparators::enforce_geq(now, &issued, VALUE_BITS)?;

        // 4. The model is the policy's: ranges make the packing injective.
        let shift = Fr::from(2u64).pow([64]);
        let mut elements = vec![tag, id_hash, version, cutoff.clone()];
        for (lower, pts) in lowers.iter().zip(&points) {
            comparators::enforce_range(lower, LOWER_BITS)?;
            comparators::enforce_range(pts, POINTS_BITS)?;
            elements.push(lower + pts * shift);
        }
        let model_hash = hash_elements(&elements)?;
        poseidon::hash2(&model_hash, &currency)?.enforce_equal(policy_hash)?;

        // 5. The score reaches the cutoff.
        let mut score = FpVar::<Fr>::zero();
        for (m, metric) in metrics.iter().enumerate() {
            let mut previous = FpVar::<Fr>::zero();
            for j in 0..NUM_BINS {
                let k = m * NUM_BINS + j;
                let reached = comparators::is_geq(metric, &lowers[k], VALUE_BITS)?;
                let delta = &points[k] - &previous;
                score += FpVar::from(reached) * delta;
                previous = points[k].clone();
            }
        }
        comparators::enforce_range(&score, SCORE_BITS)?;
        comparators::enforce_range(&cutoff, SCORE_BITS)?;
        comparators::enforce_geq(&score, &cutoff, SCORE_BITS)?;
        Ok(())
    }
}
