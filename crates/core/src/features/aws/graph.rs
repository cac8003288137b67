//! The AWS graph: connector profile → source object → (workflow →) AppFlow flow(s) with
//! their tasks → Customer Profiles object type in its domain. Boxes fill in as their
//! objects arrive through the shared object cache, as the Flow Service graph's do.

use crate::shared::graph::view::AwsGraph;
use std::collections::BTreeSet;

use serde_json::Value;

use crate::effect::Effect;
use crate::features::aws::rows::{at, instance, only_entry, tone};
use crate::nav::selected;
use crate::shared::fmt::ago;
use crate::shared::graph::build::{Ctx, placeholder};
use crate::shared::graph::cache::Key;
use crate::shared::graph::node::{Node, NodeState};
use crate::shared::graph::view::{Built, GraphKind};
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::{View, short_hex};

/// `g` on an AWS list: the selected flow's or workflow's graph.
pub fn open(app: &mut App) -> Vec<Effect> {
    let Some((kind, value, id, _)) = selected(app) else {
        return Vec::new();
    };
    let value = value.unwrap_or_default();
    let scope = match app.view() {
        Some(View::List(l)) => l.scope.clone(),
        _ => Scope::All,
    };
    let graph = match (kind, &scope) {
        // A row is a summary; the graph needs the definition (DescribeFlow).
        (ListKind::AwsFlows | ListKind::AwsSteps, _) => AwsGraph::Flow(id),
        (ListKind::AwsExecutions, Scope::AwsFlow(flow)) => AwsGraph::Flow(flow.clone()),
        (ListKind::AwsWorkflows, _) => AwsGraph::Workflow {
            domain: s(&value, "/DomainName").to_string(),
            id,
        },
        _ => {
            app.toast("g draws an AppFlow flow or a workflow: select one", true);
            return Vec::new();
        }
    };
    let title = match &graph {
        AwsGraph::Flow(name) => format!("{name} › graph"),
        AwsGraph::Workflow { id, .. } => format!("workflow {} › graph", short_hex(id)),
    };
    crate::graphs::push(app, GraphKind::Aws(graph), title, Vec::new(), None)
}

pub fn build(graph: &AwsGraph, cx: &Ctx) -> (Built, Vec<Key>) {
    let mut b = Built::default();
    let mut wants = Vec::new();
    match graph {
        AwsGraph::Flow(name) => {
            flow_chain(&mut b, &mut wants, cx, name, None, None);
        }
        AwsGraph::Workflow { domain, id } => {
            let key = format!("{domain}/{id}");
            match cx.lookup(ObjKind::AwsWorkflow, &key, &mut wants) {
                Err(state) => {
                    b.node(
                        "workflow".into(),
                        placeholder(2, "workflow", ObjKind::AwsWorkflow, &key, state, Vec::new()),
                    );
                }
                Ok(wf) => {
                    let node = workflow_box(wf, &key);
                    let w = b.node("workflow".into(), node);
                    let flows: BTreeSet<String> = wf
                        .get("Steps")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .map(|st| s(st, "/AppflowIntegration/FlowName").to_string())
                        .filter(|n| !n.is_empty())
                        .collect();
                    let profile = s(wf, "/Attributes/AppflowIntegration/ConnectorProfileName");
                    if flows.is_empty() {
                        b.summary = "no steps yet: the workflow has not run a flow".into();
                    }
                    for name in &flows {
                        flow_chain(&mut b, &mut wants, cx, name, Some(w), Some(profile));
                    }
                }
            }
        }
    }
    if b.summary.is_empty() {
        b.summary = format!("{} boxes", b.nodes.len());
    }
    (b, wants)
}

