//! The presentation envelope: what a holder sends a verifier, in versioned
//! JSON and a compact binary form.
//!
//! JSON:
//! ```json
//! {"version": 2, "type": "ZkcredPresentation", "issuer": "<key hex>",
//!  "nullifier": "0x...", "disclosed": {"nationality": "DE"},
//!  "proof": "<128-byte compressed Groth16 proof, hex>"}
//! ```
//! Binary: `"ZKCP" || version (u8) || issuer key (32) || nullifier (32, BE) ||
//! proof (128) || count (u8) || count x (slot (u8) || length (u16 BE) ||
//! JSON text of the value)`.
//!
//! # One encoding per presentation
//!
//! The binary form is canonical: entries in the byte order of their
//! attribute names, each slot once, each value in serde_json's compact
//! form (no whitespace, no `\uXXXX` escape where a character is allowed,
//! numbers as serde_json writes them). [`Presentation::from_bytes`]
//! re-encodes what it parsed and refuses anything that does not come out
//! byte for byte the same with [`Error::NonCanonical`]. In both forms the
//! issuer key is lower-case hex (upper-case is `NonCanonical`).
//!
//! The version names the circuit too: a version-2 envelope carries a proof
//! of the `presentation/v2` circuit. Version 1 envelopes carried proofs of
//! `presentation/v1`, which this build refuses with
//! `UnsupportedVersion { what: "circuit", found: 1, supported: 2 }` (never
//! "does not verify").
//!
//! Everything in the envelope is bound by the proof: the verifier rebuilds
//! the public inputs from its own request plus the issuer, nullifier and
//! disclosed values found here.

use std::collections::BTreeMap;

use ark_bn254::Bn254;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use serde::{Deserialize, Serialize};
use zkcred_circuits::Fr;

use crate::{
    encoding::{
        bytes_from_hex, fr_from_be_bytes, fr_from_hex, fr_to_be_bytes, fr_to_hex, reencodes_to,
        UniqueMap,
    },
    Error, Result,
};

/// The envelope format version (see the module docs: it also names the
/// circuit version of the proof).
pub const PRESENTATION_VERSION: u64 = 2;
/// The version of the presentation circuit whose proofs this build makes and
/// verifies (`presentation/v2`, [`zkcred_circuits::presentation::CIRCUIT_ID`]).
pub const CIRCUIT_VERSION: u64 = 2;

/// Checks an envelope's version: a version-1 envelope holds a proof of the
/// version-1 circuit (a circuit-version error), other versions are unknown.
fn check_version(found: u64) -> Result<()> {
    match found {
        PRESENTATION_VERSION => Ok(()),
        1 => Err(Error::UnsupportedVersion {
            what: "circuit",
            found: 1,
            supported: CIRCUIT_VERSION,
        }),
        _ => Err(Error::UnsupportedVersion {
            what: "presentation",
            found,
            supported: PRESENTATION_VERSION,
        }),
    }
}
/// Bytes of a compressed Groth16 proof over BN254.
pub const PROOF_BYTES: usize = 128;
/// The first bytes of the compact binary form.
pub const MAGIC: &[u8; 4] = b"ZKCP";

/// A Groth16 proof, validated (points on the curve and in the subgroup).
///
/// # Malleability
///
/// Groth16 proofs are malleable: from a proof `(A, B, C)` anyone can make
/// other valid proofs of the same statement without the witness, such as
/// `(-A, -B, C)` or a re-randomised proof (`ark_groth16`'s
/// `rerandomize_proof`), with other bytes. A proof's bytes therefore never
/// identify a presentation or a holder: nothing in zkcred keys on them
/// (batch verification reports each row's nullifier; duplicate detection in
/// Python's `analytics`, the web demo's single-use challenges and
/// `ZkcredRegistry.nullifierUsed` key on the nullifier or the challenge).
/// The nullifier is the identifier of the holder in a scope; a malleated
/// proof carries the same one. Malleability does not let anyone change the
/// statement: the public inputs (nullifier, challenge, disclosed values)
/// are bound.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof(pub(crate) ark_groth16::Proof<Bn254>);

