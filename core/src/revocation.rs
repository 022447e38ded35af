//! Revocation: an issuer's set of revoked credential serial numbers, kept as
//! the quaternary Poseidon sparse Merkle tree of [`zkcred_circuits::smt`]
//! (leaf [`REVOKED_LEAF`] at a revoked serial, [`EMPTY_LEAF`] elsewhere).
//!
//! A holder proves "my serial is not revoked" with a non-membership path
//! ([`MerklePath`] to an empty leaf under the published root); the
//! presentation circuit checks it with
//! [`zkcred_circuits::smt::constraints::root_from_path`].
//!
//! The store is SQLite ([`RevocationRegistry`], feature `sqlite`): the
//! revoked serials, every non-empty internal node and the root, all changed
//! in one transaction per batch so a crash never leaves a root that disagrees
//! with the stored set. This module holds the storage-independent part: the
//! level-by-level batch update ([`rebuild_levels`]) that the store and its
//! integrity check share.

#[cfg(feature = "sqlite")]
pub mod sqlite;

#[cfg(feature = "sqlite")]
pub use sqlite::RevocationRegistry;

pub use zkcred_circuits::smt::{MerklePath, EMPTY_LEAF, REVOKED_LEAF};

use zkcred_circuits::{
    smt::{empty_roots, hash_children, ARITY, LEVELS},
    Fr,
};

/// What can go wrong with a revocation registry. Messages never name a
/// serial number (it identifies a credential).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RevocationError {
    /// The registry file could not be opened, read or written (the operating
    /// system's message).
    #[error("revocation store I/O: {0}")]
    Io(String),
    /// SQLite refused a statement (its message).
    #[error("revocation store: {0}")]
    Sqlite(String),
    /// The stored data is inconsistent: a node, the root or the count does
    /// not match the revoked set, or a value is malformed. Says which.
    #[error("revocation store is corrupt: {0}")]
    Corrupt(String),
    /// The store was written by an unknown schema version.
    #[error("revocation store schema version {0} is not supported")]
    UnsupportedSchema(i64),
    /// The serial is already revoked (revoking it again, or asking for its
    /// non-membership proof).
    #[error("the serial is already revoked")]
    AlreadyRevoked,
    /// The serial is not revoked (asking for its membership proof).
    #[error("the serial is not revoked")]
    NotRevoked,
    /// All 2^32 serials have been handed out.
    #[error("all 2^32 serials of this registry are in use")]
    SerialsExhausted,
    /// There is no registry file at the path (a command that only reads or
    /// revokes never creates one).
    #[error("no revocation registry exists at this path")]
    Missing,
    /// Another writer (another process, or another registry value in this
    /// one) has the registry open for writing: one writer at a time.
    #[error("another writer has this revocation registry open")]
    WriterActive,
    /// A write on a registry opened read-only.
    #[error("the revocation registry was opened read-only")]
    ReadOnly,
    /// The registry belongs to another issuer key than the one given.
    #[error("the revocation registry belongs to another issuer")]
    IssuerMismatch,
    /// The serial was never handed out by this registry (revoking it needs
    /// an explicit override).
    #[error("the serial was never issued from this registry")]
    NotIssued,
}

/// Parses a non-revocation path from its 1536-byte encoding
/// ([`MerklePath::to_bytes`]: 16 levels of 3 siblings, 32 bytes each,
/// little-endian). Any other length, or a sibling that is not a canonical
/// field element, is an [`crate::Error::Encoding`] of the revocation path.
pub fn path_from_bytes(bytes: &[u8]) -> crate::Result<MerklePath> {
    MerklePath::from_bytes(bytes)
        .map_err(|_| crate::Error::Encoding(crate::errors::REVOCATION_PATH))
}

