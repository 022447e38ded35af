//! The holder's wallet: the holder secret and the credentials bound to it,
//! kept as one JSON document, and the choice of a credential for a request.
//!
//! ```json
//! {"version": 1, "secret": "<32 bytes hex>", "credentials": [ ...VC JSON... ],
//!  "credit": [{"attestation": { ... }, "openings": { ... }}],
//!  "creditSuccinct": [ ...credit credential JSON... ]}
//! ```
//!
//! `credit` holds an SME's credit attestations with their openings
//! ([`crate::credit`], transparent path), `creditSuccinct` its signed credit
//! credentials bound to the holder secret ([`crate::credit::succinct`]);
//! each is left out when empty, so wallets without them keep the format they
//! always had.
//!
//! The document contains the holder secret and the openings' blinding
//! factors: store it encrypted (the platform keystore on phones). `Debug` does not show the secret; the JSON text is
//! zeroized when the returned `Zeroizing<String>` drops.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{
    credential::Credential,
    credit::{succinct::SuccinctCredential, CreditAttestation, CreditOpenings},
    encoding::bytes_from_hex,
    holder::HolderSecret,
    request::PresentationRequest,
    Error, Result,
};

/// The wallet format version.
pub const WALLET_VERSION: u64 = 1;

/// A holder secret and its credentials.
#[derive(Debug)]
pub struct Wallet {
    secret: HolderSecret,
    credentials: Vec<Credential>,
    credit: Vec<(CreditAttestation, CreditOpenings)>,
    credit_succinct: Vec<SuccinctCredential>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WalletJson {
    version: u64,
    secret: String,
    credentials: Vec<Credential>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    credit: Vec<CreditEntryJson>,
    #[serde(
        default,
        rename = "creditSuccinct",
        skip_serializing_if = "Vec::is_empty"
    )]
    credit_succinct: Vec<serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreditEntryJson {
    attestation: serde_json::Value,
    openings: serde_json::Value,
}

/// Overwrites every string in `v` (the openings' blinding factors) before
/// it drops.
fn wipe(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => zeroize::Zeroize::zeroize(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(wipe),
        serde_json::Value::Object(o) => o.values_mut().for_each(wipe),
        _ => {}
    }
}

impl Wallet {
    /// An empty wallet around `secret`.
    pub fn new(secret: HolderSecret) -> Wallet {
        Wallet {
            secret,
            credentials: Vec::new(),
            credit: Vec::new(),
            credit_succinct: Vec::new(),
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

    /// Stores a provider's credit attestation with the SME's openings after
    /// checking the provider's signature, that the openings open its
    /// commitments, and that the wallet does not hold it already.
    pub fn receive_credit(
        &mut self,
        attestation: CreditAttestation,
        openings: CreditOpenings,
    ) -> Result<()> {
        attestation.verify_signature()?;
        openings.check(&attestation)?;
        if self
            .credit
            .iter()
            .any(|(a, _)| a.commitments == attestation.commitments)
        {
            return Err(Error::Attestation(
                "the wallet already holds this credit attestation",
            ));
        }
        self.credit.push((attestation, openings));
        Ok(())
    }

    /// The credit attestations with their openings, in the order received.
    pub fn credit(&self) -> &[(CreditAttestation, CreditOpenings)] {
        &self.credit
    }

    /// Stores a provider's succinct credit credential after checking its
    /// signature, that it is bound to this wallet's secret, and that the
    /// wallet does not hold it already.
    pub fn receive_succinct_credit(&mut self, credential: SuccinctCredential) -> Result<()> {
        credential.verify_signature()?;
        if credential.holder_commitment != self.secret.commitment() {
            return Err(Error::Attestation(
                "the credit credential is bound to another holder",
            ));
        }
        let json = credential.to_json();
        if self.credit_succinct.iter().any(|c| c.to_json() == json) {
            return Err(Error::Attestation(
                "the wallet already holds this credit credential",
            ));
        }
        self.credit_succinct.push(credential);
        Ok(())
    }

    /// The succinct credit credentials, in the order received.
    pub fn succinct_credit(&self) -> &[SuccinctCredential] {
        &self.credit_succinct
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
            credit: self
                .credit
                .iter()
                .map(|(a, o)| CreditEntryJson {
                    attestation: a.to_json_value(),
                    openings: serde_json::from_str(&o.to_json()).expect("openings are JSON"),
                })
                .collect(),
            credit_succinct: self
                .credit_succinct
                .iter()
                .map(|c| serde_json::from_str(&c.to_json()).expect("credentials are JSON"))
                .collect(),
        };
        let out = Zeroizing::new(serde_json::to_string_pretty(&doc).expect("wallets serialize"));
        zeroize::Zeroize::zeroize(&mut doc.secret);
        doc.credit.iter_mut().for_each(|e| wipe(&mut e.openings));
        doc.credit_succinct.iter_mut().for_each(wipe);
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
        // Every entry's openings are wiped, even after a failure.
        let mut credit = Vec::with_capacity(doc.credit.len());
        for mut entry in doc.credit {
            let openings = Zeroizing::new(entry.openings.to_string());
            wipe(&mut entry.openings);
            credit.push(
                CreditAttestation::from_json_value(entry.attestation)
                    .and_then(|a| Ok((a, CreditOpenings::from_json(&openings)?))),
            );
        }
        let mut credit_succinct = Vec::with_capacity(doc.credit_succinct.len());
        for mut entry in doc.credit_succinct {
            let json = Zeroizing::new(entry.to_string());
            wipe(&mut entry);
            credit_succinct.push(SuccinctCredential::from_json(&json));
        }
        for c in doc.credentials {
            wallet.receive(c)?;
        }
        for entry in credit {
            let (attestation, openings) = entry?;
            wallet.receive_credit(attestation, openings)?;
        }
        for c in credit_succinct {
            wallet.receive_succinct_credit(c?)?;
        }
        Ok(wallet)
    }
}
