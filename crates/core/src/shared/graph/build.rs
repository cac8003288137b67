//! What a graph builder works with: the object cache and the names, and a box for an
//! object that has not arrived (loading), is gone (deleted) or failed.

use crate::shared::fmt::short_id;
use crate::shared::graph::cache::Entry;
use crate::shared::graph::cache::Key;
use crate::shared::graph::cache::ObjectCache;
use crate::shared::graph::node::Node;
use crate::shared::graph::node::NodeState;
use crate::shared::nav::ObjKind;
use crate::shared::table::Names;
use crate::shared::table::Tone;
use crate::shared::table::spec_name;
use serde_json::Value;

/// What a builder reads: the object cache, spec and flow names, and the clock.
pub struct Ctx<'a> {
    pub cache: &'a ObjectCache,
    pub names: &'a Names,
    pub now_ms: i64,
}

impl Ctx<'_> {
    /// The object if it arrived; otherwise its state, and a note that it is wanted.
    pub fn lookup(
        &self,
        kind: ObjKind,
        id: &str,
        wants: &mut Vec<Key>,
    ) -> Result<&Value, NodeState> {
        match self.cache.get(kind, id) {
            Some(Entry::Ready(v)) => Ok(v),
            Some(Entry::Missing) => Err(NodeState::Missing),
            Some(Entry::Failed(e)) => Err(NodeState::Failed(e.message.clone())),
            None => {
                if !self.cache.is_pending(kind, id) {
                    wants.push((kind, id.to_string()));
                }
                Err(NodeState::Loading)
            }
        }
    }

    pub fn spec(&self, id: &str) -> String {
        spec_name(self.names, id)
    }
}

/// A box for an object that is not (yet) there: loading, deleted or failed. `known`
/// holds what the referring object already says (e.g. the spec), shown meanwhile.
pub fn placeholder(
    layer: usize,
    label: &str,
    kind: ObjKind,
    id: &str,
    state: NodeState,
    known: Vec<(String, Tone)>,
) -> Node {
    let (title, tone, mut lines) = match &state {
        NodeState::Missing => (
            "(deleted)".to_string(),
            Tone::Failed,
            vec![(
                format!("404: no {} {}", kind.noun(), short_id(id)),
                Tone::Failed,
            )],
        ),
        NodeState::Failed(msg) => (
            short_id(id),
            Tone::Failed,
            vec![(msg.clone(), Tone::Failed)],
        ),
        _ => (
            short_id(id),
            Tone::Dim,
            vec![("loading…".to_string(), Tone::Dim)],
        ),
    };
    lines.extend(known);
    Node {
        layer,
        label: label.to_string(),
        title,
        lines,
        tone,
        state,
        object: Some((kind, id.to_string())),
    }
}
