//! The Flow Service patch editor's spec: a flow or a connection, edited as JSON Patch
//! operations or as the whole document, checked by `app::patch` against the object it
//! started from, and sent as PATCH with `If-Match`.

use serde_json::Value;

use crate::features::edit::patch::sent::{describe, holds_mask};
use crate::features::edit::patch::template::{format_ops, patch_template};
use crate::features::edit::patch::{Report, ResourceKind, check_patch, patch_from_document};
use crate::shared::editor::spec::{Checked, DraftInfo, EditSpec, Mode};
use crate::shared::effect::Change;
use crate::shared::fmt::plural;
use crate::shared::jsontext::diff::{DiffLine, diff, preview};
use flowscope_model::Etag;
use flowscope_model::redact::{MASK, masked};

/// Lines of unchanged context around each change in the previews.
const CONTEXT: usize = 3;

#[derive(Clone, Debug)]
pub struct PatchSpec {
    pub resource: ResourceKind,
    pub id: String,
    /// The object the edit starts from, with secrets masked: the text, the checks and the
    /// previews all work on this copy, so a credential never reaches the screen.
    base: Value,
}

impl PatchSpec {
    pub fn new(resource: ResourceKind, id: &str, object: &Value) -> PatchSpec {
        PatchSpec {
            resource,
            id: id.to_string(),
            base: masked(object),
        }
    }

    fn name(&self) -> &str {
        self.base
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&self.id)
    }

    fn report(&self, mode: Mode, text: &str) -> Report {
        match mode {
            Mode::Patch => check_patch(self.resource, &self.base, text),
            Mode::Document => patch_from_document(self.resource, &self.base, text),
        }
    }
}

impl EditSpec for PatchSpec {
    fn title(&self) -> String {
        format!("{} «{}»", self.resource.noun(), self.name())
    }

