//! The holder's wallet: the holder secret and the credentials bound to it,
//! kept as one JSON document, and the choice of a credential for a request.
//!
//! ```json
//! {"version": 1, "secret": "<32 bytes hex>", "credentials": [ ...VC JSON... ]}
//! ```
//!
//! The document contains the holder secret: store it encrypted (the platform
//! keystore on phones). `Debug` does not show the secret; the JSON text is
//! zeroized when the returned `Zeroizing<String>` drops.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{
    credential::Credential, encoding::bytes_from_hex, holder::HolderSecret,
    request::PresentationRequest, Error, Result,
};

/// The wallet format version.
pub const WALLET_VERSION: u64 = 1;

/// A holder secret and its credentials.
#[derive(Debug)]
pub struct Wallet {
    secret: HolderSecret,
    credentials: Vec<Credential>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WalletJson {
    version: u64,
    secret: String,
    credentials: Vec<Credential>,
}

impl Wallet {
    /// An empty wallet around `secret`.
    pub fn new(secret: HolderSecret) -> Wallet {
        Wallet {
            secret,
            credentials: Vec::new(),
        }
    }

    /// The holder secret.
    pub fn secret(&self) -> &HolderSecret {
        &self.secret
    }

    /// The credentials, in the order received.
    pub fn credentials(&self) -> &[Credential] {
        &self.credentials
    }

    /// Stores a credential after checking that it is bound to this wallet's
    /// secret (its `holderCommitment`). The issuer's signature is checked when
    /// it is used, against the request's schema.
    pub fn receive(&mut self, credential: Credential) -> Result<()> {
        let commitment = crate::encoding::fr_from_hex(
            &credential.credential_subject.holder_commitment,
            "holderCommitment",
        )?;
        if commitment != self.secret.commitment() {
            return Err(Error::Credential(
                "the credential is bound to another holder",
            ));
        }
        if self.credentials.iter().any(|c| c.id == credential.id) {
            return Err(Error::Credential(
                "the wallet already holds this credential",
            ));
        }
        self.credentials.push(credential);
        Ok(())
    }

    /// The credentials of `request`'s schema from an issuer it accepts whose
    /// attributes satisfy its predicates on its date (signature, expiry and
    /// revocation are checked when proving).
    pub fn matching(&self, request: &PresentationRequest) -> Result<Vec<&Credential>> {
        let compiled = request.compile()?;
        Ok(self
            .credentials
            .iter()
            .filter(|c| {
                let Ok((issuer, data, _)) = c.decode(&request.schema) else {
                    return false;
                };
                compiled.issuers.iter().any(|(k, _)| *k == issuer)
                    && data.expiry >= compiled.now
                    && compiled.policy.predicates.iter().all(|slot| {
                        slot.holds(&data.attributes, &compiled.policy.set_tables) == Ok(true)
                    })
            })
            .collect())
    }

    /// The wallet as JSON (contains the secret: see the module docs).
    pub fn to_json(&self) -> Zeroizing<String> {
        let mut doc = WalletJson {
            version: WALLET_VERSION,
            secret: hex::encode(*self.secret.to_bytes()),
            credentials: self.credentials.clone(),
        };
        let out = Zeroizing::new(serde_json::to_string_pretty(&doc).expect("wallets serialize"));
        zeroize::Zeroize::zeroize(&mut doc.secret);
        out
    }

    /// Parses a wallet; every credential must be bound to its secret.
    pub fn from_json(json: &str) -> Result<Wallet> {
        let mut doc: WalletJson = serde_json::from_str(json)?;
        if doc.version != WALLET_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "wallet",
                found: doc.version,
                supported: WALLET_VERSION,
            });
        }
        let bytes = Zeroizing::new(bytes_from_hex::<32>(&doc.secret, "wallet secret")?);
        zeroize::Zeroize::zeroize(&mut doc.secret);
        let mut wallet = Wallet::new(HolderSecret::from_bytes(&bytes)?);
        for c in doc.credentials {
            wallet.receive(c)?;
        }
        Ok(wallet)
    }
}
