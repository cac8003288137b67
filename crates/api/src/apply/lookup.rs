//! Finding the object a create step would make, by kind and name, so a plan applied
//! again reuses it instead of making a second one.

use serde_json::Value;

use super::ApplyError;
use crate::{ApiError, Client, ListQuery, collect_all};
use flowscope_model::plan::{PlanKind, Step};

/// The objects of `kind` named exactly `name`: `property=name=="<name>"`, then compared
/// here, since the service compares strings without regard to case. A comma in `==`
/// means "any of" to the service, quoted or not, so such a name is looked for by
/// reading the whole collection.
pub(super) async fn named(
    client: &Client,
    kind: PlanKind,
    name: &str,
) -> Result<Vec<Value>, ApiError> {
    let name = name.trim();
    let query = if name.contains(',') {
        ListQuery::new()
    } else {
        ListQuery::new().property(format!("name==\"{name}\""))
    };
    let all: Vec<Value> = collect_all(client.pages(kind.resource(), &query)).await?;
    Ok(all
        .into_iter()
        .filter(|o| o.get("name").and_then(Value::as_str).map(str::trim) == Some(name))
        .collect())
}

/// The id of the one object found, none when nothing was, or why neither will do: more
/// than one of the name, or one of another spec (a flow of another flow spec is not
/// the flow the plan describes).
pub(super) fn pick(step: &Step, found: Vec<Value>) -> Result<Option<String>, ApplyError> {
    let id_of = |o: &Value| {
        o.get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let name = step.object_name().unwrap_or_default().to_string();
    let one = match found.as_slice() {
        [] => return Ok(None),
        [one] => one,
        many => {
            return Err(ApplyError::Ambiguous {
                kind: step.kind.label(),
                name,
                ids: many.iter().map(id_of).collect(),
            });
        }
    };
    let spec = match step.kind {
        PlanKind::Flow => "/flowSpec/id",
        _ => "/connectionSpec/id",
    };
    let ours = step
        .body
        .as_ref()
        .and_then(|b| b.pointer(spec))
        .and_then(Value::as_str);
    let theirs = one.pointer(spec).and_then(Value::as_str);
    if let (Some(ours), Some(theirs)) = (ours, theirs)
        && ours != theirs
    {
        return Err(ApplyError::Mismatch {
            kind: step.kind.label(),
            name,
            id: id_of(one),
            theirs: theirs.to_string(),
            ours: ours.to_string(),
        });
    }
    Ok(Some(id_of(one)))
}
