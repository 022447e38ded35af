//! The phase-2 ceremony (`zkcred_core::circom::phase2`) against snarkjs's
//! files: the initial key equals `snarkjs groth16 setup`'s byte for byte, a
//! beacon equals `snarkjs zkey beacon`'s byte for byte, snarkjs's ceremony
//! verifies, zkcred contributions verify and round-trip, and each kind of
//! bad ceremony is refused with its reason.
//!
//! Vectors: `tests/vectors/circom/` (see `tests/circom.rs`;
//! `ZKCRED_CIRCOM_VECTORS=DIR` reads fresh ones).

use std::path::PathBuf;

use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{Field, One};
use zkcred_core::{
    circom::{
        keypair::{self, ChaCha},
        phase2::{self, Reason},
        ptau::Ptau,
        R1cs, Zkey,
    },
    ErrorKind, Fr,
};

fn vector(name: &str) -> Vec<u8> {
    let dir = match std::env::var_os("ZKCRED_CIRCOM_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/circom"),
    };
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn inputs() -> (R1cs, Ptau) {
    (
        R1cs::from_bytes(&vector("cubic.r1cs")).unwrap(),
        Ptau::from_bytes(&vector("pot6_final.ptau")).unwrap(),
    )
}

#[test]
fn the_initial_key_is_snarkjs_groth16_setup_byte_for_byte() {
    let (r1cs, ptau) = inputs();
    let ours = phase2::new_zkey(&r1cs, &ptau).unwrap();
    let theirs = vector("cubic_0000.zkey");
    assert_eq!(ours, Zkey::from_bytes(&theirs).unwrap());
    assert!(ours.to_bytes().unwrap() == theirs, "not byte for byte");
}

#[test]
fn an_unprepared_or_too_small_ptau_is_refused() {
    let (r1cs, mut ptau) = inputs();
    let mut small = ptau.clone();
    small.power = 1;
    assert_eq!(
        phase2::new_zkey(&r1cs, &small).unwrap_err().kind(),
        ErrorKind::Key
    );
    ptau.lagrange = None;
    assert_eq!(
        phase2::new_zkey(&r1cs, &ptau).unwrap_err().kind(),
        ErrorKind::Key
    );
}

/// snarkjs's ceremony on the test circuit (a contribution and a beacon)
/// verifies; its beacon, re-applied by zkcred to the key before it, gives
/// snarkjs's final key byte for byte.
#[test]
fn a_snarkjs_ceremony_verifies_and_its_beacon_is_reproduced_byte_for_byte() {
    let (r1cs, ptau) = inputs();
    let initial = phase2::new_zkey(&r1cs, &ptau).unwrap();
    let bytes = vector("cubic_final.zkey");
    let last = Zkey::from_bytes(&bytes).unwrap();
    let report = phase2::verify(&last, &initial).unwrap();
    assert_eq!(report.len(), 2);
    assert_eq!(report[0].name.as_deref(), Some("zkcred test"));
    assert_eq!(report[1].beacon.as_ref().unwrap().iterations_exp, 10);

    // The key before the beacon: undo the beacon's secret, which anyone
    // derives from the beacon value.
    let b = last.contributions[1].beacon.clone().unwrap();
    let mut rng = keypair::beacon_rng(&b.hash, b.iterations_exp).unwrap();
    let x = keypair::fr_from_rng(&mut rng);
    let mut before = last.clone();
    before.contributions.pop();
    before.delta_g1 = before.contributions[0].delta_after;
    before.delta_g2 = (last.delta_g2 * x.inverse().unwrap()).into_affine();
    for p in before.c.iter_mut().chain(before.h.iter_mut()) {
        *p = (*p * x).into_affine();
    }
    assert!(phase2::verify(&before, &initial).is_ok());
    let mut again = before.clone();
    let hash = phase2::beacon(
        &mut again,
        last.contributions[1].name.as_deref(),
        &b.hash,
        b.iterations_exp,
    )
    .unwrap();
    assert_eq!(hash, report[1].hash);
    assert!(again.to_bytes().unwrap() == bytes, "not byte for byte");
}

/// A ceremony of zkcred contributions (reproducible secrets) on top of
/// snarkjs's initial key, with the snarkjs contribution in the middle.
fn ceremony() -> (Zkey, Zkey) {
    let (r1cs, ptau) = inputs();
    let initial = phase2::new_zkey(&r1cs, &ptau).unwrap();
    let mut key = Zkey::from_bytes(&vector("cubic_final.zkey")).unwrap();
    key.contributions.pop();
    // Reuse snarkjs's first contribution, then zkcred's.
    let snarkjs_key = Zkey::from_bytes(&vector("cubic_final.zkey")).unwrap();
    let b = snarkjs_key.contributions[1].beacon.clone().unwrap();
    let x = keypair::fr_from_rng(&mut keypair::beacon_rng(&b.hash, b.iterations_exp).unwrap());
    key.delta_g1 = key.contributions[0].delta_after;
    key.delta_g2 = (snarkjs_key.delta_g2 * x.inverse().unwrap()).into_affine();
    for p in key.c.iter_mut().chain(key.h.iter_mut()) {
        *p = (*p * x).into_affine();
    }
    let mut rng = ChaCha::new([7; 8]);
    phase2::contribute_with_rng(&mut key, Some("alice"), &mut rng).unwrap();
    phase2::contribute(&mut key, Some("bob"), b"typed text").unwrap();
    phase2::beacon(&mut key, None, &[0xab; 32], 10).unwrap();
    (initial, key)
}

