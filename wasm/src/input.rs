//! Arguments from JavaScript, taken as `JsValue` and checked here, so that a
//! value of the wrong type (an object where JSON text was expected, a number,
//! `undefined`, an oversized string) is a `ZkcredError` of kind `encoding`
//! naming the argument, never a trap of the module.
//!
//! JSON arguments accept the text or the parsed object (`JSON.parse(text)`),
//! which is serialised again with `JSON.stringify`; byte arguments accept a
//! `Uint8Array` or an `ArrayBuffer`.

use js_sys::{ArrayBuffer, JsString, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use zkcred_core::ErrorDetails;

use crate::errors::{Result, ZkcredError};

/// The largest JSON argument, in UTF-16 code units (as JS counts a string's
/// `length`): far above any request, credential, wallet or presentation
/// (a few kB), far below what would exhaust the module's memory.
pub const MAX_JSON_CHARS: u32 = 4 << 20;

/// The largest byte argument: a proving key is about 2.5 MB.
pub const MAX_BYTES: u32 = 64 << 20;

/// An `encoding` error about the argument `field`.
pub(crate) fn wrong(field: &'static str, why: &str) -> ZkcredError {
    ZkcredError {
        details: ErrorDetails {
            field: Some(field),
            ..ErrorDetails::default()
        },
        ..ZkcredError::new("encoding", format!("{field}: {why}"))
    }
}

/// JSON text from a string or from a plain object or array.
#[cfg_attr(not(feature = "app"), allow(dead_code))]
pub(crate) fn json_text(value: &JsValue, field: &'static str) -> Result<String> {
    let text: JsString = if let Some(s) = value.dyn_ref::<JsString>() {
        s.clone()
    } else if value.is_object()
        && !value.is_function()
        && !value.is_instance_of::<Uint8Array>()
        && !value.is_instance_of::<ArrayBuffer>()
    {
        js_sys::JSON::stringify(value)
            .map_err(|_| wrong(field, "the object cannot be written as JSON"))?
    } else {
        return Err(wrong(
            field,
            &format!(
                "expected JSON text or an object, found {}",
                type_name(value)
            ),
        ));
    };
    if text.length() > MAX_JSON_CHARS {
        return Err(wrong(
            field,
            &format!("longer than {MAX_JSON_CHARS} characters"),
        ));
    }
    // Lone surrogates cannot occur in JSON.stringify's output; a string
    // argument with one is refused rather than altered.
    text.as_string()
        .ok_or_else(|| wrong(field, "the text is not valid Unicode"))
}

/// A plain string argument (an id, an origin).
pub(crate) fn string(value: &JsValue, field: &'static str) -> Result<String> {
    let s = value.dyn_ref::<JsString>().ok_or_else(|| {
        wrong(
            field,
            &format!("expected a string, found {}", type_name(value)),
        )
    })?;
    if s.length() > MAX_JSON_CHARS {
        return Err(wrong(
            field,
            &format!("longer than {MAX_JSON_CHARS} characters"),
        ));
    }
    s.as_string()
        .ok_or_else(|| wrong(field, "the text is not valid Unicode"))
}

/// Bytes from a `Uint8Array` or an `ArrayBuffer`.
pub(crate) fn bytes(value: &JsValue, field: &'static str) -> Result<Vec<u8>> {
    let array = if let Some(a) = value.dyn_ref::<Uint8Array>() {
        a.clone()
    } else if let Some(b) = value.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(b)
    } else {
        return Err(wrong(
            field,
            &format!(
                "expected a Uint8Array or an ArrayBuffer, found {}",
                type_name(value)
            ),
        ));
    };
    if array.length() > MAX_BYTES {
        return Err(wrong(field, &format!("longer than {MAX_BYTES} bytes")));
    }
    Ok(array.to_vec())
}

/// `typeof`-like name of a value, for messages (never the value itself).
fn type_name(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.is_bigint() {
        "a bigint"
    } else if value.is_string() {
        "a string"
    } else if value.is_function() {
        "a function"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_instance_of::<Uint8Array>() || value.is_instance_of::<ArrayBuffer>() {
        "bytes"
    } else {
        "an object"
    }
}
