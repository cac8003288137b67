//! `aws workflows create`: a CreateIntegrationWorkflow request from a file, checked by
//! the explorer's own validator (the same findings the create form shows) and against
//! the domain's object types before anything is asked or sent, each problem printed at
//! its JSON path (exit 2); `--template` prints a request that passes, one per connector
//! the form offers; `--wait` follows the workflow with GetWorkflow until it ends (exit 1
//! when it fails).

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use super::args::Output;
use super::aws::AwsConnected;
use super::aws_flows::outcome;
use super::commands::shown;
use super::error::{CliError, CliResult};
use super::input::read_text;
use super::output::write_one;
use crate::api::aws::{AwsClient, collect_pages};
use crate::app::features::aws::create::{Connector, template, validate};
use crate::app::shared::jsontext::{Severity, offset_of};

/// One `workflows create` as asked.
pub struct Create<'a> {
    pub domain: &'a str,
    pub file: Option<&'a Path>,
    pub template: Option<&'a str>,
    pub wait: bool,
    pub output: Output,
}

pub async fn run(conn: &AwsConnected, req: &Create<'_>) -> CliResult {
    if let Some(name) = req.template {
        return print_template(&conn.client, req.domain, name).await;
    }
    let Some(file) = req.file else {
        return Err(CliError::Usage(
            "give --file REQUEST.json or --template CONNECTOR".into(),
        ));
    };
    conn.gate
        .allowed(&format!("create a workflow in {}", req.domain))?;
    let source = file.to_string_lossy();
    let text = read_text(&source, "request")?;
    let body = checked(&conn.client, req.domain, &source, &text).await?;
    let flow = body
        .pointer("/IntegrationConfig/AppflowIntegration/FlowDefinition/FlowName")
        .and_then(Value::as_str)
        .unwrap_or("?");
    conn.gate.confirm(&format!(
        "Create an integration workflow in domain {} (flow {flow} into {})",
        req.domain,
        body["ObjectTypeName"].as_str().unwrap_or("?")
    ))?;
    let sent = conn.client.create_integration_workflow(&body).await;
    let id = match &sent {
        Ok(a) => a["WorkflowId"].as_str().unwrap_or("new").to_string(),
        Err(_) => format!("{}/new", req.domain),
    };
    let what =
        json!({"post": format!("/domains/{}/workflows/integrations", req.domain), "body": body});
    conn.gate
        .journal(req.domain, "aws-workflows", &id, what, &outcome(&sent));
    let answer = sent?;
    write_one(&mut std::io::stdout().lock(), req.output, &shown(&answer)?)?;
    if req.wait {
        follow(&conn.client, req.domain, &id).await?;
    }
    Ok(())
}

/// The request to send, or every problem of `text` at its path (exit 2).
async fn checked(c: &AwsClient, domain: &str, source: &str, text: &str) -> CliResult<Value> {
    let v = validate(text);
    let mut problems = 0;
    for f in &v.findings {
        let at = path_at(text, offset_of(text, f.line, f.column));
        let level = match f.severity {
            Severity::Error => {
                problems += 1;
                "error"
            }
            _ => "warning",
        };
        // The finding's own label is the path's last member: said once.
        let leaf = at
            .rsplit('.')
            .next()
            .and_then(|l| l.split('[').next())
            .unwrap_or("");
        let message = f
            .message
            .strip_prefix(&format!("{leaf}: "))
            .unwrap_or(&f.message);
        eprintln!("{source}:{}:{}: {level}: {at}: {message}", f.line, f.column);
    }
    let body = match v.body {
        Some(b) if problems == 0 => b,
        _ => {
            return Err(CliError::Usage(format!(
                "{source}: {problems} problem(s); nothing was sent"
            )));
        }
    };
    match body["DomainName"].as_str() {
        Some(d) if d == domain => {}
        other => {
            return Err(CliError::Usage(format!(
                "{source}: DomainName: the request names domain {}, not {domain} (--domain)",
                other.unwrap_or("none")
            )));
        }
    }
    // What the form marks too: an object type the domain does not have.
    let object_type = body["ObjectTypeName"].as_str().unwrap_or_default();
    let known: Vec<String> = collect_pages(c.object_types(domain))
        .await?
        .iter()
        .filter_map(|o| o["ObjectTypeName"].as_str().map(str::to_string))
        .collect();
    if !known.iter().any(|k| k == object_type) {
        return Err(CliError::Usage(format!(
            "{source}: ObjectTypeName: {object_type} is not an object type of domain {domain} \
             (it has {}); nothing was sent",
            known.join(", ")
        )));
    }
    Ok(body)
}

