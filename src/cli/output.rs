//! Writes results as an aligned table, a JSON document, newline-delimited JSON, CSV, or
//! only the ids (one a line, to pipe into a many-id command).
//!
//! Lists are written page by page as they arrive, so `--all --output ndjson` over
//! hundreds of thousands of runs holds one page in memory at a time. Tables fix their
//! column widths on the first page (capped) for the same reason. Each page is flushed as
//! it is written, and [`stdout_closed`] notices a reader that went away, so a listing
//! piped into `head` stops instead of reading pages nobody will see.

use std::io::Write;

use crate::model::redact::{mask_secrets, may_hold_secret};
use serde_json::Value;
use serde_json::value::RawValue;

use super::args::Output;
use crate::cli::columns::{Labels, Resource, cells, headers};

const MAX_WIDTH: usize = 48;

pub struct ListWriter<W: Write> {
    out: W,
    format: Output,
    resource: Resource,
    names: Labels,
    widths: Option<Vec<usize>>,
    written: usize,
}

impl<W: Write> ListWriter<W> {
    pub fn new(out: W, format: Output, resource: Resource, names: Labels) -> Self {
        Self {
            out,
            format,
            resource,
            names,
            widths: None,
            written: 0,
        }
    }

    /// The names table cells show; they can grow between pages (flow names for runs).
    pub fn labels_mut(&mut self) -> &mut Labels {
        &mut self.names
    }

    /// Writes one page and flushes it: the reader sees it at once, and a closed pipe is
    /// an error here, before the next page is asked for.
    pub fn page(&mut self, items: &[Value]) -> std::io::Result<()> {
        self.write_page(items)?;
        self.out.flush()
    }

    /// Writes one page of items as the service sent them. ndjson passes each item's text
    /// through untouched (no tree is built) unless it holds a secret to mask or spans
    /// lines; every other format takes the items read ([`read_items`]) by [`Self::page`].
    pub fn raw_page(&mut self, items: &[Box<RawValue>], reveal: bool) -> std::io::Result<()> {
        if self.format == Output::Ids {
            // Only the id is read out of each item: no tree, no secrets to mask.
            for raw in items {
                let item: IdOnly = serde_json::from_str(raw.get())?;
                if let Some(id) = item.id.or(item.path) {
                    writeln!(self.out, "{id}")?;
                }
            }
            self.written += items.len();
            return self.out.flush();
        }
        if self.format != Output::Ndjson {
            return self.page(&read_items(items, reveal)?);
        }
        for raw in items {
            let text = raw.get();
            if (reveal || !may_hold_secret(text)) && !text.contains('\n') {
                self.out.write_all(text.as_bytes())?;
            } else {
                serde_json::to_writer(&mut self.out, &read(text, reveal)?)?;
            }
            self.out.write_all(b"\n")?;
        }
        self.written += items.len();
        self.out.flush()
    }

    fn write_page(&mut self, items: &[Value]) -> std::io::Result<()> {
        match self.format {
            Output::Csv => {
                let mut csv = csv::Writer::from_writer(&mut self.out);
                if self.widths.is_none() {
                    csv.write_record(headers(self.resource))?;
                    // Only whether the header is out: CSV has no widths.
                    self.widths = Some(Vec::new());
                }
                for v in items {
                    csv.write_record(cells(self.resource, v, &self.names))?;
                }
                csv.flush()?;
            }
            Output::Ndjson => {
                for v in items {
                    serde_json::to_writer(&mut self.out, v)?;
                    self.out.write_all(b"\n")?;
                }
            }
            Output::Ids => {
                let resource = self.resource;
                for id in items.iter().filter_map(|v| id_for(resource, v)) {
                    writeln!(self.out, "{id}")?;
                }
            }
            Output::Json => {
                for v in items {
                    self.out
                        .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                    let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
                    for (i, line) in text.lines().enumerate() {
                        if i > 0 {
                            self.out.write_all(b"\n")?;
                        }
                        write!(self.out, "  {line}")?;
                    }
                    self.written += 1;
                }
                return Ok(());
            }
            Output::Table => {
                let rows: Vec<Vec<String>> = items
                    .iter()
                    .map(|v| cells(self.resource, v, &self.names))
                    .collect();
                if self.widths.is_none() {
                    let hs = headers(self.resource);
                    let mut w: Vec<usize> = hs.iter().map(|h| h.chars().count()).collect();
                    for r in &rows {
                        for (i, c) in r.iter().enumerate() {
                            w[i] = w[i].max(c.chars().count()).min(MAX_WIDTH);
                        }
                    }
                    let head: Vec<String> = hs.iter().map(|h| h.to_string()).collect();
                    write_row(&mut self.out, &head, &w)?;
                    self.widths = Some(w);
                }
                if let Some(w) = &self.widths {
                    for r in &rows {
                        write_row(&mut self.out, r, w)?;
                    }
                }
            }
        }
        self.written += items.len();
        Ok(())
    }

