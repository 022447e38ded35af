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
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::{PrimeField, UniformRand};
use ark_groth16::{
    r1cs_to_qap::{LibsnarkReduction, R1CSToQAP},
    Proof, ProvingKey,
};
use ark_poly::GeneralEvaluationDomain;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, OptimizationGoal, SynthesisError,
    SynthesisMode,
};
use rand_core::{CryptoRng, RngCore};
use std::sync::Arc;
use zeroize::Zeroize;

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
            None => prove_plain(pk, circuit, rng),
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

/// A circuit's assignment (public inputs without the constant one, then
/// the witness) and its QAP quotient `h`, as the MSMs take them. Both are
/// the holder's secrets in another form: wiped on drop.
struct Synthesized {
    assignment: Vec<<Fr as PrimeField>::BigInt>,
    aux_len: usize,
    h: Vec<<Fr as PrimeField>::BigInt>,
}

impl Synthesized {
    /// The witness part of the assignment.
    fn aux(&self) -> &[<Fr as PrimeField>::BigInt] {
        &self.assignment[self.assignment.len() - self.aux_len..]
    }
}

impl Drop for Synthesized {
    fn drop(&mut self) {
        self.assignment.zeroize();
        self.h.zeroize();
    }
}

/// Synthesizes `circuit` and computes the witness map, as ark-groth16's
/// prover does, then wipes the constraint system's assignments (public,
/// witness and linear-combination values) before it is dropped, on error
/// paths too. What arkworks allocates and frees inside synthesis and the
/// witness map (the gadgets' own copies of values, the QAP evaluations) is
/// out of reach and not wiped.
fn synthesize<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<Synthesized, SynthesisError> {
    synthesize_in(&ConstraintSystem::new_ref(), circuit)
}

/// [`synthesize`] in the fresh constraint system `cs`.
fn synthesize_in<C: ConstraintSynthesizer<Fr>>(
    cs: &ConstraintSystemRef<Fr>,
    circuit: C,
) -> Result<Synthesized, SynthesisError> {
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: true,
        generate_lc_assignments: false,
    });
    let result = (|| {
        circuit.generate_constraints(cs.clone())?;
        cs.finalize();
        let mut h = LibsnarkReduction::witness_map::<Fr, GeneralEvaluationDomain<Fr>>(cs.clone())?;
        let h_big: Vec<_> = h.iter().map(|x| x.into_bigint()).collect();
        h.zeroize();
        let mut out = Synthesized {
            assignment: Vec::new(),
            aux_len: 0,
            h: h_big,
        };
        let prover = cs.borrow().ok_or(SynthesisError::MissingCS)?;
        let input = prover.instance_assignment()?;
        let aux = prover.witness_assignment()?;
        out.assignment = input
            .iter()
            .skip(1)
            .chain(aux.iter())
            .map(|x| x.into_bigint())
            .collect();
        out.aux_len = aux.len();
        Ok(out)
    })();
    wipe_assignments(cs);
    result
}

/// Overwrites the values a constraint system holds (it keeps them until its
/// last reference is dropped).
fn wipe_assignments(cs: &ConstraintSystemRef<Fr>) {
    if let Some(mut cs) = cs.borrow_mut() {
        let values = &mut cs.assignments;
        values.instance_assignment.zeroize();
        values.witness_assignment.zeroize();
        values.lc_assignment.zeroize();
    }
}

type Scalars = [<Fr as PrimeField>::BigInt];

/// The five multi-scalar multiplications of a Groth16 proof over a key's
/// query vectors (without their first, constant-one, entries for A and B):
/// plain (arkworks' MSM over the key) or over precomputed tables.
trait Msms {
    fn a(&self, scalars: &Scalars) -> G1Projective;
    fn b_g1(&self, scalars: &Scalars) -> G1Projective;
    fn b_g2(&self, scalars: &Scalars) -> G2Projective;
    fn l(&self, scalars: &Scalars) -> G1Projective;
    fn h(&self, scalars: &Scalars) -> G1Projective;
}

/// arkworks' variable-base MSM over the key's own points.
struct PlainMsms<'a>(&'a ProvingKey<Bn254>);

impl Msms for PlainMsms<'_> {
    fn a(&self, scalars: &Scalars) -> G1Projective {
        G1Projective::msm_bigint(skip_one(&self.0.a_query), scalars)
    }
    fn b_g1(&self, scalars: &Scalars) -> G1Projective {
        G1Projective::msm_bigint(skip_one(&self.0.b_g1_query), scalars)
    }
    fn b_g2(&self, scalars: &Scalars) -> G2Projective {
        G2Projective::msm_bigint(skip_one(&self.0.b_g2_query), scalars)
    }
    fn l(&self, scalars: &Scalars) -> G1Projective {
        G1Projective::msm_bigint(&self.0.l_query, scalars)
    }
    fn h(&self, scalars: &Scalars) -> G1Projective {
        G1Projective::msm_bigint(&self.0.h_query, scalars)
    }
}

impl Msms for ProverTables {
    fn a(&self, scalars: &Scalars) -> G1Projective {
        self.a.msm(scalars)
    }
    fn b_g1(&self, scalars: &Scalars) -> G1Projective {
        self.b_g1.msm(scalars)
    }
    fn b_g2(&self, scalars: &Scalars) -> G2Projective {
        self.b_g2.msm(scalars)
    }
    fn l(&self, scalars: &Scalars) -> G1Projective {
        self.l.msm(scalars)
    }
    fn h(&self, scalars: &Scalars) -> G1Projective {
        self.h.msm(scalars)
    }
}

