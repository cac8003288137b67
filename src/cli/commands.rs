//! The command handlers: each resolves its target, calls the client and writes output.

use std::io::BufWriter;
use std::time::Duration;

use futures::StreamExt;
use serde::Serialize;
use serde_json::Value;

use super::args::{
    Command, ConnectionsCmd, FlowsCmd, GetArgs, ListArgs, ManyArgs, Output, ResourceCmd, RunsCmd,
    SpecsCmd, TargetArgs,
};
use super::change::{Changes, outcome};
use super::error::{CliError, CliResult};
use super::input::{parse_json, read_text};
use super::labels::{learn_flow_names, spec_names};
use super::output::{ListWriter, read_items, stdout_closed, write_one};
use super::target::{Connected, connect};
use super::{acts, many};
use crate::api::bulk::End;
use crate::api::{ApiError, Client, FlowAction, ListQuery};
use crate::cli::columns::{Labels, Resource};
use crate::model::PatchOp;
use crate::model::plan::PlanKind;
use crate::model::redact::mask_secrets;

pub async fn run(target: &TargetArgs, command: Command) -> CliResult {
    REVEAL.store(target.reveal_secrets, std::sync::atomic::Ordering::Relaxed);
    if let Command::Aws(args) = command {
        return super::aws::run(target, args).await;
    }
    let conn = connect(target).await?;
    let c = &conn.client;
    match command {
        Command::Emulate(_) => Err(CliError::Usage(
            "emulate is handled before connecting".into(),
        )),
        Command::Apply(args) => super::apply::run(&Changes::new(&conn, target), &args).await,
        Command::Connections { cmd } => match cmd {
            ConnectionsCmd::Test(a) => {
                super::create::test(&Changes::new(&conn, target), &a.id).await
            }
            ConnectionsCmd::Resource(cmd) => {
                resource(&conn, target, PlanKind::Connection, cmd).await
            }
        },
        Command::SourceConnections { cmd } => {
            resource(&conn, target, PlanKind::SourceConnection, cmd).await
        }
        Command::TargetConnections { cmd } => {
            resource(&conn, target, PlanKind::TargetConnection, cmd).await
        }
        Command::Datasets { cmd } => super::datasets::run(c, cmd).await,
        Command::Specs { cmd } => match cmd {
            SpecsCmd::List {
                list: a,
                flow: false,
            } => list(c, query(&a), &a, Resource::ConnectionSpecs).await,
            SpecsCmd::List {
                list: a,
                flow: true,
            } => list(c, query(&a), &a, Resource::FlowSpecs).await,
            SpecsCmd::Get {
                get: g,
                flow: false,
            } => get(&g, c.get_connection_spec(&g.id).await).await,
            SpecsCmd::Get { get: g, flow: true } => get(&g, c.get_flow_spec(&g.id).await).await,
        },
        Command::Flows { cmd } => flows(&conn, target, cmd).await,
        Command::Runs { cmd } => runs(&conn, target, cmd).await,
        Command::Dlz { cmd } => super::dlz::run(&Changes::new(&conn, target), cmd).await,
        Command::Aws(_) => Err(CliError::Usage("aws is handled before connecting".into())),
    }
}

/// Set once from `--reveal-secrets`; every object printed passes through [`shown`].
static REVEAL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// An object as printed: secrets masked unless revealed on purpose.
pub(super) fn shown<T: Serialize>(item: &T) -> CliResult<Value> {
    let mut v = serde_json::to_value(item).map_err(|e| CliError::Io(e.to_string()))?;
    if !REVEAL.load(std::sync::atomic::Ordering::Relaxed) {
        mask_secrets(&mut v);
    }
    Ok(v)
}

/// Listing, reading, creating and deleting base, source or target connections.
async fn resource(
    conn: &Connected,
    target: &TargetArgs,
    kind: PlanKind,
    cmd: ResourceCmd,
) -> CliResult {
    let c = &conn.client;
    let r = match kind {
        PlanKind::Connection => Resource::Connections,
        PlanKind::SourceConnection => Resource::SourceConnections,
        PlanKind::TargetConnection => Resource::TargetConnections,
        PlanKind::Flow => Resource::Flows,
    };
    match cmd {
        ResourceCmd::List(a) => list(c, query(&a), &a, r).await,
        ResourceCmd::Get(g) => get(&g, c.get_by_id::<Value>(kind.resource(), &g.id).await).await,
        ResourceCmd::Create(a) => {
            super::create::create(&Changes::new(conn, target), kind, &a).await
        }
        ResourceCmd::Delete(a) => {
            let ch = Changes::new(conn, target);
            many::run(&ch, &acts::Delete(kind), &a).await.map(|_| ())
        }
    }
}

