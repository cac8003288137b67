//! Containing a decoder's panic. The parquet and arrow readers assert on some damaged
//! files instead of returning an error; one bad file in a landing zone must not end the
//! explorer. Code run under [`contained`] (or [`contained_async`]) turns such a panic into
//! an error text, and the explorer's panic hook asks [`is_contained`] to let it pass.

use std::cell::Cell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::task::Poll;

thread_local! {
    /// How many [`contained`] calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Whether a panic raised now, on this thread, will be caught by [`contained`]: the panic
/// hook then only logs it.
pub fn is_contained() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Runs `f`; a panic inside becomes `Err` with its message. Only for decoders of
/// untrusted bytes whose state is dropped with the error (hence `AssertUnwindSafe`).
pub fn contained<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader stopped".to_string())
    })
}

/// [`contained`] for a future: every poll is contained, and a panic ends the future with
/// `Err` (the future, in whatever state it was left, is dropped).
pub async fn contained_async<F: Future>(f: F) -> Result<F::Output, String> {
    let mut f = Box::pin(f);
    std::future::poll_fn(move |cx| match contained(|| f.as_mut().poll(cx)) {
        Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
        Ok(Poll::Pending) => Poll::Pending,
        Err(e) => Poll::Ready(Err(e)),
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_the_depth_unwinds() {
        let r: Result<(), String> = contained(|| panic!("column start is negative"));
        assert_eq!(r, Err("column start is negative".to_string()));
        assert!(!is_contained());
        assert_eq!(contained(is_contained), Ok(true));
    }

    #[test]
    fn a_future_that_panics_on_a_later_poll_ends_with_the_message() {
        let mut polls = 0;
        let fut = std::future::poll_fn(move |cx| {
            polls += 1;
            if polls < 3 {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            panic!("bit chunk out of range at poll {polls}")
        });
        let r: Result<(), String> = block_on(contained_async(fut));
        assert_eq!(r, Err("bit chunk out of range at poll 3".to_string()));
    }

    /// A minimal executor for the test: polls until ready, waking itself.
    fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = Box::pin(f);
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }
}
