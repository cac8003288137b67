//! What can go wrong reading configuration (errors), and what is merely worth saying
//! (warnings, returned to the caller for the status bar, never printed here).

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file that is not valid TOML/JSON or has a bad value; line and column are 1-based.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("profile `{name}` not found{}", known_profiles(available))]
    UnknownProfile {
        name: String,
        available: Vec<String>,
    },
    #[error("{origin}: missing {}", missing.join(", "))]
    Incomplete {
        origin: String,
        missing: Vec<&'static str>,
    },
    #[error("{0}")]
    Invalid(String),
}

fn known_profiles(available: &[String]) -> String {
    if available.is_empty() {
        " (no profiles are configured)".to_string()
    } else {
        format!(" (known: {})", available.join(", "))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigWarning {
    /// A file holding a secret that group or others may read.
    LoosePermissions { path: PathBuf, mode: u32 },
    /// No scopes were given (e.g. an aepp JWT-era file); the AEP default set is used.
    DefaultScopes { origin: String },
    /// A setting that was read but has no effect.
    Ignored { origin: String, what: String },
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigWarning::LoosePermissions { path, mode } => write!(
                f,
                "{} holds a client secret and is readable by others (mode {:o}); run `chmod 600 {}`",
                path.display(),
                mode & 0o777,
                path.display()
            ),
            ConfigWarning::DefaultScopes { origin } => write!(
                f,
                "{origin} gives no scopes; using the AEP defaults ({})",
                crate::api::endpoint::DEFAULT_SCOPES
            ),
            ConfigWarning::Ignored { origin, what } => write!(f, "{origin}: {what} is ignored"),
        }
    }
}

/// Converts a byte offset into 1-based (line, column).
pub(crate) fn line_col(contents: &str, offset: usize) -> (usize, usize) {
    let upto = contents
        .get(..offset.min(contents.len()))
        .unwrap_or(contents);
    let line = upto.matches('\n').count() + 1;
    let column = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Converts serde_json's 1-based line and byte column into a 1-based (line, column) in
/// characters, as [`line_col`] gives for TOML: serde_json counts bytes, so a line with
/// `é` or `→` before the error would point past it.
pub(crate) fn json_line_col(contents: &str, line: usize, byte_column: usize) -> (usize, usize) {
    let start: usize = contents
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_len = contents
        .get(start..)
        .map_or(0, |rest| rest.find('\n').unwrap_or(rest.len()));
    let mut offset = start + byte_column.saturating_sub(1).min(line_len);
    while !contents.is_char_boundary(offset) {
        offset -= 1;
    }
    line_col(contents, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let s = "a = 1\nbb = 2\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 6), (2, 1));
        assert_eq!(line_col(s, 9), (2, 4));
        assert_eq!(line_col(s, 999), (3, 1));
    }

    #[test]
    fn json_byte_columns_become_character_columns() {
        // `x` below is at line 2, byte column 9, character column 6.
        let s = "{\n\"é→\" x\n}";
        assert_eq!(json_line_col(s, 2, 9), (2, 6));
        assert_eq!(json_line_col(s, 1, 1), (1, 1));
        assert_eq!(json_line_col(s, 9, 9), (3, 2));
        assert_eq!(json_line_col("", 1, 0), (1, 1));
    }

    #[test]
    fn permission_warning_names_the_file_and_the_fix() {
        let w = ConfigWarning::LoosePermissions {
            path: "/home/u/.config/flowscope/config.toml".into(),
            mode: 0o100644,
        };
        assert_eq!(
            w.to_string(),
            "/home/u/.config/flowscope/config.toml holds a client secret and is readable by others (mode 644); run `chmod 600 /home/u/.config/flowscope/config.toml`"
        );
    }
}
