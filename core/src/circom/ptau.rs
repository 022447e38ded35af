//! `.ptau`: a powers-of-tau (phase 1) file, as snarkjs writes it and as the
//! Perpetual Powers of Tau / Hermez files (`powersOfTau28_hez_final_NN.ptau`)
//! are published (snarkjs `src/powersoftau_new.js`,
//! `src/powersoftau_utils.js`, `src/powersoftau_preparephase2.js`).
//!
//! ```text
//! container "ptau", version 1
//!  1 header:       n8 u32 (32), q (n8 bytes LE), power u32, ceremonyPower u32
//!  2 tauG1:        2^(power+1) - 1 G1 points, tau^i·G1
//!  3 tauG2:        2^power G2 points, tau^i·G2
//!  4 alphaTauG1:   2^power G1 points, alpha·tau^i·G1
//!  5 betaTauG1:    2^power G1 points, beta·tau^i·G1
//!  6 betaG2:       one G2 point
//!  7 contributions: n u32, then n records
//! prepared for phase 2 ("prepare phase2"): the same in the Lagrange basis
//! of every domain 2^p, p = 0..=power (and p = power+1 for tauG1):
//! 12 tauG1:        2^(power+2) - 1 G1 points
//! 13 tauG2:        2^(power+1) - 1 G2 points
//! 14 alphaTauG1:   2^(power+1) - 1 G1 points
//! 15 betaTauG1:    2^(power+1) - 1 G1 points
//! ```
//!
//! A contribution record: tauG1, tauG2, alphaG1, betaG1, betaG2 after it
//! (G1, G2, G1, G1, G2), its public key (tau, alpha, beta: `g1_s`, `g1_sx`
//! each, then `g2_spx` each), the 216-byte partial hash, the 64-byte next
//! challenge, type u32 (0, or 1 for a beacon), then parameters as in a
//! `.zkey` contribution (see [`super::zkey`]).
//!
//! Every point is validated; counts come from `power` (at most 28) and each
//! section must be exactly the size they imply.

use ark_bn254::{G1Affine, G2Affine};

use super::{
    binfile::{BinFile, BinWriter, Reader},
    contribution::{read_params, write_params, Beacon},
    points::{
        q_bytes, read_g1, read_g1_vec, read_g2, read_g2_vec, write_g1, write_g2, G1_BYTES,
        G2_BYTES, N8,
    },
};
use crate::{Error, Result};

/// The largest power of tau (the public ceremony's).
pub const MAX_POWER: u32 = 28;

/// A contributor's public key: for each of tau, alpha and beta, `s·G1`,
/// `s·x·G1` and `x·sp·G2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// tau: `g1_s`, `g1_sx`, `g2_spx`.
    pub tau: (G1Affine, G1Affine, G2Affine),
    /// alpha: `g1_s`, `g1_sx`, `g2_spx`.
    pub alpha: (G1Affine, G1Affine, G2Affine),
    /// beta: `g1_s`, `g1_sx`, `g2_spx`.
    pub beta: (G1Affine, G1Affine, G2Affine),
}

/// One phase-1 contribution record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    /// tau·G1 after it.
    pub tau_g1: G1Affine,
    /// tau·G2 after it.
    pub tau_g2: G2Affine,
    /// alpha·G1 after it.
    pub alpha_g1: G1Affine,
    /// beta·G1 after it.
    pub beta_g1: G1Affine,
    /// beta·G2 after it.
    pub beta_g2: G2Affine,
    /// The contributor's public key.
    pub key: PublicKey,
    /// The state of the response hash before the public key (blake2b).
    pub partial_hash: [u8; 216],
    /// The next challenge's hash.
    pub next_challenge: [u8; 64],
    /// The contributor's name, if given.
    pub name: Option<String>,
    /// `Some` for a beacon contribution.
    pub beacon: Option<Beacon>,
}

/// The Lagrange-basis sections of a file prepared for phase 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lagrange {
    /// Section 12.
    pub tau_g1: Vec<G1Affine>,
    /// Section 13.
    pub tau_g2: Vec<G2Affine>,
    /// Section 14.
    pub alpha_tau_g1: Vec<G1Affine>,
    /// Section 15.
    pub beta_tau_g1: Vec<G1Affine>,
}

