//! Adversarial input for every parser of zkcred-core: truncated and
//! over-long encodings, wrong versions and magics, curve points off the curve
//! or outside the prime-order subgroup, oversized and ill-typed fields, and
//! proptests feeding random and mutated encodings. Every parser must return a
//! typed [`Error`] (never panic), or a value that round-trips; errors about
//! attributes never show the attribute's value.
//!
//! proptest catches a panic as a failing case and shrinks it. Each proptest
//! runs 256 cases; `PROPTEST_CASES=N` runs N (a deeper fuzz on demand).

#[path = "support/fixtures.rs"]
mod fixtures;

use std::sync::OnceLock;

use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G2Affine};
use ark_ff::{BigInteger, Field, PrimeField};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use fixtures::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use zkcred_circuits::{
    babyjubjub::{Point, Scalar, COEFF_A},
    CircuitError,
};
use zkcred_core::{
    credential::{self, multibase},
    date::Date,
    encoding::{self, bytes_from_hex, fr_from_be_bytes, fr_from_hex, fr_to_hex, hash_string},
    holder::{self, HolderSecret},
    issuer::{IssuerKey, IssuerPublicKey},
    keys::{ProvingKey, VerifyingKey},
    presentation::{Proof, PROOF_BYTES},
    request::{Op, PresentationRequest},
    schema::Schema,
    verifier, Credential, Error, ErrorKind, Fr, Presentation,
};

/// Asserts that `$e` is `Err($pat)`, showing what it was otherwise.
macro_rules! assert_err {
    ($e:expr, $pat:pat $(if $guard:expr)? $(, $($context:tt)+)?) => {{
        let r = $e;
        assert!(
            matches!(r, Err($pat) $(if $guard)?),
            "{}: expected Err({}), got {:?} {}",
            stringify!($e),
            stringify!($pat),
            r,
            String::new() $(+ &format!($($context)+))?
        );
    }};
}

/// Length of the key header: magic (8), version (2), circuit id (16).
const KEY_HEADER: usize = 26;
/// Offsets of the points in a compressed Groth16 proof: A (G1), B (G2), C (G1).
const PROOF_A: std::ops::Range<usize> = 0..32;
const PROOF_B: std::ops::Range<usize> = 32..96;
const PROOF_C: std::ops::Range<usize> = 96..128;
/// Offsets in the binary presentation: magic, version, issuer, nullifier, proof.
const BIN_VERSION: usize = 4;
const BIN_NULLIFIER: std::ops::Range<usize> = 37..69;
const BIN_PROOF: std::ops::Range<usize> = 69..197;
const BIN_COUNT: usize = 197;

/// A request that discloses two attributes, an honest credential and
/// presentation for it, and the encodings of everything.
struct Valid {
    request: PresentationRequest,
    credential: Credential,
    presentation: Presentation,
    slots: Vec<(usize, String)>,
    binary: Vec<u8>,
}

fn valid() -> &'static Valid {
    static VALID: OnceLock<Valid> = OnceLock::new();
    VALID.get_or_init(|| {
        let (pk, vk) = keys();
        let (issuer, secret, credential) = setup_holder(11, subject("1990-05-17", "DE", 2));
        let request = PresentationRequest::new(schema(), "shop.example/age-gate")
            .accept_issuer(
                &issuer.key().public_key(),
                issuer.revocation_root().unwrap(),
            )
            .at(today())
            .require("birth_date", Op::AgeAtLeast, json!(18))
            .require("nationality", Op::In, json!(["DE", "FR"]))
            .disclose("nationality")
            .disclose("kyc_level");
        let path = issuer.non_revocation_path(credential.serial()).unwrap();
        let presentation =
            holder::prove_with_rng(&request, &credential, &secret, &path, pk, &mut rng(12))
                .unwrap();
        verifier::verify(&request, &presentation, vk).unwrap();
        let slots = request.compile().unwrap().disclosed;
        let binary = presentation.to_bytes(&slots).unwrap();
        Valid {
            request,
            credential,
            presentation,
            slots,
            binary,
        }
    })
}

fn pk_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| keys().0.to_bytes())
}

fn vk_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| keys().1.to_bytes())
}

fn proof_bytes() -> [u8; PROOF_BYTES] {
    valid().presentation.proof.to_bytes()
}

fn compressed<T: CanonicalSerialize>(t: &T) -> Vec<u8> {
    let mut out = Vec::new();
    t.serialize_with_mode(&mut out, Compress::Yes).unwrap();
    out
}

// --- BN254 points that must not load ---------------------------------------

/// The compressed encoding of an x for which `x^3 + 3` is not a square: no
/// G1 point has it.
fn g1_off_curve() -> Vec<u8> {
    let x = (1u64..)
        .map(Fq::from)
        .find(|x| G1Affine::get_point_from_x_unchecked(*x, true).is_none())
        .unwrap();
    compressed(&x)
}

/// The base field modulus q as a compressed x (not a canonical field element).
fn g1_non_canonical() -> Vec<u8> {
    Fq::MODULUS.to_bytes_le()
}

/// The point at infinity with a non-zero x (the canonical infinity has x = 0).
fn g1_infinity_with_x() -> Vec<u8> {
    let mut b = vec![0u8; 32];
    b[0] = 5;
    b[31] = 0x40;
    b
}

/// An x in Fq2 for which no point of the twist exists.
fn g2_off_curve() -> Vec<u8> {
    let x = (1u64..)
        .map(|i| Fq2::new(Fq::from(i), Fq::from(1u64)))
        .find(|x| G2Affine::get_point_from_x_unchecked(*x, true).is_none())
        .unwrap();
    compressed(&x)
}

/// A point on the twist that is not in the prime-order subgroup (no cofactor
/// clearing).
fn g2_outside_subgroup() -> G2Affine {
    let p = (1u64..)
        .filter_map(|i| {
            G2Affine::get_point_from_x_unchecked(Fq2::new(Fq::from(i), Fq::from(1u64)), true)
        })
        .find(|p| !p.is_in_correct_subgroup_assuming_on_curve())
        .unwrap();
    assert!(p.is_on_curve());
    p
}

fn with(bytes: &[u8], at: std::ops::Range<usize>, patch: &[u8]) -> Vec<u8> {
    assert_eq!(at.len(), patch.len());
    let mut out = bytes.to_vec();
    out[at].copy_from_slice(patch);
    out
}

// --- Baby Jubjub points that must not load ---------------------------------

/// `l`, the order of the Baby Jubjub prime-order subgroup, as bits.
fn l_bits() -> Vec<bool> {
    Scalar::MODULUS.to_bits_le()
}

/// A point of order 8 (in the small torsion, not the subgroup).
fn bjj_order_8() -> Point {
    let p = Point::generator().mul_bits_le(&l_bits());
    assert!(p.is_on_curve() && !p.is_identity());
    assert!(p.mul_bits_le(&[false, false, false, true]).is_identity());
    p
}

/// A point of order 4: `(1/sqrt(a), 0)`.
fn bjj_order_4() -> Point {
    let p = Point {
        x: COEFF_A.inverse().unwrap().sqrt().unwrap(),
        y: Fr::from(0u64),
    };
    assert!(p.is_on_curve());
    p
}

/// A compressed y for which no x is on the curve.
fn bjj_off_curve() -> [u8; 32] {
    (2u64..)
        .map(|y| {
            let mut b = [0u8; 32];
            b[..8].copy_from_slice(&y.to_le_bytes());
            b
        })
        .find(|b| Point::decompress(b) == Err(CircuitError::PointNotOnCurve))
        .unwrap()
}

/// `y + p` in place of `y` (same sign bit): a non-canonical encoding of `p`.
fn bjj_non_canonical(point: &Point) -> [u8; 32] {
    let mut y = point.y.into_bigint();
    assert!(!y.add_with_carry(&Fr::MODULUS));
    let mut b: [u8; 32] = y.to_bytes_le().try_into().unwrap();
    assert_eq!(b[31] & 0x80, 0);
    b[31] |= point.compress()[31] & 0x80;
    b
}

fn issuer_hex() -> String {
    IssuerKey::generate(&mut rng(1)).public_key().to_hex()
}

// --- encoding ---------------------------------------------------------------

#[test]
fn field_element_hex_refuses_bad_lengths_digits_and_values_above_the_modulus() {
    let p = fr_to_hex(&Fr::from(0u64)).replace(
        &"0".repeat(64),
        "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001",
    );
    assert_err!(fr_from_hex(&p, "x"), Error::NonCanonical("x"));
    let p_plus_one = p.replace("0000001", "0000002");
    assert_err!(fr_from_hex(&p_plus_one, "x"), Error::NonCanonical("x"));
    assert_err!(
        fr_from_hex(&format!("0x{}", "ff".repeat(32)), "x"),
        Error::NonCanonical("x")
    );
    let minus_one = fr_to_hex(&-Fr::from(1u64));
    assert_eq!(fr_from_hex(&minus_one, "x").unwrap(), -Fr::from(1u64));
    for bad in [
        String::new(),
        "0x".into(),
        "0X".to_string() + &"0".repeat(64),
        "0".repeat(66),
        format!("0x{}", "0".repeat(63)),
        format!("0x{}", "0".repeat(65)),
        format!("0x{}", "0".repeat(128)),
        format!("0x{}z", "0".repeat(63)),
        format!("0x{}é", "0".repeat(62)),
        format!("0x {}", "0".repeat(63)),
        format!("0x-{}", "0".repeat(63)),
        format!("0x{}", "0".repeat(100_000)),
    ] {
        assert_err!(fr_from_hex(&bad, "x"), Error::Encoding("x"));
    }
    for len in [0, 1, 31, 33, 64] {
        assert_err!(fr_from_be_bytes(&vec![0; len], "x"), Error::Encoding("x"));
    }
    assert_err!(
        fr_from_be_bytes(&Fr::MODULUS.to_bytes_be(), "x"),
        Error::NonCanonical("x")
    );
}

#[test]
fn fixed_length_hex_refuses_other_lengths_and_non_hex() {
    assert_eq!(bytes_from_hex::<2>("ab01", "b").unwrap(), [0xab, 1]);
    for bad in [
        "", "ab", "ab0", "ab012", "ab0102", "zz01", "éa", "0xab", " ab0",
    ] {
        assert_err!(bytes_from_hex::<2>(bad, "b"), Error::Encoding("b"));
    }
}

#[test]
fn strings_over_465_bytes_do_not_hash() {
    assert!(hash_string(&"a".repeat(encoding::MAX_STRING_BYTES)).is_ok());
    assert_err!(hash_string(&"a".repeat(466)), Error::Encoding(_));
    // 233 two-byte characters are 466 bytes.
    assert_err!(hash_string(&"é".repeat(233)), Error::Encoding(_));
    assert_err!(hash_string(&"a".repeat(100_000)), Error::Encoding(_));
    let secret = HolderSecret::generate(&mut rng(3));
    assert_err!(secret.nullifier(&"s".repeat(100_000)), Error::Encoding(_));
}

#[test]
fn holder_secrets_must_be_canonical() {
    let p: [u8; 32] = Fr::MODULUS.to_bytes_be().try_into().unwrap();
    assert_err!(HolderSecret::from_bytes(&p), Error::NonCanonical(_));
    assert_err!(
        HolderSecret::from_bytes(&[0xff; 32]),
        Error::NonCanonical(_)
    );
    let mut p_minus_one = p;
    p_minus_one[31] -= 1;
    let s = HolderSecret::from_bytes(&p_minus_one).unwrap();
    assert_eq!(*s.to_bytes(), p_minus_one);
}

// --- issuer public keys -----------------------------------------------------

