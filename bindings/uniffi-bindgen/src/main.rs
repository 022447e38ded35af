//! `uniffi-bindgen` at the uniffi version zkcred-ffi is built with:
//! `uniffi-bindgen generate --library target/release/libzkcred_ffi.so --language kotlin --out-dir DIR`.
#![forbid(unsafe_code)]

fn main() {
    uniffi::uniffi_bindgen_main()
}
