//! Where graphs start: `g` (a flow's graph) and `w`/`W` (what uses this object or its
//! dataset), from a list row, a detail view or a box of another graph.

use crate::nav::pointed;

use crate::effect::Effect;
use crate::features::graph::keys::{open_flow, open_uses};
use crate::shared::nav::ObjKind;
use crate::shared::nav::Subject;
use crate::shared::table::s;
use crate::state::App;

/// `g`: the graph of the flow pointed at, or of a run's flow.
pub fn graph(app: &mut App) -> Vec<Effect> {
    match pointed(app) {
        Some((ObjKind::Flow, id, value)) => open_flow(app, &id, value),
        Some((ObjKind::Run, _, Some(run))) if !s(&run, "/flowId").is_empty() => {
            let flow = s(&run, "/flowId").to_string();
            open_flow(app, &flow, None)
        }
        // A run's row keeps no object, but knows its flow.
        Some((ObjKind::Run, _, None)) => {
            let flow = app
                .list()
                .and_then(|l| l.selected_row())
                .map(|r| r.parent().to_string());
            match flow.filter(|f| !f.is_empty()) {
                Some(flow) => open_flow(app, &flow, None),
                None => {
                    app.toast("this run names no flow", true);
                    Vec::new()
                }
            }
        }
        _ => {
            app.toast("g draws a flow: select a flow or a run", true);
            Vec::new()
        }
    }
}

/// `w`: what uses the object pointed at; `W` (`dataset`): what uses its dataset.
pub fn uses(app: &mut App, dataset: bool) -> Vec<Effect> {
    let Some((kind, id, value)) = pointed(app) else {
        app.toast("nothing selected", true);
        return Vec::new();
    };
    let name = value
        .as_ref()
        .map(|v| s(v, "/name"))
        .filter(|n| !n.is_empty())
        .unwrap_or(&id)
        .to_string();
    if dataset {
        let ds = value
            .as_ref()
            .map(|v| s(v, "/params/dataSetId"))
            .unwrap_or("");
        if ds.is_empty() {
            app.toast("W works on a target connection that writes a dataset", true);
            return Vec::new();
        }
        let ds = ds.to_string();
        return open_uses(app, Subject::Dataset(ds.clone()), &format!("dataset {ds}"));
    }
    let subject = match kind {
        ObjKind::Connection => Subject::Connection(id),
        ObjKind::SourceConnection => Subject::SourceConnection(id),
        ObjKind::TargetConnection => Subject::TargetConnection(id),
        ObjKind::ConnectionSpec => Subject::ConnectionSpec(id),
        _ => {
            let what = kind.noun();
            app.toast(
                format!("w works on connections and connection specs, not a {what}"),
                true,
            );
            return Vec::new();
        }
    };
    open_uses(app, subject, &name)
}
