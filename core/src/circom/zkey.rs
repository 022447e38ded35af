//! `.zkey`: a Groth16 proving key with its phase-2 ceremony transcript
//! (snarkjs `src/zkey_utils.js`, `readZKey` / `writeZKey`, `readMPCParams`;
//! `src/zkey_new.js` writes the first one).
//!
//! ```text
//! container "zkey", version 1
//!  1 header:        protocol u32 (1 = Groth16)
//!  2 Groth16 header: n8q u32, q, n8r u32, r, nVars u32, nPublic u32,
//!                   domainSize u32, alpha1, beta1, beta2, gamma2, delta1, delta2
//!  3 IC:            nPublic + 1 G1 points
//!  4 coefficients:  n u32, then n times (matrix u32 (0 = A, 1 = B),
//!                   constraint u32, signal u32, value (v·R² mod r, LE))
//!  5 A:             nVars G1 points
//!  6 B1:            nVars G1 points
//!  7 B2:            nVars G2 points
//!  8 C (L):         nVars - nPublic - 1 G1 points
//!  9 H:             domainSize G1 points
//! 10 contributions: csHash (64 bytes), n u32, then n contributions
//! ```
//!
//! A contribution: `deltaAfter` (G1), the proof of knowledge `g1_s`,
//! `g1_sx` (G1), `g2_spx` (G2), the 64-byte transcript, its type u32
//! (0 a contribution, 1 a beacon), then parameters: length u32 and the
//! bytes, a sorted list of (1 name: len u8, UTF-8), (2 beacon iterations
//! exponent: u8), (3 beacon hash: len u8, bytes).
//!
//! Points are in the layout of [`super::points`] and all validated. A
//! phase-2 contribution rewrites `delta1`, `delta2`, sections 8 and 9 and
//! appends to section 10; the other sections are fixed by the circuit and
//! the powers of tau. zkcred writes a key without contributions in the
//! section order of `snarkjs groth16 setup` (1, 2, 4, 3, 9, 8, 5, 6, 7, 10)
//! and one with contributions in that of `snarkjs zkey contribute` and
//! `zkey beacon` (1 to 10), so the files snarkjs makes are written back
//! byte for byte.

use ark_bn254::{Bn254, G1Affine, G2Affine};
use zkcred_circuits::Fr;

use super::{
    binfile::{BinFile, BinWriter, Reader},
    contribution::{read_params, write_params, Beacon},
    points::{
        q_bytes, r_bytes, read_g1, read_g1_vec, read_g2, read_g2_vec, read_zkey_coefficient,
        write_g1, write_g2, write_zkey_coefficient, G1_BYTES, G2_BYTES, N8,
    },
};
use crate::{Error, Result};

/// The largest domain (2^28 points, as the largest public powers of tau).
pub const MAX_DOMAIN_SIZE: u32 = 1 << 28;

/// One entry of the coefficients section: `value` at (`constraint`,
/// `signal`) of matrix A (`matrix == 0`) or B (`1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coefficient {
    /// 0 for A, 1 for B.
    pub matrix: u32,
    /// The constraint (row); rows past the circuit's constraints are the
    /// public-input rows Groth16 adds.
    pub constraint: u32,
    /// The signal (wire).
    pub signal: u32,
    /// The coefficient.
    pub value: Fr,
}

/// One phase-2 contribution record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    /// delta·G1 after this contribution.
    pub delta_after: G1Affine,
    /// The proof of knowledge of the contribution's secret: `s·G1`.
    pub g1_s: G1Affine,
    /// `s·x·G1` (x the secret multiplier of delta).
    pub g1_sx: G1Affine,
    /// `x·sp·G2`, sp the point hashed from the transcript.
    pub g2_spx: G2Affine,
    /// The transcript hash the contribution was made over.
    pub transcript: [u8; 64],
    /// The contributor's name, if given (at most 255 bytes).
    pub name: Option<String>,
    /// `Some` for a beacon contribution (type 1).
    pub beacon: Option<Beacon>,
}

