//! Poseidon over the BN254 scalar field, bit-compatible with circomlib's
//! `Poseidon(n)` template and circomlibjs's `poseidon` for 1 to 16 inputs.
//!
//! Parameters (the Poseidon paper, eprint 2019/458, table 2 and 8, as circomlib
//! instantiates them): width `t = n + 1`, S-box `x^5`, 8 full rounds, and
//! `R_P = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68][t - 2]`
//! partial rounds. The state starts as `[0, inputs...]`; every round adds the
//! round constants, applies the S-box (to all cells in the first and last four
//! rounds, to cell 0 otherwise) and multiplies by the MDS matrix; the output is
//! cell 0. The round constants and matrices are circomlibjs's own
//! (`poseidon_constants.json`), stored in `poseidon/constants.bin` by
//! `scripts/vectors/gen-poseidon.mjs`, and checked against circomlibjs outputs in
//! `tests/vectors/poseidon.json`.

pub mod constraints;

use std::sync::OnceLock;

use ark_ff::{Field, PrimeField};

use crate::{CircuitError, Fr};

/// Largest number of inputs one Poseidon call takes (width 17).
pub const MAX_INPUTS: usize = 16;
/// Full rounds, for every width.
pub const ROUNDS_F: usize = 8;
/// Partial rounds for width `t`, at index `t - 2`.
pub const ROUNDS_P: [usize; MAX_INPUTS] = [
    56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68,
];

static CONSTANTS_BIN: &[u8] = include_bytes!("poseidon/constants.bin");

/// Round constants and MDS matrix for one width.
#[derive(Debug)]
pub struct Params {
    /// State width `t` (inputs + 1).
    pub t: usize,
    /// Partial rounds.
    pub rounds_p: usize,
    /// `t * (ROUNDS_F + rounds_p)` round constants, `t` per round.
    pub round_constants: Vec<Fr>,
    /// The `t x t` MDS matrix, row-major.
    pub mds: Vec<Vec<Fr>>,
}

impl Params {
    /// Total number of rounds.
    pub fn rounds(&self) -> usize {
        ROUNDS_F + self.rounds_p
    }

    /// Whether round `r` is a full round (S-box on every cell).
    pub fn is_full_round(&self, r: usize) -> bool {
        r < ROUNDS_F / 2 || r >= ROUNDS_F / 2 + self.rounds_p
    }
}

fn all_params() -> &'static [Params] {
    static PARAMS: OnceLock<Vec<Params>> = OnceLock::new();
    PARAMS.get_or_init(|| {
        let mut at = 0usize;
        let mut read = || {
            let bytes = &CONSTANTS_BIN[at..at + 32];
            at += 32;
            Fr::from_le_bytes_mod_order(bytes)
        };
        let mut out = Vec::with_capacity(MAX_INPUTS);
        for t in 2..=MAX_INPUTS + 1 {
            let rounds_p = ROUNDS_P[t - 2];
            let round_constants = (0..t * (ROUNDS_F + rounds_p)).map(|_| read()).collect();
            let mds = (0..t).map(|_| (0..t).map(|_| read()).collect()).collect();
            out.push(Params {
                t,
                rounds_p,
                round_constants,
                mds,
            });
        }
        assert_eq!(
            at,
            CONSTANTS_BIN.len(),
            "poseidon/constants.bin has an unexpected length"
        );
        out
    })
}

/// Parameters for `n` inputs (`1..=16`).
pub fn params(n: usize) -> Result<&'static Params, CircuitError> {
    if n == 0 || n > MAX_INPUTS {
        return Err(CircuitError::PoseidonArity(n));
    }
    Ok(&all_params()[n - 1])
}

#[inline]
fn pow5(x: Fr) -> Fr {
    let x2 = x.square();
    x2.square() * x
}

/// `Poseidon(inputs)` as circomlibjs computes it; 1 to 16 inputs.
pub fn hash(inputs: &[Fr]) -> Result<Fr, CircuitError> {
    let p = params(inputs.len())?;
    let t = p.t;
    let mut state = Vec::with_capacity(t);
    state.push(Fr::from(0u64));
    state.extend_from_slice(inputs);
    let mut next = vec![Fr::from(0u64); t];
    for r in 0..p.rounds() {
        for (s, c) in state.iter_mut().zip(&p.round_constants[r * t..(r + 1) * t]) {
            *s += c;
        }
        if p.is_full_round(r) {
            state.iter_mut().for_each(|s| *s = pow5(*s));
        } else {
            state[0] = pow5(state[0]);
        }
        for (n, row) in next.iter_mut().zip(&p.mds) {
            *n = row.iter().zip(&state).map(|(m, s)| *m * s).sum();
        }
        std::mem::swap(&mut state, &mut next);
    }
    Ok(state[0])
}

/// `Poseidon(a, b)`: the two-to-one hash used for keys, nullifiers and pairs.
pub fn hash2(a: Fr, b: Fr) -> Fr {
    hash(&[a, b]).expect("two inputs are within 1..=16")
}

/// `Poseidon(a)`: the one-input hash used for holder commitments.
pub fn hash1(a: Fr) -> Fr {
    hash(&[a]).expect("one input is within 1..=16")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_zero_and_seventeen_are_refused() {
        assert!(matches!(hash(&[]), Err(CircuitError::PoseidonArity(0))));
        assert!(matches!(
            hash(&[Fr::from(1u64); 17]),
            Err(CircuitError::PoseidonArity(17))
        ));
    }

    #[test]
    fn circomlib_readme_vector() {
        // circomlib's own test: poseidon([1, 2]).
        let expected: Fr =
            "7853200120776062878684798364095072458815029376092732009249414926327459813530"
                .parse()
                .unwrap();
        assert_eq!(hash2(Fr::from(1u64), Fr::from(2u64)), expected);
    }
}
