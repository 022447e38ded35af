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

use crate::errors::{guard, Result, ZkcredError};

/// Proving synthesises the circuit recursively in places; give the worker
/// the main thread's usual stack rather than a spawned thread's 2 MiB.
const STACK_BYTES: usize = 8 << 20;

struct Slot<T> {
    result: Option<Result<T>>,
    waker: Option<Waker>,
}

/// The result of work running on its own thread.
pub(crate) struct Background<T> {
    slot: Arc<Mutex<Slot<T>>>,
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
                slot.waker.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        });
    if spawned.is_err() {
        slot.lock().unwrap_or_else(|p| p.into_inner()).result = Some(Err(ZkcredError::Io(
            "could not start a worker thread".into(),
        )));
    }
    Background { slot }
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
            Err(ZkcredError::Unsatisfiable("no".into()))
        }));
        assert!(matches!(out, Err(ZkcredError::Unsatisfiable(_))));
    }
}
