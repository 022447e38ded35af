//! Phase 1 against snarkjs: zkcred's new accumulator, beacon and phase-2
//! preparation equal snarkjs's byte for byte on the same input; the
//! transcript pieces (first challenge hash, partial response hash, proof of
//! knowledge) check against snarkjs-made records; malformed files are
//! refused with typed errors.
//!
//! The snarkjs files are in `tests/vectors/ptau/`, made by
//! `bash scripts/vectors/gen-ptau.sh`; `ZKCRED_PTAU_VECTORS=DIR` reads them
//! from `DIR` instead (`scripts/test-circom.sh` runs the tests on freshly
//! made ones).

use std::path::PathBuf;

use zkcred_core::{
    circom::{
        blake2b::Blake2b,
        keypair::{self, g1_uncompressed, g2_sp, g2_uncompressed, same_ratio},
        phase1,
        ptau::Ptau,
    },
    ErrorKind,
};

fn vector(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("ZKCRED_PTAU_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/ptau"));
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ptau(name: &str) -> Ptau {
    Ptau::from_bytes(&vector(name)).unwrap()
}

const BEACON: &str = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

#[test]
fn a_new_accumulator_equals_snarkjs_new() {
    let ours = phase1::new_accumulator(4).unwrap().to_bytes().unwrap();
    assert_eq!(ours, vector("pot4_0.ptau"));
}

#[test]
fn a_beacon_equals_snarkjs_beacon_byte_for_byte() {
    let prev = ptau("pot4_1.ptau");
    let beacon = hex::decode(BEACON).unwrap();
    let ours = phase1::beacon(&prev, Some("final beacon"), &beacon, 10).unwrap();
    assert_eq!(ours.ptau.to_bytes().unwrap(), vector("pot4_2.ptau"));
    // The response hash is the record's partial hash finished with its key.
    let record = ours.ptau.contributions.last().unwrap();
    assert_eq!(phase1::response_hash(record), Some(ours.response_hash));
}

#[test]
fn prepare_equals_snarkjs_prepare_phase2_byte_for_byte() {
    let prepared = phase1::prepare(&ptau("pot4_2.ptau")).unwrap();
    assert_eq!(prepared.to_bytes().unwrap(), vector("pot4_2_prepared.ptau"));
}

#[test]
fn snarkjs_records_check_against_our_transcript_pieces() {
    let file = ptau("pot4_1.ptau");
    let c = &file.contributions[0];
    // The first contribution's proof of knowledge is bound to our first
    // challenge hash.
    let first = phase1::first_challenge_hash(4).unwrap();
    assert_eq!(phase1::last_challenge(&ptau("pot4_0.ptau")).unwrap(), first);
    for (i, (s, sx, spx)) in [c.key.tau, c.key.alpha, c.key.beta].iter().enumerate() {
        let sp = g2_sp(i as u8, &first, s, sx);
        assert!(same_ratio(s, sx, &sp, spx), "key part {i}");
        // ... and not to another challenge.
        let sp = g2_sp(i as u8, &[0; 64], s, sx);
        assert!(!same_ratio(s, sx, &sp, spx));
    }
    // The next challenge is blake2b(response hash || the points
    // uncompressed), the response hash the partial hash finished with the key.
    let response = phase1::response_hash(c).unwrap();
    let mut h = Blake2b::new();
    h.update(&response);
    let mut buf = Vec::new();
    file.tau_g1
        .iter()
        .for_each(|p| buf.extend_from_slice(&g1_uncompressed(p)));
    file.tau_g2
        .iter()
        .for_each(|p| buf.extend_from_slice(&g2_uncompressed(p)));
    file.alpha_tau_g1
        .iter()
        .for_each(|p| buf.extend_from_slice(&g1_uncompressed(p)));
    file.beta_tau_g1
        .iter()
        .for_each(|p| buf.extend_from_slice(&g1_uncompressed(p)));
    buf.extend_from_slice(&g2_uncompressed(&file.beta_g2));
    h.update(&buf);
    assert_eq!(h.finalize(), c.next_challenge);
    // The beacon's key follows from its parameters and the last challenge.
    let after = ptau("pot4_2.ptau");
    let b = after.contributions[1].beacon.as_ref().unwrap();
    let mut rng = keypair::beacon_rng(&b.hash, b.iterations_exp).unwrap();
    let (_, parts) = keypair::create_ptau_key(&mut rng, &c.next_challenge);
    assert_eq!(parts[0].g1_s, after.contributions[1].key.tau.0);
    assert_eq!(parts[2].g2_spx, after.contributions[1].key.beta.2);
}

#[test]
fn truncated_and_tampered_files_are_refused_with_typed_errors() {
    let bytes = vector("pot4_1.ptau");
    for n in [0, 4, 12, 100, bytes.len() / 2, bytes.len() - 1] {
        let e = Ptau::from_bytes(&bytes[..n]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding, "{n}");
    }
    // A point off the curve (a flipped bit in tauG1[1]'s x).
    let mut bad = bytes.clone();
    let at = bytes.len() / 4;
    bad[at] ^= 1;
    assert!(Ptau::from_bytes(&bad).is_err());
}
