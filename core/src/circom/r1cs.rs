//! `.r1cs`: a rank-1 constraint system (iden3/r1csfile
//! `doc/r1cs_bin_format.md`; reader and writer `src/r1csfile.js`).
//!
//! ```text
//! container "r1cs", version 1
//! section 1, header:
//!   n8 u32 (32), prime (n8 bytes LE: the BN254 scalar modulus r),
//!   nWires u32, nPubOut u32, nPubIn u32, nPrvIn u32, nLabels u64,
//!   nConstraints u32
//! section 2, constraints: nConstraints times A, B, C, each a linear
//!   combination: nTerms u32, then nTerms times (wireId u32, coefficient n8 LE)
//! section 3, wire-to-label map: nWires times u64
//! ```
//!
//! Constraint `i` says `<A_i, w> · <B_i, w> = <C_i, w>` over the wire values
//! `w` (wire 0 is the constant 1; see [`crate::circom`] for the wire order).
//! Custom-gate sections (4, 5; PLONK only) are refused.

use ark_ff::Zero;
use ark_relations::gr1cs::{ConstraintSynthesizer, R1CS_PREDICATE_LABEL};
use zkcred_circuits::Fr;

use super::{
    binfile::{BinFile, BinWriter, Reader},
    points::{r_bytes, read_fr, write_fr, N8},
};
use crate::{Error, Result};

/// A linear combination: `(wire, coefficient)` terms.
pub type LinearCombination = Vec<(u32, Fr)>;

/// One constraint `A · B = C`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// `A`.
    pub a: LinearCombination,
    /// `B`.
    pub b: LinearCombination,
    /// `C`.
    pub c: LinearCombination,
}

/// A constraint system in circom's layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct R1cs {
    /// Number of wires, the constant 1 included.
    pub n_wires: u32,
    /// Public outputs (wires `1..=n_pub_out`).
    pub n_pub_out: u32,
    /// Public inputs (the wires after the outputs).
    pub n_pub_in: u32,
    /// Private inputs (the wires after the public inputs).
    pub n_prv_in: u32,
    /// Number of labels (signals of the source circuit, optimised away or
    /// not).
    pub n_labels: u64,
    /// The constraints.
    pub constraints: Vec<Constraint>,
    /// For each wire, its label (section 3); empty if the file has none.
    pub wire_to_label: Vec<u64>,
}

/// What errors name.
const WHAT: &str = "r1cs file";
const HEADER: &str = "r1cs header";
const CONSTRAINTS: &str = "r1cs constraints";
const MAP: &str = "r1cs wire-to-label map";
const COEFFICIENT: &str = "r1cs coefficient";

/// Bytes of the smallest constraint (three empty combinations).
const MIN_CONSTRAINT: usize = 12;
/// Bytes of one term.
const TERM: usize = 4 + N8;

