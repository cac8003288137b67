//! `flowscope apply PLAN`: reads a plan (JSON or TOML), refuses it with its issues, shows
//! its requests (`--dry-run` stops there), confirms once, and sends it with the applier,
//! one line a step on standard output. Creates and deletes of single objects are
//! one-step plans sent through [`run_plan`] too, so every change is reviewed, confirmed
//! and journaled the same way.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::change::Changes;
use super::change_args::ApplyArgs;
use super::error::{CliError, CliResult};
use super::input::{parse_json, read_text};
use crate::api::Client;
use crate::api::apply::{self, Applied, ApplyOptions, Event, Existing, Progress, Request, dry_run};
use crate::model::plan::{Plan, PlanIssue, PlanKind};

pub async fn run(ch: &Changes<'_>, args: &ApplyArgs) -> CliResult {
    let plan = read_plan(&args.plan)?;
    refuse_issues(&args.plan, &plan.issues())?;
    let client = client_for(ch, &plan);
    if args.dry_run {
        print_requests(&plan, &client, true);
        return Ok(());
    }
    run_plan(ch, &client, &plan, &args.plan).await.map(|_| ())
}

/// The client for `plan`: its own sandbox, unless `--sandbox` says another.
pub fn client_for(ch: &Changes<'_>, plan: &Plan) -> Client {
    match (&plan.sandbox, &ch.target.sandbox) {
        (Some(s), None) => ch.conn.client.sandbox(s),
        _ => ch.conn.client.clone(),
    }
}

/// A plan from a file (`.toml` is TOML, anything else JSON) or standard input (`-`,
/// JSON). A file that cannot be read as a plan is an error naming its line and column.
pub fn read_plan(source: &str) -> CliResult<Plan> {
    let text = read_text(source, "plan")?;
    if source.to_ascii_lowercase().ends_with(".toml") {
        return toml::from_str(&text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((1, 1));
            CliError::Usage(format!(
                "{source}:{line}:{col}: not a plan: {}",
                e.message().trim()
            ))
        });
    }
    parse_json(source, &text, "not a plan")
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Each issue on standard error, where it is, and a refusal when there are any.
fn refuse_issues(source: &str, issues: &[PlanIssue]) -> CliResult {
    if issues.is_empty() {
        return Ok(());
    }
    for issue in issues {
        eprintln!("{source}: {issue}");
    }
    Err(CliError::Usage(format!(
        "{source}: {} issue(s) in the plan; nothing was sent",
        issues.len()
    )))
}

/// The plan's requests, numbered, with bodies (secrets masked, `${…}` left as written):
/// on standard output for `--dry-run`, on standard error as the review before a change.
fn print_requests(plan: &Plan, client: &Client, to_stdout: bool) {
    let mut text = String::new();
    if let Some(d) = &plan.description {
        text.push_str(&format!("# {d}\n"));
    }
    text.push_str(&format!("# sandbox {}\n", client.sandbox_name()));
    for (i, (step, req)) in plan.steps.iter().zip(dry_run(plan)).enumerate() {
        let reuse = match step.object_name() {
            Some(name) if req.method == "POST" => {
                format!(" (reused if a {} named '{name}' exists)", step.kind.label())
            }
            _ => String::new(),
        };
        text.push_str(&format!("{}. {}: {req}{reuse}\n", i + 1, step.name));
        if let Some(body) = &req.body {
            let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
            for line in pretty.lines() {
                text.push_str(&format!("   {line}\n"));
            }
        }
    }
    if to_stdout {
        print!("{text}");
    } else {
        eprint!("{text}");
    }
}

/// Reviews, confirms and sends `plan` (objects of the same name reused), printing a line
/// a step and journaling each change. A failure names the step and the service's error,
/// keeps what was created, and says that applying again finishes the plan.
pub async fn run_plan(
    ch: &Changes<'_>,
    client: &Client,
    plan: &Plan,
    source: &str,
) -> CliResult<Applied> {
    let opts = ApplyOptions::new(Existing::Reuse);
    refuse_issues(source, &apply::check(plan, &opts))?;
    let what = format!(
        "send {} request(s) to sandbox {}",
        plan.steps.len(),
        client.sandbox_name()
    );
    ch.allowed(&what)?;
    print_requests(plan, client, false);
    ch.confirm(&capitalised(&what))?;
    let sandbox = client.sandbox_name().to_string();
    let mut sent: HashMap<usize, Request> = HashMap::new();
    let applied = apply::apply(client, plan, &opts, |e| {
        step_done(ch, &sandbox, &mut sent, &e);
    })
    .await
    .map_err(|issues| {
        for issue in &issues {
            eprintln!("{source}: {issue}");
        }
        CliError::Usage(format!("{source}: the plan was refused; nothing was sent"))
    })?;
    match &applied.failed {
        None => Ok(applied),
        Some(f) => Err(CliError::Remote(failure_text(plan, &applied, f, source))),
    }
}

