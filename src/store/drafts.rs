//! Drafts of edits in progress: the editor saves its text here as the user types, and
//! removes it once the change is sent or abandoned. A crash or a quit leaves the draft,
//! and the next start offers it back. One file per object, written to a temporary name
//! and renamed, so a crash mid-write keeps the previous draft whole.

use std::path::{Path, PathBuf};

pub use crate::model::Draft;

/// A file name that is the same for the same object and safe on every platform.
fn file_name(d: &Draft) -> String {
    let raw = format!(
        "{}_{}_{}_{}",
        d.profile.as_deref().unwrap_or("demo"),
        d.sandbox,
        d.resource,
        d.id
    );
    let safe: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '.'
            }
        })
        .collect();
    format!("{safe}.json")
}

#[derive(Clone, Debug)]
pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    pub fn at(dir: impl Into<PathBuf>) -> Drafts {
        Drafts { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn save(&self, d: &Draft) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let body = serde_json::to_vec_pretty(d).map_err(std::io::Error::other)?;
        super::write_whole(&self.dir.join(file_name(d)), &body)
    }

    /// Forgets the draft of `d`'s object; a draft that is already gone is fine.
    pub fn remove(&self, d: &Draft) -> std::io::Result<()> {
        match std::fs::remove_file(self.dir.join(file_name(d))) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Every readable draft, newest first, and the files that could not be read.
    pub fn list(&self) -> std::io::Result<(Vec<Draft>, Vec<PathBuf>)> {
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()));
            }
            Err(e) => return Err(e),
        };
        let mut drafts = Vec::new();
        let mut bad = Vec::new();
        for entry in rd {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            match std::fs::read(&path)
                .ok()
                .and_then(|b| serde_json::from_slice::<Draft>(&b).ok())
            {
                Some(d) => drafts.push(d),
                None => bad.push(path),
            }
        }
        drafts.sort_by(|a, b| b.saved_ms.cmp(&a.saved_ms).then(a.id.cmp(&b.id)));
        Ok((drafts, bad))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(id: &str, text: &str, at: i64) -> Draft {
        Draft {
            profile: None,
            sandbox: "prod".into(),
            resource: "flows".into(),
            id: id.into(),
            mode: "patch".into(),
            text: text.into(),
            etag: Some("\"e1\"".into()),
            base: None,
            saved_ms: at,
        }
    }

    #[test]
    fn a_draft_survives_until_removed_and_the_newest_text_wins() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::at(dir.path().join("drafts"));
        assert_eq!(drafts.list().unwrap(), (Vec::new(), Vec::new()));
        drafts.save(&draft("f1", "[]", 1)).unwrap();
        drafts.save(&draft("f1", "[{\"op\":\"remove\"", 2)).unwrap();
        drafts.save(&draft("f2", "x", 3)).unwrap();
        let (list, bad) = drafts.list().unwrap();
        assert!(bad.is_empty());
        assert_eq!(list.len(), 2, "one file per object");
        assert_eq!(list[0].id, "f2");
        assert_eq!(list[1].text, "[{\"op\":\"remove\"");
        drafts.remove(&list[1]).unwrap();
        drafts.remove(&list[1]).unwrap();
        assert_eq!(drafts.list().unwrap().0.len(), 1);
    }

    #[test]
    fn odd_ids_make_safe_names_and_unreadable_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::at(dir.path());
        drafts.save(&draft("../../etc/passwd", "t", 1)).unwrap();
        std::fs::write(dir.path().join("broken.json"), b"{").unwrap();
        let (list, bad) = drafts.list().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(bad.len(), 1);
        assert!(
            std::fs::read_dir(dir.path()).unwrap().count() == 2,
            "nothing escaped the dir"
        );
    }
}
