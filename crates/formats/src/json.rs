//! JSON previews from the head of a file: JSON lines (one record a line, the cut last line
//! dropped) and JSON documents (an array of records read element by element, so a cut
//! array still shows its whole elements; any other value when it is whole). Records stay
//! `serde_json::Value`s for the tree view; top-level keys also make a flat table. Pure.

use serde_json::{Map, Value};

use super::types::{merge_json, value_type};
use super::{PreviewColumn, render_value};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Records {
    pub records: Vec<Value>,
    /// More whole records were in the bytes than the maximum.
    pub more: bool,
    pub notes: Vec<String>,
}

impl Records {
    pub fn enough(&self, max: usize, at_end: bool) -> bool {
        at_end || self.more || self.records.len() >= max
    }
}

/// One record per non-blank line. Lines that are not JSON are skipped with a note.
pub fn parse_json_lines(bytes: &[u8], max: usize, at_end: bool) -> Records {
    let text = super::detect::strip_bom(bytes);
    let text = if at_end {
        text
    } else {
        match text.iter().rposition(|&c| c == b'\n') {
            Some(i) => &text[..i],
            None => return Records::default(),
        }
    };
    let mut out = Records::default();
    let mut bad = 0usize;
    for (n, line) in text.split(|&c| c == b'\n').enumerate() {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        if out.records.len() >= max {
            out.more = true;
            break;
        }
        match serde_json::from_slice::<Value>(line) {
            Ok(v) => out.records.push(v),
            Err(e) => {
                if bad == 0 {
                    out.notes.push(format!("line {} is not JSON ({e})", n + 1));
                }
                bad += 1;
            }
        }
    }
    if bad > 1 {
        out.notes.push(format!("{bad} lines in all are not JSON"));
    }
    out
}

/// A JSON document. A top-level array gives its elements as records, as many whole ones
/// as the bytes hold; any other value is one record when whole.
pub fn parse_json(bytes: &[u8], max: usize, at_end: bool) -> Records {
    let text = super::detect::strip_bom(bytes);
    let start = text
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(text.len());
    if text.get(start) != Some(&b'[') {
        return match serde_json::from_slice::<Value>(text) {
            Ok(v) => Records {
                records: vec![v],
                ..Records::default()
            },
            Err(_) if text[start..].is_empty() => Records::default(),
            Err(e) if !at_end && e.is_eof() => Records {
                notes: vec![
                    "the document is larger than the preview reads; only an array of records can be shown in part"
                        .to_string(),
                ],
                ..Records::default()
            },
            Err(e) => Records {
                notes: vec![format!("not valid JSON: {e}")],
                ..Records::default()
            },
        };
    }
    array_elements(text, start + 1, max, at_end)
}

/// Elements of the array whose `[` is just before `pos`, one value at a time.
fn array_elements(text: &[u8], mut pos: usize, max: usize, at_end: bool) -> Records {
    let mut out = Records::default();
    loop {
        pos = skip_ws(text, pos);
        match text.get(pos) {
            Some(b']') => return out,
            Some(b',') if !out.records.is_empty() => pos = skip_ws(text, pos + 1),
            None => {
                if at_end {
                    out.notes.push("the array is not closed".to_string());
                }
                return out;
            }
            _ => {}
        }
        if out.records.len() >= max {
            out.more = true;
            return out;
        }
        let mut values = serde_json::Deserializer::from_slice(&text[pos..]).into_iter::<Value>();
        match values.next() {
            Some(Ok(v)) => {
                out.records.push(v);
                pos += values.byte_offset();
            }
            // The head ends inside this element: the ones before it are whole.
            Some(Err(e)) if e.is_eof() && !at_end => return out,
            Some(Err(e)) => {
                out.notes.push(format!("not valid JSON: {e}"));
                return out;
            }
            None => return out,
        }
    }
}

