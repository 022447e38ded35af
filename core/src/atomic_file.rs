//! Writing files atomically, and secret files safely.
//!
//! Both writers put the bytes in a fresh temporary file in the destination's
//! directory (a random name, created with `O_CREAT | O_EXCL`, so a file or
//! symlink planted at that name is never opened or followed), fsync it, move
//! it into place, and fsync the directory: after a crash the destination holds
//! the old contents or the new ones, never a mix.
//!
//! [`write_secret`] creates the temporary file with mode `0600` from the
//! start (never readable by others, not even for a moment) and, unless told
//! to overwrite, publishes it with `link(2)`, which fails if anything (a
//! file, a symlink) already exists at the destination: an existing secret is
//! never replaced by accident. Overwriting uses `rename(2)`, which replaces a
//! symlink at the destination rather than writing through it.
//!
//! Errors are [`std::io::Error`]s; an existing destination without
//! `overwrite` is [`std::io::ErrorKind::AlreadyExists`].

use std::{
    fs::{self, OpenOptions},
    io::{self, Write},
    path::{Path, PathBuf},
};

use rand_core::{OsRng, RngCore};

/// How many fresh temporary names to try before giving up.
const TEMP_ATTEMPTS: usize = 8;

/// Writes `bytes` to `path` atomically, replacing what is there, with the
/// default mode (`0666` less the umask). Creates the parent directory.
pub fn write_public(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, bytes, 0o666, true, None)
}

/// Writes `bytes` to a new file at `path` atomically, with the default mode;
/// refuses an existing `path` (file or symlink) with
/// [`io::ErrorKind::AlreadyExists`] (the final step is `link(2)`, which
/// fails if anything appeared there meanwhile). Creates the parent directory.
pub fn write_public_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, bytes, 0o666, false, None)
}

/// Writes the secret `bytes` to `path`, readable and writable by its owner
/// only (`0600` on Unix, from creation). Refuses an existing `path` with
/// [`io::ErrorKind::AlreadyExists`] unless `overwrite`. Creates the parent
/// directory (`0700` on Unix).
pub fn write_secret(path: &Path, bytes: &[u8], overwrite: bool) -> io::Result<()> {
    write_with(path, bytes, 0o600, overwrite, None)
}

/// The directory a file at `path` lives in.
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A fresh temporary name beside `path`: `.<name>.<random>.tmp`.
fn temp_name(dir: &Path, path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut nonce = [0u8; 8];
    OsRng.fill_bytes(&mut nonce);
    dir.join(format!(".{name}.{}.tmp", hex::encode(nonce)))
}

/// Creates `tmp` exclusively with `mode` (Unix), writes and syncs `bytes`.
fn create_temp(tmp: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(tmp)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if written.is_err() {
        let _ = fs::remove_file(tmp);
    }
    written
}

/// Moves `tmp` to `path`: a rename when overwriting, otherwise a link that
/// fails if `path` exists. `tmp` is gone afterwards, whatever happened.
fn publish(tmp: &Path, path: &Path, overwrite: bool) -> io::Result<()> {
    if overwrite {
        let renamed = fs::rename(tmp, path);
        if renamed.is_err() {
            let _ = fs::remove_file(tmp);
        }
        return renamed;
    }
    let linked = match fs::hard_link(tmp, path) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            // A file system without hard links: check, then rename (the check
            // and the rename are not one step there).
            match fs::symlink_metadata(path) {
                Ok(_) => Err(io::ErrorKind::AlreadyExists.into()),
                Err(m) if m.kind() == io::ErrorKind::NotFound => {
                    return fs::rename(tmp, path).inspect_err(|_| {
                        let _ = fs::remove_file(tmp);
                    })
                }
                Err(_) => Err(e),
            }
        }
        other => other,
    };
    let _ = fs::remove_file(tmp);
    linked
}

/// The writers' common body; `tmp` fixes the temporary name (tests).
fn write_with(
    path: &Path,
    bytes: &[u8],
    mode: u32,
    overwrite: bool,
    tmp: Option<&Path>,
) -> io::Result<()> {
    let dir = parent_of(path);
    create_dir(&dir, mode)?;
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    let tmp = match tmp {
        Some(t) => {
            create_temp(t, bytes, mode)?;
            t.to_path_buf()
        }
        None => {
            let mut attempt = 0;
            loop {
                let t = temp_name(&dir, path);
                match create_temp(&t, bytes, mode) {
                    Ok(()) => break t,
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                        attempt += 1;
                        if attempt == TEMP_ATTEMPTS {
                            return Err(e);
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    };
    publish(&tmp, path, overwrite)?;
    sync_dir(&dir)
}

/// Creates `dir` and its parents; for secrets (`mode` 0600) owner-only.
fn create_dir(dir: &Path, mode: u32) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        if mode == 0o600 {
            builder.mode(0o700);
        }
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.create(dir)
}

/// Makes the rename durable (Unix; elsewhere directories cannot be synced).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{symlink, PermissionsExt};

    use super::*;

    fn mode_of(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_secret_is_created_0600_and_the_directory_0700() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new/dir/issuer.key");
        write_secret(&path, b"secret", false).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"secret");
        assert_eq!(mode_of(&path), 0o600);
        assert_eq!(mode_of(&tmp.path().join("new/dir")), 0o700);
        // Nothing else is left in the directory.
        assert_eq!(fs::read_dir(tmp.path().join("new/dir")).unwrap().count(), 1);
    }

    #[test]
    fn an_existing_secret_is_not_overwritten_without_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("holder.secret");
        write_secret(&path, b"first", false).unwrap();
        let err = write_secret(&path, b"second", false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        write_secret(&path, b"second", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert_eq!(mode_of(&path), 0o600);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_symlink_at_the_temporary_name_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, b"untouched").unwrap();
        let planted = tmp.path().join(".issuer.key.planted.tmp");
        symlink(&victim, &planted).unwrap();
        let path = tmp.path().join("issuer.key");
        let err = write_with(&path, b"secret", 0o600, false, Some(&planted)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
        assert!(!path.exists());
        // A dangling symlink is not followed either (it would create its target).
        let dangling = tmp.path().join("dangling-target");
        let planted2 = tmp.path().join(".issuer.key.planted2.tmp");
        symlink(&dangling, &planted2).unwrap();
        assert!(write_with(&path, b"secret", 0o600, false, Some(&planted2)).is_err());
        assert!(!dangling.exists());
    }

    #[test]
    fn a_symlink_at_the_destination_is_refused_or_replaced_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, b"untouched").unwrap();
        let path = tmp.path().join("issuer.key");
        symlink(&victim, &path).unwrap();
        let err = write_secret(&path, b"secret", false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
        write_secret(&path, b"secret", true).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
        assert!(!fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&path).unwrap(), b"secret");
        assert_eq!(mode_of(&path), 0o600);
    }

    #[test]
    fn a_public_file_is_replaced_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("request.json");
        write_public(&path, b"one").unwrap();
        write_public(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_public_file_never_replaces_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pot1.ptau");
        write_public_new(&path, b"first").unwrap();
        let e = write_public_new(&path, b"second").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
