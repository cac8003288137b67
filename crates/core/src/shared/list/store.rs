//! Where a list keeps its rows: every row's text in one growing string and every row's
//! table in one growing vector, with a span per row saying where its parts are. A list
//! of 200,000 runs is then a handful of large allocations, which the allocator can give
//! back whole, instead of hundreds of thousands of small ones scattered among the
//! parsed pages they were built from (which kept hundreds of megabytes from returning).
//! Rows replaced or removed leave their bytes behind until the store is compacted.

use serde_json::Value;

use crate::shared::fuzzy::Haystacks;
use crate::shared::list::packed::{Packed, pack};
use crate::shared::table::{Names, Row};

#[derive(Clone, Copy, Debug)]
struct Span {
    text: usize,
    meta: usize,
    text_len: u32,
    meta_len: u16,
    /// The length of the haystack (the cells, which come first): the `/` scan reads it
    /// from here without the row's table.
    hay_len: u16,
}

#[derive(Debug, Default)]
pub struct Store {
    spans: Vec<Span>,
    text: String,
    meta: Vec<u16>,
    /// Each row's object as compact JSON text, for lists that keep objects; else empty.
    objects: Vec<Option<Box<str>>>,
    keeps: bool,
    /// Bytes of text no span points at any more.
    dead: usize,
}

impl Haystacks for Store {
    fn haystack(&self, i: usize) -> &str {
        self.try_haystack(i).unwrap_or("")
    }

    fn try_haystack(&self, i: usize) -> Option<&str> {
        let s = self.spans.get(i)?;
        self.text.get(s.text..s.text + usize::from(s.hay_len))
    }

    fn scattered(&self) -> bool {
        false
    }
}

impl Store {
    /// An empty store; `keeps` says whether it keeps each row's object.
    pub fn new(keeps: bool) -> Store {
        Store {
            keeps,
            ..Store::default()
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<Packed<'_>> {
        self.spanned(*self.spans.get(i)?)
    }

    fn spanned(&self, s: Span) -> Option<Packed<'_>> {
        let text = self.text.get(s.text..s.text + s.text_len as usize)?;
        let meta = self.meta.get(s.meta..s.meta + usize::from(s.meta_len))?;
        Some(Packed::at(text, meta))
    }

