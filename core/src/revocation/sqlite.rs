//! The SQLite revocation store.
//!
//! # Schema (version 1)
//!
//! ```sql
//! revoked(serial INTEGER PRIMARY KEY)                       -- the leaves set to 1
//! nodes(level, idx, hash BLOB, PRIMARY KEY (level, idx)) WITHOUT ROWID
//!                                                           -- non-empty internal nodes, levels 1..=16
//! meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID           -- schema_version, root, count,
//!                                                           -- next_serial, issuer
//! ```
//!
//! Hashes are canonical little-endian 32-byte field elements. A node that is
//! not stored is its level's empty subtree root. `issuer` is the 32-byte
//! packed public key of the issuer the registry belongs to.
//!
//! # Durability
//!
//! The database runs in WAL mode with `synchronous = FULL`. Each batch
//! ([`RevocationRegistry::revoke_many`]) writes its serials, every node it
//! changes, the root and the count in one `IMMEDIATE` transaction: after a
//! crash the file holds either the state before the batch or the state after
//! it, and the root always agrees with the stored set
//! ([`RevocationRegistry::verify_integrity`] checks this).
//!
//! # Damaged files
//!
//! Nothing read from the file is trusted: malformed or inconsistent data is
//! [`RevocationError::Corrupt`], never a panic, and no allocation is sized
//! from a stored value. Every open compares the stored root with the stored
//! top node of the tree (one row), so a damaged root is refused rather than
//! published; [`RevocationRegistry::verify_integrity`] recomputes everything.
//!
//! # One writer, many readers
//!
//! A registry has **one writer at a time**. [`RevocationRegistry::open`] and
//! [`RevocationRegistry::open_existing`] open it for writing and hold an
//! exclusive lock on the file `<registry>-lock` until the value is dropped; a
//! second writer (another process, or a second `open` in this one) gets
//! [`RevocationError::WriterActive`] at once. (The lock is `flock(2)`, so it
//! is enforced on Unix; elsewhere the rule is only documented.)
//!
//! Readers ([`RevocationRegistry::open_read_only`]) take no lock and no write
//! transaction: in WAL mode they read the last committed state while a writer
//! is in the middle of a batch, without waiting for it. A reader's
//! [`RevocationRegistry::root`] is the root when it opened (or last
//! [`RevocationRegistry::reload`]ed).
//!
//! A writer caches the root and count in memory, but each batch re-reads the
//! count and every node it uses inside its own transaction, so a batch is
//! computed from the committed state even if something else wrote the file.
//!
//! # The issuer
//!
//! A registry records the public key of the issuer it belongs to
//! ([`RevocationRegistry::bind_issuer`]; [`crate::issuer::Issuer`] does it on
//! open), and refuses another key with [`RevocationError::IssuerMismatch`].
//! Registries written before the key was recorded are bound on first use by an
//! issuer key: the first [`crate::issuer::Issuer`] to open one claims it.
//!
//! # Queries
//!
//! A path ([`RevocationRegistry::non_membership_proof`]) reads the 48 siblings
//! only: three leaves from `revoked` and one range of at most four nodes per
//! level from `nodes`, in one read transaction. Opening reads the metadata
//! and the top node only.

mod writer_lock;

use std::path::Path;

use rusqlite::{
    params, Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use zkcred_circuits::{
    eddsa::PublicKey,
    smt::{
        empty_roots, fr_from_canonical_le, fr_to_le_bytes, MerklePath, ARITY, LEVELS, REVOKED_LEAF,
    },
    Fr,
};

use self::writer_lock::WriterLock;
use super::{rebuild_levels, RevocationError};
use crate::issuer::IssuerPublicKey;

/// The schema version this code reads and writes.
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value ANY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS revoked (serial INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
";

impl From<rusqlite::Error> for RevocationError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(
                ErrorCode::CannotOpen
                | ErrorCode::SystemIoFailure
                | ErrorCode::DiskFull
                | ErrorCode::PermissionDenied
                | ErrorCode::ReadOnly,
            ) => Self::Io(e.to_string()),
            _ => Self::Sqlite(e.to_string()),
        }
    }
}

fn corrupt(what: impl Into<String>) -> RevocationError {
    RevocationError::Corrupt(what.into())
}

