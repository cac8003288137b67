//! One attempt of a run, drawn from the emulator's seeded draws: how long it takes,
//! whether it fails, and what it reads and writes. A new run (`POST /runs`) and a retry
//! (`op=RE_TRIGGER`) draw the same way, so a retried run looks like any other run.
//!
//! A run that ends with some records failed (skipped by partial ingestion) is reported
//! as `partialSuccess`, with the skipped records' error, as the seeded history's runs
//! are; one that read and wrote everything is a `success` with no failed records.

use crate::clock::EpochMs;
use crate::run_record::{RunError, RunOutcome, RunRecord};

/// How many draws an attempt takes.
pub const DRAWS: usize = 6;

/// The share of attempts that do not fail whose ingestion skips some records.
pub const PARTIAL_SHARE: f64 = 0.15;

/// Starts `run` afresh at `started_at` with the outcome and metrics drawn from `draws`.
/// Its id, flow, creation and references stay; what the attempt did is replaced.
pub fn attempt(run: &mut RunRecord, draws: [f64; DRAWS], started_at: EpochMs) {
    let input = 1_000 + (draws[0] * 50_000.0) as u64;
    let failed_run = draws[1] < 0.2;
    // Up to 3% of the records skipped, at least one.
    let partial = !failed_run && draws[2] < PARTIAL_SHARE;
    let failed = if failed_run {
        input
    } else if partial {
        1 + (input as f64 * draws[2] / PARTIAL_SHARE * 0.03) as u64
    } else {
        0
    };
    run.started_at = started_at;
    run.duration_ms = 30_000 + (draws[3] * 90_000.0) as i64;
    (run.outcome, run.errors) = if failed_run {
        (
            RunOutcome::Failed,
            vec![RunError {
                code: "CONNECTOR-2001-500".into(),
                message: "Error occurred at promotion activity.".into(),
            }],
        )
    } else if partial {
        (
            RunOutcome::PartialSuccess,
            vec![RunError {
                code: "INGEST-1211-400".into(),
                message: format!(
                    "{failed} records failed XDM validation and were skipped. Download the failed records to review them."
                ),
            }],
        )
    } else {
        (RunOutcome::Success, Vec::new())
    };
    run.input_records = input;
    run.output_records = input - failed;
    run.failed_records = failed;
    run.skipped_records = 0;
    run.input_bytes = input * (180 + (draws[4] * 400.0) as u64);
    run.output_bytes = (input - failed) * 150;
    run.input_files = 1 + (draws[5] * 4.0) as u64;
    run.output_files = 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn some_records_failed_is_a_partial_success_and_none_a_success() {
        let mut r = crate::run_record::tests::record();
        attempt(&mut r, [0.5, 0.9, 0.05, 0.5, 0.5, 0.5], 10);
        assert_eq!(r.outcome, RunOutcome::PartialSuccess);
        assert!(r.failed_records > 0 && r.failed_records < r.input_records / 10);
        assert_eq!(r.output_records, r.input_records - r.failed_records);
        assert_eq!(r.errors[0].code, "INGEST-1211-400");
        assert!(
            r.errors[0]
                .message
                .starts_with(&r.failed_records.to_string())
        );
        assert_eq!(r.status(r.completed_at()), "partialSuccess");

        attempt(&mut r, [0.5, 0.9, 0.5, 0.5, 0.5, 0.5], 10);
        assert_eq!(r.outcome, RunOutcome::Success);
        assert_eq!((r.failed_records, r.errors.len()), (0, 0));

        attempt(&mut r, [0.5, 0.1, 0.05, 0.5, 0.5, 0.5], 10);
        assert_eq!(r.outcome, RunOutcome::Failed);
        assert_eq!(r.failed_records, r.input_records);
    }
}
