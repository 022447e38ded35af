//! Tests of the SQLite revocation store, including real crashes: a child
//! process (this test binary, re-run on one test with an environment
//! variable) is SIGKILLed in the middle of a batch.

use std::{
    collections::BTreeSet,
    io::{BufRead, BufReader, Write},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::atomic::{AtomicUsize, Ordering},
    time::Duration,
};

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rusqlite::Connection;
use zkcred_circuits::smt::{MemoryTree, EMPTY_LEAF};

use super::*;

/// The level after whose nodes a batch stops, in the crash child (none by
/// default).
static PAUSE_AFTER_LEVEL: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Line the crash child prints when it has stopped inside a transaction.
const MID_WRITE: &str = "CRASH-CHILD mid-write";
/// Environment of the crash child: database path and mode.
const CHILD_DB: &str = "ZKCRED_REVOCATION_CRASH_DB";
const CHILD_MODE: &str = "ZKCRED_REVOCATION_CRASH_MODE";

/// Called by `revoke_many` after writing each level's nodes.
pub(super) fn crash_hook(level: usize) {
    if level == PAUSE_AFTER_LEVEL.load(Ordering::SeqCst) {
        println!("{MID_WRITE}");
        std::io::stdout().flush().unwrap();
        std::thread::sleep(Duration::from_secs(600));
    }
}

fn serials(rng: &mut ChaCha20Rng, n: usize) -> Vec<u32> {
    (0..n).map(|_| rng.gen()).collect()
}

fn tree_of<'a>(serials: impl IntoIterator<Item = &'a u32>) -> MemoryTree {
    let mut tree = MemoryTree::new();
    for &s in serials {
        tree.set(s, REVOKED_LEAF);
    }
    tree
}

fn stored_set(path: &Path) -> BTreeSet<u32> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT serial FROM revoked").unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, u32>(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("revocation.sqlite");
    (dir, path)
}

#[test]
fn empty_registry_has_the_empty_root_and_proves_non_membership() {
    let reg = RevocationRegistry::open_in_memory().unwrap();
    assert_eq!(reg.root(), empty_roots()[LEVELS]);
    assert!(reg.is_empty());
    let path = reg.non_membership_proof(77).unwrap();
    assert_eq!(path, MerklePath::empty());
    assert!(path.verify(reg.root(), 77, EMPTY_LEAF));
    assert_eq!(reg.membership_proof(77), Err(RevocationError::NotRevoked));
    reg.verify_integrity().unwrap();
}

#[test]
fn revoke_and_prove_like_the_memory_tree() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let mut reg = RevocationRegistry::open_in_memory().unwrap();
    let mut revoked = serials(&mut rng, 30);
    revoked.extend([0, 1, 2, 3, 5, u32::MAX]);
    for &s in &revoked[..5] {
        reg.revoke(s).unwrap();
    }
    assert_eq!(reg.revoke(revoked[0]), Err(RevocationError::AlreadyRevoked));
    let mut batch = revoked[3..].to_vec();
    batch.push(revoked[10]);
    assert_eq!(reg.revoke_many(batch).unwrap(), (revoked.len() - 5) as u64);
    assert_eq!(reg.revoke_many(revoked.clone()).unwrap(), 0);
    assert_eq!(reg.len(), revoked.len() as u64);

    let tree = tree_of(&revoked);
    let root = reg.root();
    assert_eq!(root, tree.root());
    for &s in &revoked {
        assert!(reg.is_revoked(s).unwrap());
        let path = reg.membership_proof(s).unwrap();
        assert_eq!(path, tree.path(s));
        assert!(path.verify(root, s, REVOKED_LEAF));
        assert_eq!(
            reg.non_membership_proof(s),
            Err(RevocationError::AlreadyRevoked)
        );
    }
    for s in [4u32, 6, u32::MAX - 1, rng.gen()] {
        assert!(!reg.is_revoked(s).unwrap());
        let path = reg.non_membership_proof(s).unwrap();
        assert_eq!(path, tree.path(s));
        assert!(path.verify(root, s, EMPTY_LEAF));
        assert_eq!(reg.membership_proof(s), Err(RevocationError::NotRevoked));
    }
    reg.verify_integrity().unwrap();
}