/// A flow and what it reads and writes. With a workflow, the source feeds the workflow
/// box (`via`) and the workflow the flow.
fn flow_chain(
    b: &mut Built,
    wants: &mut Vec<Key>,
    cx: &Ctx,
    name: &str,
    via: Option<usize>,
    profile_hint: Option<&str>,
) {
    let shift = usize::from(via.is_some());
    let flow = match cx.lookup(ObjKind::AwsFlow, name, wants) {
        Ok(f) => f,
        Err(state) => {
            let i = b.node(
                format!("flow:{name}"),
                placeholder(
                    2 + shift,
                    "appflow flow",
                    ObjKind::AwsFlow,
                    name,
                    state,
                    Vec::new(),
                ),
            );
            if let Some(w) = via {
                b.edge(w, i);
            }
            return;
        }
    };
    let f = b.node(format!("flow:{name}"), flow_box(2 + shift, flow, cx.now_ms));
    let source = source_box(flow);
    let src = b.node(format!("source:{}", source.title), source);
    match via {
        Some(w) => {
            b.edge(src, w);
            b.edge(w, f);
        }
        None => b.edge(src, f),
    }
    let profile = match s(flow, "/sourceFlowConfig/connectorProfileName") {
        "" => profile_hint.unwrap_or(""),
        p => p,
    };
    if !profile.is_empty() {
        let node = match cx.lookup(ObjKind::AwsProfile, profile, wants) {
            Ok(p) => profile_box(p),
            Err(state) => placeholder(
                0,
                "connector profile",
                ObjKind::AwsProfile,
                profile,
                state,
                vec![(
                    s(flow, "/sourceFlowConfig/connectorType").to_string(),
                    Tone::Dim,
                )],
            ),
        };
        let p = b.node(format!("profile:{profile}"), node);
        b.edge(p, src);
    }
    for dest in flow
        .get("destinationFlowConfigList")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let d = destination(b, wants, cx, dest, 3 + shift);
        b.edge(f, d);
    }
}

fn profile_box(p: &Value) -> Node {
    let name = s(p, "/connectorProfileName");
    let mut lines = vec![(s(p, "/connectorType").to_string(), Tone::Plain)];
    let inst = instance(p);
    if !inst.is_empty() {
        lines.push((inst, Tone::Dim));
    }
    if let m @ ("Public" | "Private") = s(p, "/connectionMode") {
        lines.push((format!("{m} connection"), Tone::Dim));
    }
    Node {
        layer: 0,
        label: "connector profile".into(),
        title: name.to_string(),
        lines,
        tone: Tone::Plain,
        state: NodeState::Ready,
        object: Some((ObjKind::AwsProfile, name.to_string())),
    }
}

/// The source object: `Salesforce · Account`, or an S3 bucket and prefix.
fn source_box(flow: &Value) -> Node {
    let cfg = flow.get("sourceFlowConfig");
    let kind = cfg.map(|c| s(c, "/connectorType")).unwrap_or("");
    let props = only_entry(cfg.and_then(|c| c.get("sourceConnectorProperties")));
    let what = match props {
        Some((_, p)) if p.get("bucketName").is_some() => {
            format!("s3://{}/{}", s(p, "/bucketName"), s(p, "/bucketPrefix"))
        }
        Some((_, p)) => s(p, "/object").to_string(),
        None => String::new(),
    };
    let mut lines = Vec::new();
    let field = cfg
        .map(|c| s(c, "/incrementalPullConfig/datetimeTypeFieldName"))
        .unwrap_or("");
    if !field.is_empty() {
        lines.push((format!("incremental on {field}"), Tone::Dim));
    }
    Node {
        layer: 1,
        label: "source".into(),
        title: if what.is_empty() {
            kind.to_string()
        } else {
            format!("{kind} · {what}")
        },
        lines,
        tone: Tone::Plain,
        state: NodeState::Ready,
        object: None,
    }
}

fn workflow_box(wf: &Value, key: &str) -> Node {
    let status = s(wf, "/Status");
    let m = wf.pointer("/Metrics/AppflowIntegration");
    let num = |k: &str| {
        m.and_then(|m| m.get(k))
            .and_then(Value::as_i64)
            .unwrap_or(0)
    };
    let mut lines = vec![
        (status.to_string(), tone(status)),
        (
            format!(
                "steps {}/{} · {} records",
                num("StepsCompleted"),
                num("TotalSteps"),
                num("RecordsProcessed")
            ),
            Tone::Plain,
        ),
    ];
    let err = s(wf, "/ErrorDescription");
    if !err.is_empty() {
        lines.push((err.to_string(), Tone::Failed));
    }
    Node {
        layer: 2,
        label: "workflow".into(),
        title: short_hex(s(wf, "/WorkflowId")),
        lines,
        tone: tone(status),
        state: NodeState::Ready,
        object: Some((ObjKind::AwsWorkflow, key.to_string())),
    }
}

/// Tasks shown in a flow's box before "+N more".
const TASK_LINES: usize = 5;

