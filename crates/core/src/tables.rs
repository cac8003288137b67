//! Which feature shows which list: each list kind's schema (its columns, and the row of
//! one item) comes from the feature that owns the kind, and a scoped list leaves out the
//! columns its parent already names. The one place that knows every feature's lists.

use serde_json::Value;

use crate::features::{alerts, aws, bulk, dlz, lists, runs};
use crate::shared::list::ListView;
use crate::shared::nav::{ListKind, Scope};
use crate::shared::table::{Column, Names, Row, Schema};

type Columns = fn(ListKind) -> Option<&'static [Column]>;
type Rows = fn(ListKind, &Value, &Names) -> Option<Row>;

/// The features that own lists, each with its columns and its rows.
const OWNERS: [(Columns, Rows); 6] = [
    (lists::rows::columns, lists::rows::build),
    (runs::rows::columns, runs::rows::build),
    (dlz::rows::columns, dlz::rows::build),
    (aws::rows::columns, aws::rows::build),
    (bulk::rows::columns, bulk::rows::build),
    (alerts::rows::columns, alerts::rows::build),
];

/// The schema of a list of `kind`.
pub fn schema(kind: ListKind) -> Schema {
    OWNERS
        .iter()
        .find_map(|(columns, row)| {
            Some(Schema {
                columns: columns(kind)?,
                row: *row,
            })
        })
        .unwrap_or(Schema {
            columns: &[],
            row: |_, _, _| None,
        })
}

/// A new list pane of `kind` in `scope`, with its schema and the columns its scope
/// leaves out.
pub fn list(slot: u64, kind: ListKind, scope: Scope) -> ListView {
    let hidden = implied(kind, &scope);
    ListView::new(slot, kind, scope, schema(kind), hidden)
}

/// The columns of a list of `kind`.
pub fn columns(kind: ListKind) -> &'static [Column] {
    schema(kind).columns
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
    use crate::tables::*;

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

    use serde_json::json;

    #[test]
    fn every_row_has_one_cell_per_column() {
        for kind in [
            ListKind::Connections,
            ListKind::Flows,
            ListKind::Runs,
            ListKind::Specs,
            ListKind::Dlz,
            ListKind::Journal,
            ListKind::Drafts,
            ListKind::Live,
        ] {
            let row = (schema(kind).row)(kind, &json!({}), &Names::default()).unwrap_or_default();
            assert_eq!(row.cells.len(), schema(kind).columns.len(), "{kind:?}");
            assert!(row.nums.is_empty() || row.nums.len() == row.cells.len());
        }
    }
}
