//! Generators and checks the fuzz targets share: arbitrary text and JSON, mutations of
//! valid text, bytes and JSON trees, the emulator's demo objects to start from, and the
//! checks that an editor's findings are sorted and point inside their text.

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Characters that matter to the parsers under test (quotes, brackets, operators,
/// escapes, line breaks), with a few multi-byte ones to catch slicing inside a character.
const SPICY: &[char] = &[
    '"', '\'', '\\', '/', '~', '[', ']', '{', '}', ',', ':', '=', '!', '<', '>', '.', '-', '+',
    '#', ' ', '\t', '\n', '\r', '0', '1', 'a', 'Z', '_', '@', '$', 'é', '→', '€', '😀', '\u{0}',
    '\u{feff}',
];

/// One character, usually one of [`SPICY`], sometimes any.
pub fn spicy_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::sample::select(SPICY),
        1 => any::<char>(),
    ]
}

/// A string of mostly [`SPICY`] characters.
pub fn spicy_string(max: usize) -> impl Strategy<Value = String> {
    vec(spicy_char(), 0..=max).prop_map(|cs| cs.into_iter().collect())
}

/// Arbitrary text: fully arbitrary Unicode, or dense in the characters parsers care about.
pub fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(&format!("(?s).{{0,{max}}}")).expect("a valid pattern"),
        spicy_string(max),
    ]
}

/// One edit of a text, by character position (so every result is valid UTF-8).
#[derive(Clone, Debug)]
pub enum TextEdit {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Replace { at: usize, with: char },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

pub fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        (any::<usize>(), 1..4usize).prop_map(|(at, len)| TextEdit::Delete { at, len }),
        (any::<usize>(), spicy_string(3)).prop_map(|(at, text)| TextEdit::Insert { at, text }),
        (any::<usize>(), spicy_char()).prop_map(|(at, with)| TextEdit::Replace { at, with }),
        (any::<usize>(), 1..12usize).prop_map(|(at, len)| TextEdit::Duplicate { at, len }),
        any::<usize>().prop_map(|at| TextEdit::Truncate { at }),
    ]
}

pub fn text_edits(max: usize) -> impl Strategy<Value = Vec<TextEdit>> {
    vec(text_edit(), 1..=max)
}

/// `text` with `edits` applied in order; positions wrap around the current length.
pub fn edit_text(text: &str, edits: &[TextEdit]) -> String {
    let mut cs: Vec<char> = text.chars().collect();
    for e in edits {
        let n = cs.len();
        let at = |i: usize| if n == 0 { 0 } else { i % (n + 1) };
        match e {
            TextEdit::Delete { at: i, len } => {
                let a = at(*i).min(n);
                let b = (a + len).min(n);
                cs.drain(a..b);
            }
            TextEdit::Insert { at: i, text } => {
                let a = at(*i);
                cs.splice(a..a, text.chars());
            }
            TextEdit::Replace { at: i, with } => {
                if n > 0 {
                    cs[*i % n] = *with;
                }
            }
            TextEdit::Duplicate { at: i, len } => {
                let a = at(*i).min(n);
                let b = (a + len).min(n);
                let copy: Vec<char> = cs[a..b].to_vec();
                cs.splice(b..b, copy);
            }
            TextEdit::Truncate { at: i } => {
                let a = at(*i);
                cs.truncate(a);
            }
        }
    }
    cs.into_iter().collect()
}

/// One edit of a byte string: what a damaged or cut file looks like.
#[derive(Clone, Debug)]
pub enum ByteEdit {
    Truncate { at: usize },
    Flip { at: usize, mask: u8 },
    Splice { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
}

pub fn byte_edits(max: usize) -> impl Strategy<Value = Vec<ByteEdit>> {
    let one = prop_oneof![
        any::<usize>().prop_map(|at| ByteEdit::Truncate { at }),
        (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| ByteEdit::Flip { at, mask }),
        (any::<usize>(), vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| ByteEdit::Splice { at, bytes }),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| ByteEdit::Delete { at, len }),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| ByteEdit::Duplicate { at, len }),
    ];
    vec(one, 0..=max)
}

