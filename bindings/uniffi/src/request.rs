//! Presentation requests (the verifier's side): built with a small builder
//! or parsed from the JSON a verifier sent.

use std::sync::Arc;

use zkcred_core::{
    encoding::fr_from_hex, issuer::IssuerPublicKey, request as core_request, schema::Schema,
};

use crate::{
    date::CalendarDate,
    errors::{guard, Result},
};

/// An attribute's value, typed as its schema declares it: what an issuer
/// signs ([`crate::Issuer::issue`]) and what a set of a predicate holds.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AttributeValue {
    /// An `integer` attribute.
    Int {
        /// The value.
        value: i64,
    },
    /// A `date` attribute.
    Date {
        /// The day.
        value: CalendarDate,
    },
    /// A `boolean` attribute.
    Bool {
        /// The value.
        value: bool,
    },
    /// A `string`, `country` (ISO 3166-1 alpha-2, e.g. `"DE"`) or `enum`
    /// attribute.
    Text {
        /// The value.
        value: String,
    },
}

impl AttributeValue {
    /// The JSON value zkcred-core reads (a date as `YYYY-MM-DD`;
    /// `InvalidDate` for a day out of range).
    pub(crate) fn to_json(&self) -> Result<serde_json::Value> {
        Ok(match self {
            AttributeValue::Int { value } => (*value).into(),
            AttributeValue::Date { value } => value.to_core()?.to_string().into(),
            AttributeValue::Bool { value } => (*value).into(),
            AttributeValue::Text { value } => value.as_str().into(),
        })
    }
}

/// The operand of a predicate, typed: a number (also the years of
/// `AgeAtLeast`), a date, a text, a boolean, or a list (the set of `In` and
/// `NotIn`, the `[low, high]` of `Between`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PredicateValue {
    /// A number; for `AgeAtLeast`, the years.
    Int {
        /// The value.
        value: i64,
    },
    /// A day.
    Date {
        /// The day.
        value: CalendarDate,
    },
    /// A boolean.
    Bool {
        /// The value.
        value: bool,
    },
    /// A string, country or enum value.
    Text {
        /// The value.
        value: String,
    },
    /// A list: the set of `In` and `NotIn`, or `[low, high]` for `Between`.
    Set {
        /// The elements.
        values: Vec<AttributeValue>,
    },
}

impl PredicateValue {
    /// The JSON operand zkcred-core reads.
    pub(crate) fn to_json(&self) -> Result<serde_json::Value> {
        let one = |v: AttributeValue| v.to_json();
        match self {
            PredicateValue::Int { value } => one(AttributeValue::Int { value: *value }),
            PredicateValue::Date { value } => one(AttributeValue::Date { value: *value }),
            PredicateValue::Bool { value } => one(AttributeValue::Bool { value: *value }),
            PredicateValue::Text { value } => one(AttributeValue::Text {
                value: value.clone(),
            }),
            PredicateValue::Set { values } => Ok(serde_json::Value::Array(
                values
                    .iter()
                    .map(AttributeValue::to_json)
                    .collect::<Result<_>>()?,
            )),
        }
    }
}

/// A predicate operator (the JSON names are in brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PredicateOp {
    /// Equal (`eq`).
    Eq,
    /// Not equal (`neq`).
    Neq,
    /// Less than (`lt`).
    Lt,
    /// Less than or equal (`lte`).
    Lte,
    /// Greater than (`gt`).
    Gt,
    /// Greater than or equal (`gte`).
    Gte,
    /// Inclusive range; the operand is `[low, high]` (`between`).
    Between,
    /// In a set; the operand is an array (`in`).
    In,
    /// Not in a set; the operand is an array (`notIn`).
    NotIn,
    /// At least this many years old on the request's date; the operand is
    /// the number of years (`ageAtLeast`).
    AgeAtLeast,
}