fn hash_from_blob(blob: &[u8], level: i64, idx: i64) -> Result<Fr, RevocationError> {
    fr_from_canonical_le(blob).ok_or_else(|| {
        corrupt(format!(
            "node ({level}, {idx}) is not a canonical field element"
        ))
    })
}

fn serial_from_row(serial: i64) -> Result<u32, RevocationError> {
    u32::try_from(serial).map_err(|_| corrupt("a stored serial is outside 0..2^32"))
}

/// The revoked serials of one issuer, with the tree over them, in SQLite.
#[derive(Debug)]
pub struct RevocationRegistry {
    conn: Connection,
    root: Fr,
    count: u64,
    issuer: Option<IssuerPublicKey>,
    writable: bool,
    /// Held while the value lives; dropped after `conn` (field order), so
    /// the connection is closed before another writer may open.
    _lock: Option<WriterLock>,
}

/// What an open reads from the metadata.
struct State {
    root: Fr,
    count: u64,
    issuer: Option<IssuerPublicKey>,
}

/// `Missing` if nothing is at `path`; a registry is a regular file.
fn ensure_exists(path: &Path) -> Result<(), RevocationError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(_) => Err(RevocationError::Io(
            "the registry path is not a regular file".into(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(RevocationError::Missing),
        Err(e) => Err(RevocationError::Io(e.to_string())),
    }
}

impl RevocationRegistry {
    /// Opens (creating if needed) the registry at `path` for writing: WAL
    /// mode, `synchronous = FULL`, schema created on first use. Takes the
    /// writer lock ([`RevocationError::WriterActive`] if another writer has
    /// it). Reads only the metadata and checks the root against the top node;
    /// see [`RevocationRegistry::open_verified`] for a full check. Does not
    /// check which issuer the registry belongs to: [`crate::issuer::Issuer`]
    /// does.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, RevocationError> {
        Self::open_writer(path.as_ref(), true)
    }

    /// [`RevocationRegistry::open`] for a registry that must already exist:
    /// [`RevocationError::Missing`] if there is no file at `path` (and none is
    /// created).
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Self, RevocationError> {
        Self::open_writer(path.as_ref(), false)
    }

    /// Opens an existing registry for reading only: no writer lock, no write
    /// transaction, so it neither waits for nor blocks a writer in the middle
    /// of a batch. [`RevocationError::Missing`] if there is no file at
    /// `path`; writes on the value are [`RevocationError::ReadOnly`]. The
    /// root is checked against the top node, as on every open.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, RevocationError> {
        let path = path.as_ref();
        ensure_exists(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let state = {
            let tx = conn.unchecked_transaction()?;
            let tables: i64 = tx.query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'revoked', 'nodes')",
                [],
                |r| r.get(0),
            )?;
            if tables != 3 {
                return Err(corrupt("the file is not a revocation registry"));
            }
            match read_schema_version(&tx)? {
                Some(SCHEMA_VERSION) => {}
                Some(v) => return Err(RevocationError::UnsupportedSchema(v)),
                None => return Err(corrupt("the schema version is missing")),
            }
            let state = read_state(&tx)?;
            tx.commit()?;
            state
        };
        Ok(Self::with_state(conn, state, false, None))
    }

    /// [`RevocationRegistry::open`], then [`RevocationRegistry::verify_integrity`]:
    /// recomputes the whole tree (for a million serials, about as long as
    /// revoking them took).
    pub fn open_verified(path: impl AsRef<Path>) -> Result<Self, RevocationError> {
        let registry = Self::open(path)?;
        registry.verify_integrity()?;
        Ok(registry)
    }

    /// A registry in memory, gone when dropped: for tests and short-lived
    /// issuers.
    pub fn open_in_memory() -> Result<Self, RevocationError> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn open_writer(path: &Path, create: bool) -> Result<Self, RevocationError> {
        if !create {
            ensure_exists(path)?;
        }
        let lock = WriterLock::acquire(path)?;
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags)?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(RevocationError::Io(format!(
                "the file system refused WAL mode (got {mode})"
            )));
        }
        Self::init(conn, Some(lock))
    }

    fn with_state(
        conn: Connection,
        state: State,
        writable: bool,
        lock: Option<WriterLock>,
    ) -> Self {
        Self {
            conn,
            root: state.root,
            count: state.count,
            issuer: state.issuer,
            writable,
            _lock: lock,
        }
    }

    fn init(mut conn: Connection, lock: Option<WriterLock>) -> Result<Self, RevocationError> {
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 64 MiB of page cache: bulk batches touch millions of rows.
        conn.pragma_update(None, "cache_size", -65536)?;
        // A batch scattered over a large tree rewrites many pages into the
        // WAL; give the space back once they are checkpointed.
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(SCHEMA)?;
        match read_schema_version(&tx)? {
            None => {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
                    [SCHEMA_VERSION],
                )?;
                write_meta(&tx, &empty_roots()[LEVELS], 0)?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(v) => return Err(RevocationError::UnsupportedSchema(v)),
        }
        let state = read_state(&tx)?;
        tx.commit()?;
        Ok(Self::with_state(conn, state, true, lock))
    }

    fn require_writable(&self) -> Result<(), RevocationError> {
        if self.writable {
            Ok(())
        } else {
            Err(RevocationError::ReadOnly)
        }
    }

    /// Re-reads the root, count and issuer from the file (for a long-lived
    /// reader; a writer's cache is always current). Checks the root against
    /// the top node, as on open.
    pub fn reload(&mut self) -> Result<(), RevocationError> {
        let tx = self.conn.unchecked_transaction()?;
        let state = read_state(&tx)?;
        tx.commit()?;
        self.root = state.root;
        self.count = state.count;
        self.issuer = state.issuer;
        Ok(())
    }

    /// Whether this value may write (opened by [`RevocationRegistry::open`],
    /// [`RevocationRegistry::open_existing`] or in memory).
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// The issuer this registry belongs to, if one was recorded.
    pub fn issuer(&self) -> Option<IssuerPublicKey> {
        self.issuer
    }

    /// Records `issuer` as the registry's issuer if none is recorded yet;
    /// [`RevocationError::IssuerMismatch`] if another one is. Idempotent.
    pub fn bind_issuer(&mut self, issuer: &IssuerPublicKey) -> Result<(), RevocationError> {
        match self.issuer {
            Some(k) if k == *issuer => return Ok(()),
            Some(_) => return Err(RevocationError::IssuerMismatch),
            None => {}
        }
        self.require_writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        match read_issuer(&tx)? {
            Some(k) if k == *issuer => {}
            Some(_) => return Err(RevocationError::IssuerMismatch),
            None => {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('issuer', ?1)",
                    [issuer.0.to_bytes()],
                )?;
            }
        }
        tx.commit()?;
        self.issuer = Some(*issuer);
        Ok(())
    }

    /// Whether `serial` was handed out by [`RevocationRegistry::allocate_serial`].
    pub fn is_issued(&self, serial: u32) -> Result<bool, RevocationError> {
        Ok(i64::from(serial) < read_next_serial(&self.conn)?)
    }

    /// Reserves the next serial for a new credential (0, 1, 2, ...). The
    /// counter is stored with the tree and advanced in its own transaction, so
    /// a serial is never handed out twice, even across a crash.
    pub fn allocate_serial(&mut self) -> Result<u32, RevocationError> {
        self.require_writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next = read_next_serial(&tx)?;
        let serial = u32::try_from(next).map_err(|_| RevocationError::SerialsExhausted)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('next_serial', ?1)",
            [next + 1],
        )?;
        tx.commit()?;
        Ok(serial)
    }

    /// The root of the tree over the revoked set.
    pub fn root(&self) -> Fr {
        self.root
    }

    /// Number of revoked serials.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// Whether nothing is revoked.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether `serial` is revoked.
    pub fn is_revoked(&self, serial: u32) -> Result<bool, RevocationError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM revoked WHERE serial = ?1")?
            .exists([serial])?)
    }

    /// Revokes one serial; [`RevocationError::AlreadyRevoked`] if it was.
    pub fn revoke(&mut self, serial: u32) -> Result<(), RevocationError> {
        match self.revoke_many([serial])? {
            0 => Err(RevocationError::AlreadyRevoked),
            _ => Ok(()),
        }
    }

    /// Revokes every serial in `serials` (duplicates and already revoked ones
    /// are skipped) in one transaction, and returns how many were newly
    /// revoked. Each changed node is computed once, level by level; large
    /// levels are hashed on all cores (feature `parallel`).
    pub fn revoke_many(
        &mut self,
        serials: impl IntoIterator<Item = u32>,
    ) -> Result<u64, RevocationError> {
        self.require_writable()?;
        let mut serials: Vec<u32> = serials.into_iter().collect();
        serials.sort_unstable();
        serials.dedup();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // The committed state, re-read inside the write transaction.
        let (root_before, count_before) = read_meta(&tx)?;
        let mut fresh = Vec::with_capacity(serials.len());
        {
            let mut insert =
                tx.prepare_cached("INSERT OR IGNORE INTO revoked (serial) VALUES (?1)")?;
            for s in serials {
                if insert.execute([s])? == 1 {
                    fresh.push((s, REVOKED_LEAF));
                }
            }
        }
        if fresh.is_empty() {
            self.root = root_before;
            self.count = count_before;
            return Ok(0);
        }
        let added = fresh.len() as u64;
        // Which levels hold anything yet: an empty level needs no reads.
        let mut stored = [false; LEVELS];
        stored[0] = count_before > 0;
        for (level, s) in stored.iter_mut().enumerate().skip(1) {
            *s = tx
                .prepare_cached("SELECT 1 FROM nodes WHERE level = ?1 LIMIT 1")?
                .exists([level])?;
        }
        let root = rebuild_levels(
            fresh,
            |level, parents| {
                if !stored[level] {
                    return Ok(None);
                }
                parents
                    .iter()
                    .map(|&p| load_children(&tx, level, p))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Some)
            },
            |level, nodes| {
                let mut put = tx.prepare_cached(
                    "INSERT OR REPLACE INTO nodes (level, idx, hash) VALUES (?1, ?2, ?3)",
                )?;
                let mut delete =
                    tx.prepare_cached("DELETE FROM nodes WHERE level = ?1 AND idx = ?2")?;
                let empty = empty_roots()[level];
                for (idx, hash) in nodes {
                    if *hash == empty {
                        delete.execute(params![level, idx])?;
                    } else {
                        put.execute(params![level, idx, fr_to_le_bytes(hash)])?;
                    }
                }
                #[cfg(test)]
                tests::crash_hook(level);
                Ok::<(), RevocationError>(())
            },
        )?;
        let count = count_before + added;
        write_meta(&tx, &root, count)?;
        tx.commit()?;
        self.root = root;
        self.count = count;
        Ok(added)
    }

    /// The path of a serial that is not revoked: it shows the empty leaf at
    /// `serial` under [`RevocationRegistry::root`].
    /// [`RevocationError::AlreadyRevoked`] if the serial is revoked.
    pub fn non_membership_proof(&self, serial: u32) -> Result<MerklePath, RevocationError> {
        let (revoked, path) = self.path(serial)?;
        if revoked {
            return Err(RevocationError::AlreadyRevoked);
        }
        Ok(path)
    }

    /// The path of a revoked serial: it shows [`REVOKED_LEAF`] at `serial`
    /// under [`RevocationRegistry::root`]. [`RevocationError::NotRevoked`] if
    /// it is not revoked.
    pub fn membership_proof(&self, serial: u32) -> Result<MerklePath, RevocationError> {
        let (revoked, path) = self.path(serial)?;
        if !revoked {
            return Err(RevocationError::NotRevoked);
        }
        Ok(path)
    }

    /// Reads the 48 siblings of `serial`'s path and whether it is revoked, in
    /// one read transaction.
    fn path(&self, serial: u32) -> Result<(bool, MerklePath), RevocationError> {
        let tx = self.conn.unchecked_transaction()?;
        let mut siblings = Vec::with_capacity(LEVELS);
        let mut revoked = false;
        for level in 0..LEVELS {
            let index = (u64::from(serial) >> (2 * level)) as u32;
            let children = load_children(&tx, level, index >> 2)?;
            let pos = (index & 3) as usize;
            if level == 0 {
                revoked = children[pos] == REVOKED_LEAF;
            }
            let mut s = [Fr::from(0u64); ARITY - 1];
            for (slot, c) in s
                .iter_mut()
                .zip(children.iter().enumerate().filter(|(j, _)| *j != pos))
            {
                *slot = *c.1;
            }
            siblings.push(s);
        }
        tx.commit()?;
        Ok((revoked, MerklePath { siblings }))
    }

    /// Recomputes the tree from the stored revoked set and compares every
    /// stored node, the root and the count with it. Any difference (a flipped
    /// byte, a missing or extra node, a stale root) is
    /// [`RevocationError::Corrupt`]. Runs in one read transaction.
    pub fn verify_integrity(&self) -> Result<(), RevocationError> {
        let tx = self.conn.unchecked_transaction()?;
        let (root, count) = read_meta(&tx)?;
        // Sized by the rows actually read, never by the stored count.
        let mut serials = Vec::new();
        {
            let mut stmt = tx.prepare("SELECT serial FROM revoked ORDER BY serial")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                serials.push((serial_from_row(row.get(0)?)?, REVOKED_LEAF));
            }
        }
        if serials.len() as u64 != count {
            return Err(corrupt("the stored count differs from the revoked set"));
        }
        let stray: i64 = tx.query_row(
            "SELECT COUNT(*) FROM nodes WHERE level < 1 OR level > ?1 OR ?2 = 0",
            params![LEVELS, count as i64],
            |r| r.get(0),
        )?;
        if stray != 0 {
            return Err(corrupt(
                "a node is stored outside levels 1..=16, or in an empty tree",
            ));
        }
        let computed = rebuild_levels(
            serials,
            |_, _| Ok(None),
            |level, nodes| compare_level(&tx, level, nodes),
        )?;
        if computed != root {
            return Err(corrupt("the stored root differs from the revoked set"));
        }
        tx.commit()?;
        Ok(())
    }
}

