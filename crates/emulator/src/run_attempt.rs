//! One attempt of a run, drawn from the emulator's seeded draws: how long it takes,
//! whether it fails, and what it reads and writes. A new run (`POST /runs`) and a retry
//! (`op=RE_TRIGGER`) draw the same way, so a retried run looks like any other run.

use crate::clock::EpochMs;
use crate::run_record::{RunError, RunOutcome, RunRecord};

/// How many draws an attempt takes.
pub const DRAWS: usize = 6;

/// Starts `run` afresh at `started_at` with the outcome and metrics drawn from `draws`.
/// Its id, flow, creation and references stay; what the attempt did is replaced.
pub fn attempt(run: &mut RunRecord, draws: [f64; DRAWS], started_at: EpochMs) {
    let input = 1_000 + (draws[0] * 50_000.0) as u64;
    let failed_run = draws[1] < 0.2;
    let failed = if failed_run {
        input
    } else {
        (input as f64 * draws[2] * 0.02) as u64
    };
    run.started_at = started_at;
    run.duration_ms = 30_000 + (draws[3] * 90_000.0) as i64;
    run.outcome = if failed_run {
        RunOutcome::Failed
    } else {
        RunOutcome::Success
    };
    run.errors = if failed_run {
        vec![RunError {
            code: "CONNECTOR-2001-500".into(),
            message: "Error occurred at promotion activity.".into(),
        }]
    } else {
        Vec::new()
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
