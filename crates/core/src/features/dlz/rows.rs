//! The rows and columns of the landing zone's lists: what explore shows, and a folder
//! of the storage itself with sizes, times and each file's time left.

use serde_json::Value;

use crate::shared::fmt::time;
use crate::shared::nav::ListKind;
use crate::shared::table::{Column, Names, Row, Tone, int, s};
use crate::shared::table::{num, tag, text};

const DLZ_COLUMNS: &[Column] = &[
    text("NAME", 16, 60, 0),
    tag("TYPE", 12, 0),
    tag("PREVIEW", 7, 1),
    text("PATH", 16, 100, 2),
];

const BLOB_COLUMNS: &[Column] = &[
    text("NAME", 16, 60, 0),
    tag("TYPE", 12, 1),
    num("SIZE", 0),
    tag("MODIFIED", 16, 2),
    tag("TTL LEFT", 8, 1),
];

/// The columns of a list of this feature; None for other lists.
pub fn columns(kind: ListKind) -> Option<&'static [Column]> {
    Some(match kind {
        ListKind::Dlz => DLZ_COLUMNS,
        ListKind::Blobs => BLOB_COLUMNS,
        _ => return None,
    })
}

/// The row of one object of a list of this feature; None for other lists.
pub fn build(kind: ListKind, v: &Value, names: &Names) -> Option<Row> {
    let id = s(v, "/id").to_string();
    let name = s(v, "/name").to_string();
    let mut nums = Vec::new();
    let mut tones = Vec::new();
    let cells: Vec<String> = match kind {
        ListKind::Dlz => {
            let (folder, name_cell) = dlz_name(v, &name, &mut tones);
            let preview = v.get("canPreview").and_then(Value::as_bool) == Some(true);
            vec![
                name_cell,
                crate::features::dlz::paths::marker(&name, folder),
                if preview { "yes" } else { "" }.into(),
                s(v, "/path").into(),
            ]
        }
        ListKind::Blobs => {
            let (folder, name_cell) = dlz_name(v, &name, &mut tones);
            let size = int(v, "/size");
            let modified = int(v, "/lastModified");
            let deadline = int(v, "/ttlDeadline");
            // A file due within a day is about to go: say so in colour.
            let left = deadline.map(|d| d - names.now_ms);
            if let Some(l) = left {
                tones.push((
                    4,
                    if l < 86_400_000 {
                        Tone::Warn
                    } else {
                        Tone::Dim
                    },
                ));
            }
            nums = vec![None, None, size, modified, deadline];
            vec![
                name_cell,
                crate::features::dlz::paths::marker(&name, folder),
                if folder {
                    String::new()
                } else {
                    size.map(|n| crate::shared::fmt::human_size(n.max(0) as u64))
                        .unwrap_or_default()
                },
                time(modified),
                deadline
                    .map(|d| crate::shared::fmt::countdown(d, names.now_ms))
                    .unwrap_or_default(),
            ]
        }
        _ => return None,
    };
    // Explore items have no id: they are keyed by their path.
    let id = if id.is_empty() {
        s(v, "/path").to_string()
    } else {
        id
    };
    Some(Row::new(id, name, cells, nums, tones))
}

/// A landing-zone entry's name cell (folders end with `/` and stand out) and whether it
/// is a folder.
fn dlz_name(v: &Value, name: &str, tones: &mut Vec<(usize, Tone)>) -> (bool, String) {
    if s(v, "/type") == "folder" {
        tones.push((0, Tone::Running));
        (true, format!("{name}/"))
    } else {
        (false, name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::table::fixture_names;
    use serde_json::json;

    #[test]
    fn dlz_items_are_keyed_by_path() {
        let f = json!({"type": "folder", "name": "exports", "path": "exports"});
        let row = build(ListKind::Dlz, &f, &fixture_names()).unwrap();
        assert_eq!(
            (row.id.as_str(), row.cells[0].as_str()),
            ("exports", "exports/")
        );
    }
}