/// The four children (at `level`) of node `parent` (at `level + 1`).
fn load_children(
    tx: &Transaction<'_>,
    level: usize,
    parent: u32,
) -> Result<[Fr; ARITY], RevocationError> {
    let first = u64::from(parent) * ARITY as u64;
    let last = first + ARITY as u64 - 1;
    let mut children = [empty_roots()[level]; ARITY];
    if level == 0 {
        let mut stmt =
            tx.prepare_cached("SELECT serial FROM revoked WHERE serial BETWEEN ?1 AND ?2")?;
        let mut rows = stmt.query([first, last])?;
        while let Some(row) = rows.next()? {
            let serial: i64 = row.get(0)?;
            *child_slot(&mut children, serial, first, level)? = REVOKED_LEAF;
        }
    } else {
        let mut stmt = tx.prepare_cached(
            "SELECT idx, hash FROM nodes WHERE level = ?1 AND idx BETWEEN ?2 AND ?3",
        )?;
        let mut rows = stmt.query(params![level, first, last])?;
        while let Some(row) = rows.next()? {
            let (idx, hash) = node_row(row, level as i64)?;
            *child_slot(&mut children, idx, first, level)? = hash;
        }
    }
    Ok(children)
}

/// The slot of stored index `index` among the four children from `first`;
/// a row outside them (a damaged index) is corrupt.
fn child_slot(
    children: &mut [Fr; ARITY],
    index: i64,
    first: u64,
    level: usize,
) -> Result<&mut Fr, RevocationError> {
    u64::try_from(index)
        .ok()
        .and_then(|i| i.checked_sub(first))
        .and_then(|off| usize::try_from(off).ok())
        .and_then(|off| children.get_mut(off))
        .ok_or_else(|| corrupt(format!("a level {level} row is outside its range")))
}

