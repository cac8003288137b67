//! Flow runs: metrics, activities and errors (aep-api-notes §4), and the `POST /runs` body.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Etag, Extra, SpecRef};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_spec: Option<SpecRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_ref_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<Etag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activities: Option<Vec<Activity>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Run {
    /// `metrics.statusSummary.status`: `success`, `failed`, `scheduled`, `inProgress`…
    pub fn status(&self) -> Option<&str> {
        self.metrics
            .as_ref()?
            .status_summary
            .as_ref()?
            .status
            .as_deref()
    }

    pub fn started_at(&self) -> Option<i64> {
        self.metrics
            .as_ref()?
            .duration_summary
            .as_ref()?
            .started_at_utc
    }

    pub fn completed_at(&self) -> Option<i64> {
        self.metrics
            .as_ref()?
            .duration_summary
            .as_ref()?
            .completed_at_utc
    }

    /// The run's own errors, then each activity's (`statusSummary.extensions.errors`).
    pub fn errors(&self) -> Vec<&RunError> {
        let mut out: Vec<&RunError> = Vec::new();
        if let Some(s) = self
            .metrics
            .as_ref()
            .and_then(|m| m.status_summary.as_ref())
        {
            out.extend(s.all_errors());
        }
        for a in self.activities.iter().flatten() {
            if let Some(s) = &a.status_summary {
                out.extend(s.all_errors());
            }
        }
        out
    }

    /// The first error the run reports, its own or else an activity's (a partial
    /// success tells its skipped records there): what a list of failures shows.
    pub fn first_error(&self) -> Option<&RunError> {
        self.errors()
            .into_iter()
            .find(|e| e.code.is_some() || e.message.is_some())
    }

    pub fn activities(&self) -> &[Activity] {
        self.activities.as_deref().unwrap_or(&[])
    }
}

/// The summaries shared by a run's `metrics` and each of its activities.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_summary: Option<DurationSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_summary: Option<SizeSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_summary: Option<RecordSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_summary: Option<FileSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_summary: Option<StatusSummary>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DurationSummary {
    #[serde(
        default,
        rename = "startedAtUTC",
        skip_serializing_if = "Option::is_none"
    )]
    pub started_at_utc: Option<i64>,
    #[serde(
        default,
        rename = "completedAtUTC",
        skip_serializing_if = "Option::is_none"
    )]
    pub completed_at_utc: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SizeSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_bytes: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_record_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_record_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_record_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_record_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped_record_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning_record_count: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_file_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_file_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped_file_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_file_count: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Errors sit in `errors` on the run and in `extensions.errors` on an activity; both are
/// read into `errors` here and written back where they came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<RunError>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<StatusExtensions>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusExtensions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<RunError>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl StatusSummary {
    /// Errors from either place.
    pub fn all_errors(&self) -> impl Iterator<Item = &RunError> {
        let ext = self.extensions.as_ref().and_then(|e| e.errors.as_ref());
        self.errors
            .iter()
            .flatten()
            .chain(ext.into_iter().flatten())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunError {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One step of a run, e.g. `copyActivity` or `promotionActivity`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(default)]
    pub id: String,
    #[serde(
        default,
        rename = "updatedAtUTC",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at_utc: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_summary: Option<DurationSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_summary: Option<SizeSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_summary: Option<RecordSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_summary: Option<FileSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_summary: Option<StatusSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_info: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_info: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `POST /runs` body (aep-api-notes §6). Times are epoch seconds as strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRun {
    pub flow_id: String,
    pub params: RunParams,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_end_time: Option<String>,
    /// Table sources only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta_column: Option<DeltaColumn>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeltaColumn {
    pub name: String,
}

impl CreateRun {
    /// A run over `[window_start, window_end]` (epoch seconds) starting at `start`.
    pub fn new(flow_id: impl Into<String>, start: i64, window_start: i64, window_end: i64) -> Self {
        CreateRun {
            flow_id: flow_id.into(),
            params: RunParams {
                start_time: Some(start.to_string()),
                window_start_time: Some(window_start.to_string()),
                window_end_time: Some(window_end.to_string()),
                delta_column: None,
                extra: Extra::new(),
            },
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn run_reads_status_and_both_kinds_of_errors() {
        let raw = json!({
            "id": "9830", "flowId": "c9ce", "etag": "\"b800\"", "createdAt": 1596656079576_i64,
            "metrics": {
                "durationSummary": {"startedAtUTC": 1596656058198_i64, "completedAtUTC": 1596656113306_i64},
                "sizeSummary": {"inputBytes": 24012, "outputBytes": 17128},
                "recordSummary": {"inputRecordCount": 100, "outputRecordCount": 99, "failedRecordCount": 1},
                "fileSummary": {"inputFileCount": 1, "outputFileCount": 1, "activityRefs": ["promotionActivity"]},
                "statusSummary": {"status": "success",
                    "errors": [{"code": "CONNECTOR-2001-500", "message": "Error occurred at promotion activity."}],
                    "activityRefs": ["promotionActivity"]}},
            "activities": [
                {"id": "copyActivity", "updatedAtUTC": 1596656095088_i64, "recordSummary": {},
                 "statusSummary": {"status": "success", "extensions": {"type": "one-time"}}},
                {"id": "promotionActivity",
                 "statusSummary": {"status": "success", "extensions": {
                     "errors": [{"code": "INGEST-1212-400", "message": "bad row"}],
                     "manifest": {"failedRecords": "f"}}},
                 "targetInfo": [{"id": "t", "type": "TargetConnection"}]}]
        });
        let r: Run = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(r.status(), Some("success"));
        assert_eq!(r.started_at(), Some(1596656058198));
        let codes: Vec<_> = r
            .errors()
            .iter()
            .filter_map(|e| e.code.as_deref())
            .collect();
        assert_eq!(codes, ["CONNECTOR-2001-500", "INGEST-1212-400"]);
        assert_eq!(serde_json::to_value(&r).unwrap(), raw);
    }

    #[test]
    fn create_run_body_has_the_documented_shape() {
        let mut body = CreateRun::new("3abe", 1663735590, 1651584991, 1651585956);
        body.params.delta_column = Some(DeltaColumn { name: "DOB".into() });
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"flowId": "3abe", "params": {"startTime": "1663735590",
                "windowStartTime": "1651584991", "windowEndTime": "1651585956",
                "deltaColumn": {"name": "DOB"}}})
        );
    }
}
