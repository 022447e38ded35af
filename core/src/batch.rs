//! Batch verification: many proofs against one verifier's policy, on all
//! cores (feature `parallel`; one thread without it), each proof timed, and
//! a panic caught as one refused row instead of ending the batch.
//!
//! The engine is generic over the kind of proof ([`ProofKind`]): identity
//! presentations ([`IdentityKind`]) here, transparent credit proofs with the
//! credit code. Front ends (Python's `verify_batch`, the CLI's
//! `verify-batch`, the mobile SDK's `verify_batch` and wasm's `verifyBatch`)
//! collect the proofs, call [`verify_all`], and turn the [`Outcome`]s into
//! their own table, mapping each refusal's [`ErrorKind`] to their own error
//! names.
//!
//! Each row is timed with a monotonic clock: `std::time::Instant` in
//! [`verify_all`]; [`verify_all_with_clock`] takes another (the wasm binding
//! passes the page's `performance.now()`, since `Instant::now()` panics on
//! `wasm32-unknown-unknown`).

use std::{
    collections::BTreeMap,
    panic::{catch_unwind, AssertUnwindSafe},
    time::{Duration, Instant},
};

use crate::{
    keys::VerifyingKey, verifier, ErrorDetails, ErrorKind, Presentation, PresentationRequest,
    Result,
};

/// One proof of a batch as received: a byte string (a binary envelope, or
/// UTF-8 JSON) or text (JSON).
#[derive(Clone, Debug)]
pub enum RawProof {
    /// Bytes: the compact binary form when they start with its magic,
    /// otherwise UTF-8 JSON.
    Bytes(Vec<u8>),
    /// JSON text.
    Text(String),
}

/// What an accepted proof establishes, in the batch table's terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Accepted {
    /// The holder's nullifier in the verifier's scope (hex), if the kind has
    /// one.
    pub nullifier: Option<String>,
    /// Disclosed fields by name.
    pub disclosed: BTreeMap<String, serde_json::Value>,
}

/// Why a proof was refused: the kind of error (`None` for a caught panic,
/// which is a bug), its value-free message (opaque for a failed
/// verification) and its structured details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The error's kind; `None` when verifying the proof panicked.
    pub kind: Option<ErrorKind>,
    /// Its message ([`PANIC_MESSAGE`] for a panic).
    pub reason: String,
    /// Its details ([`crate::Error::details`]; empty for a panic).
    pub details: ErrorDetails,
}

/// The reason of a row whose verification panicked. The panic's own text is
/// not passed on: it might quote data (core's panics are static `expect`
/// messages, but a dependency's need not be).
pub const PANIC_MESSAGE: &str =
    "internal error: a Rust panic in zkcred was caught (this is a bug; please report it)";

/// The outcome of one proof.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Accepted with what it shows, or refused with why.
    pub result: core::result::Result<Accepted, Rejected>,
    /// Time spent parsing and verifying this proof.
    pub elapsed: Duration,
}

/// A kind of proof a batch verifies: parses one raw proof and checks it
/// against the verifier's own policy.
pub trait ProofKind: Sync {
    /// Verifies one proof.
    fn verify(&self, proof: &RawProof) -> Result<Accepted>;
}

/// Identity presentations against one [`PresentationRequest`].
pub struct IdentityKind {
    request: PresentationRequest,
    slots: Vec<(usize, String)>,
    vk: VerifyingKey,
}

impl IdentityKind {
    /// Checks the request once (a malformed request fails the whole batch,
    /// not each row).
    pub fn new(request: PresentationRequest, vk: VerifyingKey) -> Result<Self> {
        let slots = request.compile()?.disclosed;
        Ok(IdentityKind { request, slots, vk })
    }
}

/// Parses a presentation in either form; `slots` are the request's disclosed
/// attributes (for the binary form).
pub fn parse_presentation(proof: &RawProof, slots: &[(usize, String)]) -> Result<Presentation> {
    proof.check_not_empty()?;
    match proof {
        RawProof::Text(json) => Presentation::from_json(json),
        RawProof::Bytes(b) => Presentation::from_bytes_or_json(b, slots),
    }
}