/// One `(idx, hash)` row of the `nodes` table, decoded and checked.
fn node_row(row: &rusqlite::Row<'_>, level: i64) -> Result<(i64, Fr), RevocationError> {
    let idx: i64 = row.get(0)?;
    let blob = row
        .get_ref(1)?
        .as_blob()
        .map_err(|_| corrupt(format!("node ({level}, {idx}) is not a blob")))?;
    Ok((idx, hash_from_blob(blob, level, idx)?))
}

/// Compares the stored nodes of `level` with the recomputed non-empty ones.
fn compare_level(
    tx: &Transaction<'_>,
    level: usize,
    nodes: &[(u32, Fr)],
) -> Result<(), RevocationError> {
    let empty = empty_roots()[level];
    let mut expected = nodes.iter().filter(|(_, h)| *h != empty);
    let mut stmt =
        tx.prepare_cached("SELECT idx, hash FROM nodes WHERE level = ?1 ORDER BY idx")?;
    let mut rows = stmt.query([level])?;
    while let Some(row) = rows.next()? {
        let (idx, stored) = node_row(row, level as i64)?;
        match expected.next() {
            Some(&(i, h)) if i64::from(i) == idx && h == stored => {}
            Some(&(i, _)) if i64::from(i) == idx => {
                return Err(corrupt(format!("node ({level}, {idx}) has the wrong hash")))
            }
            Some(&(i, _)) if i64::from(i) < idx => {
                return Err(corrupt(format!("node ({level}, {i}) is missing")))
            }
            _ => {
                return Err(corrupt(format!(
                    "node ({level}, {idx}) should not be stored"
                )))
            }
        }
    }
    if let Some((i, _)) = expected.next() {
        return Err(corrupt(format!("node ({level}, {i}) is missing")));
    }
    Ok(())
}

