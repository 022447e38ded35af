//! Is a proving key fit to prove with? A wallet that downloads a proving key
//! cannot know how it was made; this checks it against the verifying key the
//! wallet trusts (the one relying parties verify with, named by hash in their
//! requests), with batched pairing checks, before the wallet's first proof.
//!
//! # What is checked
//!
//! With `e` the pairing, the proving key
//! `(vk', β₁, δ₁, {A_i}, {B1_i}, {B2_i}, {H_i}, {L_i})` must have:
//!
//! 1. `vk' = vk`: the key embeds exactly the trusted verifying key;
//! 2. `α₁, β₁, β₂, δ₁, δ₂, γ₂ ≠ 0`;
//! 3. `e(β₁, δ₂) = e(δ₁, β₂)`: the prover's G1 copy of β is the verifier's,
//!    measured against δ. Key generation (arkworks, snarkjs) draws its own
//!    generators `G`, `H` of G1 and G2, so no element pairs with the
//!    standard generators; `(δ₁, δ₂) = (δG, δH)` is the one pair both
//!    groups share, and every other pair is checked against it;
//! 4. `e(B1_i, δ₂) = e(δ₁, B2_i)` for every variable `i`: the G1 and G2
//!    halves of the B query agree. All of them and check 3 at once, with
//!    random 128-bit weights `w`, `r_i` (a random linear combination, as in
//!    Fuchsbauer, PKC 2018, §5, and Abdolmaleki et al., ASIACRYPT 2017, the
//!    "CV" algorithm): `e(w β₁ + Σ r_i B1_i, δ₂) = e(δ₁, w β₂ + Σ r_i B2_i)`,
//!    one multi-pairing of two pairs after an MSM in each group. A key
//!    failing any single equation passes with probability at most 2⁻¹²⁸
//!    (Schwartz–Zippel).
//!
//! # Why this gives zero knowledge against a subverted key
//!
//! An honest proof is `A = α₁ + Σ a_i A_i + rδ₁` and
//! `B = β₂ + Σ a_i B2_i + sδ₂` with fresh uniform `r, s`: since `δ₁, δ₂ ≠ 0`
//! (check 2, 3), `A` and `B` are uniform and independent of the witness
//! whatever the rest of the key is. The verification equation
//! `e(A, B) = e(α₁, β₂)·e(IC, γ₂)·e(C, δ₂)` then fixes `C` from `A`, `B` and
//! the public inputs alone. So a proof that *verifies under the trusted
//! verifying key* has the same distribution for every witness (perfect
//! witness indistinguishability), which is why the wallet also verifies
//! each proof it makes before releasing it ([`super::ProvingKeyFor::prove_verified`]).
//! Checks 3 and 4 make honest proofs verify (the prover's `C` uses `β₁`,
//! `δ₁` and `B1`); the `H` and `L` queries and `A` cannot be checked without
//! powers of τ in G2, which arkworks keys do not carry: a key wrong there
//! makes proofs that fail the self-check, never proofs that leak.
//!
//! A key that passes is cached for the process by the hash of the two keys'
//! encodings ([`accept`]), so a wallet pays once.

use std::{
    collections::HashSet,
    sync::{Mutex, OnceLock},
};

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::{pairing::Pairing, AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{PrimeField, Zero};
use rand_core::{CryptoRng, RngCore};
use sha3::{Digest, Sha3_256};

use crate::{Error, Result};

/// A random 128-bit weight.
fn weight<R: RngCore + CryptoRng>(rng: &mut R) -> Fr {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    Fr::from_le_bytes_mod_order(&bytes)
}

/// Checks `pk` against `vk` (see the module docs). One opaque error: the key
/// is not fit, whichever check failed.
pub(crate) fn check<R: RngCore + CryptoRng>(
    pk: &ark_groth16::ProvingKey<Bn254>,
    vk: &ark_groth16::VerifyingKey<Bn254>,
    rng: &mut R,
) -> Result<()> {
    const UNFIT: Error = Error::Key("the proving key does not match the verifying key");
    // 1. The embedded verifying key is the trusted one.
    if pk.vk != *vk {
        return Err(UNFIT);
    }
    // 2. No zero where the prover's blinding or the pairing needs a point.
    if vk.alpha_g1.is_zero()
        || pk.beta_g1.is_zero()
        || pk.delta_g1.is_zero()
        || vk.beta_g2.is_zero()
        || vk.delta_g2.is_zero()
        || vk.gamma_g2.is_zero()
    {
        return Err(UNFIT);
    }
    if pk.b_g1_query.len() != pk.b_g2_query.len() {
        return Err(UNFIT);
    }
    // 3 and 4 in one equation, against the pair (δ₁, δ₂):
    //   e(w β₁ + Σ r_i B1_i, δ₂) = e(δ₁, w β₂ + Σ r_i B2_i).
    let weights: Vec<Fr> = (0..pk.b_g1_query.len()).map(|_| weight(rng)).collect();
    let w = weight(rng);
    let left = G1Projective::msm(&pk.b_g1_query, &weights).map_err(|_| UNFIT)? + pk.beta_g1 * w;
    let right = G2Projective::msm(&pk.b_g2_query, &weights).map_err(|_| UNFIT)? + vk.beta_g2 * w;
    // e(left, δ₂) · e(-δ₁, right) = 1
    let product = Bn254::multi_pairing(
        [left.into_affine(), -pk.delta_g1],
        [vk.delta_g2, right.into_affine()],
    );
    if !product.is_zero() {
        return Err(UNFIT);
    }
    Ok(())
}

fn accepted() -> &'static Mutex<HashSet<[u8; 32]>> {
    static ACCEPTED: OnceLock<Mutex<HashSet<[u8; 32]>>> = OnceLock::new();
    ACCEPTED.get_or_init(Default::default)
}

