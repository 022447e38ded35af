//! Groth16 proving with a prepared proving key: the same proofs as
//! `ark_groth16::Groth16::prove`, faster, for provers that make many proofs
//! with one key (servers, desktop wallets, benchmarks).
//!
//! A Groth16 proof is five multi-scalar multiplications over the proving
//! key's fixed bases (`A`, `B` in G1 and G2, `L`, `H`) plus the witness and
//! its FFTs. [`PreparedProvingKey`] precomputes, once, every base shifted to
//! every MSM window ([`fixed_base`]), which cuts the MSMs' additions by about
//! a third and proofs by a sixth to a quarter (on two cores: 97 ms against
//! 120 ms for the 4,870-constraint statement of the peer benchmark, 194
//! against 260 ms for the presentation). The price is memory, about 20
//! affine points per base: 41.7 MB and 95.9 MB of tables for those two
//! circuits (see [`PreparedProvingKey::memory_bytes`]), built once in 0.7 s
//! and 1.8 s. Phones should keep using the plain key.
//!
//! Like arkworks's own MSMs, these are not constant time in the witness
//! (bucket indices come from the scalars' digits, zero scalars are
//! skipped): a prover sharing a machine with an attacker who can time its
//! caches exposes as much as with `Groth16::prove`, no more.
//!
//! Soundness does not depend on this module: the output is a Groth16 proof
//! that the unchanged verifier checks, and the tests check that proofs from
//! it verify and that a false statement still yields none that does.

pub mod fixed_base;

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::CurveGroup;
use ark_ff::{PrimeField, UniformRand};
use ark_groth16::{
    r1cs_to_qap::{LibsnarkReduction, R1CSToQAP},
    Proof, ProvingKey,
};
use ark_poly::GeneralEvaluationDomain;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisError, SynthesisMode,
};
use ark_snark::SNARK;
use rand_core::{CryptoRng, RngCore};
use std::sync::Arc;

use fixed_base::FixedBaseTable;

/// The precomputed MSM tables of one Groth16 proving key, one per query.
/// Build them once per key with [`ProverTables::new`] (about a second on
/// two cores for the presentation circuit) and prove with
/// [`prove_with_tables`], or keep key and tables together in a
/// [`PreparedProvingKey`].
pub struct ProverTables {
    a: FixedBaseTable<G1Projective>,
    b_g1: FixedBaseTable<G1Projective>,
    b_g2: FixedBaseTable<G2Projective>,
    l: FixedBaseTable<G1Projective>,
    h: FixedBaseTable<G1Projective>,
}

impl ProverTables {
    /// Precomputes the tables of `pk` (taken as is: validate a key when
    /// loading it, as [`crate::keys::ProvingKey::from_bytes`] does).
    pub fn new(pk: &ProvingKey<Bn254>) -> Self {
        ProverTables {
            a: FixedBaseTable::new(skip_one(&pk.a_query)),
            b_g1: FixedBaseTable::new(skip_one(&pk.b_g1_query)),
            b_g2: FixedBaseTable::new(skip_one(&pk.b_g2_query)),
            l: FixedBaseTable::new(&pk.l_query),
            h: FixedBaseTable::new(&pk.h_query),
        }
    }

    /// Bytes held by the tables.
    pub fn memory_bytes(&self) -> usize {
        self.a.memory_bytes()
            + self.b_g1.memory_bytes()
            + self.b_g2.memory_bytes()
            + self.l.memory_bytes()
            + self.h.memory_bytes()
    }

    /// Whether these tables were made for a key with `pk`'s shape.
    fn fits(&self, pk: &ProvingKey<Bn254>) -> bool {
        self.a.len() + 1 == pk.a_query.len()
            && self.b_g1.len() + 1 == pk.b_g1_query.len()
            && self.b_g2.len() + 1 == pk.b_g2_query.len()
            && self.l.len() == pk.l_query.len()
            && self.h.len() == pk.h_query.len()
    }
}

/// A Groth16 proving key with its [`ProverTables`].
pub struct PreparedProvingKey {
    pk: ProvingKey<Bn254>,
    tables: ProverTables,
}

impl PreparedProvingKey {
    /// Precomputes the tables of `pk` ([`ProverTables::new`]).
    pub fn new(pk: ProvingKey<Bn254>) -> Self {
        PreparedProvingKey {
            tables: ProverTables::new(&pk),
            pk,
        }
    }

