//! The AppFlow changes on one flow: `flows update` (UpdateFlow with the definition in a
//! file, mapped and checked against the model's members before anything is asked or
//! sent) and `flows cancel` (CancelFlowExecutions of named runs, or of every run in
//! progress). Each is refused under `--read-only`, asked unless `--yes`, sent once and
//! journaled.

use std::path::Path;

use futures::StreamExt;
use serde_json::{Value, json};

use super::args::Output;
use super::aws::{APPFLOW, AwsConnected};
use super::commands::shown;
use super::error::{CliError, CliResult};
use super::input::{parse_json, read_text};
use super::output::write_one;
use crate::api::aws::AwsError;
use crate::api::aws::update::update_input;

/// What the journal says of an answer.
pub(super) fn outcome<T>(answer: &Result<T, AwsError>) -> String {
    match answer {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

fn print(output: Output, v: &Value) -> CliResult {
    write_one(&mut std::io::stdout().lock(), output, &shown(v)?)?;
    Ok(())
}

pub async fn update(conn: &AwsConnected, name: &str, file: &Path, output: Output) -> CliResult {
    conn.gate.allowed(&format!("update flow {name}"))?;
    let source = file.to_string_lossy();
    let text = read_text(&source, "flow file")?;
    let body: Value = parse_json(&source, &text, "not valid JSON")?;
    // The same mapping the client sends with: a member it cannot send is named now.
    let input = update_input(name, &body).map_err(|e| CliError::Usage(format!("{source}: {e}")))?;
    let trigger = input
        .trigger_config()
        .map(|t| t.trigger_type().as_str().to_string())
        .unwrap_or_default();
    conn.gate.confirm(&format!(
        "Update flow {name} ({trigger}, {} task(s))",
        input.tasks().len()
    ))?;
    let sent = conn.client.update_flow(name, &body).await;
    let what = json!({"post": "/update-flow", "body": body});
    conn.gate
        .journal(APPFLOW, "appflow-flows", name, what, &outcome(&sent));
    print(output, &sent?)
}

pub async fn cancel(
    conn: &AwsConnected,
    name: &str,
    executions: &[String],
    output: Output,
) -> CliResult {
    conn.gate.allowed(&format!("cancel runs of flow {name}"))?;
    let c = &conn.client;
    let ids = if executions.is_empty() {
        running(c, name).await?
    } else {
        executions.to_vec()
    };
    if ids.is_empty() {
        eprintln!("flowscope: no run of flow {name} is in progress");
        return Ok(());
    }
    conn.gate.confirm(&format!(
        "Cancel {} run(s) of flow {name}: {}",
        ids.len(),
        ids.join(", ")
    ))?;
    let sent = c.cancel_flow_executions(name, &ids).await;
    let what =
        json!({"post": "/cancel-flow-executions", "body": {"flowName": name, "executionIds": ids}});
    conn.gate
        .journal(APPFLOW, "appflow-flows", name, what, &outcome(&sent));
    let answer = sent?;
    print(output, &answer)?;
    let invalid: Vec<&str> = answer["invalidExecutions"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if invalid.is_empty() {
        Ok(())
    } else {
        Err(CliError::Remote(format!(
            "{} of {} could not be cancelled (not in progress): {}",
            invalid.len(),
            ids.len(),
            invalid.join(", ")
        )))
    }
}

/// The ids of the flow's runs in progress.
async fn running(c: &crate::api::aws::AwsClient, name: &str) -> CliResult<Vec<String>> {
    let mut pages = c.executions(name);
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        ids.extend(
            page?
                .iter()
                .filter(|e| e["executionStatus"] == "InProgress")
                .filter_map(|e| e["executionId"].as_str().map(str::to_string)),
        );
    }
    Ok(ids)
}
