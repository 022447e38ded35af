//! The single-writer rule, enforced: a writer holds an exclusive advisory
//! lock (`flock(2)`, non-blocking) on the file `<registry>-lock` beside the
//! database for as long as it is open.
//!
//! A second writer, in another process or from another `open` in the same
//! process (each `open` is its own open file description), gets
//! [`RevocationError::WriterActive`] at once instead of queueing behind the
//! first one's batches. The kernel drops the lock when its holder exits, even
//! by SIGKILL, so a crashed writer never leaves the registry locked. The lock
//! file is empty and never deleted (deleting it would let two writers lock two
//! different files). Readers take no lock.
//!
//! Dropping the lock unlocks it explicitly (`LOCK_UN`) before closing the
//! file. Closing alone is not enough: a child process forked by another
//! thread holds a copy of the descriptor until it execs, and an `flock` lock
//! belongs to the open file description, so it would outlive the writer for
//! that moment and a writer opened right after would get `WriterActive`.
//!
//! The lock is a separate file, not the database: SQLite's own POSIX record
//! locks on the database would be released by closing any other descriptor
//! of it in this process.
//!
//! On platforms without `flock` the rule is documented, not enforced.

use std::{
    fs::{File, OpenOptions},
    path::{Path, PathBuf},
};

use super::super::RevocationError;

/// An exclusive lock on a registry's lock file, held until dropped.
#[derive(Debug)]
pub(super) struct WriterLock {
    /// The lock file; see the `Drop` impl for how the lock is released.
    file: File,
}

/// `<registry>-lock`, beside the registry (like SQLite's `-wal` and `-shm`).
pub(super) fn lock_path(registry: &Path) -> PathBuf {
    let mut name = registry.as_os_str().to_owned();
    name.push("-lock");
    PathBuf::from(name)
}

impl WriterLock {
    /// Takes the writer lock of the registry at `registry`, or
    /// [`RevocationError::WriterActive`] if another writer holds it.
    pub(super) fn acquire(registry: &Path) -> Result<WriterLock, RevocationError> {
        let path = lock_path(registry);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| RevocationError::Io(format!("cannot open the writer lock file: {e}")))?;
        #[cfg(unix)]
        {
            use rustix::fs::{flock, FlockOperation};
            match flock(&file, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => {}
                Err(e) if std::io::Error::from(e).kind() == std::io::ErrorKind::WouldBlock => {
                    return Err(RevocationError::WriterActive)
                }
                Err(e) => {
                    return Err(RevocationError::Io(format!(
                        "cannot lock the writer lock file: {}",
                        std::io::Error::from(e)
                    )))
                }
            }
        }
        Ok(WriterLock { file })
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            // Unlocks the open file description, whatever other descriptors
            // still refer to it. An error here can only mean the lock is
            // already gone; closing the file follows either way.
            let _ = rustix::fs::flock(&self.file, rustix::fs::FlockOperation::Unlock);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A copy of the descriptor, as a child forked by another thread holds
    /// until it execs, does not keep the lock once the writer is dropped.
    #[test]
    fn a_dropped_lock_is_free_while_a_copy_of_its_descriptor_lives() {
        let dir = tempfile::tempdir().unwrap();
        let registry = dir.path().join("registry.db");
        let first = WriterLock::acquire(&registry).unwrap();
        let copy = first.file.try_clone().unwrap();
        assert_eq!(
            WriterLock::acquire(&registry).map(|_| ()),
            Err(RevocationError::WriterActive)
        );
        drop(first);
        let second = WriterLock::acquire(&registry);
        drop(copy);
        second.unwrap();
    }
}
