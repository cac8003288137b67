//! Walks a parsed request along the `schema`, pointing each finding at the member it is
//! about: serde_json keeps no positions, so the text is scanned for the members of each
//! object as the walk reaches it (with the patch editor's scanner, one object at a time).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::features::aws::create::rules::Connector;
use crate::features::aws::create::schema::{Member, Rule, Shape, Text};
use crate::shared::jsontext::{
    Finding, MemberSpan, Severity, array_elements, closest, line_col, object_members,
};

/// Where a member sits: findings about it point at `key`; its value starts at `value`.
/// For an array element or the whole request both are where the value starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub key: usize,
    pub value: usize,
}

impl Pos {
    pub fn at(offset: usize) -> Pos {
        Pos {
            key: offset,
            value: offset,
        }
    }
}

/// One step of a path into the request.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The members of the object whose `{` is at `at`, with offsets into the whole text (none
/// when no object starts there).
fn spans_of(text: &str, at: usize) -> Vec<MemberSpan> {
    let mut found = text.get(at..).map(object_members).unwrap_or_default();
    for m in &mut found {
        m.key_at += at;
        m.value_at += at;
    }
    found
}

/// Where the elements of the array whose `[` is at `at` start.
fn elements(text: &str, at: usize) -> Vec<usize> {
    text.get(at..)
        .map(array_elements)
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.at + at)
        .collect()
}

/// The offset of the first character of the text that is not white space.
pub fn start(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// Where the member at `path` sits, when the text has it.
pub fn locate(text: &str, path: &[Step]) -> Option<Pos> {
    let mut pos = Pos::at(start(text));
    for step in path {
        pos = match *step {
            Step::Key(k) => spans_of(text, pos.value)
                .into_iter()
                .rev()
                .find(|m| m.key == k)
                .map(|m| Pos {
                    key: m.key_at,
                    value: m.value_at,
                })?,
            Step::Index(i) => Pos::at(*elements(text, pos.value).get(i)?),
        };
    }
    Some(pos)
}

/// A JSON value's kind, as messages name it.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(shape: &Shape) -> &'static str {
    match shape {
        Shape::Text(_) => "a string",
        Shape::Bool => "true or false",
        Shape::Long { .. } => "an integer",
        Shape::Time => "a time (epoch seconds, or an RFC 3339 string)",
        Shape::Struct(_) | Shape::Union(_) | Shape::Map { .. } => "an object",
        Shape::List(_) => "an array",
        Shape::Skipped => "anything",
    }
}

fn names(members: &[Member]) -> String {
    members
        .iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value `word` was probably meant to be: the same but for case, or a near typo.
pub fn suggestion<'a>(word: &str, values: &[&'a str]) -> Option<&'a str> {
    values
        .iter()
        .copied()
        .find(|v| v.eq_ignore_ascii_case(word) && *v != word)
        .or_else(|| closest(word, values.iter().copied()))
}

pub struct Walker<'t> {
    pub text: &'t str,
    /// The request's source, when its `ConnectorType` is valid: the one key its unions take.
    pub connector: Option<Connector>,
    pub findings: Vec<Finding>,
}