fn skip_ws(text: &[u8], mut pos: usize) -> usize {
    while text.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

/// Columns (top-level keys in order of first appearance) and rows as text, for records
/// that are objects; other records show as one `value` column.
pub fn flatten(records: &[Value]) -> (Vec<PreviewColumn>, Vec<Vec<String>>) {
    let mut keys: Vec<String> = Vec::new();
    let mut types = Vec::new();
    let mut non_objects = false;
    for r in records {
        match r {
            Value::Object(map) => {
                for (k, v) in map {
                    let i = match keys.iter().position(|x| x == k) {
                        Some(i) => i,
                        None => {
                            keys.push(k.clone());
                            types.push(None);
                            keys.len() - 1
                        }
                    };
                    types[i] = merge_json(types[i], value_type(v));
                }
            }
            _ => non_objects = true,
        }
    }
    if non_objects || keys.is_empty() {
        let ty = records
            .iter()
            .fold(None, |acc, v| merge_json(acc, value_type(v)));
        let rows = records.iter().map(|v| vec![render_value(v)]).collect();
        let column = PreviewColumn::new("value", ty.unwrap_or(super::ColumnType::String));
        return (vec![column], rows);
    }
    let empty = Map::new();
    let rows = records
        .iter()
        .map(|r| {
            let map = r.as_object().unwrap_or(&empty);
            keys.iter()
                .map(|k| map.get(k).map(render_value).unwrap_or_default())
                .collect()
        })
        .collect();
    let columns = keys
        .into_iter()
        .zip(types)
        .map(|(k, t)| PreviewColumn::new(k, t.unwrap_or(super::ColumnType::String)))
        .collect();
    (columns, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ColumnType;
    use serde_json::json;

    #[test]
    fn json_lines_drop_the_cut_line_and_note_bad_ones() {
        let r = parse_json_lines(b"{\"a\":1}\n\nnope\n{\"a\":2}\n{\"a\":", 10, false);
        assert_eq!(r.records, vec![json!({"a": 1}), json!({"a": 2})]);
        assert_eq!(r.notes.len(), 1);
        assert!(r.notes[0].contains("line 3"), "{:?}", r.notes);
        let whole = parse_json_lines(b"{\"a\":1}\n{\"a\":2}", 10, true);
        assert_eq!(whole.records.len(), 2);
        let capped = parse_json_lines(b"1\n2\n3\n", 2, true);
        assert_eq!((capped.records.len(), capped.more), (2, true));
    }

    #[test]
    fn arrays_show_whole_elements_even_when_cut() {
        let cut = parse_json(b" [ {\"a\": 1}, {\"a\": [2, 3]} , {\"a\": ", 10, false);
        assert_eq!(cut.records, vec![json!({"a": 1}), json!({"a": [2, 3]})]);
        assert!(cut.notes.is_empty());
        let whole = parse_json(b"[1, 2, 3]", 2, true);
        assert_eq!((whole.records.len(), whole.more), (2, true));
        assert_eq!(parse_json(b"[]", 5, true), Records::default());
    }

    #[test]
    fn other_documents_need_to_be_whole() {
        assert_eq!(
            parse_json(b"{\"a\": {\"b\": 1}}", 5, true).records,
            vec![json!({"a": {"b": 1}})]
        );
        let cut = parse_json(b"{\"a\": {\"b\": ", 5, false);
        assert!(cut.records.is_empty());
        assert!(cut.notes[0].contains("larger"), "{:?}", cut.notes);
        let bad = parse_json(b"{nope}", 5, true);
        assert!(bad.notes[0].contains("not valid JSON"));
        assert_eq!(parse_json(b"", 5, true), Records::default());
        assert_eq!(parse_json(b"[1,,2]", 5, true).records, vec![json!(1)]);
    }

    #[test]
    fn flat_table_of_top_level_keys() {
        let (cols, rows) = flatten(&[
            json!({"id": 1, "tags": ["x"]}),
            json!({"id": 2.5, "name": "b"}),
        ]);
        let names: Vec<_> = cols.iter().map(|c| (c.name.as_str(), c.ty)).collect();
        assert_eq!(
            names,
            [
                ("id", ColumnType::Float),
                ("tags", ColumnType::Json),
                ("name", ColumnType::String)
            ]
        );
        assert_eq!(rows[0], vec!["1", "[\"x\"]", ""]);
        assert_eq!(rows[1], vec!["2.5", "", "b"]);
        let (cols, rows) = flatten(&[json!(1), json!("a")]);
        assert_eq!(cols[0].name, "value");
        assert_eq!(rows, vec![vec!["1"], vec!["a"]]);
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 3u32;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    b"[]{},:\"\n 1a\\"[(seed >> 16) as usize % 12]
                })
                .collect();
            for at_end in [false, true] {
                let _ = parse_json(&bytes, 5, at_end);
                let r = parse_json_lines(&bytes, 5, at_end);
                let _ = flatten(&r.records);
            }
        }
    }
}
