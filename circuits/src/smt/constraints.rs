//! The R1CS twin of [`MerklePath::compute_root`]: the root of the revocation
//! tree from a leaf, its key's bits and its path.
//!
//! # Cost
//!
//! `16 * (297 + 4) = 4816` constraints: per level one Poseidon(4) (297) and
//! four constraints to place the node among its siblings. With `x` the node,
//! `s0, s1, s2` the siblings, and `b0, b1` the level's key bits
//! (`p = b0 + 2 b1`), and three products of bits
//!
//! ```text
//! b01 = b0 * b1
//! P   = (b01 - b0 - b1) * (x - s0)     // -[p != 0] * (x - s0)
//! Q   = b1 * (s1 - x)
//! R   = b01 * (x - s2)
//! ```
//!
//! the children are the linear combinations
//!
//! ```text
//! c0 = x + P          c1 = s0 - P + Q
//! c2 = s1 - Q - R     c3 = s2 + R
//! ```
//!
//! which give `[x, s0, s1, s2]`, `[s0, x, s1, s2]`, `[s0, s1, x, s2]` and
//! `[s0, s1, s2, x]` for `p = 0, 1, 2, 3`. Four is the least for this
//! placement: the children's non-linear parts span three independent
//! functions, two of them cubic, and a cubic term needs a product of a product.
//!
//! The key bits must already be constrained boolean (a [`Boolean`] is, when
//! allocated as one); this gadget does not re-check them.

use std::borrow::Borrow;

use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    fields::fp::FpVar,
};
use ark_relations::gr1cs::{Namespace, SynthesisError};

use super::{MerklePath, ARITY, KEY_BITS, LEVELS};
use crate::{poseidon, Fr};

/// A [`MerklePath`] in the circuit: three siblings per level, bottom-up.
#[derive(Clone)]
pub struct MerklePathVar {
    /// [`LEVELS`] entries of three siblings, in ascending position order with
    /// the path node's position skipped.
    pub siblings: Vec<[FpVar<Fr>; ARITY - 1]>,
}

impl AllocVar<MerklePath, Fr> for MerklePathVar {
    /// Allocates 48 field elements. A path without [`LEVELS`] levels is
    /// refused with [`SynthesisError::Unsatisfiable`].
    fn new_variable<T: Borrow<MerklePath>>(
        cs: impl Into<Namespace<Fr>>,
        f: impl FnOnce() -> Result<T, SynthesisError>,
        mode: AllocationMode,
    ) -> Result<Self, SynthesisError> {
        let ns = cs.into();
        let cs = ns.cs();
        let value = f().map(|p| p.borrow().clone());
        if let Ok(p) = &value {
            if p.siblings.len() != LEVELS {
                return Err(SynthesisError::Unsatisfiable);
            }
        }
        let mut siblings = Vec::with_capacity(LEVELS);
        for level in 0..LEVELS {
            let alloc = |j: usize| {
                FpVar::new_variable(
                    cs.clone(),
                    || value.as_ref().map(|p| p.siblings[level][j]).map_err(|e| *e),
                    mode,
                )
            };
            siblings.push([alloc(0)?, alloc(1)?, alloc(2)?]);
        }
        Ok(Self { siblings })
    }
}

/// The children `[c0, c1, c2, c3]` of a node `x` at position `b0 + 2 b1`
/// among its siblings `s`, in four constraints (see the module docs).
pub fn place(
    x: &FpVar<Fr>,
    b0: &Boolean<Fr>,
    b1: &Boolean<Fr>,
    s: &[FpVar<Fr>; ARITY - 1],
) -> Result<[FpVar<Fr>; ARITY], SynthesisError> {
    let b0 = FpVar::from(b0.clone());
    let b1 = FpVar::from(b1.clone());
    let b01 = &b0 * &b1;
    let p = (&b01 - &b0 - &b1) * (x - &s[0]);
    let q = &b1 * (&s[1] - x);
    let r = b01 * (x - &s[2]);
    Ok([x + &p, &s[0] - &p + &q, &s[1] - &q - &r, &s[2] + &r])
}