#[test]
fn issuer_keys_refuse_points_off_the_curve_of_low_order_and_non_canonical() {
    let good = issuer_hex();
    let key = IssuerPublicKey::from_hex(&good).unwrap();
    assert_eq!(
        IssuerPublicKey::from_hex(&good.to_uppercase()).unwrap(),
        key
    );

    let cases: Vec<(&str, [u8; 32])> = vec![
        ("off the curve", bjj_off_curve()),
        ("identity", Point::identity().compress()),
        ("order 2", {
            let p = Point {
                x: Fr::from(0u64),
                y: -Fr::from(1u64),
            };
            assert!(p.is_on_curve());
            p.compress()
        }),
        ("order 4", bjj_order_4().compress()),
        ("order 8", bjj_order_8().compress()),
        ("order 8l", Point::generator().compress()),
        ("y + p", bjj_non_canonical(&key.0 .0)),
        ("y = p", {
            let b: [u8; 32] = Fr::MODULUS.to_bytes_le().try_into().unwrap();
            b
        }),
        ("all ones", [0xff; 32]),
        ("sign bit on x = 0", {
            let mut b = Point::identity().compress();
            b[31] |= 0x80;
            b
        }),
    ];
    for (what, bytes) in cases {
        assert_err!(
            IssuerPublicKey::from_hex(&hex::encode(bytes)),
            Error::Key(_),
            "{what}"
        );
    }
    for bad in [
        String::new(),
        good[..62].to_string(),
        good.clone() + "00",
        format!("0x{good}"),
        good.replace(&good[..1], "g"),
        "é".repeat(32),
        "0".repeat(100_000),
    ] {
        assert_err!(IssuerPublicKey::from_hex(&bad), Error::Encoding(_));
    }
}

// --- Groth16 proofs ---------------------------------------------------------

#[test]
fn proofs_refuse_every_truncation_and_extension() {
    let bytes = proof_bytes();
    assert_eq!(
        Proof::from_bytes(&bytes).unwrap(),
        valid().presentation.proof
    );
    for len in 0..PROOF_BYTES {
        assert_err!(Proof::from_bytes(&bytes[..len]), Error::MalformedProof(_));
    }
    for extra in [&[0u8][..], &[1], &[0; 32], &[0xff; 1000]] {
        let mut long = bytes.to_vec();
        long.extend_from_slice(extra);
        assert_err!(Proof::from_bytes(&long), Error::MalformedProof(_));
    }
}

#[test]
fn proofs_refuse_points_off_the_curve_and_outside_the_subgroup() {
    let bytes = proof_bytes();
    let bad_g2 = g2_outside_subgroup();
    let cases = [
        ("A off the curve", with(&bytes, PROOF_A, &g1_off_curve())),
        ("C off the curve", with(&bytes, PROOF_C, &g1_off_curve())),
        ("A: x = q", with(&bytes, PROOF_A, &g1_non_canonical())),
        ("C: x = q", with(&bytes, PROOF_C, &g1_non_canonical())),
        ("A: both flags", {
            let mut b = bytes.to_vec();
            b[31] |= 0xc0;
            b
        }),
        (
            "A: infinity, x != 0",
            with(&bytes, PROOF_A, &g1_infinity_with_x()),
        ),
        ("B off the twist", with(&bytes, PROOF_B, &g2_off_curve())),
        (
            "B outside the subgroup",
            with(&bytes, PROOF_B, &compressed(&bad_g2)),
        ),
        ("B: -(outside the subgroup)", {
            with(&bytes, PROOF_B, &compressed(&-bad_g2))
        }),
        ("B: x = (q, 0)", {
            let mut b = Fq::MODULUS.to_bytes_le();
            b.extend_from_slice(&[0; 32]);
            with(&bytes, PROOF_B, &b)
        }),
        ("B: infinity, x != 0", {
            let mut b = vec![0u8; 64];
            b[0] = 7;
            b[63] = 0x40;
            with(&bytes, PROOF_B, &b)
        }),
    ];
    for (what, bad) in cases {
        assert!(
            matches!(Proof::from_bytes(&bad), Err(Error::MalformedProof(_))),
            "{what}: {:?}",
            Proof::from_bytes(&bad)
        );
    }
    // The canonical encoding of the identity is a valid point (and the proof
    // then does not verify).
    let mut inf = vec![0u8; 32];
    inf[31] = 0x40;
    let proof = Proof::from_bytes(&with(&bytes, PROOF_A, &inf)).unwrap();
    let v = valid();
    assert_err!(
        verifier::verify(
            &v.request,
            &Presentation {
                proof,
                ..v.presentation.clone()
            },
            &keys().1
        ),
        Error::VerificationFailed
    );
}

// --- keys -------------------------------------------------------------------

fn key_prefix_lengths(len: usize) -> Vec<usize> {
    vec![
        0,
        1,
        7,
        8,
        9,
        10,
        25,
        26,
        27,
        100,
        len / 2,
        len - 32,
        len - 1,
    ]
}

#[test]
fn verifying_keys_refuse_truncation_trailing_bytes_and_wrong_headers() {
    let bytes = vk_bytes();
    let vk = VerifyingKey::from_bytes(bytes).unwrap();
    assert_eq!(vk.to_bytes(), bytes);
    for len in (0..bytes.len())
        .step_by(7)
        .chain(key_prefix_lengths(bytes.len()))
    {
        assert_err!(VerifyingKey::from_bytes(&bytes[..len]), Error::Key(_));
    }
    for extra in [&[0u8][..], &[1], &[0; 32], &bytes[KEY_HEADER..]] {
        let mut long = bytes.to_vec();
        long.extend_from_slice(extra);
        assert_err!(VerifyingKey::from_bytes(&long), Error::Key(_));
    }
    check_key_headers(bytes, |b| VerifyingKey::from_bytes(b).map(|_| ()));
    // A proving key is not a verifying key, and the other way round.
    assert_err!(VerifyingKey::from_bytes(&pk_bytes()[..4096]), Error::Key(_));
    assert_err!(ProvingKey::from_bytes(bytes), Error::Key(_));
}

/// Wrong magic, version and circuit id, on a key's valid encoding.
fn check_key_headers(bytes: &[u8], parse: impl Fn(&[u8]) -> zkcred_core::Result<()>) {
    for i in 0..8 {
        let mut b = bytes.to_vec();
        b[i] ^= 0x20;
        assert_err!(parse(&b), Error::Key(_));
    }
    for version in [0u16, 3, 0x0100, u16::MAX] {
        let mut b = bytes.to_vec();
        b[8..10].copy_from_slice(&version.to_le_bytes());
        assert_err!(
            parse(&b),
            Error::UnsupportedVersion { what: "key", found, supported: 2 } if found == u64::from(version)
        );
    }
    // Version 2 (a ceremony key) has a 64-byte origin before the key: a
    // development key's bytes under it do not parse.
    let mut b = bytes.to_vec();
    b[8..10].copy_from_slice(&2u16.to_le_bytes());
    assert_err!(parse(&b), Error::Key(_));
    for i in [10, 17, 25] {
        let mut b = bytes.to_vec();
        b[i] ^= 1;
        assert_err!(parse(&b), Error::Key("the key belongs to another circuit"));
    }
}

fn vk_with(f: impl FnOnce(&mut ark_groth16::VerifyingKey<Bn254>)) -> Vec<u8> {
    let mut vk = keys().1.as_ark().clone();
    f(&mut vk);
    let mut out = vk_bytes()[..KEY_HEADER].to_vec();
    out.extend_from_slice(&compressed(&vk));
    out
}

#[test]
fn verifying_keys_refuse_points_off_the_curve_and_outside_the_subgroup() {
    let bytes = vk_bytes();
    let n = bytes.len();
    // The last IC point, then the first, replaced by an x off the curve.
    for at in [n - 32, n - 32 * keys().1.as_ark().gamma_abc_g1.len()] {
        let bad = with(bytes, at..at + 32, &g1_off_curve());
        assert_err!(VerifyingKey::from_bytes(&bad), Error::Key(_));
        let bad = with(bytes, at..at + 32, &g1_non_canonical());
        assert_err!(VerifyingKey::from_bytes(&bad), Error::Key(_));
    }
    let bad_g2 = g2_outside_subgroup();
    for bad in [
        vk_with(|vk| vk.delta_g2 = bad_g2),
        vk_with(|vk| vk.gamma_g2 = bad_g2),
        vk_with(|vk| vk.beta_g2 = bad_g2),
    ] {
        assert_err!(VerifyingKey::from_bytes(&bad), Error::Key(_));
    }
    // Well-formed points, but the wrong number of public inputs.
    for bad in [
        vk_with(|vk| {
            vk.gamma_abc_g1.pop();
        }),
        vk_with(|vk| vk.gamma_abc_g1.push(vk.alpha_g1)),
        vk_with(|vk| vk.gamma_abc_g1.clear()),
    ] {
        assert_err!(
            VerifyingKey::from_bytes(&bad),
            Error::Key("the key has the wrong number of public inputs")
        );
    }
    // A length prefix far beyond the input.
    let at = n - 32 * keys().1.as_ark().gamma_abc_g1.len() - 8;
    for len in [u64::MAX, u64::from(u32::MAX), 1 << 40] {
        let bad = with(bytes, at..at + 8, &len.to_le_bytes());
        assert_err!(VerifyingKey::from_bytes(&bad), Error::Key(_));
    }
}

#[test]
fn proving_keys_refuse_truncation_trailing_bytes_and_wrong_headers() {
    let bytes = pk_bytes();
    for len in key_prefix_lengths(bytes.len()) {
        assert_err!(ProvingKey::from_bytes(&bytes[..len]), Error::Key(_));
    }
    let mut long = bytes.to_vec();
    long.push(0);
    assert_err!(ProvingKey::from_bytes(&long), Error::Key(_));
    // Header checks come first, so these are cheap on a short prefix.
    check_key_headers(&bytes[..4096], |b| ProvingKey::from_bytes(b).map(|_| ()));
}

fn pk_with(f: impl FnOnce(&mut ark_groth16::ProvingKey<Bn254>)) -> Vec<u8> {
    let bytes = pk_bytes();
    let mut pk = ark_groth16::ProvingKey::<Bn254>::deserialize_with_mode(
        &bytes[KEY_HEADER..],
        Compress::Yes,
        Validate::No,
    )
    .unwrap();
    f(&mut pk);
    let mut out = bytes[..KEY_HEADER].to_vec();
    out.extend_from_slice(&compressed(&pk));
    out
}

#[test]
fn proving_keys_refuse_bad_points_and_inconsistent_shapes() {
    let bad_g2 = g2_outside_subgroup();
    assert_err!(
        ProvingKey::from_bytes(&pk_with(|pk| pk.b_g2_query[3] = bad_g2)),
        Error::Key(_)
    );
    assert_err!(
        ProvingKey::from_bytes(&pk_with(|pk| pk.vk.delta_g2 = bad_g2)),
        Error::Key(_)
    );
    // Points that all load, but queries whose lengths do not fit together:
    // proving with such a key would index out of bounds.
    for bad in [
        pk_with(|pk| pk.a_query.clear()),
        pk_with(|pk| pk.b_g2_query.clear()),
        pk_with(|pk| {
            pk.b_g1_query.pop();
        }),
        pk_with(|pk| {
            pk.l_query.pop();
        }),
    ] {
        assert_err!(ProvingKey::from_bytes(&bad), Error::Key(_));
    }
}

/// The G2 point at infinity with a non-zero x (the flag sits in the last
/// byte, that of x.c1).
fn g2_infinity_with_x() -> Vec<u8> {
    let mut b = vec![0u8; 64];
    b[0] = 5;
    b[63] = 0x40;
    b
}

