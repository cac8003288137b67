//! Delimited text (CSV, TSV…) from the head of a file: the first line is the header, the
//! last line is dropped when the head was cut in it. Pure, total over any bytes.

use super::types::column_type;
use super::{ColumnType, PreviewColumn};

/// A table parsed from a head of bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<PreviewColumn>,
    pub rows: Vec<Vec<String>>,
    /// More complete rows were in the bytes than `max_rows`.
    pub more_rows: bool,
    pub notes: Vec<String>,
}

impl Table {
    /// Are there enough rows, or is there nothing more to read?
    pub fn enough(&self, max_rows: usize, at_end: bool) -> bool {
        at_end || self.more_rows || self.rows.len() >= max_rows
    }
}

/// Parses `bytes` (the head of a file, all of it when `at_end`) with `delimiter`.
pub fn parse_delimited(bytes: &[u8], delimiter: u8, max_rows: usize, at_end: bool) -> Table {
    let mut notes = Vec::new();
    let text = super::detect::strip_bom(bytes);
    // A head that stops mid-line: only whole lines count.
    let text = if at_end {
        text
    } else {
        match text.iter().rposition(|&c| c == b'\n') {
            Some(i) => &text[..=i],
            None => return Table::default(),
        }
    };
    if std::str::from_utf8(text).is_err() {
        notes.push("not UTF-8: unreadable bytes are shown as �".to_string());
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut more_rows = false;
    loop {
        let start = rdr.position().byte();
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                notes.push(format!("stopped at a malformed line: {e}"));
                break;
            }
        }
        let end = rdr.position().byte();
        let span = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(s, e)| text.get(s..e))
            .unwrap_or_default();
        // A record cut inside a quoted field has an odd number of quotes: it is not whole.
        let cut = !at_end && span.iter().filter(|&&c| c == b'"').count() % 2 == 1;
        if cut {
            break;
        }
        // Header plus max_rows, and one more to know there are more.
        if records.len() > max_rows {
            more_rows = true;
            break;
        }
        records.push(
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        );
    }
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        return Table {
            notes,
            ..Table::default()
        };
    };
    let mut rows: Vec<Vec<String>> = records.collect();
    let width = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    for r in &mut rows {
        r.resize(width, String::new());
    }
    let columns = (0..width)
        .map(|i| {
            let name = header
                .get(i)
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| format!("column_{}", i + 1));
            let ty = if rows.is_empty() {
                ColumnType::String
            } else {
                column_type(rows.iter().map(|r| r.get(i).map_or("", String::as_str)))
            };
            PreviewColumn::new(name, ty)
        })
        .collect();
    Table {
        columns,
        rows,
        more_rows,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &Table) -> Vec<&str> {
        t.columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn header_rows_and_types() {
        let t = parse_delimited(
            b"id,name,score,ok\n1,ann,2.5,true\n2,bob,3,false\n",
            b',',
            10,
            true,
        );
        assert_eq!(names(&t), ["id", "name", "score", "ok"]);
        let types: Vec<_> = t.columns.iter().map(|c| c.ty).collect();
        assert_eq!(
            types,
            [
                ColumnType::Int,
                ColumnType::String,
                ColumnType::Float,
                ColumnType::Bool
            ]
        );
        assert_eq!(
            t.rows,
            vec![
                vec!["1", "ann", "2.5", "true"],
                vec!["2", "bob", "3", "false"]
            ]
        );
        assert!(!t.more_rows);
    }

    #[test]
    fn a_partial_last_line_is_dropped() {
        let t = parse_delimited(b"a,b\n1,2\n3,4\n5,", b',', 10, false);
        assert_eq!(t.rows, vec![vec!["1", "2"], vec!["3", "4"]]);
        // The same bytes as a whole file keep the last line.
        let whole = parse_delimited(b"a,b\n1,2\n3,4\n5,", b',', 10, true);
        assert_eq!(whole.rows.len(), 3);
    }

    #[test]
    fn a_quoted_field_cut_at_a_newline_is_dropped() {
        let t = parse_delimited(b"a,b\n1,\"two\nlines\"\n3,\"cut\nhere", b',', 10, false);
        assert_eq!(t.rows, vec![vec!["1", "two\nlines"]]);
    }

    #[test]
    fn max_rows_and_more() {
        let t = parse_delimited(b"a\n1\n2\n3\n", b',', 2, false);
        assert_eq!(t.rows.len(), 2);
        assert!(t.more_rows);
        assert!(t.enough(2, false));
        let short = parse_delimited(b"a\n1\n", b',', 2, false);
        assert!(!short.enough(2, false));
    }

    #[test]
    fn ragged_rows_widen_the_table() {
        let t = parse_delimited(b"a,b\n1\n1,2,3\n", b',', 10, true);
        assert_eq!(names(&t), ["a", "b", "column_3"]);
        assert_eq!(t.rows[0], vec!["1", "", ""]);
    }

    #[test]
    fn empty_bom_and_latin1() {
        assert_eq!(parse_delimited(b"", b',', 10, true), Table::default());
        assert_eq!(
            parse_delimited(b"no newline yet", b',', 10, false),
            Table::default()
        );
        let t = parse_delimited(b"\xEF\xBB\xBFx;y\n\xE9t\xE9;1\n", b';', 10, true);
        assert_eq!(names(&t), ["x", "y"]);
        assert_eq!(t.rows[0][0], "\u{fffd}t\u{fffd}");
        assert_eq!(t.notes.len(), 1);
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 11u32;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    // Lots of quotes, delimiters and newlines among the noise.
                    match (seed >> 16) % 6 {
                        0 => b'"',
                        1 => b',',
                        2 => b'\n',
                        _ => (seed >> 8) as u8,
                    }
                })
                .collect();
            for at_end in [false, true] {
                let t = parse_delimited(&bytes, b',', 5, at_end);
                assert!(t.rows.len() <= 5);
                assert!(t.rows.iter().all(|r| r.len() == t.columns.len()));
            }
        }
    }
}
