//! A flow run as the emulator stores it: compact facts, turned into Flow Service JSON
//! on demand for the current clock.
//!
//! Runs outnumber every other object by far (200,000 in the scale sets), so they are
//! kept as plain structs rather than JSON trees; the JSON of a run is derived from the
//! record and the clock each time it is served. A run is `scheduled` until `started_at`,
//! `inProgress` until `started_at + duration_ms`, then takes its `outcome`; metrics grow
//! in proportion while it is in progress (aep-api-notes §4 "Run").

use serde_json::Value;

use super::clock::EpochMs;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    Success,
    /// Ends with some records failed but the run itself reported as success.
    PartialSuccess,
    Failed,
}

/// One error as a run reports it, e.g. `CONNECTOR-2001-500`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunError {
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct RunRecord {
    pub id: String,
    pub flow_id: String,
    pub flow_spec_id: String,
    pub source_connection_id: String,
    pub target_connection_id: String,
    /// e.g. `M-…`; the AEP run id of the orchestrator.
    pub provider_ref_id: String,
    pub etag: String,
    pub created_at: EpochMs,
    /// The run is `scheduled` until this instant.
    pub started_at: EpochMs,
    pub duration_ms: i64,
    pub outcome: RunOutcome,
    /// Errors reported when the outcome is `Failed` (or warnings for `PartialSuccess`).
    pub errors: Vec<RunError>,
    pub input_records: u64,
    pub output_records: u64,
    pub failed_records: u64,
    pub skipped_records: u64,
    pub input_bytes: u64,
    pub output_bytes: u64,
    pub input_files: u64,
    pub output_files: u64,
    /// Reference of the copy activity at the source (an ADF run id).
    pub adf_run_id: String,
    /// The batch the promotion activity wrote into the data lake.
    pub batch_id: String,
    pub created_by: String,
    pub created_client: String,
}

/// The lifecycle state of a run at a given instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunPhase {
    Scheduled,
    InProgress,
    Done,
}

impl RunRecord {
    pub fn completed_at(&self) -> EpochMs {
        self.started_at + self.duration_ms
    }

    pub fn phase(&self, now: EpochMs) -> RunPhase {
        if now < self.started_at {
            RunPhase::Scheduled
        } else if now < self.completed_at() {
            RunPhase::InProgress
        } else {
            RunPhase::Done
        }
    }

    /// `metrics.statusSummary.status` at `now`.
    pub fn status(&self, now: EpochMs) -> &'static str {
        match self.phase(now) {
            RunPhase::Scheduled => "scheduled",
            RunPhase::InProgress => "inProgress",
            RunPhase::Done => match self.outcome {
                RunOutcome::Success => "success",
                RunOutcome::PartialSuccess => "partialSuccess",
                RunOutcome::Failed => "failed",
            },
        }
    }

    /// `updatedAt`: the last time the run changed as seen at `now`.
    pub fn updated_at(&self, now: EpochMs) -> EpochMs {
        match self.phase(now) {
            RunPhase::Scheduled => self.created_at,
            RunPhase::InProgress => now,
            RunPhase::Done => self.completed_at(),
        }
    }

    /// The share of work done at `now`, 0.0..=1.0.
    pub(crate) fn progress(&self, now: EpochMs) -> f64 {
        match self.phase(now) {
            RunPhase::Scheduled => 0.0,
            RunPhase::Done => 1.0,
            RunPhase::InProgress => (now - self.started_at) as f64 / self.duration_ms.max(1) as f64,
        }
    }

    /// The JSON of the run as Flow Service serves it at `now`.
    /// The run's JSON at `now` (see [`crate::run_doc`], which listings write directly).
    pub fn to_json(&self, now: EpochMs, ctx: &SandboxContext) -> Value {
        let errors = self.error_docs(now);
        serde_json::to_value(self.doc(now, ctx, &errors)).unwrap_or_default()
    }
}

/// The per-sandbox fields every object carries.
#[derive(Clone, Debug)]
pub struct SandboxContext {
    pub sandbox_name: String,
    pub sandbox_id: String,
    pub ims_org_id: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A failed run, for tests here and of what changes runs.
    pub(crate) fn record() -> RunRecord {
        RunRecord {
            id: "r1".into(),
            flow_id: "f1".into(),
            flow_spec_id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876".into(),
            source_connection_id: "s1".into(),
            target_connection_id: "t1".into(),
            provider_ref_id: "M-1".into(),
            etag: "\"e\"".into(),
            created_at: 1_000,
            started_at: 2_000,
            duration_ms: 10_000,
            outcome: RunOutcome::Failed,
            errors: vec![RunError {
                code: "CONNECTOR-2001-500".into(),
                message: "Error occurred at promotion activity.".into(),
            }],
            input_records: 100,
            output_records: 90,
            failed_records: 10,
            skipped_records: 0,
            input_bytes: 1000,
            output_bytes: 900,
            input_files: 2,
            output_files: 1,
            adf_run_id: "adf".into(),
            batch_id: "B1".into(),
            created_by: "acp_foundation@AdobeID".into(),
            created_client: "acp_foundation".into(),
        }
    }

    fn ctx() -> SandboxContext {
        SandboxContext {
            sandbox_name: "prod".into(),
            sandbox_id: "sb".into(),
            ims_org_id: "ORG@AdobeOrg".into(),
        }
    }

    #[test]
    fn moves_from_scheduled_to_in_progress_to_its_outcome() {
        let r = record();
        assert_eq!(r.status(1_500), "scheduled");
        assert_eq!(r.status(2_000), "inProgress");
        assert_eq!(r.status(11_999), "inProgress");
        assert_eq!(r.status(12_000), "failed");
    }

    #[test]
    fn metrics_grow_while_in_progress_and_errors_appear_only_at_the_end() {
        let r = record();
        // Halfway through the copy: half the input read, nothing written or failed yet.
        let mid = r.to_json(5_000, &ctx());
        let records = &mid["metrics"]["recordSummary"];
        assert_eq!(records["inputRecordCount"], json!(50));
        assert_eq!(records["outputRecordCount"], json!(0));
        assert_eq!(records["failedRecordCount"], json!(0));
        // Halfway through promotion: all read, half written, failures still uncounted.
        let late = r.to_json(10_000, &ctx());
        let records = &late["metrics"]["recordSummary"];
        assert_eq!(records["inputRecordCount"], json!(100));
        assert_eq!(records["outputRecordCount"], json!(45));
        assert_eq!(records["failedRecordCount"], json!(0));
        let mid = r.to_json(7_000, &ctx());
        assert!(mid["metrics"]["statusSummary"].get("errors").is_none());
        assert!(
            mid["metrics"]["durationSummary"]
                .get("completedAtUTC")
                .is_none()
        );
        let end = r.to_json(20_000, &ctx());
        assert_eq!(
            end["metrics"]["recordSummary"]["inputRecordCount"],
            json!(100)
        );
        assert_eq!(
            end["metrics"]["recordSummary"]["failedRecordCount"],
            json!(10)
        );
        assert_eq!(
            end["metrics"]["statusSummary"]["errors"][0]["code"],
            json!("CONNECTOR-2001-500")
        );
        assert_eq!(
            end["metrics"]["durationSummary"]["completedAtUTC"],
            json!(12_000)
        );
        assert_eq!(end["activities"].as_array().map(Vec::len), Some(2));
    }
}
