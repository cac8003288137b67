//! Checks the text of a CreateIntegrationWorkflow request on every keystroke: JSON syntax,
//! then the model's shape (`schema`, walked by `walk`), then the rules that tie members
//! together (the trigger and its schedule, times that must follow each other). Each
//! finding points at the member it is about, or at the object missing one.

use serde_json::Value;

use crate::features::aws::create::rules::{self, Connector};
use crate::features::aws::create::schema::REQUEST;
use crate::features::aws::create::walk::{Pos, Step, Walker, locate, start};
use crate::shared::jsontext::{Finding, Severity, offset_of};

/// The text checked: findings sorted by line and column, and the request to send when
/// nothing is wrong (warnings allowed), with its times as epoch seconds.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Validation {
    pub findings: Vec<Finding>,
    pub body: Option<Value>,
}

impl Validation {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

const FLOW: [Step<'static>; 3] = [
    Step::Key("IntegrationConfig"),
    Step::Key("AppflowIntegration"),
    Step::Key("FlowDefinition"),
];
const SCHEDULED: [&str; 3] = ["TriggerConfig", "TriggerProperties", "Scheduled"];
/// The time members of `Scheduled`, then of a batch.
const SCHEDULE_TIMES: [&str; 3] = ["ScheduleStartTime", "ScheduleEndTime", "FirstExecutionFrom"];
const BATCH_TIMES: [&str; 2] = ["StartTime", "EndTime"];

fn flow_pointer(rest: &[&str]) -> String {
    let mut p = String::from("/IntegrationConfig/AppflowIntegration/FlowDefinition");
    for r in rest {
        p.push('/');
        p.push_str(r);
    }
    p
}

fn batches_pointer() -> &'static str {
    "/IntegrationConfig/AppflowIntegration/Batches"
}

/// The source named by `ConnectorType`, when it is one.
pub fn connector_of(body: &Value) -> Option<Connector> {
    body.pointer(&flow_pointer(&["SourceFlowConfig", "ConnectorType"]))
        .and_then(Value::as_str)
        .and_then(Connector::parse)
}

/// Never panics, whatever the text.
pub fn validate(text: &str) -> Validation {
    let mut w = Walker::new(text, None);
    let Some(body) = parse(&mut w, "the CreateIntegrationWorkflow body") else {
        return done(w, None);
    };
    if !body.is_object() {
        w.err(
            start(text),
            "the request is a JSON object: {\"DomainName\": …, \"WorkflowType\": …}",
        );
        return done(w, None);
    }
    w.connector = connector_of(&body);
    w.value("the request", &REQUEST, &body, Pos::at(start(text)));
    trigger(&mut w, &body);
    order(&mut w, &body);
    let sendable = !w.findings.iter().any(|f| f.severity == Severity::Error);
    done(w, sendable.then(|| with_epoch_times(body)))
}

pub(crate) fn done(w: Walker, body: Option<Value>) -> Validation {
    let mut findings = w.findings;
    // Stable, so findings at one spot keep the order they were found in.
    findings.sort_by_key(|f| (f.line, f.column));
    Validation { findings, body }
}

/// The text as JSON, or None with the syntax error found; `what` names the request in
/// the message of an empty text ("the CreateIntegrationWorkflow body").
pub(crate) fn parse(w: &mut Walker, what: &str) -> Option<Value> {
    let text = w.text;
    if text.trim().is_empty() {
        w.err(
            0,
            format!("the request is empty: write {what} as a JSON object"),
        );
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let full = e.to_string();
            // serde appends " at line X column Y"; the finding carries the position.
            let message = full
                .rfind(" at line ")
                .map_or(full.as_str(), |n| &full[..n]);
            let at = offset_of(text, e.line(), e.column());
            w.err(at, format!("JSON syntax: {message}"));
            None
        }
    }
}

/// Where the member at `rest` under `FlowDefinition` sits (or the nearest parent there is).
fn flow_pos(text: &str, rest: &[&str]) -> Pos {
    let mut path: Vec<Step> = FLOW.to_vec();
    let mut best = locate(text, &path).unwrap_or(Pos::at(start(text)));
    for r in rest {
        path.push(Step::Key(r));
        match locate(text, &path) {
            Some(p) => best = p,
            None => break,
        }
    }
    best
}

