//! The summary a many-id change ends with, in the chosen format: a table of each object's
//! end (done, refused, unsure, skipped) with the service's code and message or the skip
//! reason, then the counts; JSON, ndjson or CSV of the same rows (the counts then on
//! standard error, so standard output stays one document); or with `ids` only the ids
//! of those refused or unsure, to look at or send again.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use super::args::Output;
use super::error::CliResult;
use crate::api::bulk::Counts;

/// One object's end.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: String,
    /// `done`, `refused`, `unsure` or `skipped`.
    pub end: &'static str,
    /// The service's code (FLOW-1422-400), or `HTTP 502` when it sent none.
    pub code: String,
    /// The service's message, why it was skipped, or what a done one now is.
    pub message: String,
    /// What the service answered a done one (secrets masked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Value>,
}

const HEADERS: [&str; 4] = ["ID", "END", "CODE", "MESSAGE"];

/// Writes the summary on standard output (and the counts on standard error for the
/// formats a program reads).
pub fn write_summary(format: Output, rows: &[Row], counts: &Counts) -> CliResult {
    let mut out = std::io::stdout().lock();
    write_rows(&mut out, format, rows, counts)?;
    out.flush()?;
    if !matches!(format, Output::Table) {
        eprintln!("flowscope: {counts}");
    }
    Ok(())
}

fn write_rows<W: Write>(
    out: &mut W,
    format: Output,
    rows: &[Row],
    counts: &Counts,
) -> std::io::Result<()> {
    match format {
        Output::Table => {
            let cells: Vec<[&str; 4]> = rows
                .iter()
                .map(|r| [r.id.as_str(), r.end, r.code.as_str(), r.message.as_str()])
                .collect();
            let mut widths = HEADERS.map(str::len);
            for row in &cells {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            for row in std::iter::once(&HEADERS).chain(&cells) {
                let mut line = String::new();
                for (i, (c, w)) in row.iter().zip(widths).enumerate() {
                    line.push_str(c);
                    if i + 1 < row.len() {
                        let pad = w - c.chars().count() + 2;
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                writeln!(out, "{}", line.trim_end())?;
            }
            writeln!(out, "{counts}")?;
        }
        Output::Json => {
            let text = serde_json::to_string_pretty(rows).map_err(std::io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Output::Ndjson => {
            for r in rows {
                serde_json::to_writer(&mut *out, r).map_err(std::io::Error::other)?;
                writeln!(out)?;
            }
        }
        Output::Csv => {
            let mut csv = csv::Writer::from_writer(&mut *out);
            csv.write_record(HEADERS)?;
            for r in rows {
                csv.write_record([r.id.as_str(), r.end, &r.code, &r.message])?;
            }
            csv.flush()?;
        }
        Output::Ids => {
            for r in rows
                .iter()
                .filter(|r| matches!(r.end, "refused" | "unsure"))
            {
                writeln!(out, "{}", r.id)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rows() -> Vec<Row> {
        let row = |id: &str, end, code: &str, message: &str| Row {
            id: id.into(),
            end,
            code: code.into(),
            message: message.into(),
            answer: None,
        };
        vec![
            row("r1", "done", "", "now inProgress"),
            row("r2", "refused", "FLOW-1422-400", "not failed"),
            row("r300", "skipped", "", "run is success"),
            row("r4", "unsure", "HTTP 502", "lost"),
        ]
    }

    fn text(format: Output) -> String {
        let counts = Counts {
            done: 1,
            refused: 1,
            unsure: 1,
            skipped: 1,
        };
        let mut out = Vec::new();
        write_rows(&mut out, format, &rows(), &counts).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_table_names_each_end_and_counts_them_whole() {
        assert_eq!(
            text(Output::Table),
            "ID    END      CODE           MESSAGE\n\
             r1    done                    now inProgress\n\
             r2    refused  FLOW-1422-400  not failed\n\
             r300  skipped                 run is success\n\
             r4    unsure   HTTP 502       lost\n\
             1 done, 1 refused, 1 unsure, 1 skipped\n"
        );
    }

    #[test]
    fn machine_formats_carry_the_same_rows_and_ids_only_the_failed() {
        let json: Vec<Value> = serde_json::from_str(&text(Output::Json)).unwrap();
        assert_eq!(json.len(), 4);
        assert_eq!(json[1]["code"], "FLOW-1422-400");
        assert_eq!(text(Output::Ndjson).lines().count(), 4);
        assert!(text(Output::Csv).starts_with("ID,END,CODE,MESSAGE\nr1,done,,"));
        assert_eq!(text(Output::Ids), "r2\nr4\n");
    }
}
