//! A phase-2 ceremony's `.zkey` as zkcred's Groth16 keys
//! ([`ProvingKeyFor`], [`VerifyingKeyFor`]), so that zkcred proves and
//! verifies with the keys a ceremony made (`zkcred ceremony export`), and
//! proofs made by snarkjs from the same zkey verify with them.
//!
//! # The mapping
//!
//! | zkey                      | arkworks `ProvingKey`                  |
//! |---------------------------|----------------------------------------|
//! | alpha1, beta1, beta2, gamma2, delta1, delta2 | `vk.alpha_g1`, `beta_g1`, `vk.beta_g2`, `vk.gamma_g2`, `delta_g1`, `vk.delta_g2` |
//! | IC (nPublic + 1 points)   | `vk.gamma_abc_g1`                      |
//! | A, B1, B2 (one per wire)  | `a_query`, `b_g1_query`, `b_g2_query`  |
//! | C (the private wires)     | `l_query` (indexed by witness variable)|
//! | H (Lagrange, size 2n)     | `h_query` (monomial, `n - 1` points)   |
//!
//! circom's wire order is arkworks' column order for zkcred's circuits (see
//! [`super`]), so every per-wire section maps index for index.
//!
//! # H
//!
//! snarkjs's H section holds `P_k = L_{2k+1}(τ)/δ`, `k = 0..n-1`, with
//! `L_j` the Lagrange basis of the domain of size `2n` (generator `g`,
//! `g² = ω` the generator of the domain of size `n`): the odd points of the
//! larger domain. arkworks' prover needs `h_query[i] = τ^i·Z(τ)/δ` for
//! `i = 0..n-2` (`Z(x) = x^n - 1`). The polynomial `f_i(x) = x^i·Z(x)` has
//! degree `i + n < 2n`, so it is its own interpolation on the domain of size
//! `2n`: `f_i(τ) = Σ_j f_i(g^j)·L_j(τ)`. On the even points `g^{2k} = ω^k`,
//! `Z = 0`; on the odd ones `(g^{2k+1})^n = g^{n(2k+1)} = -1` (`g^n = -1`
//! has order 2), so `Z = -2` and `f_i(g^{2k+1}) = -2·g^i·ω^{ik}`. Hence
//!
//! ```text
//! h_query[i] = -2 · g^i · Σ_k ω^{ik} · P_k
//! ```
//!
//! a size-`n` DFT of the points `P_k` (ark-poly's radix-2 FFT on G1
//! elements), then each output scaled by `-2·g^i`. The unit tests check it
//! against `τ^i·Z(τ)/δ` computed from a known `τ` and `δ`, and a whole key
//! against arkworks' key generator's from the same secrets.
//!
//! # Checks
//!
//! The key must be the statement's: its wire count, public inputs, domain
//! and its coefficients section (A and B of the circuit with the public
//! rows) equal those of the statement's circuit, it must have at least one
//! contribution (the initial key's `delta = 1` is public), and its delta in
//! G1 and G2 must be the same secret. Whether the A, B1, B2, IC points and
//! the ceremony itself follow from the powers of tau is what
//! [`super::phase2::verify`] checks (`zkcred ceremony verify`, or
//! `ceremony export --ptau`).

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{Field, One};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use blake2::{Blake2b512, Digest};

use super::{keypair::same_ratio, r1cs::R1cs, zkey::Coefficient, Zkey};
use crate::{
    keys::{KeyOrigin, ProvingKeyFor, Statement, VerifyingKeyFor},
    Error, Result,
};

/// BLAKE2b-512 of a `.zkey` file's bytes: the origin an exported key's
/// header names (what `b2sum` prints for the file).
pub fn zkey_hash(bytes: &[u8]) -> [u8; 64] {
    Blake2b512::digest(bytes).into()
}

/// The coefficients section a zkey of `r1cs` has (`snarkjs groth16 setup`):
/// per constraint, A's terms then B's, then `A[nC + s][s] = 1` for the
/// constant and each public wire `s`.
pub fn coefficients(r1cs: &R1cs) -> Vec<Coefficient> {
    let mut out = Vec::new();
    for (row, c) in r1cs.constraints.iter().enumerate() {
        for (matrix, lc) in [(0u32, &c.a), (1, &c.b)] {
            for (signal, value) in lc {
                out.push(Coefficient {
                    matrix,
                    constraint: row as u32,
                    signal: *signal,
                    value: *value,
                });
            }
        }
    }
    let n = r1cs.constraints.len();
    for s in 0..=r1cs.n_public() {
        out.push(Coefficient {
            matrix: 0,
            constraint: (n as u32).saturating_add(s),
            signal: s,
            value: Fr::one(),
        });
    }
    out
}