/// `TriggerProperties.Scheduled` goes with, and only with, `TriggerType` Scheduled.
fn trigger(w: &mut Walker, body: &Value) {
    let Some(kind) = body
        .pointer(&flow_pointer(&["TriggerConfig", "TriggerType"]))
        .and_then(Value::as_str)
        .filter(|k| rules::TRIGGER_TYPES.contains(k))
    else {
        return;
    };
    let scheduled = body.pointer(&flow_pointer(&SCHEDULED)).is_some();
    if kind == "Scheduled" && !scheduled {
        let at = flow_pos(w.text, &SCHEDULED[..2]).key;
        w.err(
            at,
            "TriggerType Scheduled needs TriggerProperties.Scheduled with a ScheduleExpression, \
             such as rate(1hours)",
        );
    } else if kind != "Scheduled" && scheduled {
        let at = flow_pos(w.text, &SCHEDULED).key;
        w.err(
            at,
            format!(
                "TriggerProperties.Scheduled goes only with TriggerType Scheduled (this \
                 trigger is {kind}): remove it, or make the trigger Scheduled"
            ),
        );
    }
}

fn shown(seconds: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let whole = seconds.floor() as i64;
    chrono::DateTime::from_timestamp(whole, 0).map_or_else(
        || seconds.to_string(),
        |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

/// An end must come after its start: the schedule's, and each batch window's.
fn order(w: &mut Walker, body: &Value) {
    let time = |v: Option<&Value>| v.and_then(|v| rules::time(v).ok());
    if let Some(s) = body.pointer(&flow_pointer(&SCHEDULED))
        && let (Some(a), Some(b)) = (
            time(s.get("ScheduleStartTime")),
            time(s.get("ScheduleEndTime")),
        )
        && b <= a
    {
        let mut path = SCHEDULED.to_vec();
        path.push("ScheduleEndTime");
        let at = flow_pos(w.text, &path).key;
        w.err(
            at,
            format!(
                "ScheduleEndTime ({}) must be after ScheduleStartTime ({})",
                shown(b),
                shown(a)
            ),
        );
    }
    let batches = body
        .pointer(batches_pointer())
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, batch) in batches.iter().enumerate() {
        if let (Some(a), Some(b)) = (time(batch.get("StartTime")), time(batch.get("EndTime")))
            && b <= a
        {
            let path = [
                Step::Key("IntegrationConfig"),
                Step::Key("AppflowIntegration"),
                Step::Key("Batches"),
                Step::Index(i),
                Step::Key("EndTime"),
            ];
            let at = locate(w.text, &path).map_or(start(w.text), |p| p.key);
            w.err(
                at,
                format!(
                    "Batches[{i}]: EndTime ({}) must be after StartTime ({})",
                    shown(b),
                    shown(a)
                ),
            );
        }
    }
}

/// The request as sent: RFC 3339 times become the epoch seconds the service's JSON
/// protocol carries, so whoever sends it sees one form.
fn with_epoch_times(mut body: Value) -> Value {
    let mut pointers: Vec<String> = SCHEDULE_TIMES
        .iter()
        .map(|t| {
            let mut path = SCHEDULED.to_vec();
            path.push(t);
            flow_pointer(&path)
        })
        .collect();
    let n = body
        .pointer(batches_pointer())
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    for i in 0..n {
        for t in BATCH_TIMES {
            pointers.push(format!("{}/{i}/{t}", batches_pointer()));
        }
    }
    for p in pointers {
        if let Some(v) = body.pointer_mut(&p)
            && v.is_string()
            && let Ok(seconds) = rules::time(v)
        {
            *v = epoch(seconds);
        }
    }
    body
}

fn epoch(seconds: f64) -> Value {
    if seconds.fract() == 0.0 && seconds.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        let whole = seconds as i64;
        Value::from(whole)
    } else {
        Value::from(seconds)
    }
}