impl RawProof {
    /// Whether the proof is empty (no bytes, or only white space): an empty
    /// cell of a table, a blank line, which parsers would call malformed
    /// JSON at line 1 column 0. Parsers refuse it as
    /// [`EMPTY_PROOF`] instead.
    pub fn is_empty(&self) -> bool {
        match self {
            RawProof::Bytes(b) => b.iter().all(u8::is_ascii_whitespace),
            RawProof::Text(t) => t.trim().is_empty(),
        }
    }

    /// [`Error::MalformedProof`]`("empty proof")` when [`RawProof::is_empty`].
    pub fn check_not_empty(&self) -> Result<()> {
        if self.is_empty() {
            return Err(EMPTY_PROOF);
        }
        Ok(())
    }
}

/// The error for an empty proof: "malformed proof: empty proof".
pub const EMPTY_PROOF: crate::Error = crate::Error::MalformedProof("empty proof");

impl ProofKind for IdentityKind {
    fn verify(&self, proof: &RawProof) -> Result<Accepted> {
        let presentation = parse_presentation(proof, &self.slots)?;
        let verified = verifier::verify(&self.request, &presentation, &self.vk)?;
        Ok(Accepted {
            nullifier: Some(verified.nullifier),
            disclosed: verified.disclosed,
        })
    }
}

fn verify_one<K: ProofKind>(kind: &K, proof: &RawProof, clock: &Clock<'_>) -> Outcome {
    let start = clock();
    let result = match catch_unwind(AssertUnwindSafe(|| kind.verify(proof))) {
        Ok(Ok(accepted)) => Ok(accepted),
        Ok(Err(e)) => Err(Rejected {
            kind: Some(e.kind()),
            reason: e.to_string(),
            details: e.details(),
        }),
        Err(_) => Err(Rejected {
            kind: None,
            reason: PANIC_MESSAGE.into(),
            details: ErrorDetails::default(),
        }),
    };
    Outcome {
        result,
        elapsed: clock().saturating_sub(start),
    }
}

/// A monotonic clock for [`verify_all_with_clock`]: the time since a fixed
/// instant of the caller's choice.
pub type Clock<'a> = dyn Fn() -> Duration + Sync + 'a;

/// Verifies every proof, in input order, on `threads` threads (`None`: all
/// cores, rayon's global pool; without the `parallel` feature, one thread).
/// Never fails row by row: each row says why it was refused, a panic
/// included. Fails as a whole only when the thread pool cannot be built
/// ([`crate::Error::Io`]).
///
/// Times rows with `std::time::Instant`, which panics on
/// `wasm32-unknown-unknown`: there, use [`verify_all_with_clock`].
pub fn verify_all<K: ProofKind>(
    kind: &K,
    proofs: &[RawProof],
    threads: Option<usize>,
) -> Result<Vec<Outcome>> {
    let epoch = Instant::now();
    verify_all_with_clock(kind, proofs, threads, &|| epoch.elapsed())
}