#[test]
fn zkcred_contributions_verify_round_trip_and_report_each_hash() {
    let (initial, key) = ceremony();
    let report = phase2::verify(&key, &initial).unwrap();
    assert_eq!(report.len(), 4);
    let names: Vec<_> = report.iter().map(|v| v.name.as_deref()).collect();
    assert_eq!(
        names,
        [Some("zkcred test"), Some("alice"), Some("bob"), None]
    );
    for (v, c) in report.iter().zip(&key.contributions) {
        assert_eq!(v.hash, phase2::contribution_hash(c));
    }
    let bytes = key.to_bytes().unwrap();
    let back = Zkey::from_bytes(&bytes).unwrap();
    assert_eq!(back, key);
    assert_eq!(phase2::verify(&back, &initial).unwrap(), report);
}

/// A contribution on a file's bytes (what the wasm package's `contribute`
/// calls): the new file verifies with the contribution last, under its
/// name and the hash returned; a truncated file is a typed error.
#[test]
fn a_contribution_on_file_bytes_verifies_and_a_truncated_file_is_refused() {
    let (r1cs, ptau) = inputs();
    let initial = phase2::new_zkey(&r1cs, &ptau).unwrap();
    let bytes = vector("cubic_final.zkey");
    let (out, hash) = phase2::contribute_bytes(&bytes, Some("browser"), b"typed").unwrap();
    let key = Zkey::from_bytes(&out).unwrap();
    let report = phase2::verify(&key, &initial).unwrap();
    assert_eq!(report.len(), 3);
    assert_eq!(report[2].name.as_deref(), Some("browser"));
    assert_eq!(report[2].hash, hash);
    for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
        let e = phase2::contribute_bytes(&bytes[..cut], None, b"").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding, "cut at {cut}: {e}");
    }
    let long = "n".repeat(phase2::MAX_NAME_BYTES + 1);
    let e = phase2::contribute_bytes(&bytes, Some(&long), b"").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Encoding);
}

fn reason(key: &Zkey, initial: &Zkey) -> (Option<usize>, Reason) {
    let r = phase2::verify(key, initial).unwrap_err();
    assert_eq!(zkcred_core::Error::from(r).kind(), ErrorKind::Key);
    (r.contribution, r.reason)
}

#[test]
fn bad_ceremonies_are_refused_with_their_reason() {
    let (initial, key) = ceremony();

    // A delta that does not follow from the previous one: the last
    // contributor sets delta to a value of their choice.
    let mut bad = key.clone();
    let forged = (ark_bn254::G1Affine::generator() * Fr::from(42u64)).into_affine();
    bad.contributions[2].delta_after = forged;
    assert_eq!(reason(&bad, &initial), (Some(2), Reason::DeltaChain));

    // A wrong proof of knowledge.
    let mut bad = key.clone();
    bad.contributions[1].g2_spx = (bad.contributions[1].g2_spx * Fr::from(2u64)).into_affine();
    assert_eq!(reason(&bad, &initial), (Some(1), Reason::ProofOfKnowledge));

    // A contribution that replaces instead of extends: an earlier record
    // dropped.
    let mut bad = key.clone();
    bad.contributions.remove(0);
    assert_eq!(reason(&bad, &initial), (Some(0), Reason::Transcript));

    // A beacon whose key is not its value's.
    let mut bad = key.clone();
    bad.contributions[3].beacon.as_mut().unwrap().hash[0] ^= 1;
    assert_eq!(reason(&bad, &initial), (Some(3), Reason::BeaconKey));

    // The header's delta not the last contribution's.
    let mut bad = key.clone();
    bad.delta_g2 = (bad.delta_g2 * Fr::from(3u64)).into_affine();
    assert_eq!(reason(&bad, &initial), (None, Reason::Delta));

    // L and H not divided by delta.
    let mut bad = key.clone();
    bad.c[0] = (bad.c[0] * Fr::from(3u64)).into_affine();
    assert_eq!(reason(&bad, &initial), (None, Reason::LSection));
    let mut bad = key.clone();
    bad.h[1] = (bad.h[1].into_group() + ark_bn254::G1Affine::generator()).into_affine();
    assert_eq!(reason(&bad, &initial), (None, Reason::HSection));

    // A key for another circuit: the test circuit with one coefficient
    // changed.
    let (mut r1cs, ptau) = inputs();
    r1cs.constraints[0].c[0].1 += Fr::one();
    let other = phase2::new_zkey(&r1cs, &ptau).unwrap();
    assert_eq!(reason(&key, &other), (None, Reason::Circuit));
    // ... or an A point changed.
    let mut bad = key.clone();
    bad.a[1] = (bad.a[1] * Fr::from(2u64)).into_affine();
    assert_eq!(reason(&bad, &initial), (None, Reason::Circuit));

    // A key with no contributions.
    assert_eq!(reason(&initial, &initial), (None, Reason::NoContributions));

    // A truncated file does not parse.
    let bytes = key.to_bytes().unwrap();
    for cut in [1, 100, bytes.len() / 2, bytes.len() - 1] {
        assert_eq!(
            Zkey::from_bytes(&bytes[..cut]).unwrap_err().kind(),
            ErrorKind::Encoding
        );
    }
}

#[test]
fn names_and_beacons_outside_snarkjs_limits_are_refused() {
    let (initial, _) = ceremony();
    let mut key = initial.clone();
    let long = "x".repeat(65);
    assert_eq!(
        phase2::contribute(&mut key, Some(&long), b"")
            .unwrap_err()
            .kind(),
        ErrorKind::Encoding
    );
    assert_eq!(
        phase2::beacon(&mut key, None, &[], 10).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    assert_eq!(
        phase2::beacon(&mut key, None, &[1], 9).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    assert_eq!(key, initial, "a refused contribution changed the key");
}
