//! The emulator's clock: wall time for the demo, a manual clock for tests.
//!
//! Runs move from scheduled to inProgress to a final state as this clock passes their
//! start and end times, so a test that owns a [`Clock::manual`] drives the run lifecycle
//! without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Milliseconds since the Unix epoch, the unit every Flow Service timestamp uses.
pub type EpochMs = i64;

#[derive(Clone, Debug)]
pub struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// Follows the system clock.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// Stands still at `start` until [`Clock::advance`] or [`Clock::set`] moves it.
    pub fn manual(start: EpochMs) -> Self {
        Self {
            manual: Some(Arc::new(AtomicI64::new(start))),
        }
    }

    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }

    pub fn now_ms(&self) -> EpochMs {
        match &self.manual {
            Some(t) => t.load(Ordering::SeqCst),
            None => chrono::Utc::now().timestamp_millis(),
        }
    }

    /// Moves a manual clock forward; a system clock ignores it.
    pub fn advance(&self, ms: i64) {
        if let Some(t) = &self.manual {
            t.fetch_add(ms, Ordering::SeqCst);
        }
    }

    pub fn set(&self, at: EpochMs) {
        if let Some(t) = &self.manual {
            t.store(at, Ordering::SeqCst);
        }
    }
}

/// The fixed instant tests start from: 2026-11-01T00:00:00Z.
pub const TEST_EPOCH_MS: EpochMs = 1_793_491_200_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = Clock::manual(TEST_EPOCH_MS);
        assert_eq!(c.now_ms(), TEST_EPOCH_MS);
        c.advance(1500);
        assert_eq!(c.now_ms(), TEST_EPOCH_MS + 1500);
        c.set(5);
        assert_eq!(c.now_ms(), 5);
    }

    #[test]
    fn test_epoch_is_the_first_of_november_2026() {
        let t = chrono::DateTime::from_timestamp_millis(TEST_EPOCH_MS).map(|d| d.to_rfc3339());
        assert_eq!(t.as_deref(), Some("2026-11-01T00:00:00+00:00"));
    }
}