/// The path of the member at byte `offset` of a JSON text:
/// `IntegrationConfig.AppflowIntegration.FlowDefinition.Tasks[2].TaskType`, or `(the
/// request)` at its top.
fn path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Object { key: Option<String>, in_key: bool },
        Array(usize),
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() && i <= offset {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, in_key: true }) = stack.last_mut() {
                    *key = text.get(start..j.min(bytes.len())).map(str::to_string);
                }
                i = j;
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                in_key: true,
            }),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_key, .. }) = stack.last_mut() {
                    *in_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { in_key, .. }) => *in_key = true,
                Some(Frame::Array(n)) => *n += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => break,
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    if path.is_empty() {
        "(the request)".into()
    } else {
        path
    }
}

/// A request for `connector` that passes the checks, reading with the account's first
/// connector profile of that type.
async fn print_template(c: &AwsClient, domain: &str, name: &str) -> CliResult {
    let connector = Connector::ALL
        .into_iter()
        .find(|k| k.type_name().eq_ignore_ascii_case(name) || k.key().eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<&str> = Connector::ALL.iter().map(|k| k.type_name()).collect();
            CliError::Usage(format!(
                "--template {name}: the connectors are {}",
                names.join(", ")
            ))
        })?;
    let profiles = match collect_pages(c.connector_profiles()).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "flowscope: warning: connector profiles not read ({e}); a placeholder is used"
            );
            Vec::new()
        }
    };
    let profile = profiles
        .iter()
        .find(|p| p["connectorType"].as_str() == Some(connector.type_name()))
        .and_then(|p| p["connectorProfileName"].as_str());
    let now = chrono::Utc::now().timestamp();
    println!("{}", template(connector, domain, profile, now));
    Ok(())
}

/// Polls GetWorkflow, 1 s doubling to 15 s between reads, saying each change of status or
/// step on standard error, until the workflow ends; FAILED or CANCELLED is exit 1.
async fn follow(c: &AwsClient, domain: &str, id: &str) -> CliResult {
    let mut delay = Duration::from_secs(1);
    let mut last = String::new();
    loop {
        let w = c.workflow(domain, id).await?;
        let status = w["Status"].as_str().unwrap_or("").to_string();
        let m = w
            .pointer("/Metrics/AppflowIntegration")
            .cloned()
            .unwrap_or_default();
        let line = format!(
            "workflow {id} is {status}: {}/{} steps, {} records",
            m["StepsCompleted"].as_i64().unwrap_or(0),
            m["TotalSteps"].as_i64().unwrap_or(0),
            m["RecordsProcessed"].as_i64().unwrap_or(0)
        );
        if line != last {
            eprintln!("flowscope: {line}");
            last = line;
        }
        match status.as_str() {
            "COMPLETE" => return Ok(()),
            "FAILED" | "CANCELLED" => {
                let why = w["ErrorDescription"].as_str().unwrap_or("no description");
                return Err(CliError::Remote(format!("workflow {id} {status}: {why}")));
            }
            _ => {}
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(15));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_name_their_member_path() {
        let text = "{\n  \"A\": {\"B\": [1, {\"C\": \"x\"}]},\n  \"D\": 2\n}";
        let at = |needle: &str| path_at(text, text.find(needle).unwrap_or(0));
        assert_eq!(at("\"C\""), "A.B[1].C");
        assert_eq!(at("\"x\""), "A.B[1].C");
        assert_eq!(at("1,"), "A.B[0]");
        assert_eq!(at("\"D\""), "D");
        assert_eq!(path_at(text, 0), "(the request)");
    }
}