#[test]
fn verifying_keys_refuse_the_infinity_flag_with_a_non_zero_x() {
    // Issue 16, point 5: such a point loaded as the identity, so the key's
    // bytes did not round-trip. Layout after the header: alpha (G1, 32),
    // beta, gamma, delta (G2, 64 each), then the input points.
    let vk = vk_bytes();
    let alpha = KEY_HEADER..KEY_HEADER + 32;
    let delta = KEY_HEADER + 160..KEY_HEADER + 224;
    for bad in [
        with(vk, alpha.clone(), &g1_infinity_with_x()),
        with(vk, delta.clone(), &g2_infinity_with_x()),
    ] {
        assert_err!(
            VerifyingKey::from_bytes(&bad),
            Error::Key(m) if m.starts_with("non-canonical")
        );
    }
    // The canonical identity in the same places decodes and re-encodes: it
    // is the spelling that is refused above, not the value.
    assert_eq!(compressed(&G1Affine::identity()), {
        let mut b = vec![0u8; 32];
        b[31] = 0x40;
        b
    });
    for good in [
        with(vk, alpha, &compressed(&G1Affine::identity())),
        with(vk, delta, &compressed(&G2Affine::identity())),
    ] {
        assert_eq!(VerifyingKey::from_bytes(&good).unwrap().to_bytes(), good);
    }
}

#[test]
fn proving_keys_refuse_the_infinity_flag_with_a_non_zero_x() {
    let bytes = pk_bytes();
    let pk = ark_groth16::ProvingKey::<Bn254>::deserialize_with_mode(
        &bytes[KEY_HEADER..],
        Compress::Yes,
        Validate::No,
    )
    .unwrap();
    // Offsets of a_query[1] (G1) and b_g2_query[1] (G2): the embedded
    // verifying key, beta and delta (G1), then length-prefixed queries.
    let a_query = KEY_HEADER + pk.vk.compressed_size() + 64 + 8;
    let b_g1_query = a_query + 32 * pk.a_query.len() + 8;
    let b_g2_query = b_g1_query + 32 * pk.b_g1_query.len() + 8;
    assert_eq!(bytes[a_query..a_query + 32], compressed(&pk.a_query[0]));
    assert_eq!(
        bytes[b_g2_query..b_g2_query + 64],
        compressed(&pk.b_g2_query[0])
    );
    for bad in [
        with(bytes, a_query + 32..a_query + 64, &g1_infinity_with_x()),
        with(
            bytes,
            b_g2_query + 64..b_g2_query + 128,
            &g2_infinity_with_x(),
        ),
    ] {
        assert_err!(
            ProvingKey::from_bytes(&bad),
            Error::Key(m) if m.starts_with("non-canonical")
        );
    }
}

// --- binary presentations ---------------------------------------------------

#[test]
fn binary_presentations_refuse_every_truncation_and_trailing_bytes() {
    let v = valid();
    let bytes = &v.binary;
    assert_eq!(
        Presentation::from_bytes(bytes, &v.slots).unwrap(),
        v.presentation
    );
    for len in 0..bytes.len() {
        assert_err!(
            Presentation::from_bytes(&bytes[..len], &v.slots),
            Error::Encoding("truncated presentation")
        );
    }
    for extra in [&[0u8][..], &[1], &bytes[..]] {
        let mut long = bytes.clone();
        long.extend_from_slice(extra);
        assert_err!(
            Presentation::from_bytes(&long, &v.slots),
            Error::Encoding(_)
        );
    }
}

#[test]
fn binary_presentations_refuse_wrong_magic_version_and_bad_fields() {
    let v = valid();
    let bytes = &v.binary;
    let parse = |b: &[u8]| Presentation::from_bytes(b, &v.slots);
    for i in 0..4 {
        let mut b = bytes.clone();
        b[i] ^= 0x20;
        assert_err!(parse(&b), Error::Encoding("not a zkcred presentation"));
    }
    // Envelope version 2 carries presentation/v2 proofs; version 1 held
    // presentation/v1 proofs: a circuit-version error.
    assert_eq!(bytes[BIN_VERSION], 2);
    for version in [0u8, 3, 0xff] {
        let mut b = bytes.clone();
        b[BIN_VERSION] = version;
        assert_err!(
            parse(&b),
            Error::UnsupportedVersion { what: "presentation", found, supported: 2 } if found == u64::from(version)
        );
    }
    let mut b = bytes.clone();
    b[BIN_VERSION] = 1;
    assert_err!(
        parse(&b),
        Error::UnsupportedVersion {
            what: "circuit",
            found: 1,
            supported: 2
        }
    );
    // Nullifier >= p.
    let p = Fr::MODULUS.to_bytes_be();
    assert_err!(
        parse(&with(bytes, BIN_NULLIFIER, &p)),
        Error::NonCanonical(_)
    );
    assert_err!(
        parse(&with(bytes, BIN_NULLIFIER, &[0xff; 32])),
        Error::NonCanonical(_)
    );
    // Proof points.
    let proof = proof_bytes();
    for bad in [
        with(&proof, PROOF_A, &g1_off_curve()),
        with(&proof, PROOF_B, &compressed(&g2_outside_subgroup())),
        with(&proof, PROOF_C, &g1_non_canonical()),
    ] {
        assert_err!(
            parse(&with(bytes, BIN_PROOF, &bad)),
            Error::MalformedProof(_)
        );
    }
    // Disclosures: count beyond the entries, a slot the request does not
    // disclose, a slot twice, bad UTF-8, bad JSON, a length beyond the input.
    assert_eq!(bytes[BIN_COUNT], 2);
    let entries = &bytes[BIN_COUNT + 1..];
    let first_len = 3 + usize::from(u16::from_be_bytes([entries[1], entries[2]]));
    let (first, second) = entries.split_at(first_len);
    let rebuilt = |count: u8, parts: &[&[u8]]| {
        let mut b = bytes[..BIN_COUNT].to_vec();
        b.push(count);
        for p in parts {
            b.extend_from_slice(p);
        }
        b
    };
    assert_eq!(rebuilt(2, &[first, second]), *bytes);
    assert_err!(
        parse(&rebuilt(3, &[first, second])),
        Error::Encoding("truncated presentation")
    );
    assert_err!(
        parse(&rebuilt(255, &[first, second])),
        Error::Encoding("truncated presentation")
    );
    assert_err!(parse(&rebuilt(1, &[first, second])), Error::Encoding(_));
    assert_err!(
        parse(&rebuilt(2, &[first, first])),
        Error::NonCanonical("disclosed entries (a slot appears twice)")
    );
    let entry = |slot: u8, text: &[u8]| {
        let mut e = vec![slot];
        e.extend_from_slice(&(text.len() as u16).to_be_bytes());
        e.extend_from_slice(text);
        e
    };
    assert_err!(
        parse(&rebuilt(2, &[first, &entry(0, b"\"1990-05-17\"")])),
        Error::Encoding("disclosed slot not in the request")
    );
    assert_err!(
        parse(&rebuilt(2, &[first, &entry(200, b"1")])),
        Error::Encoding("disclosed slot not in the request")
    );
    assert_err!(
        parse(&rebuilt(2, &[first, &entry(5, b"\xff\xfe")])),
        Error::Encoding("disclosed value")
    );
    for text in [&b""[..], b"{", b"1 2", b"\"DE", b"[1,]", &[b'['; 200]] {
        assert_err!(
            parse(&rebuilt(2, &[first, &entry(5, text)])),
            Error::Json(_)
        );
    }
    let mut long = entry(5, b"1");
    long[1..3].copy_from_slice(&u16::MAX.to_be_bytes());
    assert_err!(
        parse(&rebuilt(2, &[first, &long])),
        Error::Encoding("truncated presentation")
    );
    // No slots known: every disclosure is refused.
    assert_err!(Presentation::from_bytes(bytes, &[]), Error::Encoding(_));
}

/// The binary entry of one disclosed value: slot, length, JSON text.
fn entry(slot: u8, text: &[u8]) -> Vec<u8> {
    let mut e = vec![slot];
    e.extend_from_slice(&(text.len() as u16).to_be_bytes());
    e.extend_from_slice(text);
    e
}

#[test]
fn binary_presentations_have_exactly_one_encoding() {
    // Issue 16, point 5: each of these re-spellings parsed to the same
    // presentation, which verified. Now every one is NonCanonical.
    let v = valid();
    let bytes = &v.binary;
    let parse = |b: &[u8]| Presentation::from_bytes(b, &v.slots);
    let slot = |name: &str| v.slots.iter().find(|(_, n)| n == name).unwrap().0 as u8;
    let (kyc, nationality) = (slot("kyc_level"), slot("nationality"));
    let rebuilt = |parts: &[Vec<u8>]| {
        let mut b = bytes[..BIN_COUNT].to_vec();
        b.push(parts.len() as u8);
        for p in parts {
            b.extend_from_slice(p);
        }
        b
    };
    // The canonical form: entries by name (kyc_level, nationality), values
    // in serde_json's compact spelling.
    let canonical = rebuilt(&[entry(kyc, b"2"), entry(nationality, b"\"DE\"")]);
    assert_eq!(canonical, *bytes);
    assert_eq!(parse(&canonical).unwrap(), v.presentation);
    for (what, other) in [
        (
            "entries out of order",
            rebuilt(&[entry(nationality, b"\"DE\""), entry(kyc, b"2")]),
        ),
        (
            "whitespace before a value",
            rebuilt(&[entry(kyc, b" 2"), entry(nationality, b"\"DE\"")]),
        ),
        (
            "whitespace after a value",
            rebuilt(&[entry(kyc, b"2"), entry(nationality, b"\"DE\"\n")]),
        ),
        (
            "a \\u escape",
            rebuilt(&[entry(kyc, b"2"), entry(nationality, b"\"\\u0044E\"")]),
        ),
        (
            "a number in exponent form",
            rebuilt(&[entry(kyc, b"2e0"), entry(nationality, b"\"DE\"")]),
        ),
        (
            "a slot twice",
            rebuilt(&[
                entry(kyc, b"2"),
                entry(nationality, b"\"DE\""),
                entry(nationality, b"\"DE\""),
            ]),
        ),
    ] {
        assert_err!(parse(&other), Error::NonCanonical(_), "{what}");
    }
}

/// An honest presentation of a credential whose birth date is written
/// `YYYY-MM-DDT00:00:00Z`, for a request that discloses it.
fn date_disclosure() -> &'static (PresentationRequest, Presentation) {
    static IT: OnceLock<(PresentationRequest, Presentation)> = OnceLock::new();
    IT.get_or_init(|| {
        let (pk, vk) = keys();
        let (issuer, secret, credential) =
            setup_holder(21, subject("1990-05-17T00:00:00Z", "DE", 2));
        let request = PresentationRequest::new(schema(), "shop.example/age-gate")
            .accept_issuer(
                &issuer.key().public_key(),
                issuer.revocation_root().unwrap(),
            )
            .at(today())
            .disclose("birth_date");
        let path = issuer.non_revocation_path(credential.serial()).unwrap();
        let presentation =
            holder::prove_with_rng(&request, &credential, &secret, &path, pk, &mut rng(22))
                .unwrap();
        verifier::verify(&request, &presentation, vk).unwrap();
        (request, presentation)
    })
}

#[test]
fn verified_presentations_spell_a_disclosed_date_yyyy_mm_dd() {
    let (request, honest) = date_disclosure();
    let vk = &keys().1;
    // The holder sends the canonical spelling, whatever the credential's.
    assert_eq!(honest.disclosed["birth_date"], json!("1990-05-17"));
    let verified = verifier::verify(request, honest, vk).unwrap();
    assert_eq!(verified.disclosed["birth_date"], json!("1990-05-17"));
    // The same proof with the date re-spelled (it binds the day, not the
    // spelling) verified before and came back re-spelled: now refused.
    let mut respelled = honest.clone();
    respelled
        .disclosed
        .insert("birth_date".into(), json!("1990-05-17T00:00:00Z"));
    assert_err!(
        verifier::verify(request, &respelled, vk),
        Error::NonCanonical("disclosed value")
    );
}

