//! The vocabulary of tables: what a cell's colour means ([`Tone`]), one row as lists keep
//! it ([`Row`]), the columns a list shows ([`Column`], with what each says so fitting can
//! give room to the ones that say most), and the id → name lookups rows need ([`Names`]).

use crate::shared::fmt::short_id;
use crate::shared::nav::ListKind;
use std::collections::HashMap;

use serde_json::Value;

/// The meaning a cell's colour carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Ok,
    Failed,
    Running,
    Warn,
    Dim,
}

/// Id → name lookups that make rows readable: spec names for connections and flows, flow
/// names for runs. Missing names fall back to the id.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub specs: SpecNames,
    pub flows: HashMap<String, String>,
    /// Flow id → the sparkline of its newest runs.
    pub sparks: HashMap<String, String>,
    /// The app's clock, for the live view's elapsed times.
    pub now_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub cells: Vec<String>,
    /// Numeric sort keys for numeric columns (durations in ms, counts, bytes).
    pub nums: Vec<Option<i64>>,
    /// Coloured cells: (column, tone).
    pub tones: Vec<(usize, Tone)>,
    /// The object the row belongs to (a run's flow), for keys that go there.
    pub parent: String,
}

impl Row {
    /// A row of `cells`; the list joins them into the text `/` searches when it packs it.
    pub fn new(
        id: String,
        name: String,
        cells: Vec<String>,
        nums: Vec<Option<i64>>,
        tones: Vec<(usize, Tone)>,
    ) -> Row {
        Row {
            id,
            name,
            cells,
            nums,
            tones,
            parent: String::new(),
        }
    }
}

/// How a list shows its items: its columns, and the row of one item. Each list kind's
/// schema belongs to the feature that owns the kind.
#[derive(Clone, Copy, Debug)]
pub struct Schema {
    pub columns: &'static [Column],
    pub row: fn(ListKind, &Value, &Names) -> Option<Row>,
}

pub fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

pub fn int(v: &Value, ptr: &str) -> Option<i64> {
    v.pointer(ptr).and_then(Value::as_i64)
}

pub fn spec_name(names: &Names, id: &str) -> String {
    match names.specs.get(id) {
        Some(n) => n.clone(),
        None if id.is_empty() => "?".into(),
        None => short_id(id),
    }
}

pub fn status_tone(status: &str) -> Tone {
    match status {
        "success" | "enabled" | "ok" => Tone::Ok,
        "failed" | "error" => Tone::Failed,
        "inProgress" | "scheduled" | "pending" | "running" => Tone::Running,
        "partialSuccess" | "cancelled" => Tone::Warn,
        "disabled" | "draft" | "never" => Tone::Dim,
        _ => Tone::Plain,
    }
}

/// How a column takes width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Says {
    /// Names, descriptions, messages, paths: spare width goes here first.
    Most,
    /// Other free text (spec pairs, auth types, tags, URLs): whole once the first kind
    /// is comfortably wide.
    Some,
    /// An id that stands for the row's name (a workflow id): grows only with what the
    /// others leave, as a short prefix tells rows apart.
    Least,
    /// Short values (states, types, times, counts): as wide as the widest value, never
    /// cut; the column is dropped rather than shown truncated.
    Tag,
    /// An id that `d` shows anyway: dropped whenever keeping it would cut another column.
    Ref,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// Narrowest useful width of free text; the table drops columns of lower priority
    /// before going below it.
    pub min: u16,
    pub max: u16,
    /// 0 is always shown; higher numbers go first when the terminal is narrow, and 3
    /// and up are extras that also give way to a name or message that would be cut.
    pub priority: u8,
    pub says: Says,
    pub right: bool,
    /// A sparkline: each glyph is coloured by the outcome it stands for.
    pub spark: bool,
}

const fn column(title: &'static str, min: u16, max: u16, priority: u8, says: Says) -> Column {
    Column {
        title,
        min,
        max,
        priority,
        says,
        right: false,
        spark: false,
    }
}

/// A name, description, message or path.
pub(crate) const fn text(title: &'static str, min: u16, max: u16, priority: u8) -> Column {
    column(title, min, max, priority, Says::Most)
}

/// Free text that says less than the names beside it.
pub(crate) const fn col(title: &'static str, min: u16, max: u16, priority: u8) -> Column {
    column(title, min, max, priority, Says::Some)
}

/// An id that names the row: never dropped, shortened before anything else.
pub(crate) const fn key(title: &'static str, min: u16, max: u16) -> Column {
    column(title, min, max, 0, Says::Least)
}

/// A short value (state, type, time) up to `max` wide.
pub(crate) const fn tag(title: &'static str, max: u16, priority: u8) -> Column {
    column(title, 1, max, priority, Says::Tag)
}

/// An object's id.
pub(crate) const fn id(title: &'static str, max: u16) -> Column {
    column(title, 1, max, 9, Says::Ref)
}

pub(crate) const fn num(title: &'static str, priority: u8) -> Column {
    Column {
        right: true,
        ..column(title, 1, 12, priority, Says::Tag)
    }
}

pub(crate) const fn spark(title: &'static str, width: u16, priority: u8) -> Column {
    Column {
        spark: true,
        ..column(title, width, width, priority, Says::Tag)
    }
}

/// Spec id → name, for showing `Data Landing Zone` instead of `26f526f2-…`.
pub type SpecNames = HashMap<String, String>;

/// Names for row tests: one spec, one flow.
#[cfg(test)]
pub fn fixture_names() -> Names {
    Names {
        specs: [("26f5".to_string(), "Data Landing Zone".to_string())].into(),
        flows: [("f-1".to_string(), "Orders".to_string())].into(),
        ..Names::default()
    }
}
