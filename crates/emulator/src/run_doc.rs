//! A run's JSON document, as the Flow Service serves it, typed so a listing writes it
//! straight to the response: 200,000 runs served page by page must not each be built as
//! a `serde_json::Value` tree first. Field order is the service's (and what clients show).

use serde::Serialize;

use crate::clock::EpochMs;
use crate::run_record::{RunOutcome, RunPhase, RunRecord, SandboxContext};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDoc<'a> {
    id: &'a str,
    created_at: EpochMs,
    updated_at: EpochMs,
    created_by: &'a str,
    updated_by: &'a str,
    created_client: &'a str,
    updated_client: &'a str,
    sandbox_id: &'a str,
    sandbox_name: &'a str,
    ims_org_id: &'a str,
    flow_id: &'a str,
    flow_spec: SpecRef<'a>,
    provider_ref_id: &'a str,
    etag: &'a str,
    metrics: Summaries<'a>,
    activities: [Activity<'a>; 2],
}

#[derive(Serialize)]
struct SpecRef<'a> {
    id: &'a str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summaries<'a> {
    duration_summary: Duration,
    size_summary: Sizes,
    record_summary: Records,
    file_summary: Files,
    status_summary: Status<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Activity<'a> {
    id: &'static str,
    #[serde(rename = "updatedAtUTC")]
    updated_at_utc: EpochMs,
    duration_summary: Duration,
    size_summary: Sizes,
    record_summary: Records,
    file_summary: Files,
    status_summary: Status<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_info: Option<[Info<'a>; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_info: Option<[Info<'a>; 1]>,
}

#[derive(Serialize, Default)]
struct Duration {
    #[serde(rename = "startedAtUTC", skip_serializing_if = "Option::is_none")]
    started: Option<EpochMs>,
    #[serde(rename = "completedAtUTC", skip_serializing_if = "Option::is_none")]
    completed: Option<EpochMs>,
}

#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct Sizes {
    input_bytes: u64,
    output_bytes: u64,
}

#[derive(Serialize, Default, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct Records {
    #[serde(skip_serializing_if = "Option::is_none")]
    input_record_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_record_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failed_record_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped_record_count: Option<u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Files {
    input_file_count: u64,
    output_file_count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_refs: Option<[&'static str; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Status<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [ErrorDoc<'a>]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_refs: Option<[&'static str; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extensions: Option<Extensions<'a>>,
}

#[derive(Serialize)]
struct Extensions<'a> {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [ErrorDoc<'a>]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manifest: Option<Manifest>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    failed_records: String,
    sample_errors: String,
}

#[derive(Serialize)]
pub struct ErrorDoc<'a> {
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Info<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    reference: Reference<'a>,
}

#[derive(Serialize)]
struct Reference<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    ids: [&'a str; 1],
}

