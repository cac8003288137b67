//! Unit tests of the new-workflow form: one wrong and one right example per validation
//! rule (message and line asserted), every template clean, and the spec's check, request
//! and effect. This file holds the builders: requests are made from a template, changed at
//! a JSON pointer and printed pretty, so each test states only what differs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod connector;
mod shape;
mod spec;
mod strings;

use serde_json::Value;

use crate::features::aws::create::rules::Connector;
use crate::features::aws::create::template::template;
use crate::features::aws::create::validate::{Validation, validate};
use crate::shared::jsontext::{Finding, Severity};

pub const NOW: i64 = 1_700_000_000;
pub const FD: &str = "/IntegrationConfig/AppflowIntegration/FlowDefinition";
pub const SFC: &str = "/IntegrationConfig/AppflowIntegration/FlowDefinition/SourceFlowConfig";
pub const SCHED: &str = "/IntegrationConfig/AppflowIntegration/FlowDefinition/TriggerConfig/TriggerProperties/Scheduled";
pub const TRIGGER: &str = "/IntegrationConfig/AppflowIntegration/FlowDefinition/TriggerConfig";
pub const BATCH: &str = "/IntegrationConfig/AppflowIntegration/Batches/0";

pub fn request(c: Connector) -> Value {
    serde_json::from_str(&template(c, "acme", Some("sf-prod"), NOW)).unwrap()
}

pub fn salesforce() -> Value {
    request(Connector::Salesforce)
}

pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// Splits `/a/b/c` into the parent pointer and the last key.
pub fn split(ptr: &str) -> (&str, &str) {
    ptr.rsplit_once('/').unwrap()
}

/// `v` with the member at `ptr` set to `new` (added when missing).
pub fn set(mut v: Value, ptr: &str, new: Value) -> Value {
    let (parent, key) = split(ptr);
    let p = v.pointer_mut(parent).unwrap();
    match p {
        Value::Array(a) => a[key.parse::<usize>().unwrap()] = new,
        Value::Object(o) => {
            o.insert(key.to_string(), new);
        }
        _ => panic!("{parent} holds no members"),
    }
    v
}

/// `v` without the member at `ptr`.
pub fn drop(mut v: Value, ptr: &str) -> Value {
    let (parent, key) = split(ptr);
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap()
        .shift_remove(key)
        .unwrap();
    v
}

/// The Salesforce request with one member set, as text.
pub fn with(ptr: &str, new: Value) -> String {
    pretty(&set(salesforce(), ptr, new))
}

/// The 1-based line of the only line of `text` holding `needle` (`^x`: the line that is
/// `x`; `=x`: the line that is `x` but for indentation).
pub fn line_of(text: &str, needle: &str) -> usize {
    let hit = |l: &str| match (needle.strip_prefix('^'), needle.strip_prefix('=')) {
        (Some(whole), _) => l == whole,
        (_, Some(trimmed)) => l.trim() == trimmed,
        _ => l.contains(needle),
    };
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| hit(l))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(hits.len(), 1, "`{needle}` is on lines {hits:?} of\n{text}");
    hits[0]
}

pub fn errors(v: &Validation) -> Vec<&Finding> {
    v.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// Asserts the text has exactly one error, on the line holding `needle`, saying `message`.
#[track_caller]
pub fn fails(text: &str, needle: &str, message: &str) {
    let v = validate(text);
    let e = errors(&v);
    assert_eq!(e.len(), 1, "one error expected, got {:#?}", v.findings);
    assert_eq!(e[0].message, message);
    assert_eq!(e[0].line, line_of(text, needle), "{}", e[0].message);
    assert!(v.body.is_none(), "an error keeps it from being sent");
}

#[track_caller]
pub fn passes(text: &str) -> Value {
    let v = validate(text);
    assert!(
        v.findings.is_empty(),
        "no findings expected: {:#?}",
        v.findings
    );
    v.body.expect("a clean request is sendable")
}
