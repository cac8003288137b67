//! The editor spec of a new integration workflow: the CreateIntegrationWorkflow request is
//! written whole (there is nothing on the server to patch yet), checked by `validate`, shown
//! in the confirmation as the request it is, and sent once as `AwsChange::CreateWorkflow`.

use serde_json::{Value, json};

use crate::features::aws::AwsChange;
use crate::features::aws::create::rules::Connector;
use crate::features::aws::create::template::template;
use crate::features::aws::create::validate::{connector_of, validate};
use crate::features::aws::create::walk::{Step, locate, suggestion};
use crate::shared::editor::spec::{Checked, DraftInfo, EditSpec, Mode};
use crate::shared::effect::Change;
use crate::shared::jsontext::diff::{Change as Line, DiffLine};
use crate::shared::jsontext::{Finding, Severity, line_col};

/// Where the drafts of new workflows are filed.
pub const DRAFT_RESOURCE: &str = "aws-workflows";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateWorkflowSpec {
    /// The Customer Profiles domain the form was opened in.
    pub domain: String,
    pub connector: Connector,
    /// The AppFlow connector profile picked, if any.
    pub profile: Option<String>,
    /// When the form was opened: the template's schedule and history window follow it.
    pub now_s: i64,
    /// The domain's object types once read (ListProfileObjectTypes): an `ObjectTypeName`
    /// not among them is an error. None until they arrive.
    pub object_types: Option<Vec<String>>,
}

impl CreateWorkflowSpec {
    pub fn new(
        domain: &str,
        connector: Connector,
        profile: Option<&str>,
        now_s: i64,
    ) -> CreateWorkflowSpec {
        CreateWorkflowSpec {
            domain: domain.to_string(),
            connector,
            profile: profile.map(str::to_string),
            now_s,
            object_types: None,
        }
    }

    /// The spec a draft of a new workflow was written in, from its id and base (see
    /// [`EditSpec::draft`]); `None` when the draft is not one.
    pub fn from_draft(resource: &str, id: &str, base: Option<&Value>) -> Option<Self> {
        if resource != DRAFT_RESOURCE {
            return None;
        }
        let domain = id.strip_suffix("/new")?;
        let base = base?;
        let connector = base
            .get("ConnectorType")
            .and_then(Value::as_str)
            .and_then(Connector::parse)?;
        let profile = base.get("ConnectorProfileName").and_then(Value::as_str);
        let now_s = base.get("OpenedAt").and_then(Value::as_i64).unwrap_or(0);
        Some(CreateWorkflowSpec::new(domain, connector, profile, now_s))
    }

    /// The finding of an `ObjectTypeName` the domain does not have, at its line, naming
    /// those it has; None while the types are not known or the name is one of them.
    fn unknown_type(&self, text: &str, body: Option<&Value>) -> Option<Finding> {
        let types = self.object_types.as_ref()?;
        let name = body?.get("ObjectTypeName")?.as_str()?;
        if types.iter().any(|t| t == name) {
            return None;
        }
        let at = locate(text, &[Step::Key("ObjectTypeName")]).map_or(0, |p| p.key);
        let (line, column) = line_col(text, at);
        let hint = suggestion(name, &types.iter().map(String::as_str).collect::<Vec<_>>())
            .map(|h| format!("; did you mean {h}?"))
            .unwrap_or_default();
        Some(Finding {
            severity: Severity::Error,
            line,
            column,
            message: format!(
                "ObjectTypeName: {name} is not an object type of domain {}{hint} (it has: {})",
                self.domain,
                types.join(", ")
            ),
        })
    }

    /// Where the request goes: the domain its `DomainName` names (the service reads the
    /// path's domain from that member), or the form's.
    fn target<'a>(&'a self, body: &'a Value) -> &'a str {
        body.get("DomainName")
            .and_then(Value::as_str)
            .unwrap_or(&self.domain)
    }
}