/// The root of the tree holding `leaf` at the key whose 32 little-endian bits
/// are `key_bits_le`, with `path`'s siblings: 4816 constraints.
///
/// The bits must be boolean-constrained by the caller (as [`Boolean`]s are).
/// Fails with [`SynthesisError::Unsatisfiable`] unless there are 32 bits and
/// 16 levels.
pub fn root_from_path(
    key_bits_le: &[Boolean<Fr>],
    leaf: &FpVar<Fr>,
    path: &MerklePathVar,
) -> Result<FpVar<Fr>, SynthesisError> {
    if key_bits_le.len() != KEY_BITS || path.siblings.len() != LEVELS {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut node = leaf.clone();
    for (bits, siblings) in key_bits_le.chunks_exact(2).zip(&path.siblings) {
        let children = place(&node, &bits[0], &bits[1], siblings)?;
        node = poseidon::constraints::hash(&children)?;
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use ark_r1cs_std::{eq::EqGadget, GR1CSVar};
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use ark_std::UniformRand;
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha20Rng;

    use super::*;
    use crate::smt::{MemoryTree, EMPTY_LEAF, REVOKED_LEAF};

    const PLACE_CONSTRAINTS: usize = 4;
    const POSEIDON4_CONSTRAINTS: usize = 297;
    const ROOT_FROM_PATH_CONSTRAINTS: usize = LEVELS * (POSEIDON4_CONSTRAINTS + PLACE_CONSTRAINTS);

    fn key_bits(cs: &ConstraintSystemRef<Fr>, key: u32) -> Vec<Boolean<Fr>> {
        (0..KEY_BITS)
            .map(|i| Boolean::new_witness(cs.clone(), || Ok((key >> i) & 1 == 1)).unwrap())
            .collect()
    }

    /// Allocates the witnesses, computes the root in the circuit, and returns
    /// it with the number of constraints `root_from_path` alone added.
    fn synth(
        cs: &ConstraintSystemRef<Fr>,
        key: u32,
        leaf: Fr,
        path: &MerklePath,
    ) -> (FpVar<Fr>, usize) {
        let bits = key_bits(cs, key);
        let leaf = FpVar::new_witness(cs.clone(), || Ok(leaf)).unwrap();
        let path = MerklePathVar::new_witness(cs.clone(), || Ok(path)).unwrap();
        let before = cs.num_constraints();
        let root = root_from_path(&bits, &leaf, &path).unwrap();
        (root, cs.num_constraints() - before)
    }

    /// Whether the circuit accepts `(key, leaf, path)` under the public `root`.
    fn accepts(root: Fr, key: u32, leaf: Fr, path: &MerklePath) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let expected = FpVar::new_input(cs.clone(), || Ok(root)).unwrap();
        let (computed, _) = synth(&cs, key, leaf, path);
        computed.enforce_equal(&expected).unwrap();
        cs.is_satisfied().unwrap()
    }

    fn random_path(rng: &mut ChaCha20Rng) -> MerklePath {
        MerklePath {
            siblings: (0..LEVELS)
                .map(|_| [Fr::rand(rng), Fr::rand(rng), Fr::rand(rng)])
                .collect(),
        }
    }

    #[test]
    fn place_matches_native_for_every_position() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for pos in 0..ARITY {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let x = Fr::rand(&mut rng);
            let s = [Fr::rand(&mut rng), Fr::rand(&mut rng), Fr::rand(&mut rng)];
            let xv = FpVar::new_witness(cs.clone(), || Ok(x)).unwrap();
            let sv = s.map(|v| FpVar::new_witness(cs.clone(), || Ok(v)).unwrap());
            let b0 = Boolean::new_witness(cs.clone(), || Ok(pos & 1 == 1)).unwrap();
            let b1 = Boolean::new_witness(cs.clone(), || Ok(pos & 2 == 2)).unwrap();
            let before = cs.num_constraints();
            let children = place(&xv, &b0, &b1, &sv).unwrap();
            assert_eq!(cs.num_constraints() - before, PLACE_CONSTRAINTS);
            let values: Vec<Fr> = children.iter().map(|c| c.value().unwrap()).collect();
            assert_eq!(values, super::super::place(x, pos, &s), "position {pos}");
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn gadget_matches_native_on_random_keys_and_paths_and_pins_4816_constraints() {
        assert_eq!(ROOT_FROM_PATH_CONSTRAINTS, 4816);
        let mut rng = ChaCha20Rng::seed_from_u64(42);
        for key in [0u32, u32::MAX, rng.gen(), rng.gen(), rng.gen()] {
            let path = random_path(&mut rng);
            let leaf = Fr::rand(&mut rng);
            let cs = ConstraintSystem::<Fr>::new_ref();
            let (root, count) = synth(&cs, key, leaf, &path);
            assert_eq!(count, ROOT_FROM_PATH_CONSTRAINTS);
            assert_eq!(root.value().unwrap(), path.compute_root(key, leaf).unwrap());
            assert!(cs.is_satisfied().unwrap());
        }
    }

    fn tree_with(rng: &mut ChaCha20Rng, n: usize) -> (MemoryTree, Vec<u32>) {
        let mut tree = MemoryTree::new();
        let keys: Vec<u32> = (0..n).map(|_| rng.gen()).collect();
        for &k in &keys {
            tree.set(k, REVOKED_LEAF);
        }
        // Neighbours share low levels with a revoked key.
        tree.set(keys[0] ^ 1, REVOKED_LEAF);
        (tree, keys)
    }

    #[test]
    fn membership_and_non_membership_proofs_are_accepted() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let (tree, keys) = tree_with(&mut rng, 8);
        let root = tree.root();
        assert!(accepts(root, keys[0], REVOKED_LEAF, &tree.path(keys[0])));
        assert!(accepts(
            root,
            keys[0] ^ 1,
            REVOKED_LEAF,
            &tree.path(keys[0] ^ 1)
        ));
        let absent = keys[0] ^ 2;
        assert_eq!(tree.get(absent), EMPTY_LEAF);
        assert!(accepts(root, absent, EMPTY_LEAF, &tree.path(absent)));
        // A revoked key cannot be shown empty, nor an empty one revoked.
        assert!(!accepts(root, keys[1], EMPTY_LEAF, &tree.path(keys[1])));
        assert!(!accepts(root, absent, REVOKED_LEAF, &tree.path(absent)));
    }

    #[test]
    fn wrong_sibling_key_bit_or_leaf_is_unsatisfied() {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let (tree, keys) = tree_with(&mut rng, 8);
        let root = tree.root();
        let absent = keys[2] ^ (1 << 9);
        let path = tree.path(absent);
        assert!(accepts(root, absent, EMPTY_LEAF, &path));
        for level in [0, 7, LEVELS - 1] {
            for j in 0..ARITY - 1 {
                let mut bad = path.clone();
                bad.siblings[level][j] += Fr::from(1u64);
                assert!(
                    !accepts(root, absent, EMPTY_LEAF, &bad),
                    "sibling {level}/{j}"
                );
            }
        }
        // The empty neighbour's path does not show the revoked key empty.
        assert!(!accepts(root, keys[2], EMPTY_LEAF, &path));
        // A revoked key's path, with any key bit flipped, proves nothing: the
        // non-empty node lands at another position among its siblings.
        let member = tree.path(keys[2]);
        assert!(accepts(root, keys[2], REVOKED_LEAF, &member));
        for bit in [0, 1, 9, 17, 31] {
            assert!(
                !accepts(root, keys[2] ^ (1 << bit), REVOKED_LEAF, &member),
                "bit {bit}"
            );
        }
        assert!(!accepts(root, absent, Fr::from(2u64), &path));
    }

    #[test]
    fn wrong_lengths_are_refused() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut short = MerklePath::empty();
        short.siblings.pop();
        assert!(matches!(
            MerklePathVar::new_witness(cs.clone(), || Ok(short)),
            Err(SynthesisError::Unsatisfiable)
        ));
        let path = MerklePathVar::new_witness(cs.clone(), || Ok(MerklePath::empty())).unwrap();
        let leaf = FpVar::new_witness(cs.clone(), || Ok(EMPTY_LEAF)).unwrap();
        let bits = key_bits(&cs, 3);
        assert!(matches!(
            root_from_path(&bits[..31], &leaf, &path),
            Err(SynthesisError::Unsatisfiable)
        ));
    }

    #[test]
    fn setup_without_witness_values_has_the_same_shape() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
        let bits: Vec<_> = (0..KEY_BITS)
            .map(|_| {
                Boolean::new_witness(cs.clone(), || {
                    Err::<bool, _>(SynthesisError::AssignmentMissing)
                })
            })
            .collect::<Result<_, _>>()
            .unwrap();
        let leaf = FpVar::new_witness(cs.clone(), || {
            Err::<Fr, _>(SynthesisError::AssignmentMissing)
        })
        .unwrap();
        let path = MerklePathVar::new_witness(cs.clone(), || {
            Err::<MerklePath, _>(SynthesisError::AssignmentMissing)
        })
        .unwrap();
        let before = cs.num_constraints();
        let _root = root_from_path(&bits, &leaf, &path).unwrap();
        assert_eq!(cs.num_constraints() - before, ROOT_FROM_PATH_CONSTRAINTS);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]

        #[test]
        fn gadget_equals_native_for_any_key(key in any::<u32>(), seed in any::<u64>()) {
            let mut rng = ChaCha20Rng::seed_from_u64(seed);
            let path = random_path(&mut rng);
            let leaf = Fr::rand(&mut rng);
            let cs = ConstraintSystem::<Fr>::new_ref();
            let (root, _) = synth(&cs, key, leaf, &path);
            prop_assert_eq!(root.value().unwrap(), path.compute_root(key, leaf).unwrap());
            prop_assert!(cs.is_satisfied().unwrap());
        }
    }
}