fn flow_box(layer: usize, flow: &Value, now_ms: i64) -> Node {
    let name = s(flow, "/flowName");
    let status = s(flow, "/flowStatus");
    let trigger = s(flow, "/triggerType")
        .to_string()
        .chars()
        .chain(std::iter::empty())
        .collect::<String>();
    let trigger = match trigger.as_str() {
        "" => s(flow, "/triggerConfig/triggerType").to_string(),
        t => t.to_string(),
    };
    let sched = s(
        flow,
        "/triggerConfig/triggerProperties/Scheduled/scheduleExpression",
    );
    let mut lines = vec![(status.to_string(), tone(status))];
    lines.push((
        if sched.is_empty() {
            trigger
        } else {
            format!("{trigger} {sched}")
        },
        Tone::Plain,
    ));
    let last = s(flow, "/lastRunExecutionDetails/mostRecentExecutionStatus");
    if last.is_empty() {
        lines.push(("never run".into(), Tone::Dim));
    } else {
        let when = at(flow, "/lastRunExecutionDetails/mostRecentExecutionTime")
            .map(|t| format!(" · {}", ago(t, now_ms)))
            .unwrap_or_default();
        lines.push((format!("last run {last}{when}"), tone(last)));
    }
    let tasks: Vec<&Value> = flow
        .get("tasks")
        .and_then(Value::as_array)
        .map(|t| t.iter().collect())
        .unwrap_or_default();
    if !tasks.is_empty() {
        lines.push((format!("{} tasks", tasks.len()), Tone::Dim));
    }
    for t in tasks.iter().take(TASK_LINES) {
        let fields: Vec<&str> = t
            .get("sourceFields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let op = only_entry(t.get("connectorOperator"))
            .and_then(|(_, v)| v.as_str())
            .unwrap_or("");
        let kind = s(t, "/taskType");
        let line = match kind {
            "Map" => format!("Map {} → {}", fields.join(","), s(t, "/destinationField")),
            "Filter" => format!("Filter {op} {} fields", fields.len()),
            other => format!("{other} {op} {}", fields.join(",")),
        };
        lines.push((line, Tone::Plain));
    }
    if tasks.len() > TASK_LINES {
        lines.push((format!("+{} more", tasks.len() - TASK_LINES), Tone::Dim));
    }
    Node {
        layer,
        label: "appflow flow".into(),
        title: name.to_string(),
        lines,
        tone: tone(status),
        state: NodeState::Ready,
        object: Some((ObjKind::AwsFlow, name.to_string())),
    }
}

/// A destination: a Customer Profiles object type (read from its domain), or another
/// connector as the flow names it.
fn destination(b: &mut Built, wants: &mut Vec<Key>, cx: &Ctx, dest: &Value, layer: usize) -> usize {
    let kind = s(dest, "/connectorType");
    let props = only_entry(dest.get("destinationConnectorProperties")).map(|(_, p)| p);
    let domain = props.map(|p| s(p, "/domainName")).unwrap_or("");
    let object_type = props.map(|p| s(p, "/objectTypeName")).unwrap_or("");
    if kind == "CustomerProfiles" && !domain.is_empty() && !object_type.is_empty() {
        let key = format!("{domain}/{object_type}");
        let node = match cx.lookup(ObjKind::AwsObjectType, &key, wants) {
            Ok(t) => {
                let mut lines = vec![(format!("domain {domain}"), Tone::Plain)];
                let d = s(t, "/Description");
                if !d.is_empty() {
                    lines.push((d.to_string(), Tone::Dim));
                }
                Node {
                    layer,
                    label: "object type".into(),
                    title: object_type.to_string(),
                    lines,
                    tone: Tone::Plain,
                    state: NodeState::Ready,
                    object: Some((ObjKind::AwsObjectType, key.clone())),
                }
            }
            Err(state) => placeholder(
                layer,
                "object type",
                ObjKind::AwsObjectType,
                &key,
                state,
                vec![(format!("domain {domain}"), Tone::Dim)],
            ),
        };
        return b.node(format!("ot:{key}"), node);
    }
    let title = match kind {
        "CustomerProfiles" if !domain.is_empty() => format!("domain {domain}"),
        k => k.to_string(),
    };
    b.node(
        format!("dest:{title}"),
        Node {
            layer,
            label: "destination".into(),
            title,
            lines: Vec::new(),
            tone: Tone::Plain,
            state: NodeState::Ready,
            object: None,
        },
    )
}
