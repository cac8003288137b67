//! Reading a keymap file: the entries of each context in the order written, each one
//! `"none"`, an action name or `{ action, desc, dangerous }`, with unknown fields and
//! bad values reported where they are.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::shared::action::Action;
use crate::shared::keymap::Entry;

pub(crate) fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// Reads `"none"`, `"action_name"` or `{ action, desc, dangerous }`; also returns the names
/// of fields it did not know, so a typo like `dangerus` is reported rather than ignored.
pub(crate) fn parse_entry(value: &DeValue<'_>) -> Result<(Entry, Vec<String>), String> {
    let named = |action: &str| -> Result<Option<String>, String> {
        if action.eq_ignore_ascii_case("none") {
            Ok(None)
        } else if Action::from_name(action).is_some() {
            Ok(Some(action.to_string()))
        } else {
            Err(format!("unknown action `{action}`"))
        }
    };
    if let Some(action) = value.as_str() {
        let entry = match named(action)? {
            None => Entry::Unbind,
            Some(action) => Entry::Bind {
                action,
                desc: None,
                dangerous: false,
            },
        };
        return Ok((entry, Vec::new()));
    }
    let Some(table) = value.as_table() else {
        return Err(format!(
            "expected {{ action = \"...\", desc = \"...\" }} or \"none\", found a {}",
            value.type_str()
        ));
    };
    let mut action = None;
    let mut desc = None;
    let mut dangerous = false;
    let mut unknown = Vec::new();
    for (field, v) in in_file_order(table) {
        let v = v.get_ref();
        match field.get_ref().as_ref() {
            "action" => {
                action = Some(
                    v.as_str()
                        .ok_or_else(|| "`action` must be a string".to_string())?,
                )
            }
            "desc" => {
                desc = Some(
                    v.as_str()
                        .ok_or_else(|| "`desc` must be a string".to_string())?
                        .to_string(),
                )
            }
            "dangerous" => {
                dangerous = v
                    .as_bool()
                    .ok_or_else(|| "`dangerous` must be true or false".to_string())?
            }
            other => unknown.push(other.to_string()),
        }
    }
    let action = action.ok_or_else(|| "missing `action`".to_string())?;
    let entry = match named(action)? {
        None => Entry::Unbind,
        Some(action) => Entry::Bind {
            action,
            desc,
            dangerous,
        },
    };
    Ok((entry, unknown))
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