impl RunRecord {
    /// The run's errors as its document shows them (only once it has ended).
    pub fn error_docs(&self, now: EpochMs) -> Vec<ErrorDoc<'_>> {
        if self.phase(now) != RunPhase::Done {
            return Vec::new();
        }
        self.errors
            .iter()
            .map(|e| ErrorDoc {
                code: &e.code,
                message: &e.message,
            })
            .collect()
    }

    /// The run as served at `now`; `errors` is [`RunRecord::error_docs`] at `now`.
    pub fn doc<'a>(
        &'a self,
        now: EpochMs,
        ctx: &'a SandboxContext,
        errors: &'a [ErrorDoc<'a>],
    ) -> RunDoc<'a> {
        let phase = self.phase(now);
        let p = self.progress(now);
        // The copy activity reads the input in the first 60% of the run; promotion writes
        // the output in the rest. Failed and skipped records are counted when promotion
        // ends, as the batch closes: a run still going never looks like a total failure.
        let read_share = (p / 0.6).min(1.0);
        let written_share = ((p - 0.6) / 0.4).clamp(0.0, 1.0);
        let read = |n: u64| (n as f64 * read_share).round() as u64;
        let written = |n: u64| (n as f64 * written_share).round() as u64;
        let counted = |n: u64| if phase == RunPhase::Done { n } else { 0 };
        let done = phase == RunPhase::Done;
        let status = self.status(now);
        let failed_here = done && self.outcome == RunOutcome::Failed;
        let copy_status = match phase {
            RunPhase::Scheduled => "scheduled",
            RunPhase::InProgress if p < 0.6 => "inProgress",
            _ if failed_here && self.input_records == 0 => "failed",
            _ => "success",
        };
        let promotion_status = match phase {
            RunPhase::Scheduled => "scheduled",
            RunPhase::InProgress if p < 0.6 => "scheduled",
            RunPhase::InProgress => "inProgress",
            RunPhase::Done => status,
        };
        let copy_end = self.started_at + (self.duration_ms as f64 * 0.6) as i64;
        let with_errors = (done && !errors.is_empty()).then_some(errors);
        // What promotion moved so far: the run's summaries repeat it.
        let moved = Sizes {
            input_bytes: read(self.input_bytes),
            output_bytes: written(self.output_bytes),
        };
        let records = Records {
            input_record_count: Some(read(self.input_records)),
            output_record_count: Some(written(self.output_records)),
            failed_record_count: Some(counted(self.failed_records)),
            skipped_record_count: None,
        };
        let copy = Activity {
            id: "copyActivity",
            updated_at_utc: self.updated_at(now).min(copy_end.max(self.created_at)),
            duration_summary: Duration {
                started: Some(self.started_at),
                completed: (now >= copy_end && phase != RunPhase::Scheduled).then_some(copy_end),
            },
            size_summary: Sizes {
                input_bytes: read(self.input_bytes),
                output_bytes: read(self.input_bytes),
            },
            record_summary: Records::default(),
            file_summary: Files {
                input_file_count: read(self.input_files),
                output_file_count: read(self.input_files),
                activity_refs: None,
            },
            status_summary: Status {
                status: copy_status,
                errors: None,
                activity_refs: None,
                extensions: Some(Extensions {
                    kind: Some("one-time"),
                    errors: None,
                    manifest: None,
                }),
            },
            source_info: Some([Info {
                id: &self.source_connection_id,
                kind: "SourceConnection",
                reference: Reference {
                    kind: "AdfRunId",
                    ids: [&self.adf_run_id],
                },
            }]),
            target_info: None,
        };
        let promotion = Activity {
            id: "promotionActivity",
            updated_at_utc: self.updated_at(now),
            duration_summary: Duration {
                started: (now >= copy_end).then_some(copy_end),
                completed: done.then(|| self.completed_at()),
            },
            size_summary: moved,
            record_summary: records,
            file_summary: Files {
                input_file_count: read(self.input_files),
                output_file_count: written(self.output_files),
                activity_refs: None,
            },
            status_summary: Status {
                status: promotion_status,
                errors: None,
                activity_refs: None,
                extensions: with_errors.map(|errors| Extensions {
                    kind: None,
                    errors: Some(errors),
                    manifest: Some(Manifest {
                        failed_records: format!("/runs/{}/failedRecords", self.id),
                        sample_errors: format!("/runs/{}/sampleErrors", self.id),
                    }),
                }),
            },
            source_info: None,
            target_info: Some([Info {
                id: &self.target_connection_id,
                kind: "TargetConnection",
                reference: Reference {
                    kind: "Batch",
                    ids: [&self.batch_id],
                },
            }]),
        };
        RunDoc {
            id: &self.id,
            created_at: self.created_at,
            updated_at: self.updated_at(now),
            created_by: &self.created_by,
            updated_by: &self.created_by,
            created_client: &self.created_client,
            updated_client: &self.created_client,
            sandbox_id: &ctx.sandbox_id,
            sandbox_name: &ctx.sandbox_name,
            ims_org_id: &ctx.ims_org_id,
            flow_id: &self.flow_id,
            flow_spec: SpecRef {
                id: &self.flow_spec_id,
                version: "1.0",
            },
            provider_ref_id: &self.provider_ref_id,
            etag: &self.etag,
            metrics: Summaries {
                duration_summary: Duration {
                    started: Some(self.started_at),
                    completed: done.then(|| self.completed_at()),
                },
                size_summary: moved,
                record_summary: Records {
                    skipped_record_count: Some(counted(self.skipped_records)),
                    ..records
                },
                file_summary: Files {
                    input_file_count: read(self.input_files),
                    output_file_count: written(self.output_files),
                    activity_refs: Some(["copyActivity"]),
                },
                status_summary: Status {
                    status,
                    errors: (!errors.is_empty()).then_some(errors),
                    activity_refs: (!errors.is_empty()).then_some(["promotionActivity"]),
                    extensions: None,
                },
            },
            activities: [copy, promotion],
        }
    }
}