/// The 1536-byte encoding of a non-revocation path ([`path_from_bytes`]
/// reads it). A path of another depth is an [`crate::Error::Encoding`] of
/// the revocation path.
pub fn path_to_bytes(path: &MerklePath) -> crate::Result<Vec<u8>> {
    path.to_bytes()
        .map_err(|_| crate::Error::Encoding(crate::errors::REVOCATION_PATH))
}

/// Hashes every node's four children, on all cores when the batch is large
/// enough to pay for it (feature `parallel`).
pub fn hash_all(children: &[[Fr; ARITY]]) -> Vec<Fr> {
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        /// Below this many nodes a level is hashed on the calling thread.
        const PARALLEL_FROM: usize = 64;
        if children.len() >= PARALLEL_FROM {
            return children
                .par_iter()
                .with_min_len(16)
                .map(hash_children)
                .collect();
        }
    }
    children.iter().map(hash_children).collect()
}

/// Recomputes the tree above a batch of changed leaves, level by level, each
/// touched node once.
///
/// * `leaves`: the changed leaves `(key, value)`, sorted by key, keys unique.
/// * `load(level, parents)`: the stored children (at `level`, 0 = leaves) of
///   each of the sorted, unique `parents` (at `level + 1`), empty subtrees as
///   [`empty_roots`]`[level]`; `None` when nothing at `level` is stored. The
///   changed nodes are laid over what it returns, so it may return old or new
///   values for them.
/// * `sink(level, nodes)`: receives the recomputed nodes of `level` (1 to 16,
///   in order), sorted by index.
///
/// Returns the new root. The leaves and what `load` returns may come from a
/// damaged store: leaves out of order or repeated, or `load` answering for
/// another number of parents, are [`RevocationError::Corrupt`], never a panic.
pub fn rebuild_levels<E: From<RevocationError>>(
    leaves: Vec<(u32, Fr)>,
    mut load: impl FnMut(usize, &[u32]) -> Result<Option<Vec<[Fr; ARITY]>>, E>,
    mut sink: impl FnMut(usize, &[(u32, Fr)]) -> Result<(), E>,
) -> Result<Fr, E> {
    if !leaves.windows(2).all(|w| w[0].0 < w[1].0) {
        return Err(RevocationError::Corrupt(
            "the revoked serials are not in strictly increasing order".into(),
        )
        .into());
    }
    if leaves.is_empty() {
        return Ok(empty_roots()[LEVELS]);
    }
    let mut changed = leaves;
    for level in 0..LEVELS {
        let mut parents: Vec<u32> = changed.iter().map(|(i, _)| i >> 2).collect();
        parents.dedup();
        let mut children = match load(level, &parents)? {
            Some(c) => c,
            None => vec![[empty_roots()[level]; ARITY]; parents.len()],
        };
        if children.len() != parents.len() {
            return Err(RevocationError::Corrupt(format!(
                "level {level}: children loaded for {} of {} nodes",
                children.len(),
                parents.len()
            ))
            .into());
        }
        let mut at = 0;
        for (index, value) in &changed {
            while parents[at] != index >> 2 {
                at += 1;
            }
            children[at][(index & 3) as usize] = *value;
        }
        let hashes = hash_all(&children);
        drop(children);
        changed = parents.into_iter().zip(hashes).collect();
        sink(level + 1, &changed)?;
    }
    debug_assert_eq!(changed.len(), 1);
    Ok(changed[0].1)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha20Rng;
    use zkcred_circuits::smt::MemoryTree;

    use super::*;

    /// `rebuild_levels` over a hash-map store, as the SQLite store uses it.
    #[derive(Default)]
    struct MapStore {
        nodes: HashMap<(usize, u32), Fr>,
    }

    impl MapStore {
        fn apply(&mut self, leaves: &[u32]) -> Fr {
            let mut sorted = leaves.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            for &k in &sorted {
                self.nodes.insert((0, k), REVOKED_LEAF);
            }
            let snapshot = self.nodes.clone();
            let get = |level: usize, i: u32| {
                snapshot
                    .get(&(level, i))
                    .copied()
                    .unwrap_or(empty_roots()[level])
            };
            let mut written = Vec::new();
            let root = rebuild_levels::<RevocationError>(
                sorted.iter().map(|&k| (k, REVOKED_LEAF)).collect(),
                |level, parents| {
                    Ok(Some(
                        parents
                            .iter()
                            .map(|p| std::array::from_fn(|j| get(level, p * 4 + j as u32)))
                            .collect(),
                    ))
                },
                |level, nodes| {
                    assert!(nodes.windows(2).all(|w| w[0].0 < w[1].0));
                    written.extend(nodes.iter().map(|&(i, h)| ((level, i), h)));
                    Ok(())
                },
            )
            .unwrap();
            self.nodes.extend(written);
            root
        }
    }

    #[test]
    fn batches_match_the_memory_tree_one_key_at_a_time() {
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        let mut store = MapStore::default();
        let mut tree = MemoryTree::new();
        for batch in [1usize, 7, 50, 200] {
            // Random keys plus close neighbours, so batches share subtrees.
            let base: u32 = rng.gen();
            let keys: Vec<u32> = (0..batch)
                .map(|i| {
                    if i % 3 == 0 {
                        base.wrapping_add(i as u32)
                    } else {
                        rng.gen()
                    }
                })
                .collect();
            for &k in &keys {
                tree.set(k, REVOKED_LEAF);
            }
            assert_eq!(store.apply(&keys), tree.root(), "batch of {batch}");
        }
        // Re-applying a revoked key changes nothing.
        let again = tree.root();
        let some: Vec<u32> = store
            .nodes
            .keys()
            .filter(|k| k.0 == 0)
            .map(|k| k.1)
            .take(3)
            .collect();
        assert_eq!(store.apply(&some), again);
    }

    #[test]
    fn empty_batch_is_the_empty_root_and_touches_nothing() {
        let root = rebuild_levels::<RevocationError>(
            Vec::new(),
            |_, _| panic!("no load"),
            |_, _| panic!("no sink"),
        );
        assert_eq!(root, Ok(empty_roots()[LEVELS]));
    }

    /// Leaves as a damaged store would give them: out of order or repeated.
    #[test]
    fn unordered_or_repeated_leaves_are_corrupt_not_a_panic() {
        for keys in [vec![5u32, 3], vec![7, 7], vec![1, 9, 4]] {
            let leaves = keys.iter().map(|&k| (k, REVOKED_LEAF)).collect();
            let result = rebuild_levels::<RevocationError>(
                leaves,
                |_, _| panic!("no load"),
                |_, _| panic!("no sink"),
            );
            assert!(
                matches!(&result, Err(RevocationError::Corrupt(w)) if w.contains("increasing")),
                "{keys:?}: {result:?}"
            );
        }
    }

    #[test]
    fn a_load_for_the_wrong_number_of_parents_is_corrupt() {
        // Two leaves under two parents at level 1: one child array too few or too many.
        for more in [false, true] {
            let result = rebuild_levels::<RevocationError>(
                vec![(1, REVOKED_LEAF), (100, REVOKED_LEAF)],
                |level, parents| {
                    let n = if more {
                        parents.len() + 1
                    } else {
                        parents.len() - 1
                    };
                    Ok(Some(vec![[empty_roots()[level]; ARITY]; n]))
                },
                |_, _| Ok(()),
            );
            assert!(
                matches!(&result, Err(RevocationError::Corrupt(w)) if w.contains("level 0")),
                "{more}: {result:?}"
            );
        }
    }

    #[test]
    fn errors_never_name_a_serial() {
        for e in [
            RevocationError::AlreadyRevoked,
            RevocationError::NotRevoked,
            RevocationError::NotIssued,
        ] {
            assert!(!e.to_string().chars().any(|c| c.is_ascii_digit()));
        }
    }
}
