//! Files of keys and documents, for every front end: reading with the path
//! in each error ([`Error::File`]; a detail, not in the message), loading (read, then parse with the file
//! named in a parse error too), and writing atomically, so a crash mid-write
//! leaves the old file or the new one, never half of either. Secret files
//! are created readable by their owner only (mode 0600 on Unix) from their
//! first byte, not restricted after the fact.
//!
//! ```no_run
//! use zkcred_core::{files, keys::VerifyingKey};
//! # fn main() -> zkcred_core::Result<()> {
//! let vk = files::load(".zkcred/presentation.vk", VerifyingKey::from_bytes)?;
//! files::write("copy.vk", &vk.to_bytes())?;
//! # Ok(()) }
//! ```

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

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

/// Writes `bytes` to `path` atomically: a temporary file next to it,
/// flushed to disk, renamed over `path`, and the directory synced (Unix).
/// Creates the parent directory if needed. Errors name the file.
pub fn write(path: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
    write_atomic(path.as_ref(), bytes, false)
}

/// [`write`] for a secret (an issuer key, a holder secret, a wallet): the
/// file is created readable and writable by its owner only (mode 0600 on
/// Unix) before any byte is written.
pub fn write_secret(path: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
    write_atomic(path.as_ref(), bytes, true)
}

/// The temporary file a write of `path` goes through: `path` with `.tmp`
/// appended to its name, in the same directory (so the rename stays on one
/// file system).
fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

fn write_atomic(path: &Path, bytes: &[u8], secret: bool) -> Result<()> {
    let fail = |e: std::io::Error| Error::from(e).in_file(path);
    if path.file_name().is_none() {
        return Err(Error::Io("not a file name".into()).in_file(path));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = temporary(path);
    // A temporary file left by a crash may have looser permissions: remove
    // it, then create the new one exclusively with the right mode.
    match fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
        _ => {}
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let written = (|| {
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e));
    }
    // Make the rename itself durable (best effort where directories cannot
    // be opened).
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir.unwrap_or(Path::new("."))) {
        let _ = d.sync_all();
    }
    Ok(())
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
        assert!(!temporary(&path).exists());
        // A stale temporary file from a crash is replaced, not appended to.
        fs::write(temporary(&path), b"stale and longer").unwrap();
        write(&path, b"third").unwrap();
        assert_eq!(read(&path).unwrap(), b"third");
        assert!(!temporary(&path).exists());
    }

    #[cfg(unix)]
    #[test]
    fn secret_files_are_owner_only_even_over_a_loose_stale_temporary() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issuer.key");
        fs::write(temporary(&path), b"").unwrap();
        fs::set_permissions(temporary(&path), fs::Permissions::from_mode(0o644)).unwrap();
        write_secret(&path, b"00112233").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(read(&path).unwrap(), b"00112233");
    }
}