/// A `.ptau` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ptau {
    /// This file's power: it holds 2^power powers (2^(power+1) - 1 in G1).
    pub power: u32,
    /// The power of the ceremony it was cut from.
    pub ceremony_power: u32,
    /// Section 2.
    pub tau_g1: Vec<G1Affine>,
    /// Section 3.
    pub tau_g2: Vec<G2Affine>,
    /// Section 4.
    pub alpha_tau_g1: Vec<G1Affine>,
    /// Section 5.
    pub beta_tau_g1: Vec<G1Affine>,
    /// Section 6.
    pub beta_g2: G2Affine,
    /// Section 7.
    pub contributions: Vec<Contribution>,
    /// Sections 12 to 15, if prepared for phase 2.
    pub lagrange: Option<Lagrange>,
}

const WHAT: &str = "ptau file";
const HEADER: &str = "ptau header";
const TAU_G1: &str = "ptau tauG1 points";
const TAU_G2: &str = "ptau tauG2 points";
const ALPHA: &str = "ptau alphaTauG1 points";
const BETA: &str = "ptau betaTauG1 points";
const BETA_G2: &str = "ptau betaG2 point";
const CONTRIBUTIONS: &str = "ptau contributions";
const LAGRANGE: &str = "ptau phase-2 (Lagrange) points";

/// Bytes of a contribution record before its parameters.
const CONTRIBUTION_FIXED: usize = 9 * G1_BYTES + 5 * G2_BYTES + 216 + 64 + 4 + 4;

impl Ptau {
    /// Parses and validates a `.ptau` file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Ptau> {
        let file = BinFile::parse(bytes, b"ptau", 1, WHAT)?;
        let mut r = Reader::new(file.section(1, HEADER)?, HEADER);
        if r.u32()? as usize != N8 || r.take(N8)? != q_bytes().as_slice() {
            return Err(Error::Encoding("ptau header (not a BN254 file)"));
        }
        let power = r.u32()?;
        let ceremony_power = r.u32()?;
        r.finish()?;
        if power == 0 || power > MAX_POWER || ceremony_power < power || ceremony_power > MAX_POWER {
            return Err(Error::Encoding(HEADER));
        }
        let n = 1usize << power;
        let tau_g1 = read_g1_vec(file.section(2, TAU_G1)?, 2 * n - 1, TAU_G1)?;
        let tau_g2 = read_g2_vec(file.section(3, TAU_G2)?, n, TAU_G2)?;
        let alpha_tau_g1 = read_g1_vec(file.section(4, ALPHA)?, n, ALPHA)?;
        let beta_tau_g1 = read_g1_vec(file.section(5, BETA)?, n, BETA)?;
        let beta_g2 = read_g2(file.section(6, BETA_G2)?, BETA_G2)?;

        let mut r = Reader::new(file.section(7, CONTRIBUTIONS)?, CONTRIBUTIONS);
        let count = r.count(CONTRIBUTION_FIXED)?;
        let mut contributions = Vec::with_capacity(count);
        for _ in 0..count {
            contributions.push(read_contribution(&mut r)?);
        }
        r.finish()?;

