//! Changes to single objects from the command line: create from a JSON body, test a
//! base connection, delete a flow with the connections only it uses, and `flows clone`,
//! which writes a plan and sends nothing. Creates and that delete are small plans sent
//! through [`super::apply::run_plan`], so they are reviewed, confirmed and journaled as
//! `apply` is; deletes by id are many-id changes (`super::acts::Delete`).

use serde_json::{Value, json};

use super::acts::used_by;
use super::apply::{run_plan, single_create};
use super::change::Changes;
use super::change_args::{CreateArgs, FlowCloneArgs, FlowDeleteArgs};
use super::error::{CliError, CliResult};
use super::input::{parse_json, read_text};
use super::target::Connected;
use crate::api::apply::flow_teardown;
use crate::model::plan::{CloneSource, PlanKind, Ref, clone_flow, refs_in};

pub async fn create(ch: &Changes<'_>, kind: PlanKind, args: &CreateArgs) -> CliResult {
    let body = read_body(&args.file)?;
    let plan = single_create(kind, body);
    run_plan(ch, &ch.conn.client, &plan, &args.file).await?;
    Ok(())
}

/// A JSON object from a file or standard input; errors point at the line and column.
fn read_body(source: &str) -> CliResult<Value> {
    let v: Value = parse_json(source, &read_text(source, "body")?, "not valid JSON")?;
    if !v.is_object() {
        return Err(CliError::Usage(format!(
            "{source}: a request body is a JSON object, e.g. {{\"name\": …, \"connectionSpec\": {{\"id\": …}}}}"
        )));
    }
    Ok(v)
}

/// `GET /connections/{id}/test`: the service tries the credentials against the system
/// they are for, so it is confirmed and journaled like a change. A failed test exits 1.
pub async fn test(ch: &Changes<'_>, id: &str) -> CliResult {
    let c = &ch.conn.client;
    let conn = c.get_connection(id).await?;
    let name = conn.name.clone().unwrap_or_default();
    ch.confirm(&format!("Test base connection {id} ({name})"))?;
    let sent = json!({"request": format!("GET /connections/{id}/test")});
    let result = c.test_connection(id).await;
    let (journal, answer) = match &result {
        Ok(t) if t.result == Some(false) => ("the test failed".to_string(), Ok(false)),
        Ok(_) => ("ok".to_string(), Ok(true)),
        Err(e) => (e.to_string(), Err(())),
    };
    ch.journal(c.sandbox_name(), "connections", id, sent, &journal);
    let test = result?;
    println!("{}", serde_json::to_string(&test).unwrap_or_default());
    match answer {
        Ok(true) => Ok(()),
        _ => Err(CliError::Remote(format!(
            "the test of base connection {id} ({name}) failed"
        ))),
    }
}

/// A flow and its source and target connections that no other flow uses
/// (`flows delete --with-connections`): one plan, reviewed once, so one flow only.
pub async fn delete_flow_with_connections(ch: &Changes<'_>, args: &FlowDeleteArgs) -> CliResult {
    let c = &ch.conn.client;
    let id = match args.many.ids.as_slice() {
        [id] if id != "-" => id,
        _ => {
            return Err(CliError::Usage(
                "--with-connections deletes one flow: give its id alone".into(),
            ));
        }
    };
    ch.allowed(&format!("delete flow {id}"))?;
    let t = flow_teardown(c, id, true).await?;
    for (kind, id, others) in &t.kept {
        eprintln!(
            "keeping {} {id}: it {}",
            kind.label(),
            used_by(others).trim_start_matches("is ")
        );
    }
    run_plan(ch, c, &t.plan, id).await?;
    Ok(())
}

/// Writes the plan that copies a flow (its source and target connections, and in
/// another sandbox its base connection), secrets as `${env:…}` placeholders. Sends
/// nothing: `flowscope apply` sends it.
pub async fn clone(conn: &Connected, args: &FlowCloneArgs) -> CliResult {
    let c = &conn.client;
    let flow: Value = c.get_by_id("flows", &args.id).await?;
    let one = |field: &str| -> CliResult<String> {
        let ids: Vec<&str> = flow
            .get(field)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        match ids.as_slice() {
            [id] => Ok(id.to_string()),
            _ => Err(CliError::Usage(format!(
                "flow {} has {} {field}; a clone copies flows with exactly one",
                args.id,
                ids.len()
            ))),
        }
    };
    let (source_id, target_id) = (one("sourceConnectionIds")?, one("targetConnectionIds")?);
    let source: Value = c.get_by_id("sourceConnections", &source_id).await?;
    let target: Value = c.get_by_id("targetConnections", &target_id).await?;
    let base = match source.get("baseConnectionId").and_then(Value::as_str) {
        Some(b) if !b.trim().is_empty() => Some(c.get_by_id::<Value>("connections", b).await?),
        _ => None,
    };
    let here = c.sandbox_name().to_string();
    let to = args.to_sandbox.clone().unwrap_or_else(|| here.clone());
    let mut plan = clone_flow(&CloneSource {
        flow: &flow,
        source: &source,
        target: &target,
        base: base.as_ref(),
        same_sandbox: to == here,
    });
    plan.sandbox = Some(to);
    let text = serde_json::to_string_pretty(&plan)
        .map_err(|e| CliError::Io(format!("cannot write the plan: {e}")))?;
    let needed: Vec<String> = plan
        .steps
        .iter()
        .filter_map(|s| s.body.as_ref())
        .flat_map(refs_in)
        .filter_map(|(_, r)| match r {
            Ref::Env(var) => Some(var.to_string()),
            Ref::Step(_) => None,
        })
        .collect();
    match &args.out {
        Some(path) => {
            std::fs::write(path, format!("{text}\n"))
                .map_err(|e| CliError::Io(format!("cannot write {}: {e}", path.display())))?;
            eprintln!(
                "flowscope: wrote {}; send it with `flowscope apply {}`",
                path.display(),
                path.display()
            );
        }
        None => println!("{text}"),
    }
    if !needed.is_empty() {
        eprintln!(
            "flowscope: the plan asks for these secrets again; set them before applying: {}",
            needed.join(", ")
        );
    }
    Ok(())
}
