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
//! Without tables, the plain-key prover uses zkcred's variable-base MSM
//! ([`msm`]: GLV, signed digits, batch-affine buckets), and a zkcred key
//! builds its circuit's constraint matrices on its first proof and keeps
//! them, so later proofs only compute the witness (issue #17).
//!
//! Soundness does not depend on this module: the output is a Groth16 proof
//! that the unchanged verifier checks, and the tests check that proofs from
//! it verify and that a false statement still yields none that does.

pub mod fixed_base;
pub mod msm;
pub mod progress;

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::CurveGroup;
use ark_ff::{PrimeField, UniformRand};
use ark_groth16::{
    r1cs_to_qap::{LibsnarkReduction, R1CSToQAP},
    Proof, ProvingKey,
};
use ark_poly::GeneralEvaluationDomain;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, Matrix, OptimizationGoal,
    SynthesisError, SynthesisMode, R1CS_PREDICATE_LABEL,
};
use rand_core::{CryptoRng, RngCore};
use std::sync::{Arc, OnceLock};
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
    matrices: OnceLock<CircuitMatrices>,
}

impl PreparedProvingKey {
    /// Precomputes the tables of `pk` ([`ProverTables::new`]).
    pub fn new(pk: ProvingKey<Bn254>) -> Self {
        PreparedProvingKey {
            tables: ProverTables::new(&pk),
            pk,
            matrices: OnceLock::new(),
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

/// What a zkcred key type carries for its prover (`keys::ProvingKey`,
/// `ScorecardProvingKey`): the optional tables (none until `prepare`) and
/// the circuit's constraint matrices (built on the first proof), both
/// shared by clones.
#[derive(Clone, Default)]
pub(crate) struct LazyTables {
    tables: Option<Arc<ProverTables>>,
    matrices: Arc<OnceLock<CircuitMatrices>>,
}

impl LazyTables {
    /// Builds the tables of `pk` unless already built.
    pub(crate) fn prepare(&mut self, pk: &ProvingKey<Bn254>) {
        if self.tables.is_none() {
            self.tables = Some(Arc::new(ProverTables::new(pk)));
        }
    }

    /// Whether the tables are built.
    pub(crate) fn is_built(&self) -> bool {
        self.tables.is_some()
    }

    /// Bytes held by the tables (0 before [`LazyTables::prepare`]).
    pub(crate) fn memory_bytes(&self) -> usize {
        self.tables.as_ref().map_or(0, |t| t.memory_bytes())
    }

    /// Proves with the tables when built, else with the plain prover; from
    /// the second proof on, with the matrices the first one built.
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
        match &self.tables {
            Some(tables) => prove_tables_cached(pk, tables, circuit, rng, Some(&self.matrices)),
            None => prove_plain_cached(pk, circuit, rng, Some(&self.matrices)),
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
    prove_tables_cached(&key.pk, &key.tables, circuit, rng, Some(&key.matrices))
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

/// A circuit's R1CS matrices (`A`, `B`, `C`, as arkworks builds them with
/// linear combinations inlined) and sizes. They depend on the circuit only,
/// not on the assignment: a key builds them on its first proof, and later
/// proofs synthesise the witness alone (issue #17). No secret in them.
pub(crate) struct CircuitMatrices {
    matrices: Vec<Matrix<Fr>>,
    num_instance: usize,
    num_witness: usize,
    num_constraints: usize,
}

/// Synthesizes `circuit` and computes the witness map, as ark-groth16's
/// prover does, then wipes the constraint system's assignments (public,
/// witness and linear-combination values) before it is dropped, on error
/// paths too. What arkworks allocates and frees inside synthesis and the
/// witness map (the gadgets' own copies of values, the QAP evaluations) is
/// out of reach and not wiped.
fn synthesize<C: ConstraintSynthesizer<Fr>>(
    circuit: C,
    cache: Option<&OnceLock<CircuitMatrices>>,
) -> Result<Synthesized, SynthesisError> {
    synthesize_in(&ConstraintSystem::new_ref(), circuit, cache)
}

/// [`synthesize`] in the fresh constraint system `cs`. With the circuit's
/// matrices in `cache`, the constraint system only computes the witness
/// (`construct_matrices: false`: no linear combinations kept, no
/// constraints recorded, no inlining) and the witness map evaluates the
/// cached matrices; a witness of another shape than theirs is refused
/// (`Unsatisfiable`). Without, the matrices are built, and kept in `cache`
/// when there is one.
fn synthesize_in<C: ConstraintSynthesizer<Fr>>(
    cs: &ConstraintSystemRef<Fr>,
    circuit: C,
    cache: Option<&OnceLock<CircuitMatrices>>,
) -> Result<Synthesized, SynthesisError> {
    let cached = cache
        .and_then(OnceLock::get)
        .filter(|_| !reference::matrices_each_proof());
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: cached.is_none(),
        generate_lc_assignments: false,
    });
    let result = (|| {
        circuit.generate_constraints(cs.clone())?;
        let built = match cached {
            Some(_) => None,
            None => {
                cs.finalize();
                let matrices = cs
                    .to_matrices()?
                    .remove(R1CS_PREDICATE_LABEL)
                    .ok_or(SynthesisError::PredicateNotFound)?;
                Some(CircuitMatrices {
                    matrices,
                    num_instance: cs.num_instance_variables(),
                    num_witness: cs.num_witness_variables(),
                    num_constraints: cs.num_constraints(),
                })
            }
        };
        let m = cached.or(built.as_ref()).ok_or(SynthesisError::MissingCS)?;
        let prover = cs.borrow().ok_or(SynthesisError::MissingCS)?;
        let input = prover.instance_assignment()?;
        let aux = prover.witness_assignment()?;
        if input.len() != m.num_instance || aux.len() != m.num_witness {
            return Err(SynthesisError::Unsatisfiable);
        }
        let mut full: Vec<Fr> = input.iter().chain(aux).copied().collect();
        let h = LibsnarkReduction::witness_map_from_matrices::<Fr, GeneralEvaluationDomain<Fr>>(
            &m.matrices,
            m.num_instance,
            m.num_constraints,
            &full,
        );
        full.zeroize();
        let mut h = h?;
        let h_big: Vec<_> = h.iter().map(|x| x.into_bigint()).collect();
        h.zeroize();
        let out = Synthesized {
            assignment: input
                .iter()
                .skip(1)
                .chain(aux.iter())
                .map(|x| x.into_bigint())
                .collect(),
            aux_len: aux.len(),
            h: h_big,
        };
        drop(prover);
        if let (Some(cache), Some(built)) = (cache, built) {
            // Another thread may have filled it first: the same matrices.
            let _ = cache.set(built);
        }
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
/// plain ([`msm`] over the key's points) or over precomputed tables.
trait Msms {
    fn a(&self, scalars: &Scalars) -> G1Projective;
    fn b_g1(&self, scalars: &Scalars) -> G1Projective;
    fn b_g2(&self, scalars: &Scalars) -> G2Projective;
    fn l(&self, scalars: &Scalars) -> G1Projective;
    fn h(&self, scalars: &Scalars) -> G1Projective;
}

/// zkcred's variable-base MSM ([`msm`]) over the key's own points (or
/// arkworks', with the `reference-prover` feature's switch on).
struct PlainMsms<'a>(&'a ProvingKey<Bn254>);

fn msm_g1(bases: &[ark_bn254::G1Affine], scalars: &Scalars) -> G1Projective {
    if reference::arkworks_msm() {
        <G1Projective as ark_ec::VariableBaseMSM>::msm_bigint(bases, scalars)
    } else {
        msm::msm_g1(bases, scalars)
    }
}

fn msm_g2(bases: &[ark_bn254::G2Affine], scalars: &Scalars) -> G2Projective {
    if reference::arkworks_msm() {
        <G2Projective as ark_ec::VariableBaseMSM>::msm_bigint(bases, scalars)
    } else {
        msm::msm_g2(bases, scalars)
    }
}

impl Msms for PlainMsms<'_> {
    fn a(&self, scalars: &Scalars) -> G1Projective {
        msm_g1(skip_one(&self.0.a_query), scalars)
    }
    fn b_g1(&self, scalars: &Scalars) -> G1Projective {
        msm_g1(skip_one(&self.0.b_g1_query), scalars)
    }
    fn b_g2(&self, scalars: &Scalars) -> G2Projective {
        msm_g2(skip_one(&self.0.b_g2_query), scalars)
    }
    fn l(&self, scalars: &Scalars) -> G1Projective {
        msm_g1(&self.0.l_query, scalars)
    }
    fn h(&self, scalars: &Scalars) -> G1Projective {
        msm_g1(&self.0.h_query, scalars)
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
    cache: Option<&OnceLock<CircuitMatrices>>,
) -> Result<Proof<Bn254>, SynthesisError>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
{
    let mut r = Fr::rand(rng);
    let mut s = Fr::rand(rng);
    let proof = progress::checkpoint(progress::Stage::Witness)
        .and_then(|()| synthesize(circuit, cache))
        .and_then(|w| {
            if !fits(w.assignment.len(), w.aux_len) {
                return Err(SynthesisError::Unsatisfiable);
            }
            progress::checkpoint(progress::Stage::Msm)?;
            Ok(assemble(pk, msms, &w, r, s))
        });
    r.zeroize();
    s.zeroize();
    proof
}

/// Proves `circuit` with `pk` without tables: what `Groth16::<Bn254>::prove`
/// computes (the same proof for the same `rng`), with zkcred's MSMs
/// ([`msm`]), the witness and the randomness wiped afterwards
/// ([`synthesize`]). Used by key types whose tables are not built.
pub fn prove_plain<C, R>(
    pk: &ProvingKey<Bn254>,
    circuit: C,
    rng: &mut R,
) -> Result<Proof<Bn254>, SynthesisError>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
{
    prove_plain_cached(pk, circuit, rng, None)
}

/// [`prove_plain`], with the circuit's matrices from (or into) `cache`.
fn prove_plain_cached<C, R>(
    pk: &ProvingKey<Bn254>,
    circuit: C,
    rng: &mut R,
    cache: Option<&OnceLock<CircuitMatrices>>,
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
    prove_over(pk, &PlainMsms(pk), fits, circuit, rng, cache)
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
    prove_tables_cached(pk, key, circuit, rng, None)
}

/// [`prove_with_tables`], with the circuit's matrices from (or into)
/// `cache`.
fn prove_tables_cached<C, R>(
    pk: &ProvingKey<Bn254>,
    key: &ProverTables,
    circuit: C,
    rng: &mut R,
    cache: Option<&OnceLock<CircuitMatrices>>,
) -> Result<Proof<Bn254>, SynthesisError>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
{
    if !key.fits(pk) {
        return Err(SynthesisError::Unsatisfiable);
    }
    let fits = |assignment: usize, aux: usize| key.a.len() == assignment && key.l.len() == aux;
    prove_over(pk, key, fits, circuit, rng, cache)
}

/// Switches for benchmarks (feature `reference-prover`): run parts of the
/// plain-key prover as before issue #17, to measure old against new in one
/// process on one key. Process-wide; not for production use.
#[cfg(feature = "reference-prover")]
pub mod reference {
    use std::sync::atomic::{AtomicBool, Ordering};

    static ARKWORKS_MSM: AtomicBool = AtomicBool::new(false);
    static MATRICES_EACH_PROOF: AtomicBool = AtomicBool::new(false);

    /// With `on`, the plain prover's MSMs are arkworks's `msm_bigint`.
    pub fn set_arkworks_msm(on: bool) {
        ARKWORKS_MSM.store(on, Ordering::SeqCst);
    }

    /// With `on`, every proof builds the constraint matrices again instead
    /// of using the key's cached ones.
    pub fn set_matrices_each_proof(on: bool) {
        MATRICES_EACH_PROOF.store(on, Ordering::SeqCst);
    }

    pub(crate) fn arkworks_msm() -> bool {
        ARKWORKS_MSM.load(Ordering::SeqCst)
    }

    pub(crate) fn matrices_each_proof() -> bool {
        MATRICES_EACH_PROOF.load(Ordering::SeqCst)
    }
}

/// Without the `reference-prover` feature: always the new prover.
#[cfg(not(feature = "reference-prover"))]
mod reference {
    pub(crate) fn arkworks_msm() -> bool {
        false
    }

    pub(crate) fn matrices_each_proof() -> bool {
        false
    }
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
        let w = synthesize_in(&cs, cubic(0x5ec2e7), None).unwrap();
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
        assert!(synthesize_in(&cs, half, None).is_err());
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

    #[test]
    fn later_proofs_use_the_cached_matrices_and_stay_arkworks_proofs() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(4);
        let (pk, _) =
            Groth16::<Bn254>::circuit_specific_setup(Cubic { x: None, y: None }, &mut rng).unwrap();
        let seed = || rand_chacha::ChaCha20Rng::seed_from_u64(10);
        let theirs = |x| Groth16::<Bn254>::prove(&pk, cubic(x), &mut seed()).unwrap();
        let lazy = LazyTables::default();
        assert!(lazy.matrices.get().is_none());
        // The first proof builds the matrices, the next ones use them.
        assert_eq!(lazy.prove(&pk, cubic(5), &mut seed()).unwrap(), theirs(5));
        assert!(lazy.matrices.get().is_some());
        assert_eq!(lazy.prove(&pk, cubic(5), &mut seed()).unwrap(), theirs(5));
        assert_eq!(lazy.prove(&pk, cubic(11), &mut seed()).unwrap(), theirs(11));
        // Clones share them; the prepared prover uses them too.
        let mut prepared = lazy.clone();
        prepared.prepare(&pk);
        assert!(Arc::ptr_eq(&prepared.matrices, &lazy.matrices));
        assert_eq!(
            prepared.prove(&pk, cubic(12), &mut seed()).unwrap(),
            theirs(12)
        );
        let key = PreparedProvingKey::new(pk.clone());
        assert_eq!(prove(&key, cubic(13), &mut seed()).unwrap(), theirs(13));
        assert!(key.matrices.get().is_some());
        assert_eq!(prove(&key, cubic(14), &mut seed()).unwrap(), theirs(14));
    }

    #[test]
    fn witness_only_synthesis_records_no_constraint_and_gives_the_same_witness() {
        let cache = OnceLock::new();
        let full = synthesize_in(&ConstraintSystem::new_ref(), cubic(9), Some(&cache)).unwrap();
        let m = cache.get().unwrap();
        assert!(m.num_constraints > 300);
        let cs = ConstraintSystem::new_ref();
        let cached = synthesize_in(&cs, cubic(9), Some(&cache)).unwrap();
        assert_eq!(cs.num_constraints(), 0, "no constraint recorded");
        assert_eq!(cached.assignment, full.assignment);
        assert_eq!(cached.aux_len, full.aux_len);
        assert_eq!(cached.h, full.h);
        // Wiped on this path too.
        assert!(cs
            .borrow()
            .unwrap()
            .assignments
            .witness_assignment
            .is_empty());
    }

    /// `x·x == y`: a circuit of another shape than [`Cubic`].
    struct Square(Fr);

    impl ConstraintSynthesizer<Fr> for Square {
        fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
            let y = FpVar::new_input(cs.clone(), || Ok(self.0 * self.0))?;
            let x = FpVar::new_witness(cs, || Ok(self.0))?;
            (&x * &x).enforce_equal(&y)
        }
    }

    #[test]
    fn cached_matrices_refuse_a_witness_of_another_shape() {
        let cache = OnceLock::new();
        assert!(synthesize_in(&ConstraintSystem::new_ref(), cubic(2), Some(&cache)).is_ok());
        assert!(matches!(
            synthesize_in(
                &ConstraintSystem::new_ref(),
                Square(Fr::from(3u64)),
                Some(&cache)
            ),
            Err(SynthesisError::Unsatisfiable)
        ));
    }
}
