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
//!
//! [`hash`] evaluates the same permutation in circomlibjs's optimised form
//! (`poseidon_opt.js`, after filecoin's neptune; Poseidon paper, appendix B):
//! the first partial round's matrix is factored into a dense `P` and one
//! sparse matrix per partial round (first row and first column only), and the
//! round constants are moved accordingly. Partial rounds then cost `O(t)`
//! instead of `O(t^2)`, natively and in the circuit's linear combinations.
//! [`hash_reference`] is the textbook form; tests check both agree. It and
//! the textbook constants ([`Params::round_constants`], [`Params::mds`];
//! 404 kB) come with the `reference` feature (on by default): builds that
//! only hash, such as the WebAssembly bundle, leave them out.

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

#[cfg(feature = "reference")]
static CONSTANTS_BIN: &[u8] = include_bytes!("poseidon/constants.bin");
static CONSTANTS_OPT_BIN: &[u8] = include_bytes!("poseidon/constants_opt.bin");

/// Round constants and MDS matrix for one width.
#[derive(Debug)]
pub struct Params {
    /// State width `t` (inputs + 1).
    pub t: usize,
    /// Partial rounds.
    pub rounds_p: usize,
    /// `t * (ROUNDS_F + rounds_p)` round constants, `t` per round.
    #[cfg(feature = "reference")]
    pub round_constants: Vec<Fr>,
    /// The `t x t` MDS matrix, row-major.
    #[cfg(feature = "reference")]
    pub mds: Vec<Vec<Fr>>,
    /// The optimised form's constants.
    pub opt: OptParams,
}

/// The constants of the optimised form (circomlibjs `poseidon_constants_opt`).
#[derive(Debug)]
pub struct OptParams {
    /// `8t + R_P` round constants.
    pub c: Vec<Fr>,
    /// `(2t - 1) R_P` sparse-matrix entries: per partial round, the `t` entries
    /// of the new cell 0, then the `t - 1` multipliers of cell 0 for cells `1..t`.
    pub s: Vec<Fr>,
    /// The MDS matrix as stored (applied as `new[i] = sum_j m[j][i] state[j]`).
    pub m: Vec<Vec<Fr>>,
    /// The dense factor applied before the partial rounds (same convention).
    pub p: Vec<Vec<Fr>>,
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
        #[cfg(feature = "reference")]
        let mut reference = {
            let mut at = 0usize;
            let mut read = || {
                let bytes = &CONSTANTS_BIN[at..at + 32];
                at += 32;
                Fr::from_le_bytes_mod_order(bytes)
            };
            let mut reference = Vec::with_capacity(MAX_INPUTS);
            for t in 2..=MAX_INPUTS + 1 {
                let rounds_p = ROUNDS_P[t - 2];
                let round_constants: Vec<Fr> =
                    (0..t * (ROUNDS_F + rounds_p)).map(|_| read()).collect();
                let mds: Vec<Vec<Fr>> = (0..t).map(|_| (0..t).map(|_| read()).collect()).collect();
                reference.push((round_constants, mds));
            }
            assert_eq!(
                at,
                CONSTANTS_BIN.len(),
                "poseidon/constants.bin has an unexpected length"
            );
            reference.into_iter()
        };
        let mut at = 0usize;
        let mut read = |n: usize| -> Vec<Fr> {
            let v = CONSTANTS_OPT_BIN[at..at + 32 * n]
                .chunks(32)
                .map(Fr::from_le_bytes_mod_order)
                .collect();
            at += 32 * n;
            v
        };
        let mut out = Vec::with_capacity(MAX_INPUTS);
        for t in 2..=MAX_INPUTS + 1 {
            let rounds_p = ROUNDS_P[t - 2];
            #[cfg(feature = "reference")]
            let (round_constants, mds) = reference.next().expect("one entry per width");
            let c = read(ROUNDS_F * t + rounds_p);
            let s = read((2 * t - 1) * rounds_p);
            let m = read(t * t).chunks(t).map(<[Fr]>::to_vec).collect();
            let p = read(t * t).chunks(t).map(<[Fr]>::to_vec).collect();
            out.push(Params {
                t,
                rounds_p,
                #[cfg(feature = "reference")]
                round_constants,
                #[cfg(feature = "reference")]
                mds,
                opt: OptParams { c, s, m, p },
            });
        }
        assert_eq!(
            at,
            CONSTANTS_OPT_BIN.len(),
            "poseidon/constants_opt.bin has an unexpected length"
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

/// `Poseidon(inputs)` as circomlibjs computes it; 1 to 16 inputs. The
/// optimised form of circomlibjs `poseidon_opt.js`, step for step.
pub fn hash(inputs: &[Fr]) -> Result<Fr, CircuitError> {
    let p = params(inputs.len())?;
    let (t, o) = (p.t, &p.opt);
    let half = ROUNDS_F / 2;
    let mix = |state: &[Fr], m: &[Vec<Fr>]| -> Vec<Fr> {
        (0..t)
            .map(|i| (0..t).map(|j| m[j][i] * state[j]).sum())
            .collect()
    };
    let mut state = Vec::with_capacity(t);
    state.push(Fr::from(0u64));
    state.extend_from_slice(inputs);
    for (s, c) in state.iter_mut().zip(&o.c[..t]) {
        *s += c;
    }
    for r in 0..half - 1 {
        state.iter_mut().for_each(|s| *s = pow5(*s));
        for (s, c) in state.iter_mut().zip(&o.c[(r + 1) * t..(r + 2) * t]) {
            *s += c;
        }
        state = mix(&state, &o.m);
    }
    state.iter_mut().for_each(|s| *s = pow5(*s));
    for (s, c) in state.iter_mut().zip(&o.c[half * t..(half + 1) * t]) {
        *s += c;
    }
    state = mix(&state, &o.p);
    for r in 0..p.rounds_p {
        state[0] = pow5(state[0]) + o.c[(half + 1) * t + r];
        let row = &o.s[(2 * t - 1) * r..(2 * t - 1) * (r + 1)];
        let s0: Fr = row[..t].iter().zip(&state).map(|(a, b)| *a * b).sum();
        for k in 1..t {
            let add = state[0] * row[t + k - 1];
            state[k] += add;
        }
        state[0] = s0;
    }
    for r in 0..half - 1 {
        state.iter_mut().for_each(|s| *s = pow5(*s));
        let base = (half + 1) * t + p.rounds_p + r * t;
        for (s, c) in state.iter_mut().zip(&o.c[base..base + t]) {
            *s += c;
        }
        state = mix(&state, &o.m);
    }
    state.iter_mut().for_each(|s| *s = pow5(*s));
    Ok((0..t).map(|j| o.m[j][0] * state[j]).sum())
}

/// `Poseidon(inputs)` in the textbook form (circomlibjs `poseidon_reference`);
/// the test oracle for [`hash`]. Needs the `reference` feature.
#[cfg(feature = "reference")]
pub fn hash_reference(inputs: &[Fr]) -> Result<Fr, CircuitError> {
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

    #[cfg(feature = "reference")]
    #[test]
    fn optimised_and_reference_forms_agree_for_every_arity() {
        use ark_std::UniformRand;
        let mut rng = ark_std::test_rng();
        for n in 1..=MAX_INPUTS {
            for _ in 0..3 {
                let xs: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
                assert_eq!(
                    hash(&xs).unwrap(),
                    hash_reference(&xs).unwrap(),
                    "arity {n}"
                );
            }
        }
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
