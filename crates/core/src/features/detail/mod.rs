//! The detail pane's state: one object's JSON (secrets masked unless revealed on purpose)
//! in a foldable, searchable tree, and what kind of object it is, for related objects.

use crate::shared::nav::ObjKind;
use crate::shared::pane::Pane;
pub mod keys;
pub mod related;

use serde_json::Value;

use crate::shared::json_tree::JsonTree;
use crate::shared::pane::Load;
use flowscope_model::redact::mask_secrets;

#[derive(Debug)]
pub struct DetailView {
    /// Its slot, ticket and load.
    pub pane: Pane,
    pub kind: ObjKind,
    pub id: String,
    pub title: String,
    /// The object as the service sent it. Never drawn directly: see `tree`.
    pub value: Option<Value>,
    pub tree: JsonTree,
    pub revealed: bool,
}

impl DetailView {
    pub fn new(slot: u64, kind: ObjKind, id: &str, title: &str) -> DetailView {
        DetailView {
            pane: Pane::new(slot),
            kind,
            id: id.to_string(),
            title: title.to_string(),
            value: None,
            tree: JsonTree::new(&Value::Null),
            revealed: false,
        }
    }

    pub fn set_value(&mut self, value: Value, now_ms: i64) {
        if let Some(name) = value.get("name").and_then(Value::as_str) {
            self.title = name.to_string();
        }
        self.value = Some(value);
        self.load = Load::Loaded { at_ms: now_ms };
        self.rebuild_tree();
    }

    /// What is drawn and copied by default: the object with secret-looking values masked.
    pub fn shown(&self) -> Value {
        let mut v = self.value.clone().unwrap_or(Value::Null);
        if !self.revealed {
            mask_secrets(&mut v);
            // A draft keeps the editor's text as typed: its secrets are inside a string.
            if self.kind == ObjKind::Draft
                && let Some(Value::String(text)) = v.get_mut("text")
            {
                *text = flowscope_model::redact::mask_secrets_in_text(text);
            }
        }
        v
    }

    pub fn toggle_reveal(&mut self) {
        self.revealed = !self.revealed;
        self.rebuild_tree();
    }

    fn rebuild_tree(&mut self) {
        let query = self.tree.query().map(str::to_string);
        self.tree = JsonTree::new(&self.shown());
        if let Some(q) = query {
            self.tree.search(&q);
        }
    }
}

crate::pane_deref!(DetailView);