/// [`verify_all`], timing each row with `clock` (for a platform without
/// `std::time::Instant`).
pub fn verify_all_with_clock<K: ProofKind>(
    kind: &K,
    proofs: &[RawProof],
    threads: Option<usize>,
    clock: &Clock<'_>,
) -> Result<Vec<Outcome>> {
    #[cfg(feature = "threads")]
    {
        use rayon::prelude::*;
        let run = || {
            proofs
                .par_iter()
                .map(|p| verify_one(kind, p, clock))
                .collect::<Vec<_>>()
        };
        match threads {
            None => Ok(run()),
            Some(n) => Ok(rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()
                .map_err(|e| crate::Error::Io(format!("thread pool: {e}")))?
                .install(run)),
        }
    }
    #[cfg(not(feature = "threads"))]
    {
        let _ = threads;
        Ok(proofs.iter().map(|p| verify_one(kind, p, clock)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    /// A kind that accepts "ok", refuses anything else, and panics on "boom".
    struct Toy;

    impl ProofKind for Toy {
        fn verify(&self, proof: &RawProof) -> Result<Accepted> {
            match proof {
                RawProof::Text(t) if t == "ok" => Ok(Accepted {
                    nullifier: Some("0x01".into()),
                    disclosed: BTreeMap::new(),
                }),
                RawProof::Text(t) if t == "boom" => panic!("toy panic"),
                _ => Err(Error::VerificationFailed),
            }
        }
    }

    fn texts(items: &[&str]) -> Vec<RawProof> {
        items.iter().map(|s| RawProof::Text((*s).into())).collect()
    }

    #[test]
    fn rows_keep_input_order_and_name_the_failure() {
        let proofs = texts(&["ok", "bad", "ok", "bad", "ok"]);
        for threads in [None, Some(1), Some(2)] {
            let out = verify_all(&Toy, &proofs, threads).unwrap();
            let accepted: Vec<bool> = out.iter().map(|o| o.result.is_ok()).collect();
            assert_eq!(accepted, [true, false, true, false, true]);
            let refused = out[1].result.as_ref().unwrap_err();
            assert_eq!(refused.kind, Some(ErrorKind::VerificationFailed));
            assert_eq!(refused.reason, "the presentation does not verify");
        }
    }

    #[test]
    fn a_panic_is_one_refused_row_not_a_crash() {
        let out = verify_all(&Toy, &texts(&["ok", "boom", "ok"]), Some(2)).unwrap();
        assert!(out[0].result.is_ok() && out[2].result.is_ok());
        let refused = out[1].result.as_ref().unwrap_err();
        assert_eq!(refused.kind, None);
        assert_eq!(refused.reason, PANIC_MESSAGE);
        assert!(!refused.reason.contains("toy panic"));
    }

    #[test]
    fn rows_are_timed_with_the_given_clock() {
        // A clock that advances 5 ms at each reading: one thread reads it
        // twice per row, so each row took exactly 5 ms.
        let ticks = std::sync::atomic::AtomicU64::new(0);
        let clock = || {
            let n = ticks.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Duration::from_millis(5 * n)
        };
        let out =
            verify_all_with_clock(&Toy, &texts(&["ok", "bad", "ok"]), Some(1), &clock).unwrap();
        for o in &out {
            assert_eq!(o.elapsed, Duration::from_millis(5));
        }
        assert_eq!(ticks.into_inner(), 6);
    }

    #[test]
    fn a_refusal_carries_the_errors_details() {
        struct Refuses;
        impl ProofKind for Refuses {
            fn verify(&self, _: &RawProof) -> Result<Accepted> {
                Err(Error::Unsatisfiable(crate::Unsatisfied::predicate(
                    1,
                    "kyc_level",
                    "predicate 1 (`kyc_level` >=) does not hold",
                )))
            }
        }
        let out = verify_all(&Refuses, &texts(&["x"]), None).unwrap();
        let refused = out[0].result.as_ref().unwrap_err();
        assert_eq!(refused.kind, Some(ErrorKind::Unsatisfiable));
        assert_eq!(refused.details.predicate, Some(1));
        assert_eq!(refused.details.attribute.as_deref(), Some("kyc_level"));
    }

    #[test]
    fn bytes_that_are_neither_form_are_an_encoding_error() {
        let e = parse_presentation(&RawProof::Bytes(vec![0xff, 0xfe]), &[]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
        let e = parse_presentation(&RawProof::Bytes(b"ZKCP".to_vec()), &[]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
        let e = parse_presentation(&RawProof::Bytes(b"{".to_vec()), &[]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Json);
    }

    #[test]
    fn an_empty_proof_says_so() {
        for raw in [
            RawProof::Bytes(vec![]),
            RawProof::Bytes(b" \n".to_vec()),
            RawProof::Text(String::new()),
            RawProof::Text("\t".into()),
        ] {
            let e = parse_presentation(&raw, &[]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedProof);
            assert_eq!(e.to_string(), "malformed proof: empty proof");
        }
    }
}
