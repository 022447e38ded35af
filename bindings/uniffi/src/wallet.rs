//! The holder's wallet: the holder secret, the credentials bound to it, and
//! proving.

use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;
use zkcred_core::{
    encoding::fr_to_hex, holder, holder::HolderSecret, scope::check_origin, wallet as core_wallet,
    Credential,
};
use zkcred_credit::CreditWallet as CoreWallet;

use crate::{
    background,
    date::CalendarDate,
    errors::{guard, Refusal, Result, ZkcredError},
    issuer::RevocationPath,
    keys::ProvingKey,
    progress::{CancellationToken, ProofProgress, Watch},
    request::PresentationRequest,
};

/// Where the app keeps the holder secret: platform secure storage it
/// implements (Android: the bytes encrypted with an AES-GCM key of the
/// Android Keystore, kept in app-private storage; iOS: a Keychain item with
/// `kSecAttrAccessibleWhenUnlockedThisDeviceOnly`). [`Wallet::save`] puts
/// the secret here and returns a wallet document without it;
/// [`Wallet::restore`] gets it back. Failures are the app's to report by
/// throwing the `Io` case of zkcred's error.
#[uniffi::export(with_foreign)]
pub trait SecretStore: Send + Sync {
    /// Stores `secret` (32 bytes) under `name`, replacing what was there.
    fn put(&self, name: String, secret: Vec<u8>) -> Result<()>;
    /// The secret stored under `name`, or `null`/`nil` when there is none.
    fn get(&self, name: String) -> Result<Option<Vec<u8>>>;
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ZkcredError {
    /// A secret store that threw something else than a `ZkcredException`.
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        ZkcredError::Io {
            path: None,
            reason: "the app's secret store failed".into(),
        }
    }
}

/// What the wallet shows of a credential (no attribute values: read them
/// from [`Wallet::credential_json`] when the user asks).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CredentialInfo {
    /// The credential's URN.
    pub id: String,
    /// Its serial in the issuer's revocation registry (ask the issuer for
    /// this serial's [`RevocationPath`] before proving); 0 to 2^32 - 1.
    pub serial: i64,
    /// The issuer's public key (hex).
    pub issuer: String,
    /// The schema label (`id/vN`).
    pub schema: String,
    /// Last day of validity.
    pub valid_until: CalendarDate,
}

pub(crate) fn info(c: &Credential) -> Result<CredentialInfo> {
    Ok(CredentialInfo {
        id: c.id.clone(),
        serial: i64::from(c.serial()),
        issuer: c.issuer_key()?.to_hex(),
        schema: c.schema_label().to_string(),
        valid_until: c.valid_until()?.into(),
    })
}

/// The holder's wallet. Thread-safe; [`Wallet::prove`] runs on a worker
/// thread. Persist it with [`Wallet::save`] (the secret goes to the app's
/// [`SecretStore`], the returned JSON has none) and [`Wallet::restore`].
#[derive(uniffi::Object)]
pub struct Wallet(Mutex<CoreWallet>);

impl Wallet {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, CoreWallet> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Wallet {
    /// A new wallet with a fresh random holder secret.
    #[uniffi::constructor]
    pub fn create() -> Arc<Self> {
        Arc::new(Wallet(Mutex::new(CoreWallet::new(
            HolderSecret::generate_os(),
        ))))
    }

    /// An empty wallet around a backed-up secret (32 bytes from
    /// [`Wallet::export_secret`]).
    #[uniffi::constructor]
    pub fn from_secret(secret: Vec<u8>) -> Result<Arc<Self>> {
        let secret = Zeroizing::new(secret);
        guard(|| {
            let bytes: &[u8; 32] = secret.as_slice().try_into().map_err(|_| {
                ZkcredError::encoding("holder secret", "a holder secret is 32 bytes")
            })?;
            Ok(Arc::new(Wallet(Mutex::new(CoreWallet::new(
                HolderSecret::from_bytes(bytes)?,
            )))))
        })
    }

    /// Restores a wallet saved by [`Wallet::save`]: the holder secret from
    /// `store` under the name the document records, the credentials from
    /// the document (each must be bound to the secret). `Io` when the store
    /// has no such secret, `Encoding` for a document that names none.
    #[uniffi::constructor]
    pub fn restore(json: String, store: Arc<dyn SecretStore>) -> Result<Arc<Self>> {
        guard(|| {
            let name = core_wallet::secret_ref(&json)?;
            let secret = Zeroizing::new(store.get(name)?.ok_or_else(|| ZkcredError::Io {
                path: None,
                reason: "the secret store has no secret for this wallet".into(),
            })?);
            let full = core_wallet::join_secret(&json, &secret)?;
            Ok(Arc::new(Wallet(Mutex::new(CoreWallet::from_json(&full)?))))
        })
    }

    /// Saves the wallet: puts the holder secret into `store` under
    /// `secret_name` (e.g. `"zkcred.holder.main"`) and returns the wallet as
    /// JSON without the secret (credentials, credit entries and the secret's
    /// name), to keep in app-private storage. The credit openings in it are
    /// the SME's private data: keep the file app-private (or encrypt it too).
    pub fn save(&self, store: Arc<dyn SecretStore>, secret_name: String) -> Result<String> {
        guard(|| {
            let full = self.lock().to_json();
            let (public, secret) = core_wallet::split_secret(&full, &secret_name)?;
            store.put(secret_name, secret.to_vec())?;
            Ok(public)
        })
    }