fn query(a: &ListArgs) -> ListQuery {
    let mut q = ListQuery::new();
    if let Some(n) = a.limit {
        q = q.limit(n.min(u32::MAX as usize) as u32);
    }
    for f in &a.filters {
        q = q.property(f.clone());
    }
    if let Some(o) = &a.orderby {
        q = q.orderby(o.clone());
    }
    q
}

/// A listing, page by page. It ends as soon as the reader of standard output goes away,
/// even while a page is on its way, so `runs list --all | head` asks for nothing more.
async fn list(c: &Client, q: ListQuery, a: &ListArgs, r: Resource) -> CliResult {
    tokio::select! {
        done = write_pages(c, q, a, r) => done,
        () = stdout_closed() => Err(CliError::OutputClosed),
    }
}

/// The pages of `r` with `q`, their items unread until a format needs them. With `--all`
/// the next page is already on its way while this one is written.
async fn write_pages(c: &Client, q: ListQuery, a: &ListArgs, r: Resource) -> CliResult {
    let Some(collection) = r.collection() else {
        return Err(CliError::Usage(format!("{r:?} is not a Flow Service list")));
    };
    let named = matches!(a.output, Output::Table | Output::Csv);
    let mut labels = Labels::default();
    if named {
        labels.specs = spec_names(c, r).await;
    }
    let mut pages = c.raw_pages(collection, &q);
    // With --all, the next page is read while this one is written; the reader ends at
    // the first send after the writer is gone (done, failed, or its reader away).
    let mut ahead = a.all.then(|| {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let mut stream = std::mem::replace(&mut pages, Box::pin(futures::stream::empty()));
        tokio::spawn(async move {
            while let Some(page) = stream.next().await {
                if tx.send(page).await.is_err() {
                    break;
                }
            }
        });
        rx
    });
    let reveal = REVEAL.load(std::sync::atomic::Ordering::Relaxed);
    let stdout = std::io::stdout();
    let mut w = ListWriter::new(BufWriter::new(stdout.lock()), a.output, r, labels);
    let mut more = false;
    loop {
        let page = match ahead.as_mut() {
            Some(rx) => rx.recv().await,
            None => pages.next().await,
        };
        let Some(page) = page else { break };
        let page = page?;
        if named {
            // Read once: the runs' flow names are learnt from the items the table shows.
            let items = read_items(&page.items, reveal)?;
            if r == Resource::Runs {
                learn_flow_names(c, &items, &mut w.labels_mut().flows).await;
            }
            w.page(&items)?;
        } else {
            w.raw_page(&page.items, reveal)?;
        }
        if !a.all {
            more = page.links.next_href().is_some();
            break;
        }
    }
    let n = w.finish()?;
    if more {
        eprintln!("flowscope: showing the first {n}; add --all for every page");
    }
    Ok(())
}

async fn get<T: Serialize>(g: &GetArgs, result: Result<T, ApiError>) -> CliResult {
    let v = shown(&result?)?;
    write_one(&mut std::io::stdout().lock(), g.output, &v)?;
    Ok(())
}