/// The Groth16 proof of the synthesized `w` with randomness `r`, `s`, the
/// MSMs done by `msms` (Groth 2016, section 3.2; arkworks' `create_proof`).
fn assemble(
    pk: &ProvingKey<Bn254>,
    msms: &impl Msms,
    w: &Synthesized,
    r: Fr,
    s: Fr,
) -> Proof<Bn254> {
    // A = α + Σ a_i·A_i + r·δ (G1).
    let g_a = pk.a_query[0] + msms.a(&w.assignment) + pk.vk.alpha_g1 + pk.delta_g1 * r;
    // B = β + Σ a_i·B_i + s·δ, in G1 (for C) and in G2.
    let g1_b = pk.b_g1_query[0] + msms.b_g1(&w.assignment) + pk.beta_g1 + pk.delta_g1 * s;
    let g2_b = pk.b_g2_query[0] + msms.b_g2(&w.assignment) + pk.vk.beta_g2 + pk.vk.delta_g2 * s;
    // C = Σ aux_i·L_i + Σ h_i·H_i + s·A + r·B - r·s·δ (G1).
    let g_c = msms.l(w.aux()) + msms.h(&w.h) + g_a * s + g1_b * r - pk.delta_g1 * (r * s);
    Proof {
        a: g_a.into_affine(),
        b: g2_b.into_affine(),
        c: g_c.into_affine(),
    }
}

/// Synthesizes `circuit`, checks the key's shape with `fits` (given the
/// assignment's length and the witness's), and assembles the proof with
/// fresh `r`, `s` drawn first (arkworks' order), wiping them afterwards.
fn prove_over<C, R>(
    pk: &ProvingKey<Bn254>,
    msms: &impl Msms,
    fits: impl FnOnce(usize, usize) -> bool,
    circuit: C,
    rng: &mut R,
) -> Result<Proof<Bn254>, SynthesisError>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
{
    let mut r = Fr::rand(rng);
    let mut s = Fr::rand(rng);
    let proof = synthesize(circuit).and_then(|w| {
        if !fits(w.assignment.len(), w.aux_len) {
            return Err(SynthesisError::Unsatisfiable);
        }
        Ok(assemble(pk, msms, &w, r, s))
    });
    r.zeroize();
    s.zeroize();
    proof
}

/// Proves `circuit` with `pk` without tables: what `Groth16::<Bn254>::prove`
/// computes (the same proof for the same `rng`), with the witness and the
/// randomness wiped afterwards ([`synthesize`]). Used by key types whose
/// tables are not built.
pub fn prove_plain<C, R>(
    pk: &ProvingKey<Bn254>,
    circuit: C,
    rng: &mut R,
) -> Result<Proof<Bn254>, SynthesisError>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
{
    let fits = |assignment: usize, aux: usize| {
        pk.a_query.len() == assignment + 1
            && pk.b_g1_query.len() == assignment + 1
            && pk.b_g2_query.len() == assignment + 1
            && pk.l_query.len() == aux
    };
    prove_over(pk, &PlainMsms(pk), fits, circuit, rng)
}

/// Proves `circuit` with `pk`: what `Groth16::<Bn254>::prove` computes
/// (Groth16, with the libsnark R1CS-to-QAP reduction and fresh `r`, `s`
/// from `rng`), with the MSMs over `tables` (made from `pk`; tables of a
/// key of another shape are refused with `SynthesisError::Unsatisfiable`).
/// The witness and the randomness are wiped afterwards ([`synthesize`]).
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
    let fits = |assignment: usize, aux: usize| key.a.len() == assignment && key.l.len() == aux;
    prove_over(pk, key, fits, circuit, rng)
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
    fn the_plain_prover_makes_arkworks_proofs() {
        // Same rng state: same r and s, hence the same proof bytes.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
        let (pk, _) =
            Groth16::<Bn254>::circuit_specific_setup(Cubic { x: None, y: None }, &mut rng).unwrap();
        let seed = || rand_chacha::ChaCha20Rng::seed_from_u64(8);
        let ours = prove_plain(&pk, cubic(5), &mut seed()).unwrap();
        let theirs = Groth16::<Bn254>::prove(&pk, cubic(5), &mut seed()).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn synthesis_leaves_no_assignment_in_the_constraint_system() {
        // Issue 16, point 7: the constraint system kept every witness value
        // (the holder secret among them) until dropped, unwiped.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let secret = Fr::from(0x5ec2e7u64);
        let w = synthesize_in(&cs, cubic(0x5ec2e7)).unwrap();
        assert!(w.aux().iter().any(|x| *x == secret.into_bigint()));
        let kept = cs.borrow().unwrap();
        assert!(kept.assignments.witness_assignment.is_empty());
        assert!(kept.assignments.instance_assignment.is_empty());
        assert!(kept.assignments.lc_assignment.is_empty());
        // On an error path too: the input is assigned, then the witness is
        // missing.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let half = Cubic {
            x: None,
            y: cubic(3).y,
        };
        assert!(synthesize_in(&cs, half).is_err());
        assert!(cs
            .borrow()
            .unwrap()
            .assignments
            .instance_assignment
            .is_empty());
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
