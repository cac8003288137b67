//! A job's news, reconciled with the panes: each object's end as it comes (a flow read
//! back in place of its row, a deleted object's row gone, a retried or triggered run
//! handed on to be watched); at the job's end the marks of the objects that need
//! another try are kept and the others cleared, AppFlow lists are read again, and the
//! summary opens on the job's tab.

use serde_json::Value;

use super::{BulkEnd, BulkMsg, Verb};
use crate::effect::Effect;
use crate::shared::nav::ListKind;
use crate::state::App;
use crate::view::View;

/// What the job's news leaves to the composition: runs to watch, each with its flow's
/// name (the runs feature watches them as it watches a run it triggered).
pub type Watch = Vec<(Value, String)>;

pub fn received(app: &mut App, msg: BulkMsg) -> (Vec<Effect>, Watch) {
    match msg {
        BulkMsg::Ended {
            job,
            index,
            end,
            journal,
        } => {
            if let Some(why) = journal {
                app.toast(
                    format!("a change was not written to the journal: {why}"),
                    true,
                );
            }
            (Vec::new(), ended(app, job, index, end))
        }
        BulkMsg::Finished { job, counts } => (finished(app, job, counts), Vec::new()),
    }
}

fn ended(app: &mut App, job: u64, index: usize, end: BulkEnd) -> Watch {
    let Some(j) = app.bulk.job_mut(job) else {
        return Vec::new();
    };
    let verb = j.verb;
    let Some(item) = j.items.get_mut(index) else {
        return Vec::new();
    };
    item.end = Some(end.clone());
    let (kind, id, flow_name) = (item.kind, item.id.clone(), item.flow_name.clone());
    let step = item.step.clone();
    let BulkEnd::Done(object) = end else {
        return Vec::new();
    };
    match verb {
        Verb::Retry | Verb::Trigger => object.map(|run| vec![(run, flow_name)]).unwrap_or_default(),
        Verb::Enable | Verb::Disable => {
            if let Some(flow) = object {
                crate::nav::replace_everywhere(app, flow);
            }
            Vec::new()
        }
        Verb::Delete => {
            app.each_list(|l, names, fuzzy| {
                if super::files::holds(l, kind, &step) {
                    l.remove_id(&id, names, fuzzy);
                }
            });
            Vec::new()
        }
        // AppFlow's answer is not the flow: its lists are read again at the end.
        Verb::Start | Verb::Stop => Vec::new(),
    }
}

fn finished(app: &mut App, job: u64, counts: String) -> Vec<Effect> {
    let Some(j) = app.bulk.job_mut(job) else {
        return Vec::new();
    };
    j.counts = Some(counts.clone());
    let j = j.clone();
    // Marked again: only what needs another try (refused, or unsure after a look).
    let again: std::collections::HashSet<&str> = j
        .items
        .iter()
        .filter(|i| i.end.as_ref().is_some_and(BulkEnd::failed))
        .map(|i| i.id.as_str())
        .collect();
    if let Some(View::List(l)) = app.view_by_slot(j.list_slot) {
        l.keep_marks(|id| again.contains(id));
    }
    let failed = !again.is_empty();
    app.toast(format!("{}: {counts}", j.title()), failed);
    let summary = super::rows::summary(app, &j);
    if let Some(stack) = app.stacks.get_mut(j.tab.index()) {
        stack.push(View::List(summary));
    }
    crate::nav::keep_visible(app);
    app.bulk.trim();
    if matches!(j.verb, Verb::Start | Verb::Stop) {
        return crate::load::reload_matching(
            app,
            |v| matches!(v, View::List(l) if l.kind == ListKind::AwsFlows),
        );
    }
    Vec::new()
}
