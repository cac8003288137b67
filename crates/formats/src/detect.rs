//! What a file is, from its name and its first bytes: gzip, parquet, JSON, JSON lines or
//! delimited text, and which delimiter. Pure and total: any bytes give an answer.

use crate::{Compression, PreviewKind};

/// Delimiters the DLZ accepts, most likely first (`~` appears in DLZ examples).
const DELIMITERS: &[u8] = b",\t;|~";

/// Lines looked at when sniffing a delimiter.
const SNIFF_LINES: usize = 20;

pub fn is_gzip(name: &str, head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b]) || (head.len() < 2 && lower(name).ends_with(".gz"))
}

pub fn is_parquet(name: &str, head: &[u8]) -> bool {
    head.starts_with(b"PAR1") || (head.len() < 4 && lower(name).ends_with(".parquet"))
}

/// The compression from the first bytes (or the name when there are too few bytes).
pub fn compression_of(name: &str, head: &[u8]) -> Compression {
    if is_gzip(name, head) {
        Compression::Gzip
    } else {
        Compression::None
    }
}

/// The name without a compression suffix: `a.csv.gz` → `a.csv`.
pub fn inner_name(name: &str) -> &str {
    let l = lower(name);
    if l.ends_with(".gz") {
        &name[..name.len() - 3]
    } else if l.ends_with(".gzip") {
        &name[..name.len() - 5]
    } else {
        name
    }
}

fn lower(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The kind of uncompressed content: the extension when it says, else the bytes.
pub fn kind_of(name: &str, head: &[u8]) -> PreviewKind {
    let l = lower(inner_name(name));
    let ext = l.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    if head.starts_with(b"PAR1") || ext == "parquet" {
        return PreviewKind::Parquet;
    }
    match ext {
        "jsonl" | "ndjson" => return PreviewKind::JsonLines,
        "json" => {
            // Some `.json` files are JSON lines; two values on two lines tell.
            return if looks_like_json_lines(head) {
                PreviewKind::JsonLines
            } else {
                PreviewKind::Json
            };
        }
        "tsv" | "tab" => return PreviewKind::Delimited { delimiter: b'\t' },
        "csv" | "txt" | "dat" | "psv" => {
            return PreviewKind::Delimited {
                delimiter: delimiter(head),
            };
        }
        _ => {}
    }
    let text = strip_bom(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') if looks_like_json_lines(text) => PreviewKind::JsonLines,
        Some(b'{' | b'[') => PreviewKind::Json,
        Some(_) if is_text(text) => PreviewKind::Delimited {
            delimiter: delimiter(text),
        },
        Some(_) => PreviewKind::Binary,
        // Empty or blank: nothing says otherwise.
        None => PreviewKind::Delimited { delimiter: b',' },
    }
}

pub fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// Text, not binary: no NUL bytes and few control characters in the first KiB.
fn is_text(b: &[u8]) -> bool {
    let sample = &b[..b.len().min(1024)];
    let odd = sample
        .iter()
        .filter(|&&c| c == 0 || (c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    !sample.contains(&0) && odd * 20 <= sample.len()
}

/// The first non-blank line is a whole JSON value and a second value starts a new line.
fn looks_like_json_lines(b: &[u8]) -> bool {
    let mut lines = strip_bom(b)
        .split(|&c| c == b'\n')
        .map(|l| l.trim_ascii())
        .filter(|l| !l.is_empty());
    let first = lines.next();
    let second = lines.next();
    match (first, second) {
        (Some(f), Some(s)) => {
            serde_json::from_slice::<serde_json::Value>(f).is_ok()
                && matches!(s.first(), Some(b'{' | b'['))
        }
        _ => false,
    }
}

/// The delimiter that splits the first lines into the same number (>1) of fields; `,`
/// when none does. Quotes are honoured (the csv crate does the splitting).
pub fn delimiter(head: &[u8]) -> u8 {
    let text = strip_bom(head);
    // Only complete lines: the last one may be cut.
    let end = text.iter().rposition(|&c| c == b'\n').unwrap_or(text.len());
    let text = &text[..end];
    let mut best = (b',', 0usize, 0usize); // (delimiter, fields, consistent lines)
    for &d in DELIMITERS {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut counts = Vec::new();
        let mut record = csv::ByteRecord::new();
        while counts.len() < SNIFF_LINES {
            match rdr.read_byte_record(&mut record) {
                Ok(true) => counts.push(record.len()),
                _ => break,
            }
        }
        let Some(&first) = counts.first() else {
            continue;
        };
        let consistent = counts.iter().take_while(|&&c| c == first).count();
        // Every sampled line must agree; more fields wins among those that do.
        if first > 1 && consistent == counts.len() && first > best.1 {
            best = (d, first, consistent);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names_and_bytes() {
        assert_eq!(kind_of("a.parquet", b""), PreviewKind::Parquet);
        assert_eq!(kind_of("noext", b"PAR1\x15\x04"), PreviewKind::Parquet);
        assert_eq!(kind_of("a.jsonl", b"{}"), PreviewKind::JsonLines);
        assert_eq!(kind_of("a.ndjson.gz", b""), PreviewKind::JsonLines);
        assert_eq!(kind_of("a.json", b"[{\"a\":1}]"), PreviewKind::Json);
        assert_eq!(
            kind_of("a.json", b"{\"a\":1}\n{\"a\":2}\n"),
            PreviewKind::JsonLines
        );
        assert_eq!(
            kind_of("data", b"  {\"a\": {\n\"b\": 1}}"),
            PreviewKind::Json
        );
        assert_eq!(
            kind_of("data", b"{\"a\":1}\n{\"a\":2}"),
            PreviewKind::JsonLines
        );
        assert_eq!(
            kind_of("a.tsv", b"a,b\tc"),
            PreviewKind::Delimited { delimiter: b'\t' }
        );
        assert_eq!(
            kind_of("x.csv", b"a;b;c\n1;2;3\n"),
            PreviewKind::Delimited { delimiter: b';' }
        );
        assert_eq!(
            kind_of("blob.bin", b"\x00\x01\x02\x03binary"),
            PreviewKind::Binary
        );
        assert_eq!(
            kind_of("empty", b""),
            PreviewKind::Delimited { delimiter: b',' }
        );
    }

    #[test]
    fn gzip_by_magic_or_name() {
        assert_eq!(compression_of("a.csv", &[0x1f, 0x8b, 8]), Compression::Gzip);
        assert_eq!(compression_of("a.csv.gz", b""), Compression::Gzip);
        assert_eq!(compression_of("a.csv.gz", b"a,b\n"), Compression::None);
        assert_eq!(inner_name("a.CSV.GZ"), "a.CSV");
    }

    #[test]
    fn delimiters_by_consistent_field_counts() {
        assert_eq!(delimiter(b"a;b;c\n1;2,5;3\n4;5;6\n"), b';');
        assert_eq!(delimiter(b"a|b\n\"x,y\"|2\n"), b'|');
        assert_eq!(delimiter(b"a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(delimiter(b"a~b~c\n1~2~3\n"), b'~');
        assert_eq!(delimiter(b"a,b\n\"1;2\",3\n"), b',');
        assert_eq!(delimiter(b"just one column\n"), b',');
        assert_eq!(delimiter(b"\xEF\xBB\xBFa;b\n1;2\n1;2;"), b';');
        assert_eq!(delimiter(b""), b',');
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 7u32;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) as u8
                })
                .collect();
            let _ = kind_of("x", &bytes);
            let _ = kind_of("x.json", &bytes);
            let _ = delimiter(&bytes);
            let _ = compression_of("x.gz", &bytes);
        }
    }
}
