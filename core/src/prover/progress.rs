//! Progress and cancellation of a proof on the calling thread: an app (a
//! phone's UI, through the mobile bindings) watches the prover's stages and
//! can stop it between two of them.
//!
//! [`observe`] runs a closure with an [`Observer`] installed for the current
//! thread; the prover calls it as each stage starts ([`Stage`]: the witness,
//! the multi-scalar multiplications, the proof's self-check). An observer
//! that answers `false` stops the proof there: the prover returns an error
//! ([`crate::Error::Proving`], whose message says it was cancelled) and no
//! proof. Without an observer the checks cost one thread-local read.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use ark_relations::gr1cs::SynthesisError;

/// A stage of a Groth16 proof, in the order the prover starts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Computing the witness (circuit synthesis and the QAP quotient).
    Witness,
    /// The multi-scalar multiplications over the proving key.
    Msm,
    /// Checking the proof against the key's verifying key before it is
    /// released ([`crate::keys::ProvingKeyFor::prove_verified`]).
    Verify,
}

/// Watches a proof on the thread that [`observe`]s it.
pub trait Observer: Send + Sync {
    /// Called as `stage` starts; `false` stops the proof there.
    fn stage(&self, stage: Stage) -> bool;
}

thread_local! {
    static OBSERVER: RefCell<Option<Arc<dyn Observer>>> = const { RefCell::new(None) };
    static STOPPED: Cell<bool> = const { Cell::new(false) };
}

/// Restores the previous observer when [`observe`] returns or unwinds.
struct Restore(Option<Arc<dyn Observer>>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        OBSERVER.with(|o| *o.borrow_mut() = previous);
    }
}

/// Runs `f` with `observer` watching every proof `f` makes on this thread.
pub fn observe<T>(observer: Arc<dyn Observer>, f: impl FnOnce() -> T) -> T {
    let previous = OBSERVER.with(|o| o.borrow_mut().replace(observer));
    let _restore = Restore(previous);
    STOPPED.with(|s| s.set(false));
    f()
}

/// Tells the observer that `stage` starts; an error when it stops the proof.
pub(crate) fn checkpoint(stage: Stage) -> Result<(), SynthesisError> {
    let observer = OBSERVER.with(|o| o.borrow().clone());
    match observer {
        Some(observer) if !observer.stage(stage) => {
            STOPPED.with(|s| s.set(true));
            // arkworks has no error for this: the caller reads `stopped`.
            Err(SynthesisError::AssignmentMissing)
        }
        _ => Ok(()),
    }
}

/// Whether the observer stopped the last proof on this thread.
pub(crate) fn stopped() -> bool {
    STOPPED.with(Cell::get)
}

/// The error of a proof that failed with `e`: cancelled when the observer
/// stopped it.
pub(crate) fn proving_error(e: SynthesisError) -> crate::Error {
    if stopped() {
        crate::Error::Proving("the proof was cancelled".into())
    } else {
        crate::Error::Proving(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    struct Record(Mutex<Vec<Stage>>, Option<Stage>);

    impl Observer for Record {
        fn stage(&self, stage: Stage) -> bool {
            self.0.lock().unwrap().push(stage);
            Some(stage) != self.1
        }
    }

    #[test]
    fn an_observer_sees_stages_and_stops_at_the_one_it_refuses() {
        let record = Arc::new(Record(Mutex::new(Vec::new()), Some(Stage::Msm)));
        let (out, error) = observe(record.clone(), || {
            let out = checkpoint(Stage::Witness)
                .and_then(|()| checkpoint(Stage::Msm))
                .and_then(|()| checkpoint(Stage::Verify));
            (out, proving_error(SynthesisError::AssignmentMissing))
        });
        assert!(out.is_err());
        assert_eq!(*record.0.lock().unwrap(), [Stage::Witness, Stage::Msm]);
        assert!(matches!(error, crate::Error::Proving(m) if m.contains("cancelled")));
        // The next observed proof starts afresh.
        assert!(!observe(record, stopped));
    }

    #[test]
    fn without_an_observer_checkpoints_pass() {
        assert!(checkpoint(Stage::Witness).is_ok());
        assert!(!stopped());
    }
}
