//! Poseidon against circomlibjs: `tests/vectors/poseidon.json` was written by
//! `scripts/vectors/gen-poseidon.mjs` (circomlibjs 0.1.7), 5 cases for each
//! arity 1..=16, including all-zero and all-`p-1` inputs.

use zkcred_circuits::{poseidon, Fr};

#[test]
fn native_poseidon_matches_circomlibjs_for_arity_1_to_16() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("vectors/poseidon.json")).expect("vector file parses");
    let vectors = doc["vectors"].as_array().expect("vectors array");
    assert_eq!(vectors.len(), 80);
    let mut arities = std::collections::BTreeSet::new();
    for v in vectors {
        let inputs: Vec<Fr> = v["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().parse().unwrap())
            .collect();
        let expected: Fr = v["output"].as_str().unwrap().parse().unwrap();
        arities.insert(inputs.len());
        assert_eq!(
            poseidon::hash(&inputs).unwrap(),
            expected,
            "inputs {inputs:?}"
        );
    }
    assert_eq!(arities, (1..=16).collect());
}