#[test]
fn batches_in_any_split_give_the_same_root() {
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let all = serials(&mut rng, 300);
    let mut one = RevocationRegistry::open_in_memory().unwrap();
    one.revoke_many(all.iter().copied()).unwrap();
    let mut three = RevocationRegistry::open_in_memory().unwrap();
    for chunk in all.chunks(100) {
        three.revoke_many(chunk.iter().copied()).unwrap();
    }
    assert_eq!(one.root(), three.root());
    assert_eq!(one.root(), tree_of(&all).root());
    three.verify_integrity().unwrap();
}

#[test]
fn reopening_a_file_gives_the_same_root() {
    let (_dir, path) = temp_db();
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let all = serials(&mut rng, 200);
    let root = {
        let mut reg = RevocationRegistry::open(&path).unwrap();
        reg.revoke_many(all.iter().copied()).unwrap();
        reg.root()
    };
    let reg = RevocationRegistry::open_verified(&path).unwrap();
    assert_eq!(reg.root(), root);
    assert_eq!(reg.len(), 200);
    assert!(reg.is_revoked(all[17]).unwrap());
    let journal: String = reg
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let sync: i64 = reg
        .conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous = FULL");
}

/// Builds a file with some revocations, applies `damage` through a raw
/// connection, and returns what `verify_integrity` (and `open_verified`) say.
fn damaged(damage: &str) -> Result<(), RevocationError> {
    let (_dir, path) = temp_db();
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    RevocationRegistry::open(&path)
        .unwrap()
        .revoke_many(serials(&mut rng, 50))
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch(damage)
        .unwrap();
    let verdict = RevocationRegistry::open(&path)?.verify_integrity();
    assert_eq!(
        RevocationRegistry::open_verified(&path).map(|_| ()),
        verdict.clone()
    );
    verdict
}

fn assert_corrupt(result: Result<(), RevocationError>, mentions: &str) {
    match result {
        Err(RevocationError::Corrupt(what)) => {
            assert!(
                what.contains(mentions),
                "{what:?} should mention {mentions:?}"
            )
        }
        other => panic!("expected Corrupt({mentions}), got {other:?}"),
    }
}

#[test]
fn a_flipped_node_byte_is_detected() {
    assert_eq!(damaged(""), Ok(()));
    // Flip the low bit of the first byte of one level-3 node.
    assert_corrupt(
        damaged(
            "UPDATE nodes SET hash = CAST((CASE WHEN substr(hash, 1, 1) = x'00' THEN x'01' ELSE x'00' END) || substr(hash, 2) AS BLOB)
             WHERE level = 3 AND idx = (SELECT min(idx) FROM nodes WHERE level = 3)",
        ),
        "wrong hash",
    );
}

#[test]
fn missing_extra_and_malformed_rows_are_detected() {
    assert_corrupt(
        damaged("DELETE FROM nodes WHERE level = 5 AND idx = (SELECT max(idx) FROM nodes WHERE level = 5)"),
        "missing",
    );
    assert_corrupt(
        damaged("INSERT INTO nodes VALUES (2, 7, zeroblob(32))"),
        "should not be stored",
    );
    assert_corrupt(
        damaged("INSERT INTO nodes VALUES (0, 7, zeroblob(32))"),
        "outside",
    );
    assert_corrupt(
        damaged("UPDATE nodes SET hash = CAST(x'ff' || substr(hash, 2, 30) || x'ff' AS BLOB) WHERE level = 16"),
        "canonical",
    );
    assert_corrupt(
        damaged("UPDATE nodes SET hash = 'text' WHERE level = 16"),
        "blob",
    );
    // A revoked serial added behind the registry's back: root and count are stale.
    assert_corrupt(damaged("INSERT INTO revoked VALUES (12345)"), "count");
    assert_corrupt(
        damaged("INSERT INTO revoked VALUES (12345); UPDATE meta SET value = value + 1 WHERE key = 'count'"),
        "node",
    );
    assert_corrupt(
        damaged("INSERT INTO revoked VALUES (4294967296)"),
        "outside 0..2^32",
    );
    assert_corrupt(
        damaged("UPDATE meta SET value = zeroblob(32) WHERE key = 'root'"),
        "root",
    );
}

