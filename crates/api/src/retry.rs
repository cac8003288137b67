//! Which failures are retried, and how long to wait. Pure decisions; the sending loop lives
//! in `transport`.
//!
//! Reads (GET, HEAD, OPTIONS) retry on 429, 500, 502, 503, 504, timeouts and broken
//! connections. Writes (POST, PATCH, PUT, DELETE) are retried only when the connection could
//! not be made at all (reqwest `is_connect()`), because then nothing reached the server; after
//! anything may have been sent, a write is never repeated (a second `POST /runs` would start a
//! second run). Waits use exponential backoff with full jitter, or the server's `Retry-After`,
//! never longer than `cap`.

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means no retry.
    pub max_attempts: u32,
    /// The first backoff window.
    pub base: Duration,
    /// No wait is ever longer than this, `Retry-After` included.
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base: Duration::from_millis(250),
            cap: Duration::from_secs(10),
        }
    }
}

/// Why an attempt failed, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// An answer with this status.
    Status(u16),
    /// No connection was made: nothing was sent.
    Connect,
    /// The request or its answer took too long (the request may have been sent).
    Timeout,
    /// The connection broke after the request was (maybe) sent.
    Interrupted,
}

impl RetryPolicy {
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Full jitter: a uniform wait in `[0, min(cap, base·2^(retry-1))]`; `retry` counts from 1,
    /// `jitter` is in `[0, 1]`.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exp = retry.saturating_sub(1).min(30);
        let window = self.base.saturating_mul(1u32 << exp).min(self.cap);
        window.mul_f64(jitter.clamp(0.0, 1.0))
    }

    /// The wait before retry number `retry`: the server's `Retry-After` if it sent one,
    /// else backoff; both capped.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        match retry_after {
            Some(d) => d.min(self.cap),
            None => self.backoff(retry, jitter),
        }
    }

    /// May attempt number `attempt` (1-based) that failed with `failure` be followed by another?
    pub fn should_retry(&self, method: &Method, attempt: u32, failure: Failure) -> bool {
        self.should_retry_when(is_idempotent_read(method), attempt, failure)
    }

    /// As [`RetryPolicy::should_retry`], for requests whose safety is known otherwise (the
    /// IMS token POST is safe to repeat: it changes nothing the user owns).
    pub fn should_retry_when(&self, idempotent: bool, attempt: u32, failure: Failure) -> bool {
        attempt < self.max_attempts && retryable_when(idempotent, failure)
    }
}

/// Reads are safe to repeat; see the module doc for writes.
pub fn is_idempotent_read(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub fn is_retryable(method: &Method, failure: Failure) -> bool {
    retryable_when(is_idempotent_read(method), failure)
}

fn retryable_when(idempotent: bool, failure: Failure) -> bool {
    match failure {
        Failure::Connect => true,
        Failure::Status(s) => idempotent && matches!(s, 429 | 500 | 502 | 503 | 504),
        Failure::Timeout | Failure::Interrupted => idempotent,
    }
}

/// `Retry-After` as delta-seconds or an HTTP date; a date in the past is zero.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        // Not in the RFC, but harmless to accept.
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let at = DateTime::parse_from_rfc2822(v).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// A number in `[0, 1)` for full jitter. Not cryptographic: std's per-process random hash
/// keys plus a counter are plenty to spread retries apart.
pub fn jitter() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let h = RandomState::new().hash_one(n);
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn reads_retry_on_throttling_server_errors_and_network_trouble() {
        let p = RetryPolicy::default();
        for s in [429, 500, 502, 503, 504] {
            assert!(p.should_retry(&Method::GET, 1, Failure::Status(s)), "{s}");
        }
        for s in [400, 401, 403, 404, 409, 412, 501] {
            assert!(!p.should_retry(&Method::GET, 1, Failure::Status(s)), "{s}");
        }
        assert!(p.should_retry(&Method::GET, 1, Failure::Timeout));
        assert!(p.should_retry(&Method::GET, 1, Failure::Interrupted));
        assert!(p.should_retry(&Method::GET, 1, Failure::Connect));
    }

    #[test]
    fn writes_retry_only_when_nothing_was_sent() {
        let p = RetryPolicy::default();
        for m in [Method::POST, Method::PATCH, Method::PUT, Method::DELETE] {
            for s in [429, 500, 502, 503, 504] {
                assert!(!p.should_retry(&m, 1, Failure::Status(s)), "{m} {s}");
            }
            assert!(!p.should_retry(&m, 1, Failure::Timeout), "{m}");
            assert!(!p.should_retry(&m, 1, Failure::Interrupted), "{m}");
            assert!(p.should_retry(&m, 1, Failure::Connect), "{m}");
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let p = RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        };
        assert!(p.should_retry(&Method::GET, 2, Failure::Status(503)));
        assert!(!p.should_retry(&Method::GET, 3, Failure::Status(503)));
        assert!(!RetryPolicy::never().should_retry(&Method::GET, 1, Failure::Connect));
    }

    #[test]
    fn backoff_doubles_is_jittered_and_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            base: MS(100),
            cap: MS(1000),
        };
        assert_eq!(p.backoff(1, 1.0), MS(100));
        assert_eq!(p.backoff(2, 1.0), MS(200));
        assert_eq!(p.backoff(4, 1.0), MS(800));
        assert_eq!(p.backoff(5, 1.0), MS(1000));
        assert_eq!(p.backoff(64, 1.0), MS(1000));
        assert_eq!(p.backoff(3, 0.5), MS(200));
        assert_eq!(p.backoff(3, 0.0), Duration::ZERO);
    }

    #[test]
    fn retry_after_wins_over_backoff_but_not_over_the_cap() {
        let p = RetryPolicy {
            max_attempts: 4,
            base: MS(100),
            cap: Duration::from_secs(5),
        };
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2)), 0.0),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(60)), 0.0),
            Duration::from_secs(5)
        );
        assert_eq!(p.delay(2, None, 1.0), MS(200));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..1000 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j), "{j}");
        }
    }
}