impl<'t> Walker<'t> {
    pub fn new(text: &'t str, connector: Option<Connector>) -> Walker<'t> {
        Walker {
            text,
            connector,
            findings: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, at: usize, message: String) {
        let (line, column) = line_col(self.text, at);
        self.findings.push(Finding {
            severity,
            line,
            column,
            message,
        });
    }

    pub fn err(&mut self, at: usize, message: impl Into<String>) {
        self.push(Severity::Error, at, message.into());
    }

    pub fn warn(&mut self, at: usize, message: impl Into<String>) {
        self.push(Severity::Warning, at, message.into());
    }

    /// Checks `v`, the value of the member called `label`, against `shape`.
    pub fn value(&mut self, label: &str, shape: &Shape, v: &Value, pos: Pos) {
        match (shape, v) {
            (Shape::Text(t), Value::String(s)) => self.text(label, t, s, pos.key),
            (Shape::Bool, Value::Bool(_)) | (Shape::Skipped, _) => {}
            (Shape::Long { min, max }, Value::Number(n)) => match n.as_i64() {
                Some(i) if (*min..=*max).contains(&i) => {}
                _ => self.err(
                    pos.key,
                    format!("{label}: {n} is not a whole number from {min} to {max}"),
                ),
            },
            (Shape::Time, Value::Number(_) | Value::String(_)) => {
                if let Err(why) = crate::features::aws::create::rules::time(v) {
                    self.err(pos.key, format!("{label}: {why}"));
                }
            }
            (Shape::Struct(members), Value::Object(map)) => {
                self.object(label, members, map, pos, false);
            }
            (Shape::Union(members), Value::Object(map)) => {
                self.object(label, members, map, pos, true);
                self.union(label, members, map, pos);
            }
            (Shape::List(item), Value::Array(items)) => {
                let at = elements(self.text, pos.value);
                for (i, element) in items.iter().enumerate() {
                    let p = at.get(i).map_or(pos, |a| Pos::at(*a));
                    self.value(&format!("{label}[{i}]"), item, element, p);
                }
            }
            (
                Shape::Map {
                    key,
                    value,
                    min,
                    max,
                },
                Value::Object(map),
            ) => self.map(label, (key, value), (*min, *max), map, pos),
            _ => self.err(
                pos.key,
                format!("{label} must be {}, not {}", expected(shape), kind(v)),
            ),
        }
    }

    fn text(&mut self, label: &str, t: &Text, s: &str, at: usize) {
        let n = s.chars().count();
        if n < t.min {
            let message = if n == 0 {
                format!("{label} is empty")
            } else {
                format!("{label} has {n} characters; it needs at least {}", t.min)
            };
            self.err(at, message);
            return;
        }
        if n > t.max {
            self.err(
                at,
                format!("{label} has {n} characters; at most {} are allowed", t.max),
            );
            return;
        }
        match &t.rule {
            Rule::Any => {}
            Rule::Enum { what, values } if !values.contains(&s) => {
                let hint = suggestion(s, values)
                    .map(|h| format!("; did you mean {h}?"))
                    .unwrap_or_default();
                self.err(
                    at,
                    format!(
                        "{label}: {s} is not {what} (allowed: {}){hint}",
                        values.join(", ")
                    ),
                );
            }
            Rule::Enum { .. } => {}
            Rule::Check(check) => {
                if let Err(why) = check(s) {
                    self.err(at, format!("{label}: {why}"));
                }
            }
        }
    }

    fn object(
        &mut self,
        label: &str,
        members: &[Member],
        map: &Map<String, Value>,
        pos: Pos,
        union: bool,
    ) {
        let spans = spans_of(self.text, pos.value);
        let at = self.index(label, &spans);
        for (key, child) in map {
            let p = at.get(key.as_str()).map_or(pos, |m| Pos {
                key: m.key_at,
                value: m.value_at,
            });
            match members.iter().find(|m| m.name == key) {
                Some(m) if union => self.value(&format!("{label} {key}"), &m.shape, child, p),
                Some(m) => self.value(key, &m.shape, child, p),
                None => {
                    let message = self.unknown(label, key, members, union);
                    self.err(p.key, message);
                }
            }
        }
        for m in members {
            if m.required && !map.contains_key(m.name) {
                self.err(
                    pos.key,
                    format!("{label} is missing {}, which is required", m.name),
                );
            }
        }
    }

    /// Each key's last span, the one serde_json keeps; an earlier one is a warning. Linear,
    /// as a pasted object may be large.
    fn index<'s>(
        &mut self,
        label: &str,
        spans: &'s [MemberSpan],
    ) -> HashMap<&'s str, &'s MemberSpan> {
        let mut last: HashMap<&str, &MemberSpan> = HashMap::with_capacity(spans.len());
        for span in spans {
            if let Some(earlier) = last.insert(span.key.as_str(), span) {
                self.warn(
                    earlier.key_at,
                    format!(
                        "{} appears more than once in {label}: only the last one counts",
                        span.key
                    ),
                );
            }
        }
        last
    }

    fn unknown(&self, label: &str, key: &str, members: &[Member], union: bool) -> String {
        let known: Vec<&str> = members.iter().map(|m| m.name).collect();
        let hint = suggestion(key, &known);
        match (union, self.connector, hint) {
            (true, Some(c), _) => format!(
                "unknown member `{key}` in {label}: for ConnectorType {} the key is `{}`",
                c.type_name(),
                c.key()
            ),
            (_, _, Some(h)) => format!("unknown member `{key}` in {label}: did you mean {h}?"),
            (_, _, None) => format!(
                "unknown member `{key}` in {label} (members: {})",
                names(members)
            ),
        }
    }

    /// A union holds exactly one member: the one named after the request's source.
    fn union(&mut self, label: &str, members: &[Member], map: &Map<String, Value>, pos: Pos) {
        let spans = spans_of(self.text, pos.value);
        let key_at = |k: &str| {
            spans
                .iter()
                .rev()
                .find(|m| m.key == k)
                .map_or(pos.key, |m| m.key_at)
        };
        let known: Vec<&String> = map
            .keys()
            .filter(|k| members.iter().any(|m| m.name == k.as_str()))
            .collect();
        let Some(c) = self.connector else {
            if map.is_empty() {
                self.err(pos.key, format!("{label} needs one of {}", names(members)));
            }
            for k in known.iter().skip(1) {
                self.err(
                    key_at(k),
                    format!(
                        "{label} holds one source only; `{}` is already there",
                        known[0]
                    ),
                );
            }
            return;
        };
        let want = c.key();
        let spelled = if c == Connector::Servicenow {
            " (ConnectorType spells it Servicenow, this key ServiceNow)"
        } else {
            ""
        };
        for k in known.iter().filter(|k| k.as_str() != want) {
            self.err(
                key_at(k),
                format!(
                    "{label} `{k}` does not match ConnectorType {}: {label} holds only \
                     `{want}`{spelled}",
                    c.type_name()
                ),
            );
        }
        if map.is_empty() {
            self.err(
                pos.key,
                format!(
                    "{label} is empty: it needs `{want}`, for ConnectorType {}{spelled}",
                    c.type_name()
                ),
            );
        }
    }

    fn map(
        &mut self,
        label: &str,
        (key, value): (&Text, &Text),
        (min, max): (usize, usize),
        map: &Map<String, Value>,
        pos: Pos,
    ) {
        if map.len() < min {
            self.err(pos.key, format!("{label} is empty: leave it out instead"));
        } else if map.len() > max {
            self.err(
                pos.key,
                format!(
                    "{label} has {} entries; at most {max} are allowed",
                    map.len()
                ),
            );
        }
        let spans = spans_of(self.text, pos.value);
        let index = self.index(label, &spans);
        for (k, v) in map {
            let at = index.get(k.as_str()).map_or(pos.key, |m| m.key_at);
            self.text(&format!("{label} key"), key, k, at);
            match v {
                Value::String(s) => self.text(&format!("{label} {k}"), value, s, at),
                other => self.err(
                    at,
                    format!("{label} {k} must be a string, not {}", kind(other)),
                ),
            }
        }
    }
}
