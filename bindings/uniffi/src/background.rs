//! Running long operations (proving, key loading, key generation) off the
//! caller's thread.
//!
//! uniffi has no runtime of its own: an exported `async fn` is polled by the
//! foreign side (Kotlin coroutines, Swift concurrency) on whatever thread
//! awaits it. So the work runs on a fresh thread of its own and the future
//! only waits for its result: awaiting it from Android's main thread or a
//! `@MainActor` task never blocks that thread. Arkworks' rayon pool still
//! spreads the proof's multi-scalar multiplications over all cores.

use std::{
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll, Waker},
};

use zkcred_core::prover::progress::observe;

use crate::{
    errors::{guard, Result, ZkcredError},
    progress::{ProofStage, Watch},
};

/// Proving synthesises the circuit recursively in places; give the worker
/// the main thread's usual stack rather than a spawned thread's 2 MiB.
const STACK_BYTES: usize = 8 << 20;

struct Slot<T> {
    result: Option<Result<T>>,
    waker: Option<Waker>,
    done: bool,
}

/// The result of work running on its own thread.
pub(crate) struct Background<T> {
    slot: Arc<Mutex<Slot<T>>>,
    /// Told when the future is dropped before the work is done.
    watch: Option<Arc<Watch>>,
}

impl<T> Drop for Background<T> {
    fn drop(&mut self) {
        let done = self.slot.lock().unwrap_or_else(|p| p.into_inner()).done;
        if let (false, Some(watch)) = (done, &self.watch) {
            watch.abandon();
        }
    }
}

/// Starts `work` on a new thread as [`run`] does, watched by `watch`: the
/// stages are reported to the app's callback (`Checking` first, `Done`
/// last, the prover's in between), the work stops at its next stage once
/// the app's token is cancelled or the future is dropped, and then resolves
/// to [`ZkcredError::Cancelled`] (whatever the work returned).
pub(crate) fn run_watched<T, F>(watch: Arc<Watch>, work: F) -> Background<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let theirs = Arc::clone(&watch);
    let mut background = run(move || {
        if !theirs.report(ProofStage::Checking) {
            return Err(ZkcredError::Cancelled);
        }
        let out = observe(theirs.clone(), work);
        if !theirs.report(ProofStage::Done) {
            return Err(ZkcredError::Cancelled);
        }
        out
    });
    background.watch = Some(watch);
    background
}

/// Starts `work` on a new thread; the returned future resolves to its result
/// (or [`ZkcredError::Internal`] if it panicked). Dropping the future does not
/// stop the work; its result is then dropped.
pub(crate) fn run<T, F>(work: F) -> Background<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let slot = Arc::new(Mutex::new(Slot {
        result: None,
        waker: None,
        done: false,
    }));
    let theirs = Arc::clone(&slot);
    let spawned = std::thread::Builder::new()
        .name("zkcred-worker".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let result = guard(work);
            let waker = {
                let mut slot = theirs.lock().unwrap_or_else(|p| p.into_inner());
                slot.result = Some(result);
                slot.done = true;
                slot.waker.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        });
    if spawned.is_err() {
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        slot.result = Some(Err(ZkcredError::Io {
            path: None,
            reason: "could not start a worker thread".into(),
        }));
        slot.done = true;
    }
    Background { slot, watch: None }
}

impl<T> Future for Background<T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        match slot.result.take() {
            Some(result) => Poll::Ready(result),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::task::{Wake, Waker};

    use super::*;

    struct Unpark(std::thread::Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    fn block_on<T>(mut future: Background<T>) -> Result<T> {
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        loop {
            if let Poll::Ready(out) = Pin::new(&mut future).poll(&mut cx) {
                return out;
            }
            std::thread::park();
        }
    }

    #[test]
    fn runs_on_another_thread() {
        let caller = std::thread::current().id();
        let worker = block_on(run(|| Ok(std::thread::current().id()))).unwrap();
        assert_ne!(worker, caller);
    }

    #[test]
    fn a_panicking_worker_is_internal() {
        let out = block_on(run::<(), _>(|| panic!("boom")));
        assert!(matches!(out, Err(ZkcredError::Internal)));
    }

    #[test]
    fn errors_come_back_typed() {
        let out = block_on(run::<(), _>(|| {
            Err(ZkcredError::Unsatisfiable {
                predicate_index: Some(2),
                attribute: None,
                reason: "no".into(),
            })
        }));
        assert!(matches!(
            out,
            Err(ZkcredError::Unsatisfiable {
                predicate_index: Some(2),
                ..
            })
        ));
    }

    #[test]
    fn a_cancelled_token_resolves_to_cancelled_without_running_the_work() {
        let token = crate::CancellationToken::new();
        token.cancel();
        let ran = Arc::new(Mutex::new(false));
        let flag = Arc::clone(&ran);
        let out = block_on(run_watched(Watch::new(Some(token), None), move || {
            *flag.lock().unwrap() = true;
            Ok(())
        }));
        assert!(matches!(out, Err(ZkcredError::Cancelled)));
        assert!(!*ran.lock().unwrap());
    }

    #[test]
    fn dropping_the_future_before_the_work_is_done_cancels_it() {
        let watch = Watch::new(None, None);
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let future = run_watched(Arc::clone(&watch), move || {
            let _ = wait.recv();
            Ok(())
        });
        assert!(!watch.is_cancelled());
        drop(future);
        assert!(watch.is_cancelled());
        let _ = go.send(());
    }

    #[test]
    fn a_finished_future_leaves_the_token_alone() {
        let token = crate::CancellationToken::new();
        let watch = Watch::new(Some(Arc::clone(&token)), None);
        assert!(block_on(run_watched(Arc::clone(&watch), || Ok(3))).is_ok());
        assert!(!watch.is_cancelled() && !token.is_cancelled());
    }
}
