//! The summary of a job as a list: one row per object with how it ended (done, refused
//! with the service's code and message, unsure, skipped with the reason), so it sorts,
//! filters and opens like any list.

use serde_json::{Value, json};

use super::{BulkEnd, Job};
use crate::shared::effect::BulkStep;
use crate::shared::list::ListView;
use crate::shared::nav::{ListKind, ObjKind, Scope};
use crate::shared::table::{Column, Names, Row, Tone, s};
use crate::shared::table::{id, tag, text};
use crate::state::App;
use crate::view::View;

const COLUMNS: &[Column] = &[
    tag("END", 7, 0),
    text("OBJECT", 16, 60, 0),
    text("DETAIL", 20, 200, 1),
    tag("KIND", 12, 2),
    id("ID", 36),
];

/// The kinds of object a job acts on, by the noun its rows keep.
const KINDS: [ObjKind; 6] = [
    ObjKind::Run,
    ObjKind::Flow,
    ObjKind::Connection,
    ObjKind::SourceConnection,
    ObjKind::TargetConnection,
    ObjKind::AwsFlow,
];

pub fn columns(kind: ListKind) -> Option<&'static [Column]> {
    (kind == ListKind::BulkEnds).then_some(COLUMNS)
}

pub fn build(kind: ListKind, v: &Value, _names: &Names) -> Option<Row> {
    if kind != ListKind::BulkEnds {
        return None;
    }
    let end = s(v, "/end");
    let tone = match end {
        "done" => Tone::Ok,
        "refused" => Tone::Failed,
        "unsure" => Tone::Warn,
        _ => Tone::Dim,
    };
    let cells = vec![
        end.to_string(),
        s(v, "/name").to_string(),
        s(v, "/detail").to_string(),
        s(v, "/kind").to_string(),
        s(v, "/id").to_string(),
    ];
    Some(Row::new(
        s(v, "/id").to_string(),
        s(v, "/name").to_string(),
        cells,
        Vec::new(),
        vec![(0, tone), (2, tone)],
    ))
}

/// The kind of object a summary row is about.
pub fn kind_of(v: &Value) -> Option<ObjKind> {
    let noun = s(v, "/kind");
    KINDS.into_iter().find(|k| k.noun() == noun)
}

/// What the summary says of one end.
fn detail(end: Option<&BulkEnd>) -> (&'static str, String) {
    match end {
        None => ("sending", String::new()),
        // What the runtime said of it ("already gone"), when it said anything.
        Some(BulkEnd::Done(Some(o))) if !s(o, "/note").is_empty() => {
            ("done", s(o, "/note").to_string())
        }
        Some(BulkEnd::Done(object)) => {
            let status = object
                .as_ref()
                .map(|o| {
                    let st = s(o, "/metrics/statusSummary/status");
                    if st.is_empty() { s(o, "/state") } else { st }
                })
                .unwrap_or("");
            let text = if status.is_empty() {
                String::new()
            } else {
                format!("now {status}")
            };
            ("done", text)
        }
        Some(BulkEnd::Refused(e)) => ("refused", e.message.clone()),
        Some(BulkEnd::Unsure(e)) => (
            "unsure",
            format!("the answer was lost: look before resending ({})", e.message),
        ),
        Some(BulkEnd::Skipped(why)) => ("skipped", why.clone()),
    }
}

/// The rows of `job`'s summary, in the order the objects were marked.
pub fn items(job: &Job) -> Vec<Value> {
    job.items
        .iter()
        .map(|i| {
            let end = match (&i.step, &i.end) {
                (BulkStep::Skip(why), None) => Some(BulkEnd::Skipped(why.clone())),
                (_, end) => end.clone(),
            };
            let (word, detail) = detail(end.as_ref());
            json!({
                "id": i.id,
                "name": i.label,
                "kind": i.kind.noun(),
                "end": word,
                "detail": detail,
            })
        })
        .collect()
}

/// A summary list of `job`, filled.
pub fn summary(app: &mut App, job: &Job) -> ListView {
    let slot = app.next_id();
    let scope = Scope::Job {
        id: job.id,
        title: job.title(),
    };
    let mut l = crate::tables::list(slot, ListKind::BulkEnds, scope);
    let now = app.now_ms;
    l.push_page(items(job), &app.names, &mut app.fuzzy);
    l.finish(now, &app.names, &mut app.fuzzy);
    l
}

/// Fills the summary in view again from its job (`r`): a summary is the app's own.
pub fn refill(app: &mut App) {
    let Some(View::List(l)) = app.view() else {
        return;
    };
    let Scope::Job { id, .. } = l.scope else {
        return;
    };
    let Some(rows) = app.bulk.job(id).map(items) else {
        return;
    };
    let now = app.now_ms;
    app.front_list(|l, names, fuzzy| {
        l.clear();
        l.push_page(rows, names, fuzzy);
        l.finish(now, names, fuzzy);
    });
}

/// The counts of a summary's job, for its title: the runner's own words once it ended.
pub fn counts(app: &App, job: u64) -> Option<String> {
    app.bulk.job(job)?.counts.clone()
}
