//! `GET /connectionSpecs/{landing-zone}/explore` over the store: root and folder
//! listings as a bare JSON array, file previews through [`super::preview`].
//!
//! Objects are full blob paths starting with the container name (notes §7); a path
//! without a container is taken to be inside the user drop zone.

use serde_json::{Value, json};

use super::query::{ExploreQuery, ObjectType};
use super::{DlzEntry, DlzKind, DlzStore, preview};
use crate::problem::Problem;

/// Extensions that name archives or media a preview cannot show.
const NOT_PREVIEWABLE: [&str; 10] = [
    "zip", "bz2", "tar", "tgz", "7z", "png", "jpg", "jpeg", "pdf", "xlsx",
];

fn previewable(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !ext.is_some_and(|e| NOT_PREVIEWABLE.contains(&e.as_str()))
}

fn entry_json(e: &DlzEntry) -> Value {
    let can = !e.is_folder && previewable(&e.name);
    json!({
        "type": if e.is_folder { "folder" } else { "file" },
        "name": e.name,
        "path": e.path,
        "canPreview": can,
        "canFetchSchema": can,
    })
}

/// The full blob path an `object` parameter names.
fn resolve(object: &str) -> String {
    let trimmed = object.trim().trim_start_matches('/');
    if DlzKind::of_path(trimmed).is_some() {
        trimmed.to_string()
    } else {
        format!("{}/{trimmed}", DlzKind::UserDropZone.container_name())
    }
}

impl DlzStore {
    /// Answers an explore query: a bare array for listings, a preview object for files.
    pub fn explore(&self, q: &ExploreQuery) -> Result<Value, Problem> {
        let object = q.object.as_deref().map(resolve);
        match (q.object_type, object) {
            (ObjectType::Root, _) => {
                self.listing(&format!("{}/", DlzKind::UserDropZone.container_name()))
            }
            (ObjectType::Folder, Some(path)) => {
                if self.get(&path).is_some() {
                    return Err(preview::bad(format!(
                        "{path} is a file; explore it with objectType=file."
                    )));
                }
                self.listing(&path)
            }
            (ObjectType::File, Some(path)) => match self.get(&path) {
                Some(file) if !path.ends_with('/') => preview::preview(file, q),
                _ if self.is_folder(&path) => Err(preview::bad(format!(
                    "{path} is a folder; explore it with objectType=folder."
                ))),
                _ => Err(Problem::not_found("files", &path)),
            },
            // from_pairs rejects these; a hand-built query gets the same answer.
            (_, None) => Err(Problem::bad_request(
                1453,
                "The query parameter object is required for objectType folder and file.",
            )),
        }
    }

    fn listing(&self, folder: &str) -> Result<Value, Problem> {
        let entries = self
            .list(folder)
            .map_err(|_| Problem::not_found("folders", folder))?;
        Ok(Value::Array(entries.iter().map(entry_json).collect()))
    }
}
