//! Editing a text in the user's own editor (`$VISUAL`, then `$EDITOR`, then `vi`): the
//! text goes to a private temporary file, the editor runs on the terminal (the caller
//! suspends the TUI first), and the file is read back and removed.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// The editor command the user chose.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|c| !c.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

pub fn edit(text: &str) -> Result<String, String> {
    edit_with(&editor_command(), text)
}

/// Runs `command` on a temporary copy of `text` and returns what it left there. The
/// command goes through the shell, so `code --wait` or `emacsclient -t` work as typed.
pub fn edit_with(command: &str, text: &str) -> Result<String, String> {
    let path = temp_path();
    write_private(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let result = run(command, &path).and_then(|()| {
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read the edited file: {e}"))
    });
    let _ = std::fs::remove_file(&path);
    result
}

fn run(command: &str, path: &std::path::Path) -> Result<(), String> {
    #[cfg(unix)]
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("flowscope-edit")
        .arg(path)
        .status();
    #[cfg(not(unix))]
    let status = Command::new("cmd")
        .arg("/C")
        .arg(format!("{command} \"{}\"", path.display()))
        .status();
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!(
            "`{command}` exited with {s}; the editor's text is unchanged"
        )),
        Err(e) => Err(format!("cannot run `{command}`: {e}")),
    }
}

/// A new file name per edit, `.json` so editors highlight it.
fn temp_path() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("flowscope-edit-{}-{n}.json", std::process::id()))
}

/// Readable by the owner only: the text may name objects or hold what the user typed.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = crate::store::private_options()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.write_all(b"\n")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Both tests make temporary files with the same prefix: one at a time, so the count
    /// of files left sees only its own.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn the_editor_command_changes_the_text_and_the_file_is_removed() {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let out = edit_with("sed -i 's/Old name/New name/'", r#"{"name": "Old name"}"#).unwrap();
        assert_eq!(out.trim_end(), r#"{"name": "New name"}"#);
        let left = std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("flowscope-edit-{}-", std::process::id()))
            })
            .count();
        assert_eq!(left, 0, "the temporary file is gone");
    }

    #[test]
    fn a_failing_editor_is_an_error_not_an_empty_text() {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let err = edit_with("false", "[]").unwrap_err();
        assert!(err.contains("exited with"), "{err}");
        let err = edit_with("/nonexistent/editor-xyz", "[]").unwrap_err();
        assert!(
            err.contains("exited with") || err.contains("cannot run"),
            "{err}"
        );
    }
}
