//! The one question before an action on marked rows: what it does to how many, the
//! request each gets, the first names, what is skipped and why. `y` starts the job
//! (refused under `--read-only`); `n` changes nothing. Marked flows in both states are
//! first asked which state to bring them to, at a prompt.

use std::collections::BTreeMap;

use super::plan::{Planned, plan};
use super::{Job, Verb};
use crate::effect::Effect;
use crate::overlay::{InputBox, Overlay};
use crate::reply::Reply;
use crate::shared::action::Action;
use crate::shared::ask::Ask;
use crate::shared::editor::spec::Audit;
use crate::shared::effect::{BulkStep, Change};
use crate::shared::nav::ListKind;
use crate::shared::table::Tone;
use crate::state::App;

/// Why an action on marked rows is refused in a read-only session.
pub const READ_ONLY: &str = "refused: read-only session (--read-only): nothing is retried, triggered, enabled, \
     disabled, deleted, started or stopped";

/// How many objects the question names before "… and N more".
pub const NAMED: usize = 6;

/// What a bulk question or prompt hands back.
#[derive(Debug)]
pub enum BulkReply {
    /// `y` sends the job.
    Send(Box<Job>),
    /// The state mixed marked flows of `kind` are all brought to, typed at the prompt.
    Which { kind: ListKind },
}

/// The question about `job`.
pub fn question(job: Job) -> Ask<BulkReply> {
    let sent: Vec<&super::Item> = job
        .items
        .iter()
        .filter(|i| matches!(i.step, BulkStep::Send(_)))
        .collect();
    let skipped: Vec<(&super::Item, &str)> = job
        .items
        .iter()
        .filter_map(|i| match &i.step {
            BulkStep::Skip(why) => Some((i, why.as_str())),
            BulkStep::Send(_) => None,
        })
        .collect();
    let n = sent.len();
    let adjective = if job.verb == Verb::Retry {
        "failed "
    } else {
        ""
    };
    // A landing-zone job says how much goes: "Delete 3 files (1.2 MB)?".
    let size = job
        .bytes
        .map(|b| format!(" ({})", crate::shared::fmt::human_size(b)))
        .unwrap_or_default();
    let mut head = format!(
        "{} {n} {adjective}{}{size}?",
        capitalised(job.verb.word()),
        job.noun(n)
    );
    if !skipped.is_empty() {
        // One reason in a word per kind of skip: "3 skipped (not failed)".
        let mut why: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, w) in &skipped {
            *why.entry(w.split(':').next().unwrap_or(w)).or_default() += 1;
        }
        let why: Vec<&str> = why.keys().copied().collect();
        head.push_str(&format!(" {} skipped ({})", skipped.len(), why.join(", ")));
    }
    let mut lines = vec![
        (Tone::Plain, head),
        (Tone::Plain, String::new()),
        (Tone::Running, request_line(&job)),
    ];
    for i in sent.iter().take(NAMED) {
        lines.push((Tone::Plain, format!("  {}", i.label)));
    }
    more(&mut lines, n);
    if !skipped.is_empty() {
        lines.push((Tone::Dim, "skipped:".into()));
        for (i, why) in skipped.iter().take(NAMED) {
            lines.push((Tone::Dim, format!("  {} — {why}", i.label)));
        }
        more(&mut lines, skipped.len());
    }
    lines.push((Tone::Plain, String::new()));
    lines.push(meaning(&job));
    lines.push((
        Tone::Dim,
        "Sent a few at a time, each once and journaled; a lost answer is reported, not resent."
            .into(),
    ));
    let title = format!("{} {n} {}", job.verb.word(), job.noun(n));
    Ask::new(title, "send", lines, BulkReply::Send(Box::new(job)))
}

