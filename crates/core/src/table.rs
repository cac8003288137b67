//! The columns each explorer list shows: title, widths, how readily a narrow terminal
//! drops it, and how it takes spare width (names, descriptions, messages and paths
//! first; states, types and times exactly as wide as their values). Also which columns a
//! scoped list leaves out because its parent already says them. Data only; the table
//! widget fits them to the width.

use crate::shared::nav::ListKind;
use crate::shared::nav::Scope;
use crate::shared::table::Column;
use crate::shared::table::col;
use crate::shared::table::id;
use crate::shared::table::num;
use crate::shared::table::spark;
use crate::shared::table::tag;
use crate::shared::table::text;

const CONNECTION_COLUMNS: &[Column] = &[
    text("NAME", 16, 48, 0),
    col("SPEC", 12, 40, 0),
    col("AUTH", 8, 56, 2),
    tag("STATE", 9, 1),
    tag("UPDATED", 16, 3),
    id("ID", 36),
];

const FLOW_COLUMNS: &[Column] = &[
    text("NAME", 16, 60, 0),
    tag("STATE", 9, 1),
    col("SOURCE → TARGET", 16, 48, 2),
    tag("SCHEDULE", 18, 4),
    tag("LAST RUN", 30, 1),
    spark("RECENT", 12, 3),
    id("ID", 36),
];

const RUN_COLUMNS: &[Column] = &[
    tag("STATUS", 14, 0),
    text("FLOW", 12, 48, 0),
    tag("STARTED", 16, 1),
    num("DURATION", 2),
    num("IN", 1),
    num("OUT", 3),
    num("FAILED", 1),
    num("BYTES", 3),
    id("ID", 36),
];

const LIVE_COLUMNS: &[Column] = &[
    tag("STATUS", 10, 0),
    text("FLOW", 12, 48, 0),
    tag("STARTED", 16, 2),
    num("ELAPSED", 0),
    tag("STEP", 18, 1),
    num("IN", 1),
    num("FILES", 3),
    num("BYTES", 3),
    id("ID", 36),
];

const SPEC_COLUMNS: &[Column] = &[
    text("NAME", 16, 48, 0),
    tag("TYPE", 10, 0),
    tag("KIND", 11, 1),
    col("DETAIL", 12, 40, 2),
    id("ID", 36),
];

const DLZ_COLUMNS: &[Column] = &[
    text("NAME", 16, 60, 0),
    tag("TYPE", 12, 0),
    tag("PREVIEW", 7, 1),
    text("PATH", 16, 100, 2),
];

const BLOB_COLUMNS: &[Column] = &[
    text("NAME", 16, 60, 0),
    tag("TYPE", 12, 1),
    num("SIZE", 0),
    tag("MODIFIED", 16, 2),
    tag("TTL LEFT", 8, 1),
];

const JOURNAL_COLUMNS: &[Column] = &[
    tag("TIME", 16, 0),
    text("RESULT", 6, 80, 0),
    tag("SANDBOX", 16, 2),
    tag("RESOURCE", 18, 1),
    id("ID", 36),
    id("ETAG BEFORE → AFTER", 60),
];

const MESSAGE_COLUMNS: &[Column] = &[
    tag("TIME", 8, 0),
    tag("LEVEL", 5, 1),
    text("MESSAGE", 20, 400, 0),
];

const DRAFT_COLUMNS: &[Column] = &[
    tag("SAVED", 16, 0),
    tag("RESOURCE", 18, 1),
    text("NAME", 16, 48, 0),
    tag("MODE", 8, 2),
    tag("SANDBOX", 16, 2),
    id("ID", 36),
];

pub fn columns(kind: ListKind) -> &'static [Column] {
    match kind {
        ListKind::Connections => CONNECTION_COLUMNS,
        ListKind::Flows => FLOW_COLUMNS,
        ListKind::Runs => RUN_COLUMNS,
        ListKind::Specs => SPEC_COLUMNS,
        ListKind::Dlz => DLZ_COLUMNS,
        ListKind::Blobs => BLOB_COLUMNS,
        ListKind::Journal => JOURNAL_COLUMNS,
        ListKind::Drafts => DRAFT_COLUMNS,
        ListKind::Live => LIVE_COLUMNS,
        ListKind::Messages => MESSAGE_COLUMNS,
        aws => crate::features::aws::rows::columns(aws).unwrap_or(&[]),
    }
}

/// Columns a list inside a parent leaves out: every row would repeat the parent the
/// title and breadcrumbs already name (the domain of a domain's workflows, the flow of a
/// flow's runs), and its width is better spent on the rest.
pub fn implied(kind: ListKind, scope: &Scope) -> Vec<usize> {
    let title = match (kind, scope) {
        (ListKind::AwsWorkflows, Scope::AwsDomain(_)) => "DOMAIN",
        (ListKind::Runs, Scope::OfFlow { .. }) => "FLOW",
        _ => return Vec::new(),
    };
    let cols = columns(kind);
    cols.iter()
        .position(|c| c.title == title)
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::shared::table::*;
    use crate::table::*;

    #[test]
    fn a_scoped_list_leaves_out_its_parent() {
        let domain = Scope::AwsDomain("loyalty".into());
        let hidden = implied(ListKind::AwsWorkflows, &domain);
        let titles: Vec<&str> = hidden
            .iter()
            .map(|&i| columns(ListKind::AwsWorkflows)[i].title)
            .collect();
        assert_eq!(titles, ["DOMAIN"]);
        assert!(implied(ListKind::AwsWorkflows, &Scope::All).is_empty());
        let flow = Scope::OfFlow {
            id: "f".into(),
            name: "Orders".into(),
        };
        assert_eq!(
            columns(ListKind::Runs)[implied(ListKind::Runs, &flow)[0]].title,
            "FLOW"
        );
        let steps = Scope::AwsWorkflow {
            domain: "d".into(),
            id: "w".into(),
        };
        assert!(implied(ListKind::AwsSteps, &steps).is_empty());
    }

    #[test]
    fn short_values_are_wide_enough_for_what_they_hold() {
        // "parquet·gz" is the longest landing-zone type; states and statuses likewise.
        for kind in [ListKind::Dlz, ListKind::Blobs] {
            let ty = columns(kind).iter().find(|c| c.title == "TYPE");
            assert!(ty.is_some_and(|c| c.says == Says::Tag && c.max >= 10));
        }
        let state = columns(ListKind::Flows).iter().find(|c| c.title == "STATE");
        assert!(state.is_some_and(|c| c.max >= "disabled".len() as u16));
    }
}
