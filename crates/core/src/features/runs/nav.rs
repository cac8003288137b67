//! Keys of the run detail pane: the cursor walks the run's references; `y` copies the
//! one selected, Enter opens it, `d` shows the run's JSON, and `F`, `s`, `t`, `p`, `u`
//! go to its flow, connections, flow spec and the flow's other runs.

use crate::effect::Effect;
use crate::shared::action::Action;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::state::{App, View};
use crate::update::{push_detail, push_list};

/// Handles `action` in the run pane; `None` lets the common handling have it.
pub fn run_view(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let Some(View::Run(r)) = app.view_mut() else {
        return None;
    };
    match action {
        Action::Up | Action::ScrollUp => r.move_by(-1),
        Action::Down | Action::ScrollDown => r.move_by(1),
        Action::PageUp | Action::Top => r.move_by(isize::MIN / 2),
        Action::PageDown | Action::Bottom => r.move_by(isize::MAX / 2),
        Action::CopyId => {
            let Some(sel) = r.selected_ref() else {
                return Some(Vec::new());
            };
            return Some(vec![Effect::Copy {
                text: sel.value.clone(),
                what: copied_what(&sel.label),
            }]);
        }
        Action::Open | Action::Toggle => {
            let Some(sel) = r.selected_ref().cloned() else {
                return Some(Vec::new());
            };
            return Some(match sel.goto {
                Some((kind, id)) => push_detail(app, kind, &id, None),
                None => {
                    app.toast(
                        format!("a {} cannot be opened here: y copies it", sel.label),
                        false,
                    );
                    Vec::new()
                }
            });
        }
        Action::Describe => {
            let (id, value) = (r.id.clone(), r.value.clone());
            return Some(push_detail(app, ObjKind::Run, &id, value));
        }
        Action::RelatedFlow
        | Action::RelatedSource
        | Action::RelatedTarget
        | Action::RelatedSpec => {
            let want = match action {
                Action::RelatedFlow => ObjKind::Flow,
                Action::RelatedSource => ObjKind::SourceConnection,
                Action::RelatedTarget => ObjKind::TargetConnection,
                _ => ObjKind::FlowSpec,
            };
            let found = r
                .summary
                .refs
                .iter()
                .find_map(|x| x.goto.clone().filter(|(k, _)| *k == want));
            return Some(match found {
                Some((kind, id)) => push_detail(app, kind, &id, None),
                None => {
                    app.toast("this run names nothing of that kind", true);
                    Vec::new()
                }
            });
        }
        Action::RelatedRuns => {
            let id = r.summary.flow_id.clone();
            let name = app.names.flows.get(&id).cloned().unwrap_or(id.clone());
            return Some(push_list(app, ListKind::Runs, Scope::OfFlow { id, name }));
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// What the toast says was copied (the clipboard report needs a lasting name).
fn copied_what(label: &str) -> &'static str {
    match label {
        "run" => "run id",
        "flow" => "flow id",
        "flow spec" => "flow spec id",
        "provider run" => "provider run id",
        "source connection" => "source connection id",
        "target connection" => "target connection id",
        "batch" => "batch id",
        "ADF run" => "ADF run id",
        l if l.starts_with("manifest") => "manifest path",
        _ => "reference",
    }
}
