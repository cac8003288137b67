//! An ordered, id-addressable collection of one resource type in one sandbox.
//!
//! Items are keyed by `(createdAt, id)`, the emulator's default listing order (newest
//! first), so keyset paging over the default order is a B-tree range scan and costs the
//! same on page 1 and page 2,000 of a 200,000-run sandbox.

use std::collections::{BTreeMap, HashMap};

/// `(createdAt ms, id)`: unique and stable for the life of the object.
pub type Key = (i64, String);

#[derive(Clone, Debug)]
pub struct Collection<T> {
    items: BTreeMap<Key, T>,
    created: HashMap<String, i64>,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self {
            items: BTreeMap::new(),
            created: HashMap::new(),
        }
    }
}

impl<T> Collection<T> {
    pub fn insert(&mut self, created_at: i64, id: String, item: T) {
        if let Some(old) = self.created.insert(id.clone(), created_at) {
            self.items.remove(&(old, id.clone()));
        }
        self.items.insert((created_at, id), item);
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        let at = *self.created.get(id)?;
        self.items.get(&(at, id.to_string()))
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        let at = *self.created.get(id)?;
        self.items.get_mut(&(at, id.to_string()))
    }

    pub fn remove(&mut self, id: &str) -> Option<T> {
        let at = self.created.remove(id)?;
        self.items.remove(&(at, id.to_string()))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Newest first.
    pub fn iter_desc(&self) -> impl Iterator<Item = (&Key, &T)> {
        self.items.iter().rev()
    }

    /// Newest first, strictly after `key` in that order.
    pub fn iter_desc_after(&self, key: Key) -> impl Iterator<Item = (&Key, &T)> {
        self.items.range(..key).rev()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.items.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_newest_first_and_resumes_after_a_key() {
        let mut c = Collection::default();
        for (t, id) in [(3, "c"), (1, "a"), (2, "b"), (2, "bb")] {
            c.insert(t, id.to_string(), id.to_uppercase());
        }
        let ids: Vec<_> = c.iter_desc().map(|(k, _)| k.1.as_str()).collect();
        assert_eq!(ids, ["c", "bb", "b", "a"]);
        let rest: Vec<_> = c
            .iter_desc_after((2, "bb".to_string()))
            .map(|(k, _)| k.1.as_str())
            .collect();
        assert_eq!(rest, ["b", "a"]);
        assert_eq!(c.get("b").map(String::as_str), Some("B"));
        assert_eq!(c.remove("b").as_deref(), Some("B"));
        assert!(c.get("b").is_none());
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn reinserting_an_id_replaces_it() {
        let mut c = Collection::default();
        c.insert(1, "a".to_string(), 1);
        c.insert(5, "a".to_string(), 2);
        assert_eq!(c.len(), 1);
        assert_eq!(c.get("a"), Some(&2));
    }
}
