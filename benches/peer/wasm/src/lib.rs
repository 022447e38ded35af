//! zkcred's WebAssembly prover on the two statements of the side-by-side
//! benchmark against circom + snarkjs (benches/peer/run.sh): the same
//! circuits, fixture and proving keys as the native run
//! (`benches/examples/peer.rs`), built for wasm32 with the browser package's
//! profile and timed in Node and in headless Chromium by
//! `benches/peer/wasm-bench.mjs` and `benches/peer/browser-bench.mjs`.
//! Three provers: zkcred's plain-key prover (`"plain"`, zkcred's default:
//! `ProvingKeyFor::prove` without `prepare`, the circuit's matrices kept by
//! the key after its first proof), the prepared-key prover (`"prepared"`,
//! `zkcred_core::prover::PreparedProvingKey`) and arkworks's
//! (`"arkworks"`). With the feature `threads`, the plain-key prover runs on
//! a rayon pool of Web Workers (`initThreadPool`).
//!
//! A benchmark harness, not an API: the arkworks and prepared provers read
//! the native run's key uncompressed and without the subgroup checks (this
//! crate times the prover, not key loading); the plain one loads zkcred's
//! key file, validated, as zkcred-wasm's `ProvingKey` does.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, PreparedVerifyingKey, Proof, ProvingKey};
use ark_relations::gr1cs::ConstraintSynthesizer;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use wasm_bindgen::prelude::*;
use zkcred_benches::peer::{self, AgeSignatureStatement, Fixture, Statement};
use zkcred_core::{
    keys::{PresentationStatement, ProvingKeyFor},
    prover::{self, PreparedProvingKey},
};

/// The threaded build (feature `threads`) exports `initThreadPool(n)`: it
/// starts `n` Web Workers sharing this module's memory as rayon's pool, and
/// must resolve before the first proof.
#[cfg(all(feature = "threads", target_arch = "wasm32"))]
pub use wasm_bindgen_rayon::init_thread_pool;

/// The number of threads the prover runs on: rayon's pool
/// (`rayon::current_num_threads()`, after `initThreadPool`).
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    rayon::current_num_threads()
}

/// The number of threads the prover runs on: 1 (the single-threaded build).
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    1
}

/// A statement's key in zkcred's own key type.
enum ZkcredKey {
    AgeSignature(ProvingKeyFor<AgeSignatureStatement>),
    Presentation(ProvingKeyFor<PresentationStatement>),
}

/// The key, as the prover under test holds it. (One per `PeerProver`,
/// which holds megabytes of points besides: the variants' sizes do not
/// matter.)
#[allow(clippy::large_enum_variant)]
enum Key {
    /// arkworks's `Groth16::prove`.
    Arkworks(ProvingKey<Bn254>),
    /// zkcred's prepared-key prover.
    Prepared(PreparedProvingKey),
    /// zkcred's plain-key prover.
    Plain(ZkcredKey),
}

/// One statement's prover: its proving key, loaded once, and the fixture's
/// values.
#[wasm_bindgen]
pub struct PeerProver {
    statement: Statement,
    fixture: Fixture,
    key: Key,
    pvk: PreparedVerifyingKey<Bn254>,
}

fn js_error(what: &str, e: impl std::fmt::Display) -> JsError {
    JsError::new(&format!("{what}: {e}"))
}

#[wasm_bindgen]
impl PeerProver {
    /// Loads `statement`'s ("age_signature" or "presentation") proving key
    /// for `prover`: "arkworks" and "prepared" take the native run's
    /// `NAME.zkcred-pk.bin` (arkworks uncompressed; "prepared" also builds
    /// the prepared-key tables), "plain" its `NAME.zkcred-key.bin` (zkcred's
    /// key file, loaded validated).
    #[wasm_bindgen(constructor)]
    pub fn new(statement: &str, proving_key: &[u8], prover: &str) -> Result<PeerProver, JsError> {
        let statement = Statement::from_name(statement)
            .ok_or_else(|| JsError::new(&format!("unknown statement {statement:?}")))?;
        let ark = || {
            ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(proving_key)
                .map_err(|e| js_error("proving key", e))
        };
        let key = match prover {
            "arkworks" => Key::Arkworks(ark()?),
            "prepared" => Key::Prepared(PreparedProvingKey::new(ark()?)),
            "plain" => Key::Plain(match statement {
                Statement::AgeSignature => ZkcredKey::AgeSignature(
                    ProvingKeyFor::from_bytes(proving_key).map_err(|e| js_error("key file", e))?,
                ),
                Statement::Presentation => ZkcredKey::Presentation(
                    ProvingKeyFor::from_bytes(proving_key).map_err(|e| js_error("key file", e))?,
                ),
            }),
            other => return Err(JsError::new(&format!("unknown prover {other:?}"))),
        };
        let vk = match &key {
            Key::Arkworks(pk) => &pk.vk,
            Key::Prepared(pk) => &pk.proving_key().vk,
            Key::Plain(ZkcredKey::AgeSignature(pk)) => &pk.as_ark().vk,
            Key::Plain(ZkcredKey::Presentation(pk)) => &pk.as_ark().vk,
        };
        let pvk = Groth16::<Bn254>::process_vk(vk).map_err(|e| js_error("verifying key", e))?;
        Ok(PeerProver {
            statement,
            fixture: Fixture::new(),
            key,
            pvk,
        })
    }