    /// Closes the JSON array (an empty list is `[]`), heads an empty CSV, and flushes.
    pub fn finish(mut self) -> std::io::Result<usize> {
        if self.format == Output::Csv && self.widths.is_none() {
            self.write_page(&[])?;
        }
        if self.format == Output::Json {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.written)
    }
}

/// What `ids` reads of an item: its id, or a landing-zone entry's path.
#[derive(serde::Deserialize)]
struct IdOnly {
    id: Option<String>,
    path: Option<String>,
}

/// What `-o ids` prints of an item of `r`: an AWS object's name or id (each list its
/// own member), else [`id_of`].
fn id_for(r: Resource, v: &Value) -> Option<&str> {
    match super::aws_columns::id_member(r) {
        Some(member) => v.get(member).and_then(Value::as_str),
        None => id_of(v),
    }
}

/// An object's id, or a landing-zone entry's path, for `-o ids`.
fn id_of(v: &Value) -> Option<&str> {
    v.get("id")
        .or_else(|| v.get("path"))
        .and_then(Value::as_str)
}

fn write_row<W: Write>(out: &mut W, cells: &[String], widths: &[usize]) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
        let text = truncate(c, *w);
        if i + 1 == cells.len() {
            line.push_str(&text);
        } else {
            let pad = w.saturating_sub(text.chars().count());
            line.push_str(&text);
            line.extend(std::iter::repeat_n(' ', pad + 2));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Resolves once nobody reads standard output any more: the reader of its pipe is gone
/// (or the terminal or socket hung up). Never resolves when that cannot happen or cannot
/// be watched (a file, not Unix); a write then still ends the command on EPIPE.
pub async fn stdout_closed() {
    #[cfg(unix)]
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        // A thread of its own rather than spawn_blocking: it may wait for the life of the
        // process, and the runtime would wait for a blocking task when it shuts down.
        let watch = std::thread::Builder::new()
            .name("stdout-watch".into())
            .spawn(move || {
                if reader_gone() {
                    let _ = tx.send(());
                }
            });
        if watch.is_ok() && rx.await.is_ok() {
            return;
        }
    }
    std::future::pending::<()>().await
}

/// Blocks until standard output reports an error or a hangup: true then, false when it
/// cannot be watched.
#[cfg(unix)]
fn reader_gone() -> bool {
    use nix::errno::Errno;
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;

    let stdout = std::io::stdout();
    // No events asked for: poll(2) reports POLLERR (a pipe with no reader left) and
    // POLLHUP regardless, and nothing else, so a writable pipe does not wake it.
    let mut fds = [PollFd::new(stdout.as_fd(), PollFlags::empty())];
    loop {
        match poll(&mut fds, PollTimeout::NONE) {
            Ok(0) | Err(Errno::EINTR) => continue,
            Ok(_) => {
                return fds[0]
                    .revents()
                    .is_some_and(|r| r.intersects(PollFlags::POLLERR | PollFlags::POLLHUP));
            }
            Err(_) => return false,
        }
    }
}

