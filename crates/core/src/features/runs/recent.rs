//! The Flows pane's sparkline column: the newest runs of each flow on screen, asked for
//! once per flow (only rows in view, so a long list costs what the screen shows) and
//! kept until the sandbox changes or the list is refreshed.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::effect::Effect;
use crate::features::runs::history::{history, sparkline};
use crate::shared::nav::ListKind;
use crate::state::App;
use crate::view::View;

/// Runs per flow in the sparkline.
pub const RECENT_RUNS: u32 = 12;

#[derive(Debug, Default)]
pub struct Recent {
    /// Answers asked under an older generation (another sandbox) are dropped.
    pub generation: u64,
    /// Flow id → its newest runs, newest first.
    pub runs: HashMap<String, Vec<Value>>,
    asked: HashSet<String>,
    /// Flows asked for in this generation and not answered yet.
    pending: usize,
}

impl Recent {
    pub fn reset(&mut self) {
        self.generation += 1;
        self.runs.clear();
        self.asked.clear();
        self.pending = 0;
    }

    /// The Flows list is read again: so are the sparklines of the rows in view, which
    /// stay drawn until the new ones arrive.
    pub fn refresh(&mut self) {
        self.generation += 1;
        self.asked.clear();
        self.pending = 0;
    }

    /// Sparklines are still on their way.
    pub fn is_pending(&self) -> bool {
        self.pending > 0
    }
}

/// Asks for the runs of the flows on screen that are not known or asked for yet.
pub fn wanted(app: &mut App) -> Vec<Effect> {
    let height = app.areas().list_rows();
    let Some(View::List(l)) = app.view() else {
        return Vec::new();
    };
    if l.kind != ListKind::Flows {
        return Vec::new();
    }
    let end = (l.offset + height).min(l.visible.len());
    let recent = &app.runs.recent;
    let ids: Vec<String> = l.visible[l.offset.min(end)..end]
        .iter()
        .filter_map(|&i| l.row(i))
        .map(|r| r.id().to_string())
        .filter(|id| !id.is_empty() && !recent.asked.contains(id))
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    app.runs.recent.asked.extend(ids.iter().cloned());
    app.runs.recent.pending += ids.len();
    vec![Effect::Recent {
        generation: app.runs.recent.generation,
        flow_ids: ids,
    }]
}

/// The newest runs of some flows arrived: their sparklines are drawn.
pub fn received(
    app: &mut App,
    generation: u64,
    asked: &[String],
    runs: Vec<(String, Vec<Value>)>,
) -> Vec<Effect> {
    if generation != app.runs.recent.generation {
        return Vec::new();
    }
    app.runs.recent.pending = app.runs.recent.pending.saturating_sub(asked.len());
    // A flow whose runs could not be read is asked again when it is next in view.
    for id in asked {
        if !runs.iter().any(|(f, _)| f == id) {
            app.runs.recent.asked.remove(id);
        }
    }
    let mut ids = HashSet::new();
    for (id, list) in runs {
        app.names
            .sparks
            .insert(id.clone(), sparkline(&history(&list)));
        app.runs.recent.runs.insert(id.clone(), list);
        ids.insert(id);
    }
    redraw(app, &ids);
    Vec::new()
}

/// A run read elsewhere (a watched run's poll) moves its flow's sparkline too.
pub fn note_run(app: &mut App, run: &Value) {
    let Some(flow) = run
        .get("flowId")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return;
    };
    let id = run.get("id").and_then(Value::as_str).unwrap_or("");
    let Some(list) = app.runs.recent.runs.get_mut(&flow) else {
        return;
    };
    match list
        .iter_mut()
        .find(|r| r.get("id").and_then(Value::as_str) == Some(id))
    {
        Some(r) => *r = run.clone(),
        None => {
            list.insert(0, run.clone());
            list.truncate(RECENT_RUNS as usize);
        }
    }
    let spark = sparkline(&history(list));
    app.names.sparks.insert(flow.clone(), spark);
    redraw(app, &HashSet::from([flow]));
}

fn redraw(app: &mut App, ids: &HashSet<String>) {
    app.each_list(|l, names, fuzzy| {
        if l.kind == ListKind::Flows {
            l.rebuild_rows(ids, names, fuzzy);
        }
    });
}
