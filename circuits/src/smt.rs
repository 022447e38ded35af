//! The revocation tree: a quaternary sparse Merkle tree over Poseidon(4).
//!
//! # Shape
//!
//! * [`LEVELS`] = 16 levels of arity [`ARITY`] = 4, so a key is a `u32`
//!   ([`KEY_BITS`] = 32; 2^32 leaves, the binary-equivalent depth is 32). The
//!   key is a credential's serial number as its issuer assigned it.
//! * Leaves are field elements. Revocation uses [`EMPTY_LEAF`] (0) and
//!   [`REVOKED_LEAF`] (1); the API accepts any leaf value.
//! * An internal node is `Poseidon(c0, c1, c2, c3)` of its four children
//!   ([`hash_children`]).
//! * Empty subtree roots: `E_0 = 0`, `E_{k+1} = Poseidon(E_k, E_k, E_k, E_k)`
//!   ([`empty_roots`]); the root of the empty tree is `E_16`.
//!
//! # Addressing
//!
//! Level `i = 0` holds the leaves, level 16 the root. The node of key `k` at
//! level `i` has index `k >> 2i`; among its three siblings it sits at position
//! `p_i = bit(2i) + 2 * bit(2i + 1)` of `k` (bits little-endian, LSB first).
//!
//! # Paths
//!
//! A [`MerklePath`] stores, per level from the leaves up, the three siblings in
//! ascending position order with `p_i` skipped: at position `p_i = 1` the
//! children are `[s0, node, s1, s2]`. [`MerklePath::to_bytes`] writes the 48
//! siblings as canonical little-endian 32-byte field elements, bottom-up.

pub mod constraints;

use std::collections::HashMap;
use std::sync::OnceLock;

use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField};

use crate::{poseidon, CircuitError, Fr};

/// Levels of the tree between the leaves and the root.
pub const LEVELS: usize = 16;
/// Children per internal node.
pub const ARITY: usize = 4;
/// Bits in a key: `2 * LEVELS` (two per level).
pub const KEY_BITS: usize = 32;
/// The value of a leaf that was never set: zero.
pub const EMPTY_LEAF: Fr = <Fr as AdditiveGroup>::ZERO;
/// The value of a revoked credential's leaf: one.
pub const REVOKED_LEAF: Fr = <Fr as Field>::ONE;
/// Bytes of one field element in [`MerklePath::to_bytes`].
pub const FIELD_BYTES: usize = 32;
/// Bytes of a serialised [`MerklePath`]: `LEVELS * 3 * 32` = 1536.
pub const PATH_BYTES: usize = LEVELS * (ARITY - 1) * FIELD_BYTES;

/// The value of a revoked credential's leaf, [`REVOKED_LEAF`] (one).
pub fn revoked_leaf() -> Fr {
    REVOKED_LEAF
}

/// `node = Poseidon(c0, c1, c2, c3)`: the hash of an internal node.
pub fn hash_children(children: &[Fr; ARITY]) -> Fr {
    poseidon::hash(children).expect("four inputs are within 1..=16")
}

/// Roots of empty subtrees by height: `E_0 = 0` (an empty leaf) and
/// `E_{k+1} = Poseidon(E_k, E_k, E_k, E_k)`; `E_16` is the empty tree's root.
pub fn empty_roots() -> &'static [Fr; LEVELS + 1] {
    static ROOTS: OnceLock<[Fr; LEVELS + 1]> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut roots = [EMPTY_LEAF; LEVELS + 1];
        for k in 0..LEVELS {
            roots[k + 1] = hash_children(&[roots[k]; ARITY]);
        }
        roots
    })
}

/// Position (0..4) of the node of `key` at `level` among its siblings:
/// `bit(2 * level) + 2 * bit(2 * level + 1)`.
pub fn position(key: u32, level: usize) -> usize {
    debug_assert!(level < LEVELS);
    ((key >> (2 * level)) & 3) as usize
}

/// Index of the node of `key` at `level` (0 = leaf, 16 = root): `key >> 2 * level`.
pub fn node_index(key: u32, level: usize) -> u32 {
    debug_assert!(level <= LEVELS);
    (u64::from(key) >> (2 * level)) as u32
}

/// The four children of a node, given the node at position `pos` and its three
/// siblings in ascending position order.
pub fn place(node: Fr, pos: usize, siblings: &[Fr; ARITY - 1]) -> [Fr; ARITY] {
    let mut children = [EMPTY_LEAF; ARITY];
    let mut s = siblings.iter();
    for (j, c) in children.iter_mut().enumerate() {
        *c = if j == pos {
            node
        } else {
            *s.next().expect("three siblings")
        };
    }
    children
}