#[test]
fn a_damaged_root_or_unknown_schema_fails_on_open() {
    assert!(matches!(
        damaged("UPDATE meta SET value = x'00' WHERE key = 'root'"),
        Err(RevocationError::Corrupt(_))
    ));
    assert_eq!(
        damaged("UPDATE meta SET value = 2 WHERE key = 'schema_version'"),
        Err(RevocationError::UnsupportedSchema(2))
    );
}

#[test]
fn an_unopenable_path_is_an_io_error() {
    let (dir, _) = temp_db();
    let result = RevocationRegistry::open(dir.path().join("no/such/dir/db.sqlite"));
    assert!(matches!(result, Err(RevocationError::Io(_))), "{result:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn random_batches_match_the_memory_tree(
        batches in proptest::collection::vec(proptest::collection::vec(any::<u16>(), 0..20), 1..4),
        high in any::<u32>(),
    ) {
        // Serials from a small range share subtrees across batches.
        let mut reg = RevocationRegistry::open_in_memory().unwrap();
        let mut tree = MemoryTree::new();
        for batch in &batches {
            let batch: Vec<u32> = batch.iter().map(|&s| (high & 0xffff_0000) | u32::from(s)).collect();
            reg.revoke_many(batch.iter().copied()).unwrap();
            for &s in &batch {
                tree.set(s, REVOKED_LEAF);
            }
            prop_assert_eq!(reg.root(), tree.root());
        }
        reg.verify_integrity().unwrap();
    }
}

// ---------------------------------------------------------------------------
// Crashes
// ---------------------------------------------------------------------------

/// The serials of crash batch `i` (deterministic, so parent and child agree).
fn crash_batch(i: usize, size: usize) -> Vec<u32> {
    let mut rng = ChaCha20Rng::seed_from_u64(1000 + i as u64);
    serials(&mut rng, size)
}

const PAUSE_FIRST: usize = 200;
const PAUSE_SECOND: usize = 3000;
const LOOP_BATCH: usize = 1500;
const LOOP_MAX_BATCHES: usize = 40;

/// SIGKILLs the child when dropped, so a failing parent leaves no orphan.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill(); // SIGKILL on Unix
        let _ = self.0.wait();
    }
}

/// The crash child's body; a no-op (and a passing test) unless the parent
/// set [`CHILD_DB`].
#[test]
fn crash_child_process_entry() {
    let Ok(db) = std::env::var(CHILD_DB) else {
        return;
    };
    let mode = std::env::var(CHILD_MODE).unwrap();
    let mut reg = RevocationRegistry::open(&db).unwrap();
    let say = |line: String| {
        println!("{line}");
        std::io::stdout().flush().unwrap();
    };
    match mode.as_str() {
        "pause" => {
            reg.revoke_many(crash_batch(0, PAUSE_FIRST)).unwrap();
            say("committed 0".into());
            PAUSE_AFTER_LEVEL.store(8, Ordering::SeqCst);
            reg.revoke_many(crash_batch(1, PAUSE_SECOND)).unwrap();
            say("committed 1".into());
        }
        "loop" => {
            // Bounded, so a child whose parent died stops by itself.
            for i in 0..LOOP_MAX_BATCHES {
                reg.revoke_many(crash_batch(i, LOOP_BATCH)).unwrap();
                say(format!("committed {i}"));
            }
        }
        other => panic!("unknown crash mode {other}"),
    }
}

