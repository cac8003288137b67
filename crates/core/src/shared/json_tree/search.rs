//! Search over the tree: which nodes match a query (keys and scalar values, as
//! displayed, case-insensitively), unfolding what hides them, and moving between them.
//! `find_matches` is shared with the widget so highlights agree with what search counted.

use std::ops::Range;

use super::{JsonTree, Node, NodeKind};

impl JsonTree {
    /// Case-insensitive search over keys and scalar values (as displayed, i.e. escaped and
    /// quoted). A match is a node (line), not an occurrence. Unfolds the ancestors of every
    /// match and moves the cursor to the first match at or after it. An empty query clears
    /// the search. Returns the number of matching nodes.
    pub fn search(&mut self, query: &str) -> usize {
        self.clear_search();
        if query.is_empty() {
            return 0;
        }
        let needle = lowercase_chars(query);
        self.matches = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node_matches(node, &needle))
            .map(|(i, _)| i)
            .collect();
        self.query = Some(query.to_owned());
        if self.matches.is_empty() {
            return 0;
        }
        let matches = std::mem::take(&mut self.matches);
        for &m in &matches {
            self.unfold_ancestors(m);
        }
        self.matches = matches;
        self.rebuild();
        let at = self.cursor_node();
        let k = self.matches.partition_point(|&m| m < at);
        let k = if k < self.matches.len() { k } else { 0 };
        self.go_to_match(k);
        self.matches.len()
    }

    /// Moves to the next match after the cursor, wrapping. False when nothing matches.
    pub fn search_next(&mut self) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let at = self.cursor_node();
        let k = self.matches.partition_point(|&m| m <= at);
        self.go_to_match(if k < self.matches.len() { k } else { 0 });
        true
    }

    /// Moves to the previous match before the cursor, wrapping. False when nothing matches.
    pub fn search_prev(&mut self) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let at = self.cursor_node();
        let k = self.matches.partition_point(|&m| m < at);
        self.go_to_match(k.checked_sub(1).unwrap_or(self.matches.len() - 1));
        true
    }

    pub fn clear_search(&mut self) {
        self.query = None;
        self.matches.clear();
        self.current_match = None;
    }

    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    pub fn match_count(&self) -> usize {
        self.matches.len()
    }

    /// 0-based index among the matches of the one last moved to.
    pub fn current_match(&self) -> Option<usize> {
        self.current_match
    }

    fn go_to_match(&mut self, k: usize) {
        let Some(&m) = self.matches.get(k) else {
            return;
        };
        if self.unfold_ancestors(m) {
            self.rebuild();
        }
        self.cursor = self.line_of(m);
        self.current_match = Some(k);
    }
}

/// Byte ranges of the non-overlapping, case-insensitive occurrences of `query` in
/// `haystack`. Shared with the widget so highlights agree with what search counted.
pub fn find_matches(haystack: &str, query: &str) -> Vec<Range<usize>> {
    let needle = lowercase_chars(query);
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    let mut pos = 0;
    while let Some(rest) = haystack.get(pos..) {
        let Some(first) = rest.chars().next() else {
            break;
        };
        match match_len(rest, &needle) {
            Some(len) => {
                found.push(pos..pos + len);
                pos += len;
            }
            None => pos += first.len_utf8(),
        }
    }
    found
}

fn lowercase_chars(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Byte length of the prefix of `text` that matches `needle` (already lowercased). Compares
/// lowercase expansions so e.g. `İ` (two chars lowercased) neither panics nor misaligns.
fn match_len(text: &str, needle: &[char]) -> Option<usize> {
    let mut want = needle.iter();
    let mut next = want.next();
    for (at, ch) in text.char_indices() {
        for lc in ch.to_lowercase() {
            match next {
                Some(&w) if w == lc => next = want.next(),
                Some(_) => return None,
                None => break,
            }
        }
        if next.is_none() {
            return Some(at + ch.len_utf8());
        }
    }
    None
}

fn contains_ci(haystack: &str, needle: &[char]) -> bool {
    haystack.char_indices().any(|(at, _)| {
        haystack
            .get(at..)
            .and_then(|s| match_len(s, needle))
            .is_some()
    })
}

fn node_matches(node: &Node, needle: &[char]) -> bool {
    node.key.as_deref().is_some_and(|k| contains_ci(k, needle))
        || matches!(&node.kind, NodeKind::Leaf { kind, text } if kind.searchable() && contains_ci(text, needle))
}
