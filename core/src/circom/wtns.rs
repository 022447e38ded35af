//! `.wtns`: a circuit's full witness, every wire's value in the `.r1cs`'s
//! wire order (snarkjs `src/wtns_utils.js`).
//!
//! ```text
//! container "wtns", version 2
//! section 1, header: n8 u32 (32), prime (n8 bytes LE: r), nWitness u32
//! section 2, values: nWitness times n8 bytes LE (each below r)
//! ```
//!
//! A witness holds the prover's secrets (for the presentation circuit, the
//! holder secret and the credential's attributes): every buffer here is
//! [`Zeroizing`], and files of witnesses are written with
//! [`crate::files::write_secret`] (mode 0600, created exclusively).

use ark_relations::gr1cs::ConstraintSynthesizer;
use zeroize::{Zeroize, Zeroizing};
use zkcred_circuits::Fr;

use super::{
    binfile::{BinFile, BinWriter, Reader},
    points::{r_bytes, read_fr, write_fr, N8},
};
use crate::{Error, Result};

const WHAT: &str = "wtns file";
const HEADER: &str = "wtns header";
const VALUES: &str = "wtns values";

/// The full assignment of `circuit` (prove mode, constraints inlined as
/// arkworks' Groth16 prover does), in circom's wire order: arkworks'
/// instance assignment (the constant 1, then the public inputs), then its
/// witness assignment. The constraint system's own copies are wiped before
/// it is dropped.
pub fn from_circuit<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<Zeroizing<Vec<Fr>>> {
    let cs = super::synthesize(circuit, true)?;
    let mut inner = cs
        .borrow_mut()
        .ok_or_else(|| Error::Proving("no constraint system".into()))?;
    let assignments = &mut inner.assignments;
    let mut out = Zeroizing::new(Vec::with_capacity(
        assignments.instance_assignment.len() + assignments.witness_assignment.len(),
    ));
    out.extend_from_slice(&assignments.instance_assignment);
    out.extend_from_slice(&assignments.witness_assignment);
    assignments.instance_assignment.zeroize();
    assignments.witness_assignment.zeroize();
    assignments.lc_assignment.zeroize();
    Ok(out)
}

/// The `.wtns` file of the wire values `w`.
pub fn to_bytes(w: &[Fr]) -> Result<Zeroizing<Vec<u8>>> {
    let n = u32::try_from(w.len()).map_err(|_| Error::Encoding("wtns (too many values)"))?;
    let mut out = BinWriter::new(b"wtns", 2);
    out.buffer().reserve(w.len() * N8 + 128);
    out.begin(1);
    out.u32(N8 as u32);
    out.bytes(&r_bytes());
    out.u32(n);
    out.begin(2);
    for x in w {
        write_fr(out.buffer(), x);
    }
    Ok(Zeroizing::new(out.finish()))
}

/// The wire values of a `.wtns` file (version 1 or 2).
pub fn from_bytes(bytes: &[u8]) -> Result<Zeroizing<Vec<Fr>>> {
    let file = BinFile::parse(bytes, b"wtns", 2, WHAT)?;
    let mut h = Reader::new(file.section(1, HEADER)?, HEADER);
    if h.u32()? as usize != N8 || h.take(N8)? != r_bytes().as_slice() {
        return Err(Error::Encoding(
            "wtns header (not over the BN254 scalar field)",
        ));
    }
    let n = h.u32()? as usize;
    h.finish()?;
    let values = file.section(2, VALUES)?;
    if n.checked_mul(N8) != Some(values.len()) {
        return Err(Error::Encoding(VALUES));
    }
    let mut out = Zeroizing::new(Vec::with_capacity(n));
    for chunk in values.chunks_exact(N8) {
        out.push(read_fr(chunk, VALUES)?);
    }
    Ok(out)
}