    /// The proving key.
    pub fn proving_key(&self) -> &ProvingKey<Bn254> {
        &self.pk
    }

    /// Bytes held by the precomputed tables (the key itself not counted).
    pub fn memory_bytes(&self) -> usize {
        self.tables.memory_bytes()
    }
}

/// The optional tables a zkcred key type carries (`keys::ProvingKey`,
/// `ScorecardProvingKey`): none until `prepare`, then shared by clones.
#[derive(Clone, Default)]
pub(crate) struct LazyTables(Option<Arc<ProverTables>>);

impl LazyTables {
    /// Builds the tables of `pk` unless already built.
    pub(crate) fn prepare(&mut self, pk: &ProvingKey<Bn254>) {
        if self.0.is_none() {
            self.0 = Some(Arc::new(ProverTables::new(pk)));
        }
    }

    /// Whether the tables are built.
    pub(crate) fn is_built(&self) -> bool {
        self.0.is_some()
    }

    /// Bytes held by the tables (0 before [`LazyTables::prepare`]).
    pub(crate) fn memory_bytes(&self) -> usize {
        self.0.as_ref().map_or(0, |t| t.memory_bytes())
    }

    /// Proves with the tables when built, else with arkworks's prover.
    pub(crate) fn prove<C, R>(
        &self,
        pk: &ProvingKey<Bn254>,
        circuit: C,
        rng: &mut R,
    ) -> Result<Proof<Bn254>, SynthesisError>
    where
        C: ConstraintSynthesizer<Fr>,
        R: RngCore + CryptoRng,
    {
        match &self.0 {
            Some(tables) => prove_with_tables(pk, tables, circuit, rng),
            None => ark_groth16::Groth16::<Bn254>::prove(pk, circuit, rng),
        }
    }
}

/// [`prove_with_tables`] with the key's own tables.
pub fn prove<C, R>(
    key: &PreparedProvingKey,
    circuit: C,
    rng: &mut R,
) -> Result<Proof<Bn254>, SynthesisError>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
{
    prove_with_tables(&key.pk, &key.tables, circuit, rng)
}

/// A query without its first element (the constant's, added separately).
fn skip_one<T>(query: &[T]) -> &[T] {
    query.get(1..).unwrap_or(&[])
}

/// Proves `circuit` with `pk`: what `Groth16::<Bn254>::prove` computes
/// (Groth16, with the libsnark R1CS-to-QAP reduction and fresh `r`, `s`
/// from `rng`), with the MSMs over `tables` (made from `pk`; tables of a
/// key of another shape are refused with `SynthesisError::Unsatisfiable`).
pub fn prove_with_tables<C, R>(
    pk: &ProvingKey<Bn254>,
    key: &ProverTables,
    circuit: C,
    rng: &mut R,
) -> Result<Proof<Bn254>, SynthesisError>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
{
    if !key.fits(pk) {
        return Err(SynthesisError::Unsatisfiable);
    }
    let r = Fr::rand(rng);
    let s = Fr::rand(rng);

    // Synthesis and the witness map, as ark-groth16's prover does them.
    let cs = ConstraintSystem::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: true,
        generate_lc_assignments: false,
    });
    circuit.generate_constraints(cs.clone())?;
    cs.finalize();
    let h = LibsnarkReduction::witness_map::<Fr, GeneralEvaluationDomain<Fr>>(cs.clone())?;
    let h: Vec<_> = h.iter().map(|x| x.into_bigint()).collect();
    let (assignment, aux_len) = {
        let prover = cs.borrow().ok_or(SynthesisError::MissingCS)?;
        let input = prover.instance_assignment()?;
        let aux = prover.witness_assignment()?;
        let assignment: Vec<_> = input
            .iter()
            .skip(1)
            .chain(aux.iter())
            .map(|x| x.into_bigint())
            .collect();
        (assignment, aux.len())
    };
    let aux = &assignment[assignment.len() - aux_len..];

    if key.a.len() != assignment.len() || key.l.len() != aux.len() {
        return Err(SynthesisError::Unsatisfiable);
    }

    // A = α + Σ a_i·A_i + r·δ (G1).
    let g_a = pk.a_query[0] + key.a.msm(&assignment) + pk.vk.alpha_g1 + pk.delta_g1 * r;
    // B = β + Σ a_i·B_i + s·δ, in G1 (for C) and in G2.
    let g1_b = pk.b_g1_query[0] + key.b_g1.msm(&assignment) + pk.beta_g1 + pk.delta_g1 * s;
    let g2_b = pk.b_g2_query[0] + key.b_g2.msm(&assignment) + pk.vk.beta_g2 + pk.vk.delta_g2 * s;
    // C = Σ aux_i·L_i + Σ h_i·H_i + s·A + r·B - r·s·δ (G1).
    let g_c = key.l.msm(aux) + key.h.msm(&h) + g_a * s + g1_b * r - pk.delta_g1 * (r * s);

    Ok(Proof {
        a: g_a.into_affine(),
        b: g2_b.into_affine(),
        c: g_c.into_affine(),
    })
}

