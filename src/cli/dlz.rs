//! `flowscope dlz`: the Data Landing Zone's container, folder listings and file previews
//! (a table of the detected columns, or one JSON record a line for hierarchical files).
//! Transfers are `dlz_transfer.rs`; deletes by path `dlz_delete.rs`.

use std::io::{BufWriter, Write};

use serde_json::Value;

use super::args::{DlzCmd, Output};
use super::change::Changes;
use super::columns::{Labels, Resource};
use super::error::CliResult;
use super::output::{ListWriter, write_one};
use crate::api::Client;
use crate::model::{DlzType, PreviewFormat};

pub async fn run(ch: &Changes<'_>, cmd: DlzCmd) -> CliResult {
    let c = &ch.conn.client;
    match cmd {
        DlzCmd::Container { r#type } => {
            let kind = super::dlz_transfer::zone(&r#type)?;
            let v = serde_json::to_value(c.landing_zone(kind).await?).unwrap_or(Value::Null);
            write_one(&mut std::io::stdout().lock(), Output::Table, &v)?;
            Ok(())
        }
        DlzCmd::Ls { path, output } => {
            let folder = match path.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => None,
                Some(p) => Some(dlz_path(c, p, true).await?),
            };
            let listing = c.explore_landing_zone(folder.as_deref()).await?;
            let items: Vec<Value> = listing
                .0
                .iter()
                .filter_map(|i| serde_json::to_value(i).ok())
                .collect();
            let mut w = ListWriter::new(
                BufWriter::new(std::io::stdout().lock()),
                output,
                Resource::Explore,
                Labels::default(),
            );
            w.page(&items)?;
            w.finish()?;
            Ok(())
        }
        DlzCmd::Preview { path, output } => {
            let path = dlz_path(c, &path, false).await?;
            let p = c
                .preview_landing_zone_file(&path, &PreviewFormat::Detect)
                .await?;
            let mut out = BufWriter::new(std::io::stdout().lock());
            if output != Output::Table {
                write_one(
                    &mut out,
                    output,
                    &serde_json::to_value(&p).unwrap_or(Value::Null),
                )?;
                return Ok(out.flush()?);
            }
            if let Some(props) = &p.properties {
                writeln!(
                    out,
                    "# {}",
                    serde_json::to_string(props).unwrap_or_default()
                )?;
            }
            let cols: Vec<String> = p.columns().iter().map(|s| s.to_string()).collect();
            if cols.is_empty() {
                // Hierarchical (JSON) previews: one record per line.
                for r in p.rows() {
                    writeln!(out, "{r}")?;
                }
            } else {
                preview_table(&mut out, &cols, p.rows())?;
            }
            Ok(out.flush()?)
        }
        DlzCmd::Delete { many, r#type } => super::dlz_delete::run(ch, &r#type, &many).await,
        transfer => super::dlz_transfer::run(ch, transfer).await,
    }
}

/// Accepts `crm/leads`, `/crm/leads/` or `dlz-user-container/crm/leads/`.
async fn dlz_path(c: &Client, p: &str, folder: bool) -> CliResult<String> {
    let container = c
        .landing_zone(DlzType::UserDropZone)
        .await?
        .name()
        .unwrap_or("dlz-user-container")
        .to_string();
    let p = p.trim_start_matches('/');
    let mut full = if p.starts_with(&format!("{container}/")) || p == container {
        p.to_string()
    } else {
        format!("{container}/{p}")
    };
    if folder && !full.ends_with('/') {
        full.push('/');
    }
    Ok(full)
}

fn preview_table<W: Write>(out: &mut W, cols: &[String], rows: &[Value]) -> std::io::Result<()> {
    let cell = |r: &Value, c: &str| match r.get(c) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    };
    let mut widths: Vec<usize> = cols.iter().map(|c| c.chars().count()).collect();
    for r in rows {
        for (i, c) in cols.iter().enumerate() {
            widths[i] = widths[i].max(cell(r, c).chars().count()).min(32);
        }
    }
    let line = |vals: Vec<String>| -> String {
        vals.iter()
            .zip(&widths)
            .map(|(v, w)| {
                let t: String = if v.chars().count() > *w {
                    v.chars().take(w - 1).chain(['…']).collect()
                } else {
                    v.clone()
                };
                format!("{t:<w$}")
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(cols.to_vec()))?;
    for r in rows {
        writeln!(out, "{}", line(cols.iter().map(|c| cell(r, c)).collect()))?;
    }
    Ok(())
}
