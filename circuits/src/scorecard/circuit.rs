//! The R1CS of the scorecard statement (see [`crate::scorecard`]).

use ark_ff::Field;
use ark_r1cs_std::{
    alloc::AllocVar,
    boolean::Boolean,
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
    comparators,
    eddsa::constraints::{self as eddsa, SignatureVar},
    poseidon::constraints as poseidon,
    statement::constraints::{
        self as statement, enforce_valid_on, holder_commitment, missing, public_inputs,
    },
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

/// One bin slot of a metric: `[metric >= lower]` and the slot's packed model
/// element `lower + points * 2^64` (statement steps 4 and 5).
///
/// Soundness of the packing without a range check on `lower`: the metric is
/// provider-signed, so below `2^50`, and the comparison decomposes
/// `metric - lower + 2^50` into 51 bits, which bounds `lower` to
/// `(metric - 2^50, metric + 2^50]`, inside `(-2^50, 2^51)`. With the
/// verifier's `lower_v < 2^50` and `points, points_v < 2^21` (enforced here),
/// equal packings give `lower_v - lower = (points - points_v) * 2^64` where
/// the left side is below `2^51` and the right side a multiple of `2^64`
/// below `2^85` in absolute value: both are 0, so the slot is exactly the
/// verifier's. (The unit test `a_repacked_slot_is_refused` tries it.)
pub(crate) fn slot(
    metric: &FpVar<Fr>,
    lower: &FpVar<Fr>,
    points: &FpVar<Fr>,
) -> Result<(Boolean<Fr>, FpVar<Fr>), SynthesisError> {
    let reached = comparators::is_geq(metric, lower, LOWER_BITS)?;
    comparators::enforce_range(points, POINTS_BITS)?;
    Ok((reached, lower + points * Fr::from(2u64).pow([64])))
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

        // 1. Holder binding and the tagged nullifier.
        let holder_commitment = holder_commitment(&secret)?;
        statement::nullifier(super::nullifier_tag(), &secret, scope)?.enforce_equal(nullifier)?;

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
        statement::issuer_key_hash(&issuer_key)?.enforce_equal(issuer_key_hash)?;
        eddsa::verify(&issuer_key, &signature, &credit_hash)?;

        // 3. Validity: issued <= now <= expiry (64-bit days signed by the
        // provider; `now` is checked by the verifier).
        enforce_valid_on(&issued, now, &expiry)?;

        // 4 and 5. Each slot: whether the metric reaches it, and its packed
        // element; the model is the policy's and the score reaches the cutoff.
        let mut elements = vec![tag, id_hash, version, cutoff.clone()];
        let mut score = FpVar::<Fr>::zero();
        for (m, metric) in metrics.iter().enumerate() {
            let mut previous = FpVar::<Fr>::zero();
            for j in 0..NUM_BINS {
                let k = m * NUM_BINS + j;
                let (reached, packed) = slot(metric, &lowers[k], &points[k])?;
                elements.push(packed);
                score += FpVar::from(reached) * (&points[k] - &previous);
                previous = points[k].clone();
            }
        }
        let model_hash = hash_elements(&elements)?;
        poseidon::hash2(&model_hash, &currency)?.enforce_equal(policy_hash)?;
        comparators::enforce_range(&score, SCORE_BITS)?;
        comparators::enforce_range(&cutoff, SCORE_BITS)?;
        comparators::enforce_geq(&score, &cutoff, SCORE_BITS)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use ark_ff::Field;
    use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;

    use super::slot;
    use crate::Fr;

    /// Whether a slot with these (field) values packs to `target` and the
    /// constraints hold; also returns `[metric >= lower]` as computed.
    fn try_slot(metric: u64, lower: Fr, points: Fr, target: Fr) -> (bool, bool) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let m = FpVar::new_witness(cs.clone(), || Ok(Fr::from(metric))).unwrap();
        let l = FpVar::new_witness(cs.clone(), || Ok(lower)).unwrap();
        let p = FpVar::new_witness(cs.clone(), || Ok(points)).unwrap();
        let (reached, packed) = slot(&m, &l, &p).unwrap();
        packed.enforce_equal(&FpVar::Constant(target)).unwrap();
        (cs.is_satisfied().unwrap(), reached.value().unwrap())
    }

    #[test]
    fn a_repacked_slot_is_refused() {
        let shift = Fr::from(2u64).pow([64]);
        let (lower, points) = (Fr::from(1_000_000u64), Fr::from(40u64));
        let packed = lower + points * shift;
        for metric in [0u64, 999_999, 1_000_000, (1 << 50) - 1] {
            // The verifier's slot: satisfied, and compared correctly.
            assert_eq!(
                try_slot(metric, lower, points, packed),
                (true, metric >= 1_000_000)
            );
            // The same packed element from another (lower, points): moving
            // the bound past every metric (or below zero) for a point.
            for k in [1u64, 2, 1 << 20] {
                let k = Fr::from(k);
                let up = try_slot(metric, lower + k * shift, points - k, packed);
                let down = try_slot(metric, lower - k * shift, points + k, packed);
                assert!(!up.0 && !down.0, "metric {metric}: a repacked slot holds");
            }
            // Points out of range with a compensating bound.
            let huge = points + Fr::from(1u64 << 21);
            let repacked = packed - huge * shift;
            assert!(!try_slot(metric, repacked, huge, packed).0);
        }
    }
}