/// A page's items read into trees, their secrets masked unless revealed on purpose.
pub fn read_items(items: &[Box<RawValue>], reveal: bool) -> std::io::Result<Vec<Value>> {
    items.iter().map(|raw| read(raw.get(), reveal)).collect()
}

/// An item's text read into a tree, its secrets masked unless revealed on purpose.
fn read(text: &str, reveal: bool) -> std::io::Result<Value> {
    let mut v: Value = serde_json::from_str(text)?;
    if !reveal {
        mask_secrets(&mut v);
    }
    Ok(v)
}

/// One object: pretty JSON, one line of JSON, a two-column table of its top level, the
/// same two columns as CSV, or its id.
pub fn write_one<W: Write>(out: &mut W, format: Output, v: &Value) -> std::io::Result<()> {
    match format {
        Output::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(["field", "value"])?;
            if let Some(obj) = v.as_object() {
                for (k, val) in obj {
                    let text = match val {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    csv.write_record([k.as_str(), text.as_str()])?;
                }
            }
            csv.flush()
        }
        Output::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(v).map_err(std::io::Error::other)?
        ),
        Output::Ndjson => writeln!(out, "{v}"),
        Output::Ids => match id_of(v) {
            Some(id) => writeln!(out, "{id}"),
            None => Ok(()),
        },
        Output::Table => {
            let Some(obj) = v.as_object() else {
                return writeln!(out, "{v}");
            };
            let w = obj.keys().map(|k| k.chars().count()).max().unwrap_or(0);
            for (k, val) in obj {
                let text = match val {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                writeln!(out, "{k:<w$}  {}", truncate(&text, 120))?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(format: Output, pages: &[Vec<Value>]) -> String {
        let mut buf = Vec::new();
        let mut w = ListWriter::new(&mut buf, format, Resource::Explore, Labels::default());
        for p in pages {
            w.page(p).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn item(name: &str) -> Value {
        json!({"type": "file", "name": name, "path": format!("c/{name}"), "canPreview": true})
    }

    #[test]
    fn ndjson_is_one_object_per_line_across_pages() {
        let text = render(
            Output::Ndjson,
            &[vec![item("a")], vec![item("b"), item("c")]],
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            serde_json::from_str::<Value>(lines[2]).unwrap()["name"],
            json!("c")
        );
    }

    #[test]
    fn json_is_one_valid_array_across_pages_and_empty_is_brackets() {
        let text = render(Output::Json, &[vec![item("a")], vec![item("b")]]);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 2);
        assert_eq!(render(Output::Json, &[]), "[]\n");
    }

    #[test]
    fn ids_are_one_a_line_from_read_and_unread_items() {
        assert_eq!(
            render(Output::Ids, &[vec![item("a")], vec![item("b")]]),
            "c/a\nc/b\n"
        );
        let raw: Vec<Box<RawValue>> = [r#"{"id": "f1", "name": "x"}"#, r#"{"id": "f2"}"#]
            .iter()
            .map(|t| RawValue::from_string(t.to_string()).unwrap())
            .collect();
        let mut buf = Vec::new();
        let mut w = ListWriter::new(&mut buf, Output::Ids, Resource::Flows, Labels::default());
        w.raw_page(&raw, false).unwrap();
        assert_eq!(w.finish().unwrap(), 2);
        assert_eq!(String::from_utf8(buf).unwrap(), "f1\nf2\n");
        let mut one = Vec::new();
        write_one(&mut one, Output::Ids, &json!({"id": "r9", "etag": "e"})).unwrap();
        assert_eq!(one, b"r9\n");
    }

    #[test]
    fn tables_align_columns_from_the_first_page() {
        let text = render(Output::Table, &[vec![item("a"), item("long-name.csv")]]);
        assert_eq!(
            text,
            "TYPE  NAME           PATH             PREVIEW\n\
             file  a              c/a              yes\n\
             file  long-name.csv  c/long-name.csv  yes\n"
        );
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
