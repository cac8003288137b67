//! Acting on many objects at once: one change per object, a bounded number in flight,
//! each sent at most once, and every object's end told as it comes (for a progress line)
//! and summed up at the end. The explorer's mark-and-act and the CLI's many-id commands
//! both run through [`run`], so they count and word the ends the same way.
//!
//! A change whose answer was lost ([`ApiError::may_have_applied`]) is `Unsure`, never
//! sent again: the user looks before resending. Objects the caller knows need nothing
//! (a retry of a run that did not fail) are `Skipped` before anything is sent.

use std::future::Future;

use futures::StreamExt;
use futures::stream;

use crate::error::ApiError;

/// How many changes are in flight at once unless the caller says otherwise: enough to
/// finish forty retries quickly, few enough not to be throttled.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// An error that can say whether the change it ended may have been applied all the
/// same (its answer lost): what tells `Unsure` from `Refused`. The Flow Service client's
/// [`ApiError`] is one; a caller sending through another client (AWS) or through its own
/// journaling layer gives its own.
pub trait Failure {
    fn may_have_applied(&self) -> bool;
}

impl Failure for ApiError {
    fn may_have_applied(&self) -> bool {
        ApiError::may_have_applied(self)
    }
}

impl Failure for crate::aws::AwsError {
    fn may_have_applied(&self) -> bool {
        self.unsure()
    }
}

/// How one object's change ended.
#[derive(Debug)]
pub enum End<T, E = ApiError> {
    /// Applied; `T` is what the service answered.
    Done(T),
    /// Not sent: the object needs nothing, for the reason given.
    Skipped(String),
    /// The service refused it; nothing changed.
    Refused(E),
    /// Sent, but the answer was lost: it may or may not have been applied.
    Unsure(E),
}

impl<T, E: Failure> End<T, E> {
    fn of(result: Result<T, E>) -> End<T, E> {
        match result {
            Ok(v) => End::Done(v),
            Err(e) if e.may_have_applied() => End::Unsure(e),
            Err(e) => End::Refused(e),
        }
    }
}

impl<T, E> End<T, E> {
    /// The word a summary line uses.
    pub fn word(&self) -> &'static str {
        match self {
            End::Done(_) => "done",
            End::Skipped(_) => "skipped",
            End::Refused(_) => "refused",
            End::Unsure(_) => "unsure",
        }
    }

    /// Refused or unsure: what makes a CLI exit with 1.
    pub fn is_failure(&self) -> bool {
        matches!(self, End::Refused(_) | End::Unsure(_))
    }
}

/// What to do with one object: skip it (with the reason) or send its change.
pub enum Plan<I> {
    Send(I),
    Skip(String),
}

/// The ends of a whole run, in the order the objects were given.
#[derive(Debug)]
pub struct Summary<K, T, E = ApiError> {
    pub ends: Vec<(K, End<T, E>)>,
}

impl<K, T, E> Summary<K, T, E> {
    /// Counts by word: done, skipped, refused, unsure.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for (_, end) in &self.ends {
            match end {
                End::Done(_) => c.done += 1,
                End::Skipped(_) => c.skipped += 1,
                End::Refused(_) => c.refused += 1,
                End::Unsure(_) => c.unsure += 1,
            }
        }
        c
    }

    pub fn any_failed(&self) -> bool {
        self.ends.iter().any(|(_, e)| e.is_failure())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: usize,
    pub skipped: usize,
    pub refused: usize,
    pub unsure: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.done + self.skipped + self.refused + self.unsure
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} done, {} refused, {} unsure, {} skipped",
            self.done, self.refused, self.unsure, self.skipped
        )
    }
}

/// Sends `send(item)` for every object planned `Send`, at most `concurrency` at once
/// (at least one), each exactly once. `ended(key, &end)` is called as each object ends,
/// skipped ones first, in the order they end; the summary keeps the order given.
pub async fn run<K, I, T, E, F, Fut>(
    objects: Vec<(K, Plan<I>)>,
    concurrency: usize,
    send: F,
    mut ended: impl FnMut(&K, &End<T, E>),
) -> Summary<K, T, E>
where
    K: Clone,
    E: Failure,
    F: Fn(I) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut slots: Vec<Option<End<T, E>>> = Vec::with_capacity(objects.len());
    let mut keys = Vec::with_capacity(objects.len());
    let mut to_send = Vec::new();
    for (index, (key, plan)) in objects.into_iter().enumerate() {
        match plan {
            Plan::Skip(why) => {
                let end = End::Skipped(why);
                ended(&key, &end);
                slots.push(Some(end));
            }
            Plan::Send(item) => {
                slots.push(None);
                to_send.push((index, item));
            }
        }
        keys.push(key);
    }
    let send = &send;
    let mut in_flight = stream::iter(to_send)
        .map(|(index, item)| async move { (index, End::of(send(item).await)) })
        .buffer_unordered(concurrency.max(1));
    while let Some((index, end)) = in_flight.next().await {
        ended(&keys[index], &end);
        slots[index] = Some(end);
    }
    let ends = keys
        .into_iter()
        .zip(slots)
        .map(|(key, end)| {
            // Every slot is filled: skipped ones at once, sent ones as the stream ends.
            let end = end.unwrap_or_else(|| End::Skipped("not reached".into()));
            (key, end)
        })
        .collect();
    Summary { ends }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn lost() -> ApiError {
        ApiError::Interrupted {
            method: "POST".into(),
            path: "/runs/r/action".into(),
            message: "reset".into(),
        }
    }

    fn refused() -> ApiError {
        ApiError::Service {
            status: 400,
            code: Some("FLOW-1422-400".into()),
            message: "not failed".into(),
            body: Box::new(serde_json::Value::Null),
            request_id: None,
        }
    }

    #[tokio::test]
    async fn each_object_is_sent_once_and_ends_in_the_given_order() {
        let sent = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let live = Arc::new(AtomicUsize::new(0));
        let objects: Vec<(usize, Plan<usize>)> = (0..20)
            .map(|i| {
                if i % 5 == 0 {
                    (i, Plan::Skip("did not fail".into()))
                } else {
                    (i, Plan::Send(i))
                }
            })
            .collect();
        let mut seen = Vec::new();
        let summary = run(
            objects,
            3,
            |i| {
                let (sent, peak, live) = (sent.clone(), peak.clone(), live.clone());
                async move {
                    sent.fetch_add(1, Ordering::SeqCst);
                    let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    live.fetch_sub(1, Ordering::SeqCst);
                    match i % 5 {
                        1 => Err(lost()),
                        2 => Err(refused()),
                        _ => Ok(i * 10),
                    }
                }
            },
            |k, e| seen.push((*k, e.word())),
        )
        .await;
        assert_eq!(sent.load(Ordering::SeqCst), 16);
        assert!(peak.load(Ordering::SeqCst) <= 3);
        assert_eq!(seen.len(), 20);
        let keys: Vec<usize> = summary.ends.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, (0..20).collect::<Vec<_>>());
        let c = summary.counts();
        assert_eq!(
            c,
            Counts {
                done: 8,
                skipped: 4,
                refused: 4,
                unsure: 4
            }
        );
        assert!(summary.any_failed());
        assert_eq!(c.to_string(), "8 done, 4 refused, 4 unsure, 4 skipped");
        assert!(matches!(summary.ends[3].1, End::Done(30)));
    }
}
