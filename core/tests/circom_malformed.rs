//! Malformed circom files: truncated, bad magic or version, sections whose
//! sizes lie, counts far beyond the bytes present, points off the curve or
//! outside the subgroup, field elements not below their modulus. Each is a
//! typed error (never a panic, never a huge allocation); random corruption
//! of valid files never panics.

use std::path::PathBuf;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use zkcred_core::{
    circom::{binfile::BinFile, ptau::Ptau, r1cs::R1cs, wtns, Zkey},
    ErrorKind, Result,
};

fn vector(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/circom")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

type Parse = fn(&[u8]) -> Result<()>;

fn parsers() -> [(&'static str, &'static [u8; 4], Parse); 4] {
    [
        ("cubic.r1cs", b"r1cs", |b| R1cs::from_bytes(b).map(drop)),
        ("cubic.wtns", b"wtns", |b| wtns::from_bytes(b).map(drop)),
        ("cubic_final.zkey", b"zkey", |b| {
            Zkey::from_bytes(b).map(drop)
        }),
        ("pot6_final.ptau", b"ptau", |b| {
            Ptau::from_bytes(b).map(drop)
        }),
    ]
}

/// The offset of section `id`'s data in `bytes`.
fn section(bytes: &[u8], magic: &[u8; 4], id: u32) -> usize {
    let file = BinFile::parse(bytes, magic, 2, "test").unwrap();
    let data = file.sections().iter().find(|s| s.id == id).unwrap().data;
    data.as_ptr() as usize - bytes.as_ptr() as usize
}

fn put_u32(bytes: &mut [u8], at: usize, x: u32) {
    bytes[at..at + 4].copy_from_slice(&x.to_le_bytes());
}

fn kind(parse: Parse, bytes: &[u8]) -> ErrorKind {
    parse(bytes).unwrap_err().kind()
}

#[test]
fn the_valid_vectors_parse() {
    for (name, _, parse) in parsers() {
        parse(&vector(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn truncated_files_bad_magic_and_versions_are_refused() {
    for (name, _, parse) in parsers() {
        let bytes = vector(name);
        for n in (0..bytes.len()).step_by(if bytes.len() > 10_000 { 97 } else { 1 }) {
            assert_eq!(
                kind(parse, &bytes[..n]),
                ErrorKind::Encoding,
                "{name} cut at {n}"
            );
        }
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(kind(parse, &long), ErrorKind::Encoding, "{name} + 1 byte");
        let mut bad = bytes.clone();
        bad[..4].copy_from_slice(b"junk");
        assert_eq!(kind(parse, &bad), ErrorKind::Encoding, "{name} magic");
        let mut bad = bytes.clone();
        put_u32(&mut bad, 4, 7);
        assert_eq!(
            kind(parse, &bad),
            ErrorKind::UnsupportedVersion,
            "{name} version"
        );
    }
}

#[test]
fn section_sizes_that_lie_are_refused() {
    for (name, magic, parse) in parsers() {
        let bytes = vector(name);
        // The first section's size (at byte 16) one more, one less, huge.
        for size in [1u64, u64::MAX, u64::from(u32::MAX)] {
            let mut bad = bytes.clone();
            let old = u64::from_le_bytes(bad[16..24].try_into().unwrap());
            let new = if size == 1 { old + 1 } else { size };
            bad[16..24].copy_from_slice(&new.to_le_bytes());
            assert_eq!(kind(parse, &bad), ErrorKind::Encoding, "{name} size {new}");
        }
        // A section count beyond the bytes present.
        let mut bad = bytes.clone();
        put_u32(&mut bad, 8, u32::MAX);
        assert_eq!(kind(parse, &bad), ErrorKind::Encoding, "{name} count");
        let _ = magic;
    }
}

#[test]
fn huge_counts_are_refused_before_allocating() {
    // r1cs: nConstraints (the header's last u32) and the first combination's length.
    let r1cs = vector("cubic.r1cs");
    let h = section(&r1cs, b"r1cs", 1);
    let c = section(&r1cs, b"r1cs", 2);
    let mut bad = r1cs.clone();
    put_u32(&mut bad, h + 4 + 32 + 16 + 8, u32::MAX);
    assert_eq!(
        R1cs::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    let mut bad = r1cs.clone();
    put_u32(&mut bad, c, u32::MAX);
    assert_eq!(
        R1cs::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    // A wire beyond nWires.
    let mut bad = r1cs.clone();
    put_u32(&mut bad, c + 4, 1000);
    assert_eq!(
        R1cs::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    // nWires below the inputs it declares.
    let mut bad = r1cs.clone();
    put_u32(&mut bad, h + 4 + 32, 1);
    assert_eq!(
        R1cs::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );

    // wtns: nWitness.
    let w = vector("cubic.wtns");
    let mut bad = w.clone();
    put_u32(&mut bad, section(&w, b"wtns", 1) + 36, u32::MAX);
    assert_eq!(
        wtns::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );

    // zkey: nVars, domain size, coefficient count, contribution count.
    let z = vector("cubic_final.zkey");
    let g = section(&z, b"zkey", 2) + 72;
    for (at, value) in [
        (g, u32::MAX),
        (g + 4, u32::MAX),
        (g + 8, u32::MAX),
        (g + 8, 12),
        (g + 8, 1 << 30),
        (section(&z, b"zkey", 4), u32::MAX),
        (section(&z, b"zkey", 10) + 64, u32::MAX),
    ] {
        let mut bad = z.clone();
        put_u32(&mut bad, at, value);
        assert_eq!(
            Zkey::from_bytes(&bad).unwrap_err().kind(),
            ErrorKind::Encoding,
            "{at}"
        );
    }
    // A coefficient outside the matrices.
    let mut bad = z.clone();
    put_u32(&mut bad, section(&z, b"zkey", 4) + 4, 2);
    assert_eq!(
        Zkey::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );

    // ptau: power and contribution count.
    let p = vector("pot6_final.ptau");
    for (at, value) in [
        (section(&p, b"ptau", 1) + 36, 40),
        (section(&p, b"ptau", 1) + 36, 7),
        (section(&p, b"ptau", 7), u32::MAX),
    ] {
        let mut bad = p.clone();
        put_u32(&mut bad, at, value);
        assert_eq!(
            Ptau::from_bytes(&bad).unwrap_err().kind(),
            ErrorKind::Encoding,
            "{at}"
        );
    }
}

#[test]
fn bad_points_and_field_elements_are_refused() {
    let z = vector("cubic_final.zkey");
    let alpha = section(&z, b"zkey", 2) + 84;
    // alpha's x plus one: off the curve.
    let mut bad = z.clone();
    bad[alpha] ^= 1;
    assert_eq!(
        Zkey::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    // alpha's x not below q.
    let mut bad = z.clone();
    bad[alpha..alpha + 32].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        Zkey::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::NonCanonical
    );
    // A point of an IC, A, B2, C, H and contribution section off the curve.
    for id in [3, 5, 7, 8, 9, 10] {
        let mut bad = z.clone();
        let at = section(&z, b"zkey", id) + if id == 10 { 68 } else { 0 };
        bad[at] ^= 1;
        bad[at + 1] ^= 1;
        assert!(Zkey::from_bytes(&bad).is_err(), "section {id}");
    }
    // beta2 replaced by a point of the twist outside G2.
    use ark_bn254::{Fq, Fq2, G2Affine};
    use ark_ec::short_weierstrass::SWCurveConfig;
    use ark_ff::Field;
    let mut x = Fq2::new(Fq::from(1u64), Fq::from(0u64));
    let outside = loop {
        if let Some(y) = (x * x * x + ark_bn254::g2::Config::COEFF_B).sqrt() {
            break G2Affine::new_unchecked(x, y);
        }
        x += Fq2::ONE;
    };
    assert!(!outside.is_in_correct_subgroup_assuming_on_curve());
    let mut encoded = Vec::new();
    zkcred_core::circom::points::write_g2(&mut encoded, &outside);
    let mut bad = z.clone();
    let beta2 = alpha + 128;
    bad[beta2..beta2 + 128].copy_from_slice(&encoded);
    assert_eq!(
        Zkey::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    let p = vector("pot6_final.ptau");
    let mut bad = p.clone();
    let tau_g2 = section(&p, b"ptau", 3) + 128;
    bad[tau_g2..tau_g2 + 128].copy_from_slice(&encoded);
    assert_eq!(
        Ptau::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );

    // wtns and r1cs values not below r.
    let w = vector("cubic.wtns");
    let mut bad = w.clone();
    let v = section(&w, b"wtns", 2);
    bad[v..v + 32].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        wtns::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::NonCanonical
    );
    let r = vector("cubic.r1cs");
    let mut bad = r.clone();
    let c = section(&r, b"r1cs", 2) + 8;
    bad[c..c + 32].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        R1cs::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::NonCanonical
    );
    // Another prime in a header.
    let mut bad = r.clone();
    bad[section(&r, b"r1cs", 1) + 4] ^= 1;
    assert_eq!(
        R1cs::from_bytes(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );
}

#[test]
fn random_corruption_never_panics() {
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    for (name, _, parse) in parsers() {
        let bytes = vector(name);
        let rounds = if bytes.len() > 10_000 { 60 } else { 400 };
        for _ in 0..rounds {
            let mut bad = bytes.clone();
            for _ in 0..rng.gen_range(1..4) {
                let at = rng.gen_range(0..bad.len());
                bad[at] = rng.gen();
            }
            // Corruption of padding (e.g. unused bytes of a name) may parse.
            let _ = parse(&bad);
        }
    }
}
