//! On-chain verification gas of the two stacks in the side-by-side benchmark
//! (benches/peer/run.sh): for each statement, zkcred's `Groth16Verifier`
//! (its key given at deployment) and the verifier snarkjs exports for the
//! circom twin (`snarkjs zkey export solidityverifier`, compiled by the
//! pinned solc), each checking a real proof of its own stack in revm.
//! Both must accept their proof and reject it with a changed public input.
//! Writes `gas.json` and prints a Markdown table.
//!
//!   cargo run --release -p zkcred-contracts --example peer_gas -- OUT_DIR

use std::{fs, path::Path};

use serde_json::{json, Value};
use zkcred_contracts::{
    evm::{Chain, Receipt},
    parse_artifact,
    zkcred::{proof_accepted, Verifier},
};
use zkcred_core::solidity::{EvmVerifyingKey, Word};

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn word_hex(v: &Value) -> Word {
    hex::decode(v.as_str().expect("a hex word"))
        .expect("hex")
        .try_into()
        .expect("32 bytes")
}

fn words_hex(v: &Value) -> Vec<Word> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(word_hex)
        .collect()
}

/// A decimal string (snarkjs) as a big-endian word.
fn word_dec(v: &Value) -> Word {
    let n = num_bigint::BigUint::parse_bytes(v.as_str().expect("a decimal").as_bytes(), 10)
        .expect("decimal");
    let bytes = n.to_bytes_be();
    let mut w = [0u8; 32];
    w[32 - bytes.len()..].copy_from_slice(&bytes);
    w
}

fn returns_true(r: &Receipt) -> bool {
    r.success && r.output.len() == 32 && r.output[31] == 1 && r.output[..31].iter().all(|b| *b == 0)
}

fn zkcred(chain: &mut Chain, out: &Path, name: &str) -> Value {
    let j = read_json(&out.join(format!("{name}.zkcred-evm.json")));
    let vk = EvmVerifyingKey {
        points: words_hex(&j["vk_points"]).try_into().expect("14 words"),
        ic: hex::decode(j["vk_ic"].as_str().expect("hex")).expect("hex"),
    };
    let proof: [Word; 8] = words_hex(&j["proof"]).try_into().expect("8 words");
    let mut inputs = words_hex(&j["inputs"]);
    let from = chain.account(1);
    let (verifier, deployed) = Verifier::deploy(chain, from, &vk).unwrap();
    let r = verifier
        .verify_proof_tx(chain, from, &proof, &inputs)
        .unwrap();
    assert!(
        proof_accepted(&r),
        "{name}: zkcred's verifier rejected its proof"
    );
    inputs[0][31] ^= 1;
    let bad = verifier
        .verify_proof_tx(chain, from, &proof, &inputs)
        .unwrap();
    assert!(
        !proof_accepted(&bad),
        "{name}: a changed input passed zkcred's verifier"
    );
    json!({ "stack": "zkcred", "statement": name, "inputs": inputs.len(),
            "deploy": deployed.gas_used, "total": r.gas_used, "execution": r.execution_gas() })
}

fn snarkjs(chain: &mut Chain, out: &Path, name: &str) -> Value {
    let artifact = fs::read_to_string(out.join(format!("{name}_snarkjs_sol/Groth16Verifier.json")))
        .expect("the compiled snarkjs verifier");
    let artifact = parse_artifact("Groth16Verifier", &artifact).unwrap();
    let proof = read_json(&out.join(format!("{name}.proof.json")));
    let public: Vec<Word> = read_json(&out.join(format!("{name}.public.json")))
        .as_array()
        .expect("public signals")
        .iter()
        .map(word_dec)
        .collect();
    let (a, b, c) = (&proof["pi_a"], &proof["pi_b"], &proof["pi_c"]);
    // verifyProof(uint[2] pA, uint[2][2] pB, uint[2] pC, uint[N] pubSignals):
    // static arrays, so the call data is the words in order; G2 coordinates
    // go (imaginary, real), as snarkjs's `generatecall` writes them.
    let mut words = vec![word_dec(&a[0]), word_dec(&a[1])];
    words.extend([&b[0][1], &b[0][0], &b[1][1], &b[1][0]].map(word_dec));
    words.extend([word_dec(&c[0]), word_dec(&c[1])]);
    let signature = format!(
        "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[{}])",
        public.len()
    );
    let call = |public: &[Word]| {
        let mut data = zkcred_contracts::abi::selector(&signature).to_vec();
        for w in words.iter().chain(public) {
            data.extend_from_slice(w);
        }
        data
    };
    let from = chain.account(2);
    let (address, deployed) = chain.deploy(from, &artifact.bytecode, &[]).unwrap();
    let r = chain.call(from, address, call(&public)).unwrap();
    assert!(
        returns_true(&r),
        "{name}: the snarkjs verifier rejected snarkjs's proof"
    );
    let mut changed = public.clone();
    changed[0][31] ^= 1;
    let bad = chain.call(from, address, call(&changed)).unwrap();
    assert!(
        !returns_true(&bad),
        "{name}: a changed input passed the snarkjs verifier"
    );
    json!({ "stack": "snarkjs", "statement": name, "inputs": public.len(),
            "deploy": deployed.gas_used, "total": r.gas_used, "execution": r.execution_gas() })
}

fn main() {
    let out = std::env::args().nth(1).expect("usage: peer_gas OUT_DIR");
    let out = Path::new(&out);
    let mut chain = Chain::new();
    let mut rows = Vec::new();
    for name in ["age_signature", "presentation"] {
        rows.push(zkcred(&mut chain, out, name));
        rows.push(snarkjs(&mut chain, out, name));
    }
    fs::write(
        out.join("gas.json"),
        serde_json::to_string_pretty(&json!({ "results": rows })).unwrap(),
    )
    .unwrap();
    println!("### On-chain verification gas (revm, solc 0.8.37)\n");
    println!("| statement | stack | public inputs | verifyProof execution | total (with 21k + call data) | deploy |");
    println!("|---|---|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r["statement"].as_str().unwrap(),
            if r["stack"] == "zkcred" {
                "zkcred `Groth16Verifier` (key at deployment)"
            } else {
                "snarkjs 0.7.5 exported verifier"
            },
            r["inputs"],
            r["execution"],
            r["total"],
            r["deploy"]
        );
    }
}