pub fn edit_bytes(bytes: &[u8], edits: &[ByteEdit]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for e in edits {
        let n = b.len();
        let at = |i: usize| if n == 0 { 0 } else { i % (n + 1) };
        match e {
            ByteEdit::Truncate { at: i } => b.truncate(at(*i)),
            ByteEdit::Flip { at: i, mask } => {
                if n > 0 {
                    b[*i % n] ^= mask;
                }
            }
            ByteEdit::Splice { at: i, bytes } => {
                let a = at(*i);
                b.splice(a..a, bytes.iter().copied());
            }
            ByteEdit::Delete { at: i, len } => {
                let a = at(*i).min(n);
                b.drain(a..(a + len).min(n));
            }
            ByteEdit::Duplicate { at: i, len } => {
                let a = at(*i).min(n);
                let end = (a + len).min(n);
                let copy = b[a..end].to_vec();
                b.splice(end..end, copy);
            }
        }
    }
    b
}

/// A JSON string: often one of `words` (member names the code looks for), else arbitrary.
pub fn json_key(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(words).prop_map(str::to_string),
        1 => spicy_string(8),
    ]
}

fn json_leaf(words: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        json_key(words).prop_map(Value::String),
        spicy_string(12).prop_map(Value::String),
    ]
}

/// Arbitrary JSON up to a few levels deep, with object members often named from `words`.
pub fn json_value(words: &'static [&'static str]) -> impl Strategy<Value = Value> {
    json_leaf(words).prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((json_key(words), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// One change to a JSON tree, addressed by a path of choices so it always lands somewhere.
#[derive(Clone, Debug)]
pub enum JsonEdit {
    /// Replaces the value reached with `with`.
    Set { path: Vec<usize>, with: Value },
    /// Removes the member (or element) reached.
    Remove { path: Vec<usize> },
    /// Adds a member `key` to the object reached (or pushes to the array reached).
    Insert {
        path: Vec<usize>,
        key: String,
        with: Value,
    },
}

pub fn json_edits(
    words: &'static [&'static str],
    max: usize,
) -> impl Strategy<Value = Vec<JsonEdit>> {
    let path = || vec(any::<usize>(), 0..5);
    let one = prop_oneof![
        (path(), json_value(words)).prop_map(|(path, with)| JsonEdit::Set { path, with }),
        path().prop_map(|path| JsonEdit::Remove { path }),
        (path(), json_key(words), json_value(words))
            .prop_map(|(path, key, with)| JsonEdit::Insert { path, key, with }),
    ];
    vec(one, 0..=max)
}

/// The child of `v` picked by `choice` (modulo its size), if it has any.
fn child_mut(v: &mut Value, choice: usize) -> Option<&mut Value> {
    match v {
        Value::Array(a) if !a.is_empty() => {
            let n = a.len();
            a.get_mut(choice % n)
        }
        Value::Object(m) if !m.is_empty() => {
            let n = m.len();
            m.values_mut().nth(choice % n)
        }
        _ => None,
    }
}

/// Walks `path` down as far as it goes, stopping one short to edit the parent.
fn parent_mut<'v>(v: &'v mut Value, path: &[usize]) -> (&'v mut Value, Option<usize>) {
    let Some((last, rest)) = path.split_last() else {
        return (v, None);
    };
    let mut cur = v;
    for &c in rest {
        let has_child = matches!(&*cur, Value::Array(a) if !a.is_empty())
            || matches!(&*cur, Value::Object(m) if !m.is_empty());
        if !has_child {
            return (cur, None);
        }
        match child_mut(cur, c) {
            Some(next) => cur = next,
            None => unreachable!("checked above"),
        }
    }
    (cur, Some(*last))
}

pub fn edit_json(v: &Value, edits: &[JsonEdit]) -> Value {
    let mut v = v.clone();
    for e in edits {
        match e {
            JsonEdit::Set { path, with } => {
                let (parent, last) = parent_mut(&mut v, path);
                match last.and_then(|c| child_mut(parent, c)) {
                    Some(slot) => *slot = with.clone(),
                    None => *parent = with.clone(),
                }
            }
            JsonEdit::Remove { path } => {
                let (parent, last) = parent_mut(&mut v, path);
                if let Some(c) = last {
                    match parent {
                        Value::Array(a) if !a.is_empty() => {
                            let n = a.len();
                            a.remove(c % n);
                        }
                        Value::Object(m) if !m.is_empty() => {
                            let n = m.len();
                            if let Some(k) = m.keys().nth(c % n).cloned() {
                                m.shift_remove(&k);
                            }
                        }
                        _ => {}
                    }
                }
            }
            JsonEdit::Insert { path, key, with } => {
                let (parent, last) = parent_mut(&mut v, path);
                // Into the child when it is a container, else into the parent itself.
                let into_child = last.is_some_and(|c| {
                    child_mut(parent, c).is_some_and(|x| x.is_object() || x.is_array())
                });
                let target = match last {
                    Some(c) if into_child => match child_mut(parent, c) {
                        Some(x) => x,
                        None => unreachable!("checked above"),
                    },
                    _ => parent,
                };
                match target {
                    Value::Object(m) => {
                        m.insert(key.clone(), with.clone());
                    }
                    Value::Array(a) => a.push(with.clone()),
                    _ => {}
                }
            }
        }
    }
    v
}

/// Checks that a 1-based (line, column) points inside `text`: a line it has, and a column
/// at most one past that line's last character.
pub fn points_inside(text: &str, line: usize, column: usize) -> Result<(), String> {
    let lines: Vec<&str> = text.split('\n').collect();
    if line == 0 || line > lines.len() {
        return Err(format!(
            "line {line} is outside the text ({} lines)",
            lines.len()
        ));
    }
    let width = lines[line - 1].chars().count();
    if column == 0 || column > width + 1 {
        return Err(format!(
            "column {column} is outside line {line} ({width} characters)"
        ));
    }
    Ok(())
}

/// Findings as the editors show them: sorted by position, each pointing inside `text` and
/// saying something.
pub fn findings_are_sound(
    text: &str,
    findings: &[flowscope::app::shared::jsontext::Finding],
) -> Result<(), TestCaseError> {
    let keys: Vec<(usize, usize)> = findings.iter().map(|f| (f.line, f.column)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    prop_assert_eq!(keys, sorted, "findings out of order");
    for f in findings {
        if let Err(why) = points_inside(text, f.line, f.column) {
            return Err(TestCaseError::fail(format!("{why}: {f:?}")));
        }
        prop_assert!(!f.message.trim().is_empty(), "{f:?}");
    }
    Ok(())
}

/// The messages of the errors among `findings`.
pub fn errors(findings: &[flowscope::app::shared::jsontext::Finding]) -> Vec<&str> {
    findings
        .iter()
        .filter(|f| f.severity == flowscope::app::shared::jsontext::Severity::Error)
        .map(|f| f.message.as_str())
        .collect()
}

/// Objects of the emulator's demo data, as the service would send them: the real shapes
/// that mutations start from. Built once; a small `prod` keeps it quick.
pub struct Seeded {
    pub flows: Vec<Value>,
    pub flow_specs: Vec<Value>,
    pub connections: Vec<Value>,
    pub connection_specs: Vec<Value>,
    pub source_connections: Vec<Value>,
    pub target_connections: Vec<Value>,
    pub runs: Vec<Value>,
}

pub fn seeded() -> &'static Seeded {
    use flowscope::emulator::TEST_EPOCH_MS;
    use flowscope::emulator::seed::{SeedOptions, build};
    static SEEDED: std::sync::LazyLock<Seeded> = std::sync::LazyLock::new(|| {
        let opts = SeedOptions {
            seed: 7,
            flows: Some(12),
            runs: Some(60),
            now: TEST_EPOCH_MS,
        };
        let prod = build(&opts).into_iter().next().expect("the prod sandbox");
        let few = |v: &[Value]| v.iter().take(12).cloned().collect::<Vec<_>>();
        Seeded {
            flows: few(&prod.flows),
            flow_specs: few(&prod.flow_specs),
            connections: few(&prod.connections),
            connection_specs: few(&prod.connection_specs),
            source_connections: few(&prod.source_connections),
            target_connections: few(&prod.target_connections),
            runs: prod
                .runs
                .iter()
                .take(24)
                .map(|r| r.to_json(TEST_EPOCH_MS, &prod.ctx))
                .collect(),
        }
    });
    &SEEDED
}