    /// Synthesises the statement on the fixture's values and proves it:
    /// the compressed proof (128 bytes).
    pub fn prove(&self) -> Result<Vec<u8>, JsError> {
        let mut rng = rand::rngs::OsRng;
        let zkcred = |r: zkcred_core::Result<zkcred_core::presentation::Proof>| {
            r.map(|p| p.as_ark().clone())
                .map_err(|e| js_error("prove", e))
        };
        let proof = match &self.key {
            Key::Plain(ZkcredKey::AgeSignature(pk)) => {
                zkcred(pk.prove(self.fixture.age_signature(), &mut rng))?
            }
            Key::Plain(ZkcredKey::Presentation(pk)) => {
                zkcred(pk.prove(self.fixture.presentation(), &mut rng))?
            }
            Key::Arkworks(_) | Key::Prepared(_) => match self.statement {
                Statement::AgeSignature => self.prove_circuit(self.fixture.age_signature())?,
                Statement::Presentation => self.prove_circuit(self.fixture.presentation())?,
            },
        };
        let mut bytes = Vec::new();
        proof
            .serialize_compressed(&mut bytes)
            .map_err(|e| js_error("proof", e))?;
        Ok(bytes)
    }

    /// Whether `proof` verifies for the fixture's public inputs; with
    /// `tamper`, for the first public input plus one (must be false).
    pub fn verify(&self, proof: &[u8], tamper: bool) -> Result<bool, JsError> {
        let proof =
            Proof::<Bn254>::deserialize_compressed(proof).map_err(|e| js_error("proof", e))?;
        let mut public = self.fixture.public_inputs(self.statement);
        if tamper {
            public[0] += Fr::from(1u64);
        }
        Groth16::<Bn254>::verify_with_processed_vk(&self.pvk, &public, &proof)
            .map_err(|e| js_error("verify", e))
    }

    /// Bytes held by the prepared-key tables (0 for the other provers).
    #[wasm_bindgen(js_name = tableBytes)]
    pub fn table_bytes(&self) -> usize {
        match &self.key {
            Key::Prepared(pk) => pk.memory_bytes(),
            Key::Arkworks(_) | Key::Plain(_) => 0,
        }
    }

    /// The number of public inputs.
    #[wasm_bindgen(js_name = publicInputs)]
    pub fn public_inputs(&self) -> usize {
        self.fixture.public_inputs(self.statement).len()
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs when the module loads: a panic (a harness bug; the build aborts on
/// panic) is printed to the console before the module traps.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| console_error(&info.to_string())));
}

impl PeerProver {
    /// Proves `circuit` with arkworks's prover or the prepared key.
    fn prove_circuit<C: ConstraintSynthesizer<Fr>>(
        &self,
        circuit: C,
    ) -> Result<Proof<Bn254>, JsError> {
        let mut rng = rand::rngs::OsRng;
        match &self.key {
            Key::Prepared(pk) => prover::prove(pk, circuit, &mut rng),
            Key::Arkworks(pk) => Groth16::<Bn254>::prove(pk, circuit, &mut rng),
            Key::Plain(_) => return Err(JsError::new("the plain key proves through its own type")),
        }
        .map_err(|e| js_error("prove", e))
    }
}

/// The statements' names, as the harness's files use them.
#[wasm_bindgen]
pub fn statements() -> Vec<String> {
    peer::STATEMENTS.iter().map(|s| s.name().into()).collect()
}

#[cfg(test)]
mod tests {
    use ark_serialize::CanonicalSerialize;
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn each_prover_proves_and_verifies_and_refuses_a_changed_input() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let (key, _) = zkcred_core::keys::generate::<AgeSignatureStatement, _>(&mut rng).unwrap();
        let mut ark = Vec::new();
        key.as_ark().serialize_uncompressed(&mut ark).unwrap();
        let file = key.to_bytes();
        for (prover, bytes) in [("arkworks", &ark), ("prepared", &ark), ("plain", &file)] {
            let p = PeerProver::new("age_signature", bytes, prover).unwrap_or_else(|_| panic!());
            assert_eq!(p.table_bytes() > 0, prover == "prepared");
            // Twice: the plain key's second proof uses its cached matrices.
            for _ in 0..2 {
                let proof = p.prove().unwrap_or_else(|_| panic!());
                assert_eq!(proof.len(), 128);
                assert!(p.verify(&proof, false).unwrap_or_else(|_| panic!()));
                assert!(!p.verify(&proof, true).unwrap_or_else(|_| panic!()));
            }
            assert_eq!(p.public_inputs(), 3);
        }
        assert_eq!(pool_threads(), 1);
    }
}
