//! The editor spec of an AppFlow flow's update: the flow as DescribeFlow answered it, less
//! the members UpdateFlow does not take, checked against the UpdateFlow `schema`, shown in
//! the confirmation as the request it is, and sent once as `AwsChange::UpdateFlow`.

use serde_json::Value;

use crate::features::aws::AwsChange;
use crate::features::aws::create::spec::checked;
use crate::features::aws::create::validate::{done, parse};
use crate::features::aws::create::walk::{Pos, Walker, start};
use crate::features::aws::update::schema::{FLOW, described_only};
use crate::shared::editor::spec::{Checked, DraftInfo, EditSpec, Mode};
use crate::shared::effect::Change;
use crate::shared::jsontext::Severity;
use crate::shared::jsontext::diff::DiffLine;

/// Where the drafts of flow updates are filed.
pub const DRAFT_RESOURCE: &str = "appflow-flows";

#[derive(Clone, Debug, PartialEq)]
pub struct UpdateFlowSpec {
    pub flow: String,
    /// The flow as DescribeFlow answered it.
    pub base: Value,
}

impl UpdateFlowSpec {
    pub fn new(flow: &str, base: Value) -> UpdateFlowSpec {
        UpdateFlowSpec {
            flow: flow.to_string(),
            base,
        }
    }

    /// The spec a draft of a flow update was written in; None when the draft is not one.
    pub fn from_draft(resource: &str, id: &str, base: Option<&Value>) -> Option<Self> {
        if resource != DRAFT_RESOURCE {
            return None;
        }
        Some(UpdateFlowSpec::new(id, base.cloned()?))
    }
}

/// `flow` without the members UpdateFlow does not take, named `name`.
pub fn request(name: &str, flow: &Value) -> Value {
    let mut body = flow.clone();
    if let Some(m) = body.as_object_mut() {
        for k in described_only() {
            m.remove(k);
        }
        m.insert("flowName".into(), Value::String(name.to_string()));
    }
    body
}

/// "UpdateFlow · Salesforce Account → Customer Profiles retail-prod/Account · 4 tasks".
fn summary(body: &Value) -> String {
    let s = |p: &str| body.pointer(p).and_then(Value::as_str).unwrap_or("?");
    let source = body
        .pointer("/sourceFlowConfig/sourceConnectorProperties")
        .and_then(Value::as_object)
        .and_then(|m| m.iter().next())
        .map(|(k, v)| {
            let what = ["object", "bucketName"]
                .iter()
                .find_map(|f| v.get(*f).and_then(Value::as_str))
                .unwrap_or("");
            format!("{k} {what}")
        })
        .unwrap_or_else(|| "?".into());
    let dest = "/destinationFlowConfigList/0/destinationConnectorProperties/CustomerProfiles";
    let tasks = body
        .get("tasks")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    format!(
        "UpdateFlow · {source} → Customer Profiles {}/{} · {} · {}",
        s(&format!("{dest}/domainName")),
        s(&format!("{dest}/objectTypeName")),
        s("/triggerConfig/triggerType"),
        crate::shared::fmt::plural(tasks, "task"),
    )
}

impl EditSpec for UpdateFlowSpec {
    fn title(&self) -> String {
        format!("AppFlow flow «{}»", self.flow)
    }

    fn modes(&self) -> &'static [Mode] {
        &[Mode::Patch]
    }

    fn initial(&self, _mode: Mode) -> String {
        serde_json::to_string_pretty(&request(&self.flow, &self.base)).unwrap_or_default()
    }

    fn convert(&self, _from: Mode, _text: &str, _to: Mode) -> Result<String, String> {
        Err("an AppFlow flow is written as its UpdateFlow request only".to_string())
    }

    fn check(&self, _mode: Mode, text: &str) -> Checked {
        let mut w = Walker::new(text, None);
        let body = parse(&mut w, "the flow").filter(Value::is_object);
        if let Some(b) = &body {
            w.connector = b
                .pointer("/sourceFlowConfig/connectorType")
                .and_then(Value::as_str)
                .and_then(crate::features::aws::create::Connector::parse);
            let at = Pos::at(start(text));
            w.value("the flow", &FLOW, b, at);
            if b.get("flowName")
                .and_then(Value::as_str)
                .is_some_and(|n| n != self.flow)
            {
                w.err(
                    at.key,
                    format!(
                        "flowName must stay {}: UpdateFlow changes one flow",
                        self.flow
                    ),
                );
            }
            if b.get("destinationFlowConfigList")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
            {
                w.err(at.key, "destinationFlowConfigList needs one destination");
            }
        } else if w.findings.is_empty() {
            w.err(
                start(text),
                "the flow is a JSON object: {\"flowName\": …, \"tasks\": …}",
            );
        }
        let sendable = !w.findings.iter().any(|f| f.severity == Severity::Error);
        let v = done(
            w,
            body.filter(|_| sendable).map(|b| request(&self.flow, &b)),
        );
        checked(v.findings, v.body, summary)
    }

    fn request_lines(&self, payload: &Value) -> Vec<String> {
        vec![
            "POST /update-flow".to_string(),
            format!(
                "sent once, never retried: AppFlow refuses it while a run of {} is in progress",
                self.flow
            ),
            summary(payload),
        ]
    }

    fn submit(&self, payload: &Value) -> Change {
        Change::Aws(AwsChange::UpdateFlow {
            flow: self.flow.clone(),
            body: payload.clone(),
        })
    }

    /// The runtime answers a sent update with the flow described again: the edit goes on
    /// from there. Any other answer keeps the base.
    fn on(&self, current: &Value) -> Box<dyn EditSpec> {
        let base = if current.get("tasks").is_some() {
            current.clone()
        } else {
            self.base.clone()
        };
        Box::new(UpdateFlowSpec::new(&self.flow, base))
    }

    fn server_changes(&self, _current: &Value) -> Vec<DiffLine> {
        Vec::new()
    }

    fn etag(&self) -> Option<String> {
        None
    }

    fn draft(&self) -> DraftInfo {
        DraftInfo {
            resource: DRAFT_RESOURCE.to_string(),
            id: self.flow.clone(),
            etag: None,
            base: Some(self.base.clone()),
        }
    }
}