#[test]
fn an_upper_case_issuer_key_is_refused_not_echoed() {
    let v = valid();
    let vk = &keys().1;
    let upper = v.presentation.issuer.to_uppercase();
    assert_ne!(upper, v.presentation.issuer);
    // In the JSON envelope.
    let mut doc = presentation_json();
    doc["issuer"] = json!(upper);
    assert_err!(
        Presentation::from_json(&doc.to_string()),
        Error::NonCanonical(_)
    );
    // In a presentation built in code: verify refuses it too (it verified
    // and came back upper-case, past a deny list of lower-case keys).
    let mut p = v.presentation.clone();
    p.issuer = upper;
    assert_err!(verifier::verify(&v.request, &p, vk), Error::NonCanonical(_));
    let verified = verifier::verify(&v.request, &v.presentation, vk).unwrap();
    assert_eq!(verified.issuer, verified.issuer.to_lowercase());
}

// --- JSON presentations -----------------------------------------------------

fn presentation_json() -> Value {
    serde_json::from_str(&valid().presentation.to_json()).unwrap()
}

fn edit(v: &Value, f: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut v = v.clone();
    f(v.as_object_mut().unwrap());
    v.to_string()
}

#[test]
fn json_presentations_refuse_versions_types_and_bad_encodings() {
    let base = presentation_json();
    let v = valid();
    assert_eq!(
        Presentation::from_json(&base.to_string()).unwrap(),
        v.presentation
    );
    for version in [0u64, 3, u64::MAX] {
        assert_err!(
            Presentation::from_json(&edit(&base, |m| {
                m.insert("version".into(), json!(version));
            })),
            Error::UnsupportedVersion { what: "presentation", found, .. } if found == version
        );
    }
    // Version 1 envelopes held presentation/v1 proofs.
    assert_err!(
        Presentation::from_json(&edit(&base, |m| {
            m.insert("version".into(), json!(1));
        })),
        Error::UnsupportedVersion {
            what: "circuit",
            found: 1,
            supported: 2
        }
    );
    for (pointer, raw) in [
        ("/version", "18446744073709551616"),
        ("/version", "-1"),
        ("/version", "1.0"),
        ("/version", "\"1\""),
        ("/version", "null"),
        ("/version", "1,\"version\":1"),
        ("/version", "1,\"extra\":1"),
        ("/disclosed", "[{}]"),
        ("/disclosed/kyc_level", "2,\"kyc_level\":3"),
        ("/proof", "[1]"),
    ] {
        assert_err!(
            Presentation::from_json(&with_raw(&base, pointer, raw)),
            Error::Json(_),
            "{pointer} = {raw}"
        );
    }
    for field in [
        "/version",
        "/type",
        "/issuer",
        "/nullifier",
        "/disclosed",
        "/proof",
    ] {
        assert_err!(
            Presentation::from_json(&without(&base, field)),
            Error::Json(_),
            "without {field}"
        );
    }
    assert_err!(
        Presentation::from_json(&edit(&base, |m| {
            m.insert("type".into(), json!("VerifiablePresentation"));
        })),
        Error::Encoding("presentation type")
    );
    let proof_hex = base["proof"].as_str().unwrap().to_string();
    let issuer = base["issuer"].as_str().unwrap().to_string();
    let cases: Vec<(&str, Value)> = vec![
        ("issuer", json!(issuer[2..])),
        ("issuer", json!(format!("{issuer}00"))),
        ("issuer", json!("zz".repeat(32))),
        ("proof", json!(proof_hex[2..])),
        ("proof", json!(format!("{proof_hex}00"))),
        ("proof", json!(format!("0x{proof_hex}"))),
        ("proof", json!("")),
        ("nullifier", json!("0x1234")),
        (
            "nullifier",
            json!(base["nullifier"].as_str().unwrap().trim_start_matches("0x")),
        ),
    ];
    for (field, value) in cases {
        assert_err!(
            Presentation::from_json(&edit(&base, |m| {
                m.insert(field.into(), value);
            })),
            Error::Encoding(_)
        );
    }
    assert_err!(
        Presentation::from_json(&edit(&base, |m| {
            m.insert("nullifier".into(), json!(format!("0x{}", "f".repeat(64))));
        })),
        Error::NonCanonical("nullifier")
    );
    let proof = proof_bytes();
    for bad in [
        with(&proof, PROOF_A, &g1_off_curve()),
        with(&proof, PROOF_B, &compressed(&g2_outside_subgroup())),
        with(&proof, PROOF_B, &g2_off_curve()),
        with(&proof, PROOF_C, &g1_infinity_with_x()),
    ] {
        assert_err!(
            Presentation::from_json(&edit(&base, |m| {
                m.insert("proof".into(), json!(hex::encode(&bad)));
            })),
            Error::MalformedProof(_)
        );
    }
}

#[test]
fn json_presentations_refuse_a_disclosed_name_twice() {
    // Two values for one name: a reader that keeps the first would show what
    // the proof did not verify.
    let dup = with_raw(
        &presentation_json(),
        "/disclosed/nationality",
        "\"FR\",\"nationality\":\"DE\"",
    );
    assert_err!(Presentation::from_json(&dup), Error::Json(_));
}

// --- schemas ----------------------------------------------------------------

fn schema_json() -> Value {
    serde_json::from_str(SCHEMA).unwrap()
}

#[test]
fn schemas_refuse_versions_unknown_fields_and_wrong_types() {
    let base = schema_json();
    for version in [0u64, 2, u64::MAX] {
        assert_err!(
            Schema::from_json(&edit(&base, |m| {
                m.insert("schemaVersion".into(), json!(version));
            })),
            Error::UnsupportedVersion { what: "schema", found, .. } if found == version
        );
    }
    // Attributes: 4 is the enum, 5 an integer, 6 a boolean.
    for (pointer, raw) in [
        ("/schemaVersion", "18446744073709551616"),
        ("/schemaVersion", "-1"),
        ("/schemaVersion", "\"1\""),
        ("/version", "-1"),
        ("/version", "1e3"),
        ("/version", "1,\"unknown\":null"),
        ("/version", "1,\"version\":1"),
        ("/attributes/5/type", "\"integer\",\"type\":\"date\""),
        ("/attributes/5/type", "\"integer\",\"unit\":\"kg\""),
        ("/attributes/5/type", "\"integer\",\"values\":[\"a\"]"),
        ("/attributes/5/name", "\"kyc_level\",\"name\":\"x\""),
        ("/attributes/4/type", "\"enum\",\"extra\":1"),
        ("/attributes/4/values", "[1]"),
        ("/attributes/4/values", "\"passport\""),
        ("/attributes/6/name", "[\"pep\"]"),
        ("/attributes", "{\"a\":[]}"),
    ] {
        assert_err!(
            Schema::from_json(&with_raw(&base, pointer, raw)),
            Error::Json(_),
            "{pointer} = {raw}"
        );
    }
    // An unknown or mistyped attribute type is a schema error listing the
    // allowed types (issue #15), not serde's line and column.
    for raw in ["\"float\"", "7", "\"Integer\""] {
        let e = Schema::from_json(&with_raw(&base, "/attributes/5/type", raw)).unwrap_err();
        assert!(
            matches!(&e, Error::Schema(m) if m.contains("attribute `kyc_level`")
                && m.contains("one of date, integer, boolean, enum, country, string")),
            "{raw}: {e:?}"
        );
    }
    let e = Schema::from_json(&without(&base, "/attributes/6/type")).unwrap_err();
    assert!(
        matches!(&e, Error::Schema(m) if m.contains("attribute `pep` has no `type` (one of date")),
        "{e:?}"
    );
    for pointer in [
        "/schemaVersion",
        "/id",
        "/version",
        "/attributes",
        "/attributes/6/name",
        "/attributes/4/values",
    ] {
        assert_err!(
            Schema::from_json(&without(&base, pointer)),
            Error::Json(_),
            "without {pointer}"
        );
    }
    for bad in ["", "null", "[]", "{}", "{\"schemaVersion\":1", "\u{feff}{}"] {
        assert_err!(Schema::from_json(bad), Error::Json(_));
    }
}

#[test]
fn schemas_refuse_oversized_and_malformed_content() {
    let base = schema_json();
    let attrs = |n: usize| {
        (0..n)
            .map(|i| json!({"name": format!("a{i}"), "type": "integer"}))
            .collect::<Vec<_>>()
    };
    let cases: Vec<(&str, Value)> = vec![
        ("id", json!("")),
        ("id", json!("x".repeat(65))),
        ("id", json!("a b")),
        ("id", json!("ünï")),
        ("id", json!("x".repeat(100_000))),
        ("attributes", json!([])),
        ("attributes", json!(attrs(17))),
        ("attributes", json!(attrs(1000))),
        (
            "attributes",
            json!([{"name": "a", "type": "integer"}, {"name": "a", "type": "date"}]),
        ),
        ("attributes", json!([{"name": "", "type": "integer"}])),
        ("attributes", json!([{"name": "a/b", "type": "integer"}])),
        (
            "attributes",
            json!([{"name": "x".repeat(65), "type": "integer"}]),
        ),
        (
            "attributes",
            json!([{"name": "e", "type": "enum", "values": []}]),
        ),
        (
            "attributes",
            json!([{"name": "e", "type": "enum", "values": ["a", "b", "a"]}]),
        ),
        (
            "attributes",
            json!([{"name": "e", "type": "enum", "values": (0..65_537).map(|i| i.to_string()).collect::<Vec<_>>()}]),
        ),
    ];
    for (field, value) in cases {
        assert_err!(
            Schema::from_json(&edit(&base, |m| {
                m.insert(field.into(), value);
            })),
            Error::Schema(_)
        );
    }
    assert!(Schema::from_json(&edit(&base, |m| {
        m.insert("attributes".into(), json!(attrs(16)));
    }))
    .is_ok());
}

#[test]
fn enums_of_65536_values_load_and_repeats_among_them_are_found() {
    // 65536 distinct values is the most a schema may have; the repeat check
    // must not be quadratic (2^31 string comparisons).
    let values: Vec<String> = (0..65_536).map(|i| format!("v{i}")).collect();
    let s = json!({"schemaVersion": 1, "id": "big", "version": 1,
        "attributes": [{"name": "e", "type": "enum", "values": values}]});
    let schema = Schema::from_json(&s.to_string()).unwrap();
    assert_eq!(Schema::from_json(&schema.to_json()).unwrap(), schema);
    let mut values = values;
    values[65_535] = "v0".into();
    let s = json!({"schemaVersion": 1, "id": "big", "version": 1,
        "attributes": [{"name": "e", "type": "enum", "values": values}]});
    assert_err!(Schema::from_json(&s.to_string()), Error::Schema(_));
}

// --- credentials ------------------------------------------------------------

fn credential_json() -> Value {
    serde_json::from_str(&valid().credential.to_json()).unwrap()
}

fn verify_json(v: &Value) -> zkcred_core::Result<()> {
    Credential::from_json(&v.to_string())?
        .verify(&schema())
        .map(|_| ())
}

fn with_pointer(v: &Value, pointer: &str, value: Value) -> Value {
    let mut v = v.clone();
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = value;
    v
}

/// `v` as compact JSON with the node at `pointer` replaced by the raw text
/// `raw`, for what a `Value` cannot hold: huge numbers, repeated keys.
fn with_raw(v: &Value, pointer: &str, raw: &str) -> String {
    const MARK: &str = "\u{1}raw\u{1}";
    let text = with_pointer(v, pointer, json!(MARK)).to_string();
    let quoted = serde_json::to_string(MARK).unwrap();
    assert_eq!(text.matches(&quoted).count(), 1);
    text.replacen(&quoted, raw, 1)
}

fn without(v: &Value, pointer: &str) -> String {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let mut v = v.clone();
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap()
        .remove(key)
        .unwrap();
    v.to_string()
}