/// A Groth16 `.zkey`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zkey {
    /// Number of wires, the constant 1 included.
    pub n_vars: u32,
    /// Number of public signals (the constant not included).
    pub n_public: u32,
    /// The evaluation domain's size (a power of two).
    pub domain_size: u32,
    /// alpha·G1.
    pub alpha_g1: G1Affine,
    /// beta·G1.
    pub beta_g1: G1Affine,
    /// beta·G2.
    pub beta_g2: G2Affine,
    /// gamma·G2.
    pub gamma_g2: G2Affine,
    /// delta·G1.
    pub delta_g1: G1Affine,
    /// delta·G2.
    pub delta_g2: G2Affine,
    /// The public inputs' points (`IC`, arkworks' `gamma_abc_g1`).
    pub ic: Vec<G1Affine>,
    /// A and B's coefficients.
    pub coefficients: Vec<Coefficient>,
    /// A's points, one per wire.
    pub a: Vec<G1Affine>,
    /// B's points in G1, one per wire.
    pub b_g1: Vec<G1Affine>,
    /// B's points in G2, one per wire.
    pub b_g2: Vec<G2Affine>,
    /// The private wires' points (`C`, arkworks' `l_query`).
    pub c: Vec<G1Affine>,
    /// The quotient's points (`H`).
    pub h: Vec<G1Affine>,
    /// The hash of the circuit's initial key (`csHash`).
    pub cs_hash: [u8; 64],
    /// The phase-2 contributions, in order.
    pub contributions: Vec<Contribution>,
}

const WHAT: &str = "zkey file";
const HEADER: &str = "zkey header";
const GROTH: &str = "zkey Groth16 header";
const IC: &str = "zkey IC points";
const COEFFS: &str = "zkey coefficients";
const A: &str = "zkey A points";
const B1: &str = "zkey B1 points";
const B2: &str = "zkey B2 points";
const C: &str = "zkey C points";
const H: &str = "zkey H points";
const MPC: &str = "zkey contributions";

/// Bytes of one coefficient entry.
const COEFF_BYTES: usize = 12 + N8;
/// Bytes of the smallest contribution record.
const MIN_CONTRIBUTION: usize = 3 * G1_BYTES + G2_BYTES + 64 + 4 + 4;