/// Checks that `zkey` is a ceremony key of the statement `S`: shape,
/// coefficients and delta (see the module documentation).
pub fn check_statement<S: Statement>(zkey: &Zkey) -> Result<()> {
    let not_ours = Error::Key("the zkey is not for this circuit (or circuit version)");
    if zkey.n_public as usize != S::PUBLIC_INPUTS {
        return Err(Error::Key("the zkey has the wrong number of public inputs"));
    }
    let r1cs = R1cs::from_circuit(S::blank())?;
    let n_rows = r1cs.constraints.len() + r1cs.n_public() as usize + 1;
    let domain = n_rows.next_power_of_two();
    if zkey.n_vars != r1cs.n_wires
        || zkey.n_public != r1cs.n_public()
        || zkey.domain_size as usize != domain
    {
        return Err(not_ours);
    }
    if zkey.coefficients != coefficients(&r1cs) {
        return Err(not_ours);
    }
    if zkey.contributions.is_empty() {
        return Err(Error::Key(
            "the zkey has no phase-2 contribution (its delta is public)",
        ));
    }
    if !same_ratio(
        &G1Affine::generator(),
        &zkey.delta_g1,
        &G2Affine::generator(),
        &zkey.delta_g2,
    ) {
        return Err(Error::Key("the zkey's delta differs between G1 and G2"));
    }
    Ok(())
}

/// arkworks' `h_query` (`τ^i·Z(τ)/δ`, `i < n - 1`) from snarkjs's H
/// section (`L_{2k+1}(τ)/δ` on the domain of size `2n`); see the module
/// documentation.
pub fn h_query(h: &[G1Affine]) -> Result<Vec<G1Affine>> {
    let n = h.len();
    if n < 2 || !n.is_power_of_two() {
        return Err(Error::Key("zkey H section (not a power of two)"));
    }
    let small = Radix2EvaluationDomain::<Fr>::new(n).ok_or(Error::Key("zkey domain too large"))?;
    let large =
        Radix2EvaluationDomain::<Fr>::new(2 * n).ok_or(Error::Key("zkey domain too large"))?;
    let g = large.group_gen();
    debug_assert_eq!(g.square(), small.group_gen());
    let mut points: Vec<G1Projective> = h.iter().map(|p| p.into_group()).collect();
    small.fft_in_place(&mut points);
    points.truncate(n - 1);
    let minus_two = -Fr::from(2u64);
    let factors: Vec<Fr> = std::iter::successors(Some(minus_two), |f| Some(*f * g))
        .take(n - 1)
        .collect();
    scale_each(&mut points, &factors);
    Ok(G1Projective::normalize_batch(&points))
}

/// `points[i] *= factors[i]`, on all cores with the `parallel` feature.
fn scale_each(points: &mut [G1Projective], factors: &[Fr]) {
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        points
            .par_iter_mut()
            .zip(factors.par_iter())
            .for_each(|(p, f)| *p *= *f);
    }
    #[cfg(not(feature = "threads"))]
    points.iter_mut().zip(factors).for_each(|(p, f)| *p *= *f);
}

/// The proving and verifying keys of the statement `S` in the ceremony key
/// `zkey` ([`check_statement`] first), their headers naming `zkey_blake2b`
/// ([`zkey_hash`] of the file) as their origin.
pub fn export<S: Statement>(
    zkey: &Zkey,
    zkey_blake2b: [u8; 64],
) -> Result<(ProvingKeyFor<S>, VerifyingKeyFor<S>)> {
    check_statement::<S>(zkey)?;
    let key = ark_groth16::ProvingKey::<Bn254> {
        vk: zkey.verifying_key(),
        beta_g1: zkey.beta_g1,
        delta_g1: zkey.delta_g1,
        a_query: zkey.a.clone(),
        b_g1_query: zkey.b_g1.clone(),
        b_g2_query: zkey.b_g2.clone(),
        h_query: h_query(&zkey.h)?,
        l_query: zkey.c.clone(),
    };
    let origin = KeyOrigin::Ceremony { zkey_blake2b };
    let pk = ProvingKeyFor::<S>::from_ark_checked(key)?.with_origin(origin);
    let vk = pk.verifying_key();
    Ok((pk, vk))
}

/// [`export`] from the `.zkey` file's bytes (parsed and validated by
/// [`Zkey::from_bytes`]; the origin is their [`zkey_hash`]).
pub fn export_bytes<S: Statement>(bytes: &[u8]) -> Result<(ProvingKeyFor<S>, VerifyingKeyFor<S>)> {
    let zkey = Zkey::from_bytes(bytes)?;
    export::<S>(&zkey, zkey_hash(bytes))
}

