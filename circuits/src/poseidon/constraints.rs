//! The R1CS twin of [`crate::poseidon::hash`]: `3 * (t * ROUNDS_F + R_P) - 3`
//! constraints for `t = n + 1` (240 for two inputs, as circomlib): three per
//! S-box, less the first one, whose input (capacity cell plus a constant) is a
//! constant.
//!
//! The linear layers cost no constraints, but how their linear combinations
//! are built decides the prover's time: built as nested symbolic sums they
//! take arkworks hundreds of milliseconds to flatten for one presentation. So
//! the state is kept here as explicit coefficient vectors over the S-box
//! outputs (and inputs) it depends on, in the optimised form of the
//! permutation (sparse partial rounds, `O(t)` work each), and each S-box input
//! becomes one flat linear combination.

use ark_ff::{Field, Zero};
use ark_r1cs_std::{
    fields::{
        fp::{AllocatedFp, FpVar},
        FieldVar,
    },
    GR1CSVar,
};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError, Variable};

use crate::Fr;

use super::{params, ROUNDS_F};

/// A state cell: `constant + sum_k coeffs[k] * atoms[k]`.
#[derive(Clone)]
struct Lin {
    constant: Fr,
    coeffs: Vec<Fr>,
}

impl Lin {
    fn constant(c: Fr) -> Lin {
        Lin {
            constant: c,
            coeffs: Vec::new(),
        }
    }

    fn atom(k: usize) -> Lin {
        let mut coeffs = vec![Fr::zero(); k + 1];
        coeffs[k] = Fr::ONE;
        Lin {
            constant: Fr::zero(),
            coeffs,
        }
    }

    fn is_constant(&self) -> bool {
        self.coeffs.iter().all(Zero::is_zero)
    }

    /// `self += factor * other`.
    fn add_scaled(&mut self, factor: Fr, other: &Lin) {
        self.constant += factor * other.constant;
        if self.coeffs.len() < other.coeffs.len() {
            self.coeffs.resize(other.coeffs.len(), Fr::zero());
        }
        for (a, b) in self.coeffs.iter_mut().zip(&other.coeffs) {
            *a += factor * b;
        }
    }
}

/// The permutation's working state: cells over a list of atoms (variables).
struct State {
    cs: ConstraintSystemRef<Fr>,
    atoms: Vec<AllocatedFp<Fr>>,
    cells: Vec<Lin>,
}

impl State {
    /// Cell `i` as one flat linear combination (or a constant).
    fn materialize(&self, lin: &Lin) -> FpVar<Fr> {
        if lin.is_constant() {
            return FpVar::Constant(lin.constant);
        }
        let mut coeffs = Vec::with_capacity(lin.coeffs.len() + 1);
        let mut vars = Vec::with_capacity(lin.coeffs.len() + 1);
        for (c, atom) in lin.coeffs.iter().zip(&self.atoms) {
            if !c.is_zero() {
                coeffs.push(*c);
                vars.push(atom.clone());
            }
        }
        if !lin.constant.is_zero() {
            coeffs.push(lin.constant);
            vars.push(AllocatedFp::new(
                Some(Fr::ONE),
                Variable::One,
                self.cs.clone(),
            ));
        }
        FpVar::Var(AllocatedFp::linear_combination(coeffs, &vars).expect("at least one term"))
    }

    /// `x^5` of a cell, as a new atom (three constraints), or a constant.
    fn pow5(&mut self, lin: &Lin) -> Result<Lin, SynthesisError> {
        match self.materialize(lin) {
            FpVar::Constant(c) => Ok(Lin::constant(c.square().square() * c)),
            x => {
                let x4 = x.square()?.square()?;
                let FpVar::Var(x5) = x4 * &x else {
                    unreachable!("a product with a variable is a variable")
                };
                self.atoms.push(x5);
                Ok(Lin::atom(self.atoms.len() - 1))
            }
        }
    }

    /// S-box on every cell; the old atoms are no longer referenced.
    fn full_sbox(&mut self) -> Result<(), SynthesisError> {
        let cells = std::mem::take(&mut self.cells);
        let start = self.atoms.len();
        let mut out = Vec::with_capacity(cells.len());
        for cell in &cells {
            out.push(self.pow5(cell)?);
        }
        // Re-base on the new atoms only.
        let fresh: Vec<_> = self.atoms.drain(start..).collect();
        self.atoms = fresh;
        self.cells = out
            .into_iter()
            .map(|mut l| {
                if !l.is_constant() {
                    l.coeffs.drain(..start);
                }
                l
            })
            .collect();
        Ok(())
    }

