//! Names of other objects inside a cell. A row says "the name of flow X" rather than the
//! name itself, so a list keeps no parsed object to rebuild from when the names arrive
//! later: the list fills the names in when it stores the row, and again when they change.
//!
//! A reference is a private-use character, a letter for the table it is looked up in, the
//! key, and a closing private-use character. Keys come from the service; the two marker
//! characters are dropped from them, so a key can never end a reference early.

use std::borrow::Cow;

use crate::shared::fmt::short_id;
use crate::shared::table::{Names, spec_name};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

fn reference(table: char, key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 8);
    out.push(OPEN);
    out.push(table);
    out.extend(key.chars().filter(|&c| c != OPEN && c != CLOSE));
    out.push(CLOSE);
    out
}

/// The name of the flow `id`, or its short id until the name is known.
pub fn flow(id: &str) -> String {
    reference('f', id)
}

/// The name of the connection or flow spec `id` ("?" when the object names none).
pub fn spec(id: &str) -> String {
    reference('s', id)
}

/// The sparkline of the newest runs of the flow `id` (empty until they are read).
pub fn spark(id: &str) -> String {
    reference('k', id)
}

/// Whether `cell` names another object (and so changes when names arrive).
pub fn refers(cell: &str) -> bool {
    cell.contains(OPEN)
}

fn name_of(table: char, key: &str, names: &Names) -> String {
    match table {
        'f' => names
            .flows
            .get(key)
            .cloned()
            .unwrap_or_else(|| short_id(key)),
        's' => spec_name(names, key),
        'k' => names.sparks.get(key).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// `cell` with every reference replaced by the name it stands for.
pub fn resolve<'a>(cell: &'a str, names: &Names) -> Cow<'a, str> {
    if !refers(cell) {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            // A reference cut short (never built by `reference`): shown as it stands.
            out.push_str(after);
            return Cow::Owned(out);
        };
        let mut chars = after[..end].chars();
        if let Some(table) = chars.next() {
            out.push_str(&name_of(table, chars.as_str(), names));
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The cells of `row` as the list shows them, names filled in.
#[cfg(test)]
pub fn shown(row: &crate::shared::table::Row, names: &Names) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| resolve(c, names).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::table::fixture_names;

    #[test]
    fn references_resolve_to_names_or_short_ids() {
        let names = fixture_names();
        let cell = format!("{} → {}", spec("26f5"), spec("9d1c0e77-aaaa"));
        assert_eq!(resolve(&cell, &names), "Data Landing Zone → 9d1c0e77…");
        assert_eq!(resolve(&flow("f-1"), &names), "Orders");
        assert_eq!(resolve(&spec(""), &names), "?");
        assert_eq!(resolve(&spark("f-1"), &names), "");
        assert_eq!(resolve("plain", &names), "plain");
    }

    #[test]
    fn a_key_cannot_close_its_reference_early() {
        let names = fixture_names();
        let odd = format!("a{CLOSE}b");
        assert!(!resolve(&flow(&odd), &names).contains(CLOSE));
        let cut = format!("x{OPEN}fabc");
        assert_eq!(resolve(&cut, &names), "xfabc");
    }
}