/// Runs the crash child on `db` in `mode`, SIGKILLs it `delay` after it
/// printed a line containing `kill_when`, and returns every line the child
/// printed before it died. (libtest may print its own text on the same line.)
fn run_and_kill(db: &Path, mode: &str, kill_when: &str, delay: Duration) -> Vec<String> {
    run_and_kill_after(db, mode, kill_when, delay, || {})
}

/// [`run_and_kill`], running `meanwhile` after the child printed `kill_when`
/// and before it is killed.
fn run_and_kill_after(
    db: &Path,
    mode: &str,
    kill_when: &str,
    delay: Duration,
    meanwhile: impl FnOnce(),
) -> Vec<String> {
    let child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "revocation::sqlite::tests::crash_child_process_entry",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, db)
        .env(CHILD_MODE, mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = KillOnDrop(child);
    let stdout = BufReader::new(child.0.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in stdout.lines() {
            let line = line.unwrap();
            let _ = tx.send(line.clone());
        }
    });
    let mut lines = Vec::new();
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(300))
            .expect("the crash child reached the kill point");
        let done = line.contains(kill_when);
        lines.push(line);
        if done {
            break;
        }
    }
    std::thread::sleep(delay);
    meanwhile();
    drop(child);
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    lines
}

fn committed(lines: &[String]) -> Option<usize> {
    lines
        .iter()
        .filter_map(|l| l.split("committed ").nth(1)?.trim().parse().ok())
        .max()
}

#[test]
fn sigkill_inside_a_batch_keeps_the_previous_state() {
    let (_dir, db) = temp_db();
    let lines = run_and_kill(&db, "pause", MID_WRITE, Duration::ZERO);
    assert_eq!(committed(&lines), Some(0), "{lines:?}");
    // The WAL holds the unfinished batch's frames; none may count.
    let reg = RevocationRegistry::open_verified(&db).unwrap();
    let first: BTreeSet<u32> = crash_batch(0, PAUSE_FIRST).into_iter().collect();
    assert_eq!(stored_set(&db), first);
    assert_eq!(reg.len(), first.len() as u64);
    let mut fresh = RevocationRegistry::open_in_memory().unwrap();
    fresh.revoke_many(first).unwrap();
    assert_eq!(reg.root(), fresh.root());
}

#[test]
fn sigkill_at_a_random_moment_keeps_a_committed_state() {
    let mut rng = rand::thread_rng();
    for round in 0..2 {
        let (_dir, db) = temp_db();
        let delay = Duration::from_millis(rng.gen_range(0..1500));
        let lines = run_and_kill(&db, "loop", "committed 0", delay);
        let seen = committed(&lines).expect("batch 0 committed");
        let reg = RevocationRegistry::open_verified(&db).unwrap();
        let stored = stored_set(&db);
        // Either the last batch the child reported, or one more that
        // committed before the child could say so; never anything between.
        let state = |last: usize| -> BTreeSet<u32> {
            (0..=last)
                .flat_map(|i| crash_batch(i, LOOP_BATCH))
                .collect()
        };
        assert!(
            stored == state(seen) || stored == state(seen + 1),
            "round {round}: {} serials stored after batch {seen} ({delay:?})",
            stored.len()
        );
        assert_eq!(reg.len(), stored.len() as u64);
    }
}

// ---------------------------------------------------------------------------
// Damaged files, readers and the single writer
// ---------------------------------------------------------------------------

/// A file with 50 revocations, then `damage` through a raw connection.
fn damaged_file(damage: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_db();
    let mut rng = ChaCha20Rng::seed_from_u64(4);
    RevocationRegistry::open(&path)
        .unwrap()
        .revoke_many(serials(&mut rng, 50))
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch(damage)
        .unwrap();
    (dir, path)
}