fn more(lines: &mut Vec<(Tone, String)>, n: usize) {
    if n > NAMED {
        lines.push((Tone::Dim, format!("  … and {} more", n - NAMED)));
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The request each object gets.
fn request_line(job: &Job) -> String {
    const FS: &str = "/data/foundation/flowservice";
    match (job.verb, job.noun.1) {
        (Verb::Retry, _) => format!("POST {FS}/runs/{{id}}/action?op=RE_TRIGGER, one per run"),
        (Verb::Trigger, _) => format!("POST {FS}/runs, one per flow"),
        (Verb::Enable | Verb::Disable, _) => format!(
            "POST {FS}/flows/{{id}}/action?op={}, one per flow",
            job.verb.word()
        ),
        (Verb::Delete, "connections") => format!("DELETE {FS}/connections/{{id}}, one each"),
        (Verb::Delete, "files") => {
            let zone = job.items.iter().find_map(|i| match &i.step {
                BulkStep::Send(Change::DlzDelete { zone, .. }) => Some(zone.as_str()),
                _ => None,
            });
            format!(
                "DELETE each file from the {} container, one request a file",
                zone.unwrap_or("landing zone's")
            )
        }
        (Verb::Delete, "workflows") => "DELETE /domains/{domain}/workflows/{id}, one each".into(),
        (Verb::Delete, _) => format!("DELETE {FS}/flows/{{id}}, one each"),
        (Verb::Start, _) => "POST /start-flow, one per flow (each with its client token)".into(),
        (Verb::Stop, _) => "POST /stop-flow, one per flow".into(),
    }
}

/// What the action means, in a line.
fn meaning(job: &Job) -> (Tone, String) {
    match job.verb {
        Verb::Retry => (
            Tone::Dim,
            "Each run is attempted again, then watched until it ends.".into(),
        ),
        Verb::Trigger => (
            Tone::Dim,
            "Each flow runs once, over the window since its last run (or the last day).".into(),
        ),
        Verb::Enable => (
            Tone::Dim,
            "Their schedules resume; runs may start at once.".into(),
        ),
        Verb::Disable => (
            Tone::Warn,
            "Their scheduled runs stop until they are enabled again.".into(),
        ),
        Verb::Delete if job.noun.1 == "files" => (
            Tone::Failed,
            "⚠ The landing zone keeps no copy: this cannot be undone. A file already gone \
             counts as deleted."
                .into(),
        ),
        Verb::Delete if job.noun.1 == "workflows" => (
            Tone::Warn,
            "⚠ Each workflow goes with what it made: its integration and its AppFlow flow \
             (profiles already written stay)."
                .into(),
        ),
        Verb::Delete => (
            Tone::Warn,
            "⚠ Only these objects, nothing they use (no cascade); one still in use is refused \
             (FLOW-1418-400)."
                .into(),
        ),
        Verb::Start => (
            Tone::Dim,
            "On-demand flows run once; scheduled and event flows are activated.".into(),
        ),
        Verb::Stop => (
            Tone::Warn,
            "Their scheduled or event runs stop (flowStatus → Suspended).".into(),
        ),
    }
}

/// Asks about what `action` means for the marked rows in view: the question, the prompt
/// for mixed flows, or a toast saying why there is nothing to do.
pub fn ask(app: &mut App, action: &Action, chosen: Option<Verb>) -> Vec<Effect> {
    // Refused before the question: a question whose `y` can only be refused wastes the
    // reading.
    if app.read_only {
        app.toast(READ_ONLY, true);
        return Vec::new();
    }
    match plan(app, action, chosen) {
        Planned::Nothing(why) => app.toast(why, true),
        Planned::Which { kind } => which(app, kind),
        Planned::Job(job) if job.sent() == 0 => {
            let first = job.items.iter().find_map(|i| match &i.step {
                BulkStep::Skip(why) => Some(why.clone()),
                BulkStep::Send(_) => None,
            });
            app.toast(
                format!(
                    "nothing to {}: all {} marked are skipped ({})",
                    job.verb.word(),
                    job.items.len(),
                    first.unwrap_or_default()
                ),
                true,
            );
        }
        Planned::Job(job) => {
            let ask = question(job).map(Reply::Bulk);
            app.overlay = Some(Overlay::Ask(Box::new(ask)));
        }
    }
    Vec::new()
}

/// The prompt for marked flows in both states.
fn which(app: &mut App, kind: ListKind) {
    let (label, choices) = if kind == ListKind::AwsFlows {
        (
            "start or stop the marked AppFlow flows? ",
            ["start", "stop"],
        )
    } else {
        (
            "enable or disable the marked flows? ",
            ["enable", "disable"],
        )
    };
    app.toast(
        format!(
            "the marked {} are in both states: type which one to bring them all to",
            kind.noun()
        ),
        false,
    );
    let bx = InputBox::prompt(
        app.new_text,
        label,
        "",
        Reply::Bulk(BulkReply::Which { kind }),
        choices.iter().map(|c| c.to_string()).collect(),
    );
    app.overlay = Some(Overlay::Input(Box::new(bx)));
}

/// The state typed at the prompt, or why it will not do (the prompt stays).
pub fn typed(
    app: &mut App,
    reply: BulkReply,
    text: &str,
) -> Result<Vec<Effect>, (BulkReply, String)> {
    let BulkReply::Which { kind } = reply else {
        return Ok(answered(app, reply, true));
    };
    let t = text.trim().to_ascii_lowercase();
    let verb = match (kind, t.as_str()) {
        (ListKind::AwsFlows, "start") => Verb::Start,
        (ListKind::AwsFlows, "stop") => Verb::Stop,
        (ListKind::AwsFlows, _) => return Err((reply, "start or stop".into())),
        (_, "enable") => Verb::Enable,
        (_, "disable") => Verb::Disable,
        _ => return Err((reply, "enable or disable".into())),
    };
    app.overlay = None;
    Ok(ask(app, &Action::ToggleFlow, Some(verb)))
}

/// The question answered: `y` starts the job (refused in a read-only session), `n`
/// changes nothing and keeps the marks.
pub fn answered(app: &mut App, reply: BulkReply, yes: bool) -> Vec<Effect> {
    let BulkReply::Send(job) = reply else {
        return Vec::new();
    };
    if !yes {
        return Vec::new();
    }
    if app.read_only {
        app.toast(READ_ONLY, true);
        return Vec::new();
    }
    let mut job = *job;
    job.id = app.next_id();
    let steps: Vec<BulkStep> = job.items.iter().map(|i| i.step.clone()).collect();
    let n = job.sent();
    app.toast(format!("{} {n} {}…", job.verb.doing(), job.noun(n)), false);
    let id = job.id;
    app.bulk.jobs.push(job);
    vec![Effect::Bulk {
        job: id,
        steps,
        audit: Audit::of(app),
    }]
}
