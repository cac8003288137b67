//! Objects fetched one by one for graphs, cached per sandbox and deduplicated: a base
//! connection shared by ten flows is fetched once, and a graph opened twice draws at once.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::shared::nav::ObjKind;
use crate::shared::pane::ErrorInfo;

pub type Key = (ObjKind, String);

#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Ready(Value),
    /// 404: deleted, yet still referenced.
    Missing,
    Failed(ErrorInfo),
}

#[derive(Debug, Default)]
pub struct ObjectCache {
    entries: HashMap<Key, Entry>,
    pending: HashSet<Key>,
    /// Bumped when the sandbox changes, so answers about the old one are dropped.
    pub generation: u64,
}

impl ObjectCache {
    pub fn get(&self, kind: ObjKind, id: &str) -> Option<&Entry> {
        self.entries.get(&(kind, id.to_string()))
    }

    pub fn ready(&self, kind: ObjKind, id: &str) -> Option<&Value> {
        match self.get(kind, id) {
            Some(Entry::Ready(v)) => Some(v),
            _ => None,
        }
    }

    pub fn is_pending(&self, kind: ObjKind, id: &str) -> bool {
        self.pending.contains(&(kind, id.to_string()))
    }

    /// Whether `key` must be fetched: not cached and not already on its way. A `true`
    /// answer marks it pending, so a second caller in the same frame gets `false`.
    pub fn want(&mut self, key: &Key) -> bool {
        if self.entries.contains_key(key) || self.pending.contains(key) {
            return false;
        }
        self.pending.insert(key.clone());
        true
    }

    /// Fetch again even though cached (refresh); the old value shows until the new one
    /// arrives. `false` when a fetch is already on its way.
    pub fn want_fresh(&mut self, key: &Key) -> bool {
        self.pending.insert(key.clone())
    }

    /// An object that arrived some other way (a list row) is as good as a fetch.
    pub fn put(&mut self, kind: ObjKind, id: &str, value: Value) {
        self.entries
            .insert((kind, id.to_string()), Entry::Ready(value));
    }

    /// A fresher copy of a cached object (after an edit), under whatever kind it is kept.
    pub fn replace(&mut self, id: &str, value: &Value) {
        for ((_, key), entry) in self.entries.iter_mut() {
            if key == id {
                *entry = Entry::Ready(value.clone());
            }
        }
    }

    pub fn settle(&mut self, key: Key, entry: Entry) {
        self.pending.remove(&key);
        self.entries.insert(key, entry);
    }

    /// A new sandbox: nothing cached applies any more.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.pending.clear();
        self.generation += 1;
    }

    /// Whether any fetch is still on its way (tests wait for this to settle).
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// What is on its way, for diagnostics.
    pub fn pending(&self) -> impl Iterator<Item = &Key> {
        self.pending.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use crate::shared::graph::cache::*;
    use serde_json::json;

    fn key(id: &str) -> Key {
        (ObjKind::Connection, id.to_string())
    }

    #[test]
    fn a_key_is_wanted_once_until_it_settles() {
        let mut c = ObjectCache::default();
        assert!(c.want(&key("a")));
        assert!(!c.want(&key("a")), "already on its way");
        c.settle(key("a"), Entry::Ready(json!({"id": "a"})));
        assert!(!c.want(&key("a")), "cached");
        assert!(c.ready(ObjKind::Connection, "a").is_some());
        assert!(c.want_fresh(&key("a")), "a refresh fetches again");
        assert!(!c.want_fresh(&key("a")));
        assert!(
            c.ready(ObjKind::Connection, "a").is_some(),
            "old value still shows"
        );
    }

    #[test]
    fn clearing_forgets_everything_and_moves_the_generation() {
        let mut c = ObjectCache::default();
        c.put(ObjKind::Flow, "f", json!({}));
        c.want(&key("b"));
        c.clear();
        assert!(c.is_empty());
        assert!(!c.is_pending(ObjKind::Connection, "b"));
        assert_eq!(c.generation, 1);
    }
}
