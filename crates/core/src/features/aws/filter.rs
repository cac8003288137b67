//! The workflows list's server-side filter, typed after `f`: `status=FAILED`,
//! `from=2026-11-01`, `to=2026-11-20T12:00:00Z`, in any order. ListWorkflows filters by
//! Status and by a QueryStartDate/QueryEndDate window; anything else is refused with a
//! sentence that says what is allowed, before a request is sent.

use flowscope_model::aws::WorkflowFilter;

/// The statuses ListWorkflows accepts.
pub const STATUSES: [&str; 7] = [
    "NOT_STARTED",
    "IN_PROGRESS",
    "COMPLETE",
    "FAILED",
    "SPLIT",
    "RETRY",
    "CANCELLED",
];

/// Reads the filter terms (each `property` entry may hold several, space-separated).
pub fn workflow_filter(terms: &[String]) -> Result<WorkflowFilter, String> {
    let mut f = WorkflowFilter::default();
    for term in terms.iter().flat_map(|t| t.split_whitespace()) {
        let (key, value) = term
            .split_once('=')
            .ok_or_else(|| format!("`{term}`: write status=…, from=DATE or to=DATE"))?;
        match key.to_ascii_lowercase().as_str() {
            "status" => {
                let up = value.to_ascii_uppercase();
                if !STATUSES.contains(&up.as_str()) {
                    return Err(format!(
                        "status `{value}` is not a workflow status (one of {})",
                        STATUSES.join(", ")
                    ));
                }
                f.status = Some(up);
            }
            "from" | "since" => f.start = Some(date(value)?),
            "to" | "until" => f.end = Some(date(value)?),
            other => {
                return Err(format!(
                    "`{other}` is not a workflow filter: use status, from or to"
                ));
            }
        }
    }
    if let (Some(a), Some(b)) = (f.start, f.end)
        && b < a
    {
        return Err("the window ends before it starts (to < from)".to_string());
    }
    Ok(f)
}

/// Epoch seconds of `2026-11-01` (midnight UTC) or an RFC 3339 time.
fn date(s: &str) -> Result<i64, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp())
        .ok_or_else(|| format!("`{s}` is not a date: write 2026-11-01 or 2026-11-01T12:00:00Z"))
}

#[cfg(test)]
mod tests {
    use crate::features::aws::filter::*;

    fn terms(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    #[test]
    fn status_and_window_are_read_in_any_order() {
        let f = workflow_filter(&terms("to=2026-11-20 status=failed from=2026-11-01"))
            .unwrap_or_default();
        assert_eq!(f.status.as_deref(), Some("FAILED"));
        assert_eq!(f.start, Some(1_793_491_200));
        assert_eq!(f.end, Some(1_795_132_800));
        let f = workflow_filter(&terms("from=2026-11-01T12:00:00Z")).unwrap_or_default();
        assert_eq!(f.start, Some(1_793_534_400));
    }

    #[test]
    fn bad_terms_say_what_is_allowed() {
        let err = |s: &str| workflow_filter(&terms(s)).err().unwrap_or_default();
        assert!(err("status=DONE").contains("one of NOT_STARTED"));
        assert!(err("from=yesterday").contains("not a date"));
        assert!(err("owner=me").contains("use status, from or to"));
        assert!(err("FAILED").contains("write status="));
        assert!(err("from=2026-11-20 to=2026-11-01").contains("ends before it starts"));
        assert_eq!(workflow_filter(&[]), Ok(WorkflowFilter::default()));
    }
}