/// A Merkle path: the three siblings at each level, from the leaves up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerklePath {
    /// [`LEVELS`] entries, bottom-up; each holds the three siblings of the
    /// path's node in ascending position order, the node's own position
    /// skipped.
    pub siblings: Vec<[Fr; ARITY - 1]>,
}

impl MerklePath {
    /// The path of a key in the empty tree: every sibling an empty subtree root.
    pub fn empty() -> Self {
        let roots = empty_roots();
        Self {
            siblings: (0..LEVELS).map(|i| [roots[i]; ARITY - 1]).collect(),
        }
    }

    /// The root of a tree holding `leaf` at `key`, with this path's siblings.
    ///
    /// Fails if the path does not have [`LEVELS`] levels.
    pub fn compute_root(&self, key: u32, leaf: Fr) -> Result<Fr, CircuitError> {
        if self.siblings.len() != LEVELS {
            return Err(CircuitError::MerklePathLevels(self.siblings.len()));
        }
        Ok(self
            .siblings
            .iter()
            .enumerate()
            .fold(leaf, |node, (level, sib)| {
                hash_children(&place(node, position(key, level), sib))
            }))
    }

    /// Whether this path proves that `key` holds `leaf` under `root`.
    pub fn verify(&self, root: Fr, key: u32, leaf: Fr) -> bool {
        self.compute_root(key, leaf) == Ok(root)
    }

    /// The [`PATH_BYTES`] = 1536-byte encoding: every sibling as a canonical
    /// little-endian 32-byte field element, level by level from the leaves up,
    /// in ascending position order within a level.
    ///
    /// Fails if the path does not have [`LEVELS`] levels.
    pub fn to_bytes(&self) -> Result<Vec<u8>, CircuitError> {
        if self.siblings.len() != LEVELS {
            return Err(CircuitError::MerklePathLevels(self.siblings.len()));
        }
        let mut out = Vec::with_capacity(PATH_BYTES);
        for s in self.siblings.iter().flatten() {
            out.extend_from_slice(&s.into_bigint().to_bytes_le());
        }
        debug_assert_eq!(out.len(), PATH_BYTES);
        Ok(out)
    }

    /// Parses [`MerklePath::to_bytes`]'s encoding. Refuses any length but
    /// [`PATH_BYTES`] and field elements that are not canonical (`>= p`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CircuitError> {
        if bytes.len() != PATH_BYTES {
            return Err(CircuitError::MerklePathBytes(bytes.len()));
        }
        let mut elems = bytes
            .chunks_exact(FIELD_BYTES)
            .enumerate()
            .map(|(i, chunk)| {
                fr_from_canonical_le(chunk).ok_or(CircuitError::NonCanonicalField(i))
            });
        let mut siblings = Vec::with_capacity(LEVELS);
        for _ in 0..LEVELS {
            let mut level = [EMPTY_LEAF; ARITY - 1];
            for s in level.iter_mut() {
                *s = elems.next().expect("PATH_BYTES holds 48 elements")?;
            }
            siblings.push(level);
        }
        Ok(Self { siblings })
    }
}

/// A field element from 32 canonical little-endian bytes; `None` if `>= p`.
pub fn fr_from_canonical_le(bytes: &[u8]) -> Option<Fr> {
    if bytes.len() != FIELD_BYTES {
        return None;
    }
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        *limb = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
    }
    Fr::from_bigint(ark_ff::BigInt::new(limbs))
}

/// The canonical little-endian 32 bytes of a field element.
pub fn fr_to_le_bytes(x: &Fr) -> [u8; FIELD_BYTES] {
    let mut out = [0u8; FIELD_BYTES];
    out.copy_from_slice(&x.into_bigint().to_bytes_le());
    out
}

/// An in-memory sparse Merkle tree, for tests and small registries: a hash map
/// of the non-empty nodes (an empty node is its level's [`empty_roots`] entry).
/// Each [`MemoryTree::set`] rehashes the 16 nodes above the key.
#[derive(Clone, Debug, Default)]
pub struct MemoryTree {
    /// `(level, index) -> node` for non-empty nodes; level 0 holds the leaves.
    nodes: HashMap<(u8, u32), Fr>,
}

