//! zkcred's WebAssembly prover on the two statements of the side-by-side
//! benchmark against circom + snarkjs (benches/peer/run.sh): the same
//! circuits, fixture and proving keys as the native run
//! (`benches/examples/peer.rs`), built for wasm32 with the browser package's
//! profile and timed in Node and in headless Chromium by
//! `benches/peer/wasm-bench.mjs` and `benches/peer/browser-bench.mjs`.
//!
//! A benchmark harness, not an API: the proving key comes from the native
//! run on the same machine and is read without the subgroup checks
//! (zkcred-wasm's `ProvingKey` validates every point; this crate times the
//! prover, not key loading).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, PreparedVerifyingKey, Proof, ProvingKey};
use ark_relations::gr1cs::{ConstraintSynthesizer, SynthesisError};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use wasm_bindgen::prelude::*;
use zkcred_benches::peer::{self, Fixture, Statement};
use zkcred_core::prover::{self, ProverTables};

/// One statement's prover: its proving key, loaded once, and the fixture's
/// values.
#[wasm_bindgen]
pub struct PeerProver {
    statement: Statement,
    fixture: Fixture,
    pk: ProvingKey<Bn254>,
    pvk: PreparedVerifyingKey<Bn254>,
    tables: Option<ProverTables>,
}

#[wasm_bindgen]
impl PeerProver {
    /// Loads `statement`'s ("age_signature" or "presentation") proving key,
    /// as the native run wrote it (`NAME.zkcred-pk.bin`, arkworks
    /// uncompressed); with `prepared`, also builds the prepared-key
    /// prover's tables (`zkcred_core::prover`).
    #[wasm_bindgen(constructor)]
    pub fn new(statement: &str, proving_key: &[u8], prepared: bool) -> Result<PeerProver, JsError> {
        let statement = Statement::from_name(statement)
            .ok_or_else(|| JsError::new(&format!("unknown statement {statement:?}")))?;
        let pk = ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(proving_key)
            .map_err(|e| JsError::new(&format!("proving key: {e}")))?;
        let pvk = Groth16::<Bn254>::process_vk(&pk.vk).map_err(|e| JsError::new(&e.to_string()))?;
        let tables = prepared.then(|| ProverTables::new(&pk));
        Ok(PeerProver {
            statement,
            fixture: Fixture::new(),
            pk,
            pvk,
            tables,
        })
    }

    /// Synthesises the statement on the fixture's values and proves it:
    /// the compressed proof (128 bytes).
    pub fn prove(&self) -> Result<Vec<u8>, JsError> {
        let proof = match self.statement {
            Statement::AgeSignature => self.prove_circuit(self.fixture.age_signature()),
            Statement::Presentation => self.prove_circuit(self.fixture.presentation()),
        }
        .map_err(|e| JsError::new(&e.to_string()))?;
        let mut bytes = Vec::new();
        proof
            .serialize_compressed(&mut bytes)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(bytes)
    }

    /// Whether `proof` verifies for the fixture's public inputs; with
    /// `tamper`, for the first public input plus one (must be false).
    pub fn verify(&self, proof: &[u8], tamper: bool) -> Result<bool, JsError> {
        let proof = Proof::<Bn254>::deserialize_compressed(proof)
            .map_err(|e| JsError::new(&format!("proof: {e}")))?;
        let mut public = self.fixture.public_inputs(self.statement);
        if tamper {
            public[0] += Fr::from(1u64);
        }
        Groth16::<Bn254>::verify_with_processed_vk(&self.pvk, &public, &proof)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Bytes held by the prepared-key tables (0 without them).
    #[wasm_bindgen(js_name = tableBytes)]
    pub fn table_bytes(&self) -> usize {
        self.tables.as_ref().map_or(0, ProverTables::memory_bytes)
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
    fn prove_circuit<C: ConstraintSynthesizer<Fr>>(
        &self,
        circuit: C,
    ) -> Result<Proof<Bn254>, SynthesisError> {
        let mut rng = rand::rngs::OsRng;
        match &self.tables {
            Some(tables) => prover::prove_with_tables(&self.pk, tables, circuit, &mut rng),
            None => Groth16::<Bn254>::prove(&self.pk, circuit, &mut rng),
        }
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
    fn proves_and_verifies_and_refuses_a_changed_input() {
        let f = Fixture::new();
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let (pk, _) = Groth16::<Bn254>::circuit_specific_setup(
            peer::AgeSignatureCircuit::default(),
            &mut rng,
        )
        .unwrap();
        let mut bytes = Vec::new();
        pk.serialize_uncompressed(&mut bytes).unwrap();
        for prepared in [false, true] {
            let prover =
                PeerProver::new("age_signature", &bytes, prepared).unwrap_or_else(|_| panic!());
            assert_eq!(prover.table_bytes() > 0, prepared);
            let proof = prover.prove().unwrap_or_else(|_| panic!());
            assert_eq!(proof.len(), 128);
            assert!(prover.verify(&proof, false).unwrap_or_else(|_| panic!()));
            assert!(!prover.verify(&proof, true).unwrap_or_else(|_| panic!()));
            assert_eq!(prover.public_inputs(), 3);
        }
        assert_eq!(f.public_inputs(Statement::AgeSignature).len(), 3);
    }
}