#[cfg(test)]
mod tests {
    use ark_groth16::Groth16;
    use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};
    use ark_relations::gr1cs::ConstraintSystemRef;
    use ark_snark::SNARK;
    use rand_core::SeedableRng;

    use super::*;

    /// `x^3 + x + 5 == y` with `y` public, and a few hundred squarings to give
    /// the MSMs some size.
    #[derive(Clone)]
    struct Cubic {
        x: Option<Fr>,
        y: Option<Fr>,
    }

    impl ConstraintSynthesizer<Fr> for Cubic {
        fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
            let y = FpVar::new_input(cs.clone(), || {
                self.y.ok_or(SynthesisError::AssignmentMissing)
            })?;
            let x = FpVar::new_witness(cs.clone(), || {
                self.x.ok_or(SynthesisError::AssignmentMissing)
            })?;
            let x3 = &x * &x * &x;
            (x3 + &x + Fr::from(5u64)).enforce_equal(&y)?;
            let mut t = x;
            for _ in 0..300 {
                t = &t * &t;
            }
            let _ = t;
            Ok(())
        }
    }

    fn cubic(x: u64) -> Cubic {
        let x = Fr::from(x);
        Cubic {
            x: Some(x),
            y: Some(x * x * x + x + Fr::from(5u64)),
        }
    }

    #[test]
    fn proofs_verify_and_a_false_statement_does_not() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        let blank = Cubic { x: None, y: None };
        let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(blank, &mut rng).unwrap();
        let key = PreparedProvingKey::new(pk);
        assert!(key.memory_bytes() > 0);
        let pvk = Groth16::<Bn254>::process_vk(&vk).unwrap();
        for x in [0, 1, 3, 1 << 40] {
            let c = cubic(x);
            let y = c.y.unwrap();
            let proof = prove(&key, c, &mut rng).unwrap();
            assert!(Groth16::<Bn254>::verify_with_processed_vk(&pvk, &[y], &proof).unwrap());
            assert!(!Groth16::<Bn254>::verify_with_processed_vk(
                &pvk,
                &[y + Fr::from(1u64)],
                &proof
            )
            .unwrap());
        }
        // A witness that does not satisfy the circuit: y for another x.
        let lie = Cubic {
            x: Some(Fr::from(2u64)),
            y: cubic(3).y,
        };
        let proof = prove(&key, lie, &mut rng).unwrap();
        assert!(
            !Groth16::<Bn254>::verify_with_processed_vk(&pvk, &[cubic(3).y.unwrap()], &proof)
                .unwrap()
        );
    }

    #[test]
    fn same_proof_as_arkworks_for_the_same_randomness() {
        // Same rng state: same r and s, hence the same proof bytes.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2);
        let (pk, _) =
            Groth16::<Bn254>::circuit_specific_setup(Cubic { x: None, y: None }, &mut rng).unwrap();
        let key = PreparedProvingKey::new(pk.clone());
        let ours = prove(
            &key,
            cubic(7),
            &mut rand_chacha::ChaCha20Rng::seed_from_u64(9),
        )
        .unwrap();
        let theirs = Groth16::<Bn254>::prove(
            &pk,
            cubic(7),
            &mut rand_chacha::ChaCha20Rng::seed_from_u64(9),
        )
        .unwrap();
        assert_eq!(ours, theirs);
    }
}