#[test]
fn a_huge_stored_count_is_corrupt_not_a_panic() {
    for count in [i64::MAX, 1 << 40] {
        assert_corrupt(
            damaged(&format!(
                "UPDATE meta SET value = {count} WHERE key = 'count'"
            )),
            "count",
        );
    }
}

#[test]
fn a_flipped_root_bit_is_refused_on_open() {
    for (byte, bit) in [(0, 0), (17, 5), (30, 7)] {
        let (_dir, path) = damaged_file("");
        {
            let conn = Connection::open(&path).unwrap();
            let mut root: Vec<u8> = conn
                .query_row("SELECT value FROM meta WHERE key = 'root'", [], |r| {
                    r.get(0)
                })
                .unwrap();
            root[byte] ^= 1 << bit;
            conn.execute("UPDATE meta SET value = ?1 WHERE key = 'root'", [root])
                .unwrap();
        }
        for result in [
            RevocationRegistry::open(&path).map(|r| r.root()),
            RevocationRegistry::open_read_only(&path).map(|r| r.root()),
            RevocationRegistry::open_existing(&path).map(|r| r.root()),
        ] {
            match result {
                Err(RevocationError::Corrupt(what)) => assert!(what.contains("root"), "{what}"),
                other => panic!("bit {bit} of byte {byte}: a flipped root was served: {other:?}"),
            }
        }
    }
}

#[test]
fn a_zero_count_with_a_non_empty_root_is_refused_on_open() {
    let (_dir, path) = damaged_file("UPDATE meta SET value = 0 WHERE key = 'count'");
    assert_corrupt(RevocationRegistry::open(&path).map(|_| ()), "count");
}

