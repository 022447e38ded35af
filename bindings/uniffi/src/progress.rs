//! Progress and cancellation of long operations, for the app: a
//! [`CancellationToken`] the app cancels (or that cancels itself when the
//! awaiting coroutine or `Task` is cancelled), and a [`ProofProgress`]
//! callback the app implements, told each [`ProofStage`] as it starts.
//! The prover checks the token between its stages (zkcred-core's
//! `prover::progress`), so a cancelled proof stops within one stage.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use zkcred_core::prover::progress::{Observer, Stage};

/// A stage of a proof, reported in this order ([`ProofProgress`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ProofStage {
    /// Checking natively that the credential answers the request.
    Checking,
    /// Computing the witness.
    Witness,
    /// The multi-scalar multiplications (the bulk of the time).
    Msm,
    /// Checking the proof before it leaves the wallet.
    Verify,
    /// The proof is made.
    Done,
}

impl From<Stage> for ProofStage {
    fn from(stage: Stage) -> Self {
        match stage {
            Stage::Witness => ProofStage::Witness,
            Stage::Msm => ProofStage::Msm,
            Stage::Verify => ProofStage::Verify,
        }
    }
}

/// Told each stage of a proof as it starts, on zkcred's worker thread:
/// post to the UI thread from there (e.g. `withContext(Dispatchers.Main)`,
/// `MainActor.run`). Keep it short; it must not throw.
#[uniffi::export(with_foreign)]
pub trait ProofProgress: Send + Sync {
    /// `stage` starts.
    fn on_stage(&self, stage: ProofStage);
}

/// A flag the app sets to stop an operation ([`CancellationToken::cancel`]).
/// An operation given a token checks it between its stages and then
/// throws `Cancelled`. Cancelling the coroutine or `Task` that awaits the
/// operation stops it too (the worker sees the dropped future as a
/// cancellation).
#[derive(Debug, Default, uniffi::Object)]
pub struct CancellationToken(AtomicBool);

#[uniffi::export]
impl CancellationToken {
    /// A token not cancelled yet.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CancellationToken::default())
    }

    /// Cancels the operations given this token (at their next stage).
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`CancellationToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// What the worker consults between stages: the app's token, the
/// operation's own (set when the awaiting future is dropped) and the app's
/// callback.
pub(crate) struct Watch {
    app: Option<Arc<CancellationToken>>,
    dropped: CancellationToken,
    progress: Option<Arc<dyn ProofProgress>>,
}

impl Watch {
    /// Watches with the app's `token` and `progress`, both optional.
    pub(crate) fn new(
        token: Option<Arc<CancellationToken>>,
        progress: Option<Arc<dyn ProofProgress>>,
    ) -> Arc<Watch> {
        Arc::new(Watch {
            app: token,
            dropped: CancellationToken::default(),
            progress,
        })
    }

    /// The awaiting future was dropped (its coroutine or `Task` cancelled).
    pub(crate) fn abandon(&self) {
        self.dropped.cancel();
    }

    /// Whether the app or the dropped future cancelled the operation.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.dropped.is_cancelled() || self.app.as_ref().is_some_and(|t| t.is_cancelled())
    }

    /// Reports `stage`; `false` when cancelled (then nothing is reported).
    pub(crate) fn report(&self, stage: ProofStage) -> bool {
        if self.is_cancelled() {
            return false;
        }
        if let Some(progress) = &self.progress {
            progress.on_stage(stage);
        }
        true
    }
}

impl Observer for Watch {
    fn stage(&self, stage: Stage) -> bool {
        self.report(stage.into())
    }
}
