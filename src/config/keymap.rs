//! The user's keymap file: found next to the settings file and read from disk; the
//! bindings themselves, the shipped defaults and the parsing are the core's
//! ([`crate::app::shared::keymap`]).

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub use crate::app::shared::keymap::{Binding, HelpEntry, KeySpec, Keymap};

/// `keymap.toml` next to the settings file, so `FLOWSCOPE_CONFIG` moves both (see
/// [`super::settings_path`]); e.g. `~/.config/flowscope/keymap.toml`.
pub fn keymap_path(env: &BTreeMap<String, String>) -> Option<PathBuf> {
    super::settings_path(env).and_then(|p| p.parent().map(|dir| dir.join("keymap.toml")))
}

pub fn user_keymap_path() -> Option<PathBuf> {
    keymap_path(&super::env_vars())
}

/// Reads the user file if there is one (a missing file is not worth a warning) and applies
/// it over the defaults.
pub fn load_keymap() -> (Keymap, Vec<String>) {
    load_keymap_from(user_keymap_path().as_deref())
}

pub fn load_keymap_from(path: Option<&Path>) -> (Keymap, Vec<String>) {
    let Some(path) = path else {
        return Keymap::with_user(None);
    };
    match std::fs::read_to_string(path) {
        Ok(src) => Keymap::with_user_from(Some(&src), &path.display().to_string()),
        Err(e) if e.kind() == ErrorKind::NotFound => Keymap::with_user(None),
        Err(e) => (
            Keymap::defaults(),
            vec![format!(
                "cannot read {}: {e}; using the default keys",
                path.display()
            )],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::shared::action::{Action, Context};
    use crate::app::shared::key::{Key, KeyCode, Mods};

    fn ch(c: char) -> Key {
        Key::new(KeyCode::Char(c), Mods::NONE)
    }

    #[test]
    fn user_file_is_read_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let (map, warnings) = load_keymap_from(Some(&dir.path().join("absent.toml")));
        assert_eq!((map, warnings), (Keymap::defaults(), Vec::new()));

        let (_, warnings) = load_keymap_from(Some(dir.path()));
        assert_eq!(
            warnings.len(),
            1,
            "a directory cannot be read: {warnings:?}"
        );
        assert!(warnings[0].starts_with("cannot read"));

        let file = dir.path().join("keymap.toml");
        std::fs::write(&file, "[global]\nQ = \"quit\"\nq = \"nope\"\n").unwrap();
        let (map, warnings) = load_keymap_from(Some(&file));
        assert_eq!(map.action(Context::Global, &ch('Q')), Some(Action::Quit));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with(&file.display().to_string()));
    }

    #[test]
    fn keymap_lives_next_to_the_settings_file() {
        let env = BTreeMap::from([(
            "FLOWSCOPE_CONFIG".to_string(),
            "/etc/fs/settings.toml".to_string(),
        )]);
        assert_eq!(
            keymap_path(&env),
            Some(PathBuf::from("/etc/fs/keymap.toml"))
        );
        if let Some(p) = keymap_path(&BTreeMap::new()) {
            assert!(p.ends_with("keymap.toml"));
        }
    }
}