    /// The 32-byte holder secret, for a backup the user keeps offline (the
    /// returned bytes are the app's to protect and wipe: `fill(0)`).
    pub fn export_secret(&self) -> Vec<u8> {
        self.lock().secret().to_bytes().to_vec()
    }

    /// `Poseidon(secret)` (hex): what the holder gives an issuer, which binds
    /// the credential to this wallet.
    pub fn holder_commitment(&self) -> String {
        fr_to_hex(&self.lock().secret().commitment())
    }

    /// Stores a credential (VC JSON) after checking that it is bound to this
    /// wallet's secret and not held already.
    pub fn receive(&self, credential_json: String) -> Result<CredentialInfo> {
        guard(|| {
            let credential = Credential::from_json(&credential_json)?;
            let shown = info(&credential)?;
            self.lock().receive(credential)?;
            Ok(shown)
        })
    }

    /// The credentials, in the order received.
    pub fn credentials(&self) -> Result<Vec<CredentialInfo>> {
        guard(|| self.lock().credentials().iter().map(info).collect())
    }

    /// The credential `id` as VC JSON.
    pub fn credential_json(&self, id: String) -> Result<String> {
        guard(|| {
            self.lock()
                .credentials()
                .iter()
                .find(|c| c.id == id)
                .map(Credential::to_json)
                .ok_or_else(|| ZkcredError::Credential {
                    reason: "the wallet holds no such credential".into(),
                })
        })
    }

    /// The credentials that can answer `request`: its schema, an issuer it
    /// accepts, not expired, every predicate holding.
    pub fn matching(&self, request: Arc<PresentationRequest>) -> Result<Vec<CredentialInfo>> {
        guard(|| {
            let wallet = self.lock();
            let matching = wallet.matching(&request.0)?;
            matching.into_iter().map(info).collect()
        })
    }

    /// Whether credential `credential_id` can answer `request`, without
    /// proving: `null`/`nil` when it can, otherwise the [`Refusal`] that
    /// [`Wallet::prove`] would throw, as a value with its details (for a
    /// failing predicate, its position in the request and its attribute's
    /// name; never a value). Throws only when the wallet holds no such
    /// credential.
    pub fn check(
        &self,
        request: Arc<PresentationRequest>,
        credential_id: String,
        revocation_path: Arc<RevocationPath>,
    ) -> Result<Option<Refusal>> {
        guard(|| {
            let wallet = self.lock();
            let credential = wallet
                .credentials()
                .iter()
                .find(|c| c.id == credential_id)
                .ok_or_else(|| ZkcredError::Credential {
                    reason: "the wallet holds no such credential".into(),
                })?;
            Ok(
                holder::check(&request.0, credential, wallet.secret(), &revocation_path.0)
                    .err()
                    .map(Refusal::from),
            )
        })
    }

    /// Answers `request` with credential `credential_id` and its issuer's
    /// non-revocation path; returns the presentation JSON to send to the
    /// verifier. Runs on a worker thread (a few hundred ms): awaiting it
    /// never blocks the caller's thread. Refuses with `Unsatisfiable` (naming
    /// the failing check, never a value) when the credential cannot satisfy
    /// the request.
    ///
    /// `verified_origin` is the web origin of the party asking, as the app
    /// verified it, never as the request states it: the origin of the site or
    /// back end the app received the request from, proven to belong with the
    /// app by Android App Links (`assetlinks.json`, `autoVerify`) or iOS
    /// associated domains (`apple-app-site-association`), or the app's own
    /// pinned back end; `https://host[:port]` in lower case. The request's
    /// scope must be that origin or a path under it
    /// (`https://shop.example/age-gate` for `https://shop.example`), so that
    /// no party learns the holder's nullifier in another party's scope:
    /// otherwise this refuses with `ScopeMismatch` before proving (and with
    /// `Encoding` for an origin that is not a serialised web origin).
    ///
    /// `progress` (optional) is told each [`crate::ProofStage`] as it
    /// starts; `cancel` (optional) stops the proof at its next stage, which
    /// then throws `Cancelled`. Cancelling the awaiting coroutine or `Task`
    /// stops the proof too.
    #[uniffi::method(default(progress = None, cancel = None))]
    #[allow(clippy::too_many_arguments)]
    pub async fn prove(
        self: Arc<Self>,
        request: Arc<PresentationRequest>,
        credential_id: String,
        revocation_path: Arc<RevocationPath>,
        proving_key: Arc<ProvingKey>,
        verified_origin: String,
        progress: Option<Arc<dyn ProofProgress>>,
        cancel: Option<Arc<CancellationToken>>,
    ) -> Result<String> {
        let picked = guard(|| {
            check_origin(&request.0.scope, &verified_origin)?;
            let wallet = self.lock();
            let credential = wallet
                .credentials()
                .iter()
                .find(|c| c.id == credential_id)
                .cloned()
                .ok_or_else(|| ZkcredError::Credential {
                    reason: "the wallet holds no such credential".into(),
                })?;
            let secret = HolderSecret::from_bytes(&wallet.secret().to_bytes())?;
            Ok((credential, secret))
        });
        let (credential, secret) = picked?;
        background::run_watched(Watch::new(cancel, progress), move || {
            let presentation = holder::prove(
                &request.0,
                &credential,
                &secret,
                &revocation_path.0,
                &proving_key.0,
            )?;
            Ok(presentation.to_json())
        })
        .await
    }
}
