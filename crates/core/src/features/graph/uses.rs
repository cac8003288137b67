//! The reverse view, "what uses this?": the object on the left, the flows that touch it
//! on the right, grouped in between by role and by what is on the flows' other side, with
//! counts at each level so the blast radius of a change reads at a glance.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::features::graph::boxes::{flow_box, ids};
use crate::shared::fmt::plural;
use crate::shared::fmt::short_id;
use crate::shared::graph::build::Ctx;
use crate::shared::graph::cache::Key;
use crate::shared::graph::node::{Node, NodeState};
use crate::shared::graph::view::Built;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Subject;
use crate::shared::table::{Tone, s};

const ROOT: usize = 0;
const GROUP: usize = 1;
const FLOWS: usize = 2;

/// Counts over a set of flows.
#[derive(Default)]
struct Tally {
    flows: usize,
    disabled: usize,
    failed: usize,
}

impl Tally {
    fn add(&mut self, f: &Value) {
        self.flows += 1;
        if s(f, "/state") == "disabled" {
            self.disabled += 1;
        }
        if s(f, "/lastRunDetails/state") == "failed" {
            self.failed += 1;
        }
    }

    fn lines(&self) -> Vec<(String, Tone)> {
        let mut out = vec![(plural(self.flows, "flow"), Tone::Plain)];
        if self.disabled > 0 {
            out.push((format!("{} disabled", self.disabled), Tone::Warn));
        }
        if self.failed > 0 {
            out.push((format!("{} failed last run", self.failed), Tone::Failed));
        }
        out
    }

    fn tone(&self) -> Tone {
        if self.failed > 0 {
            Tone::Failed
        } else if self.disabled > 0 {
            Tone::Warn
        } else {
            Tone::Plain
        }
    }
}

/// Whether the subject is on the flow's source side; otherwise it is on its target side.
fn on_source_side(subject: &Subject, f: &Value) -> bool {
    let side_has = |side: &str, ptr: &str, id: &str| {
        f.pointer(&format!("/inheritedAttributes/{side}"))
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|c| s(c, ptr) == id))
    };
    match subject {
        Subject::Connection(id) => side_has("sourceConnections", "/baseConnection/id", id),
        Subject::SourceConnection(id) => ids(f, "sourceConnectionIds").contains(id),
        Subject::TargetConnection(_) => false,
        Subject::ConnectionSpec(id) => side_has("sourceConnections", "/connectionSpec/id", id),
        // A destination flow reads the dataset; a source flow writes to it.
        Subject::Dataset(_) => {
            f.pointer("/inheritedAttributes/properties/isDestinationFlow")
                .and_then(Value::as_bool)
                == Some(true)
        }
    }
}

/// The role's words: how the flows in a group use the subject.
fn role(subject: &Subject, source_side: bool) -> &'static str {
    match (subject, source_side) {
        (Subject::Dataset(_), true) => "exported by",
        (Subject::Dataset(_), false) => "written by",
        (_, true) => "read by",
        (_, false) => "written to by",
    }
}

/// The reverse view of `subject` over the flows streamed in so far.
pub fn build(subject: &Subject, flows: &[Value], cx: &Ctx, done: bool) -> (Built, Vec<Key>) {
    let mut b = Built::default();
    let mut wants = Vec::new();
    let mut total = Tally::default();
    // (source side?, other side's spec) → flows; BTreeMap keeps the order stable.
    let mut groups: BTreeMap<(bool, String), Vec<&Value>> = BTreeMap::new();
    for f in flows {
        total.add(f);
        let src = on_source_side(subject, f);
        let other = if src {
            s(
                f,
                "/inheritedAttributes/targetConnections/0/connectionSpec/id",
            )
        } else {
            s(
                f,
                "/inheritedAttributes/sourceConnections/0/connectionSpec/id",
            )
        };
        groups.entry((src, other.to_string())).or_default().push(f);
    }
    let root = root_node(subject, &total, cx, &mut wants);
    let root_ix = b.node("root".to_string(), root);
    // Biggest groups first: they are what a change would break most.
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    for ((src, other), mut members) in groups {
        let mut tally = Tally::default();
        members.iter().for_each(|f| tally.add(f));
        let other_name = if other.is_empty() {
            "?".to_string()
        } else {
            cx.spec(&other)
        };
        let title = if src {
            format!("→ {other_name}")
        } else {
            format!("{other_name} →")
        };
        let group = Node {
            layer: GROUP,
            label: role(subject, src).to_string(),
            title,
            lines: tally.lines(),
            tone: tally.tone(),
            state: NodeState::Ready,
            object: None,
        };
        let gix = b.node(format!("group:{src}:{other}"), group);
        b.edge(root_ix, gix);
        members.sort_by(|a, b| s(a, "/name").cmp(s(b, "/name")));
        for f in members {
            let fix = b.node(s(f, "/id").to_string(), flow_box(FLOWS, f, cx));
            b.edge(gix, fix);
        }
    }
    b.summary = if flows.is_empty() && done {
        format!("no flow uses this {}", subject.noun())
    } else {
        let mut t = format!(
            "{} use this {}",
            plural(total.flows, "flow"),
            subject.noun()
        );
        if total.disabled > 0 {
            t.push_str(&format!(" · {} disabled", total.disabled));
        }
        if total.failed > 0 {
            t.push_str(&format!(" · {} failed last run", total.failed));
        }
        if !done {
            t.push_str(" · loading…");
        }
        t
    };
    (b, wants)
}

fn root_node(subject: &Subject, total: &Tally, cx: &Ctx, wants: &mut Vec<Key>) -> Node {
    let id = subject.id();
    let mut lines = total.lines();
    let (title, state, object) = match subject.object() {
        Some(kind) => {
            let object = Some((kind, id.to_string()));
            match cx.lookup(kind, id, wants) {
                Ok(v) => {
                    let spec = s(v, "/connectionSpec/id");
                    if !spec.is_empty() {
                        lines.insert(0, (cx.spec(spec), Tone::Plain));
                    }
                    (s(v, "/name").to_string(), NodeState::Ready, object)
                }
                // A spec's name is known from the Specs list even before it arrives.
                Err(st) if kind == ObjKind::ConnectionSpec => (cx.spec(id), st, object),
                Err(NodeState::Missing) => ("(deleted)".to_string(), NodeState::Missing, object),
                Err(st) => (short_id(id), st, object),
            }
        }
        None => (id.to_string(), NodeState::Ready, None),
    };
    Node {
        layer: ROOT,
        label: subject.noun().to_string(),
        title,
        lines,
        tone: total.tone(),
        state,
        object,
    }
}