#[test]
fn credentials_refuse_bad_attributes_without_showing_their_values() {
    let base = credential_json();
    verify_json(&base).unwrap();
    let huge = "18446744073709551616";
    let cases: Vec<(&str, Value, &str)> = vec![
        ("full_name", json!("Ada ".repeat(117)), "Ada Ada"),
        ("full_name", json!("ß".repeat(233)), "ßß"),
        ("full_name", json!(12345), "12345"),
        (
            "kyc_level",
            serde_json::from_str(huge).unwrap(),
            "1844674407",
        ),
        ("kyc_level", json!(-7), "-7"),
        ("kyc_level", json!(2.5), "2.5"),
        ("kyc_level", json!("2"), "\"2\""),
        ("kyc_level", json!([2]), "[2]"),
        ("birth_date", json!("1990-02-30"), "1990-02-30"),
        (
            "birth_date",
            json!("1990-05-17T00:00:00+01:00"),
            "1990-05-17",
        ),
        ("birth_date", json!(19900517), "19900517"),
        ("nationality", json!("XK"), "XK"),
        ("nationality", json!("dE"), "dE"),
        ("document_type", json!("visa"), "visa"),
        ("pep", json!("no"), "no"),
        ("pep", json!(0), "0"),
        ("pep", json!(null), "null"),
    ];
    for (name, value, secret) in cases {
        let bad = with_pointer(&base, &format!("/credentialSubject/{name}"), value);
        let err = verify_json(&bad).unwrap_err();
        assert!(
            matches!(&err, Error::Attribute { name: n, .. } if n == name),
            "{name}: {err:?}"
        );
        let msg = err.to_string();
        assert!(msg.contains(name), "{msg}");
        assert!(!msg.contains(secret), "`{msg}` shows the value of {name}");
        assert!(!format!("{err:?}").contains(secret), "{err:?}");
    }
    // A missing attribute, and one the schema does not have.
    let mut missing = base.clone();
    missing["credentialSubject"]
        .as_object_mut()
        .unwrap()
        .remove("pep");
    assert_err!(
        verify_json(&missing),
        Error::Attribute {
            reason: "missing",
            ..
        }
    );
    let mut extra = base.clone();
    extra["credentialSubject"]["ssn"] = json!("078-05-1120");
    let err = verify_json(&extra).unwrap_err();
    assert!(matches!(&err, Error::Attribute { name, .. } if name == "ssn"));
    assert!(!err.to_string().contains("078-05-1120"));
}

#[test]
fn credentials_refuse_signatures_with_large_s_or_bad_r8() {
    let base = credential_json();
    let sig: [u8; 64] =
        multibase::decode_fixed(base["proof"]["proofValue"].as_str().unwrap()).unwrap();
    let with_r8 = |r8: [u8; 32]| {
        let mut s = sig;
        s[..32].copy_from_slice(&r8);
        s
    };
    let with_s = |s_bytes: Vec<u8>| {
        let mut s = sig;
        s[32..].copy_from_slice(&s_bytes);
        s
    };
    let s_plus_l = {
        let mut s = num_from_le(&sig[32..]);
        assert!(!s.add_with_carry(&Scalar::MODULUS));
        s.to_bytes_le()
    };
    let r8 = Point::decompress(&sig[..32].try_into().unwrap()).unwrap();
    for (what, bad) in [
        ("S + l", with_s(s_plus_l)),
        ("S = l", with_s(Scalar::MODULUS.to_bytes_le())),
        ("S = 2^256 - 1", with_s(vec![0xff; 32])),
        ("R8 off the curve", with_r8(bjj_off_curve())),
        ("R8 of order 8", with_r8(bjj_order_8().compress())),
        ("R8 of order 4", with_r8(bjj_order_4().compress())),
        (
            "R8 outside the subgroup",
            with_r8(Point::generator().compress()),
        ),
        ("R8 with y + p", with_r8(bjj_non_canonical(&r8))),
    ] {
        let bad = with_pointer(&base, "/proof/proofValue", json!(multibase::encode(&bad)));
        assert!(
            matches!(
                verify_json(&bad),
                Err(Error::Credential("the signature is malformed"))
            ),
            "{what}: {:?}",
            verify_json(&bad)
        );
    }
    // Well-formed but wrong: the low bit of S.
    let mut flipped = sig;
    flipped[32] ^= 1;
    assert_err!(
        verify_json(&with_pointer(
            &base,
            "/proof/proofValue",
            json!(multibase::encode(&flipped))
        )),
        Error::Credential("the signature does not verify")
    );
    // The proofValue is multibase base58btc of exactly 64 bytes.
    let text = multibase::encode(&sig);
    for bad in [
        String::new(),
        "z".to_string(),
        text[1..].to_string(),
        format!("Z{}", &text[1..]),
        multibase::encode(&sig[1..]),
        multibase::encode(&[sig.as_slice(), &[0]].concat()),
        text.replacen(&text[5..6], "0", 1),
        format!("z{}", "1".repeat(10_000)),
        format!("0x{}", hex::encode(sig)),
        hex::encode(&sig[1..]),
    ] {
        assert_err!(
            verify_json(&with_pointer(&base, "/proof/proofValue", json!(bad))),
            Error::Encoding("proofValue")
        );
    }
    // The legacy encoding (hex) is refused, with a migration.
    let mut legacy = with_pointer(&base, "/proof/proofValue", json!(hex::encode(sig)));
    legacy["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
    legacy["credentialSchema"]["id"] = json!("kyc-basic@1");
    let err = verify_json(&legacy).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedVersion);
    assert!(
        err.to_string().contains("zkcred credential migrate"),
        "{err}"
    );
    assert_eq!(
        Credential::from_json(&legacy.to_string())
            .unwrap_err()
            .kind(),
        ErrorKind::UnsupportedVersion
    );
    let migrated = credential::migrate_legacy(&legacy.to_string()).unwrap();
    assert_eq!(serde_json::to_value(&migrated).unwrap(), base);
}

/// Little-endian bytes as an arkworks big integer of 4 limbs.
fn num_from_le(bytes: &[u8]) -> ark_ff::BigInt<4> {
    let mut limbs = [0u64; 4];
    for (i, chunk) in bytes.chunks(8).enumerate() {
        limbs[i] = u64::from_le_bytes(chunk.try_into().unwrap());
    }
    ark_ff::BigInt(limbs)
}

#[test]
fn credentials_refuse_bad_issuers_dates_ids_and_structure() {
    let base = credential_json();
    let issuer = base["issuer"].as_str().unwrap().to_string();
    let key_hex = issuer.trim_start_matches("urn:zkcred:issuer:").to_string();
    // Issuer keys off the curve, of low order, non-canonical: every place
    // that names the issuer changed consistently, so the key check is reached.
    let key = IssuerPublicKey::from_hex(&key_hex).unwrap();
    for bad_key in [
        bjj_off_curve(),
        bjj_order_8().compress(),
        Point::generator().compress(),
        bjj_non_canonical(&key.0 .0),
    ] {
        let bad = base.to_string().replace(&key_hex, &hex::encode(bad_key));
        assert_err!(
            verify_json(&serde_json::from_str(&bad).unwrap()),
            Error::Key(_)
        );
    }
    let bad = base.to_string().replace(&key_hex, &key_hex[2..]);
    assert_err!(
        verify_json(&serde_json::from_str(&bad).unwrap()),
        Error::Encoding(_)
    );

    let p_hex = format!("0x{}", hex::encode(Fr::MODULUS.to_bytes_be()));
    let credential_cases: Vec<(&str, Value)> = vec![
        ("/issuer", json!("did:example:123")),
        ("/id", json!("urn:zkcred:credential:x:0")),
        ("/@context", json!([])),
        (
            "/@context/0",
            json!("https://www.w3.org/2018/credentials/v1"),
        ),
        ("/type", json!(["VerifiableCredential"])),
        ("/credentialStatus/type", json!("StatusList2021")),
        ("/proof/type", json!("Ed25519Signature2020")),
        ("/proof/cryptosuite", json!("eddsa-rdfc-2022")),
        ("/proof/proofPurpose", json!("authentication")),
        ("/proof/verificationMethod", json!("urn:zkcred:issuer:00")),
        ("/credentialSchema/id", json!("kyc-basic@2")),
        ("/credentialSchema/type", json!("JsonSchema")),
        ("/validFrom", json!("2026-11-23")),
        ("/validFrom", json!("2026-13-01T00:00:00Z")),
        ("/validFrom", json!("1969-12-31T00:00:00Z")),
        ("/validFrom", json!("2026-11-23T12:00:00Z")),
        ("/validFrom", json!("２０２６-11-23T00:00:00Z")),
        ("/validUntil", json!("2026-11-22T00:00:00Z")),
        ("/validUntil", json!("")),
        ("/validUntil", json!("x".repeat(100_000))),
    ];
    for (pointer, value) in credential_cases {
        let r = verify_json(&with_pointer(&base, pointer, value));
        assert!(matches!(r, Err(Error::Credential(_))), "{pointer}: {r:?}");
    }
    assert_err!(
        verify_json(&with_pointer(
            &base,
            "/credentialSchema/digest",
            json!(p_hex)
        )),
        Error::NonCanonical("schema digest")
    );
    assert_err!(
        verify_json(&with_pointer(
            &base,
            "/credentialSubject/holderCommitment",
            json!(p_hex)
        )),
        Error::NonCanonical("holderCommitment")
    );
    assert_err!(
        verify_json(&with_pointer(
            &base,
            "/credentialSubject/holderCommitment",
            json!("0x00")
        )),
        Error::Encoding("holderCommitment")
    );
    // The serial is a u32; the structure is fixed.
    let index = "/credentialStatus/revocationIndex";
    for (pointer, raw) in [
        (index, "4294967296"),
        (index, "18446744073709551616"),
        (index, "-1"),
        (index, "0.5"),
        (index, "\"0\""),
        (index, "0,\"unknown\":1"),
        ("/issuer", "1,\"issuer\":\"x\""),
        ("/issuer", "\"x\",\"unknown\":1"),
        ("/proof/proofValue", "\"00\",\"unknown\":1"),
        ("/credentialSchema/digest", "\"0x\",\"unknown\":1"),
        ("/@context", "[1]"),
        ("/@context", "\"https://www.w3.org/ns/credentials/v2\""),
        ("/credentialSubject", "[{}]"),
        ("/credentialSubject/holderCommitment", "7"),
    ] {
        assert_err!(
            Credential::from_json(&with_raw(&base, pointer, raw)),
            Error::Json(_),
            "{pointer} = {raw}"
        );
    }
    for pointer in [
        "/issuer",
        "/proof",
        "/credentialSubject/holderCommitment",
        "/proof/proofValue",
        index,
    ] {
        assert_err!(
            Credential::from_json(&without(&base, pointer)),
            Error::Json(_),
            "without {pointer}"
        );
    }
    let text = base.to_string();
    for bad in ["", "{", "null", "[]", "{}", &text[..text.len() - 1]] {
        assert_err!(Credential::from_json(bad), Error::Json(_));
    }
}

// --- requests ---------------------------------------------------------------

fn request_json() -> Value {
    serde_json::from_str(&valid().request.to_json()).unwrap()
}

fn request_with(
    base: &Value,
    pointer: &str,
    value: Value,
) -> zkcred_core::Result<PresentationRequest> {
    PresentationRequest::from_json(&with_pointer(base, pointer, value).to_string())
}