async fn flows(conn: &Connected, target: &TargetArgs, cmd: FlowsCmd) -> CliResult {
    let c = &conn.client;
    match cmd {
        FlowsCmd::List(a) => list(c, query(&a), &a, Resource::Flows).await,
        FlowsCmd::Get(g) => get(&g, c.get_flow(&g.id).await).await,
        FlowsCmd::Create(a) => {
            super::create::create(&Changes::new(conn, target), PlanKind::Flow, &a).await
        }
        FlowsCmd::Delete(a) if a.with_connections => {
            super::create::delete_flow_with_connections(&Changes::new(conn, target), &a).await
        }
        FlowsCmd::Delete(a) => {
            let ch = Changes::new(conn, target);
            many::run(&ch, &acts::Delete(PlanKind::Flow), &a.many)
                .await
                .map(|_| ())
        }
        FlowsCmd::Clone(a) => super::create::clone(conn, &a).await,
        FlowsCmd::Enable(a) => switch(conn, target, FlowAction::Enable, &a).await,
        FlowsCmd::Disable(a) => switch(conn, target, FlowAction::Disable, &a).await,
        FlowsCmd::Patch { id, patch } => {
            let text = read_text(&patch, "patch file")?;
            let ops = parse_patch(&patch, &text)?;
            let flow = c.get_flow(&id).await?;
            let name = flow.name.clone().unwrap_or_default();
            let ch = Changes::new(conn, target);
            ch.confirm(&format!(
                "Apply {} patch operation(s) to flow {id} ({name})",
                ops.len()
            ))?;
            let sent = c.patch_flow_fetching_etag(&id, &ops).await;
            let what = serde_json::to_value(&ops).unwrap_or(Value::Null);
            ch.journal(c.sandbox_name(), "flows", &id, what, &outcome(&sent));
            let r = sent?;
            write_one(
                &mut std::io::stdout().lock(),
                Output::Json,
                &serde_json::to_value(r).unwrap_or(Value::Null),
            )?;
            Ok(())
        }
    }
}

async fn switch(conn: &Connected, target: &TargetArgs, to: FlowAction, a: &ManyArgs) -> CliResult {
    let ch = Changes::new(conn, target);
    many::run(&ch, &acts::Switch(to), a).await.map(|_| ())
}

/// The patch must be a JSON array of operations; errors point at the line and column.
pub fn parse_patch(source: &str, text: &str) -> CliResult<Vec<PatchOp>> {
    let v: Value = parse_json(source, text, "not valid JSON")?;
    if !v.is_array() {
        return Err(CliError::Usage(format!(
            "{source}: a JSON Patch is an array of operations, e.g. [{{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"…\"}}]"
        )));
    }
    serde_json::from_value(v)
        .map_err(|e| CliError::Usage(format!("{source}: not a JSON Patch: {e}")))
}

async fn runs(conn: &Connected, target: &TargetArgs, cmd: RunsCmd) -> CliResult {
    let c = &conn.client;
    match cmd {
        RunsCmd::List {
            list: a,
            flow,
            status,
        } => {
            let mut q = query(&a);
            if let Some(f) = &flow {
                q = q.property(format!("flowId=={f}"));
            }
            if let Some(s) = &status {
                q = q.property(format!("metrics.statusSummary.status=={s}"));
            }
            list(c, q, &a, Resource::Runs).await
        }
        RunsCmd::Get(g) => get(&g, c.get_run(&g.id).await).await,
        RunsCmd::Watch(a) => super::watch::run(c, &a).await,
        RunsCmd::Create {
            many: a,
            window_start,
            window_end,
            delta_column,
            wait,
        } => {
            if wait && (a.ids.len() != 1 || a.ids[0] == "-") {
                return Err(CliError::Usage(
                    "--wait follows the run of one flow: give its id alone".into(),
                ));
            }
            let trigger = acts::Trigger {
                window_start,
                window_end,
                delta_column,
            };
            let summary = many::run(&Changes::new(conn, target), &trigger, &a).await?;
            if wait {
                let made = summary.ends.iter().find_map(|(_, end)| match end {
                    End::Done(made) => Some(made.id.clone()),
                    _ => None,
                });
                if let Some(id) = made {
                    wait_for(c, &id).await?;
                }
            }
            Ok(())
        }
        RunsCmd::Retry(a) => many::run(&Changes::new(conn, target), &acts::Retry, &a)
            .await
            .map(|_| ()),
    }
}

/// Polls a run until it leaves scheduled/inProgress, backing off to 30 s between polls.
async fn wait_for(c: &Client, id: &str) -> CliResult {
    let mut delay = Duration::from_secs(1);
    let mut last = String::new();
    loop {
        let run = serde_json::to_value(c.get_run(id).await?).unwrap_or(Value::Null);
        let status = run
            .pointer("/metrics/statusSummary/status")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if status != last {
            eprintln!("flowscope: run {id} is {status}");
            last = status.clone();
        }
        match status.as_str() {
            "scheduled" | "inProgress" | "" => {}
            "failed" => return Err(CliError::Io(format!("run {id} failed"))),
            _ => return Ok(()),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(30));
    }
}