    fn add_constants(&mut self, c: &[Fr]) {
        for (cell, c) in self.cells.iter_mut().zip(c) {
            cell.constant += c;
        }
    }

    /// `new[i] = sum_j m[j][i] * cell[j]`.
    fn mix(&mut self, m: &[Vec<Fr>]) {
        let t = self.cells.len();
        self.cells = (0..t)
            .map(|i| {
                let mut acc = Lin::constant(Fr::zero());
                for (j, cell) in self.cells.iter().enumerate() {
                    acc.add_scaled(m[j][i], cell);
                }
                acc
            })
            .collect();
    }
}

/// `Poseidon(inputs)` in the circuit; 1 to 16 inputs.
pub fn hash(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let p = params(inputs.len()).map_err(|_| SynthesisError::Unsatisfiable)?;
    let (t, o) = (p.t, &p.opt);
    let half = ROUNDS_F / 2;
    let cs = inputs.cs();
    if cs.is_none() {
        // Every input is a constant: so is the hash.
        let values = inputs
            .iter()
            .map(|x| x.value())
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(FpVar::Constant(
            super::hash(&values).expect("arity checked"),
        ));
    }
    let mut state = State {
        cs,
        atoms: Vec::new(),
        cells: vec![Lin::constant(Fr::zero())],
    };
    for x in inputs {
        match x {
            FpVar::Constant(c) => state.cells.push(Lin::constant(*c)),
            FpVar::Var(v) => {
                state.atoms.push(v.clone());
                state.cells.push(Lin::atom(state.atoms.len() - 1));
            }
        }
    }
    state.add_constants(&o.c[..t]);
    for r in 0..half - 1 {
        state.full_sbox()?;
        state.add_constants(&o.c[(r + 1) * t..(r + 2) * t]);
        state.mix(&o.m);
    }
    state.full_sbox()?;
    state.add_constants(&o.c[half * t..(half + 1) * t]);
    state.mix(&o.p);
    for r in 0..p.rounds_p {
        let cell0 = state.cells[0].clone();
        let mut x = state.pow5(&cell0)?;
        x.constant += o.c[(half + 1) * t + r];
        state.cells[0] = x;
        let row = &o.s[(2 * t - 1) * r..(2 * t - 1) * (r + 1)];
        let mut s0 = Lin::constant(Fr::zero());
        for (coeff, cell) in row[..t].iter().zip(&state.cells) {
            s0.add_scaled(*coeff, cell);
        }
        let cell0 = state.cells[0].clone();
        for k in 1..t {
            state.cells[k].add_scaled(row[t + k - 1], &cell0);
        }
        state.cells[0] = s0;
    }
    for r in 0..half - 1 {
        state.full_sbox()?;
        let base = (half + 1) * t + p.rounds_p + r * t;
        state.add_constants(&o.c[base..base + t]);
        state.mix(&o.m);
    }
    state.full_sbox()?;
    let mut out = Lin::constant(Fr::zero());
    for (j, cell) in state.cells.iter().enumerate() {
        out.add_scaled(o.m[j][0], cell);
    }
    Ok(state.materialize(&out))
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

    #[test]
    fn constant_and_mixed_inputs() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = Fr::from(3u64);
        let b = Fr::from(5u64);
        // All constant: a constant, no constraints.
        let out = hash(&[FpVar::constant(a), FpVar::constant(b)]).unwrap();
        assert!(out.is_constant());
        assert_eq!(out.value().unwrap(), super::super::hash2(a, b));
        assert_eq!(cs.num_constraints(), 0);
        // One constant, one witness.
        let w = FpVar::new_witness(cs.clone(), || Ok(b)).unwrap();
        let out = hash(&[FpVar::constant(a), w.clone()]).unwrap();
        assert_eq!(out.value().unwrap(), super::super::hash2(a, b));
        // A linear combination as input.
        let lc = &w + &w + FpVar::constant(a);
        let out = hash(&[lc, w]).unwrap();
        assert_eq!(out.value().unwrap(), super::super::hash2(b + b + a, b));
        assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn a_wrong_output_is_unsatisfiable() {
        use ark_r1cs_std::eq::EqGadget;
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).unwrap();
        let claimed =
            FpVar::new_input(cs.clone(), || Ok(super::super::hash1(Fr::from(2u64)))).unwrap();
        hash(&[x]).unwrap().enforce_equal(&claimed).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