#[test]
fn requests_refuse_versions_unknown_fields_and_wrong_types() {
    let base = request_json();
    assert_eq!(
        PresentationRequest::from_json(&base.to_string()).unwrap(),
        valid().request
    );
    for version in [0u64, 2, u64::MAX] {
        assert_err!(
            request_with(&base, "/version", json!(version)),
            Error::UnsupportedVersion { what: "request", found, .. } if found == version
        );
    }
    assert_err!(
        request_with(&base, "/schema/schemaVersion", json!(7)),
        Error::UnsupportedVersion {
            what: "schema",
            found: 7,
            ..
        }
    );
    for (pointer, raw) in [
        ("/version", "18446744073709551616"),
        ("/version", "-1"),
        ("/version", "\"1\""),
        ("/scope", "\"a\",\"unknown\":1"),
        ("/scope", "\"a\",\"scope\":\"b\""),
        ("/scope", "1"),
        ("/acceptedIssuers/0/publicKey", "\"00\",\"unknown\":1"),
        ("/acceptedIssuers/0", "\"00\""),
        ("/predicates/0/op", "\"older\""),
        ("/predicates/0/op", "\"ageAtLeast\",\"unknown\":1"),
        ("/predicates/0/op", "3"),
        ("/disclose", "[1]"),
        ("/disclose", "\"nationality\""),
        ("/predicates", "{\"a\":[]}"),
        ("/schema/version", "1,\"unknown\":1"),
    ] {
        assert_err!(
            PresentationRequest::from_json(&with_raw(&base, pointer, raw)),
            Error::Json(_),
            "{pointer} = {raw}"
        );
    }
    for pointer in [
        "/version",
        "/schema",
        "/acceptedIssuers",
        "/predicates",
        "/scope",
        "/challenge",
        "/now",
        "/predicates/0/value",
    ] {
        assert_err!(
            PresentationRequest::from_json(&without(&base, pointer)),
            Error::Json(_),
            "without {pointer}"
        );
    }
}

#[test]
fn requests_refuse_oversized_and_malformed_parts() {
    let base = request_json();
    let issuer = base["acceptedIssuers"][0].clone();
    let p_hex = format!("0x{}", hex::encode(Fr::MODULUS.to_bytes_be()));
    let challenge = base["challenge"].as_str().unwrap().to_string();
    let is_request =
        |r: &zkcred_core::Result<PresentationRequest>| matches!(r, Err(Error::Request(_)));

    for (pointer, value) in [
        ("/scope", json!("")),
        ("/scope", json!("s".repeat(466))),
        ("/scope", json!("s".repeat(100_000))),
        ("/now", json!("2026-11-23T00:00:01Z")),
        ("/now", json!("1969-12-31")),
        ("/now", json!("tomorrow")),
        ("/acceptedIssuers", json!([])),
        (
            "/predicates",
            json!(vec![
                json!({"attribute": "kyc_level", "op": ">=", "value": 1});
                9
            ]),
        ),
        (
            "/predicates",
            json!(vec![
                json!({"attribute": "kyc_level", "op": ">=", "value": 1});
                10_000
            ]),
        ),
        ("/predicates/0/attribute", json!("height")),
        ("/predicates/0/value", json!(-1)),
        ("/predicates/0/value", json!(201)),
        (
            "/predicates/0/value",
            serde_json::from_str("18446744073709551616").unwrap(),
        ),
        ("/predicates/0/value", json!("18")),
        ("/predicates/0/attribute", json!("kyc_level")),
        ("/predicates/1/value", json!([])),
        ("/predicates/1/value", json!("DE")),
        ("/predicates/1/value", json!(["DE", "XX"])),
        ("/predicates/1/value", json!(vec!["DE"; 33])),
        ("/predicates/1/value", json!(vec!["DE"; 100_000])),
        ("/disclose", json!(["nationality", "nationality"])),
        (
            "/disclose",
            json!(["kyc_level", "nationality", "kyc_level"]),
        ),
        ("/disclose", json!(["ssn"])),
    ] {
        let r = request_with(&base, pointer, value.clone());
        assert!(
            is_request(&r),
            "{pointer} = {}: {r:?}",
            value.to_string().chars().take(80).collect::<String>()
        );
    }
    // 32 set values in all are allowed, 33 are not (over several predicates).
    let sets = |sizes: &[usize]| {
        let countries = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE"];
        let preds: Vec<Value> = sizes
            .iter()
            .map(|&n| {
                json!({"attribute": "nationality", "op": "in",
                       "value": countries.iter().cycle().take(n).collect::<Vec<_>>()})
            })
            .collect();
        request_with(&base, "/predicates", json!(preds))
    };
    assert!(sets(&[8, 8, 8, 8]).is_ok());
    assert!(sets(&[32]).is_ok());
    assert!(is_request(&sets(&[32, 1])));
    assert!(is_request(&sets(&[9, 9, 9, 9])));
    // Range operators on a string attribute; malformed `between`.
    for (attr, op, value) in [
        ("full_name", "<", json!("Bob")),
        ("full_name", "between", json!(["A", "B"])),
        ("kyc_level", "between", json!([1])),
        ("kyc_level", "between", json!([1, 2, 3])),
        ("kyc_level", "between", json!({"low": 1})),
        ("kyc_level", ">=", json!(-1)),
        ("kyc_level", ">=", json!(1.5)),
        ("kyc_level", "ageAtLeast", json!(18)),
        ("full_name", "=", json!("x".repeat(466))),
        ("full_name", "in", json!(["x".repeat(466)])),
    ] {
        let r = request_with(
            &base,
            "/predicates/0",
            json!({"attribute": attr, "op": op, "value": value}),
        );
        assert!(is_request(&r), "{attr} {op}: {r:?}");
    }
    // Errors about an operand name the predicate, not the operand.
    let secret = "Grace Brewster Murray Hopper";
    let err = request_with(
        &base,
        "/predicates/0",
        json!({"attribute": "kyc_level", "op": "=", "value": secret}),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("kyc_level") && !err.to_string().contains(secret),
        "{err}"
    );

    // Challenge, keys and roots.
    for bad in [
        String::new(),
        challenge[2..].to_string(),
        format!("{challenge}00"),
        challenge.replace(&challenge[..2], "zz"),
        "00".repeat(32),
    ] {
        assert_err!(
            request_with(&base, "/challenge", json!(bad)),
            Error::Encoding(_)
        );
    }
    assert_err!(
        request_with(&base, "/acceptedIssuers/0/revocationRoot", json!(p_hex)),
        Error::NonCanonical("revocationRoot")
    );
    assert_err!(
        request_with(&base, "/acceptedIssuers/0/revocationRoot", json!("0x01")),
        Error::Encoding("revocationRoot")
    );
    for bad_key in [
        bjj_off_curve(),
        bjj_order_8().compress(),
        Point::identity().compress(),
        Point::generator().compress(),
    ] {
        let mut bad_issuer = issuer.clone();
        bad_issuer["publicKey"] = json!(hex::encode(bad_key));
        assert_err!(
            request_with(
                &base,
                "/acceptedIssuers",
                json!([issuer.clone(), bad_issuer])
            ),
            Error::Key(_)
        );
    }
    // Schemas inside requests are validated too.
    assert_err!(
        request_with(&base, "/schema/attributes", json!([])),
        Error::Schema(_)
    );
}

// --- proptests --------------------------------------------------------------

/// Everything any JSON parser may answer.
fn is_json_parse_error(e: &Error) -> bool {
    matches!(
        e,
        Error::Json(_)
            | Error::UnsupportedVersion { .. }
            | Error::Schema(_)
            | Error::Request(_)
            | Error::Encoding(_)
            | Error::NonCanonical(_)
            | Error::Key(_)
            | Error::MalformedProof(_)
    )
}

fn check_schema(text: &str) -> Result<(), TestCaseError> {
    match Schema::from_json(text) {
        Ok(s) => prop_assert_eq!(Schema::from_json(&s.to_json()).unwrap(), s),
        Err(e) => prop_assert!(
            matches!(
                e,
                Error::Json(_) | Error::UnsupportedVersion { .. } | Error::Schema(_)
            ),
            "{:?}",
            e
        ),
    }
    Ok(())
}

fn check_credential(text: &str) -> Result<(), TestCaseError> {
    match Credential::from_json(text) {
        Ok(c) => {
            prop_assert_eq!(&Credential::from_json(&c.to_json()).unwrap(), &c);
            match c.verify(&schema()) {
                Ok(_) => {}
                Err(e) => prop_assert!(
                    matches!(
                        e,
                        Error::Credential(_)
                            | Error::Key(_)
                            | Error::Encoding(_)
                            | Error::NonCanonical(_)
                            | Error::Attribute { .. }
                    ),
                    "{:?}",
                    e
                ),
            }
        }
        Err(e) => prop_assert!(matches!(e, Error::Json(_)), "{:?}", e),
    }
    Ok(())
}

fn check_request(text: &str) -> Result<(), TestCaseError> {
    match PresentationRequest::from_json(text) {
        Ok(r) => {
            prop_assert_eq!(&PresentationRequest::from_json(&r.to_json()).unwrap(), &r);
            prop_assert!(r.compile().is_ok());
        }
        Err(e) => prop_assert!(
            is_json_parse_error(&e) && !matches!(e, Error::MalformedProof(_)),
            "{:?}",
            e
        ),
    }
    Ok(())
}

fn check_presentation_json(text: &str) -> Result<(), TestCaseError> {
    match Presentation::from_json(text) {
        Ok(p) => {
            prop_assert_eq!(&Presentation::from_json(&p.to_json()).unwrap(), &p);
            check_verifies_or_rejects(&p)?;
        }
        Err(e) => prop_assert!(
            matches!(
                e,
                Error::Json(_)
                    | Error::UnsupportedVersion { .. }
                    | Error::Encoding(_)
                    | Error::NonCanonical(_)
                    | Error::MalformedProof(_)
            ),
            "{:?}",
            e
        ),
    }
    Ok(())
}

/// A parsed presentation either is the honest one or fails verification with
/// the opaque error.
fn check_verifies_or_rejects(p: &Presentation) -> Result<(), TestCaseError> {
    let v = valid();
    match verifier::verify(&v.request, p, &keys().1) {
        Ok(_) => prop_assert_eq!(
            (&p.nullifier, &p.proof, &p.disclosed),
            (
                &v.presentation.nullifier,
                &v.presentation.proof,
                &v.presentation.disclosed
            )
        ),
        Err(e) => prop_assert!(matches!(e, Error::VerificationFailed), "{:?}", e),
    }
    Ok(())
}

fn check_presentation_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    let slots = &valid().slots;
    match Presentation::from_bytes(bytes, slots) {
        Ok(p) => {
            let again = p.to_bytes(slots).unwrap();
            prop_assert_eq!(&Presentation::from_bytes(&again, slots).unwrap(), &p);
            check_verifies_or_rejects(&p)?;
        }
        Err(e) => prop_assert!(
            matches!(
                e,
                Error::Json(_)
                    | Error::UnsupportedVersion { .. }
                    | Error::Encoding(_)
                    | Error::NonCanonical(_)
                    | Error::MalformedProof(_)
            ),
            "{:?}",
            e
        ),
    }
    Ok(())
}

fn check_proof(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Proof::from_bytes(bytes) {
        // Encodings are canonical: a proof that loads is its input.
        Ok(p) => prop_assert_eq!(&p.to_bytes()[..], bytes),
        Err(e) => prop_assert!(matches!(e, Error::MalformedProof(_)), "{:?}", e),
    }
    Ok(())
}

fn check_vk(bytes: &[u8]) -> Result<(), TestCaseError> {
    match VerifyingKey::from_bytes(bytes) {
        Ok(vk) => prop_assert_eq!(
            VerifyingKey::from_bytes(&vk.to_bytes()).unwrap().to_bytes(),
            vk.to_bytes()
        ),
        Err(e) => prop_assert!(
            matches!(e, Error::Key(_) | Error::UnsupportedVersion { .. }),
            "{:?}",
            e
        ),
    }
    Ok(())
}

fn check_pk(bytes: &[u8]) -> Result<(), TestCaseError> {
    match ProvingKey::from_bytes(bytes) {
        Ok(pk) => prop_assert_eq!(pk.to_bytes().len(), pk_bytes().len()),
        Err(e) => prop_assert!(
            matches!(e, Error::Key(_) | Error::UnsupportedVersion { .. }),
            "{:?}",
            e
        ),
    }
    Ok(())
}

fn check_issuer_hex(text: &str) -> Result<(), TestCaseError> {
    match IssuerPublicKey::from_hex(text) {
        Ok(k) => {
            prop_assert_eq!(IssuerPublicKey::from_hex(&k.to_hex()).unwrap(), k);
            prop_assert_eq!(k.to_hex(), text.to_ascii_lowercase());
        }
        Err(e) => prop_assert!(matches!(e, Error::Key(_) | Error::Encoding(_)), "{:?}", e),
    }
    Ok(())
}

