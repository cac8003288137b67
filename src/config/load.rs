//! The impure edge of configuration: finds and reads the files, snapshots `FLOWSCOPE_*`
//! variables, then hands everything to the pure [`resolve`](super::resolve::resolve).

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::error::ConfigError;
use super::resolve::{ConfigFile, Flags, Inputs, Resolved, resolve};
use super::settings::Settings;

/// Where the settings file is: `FLOWSCOPE_CONFIG`, else `config.toml` in the platform's
/// config directory for flowscope (e.g. `~/.config/flowscope/config.toml`).
pub fn settings_path(env: &BTreeMap<String, String>) -> Option<PathBuf> {
    if let Some(p) = env.get("FLOWSCOPE_CONFIG").filter(|p| !p.trim().is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "flowscope").map(|d| d.config_dir().join("config.toml"))
}

/// The `FLOWSCOPE_*` variables of this process.
pub fn env_vars() -> BTreeMap<String, String> {
    std::env::vars()
        .filter(|(k, _)| k.starts_with("FLOWSCOPE_"))
        .collect()
}

/// Reads a file; `Ok(None)` when it does not exist and `required` is false.
pub fn read_config_file(path: &Path, required: bool) -> Result<Option<ConfigFile>, ConfigError> {
    let read_error = |e: std::io::Error| ConfigError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let contents = match std::fs::read_to_string(path) {
        Ok(c) => c,
        Err(e) if e.kind() == ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => return Err(read_error(e)),
    };
    let mode = file_mode(path);
    Ok(Some(ConfigFile {
        path: path.to_path_buf(),
        contents,
        mode,
    }))
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

/// Resolves against the real environment and files.
pub fn load(flags: &Flags) -> Result<Resolved, ConfigError> {
    load_with(flags, &env_vars())
}

/// As [`load`], with the environment given (files are still read from disk). An explicit
/// `FLOWSCOPE_CONFIG` or `--aepp-config` must exist; the default settings file may not.
pub fn load_with(flags: &Flags, env: &BTreeMap<String, String>) -> Result<Resolved, ConfigError> {
    let aepp = match &flags.aepp_config {
        Some(p) => read_config_file(p, true)?,
        None => None,
    };
    let settings = match (&aepp, settings_path(env)) {
        // The aepp file replaces the profile, so the settings file is not needed.
        (Some(_), _) | (None, None) => None,
        (None, Some(p)) => read_config_file(&p, env.contains_key("FLOWSCOPE_CONFIG"))?,
    };
    resolve(&Inputs {
        settings: settings.as_ref(),
        aepp: aepp.as_ref(),
        env,
        flags,
    })
}

/// The profile names in the settings file, for `:profile` completion. A missing or bad
/// file gives none (the start-up load already reported it).
pub fn profile_names() -> Vec<String> {
    let env = env_vars();
    let Some(path) = settings_path(&env) else {
        return Vec::new();
    };
    match read_config_file(&path, false) {
        Ok(Some(file)) => Settings::parse(&file.path, &file.contents)
            .map(|s| s.profiles.into_keys().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}
