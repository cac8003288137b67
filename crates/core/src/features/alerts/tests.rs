//! The watch's status line and the failures list's rows.

use serde_json::json;

use crate::features::alerts::rows::{build, item};
use crate::features::alerts::{Alerts, Failure};
use crate::shared::nav::ListKind;
use crate::shared::table::{Tone, fixture_names};

fn failure(status: &str, retried: bool) -> Failure {
    Failure {
        run_id: "r-1".into(),
        flow_id: "f-1".into(),
        status: status.into(),
        code: "CONNECTOR-2001-500".into(),
        message: "Error occurred at promotion activity.".into(),
        ended_ms: Some(1_793_491_325_000),
        seen_ms: 1_793_491_330_000,
        retried,
    }
}

#[test]
fn the_status_line_counts_what_was_told_and_says_when_it_waits() {
    let mut a = Alerts::default();
    assert_eq!(a.status(), None, "off: nothing in the status bar");
    a.on = true;
    assert_eq!(a.status().as_deref(), Some("watch: on"));
    a.failed = 2;
    assert_eq!(a.status().as_deref(), Some("watch: 2 failed"));
    a.partial = 1;
    a.trouble = Some("retrying: HTTP 503".into());
    assert_eq!(
        a.status().as_deref(),
        Some("watch: 2 failed, 1 partial (retrying: HTTP 503)")
    );
    a.paused = true;
    assert_eq!(
        a.status().as_deref(),
        Some("watch: 2 failed, 1 partial (paused in the background)")
    );
}

#[test]
fn a_row_shows_when_the_flow_the_run_how_it_ended_and_its_first_error() {
    let row = build(
        ListKind::Failures,
        &item(&failure("failed", false)),
        &fixture_names(),
    )
    .unwrap();
    assert_eq!(
        crate::shared::lookup::shown(&row, &fixture_names()),
        [
            "2026-11-01 00:02",
            "Orders",
            "r-1",
            "failed",
            "CONNECTOR-2001-500",
            "Error occurred at promotion activity."
        ]
    );
    assert_eq!(row.parent, "f-1", "F opens the run's flow");
    assert!(row.tones.contains(&(3, Tone::Failed)));
    let retried = build(
        ListKind::Failures,
        &item(&failure("failed", true)),
        &fixture_names(),
    )
    .unwrap();
    assert_eq!(retried.cells[3], "failed, retried");
    let partial = build(
        ListKind::Failures,
        &item(&failure("partialSuccess", false)),
        &fixture_names(),
    )
    .unwrap();
    assert!(partial.tones.contains(&(3, Tone::Warn)));
    assert!(build(ListKind::Runs, &json!({}), &fixture_names()).is_none());
}
