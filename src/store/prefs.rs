//! What the explorer remembers per profile between sessions, in `prefs.json` beside the
//! journal and the drafts: for now whether the sandbox watch is on. The file is
//! `{"profiles": {"work": {"watch": true}}}` (`default` for no profile); fields flowscope
//! does not know are kept as they are. Written to a temporary name and renamed, so a
//! crash mid-write keeps the previous file whole.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The key of a session without a named profile (the demo, `--endpoint`).
pub const NO_PROFILE: &str = "default";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    profiles: BTreeMap<String, ProfilePrefs>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct ProfilePrefs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    watch: Option<bool>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

#[derive(Clone, Debug)]
pub struct Prefs {
    path: PathBuf,
}

fn key(profile: Option<&str>) -> String {
    profile.unwrap_or(NO_PROFILE).to_string()
}

impl Prefs {
    pub fn at(path: impl Into<PathBuf>) -> Prefs {
        Prefs { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> std::io::Result<File> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::other(format!("{} is not readable: {e}", self.path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File::default()),
            Err(e) => Err(e),
        }
    }

    /// Whether the watch was left on for `profile` (off when nothing was kept).
    pub fn watch(&self, profile: Option<&str>) -> std::io::Result<bool> {
        Ok(self
            .read()?
            .profiles
            .get(&key(profile))
            .and_then(|p| p.watch)
            .unwrap_or(false))
    }

    /// Keeps whether the watch is on for `profile`.
    pub fn set_watch(&self, profile: Option<&str>, on: bool) -> std::io::Result<()> {
        let mut file = self.read()?;
        file.profiles.entry(key(profile)).or_default().watch = Some(on);
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let body = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        super::write_whole(&self.path, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watch_is_kept_per_profile_and_other_fields_survive() {
        let dir = tempfile::tempdir().unwrap();
        let p = Prefs::at(dir.path().join("prefs.json"));
        assert!(!p.watch(None).unwrap(), "off when nothing was kept");
        p.set_watch(Some("work"), true).unwrap();
        p.set_watch(None, false).unwrap();
        assert!(p.watch(Some("work")).unwrap());
        assert!(!p.watch(None).unwrap());
        assert!(!p.watch(Some("home")).unwrap());
        // A later flowscope's field is left alone.
        let mut v: Value = serde_json::from_slice(&std::fs::read(p.path()).unwrap()).unwrap();
        v["profiles"]["work"]["theme"] = "light".into();
        v["later"] = 1.into();
        std::fs::write(p.path(), v.to_string()).unwrap();
        p.set_watch(Some("work"), false).unwrap();
        let v: Value = serde_json::from_slice(&std::fs::read(p.path()).unwrap()).unwrap();
        assert_eq!(v["profiles"]["work"]["theme"], "light");
        assert_eq!(v["profiles"]["work"]["watch"], false);
        assert_eq!(v["later"], 1);
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_silent_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prefs.json");
        std::fs::write(&path, "{not json").unwrap();
        let e = Prefs::at(&path).watch(None).unwrap_err();
        assert!(e.to_string().contains("prefs.json"), "{e}");
    }
}
