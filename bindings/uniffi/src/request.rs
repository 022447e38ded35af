//! Presentation requests (the verifier's side): built with a small builder
//! or parsed from the JSON a verifier sent.

use std::sync::Arc;

use zkcred_core::{
    date::Date, encoding::fr_from_hex, issuer::IssuerPublicKey, request as core_request,
    schema::Schema,
};

use crate::errors::{guard, Result};

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

    /// Requires `attribute op operand`; `operand_json` is JSON: `18`,
    /// `"DE"`, `[1, 5]`, `["DE", "FR"]`. Checked when the request is used
    /// (or by [`PresentationRequest::to_json`]).
    pub fn require(
        &self,
        attribute: String,
        op: PredicateOp,
        operand_json: String,
    ) -> Result<Arc<Self>> {
        guard(|| {
            let operand: serde_json::Value =
                serde_json::from_str(&operand_json).map_err(zkcred_core::Error::from)?;
            Ok(self.with(|r| r.require(&attribute, op.into(), operand)))
        })
    }

    /// Asks for `attribute` to be disclosed.
    pub fn disclose(&self, attribute: String) -> Arc<Self> {
        self.with(|r| r.disclose(&attribute))
    }

    /// Sets the verifier's date (`YYYY-MM-DD`).
    pub fn at(&self, date: String) -> Result<Arc<Self>> {
        guard(|| {
            let date = Date::parse(&date)?;
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