fn check_fr_hex(text: &str) -> Result<(), TestCaseError> {
    match fr_from_hex(text, "x") {
        Ok(x) => prop_assert_eq!(fr_to_hex(&x), text.to_ascii_lowercase()),
        Err(e) => prop_assert!(
            matches!(e, Error::Encoding("x") | Error::NonCanonical("x")),
            "{:?}",
            e
        ),
    }
    Ok(())
}

/// Byte-level edits: flip, set, delete, insert, truncate.
#[derive(Clone, Debug)]
enum ByteEdit {
    Xor(usize, u8),
    Set(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Truncate(usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(i, b)| ByteEdit::Xor(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| ByteEdit::Set(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| ByteEdit::Delete(i, n)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| ByteEdit::Insert(i, b)),
        any::<usize>().prop_map(ByteEdit::Truncate),
    ]
}

fn apply_bytes(mut b: Vec<u8>, edits: &[ByteEdit]) -> Vec<u8> {
    for e in edits {
        let n = b.len();
        match e {
            ByteEdit::Xor(i, x) if n > 0 => b[i % n] ^= x,
            ByteEdit::Set(i, x) if n > 0 => b[i % n] = *x,
            ByteEdit::Delete(i, k) if n > 0 => {
                let at = i % n;
                b.drain(at..(at + k).min(n));
            }
            ByteEdit::Insert(i, x) => {
                let at = i % (n + 1);
                b.splice(at..at, x.iter().copied());
            }
            ByteEdit::Truncate(i) => b.truncate(i % (n + 1)),
            _ => {}
        }
    }
    b
}

/// Tokens that JSON edits insert: structure, extreme numbers, wrong types.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "-",
    "-1",
    "0",
    "1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "1.5",
    "\"x\":1,",
    "\u{0}",
    "é",
    "\u{feff}",
    "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001",
];

fn apply_text(text: &str, edits: &[ByteEdit]) -> String {
    let edits: Vec<ByteEdit> = edits
        .iter()
        .map(|e| match e {
            // Inserting JSON tokens reaches further than random bytes.
            ByteEdit::Insert(i, x) => ByteEdit::Insert(
                *i,
                TOKENS[usize::from(x[0]) % TOKENS.len()].as_bytes().to_vec(),
            ),
            other => other.clone(),
        })
        .collect();
    String::from_utf8_lossy(&apply_bytes(text.as_bytes().to_vec(), &edits)).into_owned()
}

/// Values that structural edits put in place of a node.
fn bad_value(k: usize) -> Value {
    match k % 16 {
        0 => Value::Null,
        1 => json!(-1),
        2 => json!(u64::MAX),
        3 => serde_json::from_str("18446744073709551616").unwrap(),
        4 => json!(1.5),
        5 => json!(""),
        6 => json!("x".repeat(466)),
        7 => json!([]),
        8 => json!({}),
        9 => json!(true),
        10 => json!(0),
        11 => json!(format!("0x{}", hex::encode(Fr::MODULUS.to_bytes_be()))),
        12 => json!("ff".repeat(32)),
        13 => json!(vec!["DE"; 40]),
        14 => json!("2026-02-29"),
        _ => json!({"attribute": "kyc_level", "op": ">=", "value": 1}),
    }
}

fn paths(v: &Value, prefix: String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                paths(
                    c,
                    format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                paths(c, format!("{prefix}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Structural edits of a JSON document: replace a node, add an unknown
/// field, remove a field or element, duplicate an element, edit a string or
/// number.
fn apply_structure(mut v: Value, edits: &[(usize, usize)]) -> Value {
    for &(at, how) in edits {
        let mut ps = Vec::new();
        paths(&v, String::new(), &mut ps);
        let node = v.pointer_mut(&ps[at % ps.len()]).unwrap();
        let arg = how / 8;
        let mut replacement = None;
        match (how % 8, &mut *node) {
            (0..=2, node) => *node = bad_value(arg),
            (3, Value::Object(m)) => {
                m.insert("unknownField".into(), bad_value(arg));
            }
            (3 | 4, Value::Array(a)) if !a.is_empty() => {
                let e = a[arg % a.len()].clone();
                a.push(e);
            }
            (4 | 5, Value::Object(m)) if !m.is_empty() => {
                let k = m.keys().nth(arg % m.len()).unwrap().clone();
                m.remove(&k);
            }
            (5, Value::Array(a)) if !a.is_empty() => {
                a.remove(arg % a.len());
            }
            (_, Value::String(s)) => match arg % 5 {
                0 => s.push('x'),
                1 => {
                    s.pop();
                }
                2 => *s = s.to_uppercase(),
                3 => *s = s.repeat(200),
                _ => *s = format!("0x{s}"),
            },
            (_, Value::Number(n)) => {
                let x = n.as_u64().unwrap_or(0);
                replacement = Some(match arg % 4 {
                    0 => json!(x.wrapping_add(1)),
                    1 => json!(x.wrapping_sub(1)),
                    2 => json!(-(x as f64)),
                    _ => json!(x as f64 + 0.5),
                });
            }
            (_, node) => *node = bad_value(arg),
        }
        if let Some(r) = replacement {
            *node = r;
        }
    }
    v
}

fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\[\\]{}\",:0-9a-zA-Z\\-. @/_]{0,80}",
        any::<String>(),
        prop::collection::vec(prop::sample::select(TOKENS), 0..30).prop_map(|t| t.concat()),
    ]
}

fn edits() -> impl Strategy<Value = Vec<ByteEdit>> {
    prop::collection::vec(byte_edit(), 1..5)
}

fn structure_edits() -> impl Strategy<Value = Vec<(usize, usize)>> {
    prop::collection::vec((any::<usize>(), any::<usize>()), 1..4)
}

/// Cases per proptest: `default`, or `PROPTEST_CASES` for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn random_bytes_never_panic_the_binary_parsers(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        header in 0usize..3,
    ) {
        check_proof(&bytes)?;
        check_presentation_bytes(&bytes)?;
        check_presentation_bytes(&[&b"ZKCP\x01"[..], &bytes].concat())?;
        let secret: Option<[u8; 32]> = bytes.get(..32).map(|b| b.try_into().unwrap());
        if let Some(s) = secret {
            match HolderSecret::from_bytes(&s) {
                Ok(h) => prop_assert_eq!(*h.to_bytes(), s),
                Err(e) => prop_assert!(matches!(e, Error::NonCanonical(_))),
            }
            check_issuer_hex(&hex::encode(s))?;
        }
        // Random bodies behind valid headers reach the arkworks decoder.
        let mut keyed = match header {
            0 => vk_bytes()[..KEY_HEADER].to_vec(),
            1 => pk_bytes()[..KEY_HEADER].to_vec(),
            _ => Vec::new(),
        };
        keyed.extend_from_slice(&bytes);
        check_vk(&keyed)?;
        check_pk(&keyed)?;
    }

    #[test]
    fn mutated_proofs_and_binary_presentations_never_panic(e in edits()) {
        check_proof(&apply_bytes(proof_bytes().to_vec(), &e))?;
        check_presentation_bytes(&apply_bytes(valid().binary.clone(), &e))?;
    }

    #[test]
    fn random_text_never_panics_the_text_parsers(text in jsonish()) {
        check_schema(&text)?;
        check_credential(&text)?;
        check_request(&text)?;
        check_presentation_json(&text)?;
        check_issuer_hex(&text)?;
        check_fr_hex(&text)?;
        match hash_string(&text) {
            Ok(_) => prop_assert!(text.len() <= encoding::MAX_STRING_BYTES),
            Err(e) => prop_assert!(matches!(e, Error::Encoding(_))),
        }
        match Date::parse(&text) {
            Ok(d) => prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d),
            Err(e) => prop_assert!(matches!(e, Error::InvalidDate)),
        }
    }

    #[test]
    fn any_day_number_is_a_date_or_refused(days in any::<i64>()) {
        match Date::from_days(days) {
            Ok(d) => prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d),
            Err(e) => prop_assert!(matches!(e, Error::InvalidDate)),
        }
    }

    #[test]
    fn hex_edits_never_panic_the_hex_parsers(e in edits()) {
        check_issuer_hex(&apply_text(&issuer_hex(), &e))?;
        check_fr_hex(&apply_text(&fr_to_hex(&-Fr::from(3u64)), &e))?;
    }

    #[test]
    fn mutated_verifying_keys_never_panic(e in edits()) {
        check_vk(&apply_bytes(vk_bytes().to_vec(), &e))?;
    }

    #[test]
    fn mutated_json_never_panics_the_json_parsers(e in edits(), s in structure_edits()) {
        let docs = [
            schema_json(),
            credential_json(),
            request_json(),
            presentation_json(),
        ];
        let texts: Vec<String> = docs.iter().map(Value::to_string).collect();
        let byte_edited: Vec<String> = texts.iter().map(|t| apply_text(t, &e)).collect();
        let structured: Vec<String> = docs
            .iter()
            .map(|d| apply_structure(d.clone(), &s).to_string())
            .collect();
        for t in [&byte_edited, &structured] {
            check_schema(&t[0])?;
            check_credential(&t[1])?;
            check_request(&t[2])?;
            check_presentation_json(&t[3])?;
        }
    }
}

#[test]
fn mutated_proving_keys_never_panic() {
    // Each load of a full proving key costs about a second: a fixed handful
    // of edits in the header, the verifying key part, the queries and the end.
    let bytes = pk_bytes();
    let n = bytes.len();
    for (i, edit) in [
        ByteEdit::Xor(30, 0x80),
        ByteEdit::Xor(KEY_HEADER + 40, 1),
        ByteEdit::Set(n / 3, 0xff),
        ByteEdit::Delete(n / 2, 1),
        ByteEdit::Insert(n - 100, vec![0]),
        ByteEdit::Xor(n - 1, 0x40),
    ]
    .into_iter()
    .enumerate()
    {
        // A flipped bit in an x-coordinate may well give another valid point.
        let r = ProvingKey::from_bytes(&apply_bytes(bytes.to_vec(), std::slice::from_ref(&edit)));
        assert!(
            matches!(r, Ok(_) | Err(Error::Key(_))),
            "edit {i} {edit:?}: {r:?}"
        );
    }
}

// --- Groth16 malleability ---------------------------------------------------

#[test]
fn malleated_proofs_verify_and_count_as_the_same_holder() {
    // Issue 16, point 5: Groth16 proofs are malleable. (-A, -B, C) and a
    // re-randomised proof of the same statement verify; nothing may take
    // proof bytes for an identity. The batch engine reports the nullifier,
    // the same for all three, and that is what duplicate detection keys on
    // (Python's `analytics`, `ZkcredRegistry.nullifierUsed`).
    use ark_groth16::Groth16;
    use zkcred_core::batch::{self, IdentityKind, RawProof};

    let v = valid();
    let (_, vk) = keys();
    let honest = &v.presentation;
    let ark = honest.proof.as_ark();
    let negated = ark_groth16::Proof::<Bn254> {
        a: -ark.a,
        b: -ark.b,
        c: ark.c,
    };
    let rerandomised = Groth16::<Bn254>::rerandomize_proof(vk.as_ark(), ark, &mut rng(31));
    let mut variants = vec![honest.clone()];
    for p in [negated, rerandomised] {
        let mut other = honest.clone();
        other.proof = Proof::from_bytes(&compressed(&p)).unwrap();
        assert_ne!(other.proof.to_bytes(), honest.proof.to_bytes());
        variants.push(other);
    }
    let nullifier = verifier::verify(&v.request, honest, vk).unwrap().nullifier;
    for p in &variants {
        assert_eq!(
            verifier::verify(&v.request, p, vk).unwrap().nullifier,
            nullifier
        );
    }
    // Both forms of each through the batch engine: six rows, all accepted,
    // one nullifier.
    let raw: Vec<RawProof> = variants
        .iter()
        .flat_map(|p| {
            [
                RawProof::Text(p.to_json()),
                RawProof::Bytes(p.to_bytes(&v.slots).unwrap()),
            ]
        })
        .collect();
    let kind = IdentityKind::new(v.request.clone(), vk.clone()).unwrap();
    let outcomes = batch::verify_all(&kind, &raw, Some(1)).unwrap();
    assert_eq!(outcomes.len(), 6);
    for o in outcomes {
        let accepted = o.result.unwrap();
        assert_eq!(accepted.nullifier.as_deref(), Some(nullifier.as_str()));
    }
}