        let sections = [12, 13, 14, 15].map(|id| file.optional_section(id, LAGRANGE));
        let lagrange = match sections {
            [Ok(None), Ok(None), Ok(None), Ok(None)] => None,
            [Ok(Some(t1)), Ok(Some(t2)), Ok(Some(a)), Ok(Some(b))] => Some(Lagrange {
                tau_g1: read_g1_vec(t1, 4 * n - 1, LAGRANGE)?,
                tau_g2: read_g2_vec(t2, 2 * n - 1, LAGRANGE)?,
                alpha_tau_g1: read_g1_vec(a, 2 * n - 1, LAGRANGE)?,
                beta_tau_g1: read_g1_vec(b, 2 * n - 1, LAGRANGE)?,
            }),
            _ => return Err(Error::Encoding(LAGRANGE)),
        };
        Ok(Ptau {
            power,
            ceremony_power,
            tau_g1,
            tau_g2,
            alpha_tau_g1,
            beta_tau_g1,
            beta_g2,
            contributions,
            lagrange,
        })
    }

    /// The `.ptau` file (sections 1-7, then 12-15 if prepared). Fails if a
    /// vector's length does not match `power`.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let shape = || Error::Encoding("ptau (sections do not match the power)");
        if self.power == 0 || self.power > MAX_POWER {
            return Err(shape());
        }
        let n = 1usize << self.power;
        if self.tau_g1.len() != 2 * n - 1
            || self.tau_g2.len() != n
            || self.alpha_tau_g1.len() != n
            || self.beta_tau_g1.len() != n
        {
            return Err(shape());
        }
        if let Some(l) = &self.lagrange {
            if l.tau_g1.len() != 4 * n - 1
                || l.tau_g2.len() != 2 * n - 1
                || l.alpha_tau_g1.len() != 2 * n - 1
                || l.beta_tau_g1.len() != 2 * n - 1
            {
                return Err(shape());
            }
        }
        let mut w = BinWriter::new(b"ptau", 1);
        w.begin(1);
        w.u32(N8 as u32);
        w.bytes(&q_bytes());
        w.u32(self.power);
        w.u32(self.ceremony_power);
        let g1s = |w: &mut BinWriter, id: u32, points: &[G1Affine]| {
            w.begin(id);
            for p in points {
                write_g1(w.buffer(), p);
            }
        };
        let g2s = |w: &mut BinWriter, id: u32, points: &[G2Affine]| {
            w.begin(id);
            for p in points {
                write_g2(w.buffer(), p);
            }
        };
        g1s(&mut w, 2, &self.tau_g1);
        g2s(&mut w, 3, &self.tau_g2);
        g1s(&mut w, 4, &self.alpha_tau_g1);
        g1s(&mut w, 5, &self.beta_tau_g1);
        g2s(&mut w, 6, std::slice::from_ref(&self.beta_g2));
        w.begin(7);
        w.u32(u32::try_from(self.contributions.len()).map_err(|_| shape())?);
        for c in &self.contributions {
            write_contribution(&mut w, c)?;
        }
        if let Some(l) = &self.lagrange {
            g1s(&mut w, 12, &l.tau_g1);
            g2s(&mut w, 13, &l.tau_g2);
            g1s(&mut w, 14, &l.alpha_tau_g1);
            g1s(&mut w, 15, &l.beta_tau_g1);
        }
        Ok(w.finish())
    }
}

/// Reads one contribution (`powersoftau_utils.js`, `readContribution`).
fn read_contribution(r: &mut Reader) -> Result<Contribution> {
    let g1 = |r: &mut Reader| read_g1(r.take(G1_BYTES)?, CONTRIBUTIONS);
    let g2 = |r: &mut Reader| read_g2(r.take(G2_BYTES)?, CONTRIBUTIONS);
    let tau_g1 = g1(r)?;
    let tau_g2 = g2(r)?;
    let alpha_g1 = g1(r)?;
    let beta_g1 = g1(r)?;
    let beta_g2 = g2(r)?;
    let (t1, t2, a1, a2, b1, b2) = (g1(r)?, g1(r)?, g1(r)?, g1(r)?, g1(r)?, g1(r)?);
    let (t3, a3, b3) = (g2(r)?, g2(r)?, g2(r)?);
    let partial_hash = r.array::<216>()?;
    let next_challenge = r.array::<64>()?;
    let kind = r.u32()?;
    let len = r.u32()? as usize;
    let (name, beacon) = read_params(r.take(len)?, kind, CONTRIBUTIONS)?;
    Ok(Contribution {
        tau_g1,
        tau_g2,
        alpha_g1,
        beta_g1,
        beta_g2,
        key: PublicKey {
            tau: (t1, t2, t3),
            alpha: (a1, a2, a3),
            beta: (b1, b2, b3),
        },
        partial_hash,
        next_challenge,
        name,
        beacon,
    })
}

/// Writes one contribution (`powersoftau_utils.js`, `writeContribution`).
fn write_contribution(w: &mut BinWriter, c: &Contribution) -> Result<()> {
    write_g1(w.buffer(), &c.tau_g1);
    write_g2(w.buffer(), &c.tau_g2);
    write_g1(w.buffer(), &c.alpha_g1);
    write_g1(w.buffer(), &c.beta_g1);
    write_g2(w.buffer(), &c.beta_g2);
    for (s, sx, _) in [&c.key.tau, &c.key.alpha, &c.key.beta] {
        write_g1(w.buffer(), s);
        write_g1(w.buffer(), sx);
    }
    for (_, _, spx) in [&c.key.tau, &c.key.alpha, &c.key.beta] {
        write_g2(w.buffer(), spx);
    }
    w.bytes(&c.partial_hash);
    w.bytes(&c.next_challenge);
    write_params(w, c.name.as_deref(), c.beacon.as_ref())
}