impl Eq for Proof {}

impl Proof {
    /// The 128-byte compressed encoding.
    pub fn to_bytes(&self) -> [u8; PROOF_BYTES] {
        let mut out = Vec::with_capacity(PROOF_BYTES);
        self.0
            .serialize_compressed(&mut out)
            .expect("writing to a Vec");
        out.try_into()
            .expect("a compressed BN254 Groth16 proof is 128 bytes")
    }

    /// Parses and validates a compressed proof.
    ///
    /// The encoding must be canonical: arkworks reads any x-coordinate
    /// under the point-at-infinity flag as the identity, so a proof is
    /// re-encoded and compared, and every proof has exactly one encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Proof> {
        if bytes.len() != PROOF_BYTES {
            return Err(Error::MalformedProof("a proof is 128 bytes"));
        }
        let proof =
            ark_groth16::Proof::<Bn254>::deserialize_with_mode(bytes, Compress::Yes, Validate::Yes)
                .map(Proof)
                .map_err(|_| {
                    Error::MalformedProof("a point is not on the curve or not in the subgroup")
                })?;
        if !reencodes_to(&proof.0, bytes) {
            return Err(Error::MalformedProof("non-canonical point encoding"));
        }
        Ok(proof)
    }

    /// The underlying arkworks proof (for exports).
    pub fn as_ark(&self) -> &ark_groth16::Proof<Bn254> {
        &self.0
    }
}

/// A presentation: the proof and the values it is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presentation {
    /// The issuer's public key (hex).
    pub issuer: String,
    /// `Poseidon(TAG, holder_secret, scope)` (the presentation's tagged
    /// nullifier).
    pub nullifier: Fr,
    /// Disclosed attributes by name, as JSON values of their types.
    pub disclosed: BTreeMap<String, serde_json::Value>,
    /// The proof.
    pub proof: Proof,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PresentationJson {
    version: u64,
    #[serde(rename = "type")]
    kind: String,
    issuer: String,
    nullifier: String,
    /// A name disclosed twice is refused (see [`crate::encoding`]).
    disclosed: UniqueMap,
    proof: String,
}

