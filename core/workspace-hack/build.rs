//! Empty: it makes Cargo resolve this crate's build-dependencies, which fix
//! the proc-macro side's features (see `Cargo.toml`).
fn main() {}
