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
    /// Closing the file releases the lock.
    _file: File,
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
        Ok(WriterLock { _file: file })
    }
}