/// "CreateIntegrationWorkflow · flow X · Salesforce Account → ObjectType".
pub fn summary(body: &Value) -> String {
    let flow = body
        .pointer("/IntegrationConfig/AppflowIntegration/FlowDefinition")
        .unwrap_or(&Value::Null);
    let name = flow.get("FlowName").and_then(Value::as_str).unwrap_or("?");
    let target = body
        .get("ObjectTypeName")
        .and_then(Value::as_str)
        .unwrap_or("?");
    let source = match connector_of(body) {
        Some(c) => {
            let props = flow
                .pointer("/SourceFlowConfig/SourceConnectorProperties")
                .and_then(|p| p.get(c.key()))
                .unwrap_or(&Value::Null);
            let field = |k: &str| props.get(k).and_then(Value::as_str).unwrap_or("");
            let what = if c == Connector::S3 {
                format!("{}/{}", field("BucketName"), field("BucketPrefix"))
            } else {
                field("Object").to_string()
            };
            format!("{} {}", c.key(), what.trim_end_matches('/'))
        }
        None => "?".to_string(),
    };
    format!("CreateIntegrationWorkflow · flow {name} · {source} → {target}")
}

/// What the editor shows of a checked request: its findings, the request as a preview
/// of added lines, and the summary of it (or the count of errors when it is not ready).
pub(crate) fn checked(
    findings: Vec<Finding>,
    body: Option<Value>,
    summary: impl Fn(&Value) -> String,
) -> Checked {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let preview = body
        .as_ref()
        .map(|b| {
            serde_json::to_string_pretty(b)
                .unwrap_or_default()
                .lines()
                .map(|l| DiffLine {
                    change: Line::Added,
                    text: l.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let summary = match &body {
        Some(b) => summary(b),
        None => format!("not ready: {}", crate::shared::fmt::plural(errors, "error")),
    };
    Checked {
        findings,
        preview,
        payload: body,
        left_out: Vec::new(),
        summary,
    }
}

impl EditSpec for CreateWorkflowSpec {
    /// The new workflow, followed until it ends (`features::aws::watch`).
    fn follow(&self, answer: &Value) -> Option<(crate::shared::nav::ObjKind, String)> {
        let id = answer.get("WorkflowId").and_then(Value::as_str)?;
        Some((
            crate::shared::nav::ObjKind::AwsWorkflow,
            format!("{}/{id}", self.domain),
        ))
    }

    fn title(&self) -> String {
        format!("new workflow in «{}»", self.domain)
    }

    fn modes(&self) -> &'static [Mode] {
        &[Mode::Patch]
    }

    fn initial(&self, _mode: Mode) -> String {
        template(
            self.connector,
            &self.domain,
            self.profile.as_deref(),
            self.now_s,
        )
    }

    fn convert(&self, _from: Mode, _text: &str, _to: Mode) -> Result<String, String> {
        Err("a new workflow is written as its request only".to_string())
    }

    fn check(&self, _mode: Mode, text: &str) -> Checked {
        let mut v = validate(text);
        if let Some(f) = self.unknown_type(text, v.body.as_ref()) {
            v.findings.push(f);
            v.findings.sort_by_key(|f| (f.line, f.column));
            v.body = None;
        }
        let mut findings = v.findings;
        if let Some(body) = &v.body
            && self.target(body) != self.domain
        {
            findings.push(Finding {
                severity: Severity::Warning,
                line: 1,
                column: 1,
                message: format!(
                    "DomainName is {}, but this form was opened in {}: the workflow will be \
                     created in {}",
                    self.target(body),
                    self.domain,
                    self.target(body)
                ),
            });
            findings.sort_by_key(|f| (f.line, f.column));
        }
        checked(findings, v.body, summary)
    }

    fn request_lines(&self, payload: &Value) -> Vec<String> {
        vec![
            format!(
                "POST /domains/{}/workflows/integrations",
                self.target(payload)
            ),
            "sent once, never retried: sending it again would create a second workflow".to_string(),
            summary(payload),
        ]
    }

    fn submit(&self, payload: &Value) -> Change {
        Change::Aws(AwsChange::CreateWorkflow {
            domain: self.target(payload).to_string(),
            body: payload.clone(),
        })
    }

    fn on(&self, _current: &Value) -> Box<dyn EditSpec> {
        Box::new(self.clone())
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
            id: format!("{}/new", self.domain),
            etag: None,
            // What `from_draft` needs to open the same form again.
            base: Some(json!({
                "DomainName": self.domain,
                "ConnectorType": self.connector.type_name(),
                "ConnectorProfileName": self.profile,
                "OpenedAt": self.now_s,
            })),
        }
    }
}
