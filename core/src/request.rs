//! Presentation requests: what a verifier asks, in JSON, and its compilation
//! into the circuit's policy slots.
//!
//! ```json
//! {
//!   "version": 1,
//!   "schema": { ...the schema... },
//!   "acceptedIssuers": [{"publicKey": "<hex>", "revocationRoot": "0x..."}],
//!   "predicates": [
//!     {"attribute": "birth_date", "op": "ageAtLeast", "value": 18},
//!     {"attribute": "nationality", "op": "in", "value": ["DE", "FR", "IT"]},
//!     {"attribute": "kyc_level", "op": ">=", "value": 2}
//!   ],
//!   "disclose": ["nationality"],
//!   "scope": "shop.example/age-gate",
//!   "challenge": "<31 random bytes in hex>",
//!   "now": "2026-11-23"
//! }
//! ```
//!
//! Operators: `=`/`eq`, `!=`/`neq`, `<`/`lt`, `<=`/`lte`, `>`/`gt`,
//! `>=`/`gte`, `between` (`[low, high]`, inclusive), `in`, `notIn` (arrays),
//! and `ageAtLeast` (years, on a `date` attribute: turned into a birth-date
//! cutoff on `now`, see [`crate::date::Date::age_cutoff`]). Range operators
//! need an integer-valued attribute; `string` attributes take `=`, `!=`,
//! `in` and `notIn`. At most 8 predicates and 32 set values in all.

use serde::{Deserialize, Serialize};
use zkcred_circuits::{
    presentation::{
        Policy, Predicate, PredicateKind, PredicateSlot, NUM_PREDICATES, NUM_SET_TABLES,
        SET_TABLE_SIZE,
    },
    Fr,
};

use crate::{
    date::Date,
    encoding::{bytes_from_hex, fr_from_hex, fr_to_hex, hash_string},
    issuer::IssuerPublicKey,
    keys::{ProvingKey, VerifyingKey},
    schema::{encode_date, encode_value, AttributeType, Schema},
    Error, Result,
};

/// The request format version this build reads.
pub const REQUEST_VERSION: u64 = 1;
/// Bytes of a challenge (31, so every challenge is a distinct field element).
pub const CHALLENGE_BYTES: usize = 31;

/// An issuer the verifier accepts, with the revocation root it currently
/// trusts for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedIssuer {
    /// The issuer's public key (hex).
    #[serde(rename = "publicKey")]
    pub public_key: String,
    /// Its revocation root (field element hex).
    #[serde(rename = "revocationRoot")]
    pub revocation_root: String,
}

/// A predicate operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Equal.
    #[serde(rename = "eq", alias = "=", alias = "==")]
    Eq,
    /// Not equal.
    #[serde(rename = "neq", alias = "!=")]
    Neq,
    /// Less than.
    #[serde(rename = "lt", alias = "<")]
    Lt,
    /// Less than or equal.
    #[serde(rename = "lte", alias = "<=")]
    Lte,
    /// Greater than.
    #[serde(rename = "gt", alias = ">")]
    Gt,
    /// Greater than or equal.
    #[serde(rename = "gte", alias = ">=")]
    Gte,
    /// Inclusive range `[low, high]`.
    #[serde(rename = "between")]
    Between,
    /// In a set.
    #[serde(rename = "in")]
    In,
    /// Not in a set.
    #[serde(rename = "notIn")]
    NotIn,
    /// At least this many years old on `now` (date attributes).
    #[serde(rename = "ageAtLeast")]
    AgeAtLeast,
}

/// One predicate of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredicateSpec {
    /// The attribute's name in the schema.
    pub attribute: String,
    /// The operator.
    pub op: Op,
    /// The operand: a value of the attribute's type, a `[low, high]` pair
    /// for `between`, an array for `in`/`notIn`, years for `ageAtLeast`.
    pub value: serde_json::Value,
}

impl Op {
    /// The operator's JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Neq => "neq",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Between => "between",
            Op::In => "in",
            Op::NotIn => "notIn",
            Op::AgeAtLeast => "ageAtLeast",
        }
    }
}