fn write_meta(tx: &Transaction<'_>, root: &Fr, count: u64) -> Result<(), RevocationError> {
    let mut put = tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
    put.execute(params!["root", fr_to_le_bytes(root)])?;
    put.execute(params!["count", count as i64])?;
    Ok(())
}

fn read_schema_version(conn: &Connection) -> Result<Option<i64>, RevocationError> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'schema_version'",
        [],
        |r| r.get(0),
    )
    .optional()
    .map_err(|_| corrupt("the schema version is not an integer"))
}

fn read_next_serial(conn: &Connection) -> Result<i64, RevocationError> {
    let next: Option<i64> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'next_serial'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|_| corrupt("the next serial is not an integer"))?;
    match next {
        None => Ok(0),
        Some(n) if (0..=1 << 32).contains(&n) => Ok(n),
        Some(_) => Err(corrupt("the next serial is outside 0..=2^32")),
    }
}

fn read_issuer(conn: &Connection) -> Result<Option<IssuerPublicKey>, RevocationError> {
    let bad = || corrupt("the stored issuer key is not a valid public key");
    let blob: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = 'issuer'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|_| bad())?;
    let Some(blob) = blob else {
        return Ok(None);
    };
    let bytes: [u8; 32] = blob.as_slice().try_into().map_err(|_| bad())?;
    PublicKey::from_bytes(&bytes)
        .map(|k| Some(IssuerPublicKey(k)))
        .map_err(|_| bad())
}