impl MemoryTree {
    /// The empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    fn node(&self, level: usize, index: u32) -> Fr {
        self.nodes
            .get(&(level as u8, index))
            .copied()
            .unwrap_or(empty_roots()[level])
    }

    fn put(&mut self, level: usize, index: u32, value: Fr) {
        if value == empty_roots()[level] {
            self.nodes.remove(&(level as u8, index));
        } else {
            self.nodes.insert((level as u8, index), value);
        }
    }

    /// Sets the leaf at `key` (to [`EMPTY_LEAF`] to clear it) and rehashes
    /// the path above it.
    pub fn set(&mut self, key: u32, leaf: Fr) {
        self.put(0, key, leaf);
        let mut node = leaf;
        for level in 0..LEVELS {
            let children = place(node, position(key, level), &self.siblings(key, level));
            node = hash_children(&children);
            self.put(level + 1, node_index(key, level + 1), node);
        }
    }

    /// The leaf at `key` ([`EMPTY_LEAF`] if never set).
    pub fn get(&self, key: u32) -> Fr {
        self.node(0, key)
    }

    /// The root.
    pub fn root(&self) -> Fr {
        self.node(LEVELS, 0)
    }

    /// Number of leaves that are not [`EMPTY_LEAF`].
    pub fn len(&self) -> usize {
        self.nodes.keys().filter(|(level, _)| *level == 0).count()
    }

    /// Whether every leaf is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn siblings(&self, key: u32, level: usize) -> [Fr; ARITY - 1] {
        let index = node_index(key, level);
        let pos = index & 3;
        let first = index & !3;
        let mut out = [EMPTY_LEAF; ARITY - 1];
        let mut at = 0;
        for j in 0..ARITY as u32 {
            if j != pos {
                out[at] = self.node(level, first + j);
                at += 1;
            }
        }
        out
    }

    /// The path of `key` (whether its leaf is empty or not).
    pub fn path(&self, key: u32) -> MerklePath {
        MerklePath {
            siblings: (0..LEVELS).map(|level| self.siblings(key, level)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha20Rng;

    use super::*;

    #[test]
    fn empty_roots_follow_the_recurrence() {
        let e = empty_roots();
        assert_eq!(e[0], EMPTY_LEAF);
        // circomlibjs poseidon([0, 0, 0, 0]) (tests/vectors/poseidon.json).
        let e1: Fr = "2351654555892372227640888372176282444150254868378439619268573230312091195718"
            .parse()
            .unwrap();
        assert_eq!(e[1], e1);
        // The empty tree's root, pinned: changing it breaks every stored root.
        let e16: Fr =
            "9533201250583817767896570092866591469094150406835227552485691564931228351592"
                .parse()
                .unwrap();
        assert_eq!(e[LEVELS], e16);
        for k in 0..LEVELS {
            assert_eq!(e[k + 1], poseidon::hash(&[e[k]; 4]).unwrap());
        }
        assert_eq!(MemoryTree::new().root(), e[LEVELS]);
        assert_eq!(
            MerklePath::empty().compute_root(12345, EMPTY_LEAF),
            Ok(e[LEVELS])
        );
    }

    #[test]
    fn positions_take_two_key_bits_per_level_lsb_first() {
        let key = 0b10_01_11_00u32;
        assert_eq!(position(key, 0), 0);
        assert_eq!(position(key, 1), 3);
        assert_eq!(position(key, 2), 1);
        assert_eq!(position(key, 3), 2);
        assert_eq!(position(u32::MAX, 15), 3);
        assert_eq!(node_index(u32::MAX, 16), 0);
        assert_eq!(node_index(u32::MAX, 15), 3);
    }

    #[test]
    fn place_skips_the_node_position() {
        let s = [Fr::from(10u64), Fr::from(11u64), Fr::from(12u64)];
        let x = Fr::from(99u64);
        assert_eq!(place(x, 0, &s), [x, s[0], s[1], s[2]]);
        assert_eq!(place(x, 1, &s), [s[0], x, s[1], s[2]]);
        assert_eq!(place(x, 2, &s), [s[0], s[1], x, s[2]]);
        assert_eq!(place(x, 3, &s), [s[0], s[1], s[2], x]);
    }

    #[test]
    fn single_leaf_root_by_hand() {
        // key 6 = positions [2, 1, 0, 0, ...]
        let mut tree = MemoryTree::new();
        tree.set(6, REVOKED_LEAF);
        let e = empty_roots();
        let mut node = hash_children(&[e[0], e[0], REVOKED_LEAF, e[0]]);
        node = hash_children(&[e[1], node, e[1], e[1]]);
        for &ek in &e[2..LEVELS] {
            node = hash_children(&[node, ek, ek, ek]);
        }
        assert_eq!(tree.root(), node);
    }

    #[test]
    fn membership_and_non_membership_paths_verify() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let mut tree = MemoryTree::new();
        let keys: Vec<u32> = (0..40)
            .map(|_| rng.gen())
            .chain([0, 1, 2, 3, u32::MAX])
            .collect();
        for &k in &keys {
            tree.set(k, REVOKED_LEAF);
        }
        let root = tree.root();
        for &k in &keys {
            let path = tree.path(k);
            assert!(path.verify(root, k, REVOKED_LEAF));
            assert!(!path.verify(root, k, EMPTY_LEAF));
        }
        for k in [4u32, 5, u32::MAX - 1, rng.gen()] {
            assert_eq!(tree.get(k), EMPTY_LEAF);
            let path = tree.path(k);
            assert!(path.verify(root, k, EMPTY_LEAF));
            assert!(!path.verify(root, k, REVOKED_LEAF));
        }
        // A path proves nothing for another key.
        assert!(!tree.path(keys[0]).verify(root, keys[0] ^ 4, REVOKED_LEAF));
    }

    #[test]
    fn clearing_every_leaf_gives_back_the_empty_tree() {
        let mut tree = MemoryTree::new();
        for k in [7u32, 8, 1 << 31] {
            tree.set(k, Fr::from(k));
        }
        assert_eq!(tree.len(), 3);
        for k in [7u32, 8, 1 << 31] {
            tree.set(k, EMPTY_LEAF);
        }
        assert!(tree.is_empty());
        assert_eq!(tree.root(), empty_roots()[LEVELS]);
        assert!(tree.nodes.is_empty());
    }

    #[test]
    fn wrong_level_count_is_a_typed_error() {
        let mut path = MerklePath::empty();
        path.siblings.pop();
        assert_eq!(
            path.compute_root(0, EMPTY_LEAF),
            Err(CircuitError::MerklePathLevels(15))
        );
        assert!(!path.verify(empty_roots()[LEVELS], 0, EMPTY_LEAF));
        assert_eq!(path.to_bytes(), Err(CircuitError::MerklePathLevels(15)));
    }

    #[test]
    fn malformed_bytes_are_typed_errors() {
        let good = MerklePath::empty().to_bytes().unwrap();
        assert_eq!(good.len(), PATH_BYTES);
        assert_eq!(
            MerklePath::from_bytes(&good[1..]),
            Err(CircuitError::MerklePathBytes(PATH_BYTES - 1))
        );
        assert_eq!(
            MerklePath::from_bytes(&[]),
            Err(CircuitError::MerklePathBytes(0))
        );
        // The modulus itself (and all-ones) is not canonical.
        let modulus = Fr::MODULUS.to_bytes_le();
        for (i, bad) in [modulus, vec![0xff; 32]].into_iter().enumerate() {
            let mut bytes = good.clone();
            let at = 7 + i * 30;
            bytes[at * 32..(at + 1) * 32].copy_from_slice(&bad);
            assert_eq!(
                MerklePath::from_bytes(&bytes),
                Err(CircuitError::NonCanonicalField(at))
            );
        }
        // p - 1 is fine.
        let mut bytes = good;
        bytes[..32].copy_from_slice(&fr_to_le_bytes(&-Fr::ONE));
        assert_eq!(
            MerklePath::from_bytes(&bytes).unwrap().siblings[0][0],
            -Fr::ONE
        );
    }

    fn arb_fr() -> impl Strategy<Value = Fr> {
        any::<[u8; 32]>().prop_map(|b| Fr::from_le_bytes_mod_order(&b))
    }

    fn arb_path() -> impl Strategy<Value = MerklePath> {
        proptest::collection::vec([arb_fr(), arb_fr(), arb_fr()], LEVELS)
            .prop_map(|siblings| MerklePath { siblings })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn path_bytes_round_trip(path in arb_path()) {
            let bytes = path.to_bytes().unwrap();
            prop_assert_eq!(bytes.len(), PATH_BYTES);
            prop_assert_eq!(MerklePath::from_bytes(&bytes).unwrap(), path);
        }

        #[test]
        fn field_bytes_round_trip(x in arb_fr()) {
            prop_assert_eq!(fr_from_canonical_le(&fr_to_le_bytes(&x)), Some(x));
        }

        #[test]
        fn memory_tree_paths_verify_for_random_sets(
            keys in proptest::collection::vec(any::<u32>(), 1..6),
            probe in any::<u32>(),
        ) {
            let mut tree = MemoryTree::new();
            for &k in &keys {
                tree.set(k, REVOKED_LEAF);
            }
            let root = tree.root();
            for &k in &keys {
                prop_assert!(tree.path(k).verify(root, k, REVOKED_LEAF));
            }
            let leaf = tree.get(probe);
            prop_assert!(tree.path(probe).verify(root, probe, leaf));
            prop_assert_eq!(leaf == REVOKED_LEAF, keys.contains(&probe));
        }
    }
}
