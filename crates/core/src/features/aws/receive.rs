//! What an AWS change's outcome does: the toast that says how it ended, and the reload of
//! what it changed.

use crate::effect::Effect;
use crate::load::reload_current;
use crate::shared::effect::Outcome;
use crate::state::App;
use serde_json::Value;

use crate::features::aws::create::spec::CreateWorkflowSpec;
use crate::view::View;

/// The answer to a change sent from `slot`: what AWS said, and the pane in view read
/// again. None when the slot is not one of this feature's.
pub fn submitted(app: &mut App, slot: u64, outcome: Outcome) -> Option<Vec<Effect>> {
    let what = app.aws.pending.remove(&slot)?;
    if let Outcome::Sent {
        journal: Err(why), ..
    }
    | Outcome::Failed {
        journal: Err(why), ..
    } = &outcome
    {
        app.toast(
            format!("the change was not written to the journal: {why}"),
            true,
        );
    }
    let refused = match (app.aws.deletes.remove(&slot), &outcome) {
        (
            Some(flow),
            Outcome::Failed {
                error,
                unsure: false,
                ..
            },
        ) if error.code.as_deref() == Some("ConflictException") => {
            app.aws.refused.insert(flow.clone());
            Some(flow)
        }
        (Some(flow), _) => {
            app.aws.refused.remove(&flow);
            None
        }
        (None, _) => None,
    };
    let fx = ended(app, &what, outcome);
    if let Some(flow) = refused {
        app.toast(
            format!("X on {flow} again asks to delete it with forceDelete"),
            true,
        );
    }
    Some(fx)
}

pub(super) fn ended(app: &mut App, what: &str, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Sent { object, .. } => {
            let o = object.unwrap_or(Value::Null);
            let detail = [
                ("executionId", "execution"),
                ("WorkflowId", "workflow"),
                ("flowStatus", "flow now"),
            ]
            .iter()
            .filter_map(|(k, label)| {
                o.get(*k)
                    .and_then(Value::as_str)
                    .map(|v| format!("{label} {v}"))
            })
            .collect::<Vec<_>>()
            .join(", ");
            let text = if detail.is_empty() {
                format!("{what}: done")
            } else {
                format!("{what}: done ({detail})")
            };
            app.toast(text, false);
            reload_current(app)
        }
        Outcome::Failed { error, unsure, .. } => {
            let tail = if unsure {
                " — the answer was lost: look before sending again"
            } else {
                ""
            };
            app.toast(format!("{what} failed: {}{tail}", error.message), true);
            Vec::new()
        }
        Outcome::Conflict { error, .. } => {
            app.toast(format!("{what} failed: {}", error.message), true);
            Vec::new()
        }
    }
}

/// A page of the object types a new workflow's form asked for: on the last, the form
/// knows them and checks its text again. None when `slot` is not such a read.
pub fn object_types(app: &mut App, slot: u64, items: &[Value], done: bool) -> Option<Vec<Effect>> {
    let (_, names) = app.aws.types.get_mut(&slot)?;
    names.extend(
        items
            .iter()
            .filter_map(|t| t.get("ObjectTypeName").and_then(Value::as_str))
            .map(str::to_string),
    );
    if !done {
        return Some(Vec::new());
    }
    let (form, names) = app.aws.types.remove(&slot)?;
    for v in app.stacks.iter_mut().flatten() {
        if let View::Editor(e) = v
            && e.slot == form
        {
            let d = e.spec.draft();
            if let Some(mut spec) =
                CreateWorkflowSpec::from_draft(&d.resource, &d.id, d.base.as_ref())
            {
                spec.object_types = Some(names.clone());
                e.spec = Box::new(spec);
                e.recheck();
            }
        }
    }
    Some(Vec::new())
}

/// The object types could not be read: the form goes on without them. False when `slot`
/// is not such a read.
pub fn object_types_failed(app: &mut App, slot: u64) -> bool {
    app.aws.types.remove(&slot).is_some()
}
