//! One time budget per document, checked by every stage as it goes.
//!
//! A document is read on a thread of its own ([`run`]), which carries the document's
//! deadline. The stages call [`check`] at their natural steps (a page, a table, a
//! group of lines); past the deadline, `check` unwinds the thread's stack to [`run`]
//! (with `resume_unwind`, so no panic message is printed), which reports a time-out.
//! The thread is then finished: nothing of the document keeps running. This needs the
//! default `panic = "unwind"`; a build with `panic = "abort"` cannot stop a reader in
//! time, nor survive a panic in a dependency.
//!
//! A panic anywhere in the document's work is reported as such, with its message, and
//! never as a time-out.

use std::any::Any;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

use crate::error::{Error, ErrorKind};

/// The stack of a document's thread. Every reader bounds its recursion; the room is
/// for the interpreter's, which is bounded by the limits put on the document first.
/// (It counts against an address-space limit such as `--memory-limit`'s.)
pub(crate) const STACK_BYTES: usize = 32 << 20;

/// Extra time allowed past the deadline for the thread to notice it, before the caller
/// is answered without it (which only a reader stuck outside every check can cause).
const GRACE: Duration = Duration::from_secs(10);

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// The payload of the unwinding that stops a document past its deadline.
struct TimedOut;

/// Stops the current document's work if its deadline has passed.
pub fn check() {
    if passed() {
        resume_unwind(Box::new(TimedOut));
    }
}

/// The current thread's deadline, to hand on to the threads its work starts.
pub fn current() -> Option<Instant> {
    DEADLINE.with(Cell::get)
}

/// Puts the current thread under `deadline` (one [`current`] gave on the thread that
/// started it).
pub fn set(deadline: Option<Instant>) {
    DEADLINE.with(|d| d.set(deadline));
}

/// Whether the current document's deadline has passed (for code that must stop by
/// returning, such as a callback from a dependency).
pub fn passed() -> bool {
    DEADLINE.with(|d| d.get().is_some_and(|end| Instant::now() >= end))
}

/// A panic's message.
fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Whether an unwinding payload is the deadline's.
pub fn is_time_out(payload: &(dyn Any + Send)) -> bool {
    payload.is::<TimedOut>()
}

/// Runs `work` on a thread of its own under a deadline `limit` from now, and waits
/// for it: the result, a time-out, or a panic — each as what it is.
pub fn run<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let timed_out = || {
        Error::new(ErrorKind::TimedOut {
            seconds: limit.as_secs(),
        })
    };
    let end = Instant::now().checked_add(limit);
    let (send, receive) = std::sync::mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("yusuan-document".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            DEADLINE.with(|d| d.set(end));
            let outcome = catch_unwind(AssertUnwindSafe(work));
            // The receiver may be gone after the grace; then nobody wants the result.
            let _ = send.send(outcome);
        })
        .map_err(|e| {
            Error::new(ErrorKind::Internal {
                detail: format!("cannot start the document's thread: {e}"),
            })
        })?;
    let wait = limit.checked_add(GRACE).unwrap_or(Duration::MAX);
    let outcome = match receive.recv_timeout(wait) {
        Ok(outcome) => outcome,
        // The thread ignored its deadline: answer now; it is left to end on its own.
        Err(_) => return Err(timed_out()),
    };
    let _ = worker.join();
    match outcome {
        Ok(result) => result,
        Err(payload) if is_time_out(payload.as_ref()) => Err(timed_out()),
        Err(payload) => Err(Error::new(ErrorKind::Internal {
            detail: format!("a panic: {}", message(payload.as_ref())),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn work_within_its_time_comes_back() {
        assert_eq!(run(Duration::from_secs(5), || Ok(7)).unwrap(), 7);
    }

    #[test]
    fn work_past_its_deadline_stops_and_leaves_nothing_running() {
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = stopped.clone();
        let result: Result<(), Error> = run(Duration::from_millis(100), move || {
            struct Flag(Arc<AtomicBool>);
            impl Drop for Flag {
                fn drop(&mut self) {
                    self.0.store(true, Ordering::SeqCst);
                }
            }
            let _flag = Flag(flag);
            loop {
                check();
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        assert!(matches!(
            result.unwrap_err().kind(),
            ErrorKind::TimedOut { .. }
        ));
        // The work's stack was unwound and its thread joined before `run` returned.
        assert!(stopped.load(Ordering::SeqCst));
    }

    #[test]
    fn a_panic_is_reported_as_a_panic() {
        let result: Result<(), Error> =
            run(Duration::from_secs(60), || panic!("capacity overflow"));
        let error = result.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Internal { .. }));
        assert!(error.to_string().contains("capacity overflow"), "{error}");
    }

    #[test]
    fn without_a_deadline_check_does_nothing() {
        check();
        assert!(!passed());
    }
}