/// The cache key: SHA3-256 over both encodings, length-prefixed.
pub(crate) fn pair_hash(pk_bytes: &[u8], vk_bytes: &[u8]) -> [u8; 32] {
    let mut h = Sha3_256::new();
    h.update(b"zkcred/accepted-proving-key/v1");
    h.update((pk_bytes.len() as u64).to_le_bytes());
    h.update(pk_bytes);
    h.update(vk_bytes);
    h.finalize().into()
}

/// Runs [`check`] unless this pair of encodings passed it before in this
/// process; remembers a pass.
pub(crate) fn accept<R: RngCore + CryptoRng>(
    hash: [u8; 32],
    pk: &ark_groth16::ProvingKey<Bn254>,
    vk: &ark_groth16::VerifyingKey<Bn254>,
    rng: &mut R,
) -> Result<()> {
    let cache = accepted();
    if cache.lock().map(|s| s.contains(&hash)).unwrap_or(false) {
        return Ok(());
    }
    check(pk, vk, rng)?;
    if let Ok(mut set) = cache.lock() {
        set.insert(hash);
    }
    Ok(())
}

/// Whether a pair with this hash has passed in this process.
#[cfg(test)]
fn is_accepted(hash: &[u8; 32]) -> bool {
    accepted().lock().map(|s| s.contains(hash)).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{G1Affine, G2Affine};
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    fn keys() -> (
        ark_groth16::ProvingKey<Bn254>,
        ark_groth16::VerifyingKey<Bn254>,
    ) {
        let (pk, vk) = crate::keys::generate::<crate::keys::tests::Tiny, _>(
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap();
        (pk.as_ark().clone(), vk.as_ark().clone())
    }

    #[test]
    fn an_honest_key_passes() {
        let (pk, vk) = keys();
        check(&pk, &vk, &mut ChaCha20Rng::seed_from_u64(2)).unwrap();
    }

    #[test]
    fn every_kind_of_tampering_is_caught() {
        let (pk, vk) = keys();
        let rng = &mut ChaCha20Rng::seed_from_u64(3);
        let g1 = G1Affine::generator();
        let g2 = G2Affine::generator();
        let mut cases: Vec<(
            &str,
            ark_groth16::ProvingKey<Bn254>,
            ark_groth16::VerifyingKey<Bn254>,
        )> = Vec::new();
        let mut t = pk.clone();
        t.beta_g1 = (t.beta_g1 + g1).into_affine();
        cases.push(("beta_g1", t, vk.clone()));
        let mut t = pk.clone();
        t.delta_g1 = (t.delta_g1 + g1).into_affine();
        cases.push(("delta_g1", t, vk.clone()));
        let mut t = pk.clone();
        t.delta_g1 = G1Affine::zero();
        cases.push(("delta_g1 zero", t, vk.clone()));
        for i in [0, pk.b_g1_query.len() / 2, pk.b_g1_query.len() - 1] {
            let mut t = pk.clone();
            t.b_g1_query[i] = (t.b_g1_query[i] + g1).into_affine();
            cases.push(("b_g1_query", t, vk.clone()));
            let mut t = pk.clone();
            t.b_g2_query[i] = (t.b_g2_query[i] + g2).into_affine();
            cases.push(("b_g2_query", t, vk.clone()));
        }
        // Two compensating changes: + g1 at one variable, - g1 at another.
        let mut t = pk.clone();
        t.b_g1_query[0] = (t.b_g1_query[0] + g1).into_affine();
        t.b_g1_query[1] = (t.b_g1_query[1] - g1).into_affine();
        cases.push(("compensating b_g1", t, vk.clone()));
        // The embedded verifying key is not the trusted one.
        let mut other = vk.clone();
        other.gamma_abc_g1[0] = (other.gamma_abc_g1[0] + g1).into_affine();
        cases.push(("another vk", pk.clone(), other));
        // A consistent key whose delta is zero in both groups: the prover's
        // blinding would vanish.
        let mut t = pk.clone();
        let mut zero_vk = vk.clone();
        t.delta_g1 = G1Affine::zero();
        zero_vk.delta_g2 = G2Affine::zero();
        t.vk = zero_vk.clone();
        cases.push(("delta zero in both", t, zero_vk));
        for (what, pk, vk) in cases {
            assert!(check(&pk, &vk, rng).is_err(), "{what} passed");
        }
    }

    #[test]
    fn a_pass_is_remembered_by_the_pair_hash() {
        let (pk, vk) = keys();
        let hash = pair_hash(b"pk bytes of this test", b"vk");
        assert!(!is_accepted(&hash));
        accept(hash, &pk, &vk, &mut ChaCha20Rng::seed_from_u64(4)).unwrap();
        assert!(is_accepted(&hash));
        let mut bad = pk.clone();
        bad.beta_g1 = G1Affine::generator();
        let other = pair_hash(b"another pk", b"vk");
        assert!(accept(other, &bad, &vk, &mut ChaCha20Rng::seed_from_u64(5)).is_err());
        assert!(!is_accepted(&other));
    }
}