    fn modes(&self) -> &'static [Mode] {
        &[Mode::Patch, Mode::Document]
    }

    fn initial(&self, mode: Mode) -> String {
        match mode {
            Mode::Patch => patch_template(self.resource, &self.base),
            Mode::Document => serde_json::to_string_pretty(&self.base).unwrap_or_default(),
        }
    }

    fn convert(&self, from: Mode, text: &str, to: Mode) -> Result<String, String> {
        if from == to {
            return Ok(text.to_string());
        }
        let report = self.report(from, text);
        if let Some(first) = report
            .findings
            .iter()
            .find(|f| f.severity == crate::shared::jsontext::Severity::Error)
        {
            return Err(format!("line {}: {}", first.line, first.message));
        }
        match to {
            Mode::Document => {
                let after = report.after.unwrap_or_else(|| self.base.clone());
                serde_json::to_string_pretty(&after).map_err(|e| e.to_string())
            }
            Mode::Patch => {
                let ops = match report.patch {
                    Some(p) => serde_json::to_value(&p).map_err(|e| e.to_string())?,
                    None => Value::Array(Vec::new()),
                };
                Ok(format_ops(ops.as_array().map_or(&[], Vec::as_slice)))
            }
        }
    }

    fn check(&self, mode: Mode, text: &str) -> Checked {
        let report = self.report(mode, text);
        let mut findings = report.findings.clone();
        if self.etag().is_none() {
            findings.insert(
                0,
                crate::shared::jsontext::Finding {
                    severity: crate::shared::jsontext::Severity::Error,
                    line: 1,
                    column: 1,
                    message: format!(
                        "this {} came without an etag, and Flow Service needs one to \
                         patch: refresh it and edit again",
                        self.resource.noun()
                    ),
                },
            );
        }
        // The base is masked: an op that writes the mask (or leaves it inside a value) would
        // replace a stored credential with it.
        if let Some(ops) = report
            .patch
            .as_ref()
            .and_then(|p| serde_json::to_value(p).ok())
        {
            for op in ops.as_array().into_iter().flatten() {
                if op.get("value").is_some_and(holds_mask) {
                    let path = op.get("path").and_then(Value::as_str).unwrap_or("");
                    findings.push(crate::shared::jsontext::Finding {
                        severity: crate::shared::jsontext::Severity::Error,
                        line: 1,
                        column: 1,
                        message: format!(
                            "`{path}` would be set to {MASK}, the mask shown in place of a \
                             secret: type the new value, or leave it out"
                        ),
                    });
                }
            }
        }
        let changes = report.after.as_ref().is_some_and(|a| *a != self.base);
        let ok = report.ok()
            && self.etag().is_some()
            && changes
            && !findings
                .iter()
                .any(|f| f.severity == crate::shared::jsontext::Severity::Error);
        // Only the operations that change something are sent (and journaled); the others
        // are named in the summary and the review.
        let payload = if ok {
            report
                .to_send()
                .and_then(|p| serde_json::to_value(&p).ok())
                .filter(|v| v.as_array().is_some_and(|a| !a.is_empty()))
        } else {
            None
        };
        let left_out: Vec<String> = if report.ok() {
            report
                .no_ops()
                .iter()
                .filter_map(|op| serde_json::to_value(op).ok())
                .map(|op| describe(&op))
                .collect()
        } else {
            Vec::new()
        };
        let preview = report
            .after
            .as_ref()
            .map(|after| preview(&self.base, after, CONTEXT))
            .unwrap_or_default();
        let written = report.patch.as_ref().map_or(0, |p| p.0.len());
        let summary = match &payload {
            Some(ops) if left_out.is_empty() => {
                plural(ops.as_array().map_or(0, Vec::len), "operation") + " ready to send"
            }
            Some(ops) => format!(
                "{} ready to send ({} that {} nothing left out)",
                plural(ops.as_array().map_or(0, Vec::len), "operation"),
                left_out.len(),
                if left_out.len() == 1 {
                    "changes"
                } else {
                    "change"
                }
            ),
            None if report.has_errors() => "does not apply yet".to_string(),
            None if !left_out.is_empty() && left_out.len() == written => {
                if written == 1 {
                    "no changes (the operation changes nothing)".to_string()
                } else {
                    format!("no changes (the {written} operations change nothing)")
                }
            }
            None if !changes && report.after.is_some() => "no changes".to_string(),
            None if written == 0 => "no changes".to_string(),
            None => "not ready".to_string(),
        };
        Checked {
            findings,
            preview,
            payload,
            left_out,
            summary,
        }
    }

    fn request_lines(&self, payload: &Value) -> Vec<String> {
        let n = payload.as_array().map_or(0, Vec::len);
        let etag = self
            .etag()
            .map(|e| Etag::new(&e).if_match())
            .unwrap_or_default();
        let mut lines = vec![
            format!(
                "PATCH /data/foundation/flowservice/{}/{}",
                self.resource.resource(),
                self.id
            ),
            format!("If-Match: {etag}"),
            format!("{} on {}:", plural(n, "operation"), self.title()),
        ];
        // The body, exactly as sent, one operation a line.
        lines.extend(
            payload
                .as_array()
                .into_iter()
                .flatten()
                .map(|op| format!("  {}", describe(op))),
        );
        lines
    }

    fn submit(&self, payload: &Value) -> Change {
        Change::Patch {
            resource: self.resource,
            id: self.id.clone(),
            etag: self.etag().unwrap_or_default(),
            ops: payload.clone(),
        }
    }

    fn on(&self, current: &Value) -> Box<dyn EditSpec> {
        Box::new(PatchSpec::new(self.resource, &self.id, current))
    }

    fn server_changes(&self, current: &Value) -> Vec<DiffLine> {
        diff(&self.base, &masked(current), CONTEXT)
    }

    fn etag(&self) -> Option<String> {
        self.base
            .get("etag")
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    fn draft(&self) -> DraftInfo {
        DraftInfo {
            resource: self.resource.resource().to_string(),
            id: self.id.clone(),
            etag: self.etag(),
            base: Some(self.base.clone()),
        }
    }
}