impl Zkey {
    /// Parses and validates a Groth16 `.zkey`: the header's primes are
    /// BN254's, the domain a power of two no larger than 2^28 holding the
    /// constraints' rows, every section the size the header implies, every
    /// coefficient inside the matrices, every point valid.
    pub fn from_bytes(bytes: &[u8]) -> Result<Zkey> {
        let file = BinFile::parse(bytes, b"zkey", 1, WHAT)?;
        let mut r = Reader::new(file.section(1, HEADER)?, HEADER);
        if r.u32()? != 1 {
            return Err(Error::Encoding("zkey header (not a Groth16 key)"));
        }
        r.finish()?;

        let mut r = Reader::new(file.section(2, GROTH)?, GROTH);
        let bn254 = "zkey Groth16 header (not a BN254 key)";
        if r.u32()? as usize != N8 || r.take(N8)? != q_bytes().as_slice() {
            return Err(Error::Encoding(bn254));
        }
        if r.u32()? as usize != N8 || r.take(N8)? != r_bytes().as_slice() {
            return Err(Error::Encoding(bn254));
        }
        let n_vars = r.u32()?;
        let n_public = r.u32()?;
        let domain_size = r.u32()?;
        if n_public >= n_vars
            || !domain_size.is_power_of_two()
            || domain_size > MAX_DOMAIN_SIZE
            || domain_size <= n_public
        {
            return Err(Error::Encoding(GROTH));
        }
        let alpha_g1 = read_g1(r.take(G1_BYTES)?, GROTH)?;
        let beta_g1 = read_g1(r.take(G1_BYTES)?, GROTH)?;
        let beta_g2 = read_g2(r.take(G2_BYTES)?, GROTH)?;
        let gamma_g2 = read_g2(r.take(G2_BYTES)?, GROTH)?;
        let delta_g1 = read_g1(r.take(G1_BYTES)?, GROTH)?;
        let delta_g2 = read_g2(r.take(G2_BYTES)?, GROTH)?;
        r.finish()?;

        let n_vars_us = n_vars as usize;
        let n_public_us = n_public as usize;
        let ic = read_g1_vec(file.section(3, IC)?, n_public_us + 1, IC)?;

        let mut r = Reader::new(file.section(4, COEFFS)?, COEFFS);
        let n = r.count(COEFF_BYTES)?;
        let mut coefficients = Vec::with_capacity(n);
        for _ in 0..n {
            let matrix = r.u32()?;
            let constraint = r.u32()?;
            let signal = r.u32()?;
            if matrix > 1 || constraint >= domain_size || signal >= n_vars {
                return Err(Error::Encoding(COEFFS));
            }
            let value = read_zkey_coefficient(r.take(N8)?, COEFFS)?;
            coefficients.push(Coefficient {
                matrix,
                constraint,
                signal,
                value,
            });
        }
        r.finish()?;

        let a = read_g1_vec(file.section(5, A)?, n_vars_us, A)?;
        let b_g1 = read_g1_vec(file.section(6, B1)?, n_vars_us, B1)?;
        let b_g2 = read_g2_vec(file.section(7, B2)?, n_vars_us, B2)?;
        let c = read_g1_vec(file.section(8, C)?, n_vars_us - n_public_us - 1, C)?;
        let h = read_g1_vec(file.section(9, H)?, domain_size as usize, H)?;

        let mut r = Reader::new(file.section(10, MPC)?, MPC);
        let cs_hash = r.array::<64>()?;
        let n = r.count(MIN_CONTRIBUTION)?;
        let mut contributions = Vec::with_capacity(n);
        for _ in 0..n {
            contributions.push(read_contribution(&mut r)?);
        }
        r.finish()?;

        Ok(Zkey {
            n_vars,
            n_public,
            domain_size,
            alpha_g1,
            beta_g1,
            beta_g2,
            gamma_g2,
            delta_g1,
            delta_g2,
            ic,
            coefficients,
            a,
            b_g1,
            b_g2,
            c,
            h,
            cs_hash,
            contributions,
        })
    }