    pub fn rows(&self) -> impl Iterator<Item = Packed<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.rows().position(|r| r.id() == id)
    }

    /// The kept object of row `i`, parsed (it was written by serde_json, so it parses).
    pub fn object(&self, i: usize) -> Option<Value> {
        let text = self.objects.get(i)?.as_deref()?;
        serde_json::from_str(text).ok()
    }

    /// Every kept object, in order.
    pub fn objects(&self) -> Vec<Value> {
        (0..self.len()).filter_map(|i| self.object(i)).collect()
    }

    fn append(&mut self, row: &Row, names: &Names) -> Span {
        let (text, meta) = (self.text.len(), self.meta.len());
        pack(row, names, &mut self.text, &mut self.meta);
        let mut span = Span {
            text,
            meta,
            text_len: u32::try_from(self.text.len() - text).unwrap_or(u32::MAX),
            meta_len: u16::try_from(self.meta.len() - meta).unwrap_or(u16::MAX),
            hay_len: 0,
        };
        span.hay_len = self
            .spanned(span)
            .and_then(|r| u16::try_from(r.haystack().len()).ok())
            .unwrap_or(0);
        span
    }

    fn object_text(&self, object: Option<&Value>) -> Option<Box<str>> {
        object
            .filter(|_| self.keeps)
            .map(|v| v.to_string().into_boxed_str())
    }

    /// Adds a row at the end, with its object where the store keeps objects.
    pub fn push(&mut self, row: &Row, names: &Names, object: Option<&Value>) {
        let span = self.append(row, names);
        self.spans.push(span);
        if self.keeps {
            self.objects.push(self.object_text(object));
        }
    }

    /// Puts row `i` in place of itself: another row, or the same under other names.
    pub fn replace(&mut self, i: usize, row: &Row, names: &Names, object: Option<&Value>) {
        if i >= self.len() {
            return;
        }
        let span = self.append(row, names);
        self.dead += self.spans[i].text_len as usize;
        self.spans[i] = span;
        if self.keeps && object.is_some() {
            self.objects[i] = self.object_text(object);
        }
        self.compact_if_wasteful();
    }

    /// Moves the last row to the front.
    pub fn last_to_front(&mut self) {
        if let Some(span) = self.spans.pop() {
            self.spans.insert(0, span);
        }
        if let Some(o) = self.objects.pop() {
            self.objects.insert(0, o);
        }
    }

    /// Keeps the rows for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(Packed<'_>) -> bool) {
        let flags: Vec<bool> = self.rows().map(&mut keep).collect();
        let mut k = flags.iter();
        for (span, &kept) in self.spans.iter().zip(&flags) {
            if !kept {
                self.dead += span.text_len as usize;
            }
        }
        self.spans.retain(|_| *k.next().unwrap_or(&true));
        if self.keeps {
            let mut k = flags.iter();
            self.objects.retain(|_| *k.next().unwrap_or(&true));
        }
        self.compact_if_wasteful();
    }

    /// Takes row `i` of `other` (its packed bytes and object) as a new last row.
    pub fn push_from(&mut self, other: &Store, i: usize) {
        let Some(s) = other.spans.get(i) else {
            return;
        };
        let text = other
            .text
            .get(s.text..s.text + s.text_len as usize)
            .unwrap_or("");
        let meta = other
            .meta
            .get(s.meta..s.meta + s.meta_len as usize)
            .unwrap_or(&[]);
        self.spans.push(Span {
            text: self.text.len(),
            meta: self.meta.len(),
            ..*s
        });
        self.text.push_str(text);
        self.meta.extend_from_slice(meta);
        if self.keeps {
            self.objects.push(other.objects.get(i).cloned().flatten());
        }
    }

    /// Rewrites the buffers without the rows' leftovers once they are most of them.
    fn compact_if_wasteful(&mut self) {
        if self.dead < 4096 || self.dead * 2 < self.text.len() {
            return;
        }
        let mut fresh = Store::new(self.keeps);
        for i in 0..self.len() {
            fresh.push_from(self, i);
        }
        *self = fresh;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(id: &str) -> Row {
        Row::new(
            id.into(),
            id.into(),
            vec![id.into(), "x".into()],
            vec![],
            vec![],
        )
    }

    #[test]
    fn rows_replace_remove_and_move_keep_their_objects() {
        let names = Names::default();
        let mut s = Store::new(true);
        for id in ["a", "b", "c"] {
            s.push(&row(id), &names, Some(&json!({ "id": id })));
        }
        s.replace(1, &row("B"), &names, Some(&json!({"id": "B"})));
        s.retain(|r| r.id() != "a");
        s.push(&row("d"), &names, Some(&json!({"id": "d"})));
        s.last_to_front();
        let ids: Vec<&str> = s.rows().map(|r| r.id()).collect();
        assert_eq!(ids, ["d", "B", "c"]);
        assert_eq!(
            s.objects(),
            [json!({"id": "d"}), json!({"id": "B"}), json!({"id": "c"})]
        );
        assert_eq!(s.haystack(1), "B x");
    }

    #[test]
    fn leftovers_are_compacted_away() {
        let names = Names::default();
        let mut s = Store::new(false);
        for i in 0..100 {
            s.push(&row(&format!("row-{i:03}")), &names, None);
        }
        for round in 0..20 {
            for i in 0..100 {
                s.replace(i, &row(&format!("row-{i:03}-{round}")), &names, None);
            }
        }
        assert!(s.text.len() < 2 * 100 * 40, "{}", s.text.len());
        assert_eq!(s.get(99).map(|r| r.id()), Some("row-099-19"));
        assert!(s.objects().is_empty());
    }
}
