//! What kind of zkcred document a JSON text is, so that a front end can say
//! `request.json: expected a presentation request, found a presentation`
//! instead of only where the parser stopped (issue #15).
//!
//! Detection looks at the markers each format carries (a `type` string or
//! array, `schemaVersion`, `scorecardVersion`, a request's fields); it never
//! decides whether a document is valid: the document's own parser does.

/// The documents zkcred reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentKind {
    /// A credential schema (`schemaVersion`).
    Schema,
    /// A verifiable credential (`type: [VerifiableCredential, ZkcredCredential]`).
    Credential,
    /// A verifier's presentation request.
    Request,
    /// A holder's presentation (`type: ZkcredPresentation`).
    Presentation,
    /// A holder's wallet (`secret` and `credentials`).
    Wallet,
    /// An SME's metrics (metric name -> amount; carries no marker of its
    /// own, so it is never detected, only expected).
    Metrics,
    /// A credit scorecard model (`scorecardVersion`).
    Scorecard,
    /// A credit provider's attestation of an SME's metrics.
    CreditAttestation,
    /// An SME's openings of an attestation.
    CreditOpenings,
    /// A lender's policy on the transparent credit path.
    CreditPolicy,
    /// A transparent credit proof.
    CreditProof,
    /// An SME's signed metrics for the succinct credit path.
    CreditCredential,
    /// A lender's policy on the succinct credit path.
    CreditSuccinctPolicy,
    /// A succinct (Groth16) credit proof.
    CreditSuccinctProof,
    /// An exported revocation tree.
    RevocationTree,
    /// An OpenID4VP Authorization Request (`response_type`, `dcql_query`).
    OpenId4VpRequest,
    /// An OpenID4VP response (`vp_token`).
    VpTokenResponse,
}

impl DocumentKind {
    /// The kind in words, with its article: "a presentation request".
    pub fn describe(self) -> &'static str {
        match self {
            DocumentKind::Schema => "a credential schema",
            DocumentKind::Credential => "a credential",
            DocumentKind::Request => "a presentation request",
            DocumentKind::Presentation => "a presentation",
            DocumentKind::Wallet => "a wallet",
            DocumentKind::Metrics => "an SME's metrics",
            DocumentKind::Scorecard => "a scorecard",
            DocumentKind::CreditAttestation => "a credit attestation",
            DocumentKind::CreditOpenings => "credit openings",
            DocumentKind::CreditPolicy => "a credit policy (transparent path)",
            DocumentKind::CreditProof => "a credit proof (transparent path)",
            DocumentKind::CreditCredential => "an SME's signed metrics (succinct path)",
            DocumentKind::CreditSuccinctPolicy => "a credit policy (succinct path)",
            DocumentKind::CreditSuccinctProof => "a credit proof (succinct path)",
            DocumentKind::RevocationTree => "a revocation tree",
            DocumentKind::OpenId4VpRequest => "an OpenID4VP request",
            DocumentKind::VpTokenResponse => "an OpenID4VP response (vp_token)",
        }
    }

    /// Which document `json` looks like, or `None` if it is not JSON or
    /// carries no zkcred marker.
    pub fn detect(json: &str) -> Option<DocumentKind> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        let object = value.as_object()?;
        let has = |key: &str| object.contains_key(key);
        if let Some(kind) = object.get("type").and_then(|t| t.as_str()) {
            let found = match kind {
                "ZkcredPresentation" => Some(DocumentKind::Presentation),
                "ZkcredCreditAttestation" => Some(DocumentKind::CreditAttestation),
                "ZkcredCreditOpenings" => Some(DocumentKind::CreditOpenings),
                "ZkcredCreditPolicy" => Some(DocumentKind::CreditPolicy),
                "ZkcredCreditProof" => Some(DocumentKind::CreditProof),
                "ZkcredCreditCredential" => Some(DocumentKind::CreditCredential),
                "ZkcredCreditSuccinctPolicy" => Some(DocumentKind::CreditSuccinctPolicy),
                "ZkcredCreditSuccinctProof" => Some(DocumentKind::CreditSuccinctProof),
                "ZkcredRevocationTree" => Some(DocumentKind::RevocationTree),
                // Another `type` (a scorecard's "binned", say): look further.
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        let types = object.get("type").and_then(|t| t.as_array());
        if types.is_some_and(|t| t.iter().any(|t| t == "ZkcredCredential")) {
            return Some(DocumentKind::Credential);
        }
        if has("schemaVersion") {
            return Some(DocumentKind::Schema);
        }
        if has("scorecardVersion") {
            return Some(DocumentKind::Scorecard);
        }
        if has("predicates") && has("challenge") {
            return Some(DocumentKind::Request);
        }
        if has("response_type") && has("dcql_query") {
            return Some(DocumentKind::OpenId4VpRequest);
        }
        if has("vp_token") {
            return Some(DocumentKind::VpTokenResponse);
        }
        if has("secret") && has("credentials") {
            return Some(DocumentKind::Wallet);
        }
        None
    }

    /// The message for `json` refused as this kind: "expected a presentation
    /// request, found a presentation" when it is another known document, and
    /// `None` when it looks like the expected one, so that the parser's own
    /// error (naming the field) is the better message.
    pub fn mismatch(self, json: &str) -> Option<String> {
        match DocumentKind::detect(json) {
            Some(found) if found != self => Some(format!(
                "expected {}, found {}",
                self.describe(),
                found.describe()
            )),
            _ => None,
        }
    }

    /// The whole message for `json` refused as this kind with `error`: the
    /// [`mismatch`](Self::mismatch) if it is another document; the parser's
    /// error alone if it looks like the expected one; else "expected ...:
    /// error", so that a reader learns what the file should have been.
    pub fn refusal(self, json: &str, error: &crate::Error) -> String {
        match DocumentKind::detect(json) {
            Some(found) if found == self => error.to_string(),
            Some(_) => self.mismatch(json).unwrap_or_default(),
            None => format!("expected {}: {error}", self.describe()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DocumentKind;

    #[test]
    fn the_markers_of_each_format_are_recognised() {
        let cases = [
            (crate::fixtures::DEMO_KYC_SCHEMA, DocumentKind::Schema),
            (
                r#"{"type": ["VerifiableCredential", "ZkcredCredential"]}"#,
                DocumentKind::Credential,
            ),
            (
                r#"{"version": 2, "predicates": [], "challenge": "0x01"}"#,
                DocumentKind::Request,
            ),
            (
                r#"{"type": "ZkcredPresentation"}"#,
                DocumentKind::Presentation,
            ),
            (r#"{"secret": "", "credentials": []}"#, DocumentKind::Wallet),
            (r#"{"scorecardVersion": 1}"#, DocumentKind::Scorecard),
            (
                r#"{"type": "ZkcredCreditSuccinctPolicy"}"#,
                DocumentKind::CreditSuccinctPolicy,
            ),
        ];
        for (json, kind) in cases {
            assert_eq!(DocumentKind::detect(json), Some(kind), "{json}");
            assert_eq!(kind.mismatch(json), None);
        }
        let binned = r#"{"scorecardVersion": 1, "type": "binned"}"#;
        assert_eq!(DocumentKind::detect(binned), Some(DocumentKind::Scorecard));
        for json in ["", "[1]", "{}", r#"{"type": "Other"}"#, "not json"] {
            assert_eq!(DocumentKind::detect(json), None, "{json}");
        }
        assert_eq!(
            DocumentKind::Request
                .mismatch(r#"{"type": "ZkcredPresentation"}"#)
                .unwrap(),
            "expected a presentation request, found a presentation"
        );
    }
}