/// The metadata an open keeps, checked against the top of the tree: the
/// stored root must be the stored level-16 node (or the empty root when that
/// node is absent), and the count must be zero exactly when the root is empty.
fn read_state(conn: &Connection) -> Result<State, RevocationError> {
    let (root, count) = read_meta(conn)?;
    let top = {
        let mut stmt =
            conn.prepare_cached("SELECT idx, hash FROM nodes WHERE level = ?1 AND idx = 0")?;
        let mut rows = stmt.query([LEVELS])?;
        match rows.next()? {
            Some(row) => node_row(row, LEVELS as i64)?.1,
            None => empty_roots()[LEVELS],
        }
    };
    if top != root {
        return Err(corrupt(
            "the stored root differs from the top node of the tree",
        ));
    }
    if (count == 0) != (root == empty_roots()[LEVELS]) {
        return Err(corrupt("the stored count disagrees with the root"));
    }
    Ok(State {
        root,
        count,
        issuer: read_issuer(conn)?,
    })
}

fn read_meta(tx: &Connection) -> Result<(Fr, u64), RevocationError> {
    let root: Option<Vec<u8>> = tx
        .query_row("SELECT value FROM meta WHERE key = 'root'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|_| corrupt("the stored root is not a blob"))?;
    let root = root
        .as_deref()
        .and_then(fr_from_canonical_le)
        .ok_or_else(|| corrupt("the stored root is missing or not a canonical field element"))?;
    let count: Option<i64> = tx
        .query_row("SELECT value FROM meta WHERE key = 'count'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|_| corrupt("the stored count is not an integer"))?;
    let count = count
        .and_then(|c| u64::try_from(c).ok())
        .ok_or_else(|| corrupt("the stored count is missing or negative"))?;
    Ok((root, count))
}

#[cfg(test)]
mod tests;