#[test]
fn readers_and_existing_only_writers_never_create_a_file() {
    let (dir, path) = temp_db();
    assert_eq!(
        RevocationRegistry::open_read_only(&path).map(|_| ()),
        Err(RevocationError::Missing)
    );
    assert_eq!(
        RevocationRegistry::open_existing(&path).map(|_| ()),
        Err(RevocationError::Missing)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // A file that is not a registry (empty: SQLite would take it as an empty database).
    std::fs::write(&path, b"").unwrap();
    assert_corrupt(
        RevocationRegistry::open_read_only(&path).map(|_| ()),
        "not a revocation registry",
    );
}

#[test]
fn a_read_only_registry_reads_and_refuses_writes() {
    let (_dir, path) = temp_db();
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let revoked = serials(&mut rng, 20);
    let root = {
        let mut reg = RevocationRegistry::open(&path).unwrap();
        reg.revoke_many(revoked.iter().copied()).unwrap();
        reg.root()
    };
    let mut reader = RevocationRegistry::open_read_only(&path).unwrap();
    assert!(!reader.is_writable());
    assert_eq!(reader.root(), root);
    assert_eq!(reader.len(), 20);
    assert!(reader.is_revoked(revoked[3]).unwrap());
    assert!(reader
        .non_membership_proof(7)
        .unwrap()
        .verify(root, 7, EMPTY_LEAF));
    reader.verify_integrity().unwrap();
    assert_eq!(reader.revoke(7), Err(RevocationError::ReadOnly));
    assert_eq!(reader.allocate_serial(), Err(RevocationError::ReadOnly));
    assert_eq!(stored_set(&path).len(), 20);
}

#[test]
fn a_reader_does_not_wait_for_a_writer_inside_a_batch() {
    let (_dir, path) = temp_db();
    let root = {
        let mut reg = RevocationRegistry::open(&path).unwrap();
        reg.revoke_many([1, 2, 3]).unwrap();
        reg.root()
    };
    // Another connection holds the write lock with a batch half written.
    let writer = Connection::open(&path).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO revoked VALUES (99);")
        .unwrap();
    let mut reader = RevocationRegistry::open_read_only(&path).unwrap();
    assert_eq!(reader.root(), root);
    assert!(!reader.is_revoked(99).unwrap());
    assert!(reader
        .non_membership_proof(99)
        .unwrap()
        .verify(root, 99, EMPTY_LEAF));
    reader.reload().unwrap();
    assert_eq!(reader.root(), root);
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_second_writer_is_refused_at_once() {
    let (_dir, path) = temp_db();
    let mut first = RevocationRegistry::open(&path).unwrap();
    first.revoke(5).unwrap();
    for second in [
        RevocationRegistry::open(&path),
        RevocationRegistry::open_existing(&path),
        RevocationRegistry::open_verified(&path),
    ] {
        assert_eq!(second.map(|_| ()), Err(RevocationError::WriterActive));
    }
    // Readers are still welcome, and see the writer's commits.
    let reader = RevocationRegistry::open_read_only(&path).unwrap();
    assert_eq!(reader.root(), first.root());
    drop(first);
    let mut again = RevocationRegistry::open_existing(&path).unwrap();
    again.revoke(6).unwrap();
    assert_eq!(again.len(), 2);
}

#[test]
fn a_writer_in_another_process_locks_out_writers_but_not_readers() {
    let (_dir, db) = temp_db();
    let mut during = None;
    let lines = run_and_kill_after(&db, "pause", MID_WRITE, Duration::ZERO, || {
        // The child holds the writer lock and is inside its second batch.
        let second = RevocationRegistry::open(&db).map(|_| ());
        let reader = RevocationRegistry::open_read_only(&db).map(|r| (r.root(), r.len()));
        during = Some((second, reader));
    });
    assert_eq!(committed(&lines), Some(0), "{lines:?}");
    let (second, reader) = during.unwrap();
    assert_eq!(second, Err(RevocationError::WriterActive));
    let mut first = RevocationRegistry::open_in_memory().unwrap();
    first.revoke_many(crash_batch(0, PAUSE_FIRST)).unwrap();
    assert_eq!(reader, Ok((first.root(), first.len())));
    // The child is dead: its lock went with it.
    RevocationRegistry::open_verified(&db).unwrap();
}

#[test]
fn the_issuer_key_is_recorded_and_another_is_refused() {
    let key = |b: u8| crate::issuer::IssuerKey::from_bytes([b; 32]).public_key();
    let (_dir, path) = temp_db();
    {
        let mut reg = RevocationRegistry::open(&path).unwrap();
        assert_eq!(reg.issuer(), None);
        reg.bind_issuer(&key(1)).unwrap();
        reg.bind_issuer(&key(1)).unwrap();
        assert_eq!(
            reg.bind_issuer(&key(2)),
            Err(RevocationError::IssuerMismatch)
        );
    }
    let reader = RevocationRegistry::open_read_only(&path).unwrap();
    assert_eq!(reader.issuer(), Some(key(1)));
    drop(reader);
    let mut reg = RevocationRegistry::open_existing(&path).unwrap();
    assert_eq!(reg.issuer(), Some(key(1)));
    assert_eq!(
        reg.bind_issuer(&key(2)),
        Err(RevocationError::IssuerMismatch)
    );
    drop(reg);
    Connection::open(&path)
        .unwrap()
        .execute_batch("UPDATE meta SET value = zeroblob(32) WHERE key = 'issuer'")
        .unwrap();
    assert_corrupt(RevocationRegistry::open(&path).map(|_| ()), "issuer");
}

#[test]
fn issued_serials_are_those_allocated() {
    let mut reg = RevocationRegistry::open_in_memory().unwrap();
    assert!(!reg.is_issued(0).unwrap());
    assert_eq!(reg.allocate_serial().unwrap(), 0);
    assert_eq!(reg.allocate_serial().unwrap(), 1);
    assert!(reg.is_issued(0).unwrap() && reg.is_issued(1).unwrap());
    assert!(!reg.is_issued(2).unwrap() && !reg.is_issued(u32::MAX).unwrap());
}
