//! Checking presentation requests as a JS builder makes them
//! (`RequestBuilder` in wasm/npm/request.js): every step is checked by
//! zkcred-core against the request's schema at the call that made it.

use wasm_bindgen::prelude::*;
use zkcred_core::PresentationRequest;

use crate::{errors::Result, input};

/// Checks a request under construction: its version, schema, scope,
/// challenge and date, and every predicate and disclosed attribute it has
/// so far against the schema (`PresentationRequest::check_partial`), without
/// requiring an accepted issuer yet. Throws the `request`, `schema`,
/// `attribute`, `json` or `encoding` error that names the faulty part.
pub fn check_draft(request_json: &str) -> Result<()> {
    let request: PresentationRequest =
        serde_json::from_str(request_json).map_err(zkcred_core::Error::from)?;
    Ok(request.check_partial()?)
}

/// Checks a complete request (`PresentationRequest::from_json`) and returns
/// it as zkcred's JSON.
pub fn check_complete(request_json: &str) -> Result<String> {
    Ok(PresentationRequest::from_json(request_json)?.to_json())
}

/// [`check_draft`] on JSON text or an object.
#[wasm_bindgen(js_name = checkRequestDraft)]
pub fn check_draft_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
) -> Result<()> {
    check_draft(&input::json_text(&request, "request")?)
}

/// [`check_complete`] on JSON text or an object: the request as JSON text.
#[wasm_bindgen(js_name = checkRequest)]
pub fn check_complete_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
) -> Result<String> {
    check_complete(&input::json_text(&request, "request")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = r#"{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
      "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"#;

    fn draft(predicates: &str) -> String {
        format!(
            r#"{{"version": 1, "schema": {SCHEMA}, "acceptedIssuers": [], "predicates": {predicates},
                "disclose": [], "scope": "https://shop.example", "challenge": "{}", "now": "2026-01-01"}}"#,
            "11".repeat(31)
        )
    }

    #[test]
    fn a_draft_is_checked_step_by_step_and_a_complete_request_needs_an_issuer() {
        check_draft(&draft("[]")).unwrap();
        check_draft(&draft(
            r#"[{"attribute": "birth_date", "op": "ageAtLeast", "value": 18}]"#,
        ))
        .unwrap();
        let e = check_draft(&draft(
            r#"[{"attribute": "age", "op": "ageAtLeast", "value": 18}]"#,
        ))
        .unwrap_err();
        assert_ne!(e.kind, "json", "{e}");
        assert!(e.message.contains("age"), "{e}");
        let e = check_draft(&draft(
            r#"[{"attribute": "nationality", "op": "in", "value": 3}]"#,
        ))
        .unwrap_err();
        assert_eq!(e.kind, "request", "{e}");
        assert_eq!(check_draft("{").unwrap_err().kind, "json");
        assert_eq!(check_complete(&draft("[]")).unwrap_err().kind, "request");
    }
}
