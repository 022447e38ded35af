//! The R1CS twin of [`crate::poseidon::hash`]: `3 * (t * ROUNDS_F + R_P) - 3`
//! constraints for `t = n + 1` (240 for two inputs, as circomlib): three per
//! S-box, less the first one, whose input (capacity cell plus a constant) is a
//! constant.

use ark_r1cs_std::fields::{fp::FpVar, FieldVar};
use ark_relations::gr1cs::SynthesisError;

use crate::Fr;

use super::params;

fn pow5(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// `Poseidon(inputs)` in the circuit; 1 to 16 inputs.
pub fn hash(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let p = params(inputs.len()).map_err(|_| SynthesisError::Unsatisfiable)?;
    let t = p.t;
    let mut state: Vec<FpVar<Fr>> = Vec::with_capacity(t);
    state.push(FpVar::zero());
    state.extend(inputs.iter().cloned());
    for r in 0..p.rounds() {
        for (s, c) in state.iter_mut().zip(&p.round_constants[r * t..(r + 1) * t]) {
            *s += *c;
        }
        if p.is_full_round(r) {
            for s in state.iter_mut() {
                *s = pow5(s)?;
            }
        } else {
            state[0] = pow5(&state[0])?;
        }
        state = p
            .mds
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&state)
                    .fold(FpVar::zero(), |acc, (m, s)| acc + s * *m)
            })
            .collect();
    }
    Ok(state.swap_remove(0))
}

/// `Poseidon(a, b)` in the circuit.
pub fn hash2(a: &FpVar<Fr>, b: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    hash(&[a.clone(), b.clone()])
}

#[cfg(test)]
mod tests {
    use ark_r1cs_std::{alloc::AllocVar, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;

    use super::*;

    #[test]
    fn gadget_matches_native_and_pins_constraints_for_every_arity() {
        let mut rng = ark_std::test_rng();
        for n in 1..=super::super::MAX_INPUTS {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let xs: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            let vars: Vec<_> = xs
                .iter()
                .map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap())
                .collect();
            let out = hash(&vars).unwrap();
            assert_eq!(
                out.value().unwrap(),
                super::super::hash(&xs).unwrap(),
                "arity {n}"
            );
            assert!(cs.is_satisfied().unwrap());
            let t = n + 1;
            let expected = 3 * (t * super::super::ROUNDS_F + super::super::ROUNDS_P[t - 2]) - 3;
            assert_eq!(cs.num_constraints(), expected, "arity {n}");
        }
    }
}