impl R1cs {
    /// The constraint system of `circuit` as arkworks' Groth16 synthesises
    /// it (constraints inlined), in circom's wire order: arkworks' instance
    /// variables (the constant, then the public inputs), then its witness
    /// variables. The public inputs are circom public inputs (no outputs);
    /// every witness variable is an internal signal; each wire is its own
    /// label.
    pub fn from_circuit<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<R1cs> {
        let cs = super::synthesize(circuit, false)?;
        let cs = cs
            .borrow()
            .ok_or_else(|| Error::Proving("no constraint system".into()))?;
        let n_instance = cs.num_instance_variables();
        let n_wires = n_instance + cs.num_witness_variables();
        let too_big = || Error::Proving("circuit too large for the r1cs format".into());
        let matrices = cs
            .to_matrices()
            .map_err(|e| Error::Proving(format!("constraint matrices: {e}")))?;
        let abc = matrices
            .get(R1CS_PREDICATE_LABEL)
            .filter(|m| m.len() == 3 && matrices.len() == 1)
            .ok_or_else(|| Error::Proving("not a rank-1 constraint system".into()))?;
        let lc = |row: &Vec<(Fr, usize)>| -> Result<LinearCombination> {
            row.iter()
                .map(|(coeff, col)| Ok((u32::try_from(*col).map_err(|_| too_big())?, *coeff)))
                .collect()
        };
        let constraints = abc[0]
            .iter()
            .zip(&abc[1])
            .zip(&abc[2])
            .map(|((a, b), c)| {
                Ok(Constraint {
                    a: lc(a)?,
                    b: lc(b)?,
                    c: lc(c)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(R1cs {
            n_wires: u32::try_from(n_wires).map_err(|_| too_big())?,
            n_pub_out: 0,
            n_pub_in: u32::try_from(n_instance - 1).map_err(|_| too_big())?,
            n_prv_in: 0,
            n_labels: n_wires as u64,
            constraints,
            wire_to_label: (0..n_wires as u64).collect(),
        })
    }

    /// Number of public signals (outputs and public inputs; the constant
    /// not counted): snarkjs's `nPublic`.
    pub fn n_public(&self) -> u32 {
        self.n_pub_out + self.n_pub_in
    }

    /// Parses a `.r1cs` file.
    pub fn from_bytes(bytes: &[u8]) -> Result<R1cs> {
        let file = BinFile::parse(bytes, b"r1cs", 1, WHAT)?;
        if file.optional_section(4, WHAT)?.is_some() || file.optional_section(5, WHAT)?.is_some() {
            return Err(Error::Encoding(
                "r1cs file (custom gates are not supported)",
            ));
        }
        let mut h = Reader::new(file.section(1, HEADER)?, HEADER);
        if h.u32()? as usize != N8 || h.take(N8)? != r_bytes().as_slice() {
            return Err(Error::Encoding(
                "r1cs header (not over the BN254 scalar field)",
            ));
        }
        let n_wires = h.u32()?;
        let n_pub_out = h.u32()?;
        let n_pub_in = h.u32()?;
        let n_prv_in = h.u32()?;
        let n_labels = h.u64()?;
        let n_constraints = h.u32()? as usize;
        h.finish()?;
        let inputs = 1u64 + u64::from(n_pub_out) + u64::from(n_pub_in) + u64::from(n_prv_in);
        if n_wires == 0 || inputs > u64::from(n_wires) || n_labels < u64::from(n_wires) {
            return Err(Error::Encoding(HEADER));
        }

        let mut r = Reader::new(file.section(2, CONSTRAINTS)?, CONSTRAINTS);
        r.check_fits(n_constraints, MIN_CONSTRAINT)?;
        let mut constraints = Vec::with_capacity(n_constraints);
        let lc = |r: &mut Reader| -> Result<LinearCombination> {
            let n = r.count(TERM)?;
            let mut terms = Vec::with_capacity(n);
            for _ in 0..n {
                let wire = r.u32()?;
                if wire >= n_wires {
                    return Err(Error::Encoding(CONSTRAINTS));
                }
                terms.push((wire, read_fr(r.take(N8)?, COEFFICIENT)?));
            }
            Ok(terms)
        };
        for _ in 0..n_constraints {
            let a = lc(&mut r)?;
            let b = lc(&mut r)?;
            let c = lc(&mut r)?;
            constraints.push(Constraint { a, b, c });
        }
        r.finish()?;

        let wire_to_label = match file.optional_section(3, MAP)? {
            None => Vec::new(),
            Some(map) => {
                let mut r = Reader::new(map, MAP);
                r.check_fits(n_wires as usize, 8)?;
                let labels = (0..n_wires)
                    .map(|_| {
                        let label = r.u64()?;
                        if label >= n_labels {
                            return Err(Error::Encoding(MAP));
                        }
                        Ok(label)
                    })
                    .collect::<Result<Vec<_>>>()?;
                r.finish()?;
                labels
            }
        };
        Ok(R1cs {
            n_wires,
            n_pub_out,
            n_pub_in,
            n_prv_in,
            n_labels,
            constraints,
            wire_to_label,
        })
    }

    /// The `.r1cs` file: header, constraints, and the wire-to-label map if
    /// there is one. Fails only if the system does not fit the format
    /// (more than `u32::MAX` constraints or terms in a combination, or a
    /// map of the wrong length).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let too_big = || Error::Encoding("r1cs (too large for the format)");
        let mut w = BinWriter::new(b"r1cs", 1);
        w.begin(1);
        w.u32(N8 as u32);
        w.bytes(&r_bytes());
        w.u32(self.n_wires);
        w.u32(self.n_pub_out);
        w.u32(self.n_pub_in);
        w.u32(self.n_prv_in);
        w.u64(self.n_labels);
        w.u32(u32::try_from(self.constraints.len()).map_err(|_| too_big())?);
        w.begin(2);
        for c in &self.constraints {
            for lc in [&c.a, &c.b, &c.c] {
                w.u32(u32::try_from(lc.len()).map_err(|_| too_big())?);
                for (wire, coeff) in lc {
                    w.u32(*wire);
                    write_fr(w.buffer(), coeff);
                }
            }
        }
        if !self.wire_to_label.is_empty() {
            if self.wire_to_label.len() != self.n_wires as usize {
                return Err(too_big());
            }
            w.begin(3);
            for label in &self.wire_to_label {
                w.u64(*label);
            }
        }
        Ok(w.finish())
    }

    /// Whether the wire values `w` (all wires, in order) satisfy every
    /// constraint; `false` if `w` has the wrong length or `w[0] != 1`.
    pub fn is_satisfied(&self, w: &[Fr]) -> bool {
        if w.len() != self.n_wires as usize || w.first() != Some(&Fr::from(1u64)) {
            return false;
        }
        let eval = |lc: &LinearCombination| {
            lc.iter().fold(Fr::zero(), |acc, (wire, coeff)| {
                acc + *coeff * w[*wire as usize]
            })
        };
        self.constraints
            .iter()
            .all(|c| eval(&c.a) * eval(&c.b) == eval(&c.c))
    }
}