#[cfg(test)]
mod tests {
    use ark_ec::PrimeGroup;
    use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};
    use ark_poly::EvaluationDomain;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    use super::*;
    use crate::{
        circom::{keypair::ChaCha, phase1, phase2},
        keys::tests::{Tiny, TinyCircuit},
        ErrorKind,
    };

    fn mul(p: G1Affine, k: Fr) -> G1Affine {
        (p * k).into_affine()
    }

    /// The H conversion against `τ^i·Z(τ)/δ` for a known `τ` and `δ`, with
    /// `P_k` built from ark-poly's Lagrange coefficients of the domain of
    /// size `2n`.
    #[test]
    fn h_query_is_tau_powers_times_z_over_delta() {
        let tau = Fr::from(123_456_789u64);
        let delta_inv = Fr::from(987_654_321u64).inverse().unwrap();
        let g = G1Affine::generator();
        for n in [2usize, 4, 16] {
            let large = Radix2EvaluationDomain::<Fr>::new(2 * n).unwrap();
            let l = large.evaluate_all_lagrange_coefficients(tau);
            let p: Vec<G1Affine> = (0..n).map(|k| mul(g, l[2 * k + 1] * delta_inv)).collect();
            let ours = h_query(&p).unwrap();
            let z = tau.pow([n as u64]) - Fr::one();
            let expected: Vec<G1Affine> = (0..n - 1)
                .map(|i| mul(g, tau.pow([i as u64]) * z * delta_inv))
                .collect();
            assert_eq!(ours, expected, "n = {n}");
        }
        assert_eq!(h_query(&[g; 3]).unwrap_err().kind(), ErrorKind::Key);
        assert_eq!(h_query(&[g]).unwrap_err().kind(), ErrorKind::Key);
    }

    /// A powers of tau with known secrets (`new` then each power scaled).
    fn known_ptau(power: u32, tau: Fr, alpha: Fr, beta: Fr) -> crate::circom::ptau::Ptau {
        let mut ptau = phase1::new_accumulator(power).unwrap();
        let pow = |i: usize| tau.pow([i as u64]);
        for (i, p) in ptau.tau_g1.iter_mut().enumerate() {
            *p = mul(*p, pow(i));
        }
        for (i, p) in ptau.tau_g2.iter_mut().enumerate() {
            *p = (*p * pow(i)).into_affine();
        }
        for (i, p) in ptau.alpha_tau_g1.iter_mut().enumerate() {
            *p = mul(*p, alpha * pow(i));
        }
        for (i, p) in ptau.beta_tau_g1.iter_mut().enumerate() {
            *p = mul(*p, beta * pow(i));
        }
        ptau.beta_g2 = (ptau.beta_g2 * beta).into_affine();
        phase1::prepare(&ptau).unwrap()
    }

    /// A ceremony key of the test circuit from known secrets (`τ`, `α`,
    /// `β`, and `δ` the one contribution's), and `δ`.
    fn known_zkey() -> (Zkey, Fr, Fr, Fr, Fr) {
        let (tau, alpha, beta) = (Fr::from(5555u64), Fr::from(77u64), Fr::from(91u64));
        let ptau = known_ptau(4, tau, alpha, beta);
        let r1cs = R1cs::from_circuit(TinyCircuit(None)).unwrap();
        let mut zkey = phase2::new_zkey(&r1cs, &ptau).unwrap();
        let mut rng = ChaCha::new([7u32; 8]);
        let delta = crate::circom::keypair::fr_from_rng(&mut rng.clone());
        phase2::contribute_with_rng(&mut zkey, Some("test"), &mut rng).unwrap();
        (zkey, tau, alpha, beta, delta)
    }

    /// The exported key equals arkworks' key generator's output for the
    /// same `τ`, `α`, `β`, `γ = 1`, `δ` (its QAP evaluated at `τ`, the
    /// scalars multiplied by the standard generators, as
    /// `generate_parameters_with_qap` does).
    #[test]
    fn the_export_is_arkworks_key_from_the_same_secrets() {
        let (zkey, tau, alpha, beta, delta) = known_zkey();
        let (pk, vk) = export::<Tiny>(&zkey, [9; 64]).unwrap();
        let cs = crate::circom::synthesize(TinyCircuit(None), false).unwrap();
        let n_instance = cs.num_instance_variables();
        let (a, b, c, zt, _, m) = LibsnarkReduction::instance_map_with_evaluation::<
            Fr,
            Radix2EvaluationDomain<Fr>,
        >(cs, &tau)
        .unwrap();
        let g1 = G1Affine::generator();
        let g2 = ark_bn254::G2Projective::generator();
        let d_inv = delta.inverse().unwrap();
        let k = |i: usize| beta * a[i] + alpha * b[i] + c[i];
        let ark = pk.as_ark();
        assert_eq!(ark.vk.alpha_g1, mul(g1, alpha));
        assert_eq!(ark.vk.beta_g2, (g2 * beta).into_affine());
        assert_eq!(ark.vk.gamma_g2, g2.into_affine());
        assert_eq!(ark.vk.delta_g2, (g2 * delta).into_affine());
        assert_eq!(ark.beta_g1, mul(g1, beta));
        assert_eq!(ark.delta_g1, mul(g1, delta));
        let ic: Vec<_> = (0..n_instance).map(|i| mul(g1, k(i))).collect();
        assert_eq!(ark.vk.gamma_abc_g1, ic);
        let l: Vec<_> = (n_instance..a.len())
            .map(|i| mul(g1, k(i) * d_inv))
            .collect();
        assert_eq!(ark.l_query, l);
        let a_q: Vec<_> = a.iter().map(|x| mul(g1, *x)).collect();
        let b1: Vec<_> = b.iter().map(|x| mul(g1, *x)).collect();
        let b2: Vec<_> = b.iter().map(|x| (g2 * x).into_affine()).collect();
        assert_eq!(ark.a_query, a_q);
        assert_eq!(ark.b_g1_query, b1);
        assert_eq!(ark.b_g2_query, b2);
        let h: Vec<_> = (0..m - 1)
            .map(|i| mul(g1, zt * d_inv * tau.pow([i as u64])))
            .collect();
        assert_eq!(ark.h_query, h);
        assert_eq!(vk.as_ark(), &zkey.verifying_key());
    }

    /// Proofs with the exported key verify with the exported verifying key;
    /// a changed public input does not; the keys round-trip through their
    /// files with their origin.
    #[test]
    fn the_exported_key_proves_and_verifies() {
        let (zkey, ..) = known_zkey();
        let bytes = zkey.to_bytes().unwrap();
        let (pk, vk) = export_bytes::<Tiny>(&bytes).unwrap();
        let origin = KeyOrigin::Ceremony {
            zkey_blake2b: zkey_hash(&bytes),
        };
        assert_eq!(pk.origin(), origin);
        assert_eq!(vk.origin(), origin);
        let rng = &mut ChaCha20Rng::seed_from_u64(3);
        let y = Fr::from(3u64 * 3 * 3 + 3 + 5);
        let proof = pk
            .prove_verified(TinyCircuit(Some(Fr::from(3u64))), &[y], rng)
            .unwrap();
        vk.verify(&proof, &[y]).unwrap();
        assert_eq!(
            vk.verify(&proof, &[y + Fr::one()]).unwrap_err().kind(),
            ErrorKind::VerificationFailed
        );
        let pk2 = ProvingKeyFor::<Tiny>::from_bytes(&pk.to_bytes()).unwrap();
        let vk2 = VerifyingKeyFor::<Tiny>::from_bytes(&vk.to_bytes()).unwrap();
        assert_eq!(pk2.origin(), origin);
        assert_eq!(vk2.origin(), origin);
        assert_eq!(pk2.as_ark(), pk.as_ark());
        pk2.check_against(&vk2).unwrap();
    }

    #[test]
    fn a_key_for_another_statement_or_without_contribution_is_refused() {
        let (zkey, ..) = known_zkey();
        // Another circuit (the presentation's shape is not the test one's).
        let err = export::<crate::keys::PresentationStatement>(&zkey, [0; 64]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Key);
        // A changed coefficient: another circuit of the same shape.
        let mut other = zkey.clone();
        other.coefficients[0].value += Fr::one();
        assert!(matches!(
            export::<Tiny>(&other, [0; 64]),
            Err(Error::Key(
                "the zkey is not for this circuit (or circuit version)"
            ))
        ));
        // No contribution: delta = 1 is public.
        let mut initial = zkey.clone();
        initial.contributions.clear();
        assert_eq!(
            export::<Tiny>(&initial, [0; 64]).unwrap_err().kind(),
            ErrorKind::Key
        );
        // delta in G2 not delta in G1's secret.
        let mut bad = zkey.clone();
        bad.delta_g2 = G2Affine::generator();
        assert!(matches!(
            export::<Tiny>(&bad, [0; 64]),
            Err(Error::Key("the zkey's delta differs between G1 and G2"))
        ));
        // A truncated file: a typed encoding error.
        let bytes = zkey.to_bytes().unwrap();
        assert_eq!(
            export_bytes::<Tiny>(&bytes[..bytes.len() / 2])
                .unwrap_err()
                .kind(),
            ErrorKind::Encoding
        );
    }
}
