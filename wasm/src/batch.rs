//! Batch verification: many presentations against the verifier's own
//! request with zkcred-core's engine
//! ([`zkcred_core::batch::verify_all_with_clock`], one thread here), each
//! row a plain JS object. Only conversions: the proofs in, the rows out.

use std::time::Duration;

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::{prelude::*, JsCast};
use zkcred_core::{
    batch::{verify_all_with_clock, IdentityKind, Outcome, RawProof},
    PresentationRequest,
};

use crate::{
    errors::{details_js, js_kind, set, Result, ZkcredError},
    input,
    keys::VerifyingKey,
    presentation::json_value,
};

#[wasm_bindgen(typescript_custom_section)]
const BATCH_ROW: &str = r#"
/** One proof's row of `verifyBatch`, in input order. */
export interface BatchRow {
  /** The proof's position in the input. */
  index: number;
  /** Whether it verifies. */
  accepted: boolean;
  /** The holder's nullifier in the request's scope (hex), when accepted. */
  nullifier: string | null;
  /** The disclosed attributes `{name: value}`, when accepted. */
  disclosed: Record<string, unknown> | null;
  /** The refusal's kind (`verificationFailed`, `json`, ...), when refused. */
  errorKind: string | null;
  /** The refusal's value-free message, when refused. */
  reason: string | null;
  /** The failing predicate's position, its attribute, the field, the file. */
  predicate: number | null;
  attribute: string | null;
  field: string | null;
  path: string | null;
  /** Time spent parsing and verifying this proof, in milliseconds. */
  elapsedMs: number;
}
"#;

/// The page's monotonic clock: `performance.now()`, or `Date.now()` where
/// there is no `performance` (std's `Instant` panics on wasm32).
fn now() -> Duration {
    let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .filter(|p| p.is_object());
    let ms = performance
        .and_then(|p| {
            let now = js_sys::Reflect::get(&p, &JsValue::from_str("now")).ok()?;
            now.dyn_into::<js_sys::Function>()
                .ok()?
                .call0(&p)
                .ok()?
                .as_f64()
        })
        .unwrap_or_else(js_sys::Date::now);
    Duration::from_secs_f64(ms.max(0.0) / 1e3)
}

/// A proof as the engine takes it: a `Uint8Array` (JSON or the compact
/// binary form) or a string (JSON).
fn raw_proof(index: usize, value: JsValue) -> Result<RawProof> {
    if let Some(text) = value.as_string() {
        return Ok(RawProof::Text(text));
    }
    match value.dyn_into::<Uint8Array>() {
        Ok(bytes) => Ok(RawProof::Bytes(bytes.to_vec())),
        Err(_) => Err(ZkcredError::new(
            "encoding",
            format!("proof {index} is neither a Uint8Array nor a string"),
        )),
    }
}

fn row(index: usize, outcome: Outcome) -> Object {
    let row = Object::new();
    set(&row, "index", &JsValue::from_f64(index as f64));
    set(
        &row,
        "accepted",
        &JsValue::from_bool(outcome.result.is_ok()),
    );
    let details = match outcome.result {
        Ok(accepted) => {
            let nullifier = accepted
                .nullifier
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str);
            set(&row, "nullifier", &nullifier);
            let disclosed = serde_json::to_string(&accepted.disclosed)
                .map_or(JsValue::NULL, |text| json_value(&text));
            set(&row, "disclosed", &disclosed);
            set(&row, "errorKind", &JsValue::NULL);
            set(&row, "reason", &JsValue::NULL);
            Default::default()
        }
        Err(rejected) => {
            set(&row, "nullifier", &JsValue::NULL);
            set(&row, "disclosed", &JsValue::NULL);
            let kind = rejected.kind.map_or("internal", js_kind);
            set(&row, "errorKind", &JsValue::from_str(kind));
            set(&row, "reason", &JsValue::from_str(&rejected.reason));
            rejected.details
        }
    };
    for (name, value) in details_js(&details) {
        set(&row, name, &value);
    }
    set(
        &row,
        "elapsedMs",
        &JsValue::from_f64(outcome.elapsed.as_secs_f64() * 1e3),
    );
    row
}

/// Verifies every proof of `proofs` (each a `Uint8Array`, JSON or the
/// compact binary form, or a JSON string) against the verifier's own
/// request (JSON text or object), in order, on this thread; returns one `BatchRow` per proof. A
/// proof that does not parse or verify is a refused row, never a throw;
/// only a malformed request (or an element of another type) throws.
#[wasm_bindgen(js_name = verifyBatch, unchecked_return_type = "BatchRow[]")]
pub fn verify_batch(
    #[wasm_bindgen(unchecked_param_type = "string | object")] request: JsValue,
    vk: &VerifyingKey,
    #[wasm_bindgen(unchecked_param_type = "Array<Uint8Array | string>")] proofs: JsValue,
) -> Result<Array> {
    let request = PresentationRequest::from_json(&input::json_text(&request, "request")?)?;
    let proofs: Array = proofs
        .dyn_into()
        .map_err(|_| input::wrong("proofs", "expected an array"))?;
    let kind = IdentityKind::new(request, vk.0.clone())?;
    let raw = proofs
        .iter()
        .enumerate()
        .map(|(i, p)| raw_proof(i, p))
        .collect::<Result<Vec<_>>>()?;
    let outcomes = verify_all_with_clock(&kind, &raw, None, &now)?;
    Ok(outcomes
        .into_iter()
        .enumerate()
        .map(|(i, o)| row(i, o))
        .collect())
}
