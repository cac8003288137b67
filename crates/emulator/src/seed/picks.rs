//! What a seeded flow reads: files, a table, a stream, audiences or datasets, drawn
//! once per flow and used for its name, its source connections and its target dataset.
//!
//! Catalogue entries may name the dataset their data belongs in, so a flow reading
//! `contacts_us.csv` writes to "CRM Contacts" rather than to an unrelated dataset.

use serde_json::{Value, json};

use super::catalog::{Catalog, FilePath, FlowKind, SourceShape, Table};
use super::endpoints::DatasetRef;
use super::flows::Segment;
use super::random::Gen;

pub(super) enum Pick<'a> {
    Files(Vec<&'a FilePath>),
    Table(&'a Table),
    /// Source-connection params, the stream's name and its dataset hint.
    Stream(Value, String, Option<String>),
    Audiences(Vec<&'a Segment>),
    Datasets(Vec<&'a DatasetRef>),
}

impl<'a> Pick<'a> {
    pub fn draw(
        cat: &'a Catalog,
        segments: &'a [Segment],
        datasets: &'a [DatasetRef],
        kind: &FlowKind,
        g: &mut Gen,
        want_multi: bool,
    ) -> Pick<'a> {
        match kind.source {
            SourceShape::Dlz | SourceShape::File => {
                let pool: &[FilePath] = if kind.source == SourceShape::Dlz {
                    &cat.dlz_files
                } else {
                    cat.file_paths
                        .get(&kind.source_spec)
                        .map_or(&[], Vec::as_slice)
                };
                // One flow per sandbox is guaranteed to read several sources.
                let n = if want_multi && kind.source == SourceShape::Dlz {
                    2
                } else if g.chance(0.08) {
                    2 + g.below(2) as usize
                } else {
                    1
                };
                Pick::Files((0..n).map(|_| g.pick(pool)).collect())
            }
            SourceShape::Table => {
                let pool = cat
                    .tables
                    .get(&kind.source_spec)
                    .map_or(&[][..], Vec::as_slice);
                Pick::Table(g.pick(pool))
            }
            SourceShape::Stream => match cat.streams.get(&kind.source_spec) {
                Some(pool) => {
                    let mut p = g.pick(pool).clone();
                    // The dataset hint is catalogue data, not a connection parameter.
                    let hint = p
                        .as_object_mut()
                        .and_then(|o| o.remove("dataset"))
                        .and_then(|v| v.as_str().map(String::from));
                    let label = ["stream", "eventHubName"]
                        .iter()
                        .find_map(|k| p.get(*k).and_then(Value::as_str))
                        .unwrap_or("events")
                        .to_string();
                    Pick::Stream(p, label, hint)
                }
                None => Pick::Stream(json!({}), "events".into(), None),
            },
            SourceShape::Profile => {
                let n = 1 + g.below(3) as usize;
                Pick::Audiences((0..n).map(|_| g.pick(segments)).collect())
            }
            SourceShape::DatasetExport => {
                let n = 1 + g.below(2) as usize;
                Pick::Datasets((0..n).map(|_| g.pick(datasets)).collect())
            }
        }
    }

    /// The short name of what is read, for flow names (`contacts us`, `Account`).
    pub fn object_label(&self) -> String {
        match self {
            Pick::Files(f) => f.first().map(|p| file_label(&p.path)).unwrap_or_default(),
            Pick::Table(t) => t.table_name.clone(),
            Pick::Stream(_, label, _) => label.clone(),
            Pick::Audiences(s) => s.first().map(|s| s.name.clone()).unwrap_or_default(),
            Pick::Datasets(d) => d.first().map(|d| d.name.clone()).unwrap_or_default(),
        }
    }

    /// The dataset the flow writes to (or, for dataset exports, exports first).
    pub fn dataset(&self, datasets: &'a [DatasetRef], g: &mut Gen) -> &'a DatasetRef {
        let hint = match self {
            Pick::Datasets(d) => return d[0],
            Pick::Files(f) => f.first().and_then(|p| p.dataset.as_deref()),
            Pick::Table(t) => t.dataset.as_deref(),
            Pick::Stream(_, _, hint) => hint.as_deref(),
            Pick::Audiences(_) => None,
        };
        let events = matches!(self, Pick::Stream(..));
        let fits: Vec<&DatasetRef> = datasets
            .iter()
            .filter(|d| match hint {
                // Numbered siblings ("Web Events 2") of large sets count too.
                Some(h) => {
                    d.name == h || d.name.strip_prefix(h).is_some_and(|r| r.starts_with(' '))
                }
                None => !events || d.record_type == "experienceevent",
            })
            .collect();
        match fits.len() {
            0 => g.pick(datasets),
            n => fits[g.below(n as u64) as usize],
        }
    }
}

/// `…/crm/contacts/contacts_us.csv` → `contacts us`; folders name themselves.
fn file_label(path: &str) -> String {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    last.split('.')
        .next()
        .unwrap_or(last)
        .replace(['*', '_'], " ")
        .trim()
        .to_string()
}
