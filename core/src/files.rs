//! Files of keys and documents, for every front end: reading with the path
//! in each error ([`Error::File`]; a detail, not in the message), loading (read, then parse with the file
//! named in a parse error too), and writing atomically through
//! [`crate::atomic_file`], so a crash mid-write leaves the old file or the
//! new one, never half of either. Secret files are created readable by
//! their owner only (mode 0600 on Unix) and exclusively from their first
//! byte, and never replace an existing file unless asked.
//!
//! ```no_run
//! use zkcred_core::{files, keys::VerifyingKey};
//! # fn main() -> zkcred_core::Result<()> {
//! let vk = files::load(".zkcred/presentation.vk", VerifyingKey::from_bytes)?;
//! files::write("copy.vk", &vk.to_bytes())?;
//! # Ok(()) }
//! ```

use std::{fs, path::Path};

use crate::{Error, Result};

/// Reads a whole file. A failure is an [`Error::File`] naming `path` around
/// an [`Error::Io`] with the operating system's error kind.
pub fn read(path: impl AsRef<Path>) -> Result<Vec<u8>> {
    let path = path.as_ref();
    fs::read(path).map_err(|e| Error::from(e).in_file(path))
}

/// Reads a whole file as UTF-8 text; text that is not UTF-8 is an
/// [`Error::Encoding`] in an [`Error::File`].
pub fn read_text(path: impl AsRef<Path>) -> Result<String> {
    let path = path.as_ref();
    String::from_utf8(read(path)?).map_err(|_| Error::Encoding("text file (UTF-8)").in_file(path))
}

/// Reads `path` and parses its bytes with `parse` (a key's `from_bytes`, for
/// instance); a read or parse error names the file ([`Error::File`], of the
/// inner error's kind).
pub fn load<T>(path: impl AsRef<Path>, parse: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
    let path = path.as_ref();
    let bytes = read(path)?;
    parse(&bytes).map_err(|e| e.in_file(path))
}

/// Writes `bytes` to `path` atomically, replacing it: a fresh temporary
/// file next to it, flushed to disk, moved over `path`, the directory synced
/// ([`crate::atomic_file::write_public`]). Creates the parent directory.
/// Errors name the file.
pub fn write(path: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
    let path = path.as_ref();
    crate::atomic_file::write_public(path, bytes).map_err(|e| Error::from(e).in_file(path))
}

/// [`write`] for a secret (an issuer key, a holder secret, a wallet): the
/// file is created readable and writable by its owner only (mode 0600 on
/// Unix) and exclusively, before any byte is written; an existing file is
/// replaced only when `overwrite` ([`crate::atomic_file::write_secret`]).
pub fn write_secret(path: impl AsRef<Path>, bytes: &[u8], overwrite: bool) -> Result<()> {
    let path = path.as_ref();
    crate::atomic_file::write_secret(path, bytes, overwrite)
        .map_err(|e| Error::from(e).in_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_missing_file_is_an_io_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("presentation.vk");
        let e = read(&missing).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(e.path(), Some(missing.as_path()));
        assert!(e.to_string().starts_with("I/O: "), "{e}");
        assert!(!e.to_string().contains("presentation.vk"), "{e}");
    }

    #[test]
    fn a_parse_error_names_the_file_and_keeps_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("garbage.vk");
        write(&path, b"not a key").unwrap();
        let e = load(&path, crate::keys::VerifyingKey::from_bytes).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Key);
        assert_eq!(e.path(), Some(path.as_path()));
        let e = read_text(&{
            write(&path, &[0xff, 0xfe]).unwrap();
            path.clone()
        })
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
    }

    #[test]
    fn writes_replace_the_file_whole_and_create_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/presentation.vk");
        write(&path, b"first").unwrap();
        write(&path, b"second").unwrap();
        assert_eq!(read(&path).unwrap(), b"second");
        // Nothing but the file is left in its directory.
        let names: Vec<_> = fs::read_dir(dir.path().join("keys")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn secret_files_are_owner_only_and_kept_unless_overwritten() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issuer.key");
        write_secret(&path, b"00112233", false).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let e = write_secret(&path, b"44556677", false).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(e.path(), Some(path.as_path()));
        assert_eq!(read(&path).unwrap(), b"00112233");
        write_secret(&path, b"44556677", true).unwrap();
        assert_eq!(read(&path).unwrap(), b"44556677");
    }
}
