//! Groth16 keys of the presentation circuit: loaded once (from bytes or a
//! file), validated, and shared by every proof or verification after. A
//! proving key can be installed once ([`install_proving_key`]: the full
//! validation) and loaded warm from its installed form on every later start
//! ([`load_installed_proving_key`]; zkcred-core's `keys::installed`).

use std::sync::Arc;

use zkcred_core::{
    files,
    keys::{self as core_keys, TrustedKey},
};

use crate::{
    background,
    errors::{guard, Result},
};

/// A validated proving key (about 2.5 MB compressed). Load it once, off the
/// UI thread, and reuse it for every proof.
#[derive(uniffi::Object)]
pub struct ProvingKey(pub(crate) core_keys::ProvingKey);

/// A validated verifying key (about 2.9 KB).
#[derive(uniffi::Object)]
pub struct VerifyingKey(pub(crate) core_keys::VerifyingKey);

/// A proving key and its verifying key.
#[derive(uniffi::Record)]
pub struct KeyPair {
    /// The proving key (holders).
    pub proving_key: Arc<ProvingKey>,
    /// The verifying key (verifiers).
    pub verifying_key: Arc<VerifyingKey>,
}

/// Loads a proving key from its bytes, from any source (downloaded,
/// bundled), and checks it against `verifying_key`, the key the app's
/// relying parties verify with (bundled with the app or pinned by hash):
/// every point validated, the embedded verifying key equal to it, and
/// batched pairing checks that the prover's elements fit it. With the check
/// of each proof before it leaves the wallet, a key that passes cannot make
/// proofs that leak the holder's attributes or secret. About a second on a
/// 2-core machine, on a worker thread; the check runs once per process for
/// the same pair of keys. `Key` when the bytes are malformed or the key does
/// not fit.
#[uniffi::export]
pub async fn load_proving_key(
    bytes: Vec<u8>,
    verifying_key: Arc<VerifyingKey>,
) -> Result<Arc<ProvingKey>> {
    background::run(move || {
        Ok(Arc::new(ProvingKey(
            core_keys::ProvingKey::from_bytes_checked(&bytes, &verifying_key.0)?,
        )))
    })
    .await
}

/// Reads a proving key file (as written by `zkcred setup` or
/// [`ProvingKey::to_bytes`]) and checks it against `verifying_key` as
/// [`load_proving_key`] does, on a worker thread.
#[uniffi::export]
pub async fn load_proving_key_file(
    path: String,
    verifying_key: Arc<VerifyingKey>,
) -> Result<Arc<ProvingKey>> {
    background::run(move || {
        Ok(Arc::new(ProvingKey(files::load(&path, |bytes| {
            core_keys::ProvingKey::from_bytes_checked(bytes, &verifying_key.0)
        })?)))
    })
    .await
}

/// A proving key just installed, and its installed form to store.
#[derive(uniffi::Record)]
pub struct InstalledProvingKey {
    /// The key, ready to prove.
    pub key: Arc<ProvingKey>,
    /// The installed form (uncompressed, about 5 MB, not secret): store it
    /// where only the app writes (its private files) and load it with
    /// [`load_installed_proving_key`] on every later start.
    pub installed_bytes: Vec<u8>,
}

/// Installs a proving key once: loads and checks `bytes` against
/// `verifying_key` as [`load_proving_key`] does (the full validation), then
/// returns the key and its installed form, on a worker thread. `Key` when
/// the bytes are malformed or the key does not fit.
#[uniffi::export]
pub async fn install_proving_key(
    bytes: Vec<u8>,
    verifying_key: Arc<VerifyingKey>,
) -> Result<InstalledProvingKey> {
    background::run(move || {
        let (pk, installed_bytes) = core_keys::ProvingKey::install(&bytes, &verifying_key.0)?;
        Ok(InstalledProvingKey {
            key: Arc::new(ProvingKey(pk)),
            installed_bytes,
        })
    })
    .await
}

/// Loads an installed proving key ([`install_proving_key`]'s
/// `installed_bytes`) that must have been installed against
/// `verifying_key`: an integrity hash and the curve checks, without the
/// costly subgroup checks of a validated load (several times faster), on a
/// worker thread. `Key` when the bytes are corrupted, truncated, of another
/// circuit or installed from another key (install again from the
/// compressed key then); `UnsupportedVersion` for another format version.
#[uniffi::export]
pub async fn load_installed_proving_key(
    installed_bytes: Vec<u8>,
    verifying_key: Arc<VerifyingKey>,
) -> Result<Arc<ProvingKey>> {
    background::run(move || {
        let trusted = TrustedKey::verifying_key(&verifying_key.0);
        Ok(Arc::new(ProvingKey(core_keys::ProvingKey::from_installed(
            &installed_bytes,
            &trusted,
        )?)))
    })
    .await
}

/// Generates a development key pair on a worker thread. Whoever ran it could
/// forge proofs: production keys come from a multi-party ceremony.
#[uniffi::export]
pub async fn setup_development_keys() -> Result<KeyPair> {
    background::run(|| {
        let (pk, vk) = core_keys::setup_os()?;
        Ok(KeyPair {
            proving_key: Arc::new(ProvingKey(pk)),
            verifying_key: Arc::new(VerifyingKey(vk)),
        })
    })
    .await
}

/// Where a key comes from.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum KeyOrigin {
    /// A development key from one party's setup: whoever ran it can forge
    /// proofs.
    Development,
    /// Exported from a phase-2 ceremony's `.zkey` file.
    Ceremony {
        /// The `.zkey` file's BLAKE2b-512 hash, 128 hex digits (what
        /// `b2sum final.zkey` prints).
        zkey_blake2b: String,
    },
}

impl From<core_keys::KeyOrigin> for KeyOrigin {
    fn from(origin: core_keys::KeyOrigin) -> Self {
        match origin {
            core_keys::KeyOrigin::Development => KeyOrigin::Development,
            core_keys::KeyOrigin::Ceremony { zkey_blake2b } => KeyOrigin::Ceremony {
                zkey_blake2b: zkey_blake2b.iter().map(|b| format!("{b:02x}")).collect(),
            },
        }
    }
}

#[uniffi::export]
impl ProvingKey {
    /// The compressed encoding, to store.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }

    /// Where the key comes from (its header's origin).
    pub fn origin(&self) -> KeyOrigin {
        self.0.origin().into()
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> Result<Arc<VerifyingKey>> {
        guard(|| Ok(Arc::new(VerifyingKey(self.0.verifying_key()))))
    }
}

#[uniffi::export]
impl VerifyingKey {
    /// Loads and validates a verifying key (a few milliseconds; fine on any
    /// thread).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(VerifyingKey(core_keys::VerifyingKey::from_bytes(
                &bytes,
            )?)))
        })
    }

    /// Reads, loads and validates a verifying key file.
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(VerifyingKey(files::load(
                &path,
                core_keys::VerifyingKey::from_bytes,
            )?)))
        })
    }

    /// The compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }

    /// Where the key comes from (its header's origin).
    pub fn origin(&self) -> KeyOrigin {
        self.0.origin().into()
    }
}