    /// The `.zkey` file, sections in snarkjs's order (see the module
    /// documentation). Fails
    /// if the vectors' lengths do not match the header's counts, or a name
    /// or beacon hash is longer than 255 bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let shape = Error::Encoding("zkey (sections do not match the header)");
        let n_vars = self.n_vars as usize;
        let n_public = self.n_public as usize;
        if self.n_public >= self.n_vars
            || self.ic.len() != n_public + 1
            || self.a.len() != n_vars
            || self.b_g1.len() != n_vars
            || self.b_g2.len() != n_vars
            || self.c.len() != n_vars - n_public - 1
            || self.h.len() != self.domain_size as usize
        {
            return Err(shape);
        }
        let mut w = BinWriter::new(b"zkey", 1);
        w.buffer().reserve(
            (3 * n_vars + self.domain_size as usize + n_public) * G1_BYTES
                + n_vars * G2_BYTES
                + self.coefficients.len() * COEFF_BYTES
                + 4096,
        );
        w.begin(1);
        w.u32(1);
        w.begin(2);
        w.u32(N8 as u32);
        w.bytes(&q_bytes());
        w.u32(N8 as u32);
        w.bytes(&r_bytes());
        w.u32(self.n_vars);
        w.u32(self.n_public);
        w.u32(self.domain_size);
        write_g1(w.buffer(), &self.alpha_g1);
        write_g1(w.buffer(), &self.beta_g1);
        write_g2(w.buffer(), &self.beta_g2);
        write_g2(w.buffer(), &self.gamma_g2);
        write_g1(w.buffer(), &self.delta_g1);
        write_g2(w.buffer(), &self.delta_g2);
        if self.contributions.is_empty() {
            w.begin(4);
            write_coefficients(w.buffer(), &self.coefficients)?;
        }
        let setup_order = [3, 9, 8, 5, 6, 7];
        let contribute_order = [3, 4, 5, 6, 7, 8, 9];
        let order: &[u32] = if self.contributions.is_empty() {
            &setup_order
        } else {
            &contribute_order
        };
        for &id in order {
            w.begin(id);
            let out = w.buffer();
            match id {
                3 => self.ic.iter().for_each(|p| write_g1(out, p)),
                4 => write_coefficients(out, &self.coefficients)?,
                5 => self.a.iter().for_each(|p| write_g1(out, p)),
                6 => self.b_g1.iter().for_each(|p| write_g1(out, p)),
                7 => self.b_g2.iter().for_each(|p| write_g2(out, p)),
                8 => self.c.iter().for_each(|p| write_g1(out, p)),
                _ => self.h.iter().for_each(|p| write_g1(out, p)),
            }
        }
        w.begin(10);
        w.bytes(&self.cs_hash);
        w.u32(u32::try_from(self.contributions.len()).map_err(|_| Error::Encoding(MPC))?);
        for c in &self.contributions {
            write_contribution(&mut w, c)?;
        }
        Ok(w.finish())
    }

    /// The verifying key: alpha, beta, gamma, delta and `IC`.
    pub fn verifying_key(&self) -> ark_groth16::VerifyingKey<Bn254> {
        ark_groth16::VerifyingKey {
            alpha_g1: self.alpha_g1,
            beta_g2: self.beta_g2,
            gamma_g2: self.gamma_g2,
            delta_g2: self.delta_g2,
            gamma_abc_g1: self.ic.clone(),
        }
    }
}

/// Appends the coefficients section's contents.
fn write_coefficients(out: &mut Vec<u8>, coefficients: &[Coefficient]) -> Result<()> {
    let n = u32::try_from(coefficients.len()).map_err(|_| Error::Encoding(COEFFS))?;
    out.extend_from_slice(&n.to_le_bytes());
    for c in coefficients {
        for x in [c.matrix, c.constraint, c.signal] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        write_zkey_coefficient(out, &c.value);
    }
    Ok(())
}

/// Reads one contribution record (`zkey_utils.js`, `readContribution`).
fn read_contribution(r: &mut Reader) -> Result<Contribution> {
    let delta_after = read_g1(r.take(G1_BYTES)?, MPC)?;
    let g1_s = read_g1(r.take(G1_BYTES)?, MPC)?;
    let g1_sx = read_g1(r.take(G1_BYTES)?, MPC)?;
    let g2_spx = read_g2(r.take(G2_BYTES)?, MPC)?;
    let transcript = r.array::<64>()?;
    let kind = r.u32()?;
    let len = r.u32()? as usize;
    let (name, beacon) = read_params(r.take(len)?, kind, MPC)?;
    Ok(Contribution {
        delta_after,
        g1_s,
        g1_sx,
        g2_spx,
        transcript,
        name,
        beacon,
    })
}

/// Writes one contribution record (`zkey_utils.js`, `writeContribution`).
fn write_contribution(w: &mut BinWriter, c: &Contribution) -> Result<()> {
    write_g1(w.buffer(), &c.delta_after);
    write_g1(w.buffer(), &c.g1_s);
    write_g1(w.buffer(), &c.g1_sx);
    write_g2(w.buffer(), &c.g2_spx);
    w.bytes(&c.transcript);
    write_params(w, c.name.as_deref(), c.beacon.as_ref())
}
