//! The columns each explorer list shows: title, widths, how readily a narrow terminal
//! drops it, and how it takes spare width (names, descriptions, messages and paths
//! first; states, types and times exactly as wide as their values). Also which columns a
//! scoped list leaves out because its parent already says them. Data only; the table
//! widget fits them to the width.

use crate::rows::ListKind;
use crate::shared::list::Scope;

/// How a column takes width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Says {
    /// Names, descriptions, messages, paths: spare width goes here first.
    Most,
    /// Other free text (spec pairs, auth types, tags, URLs): whole once the first kind
    /// is comfortably wide.
    Some,
    /// An id that stands for the row's name (a workflow id): grows only with what the
    /// others leave, as a short prefix tells rows apart.
    Least,
    /// Short values (states, types, times, counts): as wide as the widest value, never
    /// cut; the column is dropped rather than shown truncated.
    Tag,
    /// An id that `d` shows anyway: dropped whenever keeping it would cut another column.
    Ref,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// Narrowest useful width of free text; the table drops columns of lower priority
    /// before going below it.
    pub min: u16,
    pub max: u16,
    /// 0 is always shown; higher numbers go first when the terminal is narrow, and 3
    /// and up are extras that also give way to a name or message that would be cut.
    pub priority: u8,
    pub says: Says,
    pub right: bool,
    /// A sparkline: each glyph is coloured by the outcome it stands for.
    pub spark: bool,
}

const fn column(title: &'static str, min: u16, max: u16, priority: u8, says: Says) -> Column {
    Column {
        title,
        min,
        max,
        priority,
        says,
        right: false,
        spark: false,
    }
}

/// A name, description, message or path.
pub(crate) const fn text(title: &'static str, min: u16, max: u16, priority: u8) -> Column {
    column(title, min, max, priority, Says::Most)
}

/// Free text that says less than the names beside it.
pub(crate) const fn col(title: &'static str, min: u16, max: u16, priority: u8) -> Column {
    column(title, min, max, priority, Says::Some)
}

/// An id that names the row: never dropped, shortened before anything else.
pub(crate) const fn key(title: &'static str, min: u16, max: u16) -> Column {
    column(title, min, max, 0, Says::Least)
}

/// A short value (state, type, time) up to `max` wide.
pub(crate) const fn tag(title: &'static str, max: u16, priority: u8) -> Column {
    column(title, 1, max, priority, Says::Tag)
}

/// An object's id.
pub(crate) const fn id(title: &'static str, max: u16) -> Column {
    column(title, 1, max, 9, Says::Ref)
}

pub(crate) const fn num(title: &'static str, priority: u8) -> Column {
    Column {
        right: true,
        ..column(title, 1, 12, priority, Says::Tag)
    }
}

const fn spark(title: &'static str, width: u16, priority: u8) -> Column {
    Column {
        spark: true,
        ..column(title, width, width, priority, Says::Tag)
    }
}

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