// --- circom formats: .r1cs, .wtns, .zkey, .ptau (issue #13 point 1) ---------

/// The largest single allocation made by the current thread, so a test can
/// check that no parser sizes an allocation from a header field before the
/// bytes it announces are present.
mod alloc_peak {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    /// The test binary's allocator: the system's, noting each request's size.
    pub struct Tracking;

    thread_local! {
        static PEAK: Cell<usize> = const { Cell::new(0) };
    }

    fn note(size: usize) {
        let _ = PEAK.try_with(|p| p.set(p.get().max(size)));
    }

    // SAFETY: every call is forwarded unchanged to the system allocator.
    unsafe impl GlobalAlloc for Tracking {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            note(layout.size());
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            note(layout.size());
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            note(new_size);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// Runs `f`, returning its value and the largest allocation it made on
    /// this thread.
    pub fn peak<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = PEAK.with(|p| p.replace(0));
        let out = f();
        let peak = PEAK.with(|p| p.replace(before.max(p.get())));
        (out, peak)
    }
}

#[global_allocator]
static ALLOCATOR: alloc_peak::Tracking = alloc_peak::Tracking;

fn circom_vector(path: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The four circom parsers.
#[derive(Clone, Copy, Debug)]
enum CircomFormat {
    R1cs,
    Wtns,
    Zkey,
    Ptau,
}

/// A valid file of each format (snarkjs-made test vectors).
fn circom_files() -> &'static [(CircomFormat, Vec<u8>)] {
    static FILES: OnceLock<Vec<(CircomFormat, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        vec![
            (CircomFormat::R1cs, circom_vector("circom/cubic.r1cs")),
            (CircomFormat::Wtns, circom_vector("circom/cubic.wtns")),
            (CircomFormat::Zkey, circom_vector("circom/cubic_0000.zkey")),
            (CircomFormat::Zkey, circom_vector("circom/cubic_final.zkey")),
            (CircomFormat::Ptau, circom_vector("ptau/pot4_1.ptau")),
            (
                CircomFormat::Ptau,
                circom_vector("ptau/pot4_2_prepared.ptau"),
            ),
        ]
    })
}

/// Parses `bytes` as `format`: `Ok` with the file re-encoded (and checked to
/// parse back to the same value), or the error. A panic fails the test.
fn parse_circom(format: CircomFormat, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    use zkcred_core::circom::{ptau::Ptau, wtns, R1cs, Zkey};
    match format {
        CircomFormat::R1cs => R1cs::from_bytes(bytes).map(|r| {
            let out = r.to_bytes().unwrap();
            assert_eq!(R1cs::from_bytes(&out).unwrap(), r);
            out
        }),
        CircomFormat::Wtns => wtns::from_bytes(bytes).map(|w| {
            let out = wtns::to_bytes(&w).unwrap();
            assert_eq!(*wtns::from_bytes(&out).unwrap(), *w);
            out.to_vec()
        }),
        CircomFormat::Zkey => Zkey::from_bytes(bytes).map(|z| {
            let out = z.to_bytes().unwrap();
            assert_eq!(Zkey::from_bytes(&out).unwrap(), z);
            out
        }),
        CircomFormat::Ptau => Ptau::from_bytes(bytes).map(|p| {
            let out = p.to_bytes().unwrap();
            assert_eq!(Ptau::from_bytes(&out).unwrap(), p);
            out
        }),
    }
}

/// The largest allocation a parser may make for an input of `len` bytes:
/// a few times the input (decoded points are a little larger than their
/// encodings), never anything a header field alone asks for.
fn allocation_bound(len: usize) -> usize {
    8 * len + (64 << 10)
}

/// Parses `bytes`, which must be refused with a typed error (or parse and
/// round-trip, when `may_parse`), within the allocation bound.
fn check_circom(format: CircomFormat, bytes: &[u8], may_parse: bool, context: &str) {
    let (r, peak) = alloc_peak::peak(|| parse_circom(format, bytes));
    assert!(
        peak <= allocation_bound(bytes.len()),
        "{format:?} {context}: allocated {peak} bytes for an input of {}",
        bytes.len()
    );
    match r {
        Ok(_) => assert!(may_parse, "{format:?} {context}: accepted"),
        Err(e) => assert!(
            matches!(
                e,
                Error::Encoding(_) | Error::NonCanonical(_) | Error::UnsupportedVersion { .. }
            ),
            "{format:?} {context}: untyped error {e:?}"
        ),
    }
}

/// The sections of an iden3 binary file: (id, offset of the size field,
/// offset of the data, size).
fn circom_sections(bytes: &[u8]) -> Vec<(u32, usize, usize, usize)> {
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let count = u32_at(8) as usize;
    let mut at = 12;
    let mut out = Vec::new();
    for _ in 0..count {
        let id = u32_at(at);
        let size = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().unwrap()) as usize;
        out.push((id, at + 4, at + 12, size));
        at += 12 + size;
    }
    out
}

/// The offset of the data of section `id`.
fn circom_section(bytes: &[u8], id: u32) -> usize {
    circom_sections(bytes)
        .into_iter()
        .find(|s| s.0 == id)
        .map(|s| s.2)
        .unwrap_or_else(|| panic!("no section {id}"))
}

#[test]
fn circom_files_parse_and_round_trip() {
    // The tracker sees this thread's allocations (and only while asked).
    let (v, peak) = alloc_peak::peak(|| vec![1u8; 1 << 20]);
    assert!(peak >= 1 << 20 && v.len() == 1 << 20);
    for (format, bytes) in circom_files() {
        let out = parse_circom(*format, bytes).unwrap();
        // zkcred writes snarkjs's layout: the same bytes back.
        assert_eq!(&out, bytes, "{format:?}");
    }
}

#[test]
fn circom_files_refuse_every_truncation_and_trailing_bytes() {
    for (format, bytes) in circom_files() {
        let step = (bytes.len() / 3000).max(1);
        for n in (0..bytes.len()).step_by(step).chain([bytes.len() - 1]) {
            check_circom(*format, &bytes[..n], false, &format!("truncated to {n}"));
        }
        let mut longer = bytes.clone();
        longer.push(0);
        check_circom(*format, &longer, false, "a trailing byte");
        // A trailing byte inside the last section.
        let mut inner = bytes.clone();
        let last = circom_sections(bytes).last().copied().unwrap();
        inner[last.1..last.1 + 8].copy_from_slice(&(last.3 as u64 + 1).to_le_bytes());
        inner.push(0);
        check_circom(*format, &inner, false, "a longer last section");
    }
}

#[test]
fn circom_files_refuse_oversized_and_undersized_section_sizes() {
    for (format, bytes) in circom_files() {
        for (id, size_at, _, size) in circom_sections(bytes) {
            for bad in [
                u64::MAX,
                u64::MAX / 2,
                u64::from(u32::MAX),
                bytes.len() as u64,
                size as u64 + 1,
                (size as u64).saturating_sub(1),
            ] {
                let b = with(bytes, size_at..size_at + 8, &bad.to_le_bytes());
                check_circom(*format, &b, false, &format!("section {id} size {bad}"));
            }
        }
        // A section count far above the sections present.
        for count in [u32::MAX, 1 << 20, 100] {
            let b = with(bytes, 8..12, &count.to_le_bytes());
            check_circom(*format, &b, false, &format!("{count} sections"));
        }
        // Wrong magic, version 0 and a future version.
        let b = with(bytes, 0..4, b"zzzz");
        check_circom(*format, &b, false, "magic");
        for v in [0u32, 3, u32::MAX] {
            let b = with(bytes, 4..8, &v.to_le_bytes());
            check_circom(*format, &b, false, &format!("version {v}"));
        }
    }
}

/// (format, section, offset in it, width, description) of every count in a
/// header, for [`circom_headers_with_huge_counts_are_refused_without_allocating`].
const CIRCOM_COUNTS: &[(usize, u32, usize, usize, &str)] = &[
    // r1cs header: n8 (4), prime (32), nWires, nPubOut, nPubIn, nPrvIn, nLabels (u64), nConstraints.
    (0, 1, 36, 4, "r1cs nWires"),
    (0, 1, 40, 4, "r1cs nPubOut"),
    (0, 1, 44, 4, "r1cs nPubIn"),
    (0, 1, 48, 4, "r1cs nPrvIn"),
    (0, 1, 52, 8, "r1cs nLabels"),
    (0, 1, 60, 4, "r1cs nConstraints"),
    (0, 2, 0, 4, "r1cs first linear combination's terms"),
    // wtns header: n8, prime, nWitness.
    (1, 1, 36, 4, "wtns values"),
    // zkey Groth16 header: n8q, q, n8r, r, nVars, nPublic, domainSize.
    (2, 2, 72, 4, "zkey nVars"),
    (2, 2, 76, 4, "zkey nPublic"),
    (2, 2, 80, 4, "zkey domainSize"),
    (2, 4, 0, 4, "zkey coefficients"),
    (3, 10, 64, 4, "zkey contributions"),
    // ptau header: n8, q, power, ceremonyPower; contributions count.
    (4, 1, 36, 4, "ptau power"),
    (4, 1, 40, 4, "ptau ceremony power"),
    (4, 7, 0, 4, "ptau contributions"),
    (5, 7, 0, 4, "ptau contributions (prepared)"),
];

#[test]
fn circom_headers_with_huge_counts_are_refused_without_allocating() {
    let files = circom_files();
    for &(file, section, offset, width, what) in CIRCOM_COUNTS {
        let (format, bytes) = &files[file];
        let at = circom_section(bytes, section) + offset;
        let original = u64::from_le_bytes({
            let mut b = [0u8; 8];
            b[..width].copy_from_slice(&bytes[at..at + width]);
            b
        });
        for value in [
            u64::MAX,
            u64::from(u32::MAX),
            u64::from(u32::MAX / 2),
            1 << 28,
            1 << 20,
            original + 1,
        ] {
            let patch = &value.to_le_bytes()[..width];
            if patch == &bytes[at..at + width] {
                continue;
            }
            let b = with(bytes, at..at + width, patch);
            // One more may still describe a valid file (a label count, a
            // ceremony power, a private input taken from the internal
            // wires), and any label count at least the wires' is valid.
            let may_parse = value == original + 1 || what == "r1cs nLabels";
            check_circom(*format, &b, may_parse, &format!("{what} = {value}"));
        }
        // One less may describe a valid smaller file only by accident:
        // whatever it gives, no panic and no large allocation.
        if original > 0 {
            let b = with(
                bytes,
                at..at + width,
                &(original - 1).to_le_bytes()[..width],
            );
            check_circom(*format, &b, true, &format!("{what} - 1"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn mutated_circom_files_never_panic_nor_allocate_from_headers(
        file in 0usize..6,
        edits in edits(),
    ) {
        let (format, bytes) = &circom_files()[file];
        let b = apply_bytes(bytes.clone(), &edits);
        // A mutation may leave a valid file (a changed name, a changed
        // coefficient): then it round-trips.
        check_circom(*format, &b, true, &format!("{edits:?}"));
    }

    #[test]
    fn random_bodies_behind_circom_headers_never_panic(
        file in 0usize..6,
        body in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let (format, bytes) = &circom_files()[file];
        let b = [&bytes[..12], &body[..]].concat();
        check_circom(*format, &b, true, "random body");
    }
}