impl From<PredicateOp> for core_request::Op {
    fn from(op: PredicateOp) -> Self {
        use core_request::Op;
        match op {
            PredicateOp::Eq => Op::Eq,
            PredicateOp::Neq => Op::Neq,
            PredicateOp::Lt => Op::Lt,
            PredicateOp::Lte => Op::Lte,
            PredicateOp::Gt => Op::Gt,
            PredicateOp::Gte => Op::Gte,
            PredicateOp::Between => Op::Between,
            PredicateOp::In => Op::In,
            PredicateOp::NotIn => Op::NotIn,
            PredicateOp::AgeAtLeast => Op::AgeAtLeast,
        }
    }
}

/// A presentation request: the schema, the accepted issuers with their
/// revocation roots, the predicates, the attributes to disclose, the
/// verifier's scope, a fresh challenge and the verifier's date. Immutable:
/// each builder method returns a new request.
#[derive(uniffi::Object)]
pub struct PresentationRequest(pub(crate) core_request::PresentationRequest);

impl PresentationRequest {
    fn with(
        &self,
        f: impl FnOnce(core_request::PresentationRequest) -> core_request::PresentationRequest,
    ) -> Arc<Self> {
        Arc::new(PresentationRequest(f(self.0.clone())))
    }
}

#[uniffi::export]
impl PresentationRequest {
    /// A request for credentials of `schema_json` in `scope` (e.g.
    /// `"shop.example/age-gate"`), with a fresh challenge and today's date.
    #[uniffi::constructor]
    pub fn new(schema_json: String, scope: String) -> Result<Arc<Self>> {
        guard(|| {
            let schema = Schema::from_json(&schema_json)?;
            Ok(Arc::new(PresentationRequest(
                core_request::PresentationRequest::new(schema, scope),
            )))
        })
    }

    /// Parses and checks a request (as a verifier sends it).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        guard(|| {
            Ok(Arc::new(PresentationRequest(
                core_request::PresentationRequest::from_json(&json)?,
            )))
        })
    }

    /// Accepts credentials of the issuer with public key `issuer_public_key`
    /// (hex), not revoked under `revocation_root` (hex).
    pub fn accept_issuer(
        &self,
        issuer_public_key: String,
        revocation_root: String,
    ) -> Result<Arc<Self>> {
        guard(|| {
            let key = IssuerPublicKey::from_hex(&issuer_public_key)?;
            let root = fr_from_hex(&revocation_root, "revocation root")?;
            Ok(self.with(|r| r.accept_issuer(&key, root)))
        })
    }

    /// Requires `attribute op operand`: e.g. `("birth_date", AgeAtLeast,
    /// Int(18))`, `("nationality", In, Set([Text("DE"), Text("FR")]))`.
    /// Checked against the schema when the request is used (or by
    /// [`PresentationRequest::to_json`]); `InvalidDate` at once for a day out
    /// of range.
    pub fn require(
        &self,
        attribute: String,
        op: PredicateOp,
        operand: PredicateValue,
    ) -> Result<Arc<Self>> {
        guard(|| {
            let operand = operand.to_json()?;
            Ok(self.with(|r| r.require(&attribute, op.into(), operand)))
        })
    }

    /// Asks for `attribute` to be disclosed.
    pub fn disclose(&self, attribute: String) -> Arc<Self> {
        self.with(|r| r.disclose(&attribute))
    }

    /// Names the verifying key proofs will be checked with (`vkHash`, its
    /// hash): a holder then refuses a proving key of another verifying key
    /// (`Key`), before proving.
    pub fn for_verifying_key(&self, verifying_key: Arc<crate::keys::VerifyingKey>) -> Arc<Self> {
        self.with(|r| r.for_verifying_key(&verifying_key.0))
    }

    /// Sets the verifier's date (`InvalidDate` out of range).
    pub fn at(&self, date: CalendarDate) -> Result<Arc<Self>> {
        guard(|| {
            let date = date.to_core()?;
            Ok(self.with(|r| r.at(date)))
        })
    }

    /// The request as JSON, after checking that it compiles (what the
    /// verifier sends to the holder).
    pub fn to_json(&self) -> Result<String> {
        guard(|| {
            self.0.compile()?;
            Ok(self.0.to_json())
        })
    }

    /// The verifier's scope.
    pub fn scope(&self) -> String {
        self.0.scope.clone()
    }
}