impl Presentation {
    /// The envelope as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&PresentationJson {
            version: PRESENTATION_VERSION,
            kind: "ZkcredPresentation".into(),
            issuer: self.issuer.clone(),
            nullifier: fr_to_hex(&self.nullifier),
            disclosed: UniqueMap(self.disclosed.clone().into_iter().collect()),
            proof: hex::encode(self.proof.to_bytes()),
        })
        .expect("presentations serialize")
    }

    /// Parses an envelope from JSON, validating every encoding.
    pub fn from_json(json: &str) -> Result<Presentation> {
        let p: PresentationJson = serde_json::from_str(json)?;
        check_version(p.version)?;
        if p.kind != "ZkcredPresentation" {
            return Err(Error::Encoding("presentation type"));
        }
        issuer_key_canonical(&p.issuer)?;
        let proof = Proof::from_bytes(&bytes_from_hex::<PROOF_BYTES>(&p.proof, "proof")?)?;
        Ok(Presentation {
            issuer: p.issuer,
            nullifier: fr_from_hex(&p.nullifier, "nullifier")?,
            disclosed: p.disclosed.0.into_iter().collect(),
            proof,
        })
    }

    /// The compact binary form; `slots` maps disclosed names to their schema
    /// slots (from the request).
    pub fn to_bytes(&self, slots: &[(usize, String)]) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(4 + 1 + 32 + 32 + PROOF_BYTES + 1);
        out.extend_from_slice(MAGIC);
        out.push(PRESENTATION_VERSION as u8);
        out.extend_from_slice(&bytes_from_hex::<32>(&self.issuer, "issuer key")?);
        out.extend_from_slice(&fr_to_be_bytes(&self.nullifier));
        out.extend_from_slice(&self.proof.to_bytes());
        let count = u8::try_from(self.disclosed.len())
            .map_err(|_| Error::Encoding("more than 255 disclosed attributes"))?;
        out.push(count);
        for (name, value) in &self.disclosed {
            let slot = slots
                .iter()
                .find(|(_, n)| n == name)
                .ok_or(Error::Encoding("disclosed attribute not in the request"))?
                .0;
            let text = value.to_string();
            let len = u16::try_from(text.len())
                .map_err(|_| Error::Encoding("disclosed value too long"))?;
            out.push(slot as u8);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        Ok(out)
    }

    /// Parses either form from bytes: the compact binary form when they
    /// start with [`MAGIC`], otherwise UTF-8 JSON. `slots` as for
    /// [`Presentation::to_bytes`].
    pub fn from_bytes_or_json(bytes: &[u8], slots: &[(usize, String)]) -> Result<Presentation> {
        if bytes.starts_with(MAGIC) {
            Presentation::from_bytes(bytes, slots)
        } else {
            Presentation::from_json(
                std::str::from_utf8(bytes).map_err(|_| Error::Encoding("presentation (UTF-8)"))?,
            )
        }
    }

    /// Parses the compact binary form; `slots` as for [`Presentation::to_bytes`].
    pub fn from_bytes(bytes: &[u8], slots: &[(usize, String)]) -> Result<Presentation> {
        let mut r = Reader(bytes);
        if r.take(4)? != MAGIC {
            return Err(Error::Encoding("not a zkcred presentation"));
        }
        let version = r.take(1)?[0];
        check_version(version.into())?;
        let issuer = hex::encode(r.take(32)?);
        let nullifier = fr_from_be_bytes(r.take(32)?, "nullifier")?;
        let proof = Proof::from_bytes(r.take(PROOF_BYTES)?)?;
        let count = r.take(1)?[0];
        let mut disclosed = BTreeMap::new();
        for _ in 0..count {
            let slot = usize::from(r.take(1)?[0]);
            let len = u16::from_be_bytes(r.take(2)?.try_into().expect("2 bytes"));
            let text = std::str::from_utf8(r.take(len.into())?)
                .map_err(|_| Error::Encoding("disclosed value"))?;
            let value: serde_json::Value = serde_json::from_str(text)?;
            let name = slots
                .iter()
                .find(|(s, _)| *s == slot)
                .ok_or(Error::Encoding("disclosed slot not in the request"))?
                .1
                .clone();
            if disclosed.insert(name, value).is_some() {
                return Err(Error::NonCanonical(
                    "disclosed entries (a slot appears twice)",
                ));
            }
        }
        if !r.0.is_empty() {
            return Err(Error::Encoding("trailing bytes after the presentation"));
        }
        let presentation = Presentation {
            issuer,
            nullifier,
            disclosed,
            proof,
        };
        // One encoding per presentation: whitespace or escapes in a value,
        // entries out of slot order, anything [`Presentation::to_bytes`]
        // would write differently is refused.
        if presentation.to_bytes(slots)? != bytes {
            return Err(Error::NonCanonical("binary presentation"));
        }
        Ok(presentation)
    }
}

/// Checks an issuer key's hex: 64 hex digits, lower-case only, so that a key
/// has one spelling (a deny list or a comparison on the string cannot be
/// bypassed with another case). Upper-case digits are
/// [`Error::NonCanonical`].
pub(crate) fn issuer_key_canonical(hex_key: &str) -> Result<[u8; 32]> {
    let bytes = bytes_from_hex::<32>(hex_key, "issuer key")?;
    if hex::encode(bytes) != hex_key {
        return Err(Error::NonCanonical("issuer key (hex is lower-case)"));
    }
    Ok(bytes)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(Error::Encoding("truncated presentation"));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }
}