impl PredicateSpec {
    /// `attribute op`, for messages (the operand is public, but kept short).
    pub fn describe(&self) -> String {
        format!("`{}` {}", self.attribute, self.op.as_str())
    }
}

/// A presentation request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresentationRequest {
    /// [`REQUEST_VERSION`].
    pub version: u64,
    /// The schema of the requested credential.
    pub schema: Schema,
    /// Accepted issuers.
    #[serde(rename = "acceptedIssuers")]
    pub accepted_issuers: Vec<AcceptedIssuer>,
    /// Predicates, all of which must hold.
    pub predicates: Vec<PredicateSpec>,
    /// Attributes to disclose.
    #[serde(default)]
    pub disclose: Vec<String>,
    /// The verifier's scope: nullifiers are stable within it and unlinkable
    /// across scopes. Bound to the verifier where a front end knows who asks:
    /// a web origin or a path under it ([`crate::scope::check_origin`], the
    /// browser and mobile wallets), a contract on chain
    /// ([`crate::solidity::check_evm_scope`]).
    pub scope: String,
    /// A fresh random challenge ([`CHALLENGE_BYTES`] bytes, hex).
    pub challenge: String,
    /// The verifier's date.
    pub now: String,
    /// The verifying key the verifier checks proofs with, named by its hash
    /// (`vkHash`: base64url SHA-256 of the key file, the value OpenID4VP's
    /// `vk_hash` carries, [`crate::openid4vp::vk_hash`]). Optional: a holder
    /// given one refuses to prove with a proving key of another verifying
    /// key ([`PresentationRequest::check_proving_key`]).
    #[serde(rename = "vkHash", default, skip_serializing_if = "Option::is_none")]
    pub vk_hash: Option<String>,
}

/// A request compiled into circuit values.
#[derive(Clone, Debug)]
pub struct CompiledRequest {
    /// The policy slots.
    pub policy: Policy,
    /// The scope as a field element.
    pub scope: Fr,
    /// The challenge as a field element.
    pub challenge: Fr,
    /// `now` in days since 1970-01-01.
    pub now: u64,
    /// Accepted issuers with their roots.
    pub issuers: Vec<(IssuerPublicKey, Fr)>,
    /// Slot of each disclosed attribute, with its name.
    pub disclosed: Vec<(usize, String)>,
}

impl PresentationRequest {
    /// A request with a fresh challenge and today's date.
    pub fn new(schema: Schema, scope: impl Into<String>) -> PresentationRequest {
        PresentationRequest {
            version: REQUEST_VERSION,
            schema,
            accepted_issuers: Vec::new(),
            predicates: Vec::new(),
            disclose: Vec::new(),
            scope: scope.into(),
            challenge: fresh_challenge(),
            now: Date::today().to_string(),
            vk_hash: None,
        }
    }

    /// Names the verifying key proofs will be checked with (by its hash,
    /// [`crate::openid4vp::vk_hash`]), so holders refuse another key.
    pub fn for_verifying_key(mut self, vk: &VerifyingKey) -> Self {
        self.vk_hash = Some(crate::openid4vp::vk_hash(vk));
        self
    }

    /// The holder's check before proving: when the request names a
    /// verifying key (`vkHash`), `pk` must belong to it. Refuses with
    /// [`Error::Key`] otherwise (a proof made with another key would not
    /// verify).
    pub fn check_proving_key(&self, pk: &ProvingKey) -> Result<()> {
        match &self.vk_hash {
            Some(hash) if *hash != crate::openid4vp::vk_hash(&pk.verifying_key()) => Err(
                Error::Key("not the verifying key the request names (vkHash)"),
            ),
            _ => Ok(()),
        }
    }

    /// Accepts `issuer` with its current revocation root.
    pub fn accept_issuer(mut self, issuer: &IssuerPublicKey, revocation_root: Fr) -> Self {
        self.accepted_issuers.push(AcceptedIssuer {
            public_key: issuer.to_hex(),
            revocation_root: fr_to_hex(&revocation_root),
        });
        self
    }