/// `s` with its first letter upper case, for a question that opens with it.
pub(super) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A step's line on standard output, and its journal line once the service answered.
fn step_done(ch: &Changes<'_>, sandbox: &str, sent: &mut HashMap<usize, Request>, e: &Event) {
    let resource = e.kind.resource();
    let record = |sent: &HashMap<usize, Request>, id: &str, result: &str| {
        if let Some(req) = sent.get(&e.index) {
            let what = match &req.body {
                Some(body) => json!({"request": req.to_string(), "body": body}),
                None => json!({"request": req.to_string()}),
            };
            ch.journal(sandbox, resource, id, what, result);
        }
    };
    match &e.progress {
        Progress::Checking => {}
        Progress::Sending(req) => {
            sent.insert(e.index, req.clone());
        }
        Progress::Reused { id } => println!("{}: reused {id}", e.step),
        Progress::Created { id } => {
            record(sent, id, "ok");
            println!("{}: created {id}", e.step);
        }
        Progress::Deleted { id } => {
            record(sent, id, "ok");
            println!("{}: deleted {id}", e.step);
        }
        Progress::AlreadyGone { id } => {
            record(sent, id, "already gone (404)");
            println!("{}: already gone {id}", e.step);
        }
        Progress::Failed { error, unsure } => {
            let result = if *unsure {
                format!(
                    "{} (the answer was lost: it may have been made)",
                    error.message
                )
            } else {
                error.message.clone()
            };
            record(sent, "", &result);
        }
    }
}

/// What the user reads when a step failed: which, why (with the service's code), what
/// exists now, and how to finish.
fn failure_text(plan: &Plan, applied: &Applied, f: &apply::StepFailed, source: &str) -> String {
    let step = plan.steps.get(f.index);
    let request = step.map(|s| s.request_line()).unwrap_or_default();
    let mut text = format!(
        "step {} '{}' ({request}) failed: {}",
        f.index + 1,
        f.step,
        f.error
    );
    if f.error.unsure() {
        let kind = step.map_or("object", |s| s.kind.label());
        text.push_str(&format!(
            "\nthe answer was lost, so the {kind} may exist all the same; applying the plan again finds it by name instead of making another"
        ));
    }
    let done: Vec<String> = plan
        .steps
        .iter()
        .take(f.index)
        .filter_map(|s| {
            let id = applied.ids.get(&s.name)?;
            let how = if applied.made.iter().any(|m| &m.id == id) {
                "created"
            } else {
                "exists"
            };
            Some(format!("{} {id} ({how})", s.name))
        })
        .collect();
    if !done.is_empty() {
        text.push_str(&format!("\nkept: {}", done.join(", ")));
    }
    let deletes_only = plan
        .steps
        .iter()
        .all(|s| s.op == crate::model::plan::Op::Delete);
    if plan.steps.len() > 1 && !deletes_only {
        text.push_str(&format!(
            "\nrun `flowscope apply {source}` again to finish: objects that exist by name are reused, not made again"
        ));
    }
    text
}

/// The one-step plan that creates `body` as a `kind`.
pub fn single_create(kind: PlanKind, body: Value) -> Plan {
    Plan {
        description: None,
        sandbox: None,
        steps: vec![crate::model::plan::Step::create(
            kind_step(kind),
            kind,
            body,
        )],
    }
}

/// The step name single-object plans use.
fn kind_step(kind: PlanKind) -> &'static str {
    match kind {
        PlanKind::Connection => "connection",
        PlanKind::SourceConnection => "source",
        PlanKind::TargetConnection => "target",
        PlanKind::Flow => "flow",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = [\n  x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, text.len()), (3, 4));
    }

    #[test]
    fn toml_and_json_plans_read_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let toml_path = dir.path().join("p.toml");
        std::fs::write(
            &toml_path,
            "[[steps]]\nname = \"t\"\nkind = \"targetConnection\"\n[steps.body]\nname = \"T\"\nconnectionSpec = { id = \"c604\" }\n",
        )
        .unwrap();
        let json_path = dir.path().join("p.json");
        std::fs::write(
            &json_path,
            r#"{"steps": [{"name": "t", "kind": "targetConnection", "body": {"name": "T", "connectionSpec": {"id": "c604"}}}]}"#,
        )
        .unwrap();
        let a = read_plan(toml_path.to_str().unwrap()).unwrap();
        let b = read_plan(json_path.to_str().unwrap()).unwrap();
        assert_eq!(a, b);
        std::fs::write(&toml_path, "[[steps]]\nname = \"t\"\nkind = \"nothing\"\n").unwrap();
        let err = read_plan(toml_path.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("p.toml:1:1") || err.contains("p.toml:3:"),
            "{err}"
        );
        std::fs::write(&json_path, "{\"steps\": [\n  {\"name\": }").unwrap();
        let err = read_plan(json_path.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("p.json:2:12"), "{err}");
    }
}