    /// Adds a predicate.
    pub fn require(mut self, attribute: &str, op: Op, value: serde_json::Value) -> Self {
        self.predicates.push(PredicateSpec {
            attribute: attribute.into(),
            op,
            value,
        });
        self
    }

    /// Asks for an attribute to be disclosed.
    pub fn disclose(mut self, attribute: &str) -> Self {
        self.disclose.push(attribute.into());
        self
    }

    /// Sets the verifier's date.
    pub fn at(mut self, now: Date) -> Self {
        self.now = now.to_string();
        self
    }

    /// Parses and compiles (to validate) a request from JSON.
    pub fn from_json(json: &str) -> Result<PresentationRequest> {
        let r: PresentationRequest = serde_json::from_str(json)?;
        r.compile()?;
        Ok(r)
    }

    /// The request as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("requests serialize")
    }

    /// Compiles the request into circuit values, checking every part.
    pub fn compile(&self) -> Result<CompiledRequest> {
        self.compile_parts(true)
    }

    /// Checks every part the request has so far: [`compile`](Self::compile)
    /// without requiring an accepted issuer. A builder calls it after each
    /// step, so a bad predicate (an attribute the schema lacks, an operand
    /// that does not fit the attribute's type) is refused at the call that
    /// added it, not later when the request is used.
    pub fn check_partial(&self) -> Result<()> {
        self.compile_parts(false).map(|_| ())
    }

    fn compile_parts(&self, need_issuer: bool) -> Result<CompiledRequest> {
        if self.version != REQUEST_VERSION {
            return Err(Error::UnsupportedVersion {
                what: "request",
                found: self.version,
                supported: REQUEST_VERSION,
            });
        }
        self.schema.validate()?;
        let now_date =
            Date::parse(&self.now).map_err(|_| Error::Request("`now` is not a date".into()))?;
        if now_date.days() < 0 {
            return Err(Error::Request("`now` precedes 1970".into()));
        }
        if let Some(hash) = &self.vk_hash {
            use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
            if !URL_SAFE_NO_PAD.decode(hash).is_ok_and(|b| b.len() == 32) {
                return Err(Error::Encoding("vkHash (base64url SHA-256, 43 characters)"));
            }
        }
        let challenge =
            bytes_from_hex::<CHALLENGE_BYTES>(&self.challenge, "challenge (31 bytes hex)")?;
        let challenge = fr_from_le_31(&challenge);
        if self.scope.is_empty() {
            return Err(Error::Request("the scope is empty".into()));
        }
        let scope = hash_string(&self.scope)
            .map_err(|_| Error::Request("the scope is longer than 465 bytes".into()))?;
        if need_issuer && self.accepted_issuers.is_empty() {
            return Err(Error::Request("no accepted issuers".into()));
        }
        let issuers = self
            .accepted_issuers
            .iter()
            .map(|i| {
                Ok((
                    IssuerPublicKey::from_hex(&i.public_key)?,
                    fr_from_hex(&i.revocation_root, "revocationRoot")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        if self.predicates.len() > NUM_PREDICATES {
            return Err(Error::Request(format!(
                "at most {NUM_PREDICATES} predicates"
            )));
        }

        let mut tables = [[Fr::from(0u64); SET_TABLE_SIZE]; NUM_SET_TABLES];
        let mut next_table = 0usize;
        let mut predicates = [PredicateSlot::default(); NUM_PREDICATES];
        for (n, spec) in self.predicates.iter().enumerate() {
            let (slot, def) = self.schema.attribute(&spec.attribute)?;
            let bad =
                |why: &str| Error::Request(format!("predicate {n} ({}): {why}", spec.describe()));
            let integer = |v: &serde_json::Value| -> Result<u64> {
                if !def.kind.is_integer() {
                    return Err(bad(
                        "range operators need an integer, date, boolean, enum or country attribute",
                    ));
                }
                let f = encode_value(def, v)
                    .map_err(|_| bad("the operand does not fit the attribute's type"))?;
                Ok(zkcred_circuits::presentation::to_u64(&f)
                    .expect("integer types encode below 2^64"))
            };
            let range = |lower: u64, upper: u64, negate| Predicate {
                attribute: slot as u8,
                kind: PredicateKind::Range { lower, upper },
                negate,
            };
            // An empty range (lower > upper) never holds.
            let predicate = match spec.op {
                Op::Eq | Op::Neq if !def.kind.is_integer() => {
                    let value = encode_value(def, &spec.value)
                        .map_err(|_| bad("the operand does not fit the attribute's type"))?;
                    let tables_mask = add_set(&mut tables, &mut next_table, &[value])
                        .ok_or_else(|| bad("more than 32 set values in all"))?;
                    Predicate {
                        attribute: slot as u8,
                        kind: PredicateKind::Set {
                            tables: tables_mask,
                        },
                        negate: spec.op == Op::Neq,
                    }
                }
                Op::Eq => {
                    let v = integer(&spec.value)?;
                    range(v, v, false)
                }
                Op::Neq => {
                    let v = integer(&spec.value)?;
                    range(v, v, true)
                }
                Op::Lt => match integer(&spec.value)?.checked_sub(1) {
                    Some(u) => range(0, u, false),
                    None => range(1, 0, false),
                },
                Op::Lte => range(0, integer(&spec.value)?, false),
                Op::Gt => match integer(&spec.value)?.checked_add(1) {
                    Some(l) => range(l, u64::MAX, false),
                    None => range(1, 0, false),
                },
                Op::Gte => range(integer(&spec.value)?, u64::MAX, false),
                Op::Between => {
                    let pair = spec
                        .value
                        .as_array()
                        .filter(|a| a.len() == 2)
                        .ok_or_else(|| bad("expected [low, high]"))?;
                    range(integer(&pair[0])?, integer(&pair[1])?, false)
                }
                Op::In | Op::NotIn => {
                    let values = spec
                        .value
                        .as_array()
                        .filter(|a| !a.is_empty())
                        .ok_or_else(|| bad("expected a non-empty array"))?;
                    let encoded = values
                        .iter()
                        .map(|v| {
                            encode_value(def, v)
                                .map_err(|_| bad("a set value does not fit the attribute's type"))
                        })
                        .collect::<Result<Vec<_>>>()?;
                    let tables_mask = add_set(&mut tables, &mut next_table, &encoded)
                        .ok_or_else(|| bad("more than 32 set values in all"))?;
                    Predicate {
                        attribute: slot as u8,
                        kind: PredicateKind::Set {
                            tables: tables_mask,
                        },
                        negate: spec.op == Op::NotIn,
                    }
                }
                Op::AgeAtLeast => {
                    if def.kind != AttributeType::Date {
                        return Err(bad("ageAtLeast needs a date attribute"));
                    }
                    let years = spec
                        .value
                        .as_u64()
                        .filter(|y| *y <= 200)
                        .ok_or_else(|| bad("expected a number of years (0-200)"))?;
                    let cutoff = now_date
                        .age_cutoff(years as u32)
                        .map_err(|_| bad("the cutoff falls before year 0"))?;
                    range(0, encode_date(cutoff), false)
                }
            };
            predicates[n] = PredicateSlot::encode(Some(&predicate));
        }

        let mut disclosure_mask = 0u16;
        let mut disclosed = Vec::new();
        for name in &self.disclose {
            let (slot, _) = self.schema.attribute(name)?;
            if disclosure_mask >> slot & 1 == 1 {
                return Err(Error::Request(format!("`{name}` is disclosed twice")));
            }
            disclosure_mask |= 1 << slot;
            disclosed.push((slot, name.clone()));
        }
        disclosed.sort();

        Ok(CompiledRequest {
            policy: Policy {
                schema_id: self.schema.field_id(),
                disclosure_mask,
                predicates,
                set_tables: tables,
            },
            scope,
            challenge,
            now: now_date.days() as u64,
            issuers,
            disclosed,
        })
    }
}

/// Places `values` in consecutive free set tables, padding the last with
/// repeats of the first value (which leaves the set unchanged); returns the
/// table mask, or `None` when the tables are full.
fn add_set(
    tables: &mut [[Fr; SET_TABLE_SIZE]; NUM_SET_TABLES],
    next: &mut usize,
    values: &[Fr],
) -> Option<u8> {
    let needed = values.len().div_ceil(SET_TABLE_SIZE);
    if *next + needed > NUM_SET_TABLES {
        return None;
    }
    let mut mask = 0u8;
    for (k, chunk) in values.chunks(SET_TABLE_SIZE).enumerate() {
        let t = *next + k;
        for (i, cell) in tables[t].iter_mut().enumerate() {
            *cell = *chunk.get(i).unwrap_or(&values[0]);
        }
        mask |= 1 << t;
    }
    *next += needed;
    Some(mask)
}

/// 31 little-endian bytes as a field element (always canonical).
pub fn fr_from_le_31(bytes: &[u8; CHALLENGE_BYTES]) -> Fr {
    use ark_ff::PrimeField;
    Fr::from_le_bytes_mod_order(bytes)
}

/// A fresh random challenge, hex.
pub fn fresh_challenge() -> String {
    use rand_core::RngCore;
    let mut b = [0u8; CHALLENGE_BYTES];
    rand_core::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_names_match_their_json_form() {
        for op in [
            Op::Eq,
            Op::Neq,
            Op::Lt,
            Op::Lte,
            Op::Gt,
            Op::Gte,
            Op::Between,
            Op::In,
            Op::NotIn,
            Op::AgeAtLeast,
        ] {
            assert_eq!(
                serde_json::to_value(op).unwrap(),
                serde_json::json!(op.as_str())
            );
        }
        for (alias, op) in [
            ("=", Op::Eq),
            ("!=", Op::Neq),
            ("<", Op::Lt),
            ("<=", Op::Lte),
            (">", Op::Gt),
            (">=", Op::Gte),
        ] {
            assert_eq!(
                serde_json::from_value::<Op>(serde_json::json!(alias)).unwrap(),
                op
            );
        }
    }

    #[test]
    fn check_partial_refuses_a_bad_predicate_before_any_issuer_is_accepted() {
        let schema = Schema::from_json(crate::fixtures::DEMO_KYC_SCHEMA).unwrap();
        let r = PresentationRequest::new(schema, "lender.example").require(
            "kyc_level",
            Op::Gte,
            serde_json::json!(2),
        );
        r.check_partial().unwrap();
        assert!(r.compile().is_err(), "compile still needs an issuer");
        let e = r
            .clone()
            .require("age", Op::Gte, serde_json::json!(18))
            .check_partial()
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Request);
        let msg = e.to_string();
        assert!(msg.contains("no attribute `age`"), "{msg}");
        assert!(msg.contains("birth_date, nationality"), "{msg}");
        let e = r
            .require("kyc_level", Op::AgeAtLeast, serde_json::json!(18))
            .check_partial()
            .unwrap_err();
        assert!(e.to_string().contains("ageAtLeast"), "{e}");
    }

    #[test]
    fn sets_fill_tables_and_pad_with_their_first_value() {
        let mut tables = [[Fr::from(0u64); SET_TABLE_SIZE]; NUM_SET_TABLES];
        let mut next = 0;
        let ten: Vec<Fr> = (1..=10u64).map(Fr::from).collect();
        assert_eq!(add_set(&mut tables, &mut next, &ten), Some(0b0011));
        assert_eq!(tables[1][..2], [Fr::from(9u64), Fr::from(10u64)]);
        assert!(tables[1][2..].iter().all(|x| *x == Fr::from(1u64)));
        assert_eq!(add_set(&mut tables, &mut next, &ten[..8]), Some(0b0100));
        assert_eq!(
            add_set(&mut tables, &mut next, &ten),
            None,
            "only one table is left"
        );
        assert_eq!(add_set(&mut tables, &mut next, &ten[..1]), Some(0b1000));
    }
}
