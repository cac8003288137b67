//! What every remote change from the command line goes through: refused under
//! `--read-only`, confirmed on the terminal unless `--yes`, and written to the audit
//! journal (secrets masked) as each answer arrives, so a command killed half way still
//! leaves what it did on record.

use std::io::{BufRead, IsTerminal, Write};

use serde_json::Value;

use super::args::TargetArgs;
use super::error::{CliError, CliResult};
use super::target::Connected;
use crate::api::ApiError;
use crate::store::Store;
use crate::store::journal::Entry;

/// The context of a command that changes remote state: the connection, and the
/// [`Gate`] every change passes.
pub struct Changes<'a> {
    pub conn: &'a Connected,
    pub target: &'a TargetArgs,
    gate: Gate,
}

impl<'a> Changes<'a> {
    pub fn new(conn: &'a Connected, target: &'a TargetArgs) -> Changes<'a> {
        Changes {
            conn,
            target,
            gate: Gate::new(conn.read_only, target.yes, conn.profile.clone()),
        }
    }
}

impl std::ops::Deref for Changes<'_> {
    type Target = Gate;
    fn deref(&self) -> &Gate {
        &self.gate
    }
}

/// What a change passes whatever service it goes to (the Flow Service, AWS): refused
/// under `--read-only`, asked unless `--yes`, journaled.
pub struct Gate {
    read_only: bool,
    yes: bool,
    /// The settings profile in use, for the journal.
    profile: Option<String>,
    store: Option<Store>,
}

impl Gate {
    pub fn new(read_only: bool, yes: bool, profile: Option<String>) -> Gate {
        Gate {
            read_only,
            yes,
            profile,
            store: Store::default_location(),
        }
    }

    /// Refused under `--read-only`, before anything is asked or sent.
    pub fn allowed(&self, what: &str) -> CliResult {
        if self.read_only {
            return Err(CliError::Usage(format!(
                "refused under --read-only: {what}"
            )));
        }
        Ok(())
    }

    /// Refused under `--read-only`; asked on the terminal unless `--yes`.
    pub fn confirm(&self, what: &str) -> CliResult {
        confirm(self.read_only, self.yes, what)
    }

    /// Appends one line to the journal: `what` was sent to `resource`/`id` in `sandbox`
    /// (for AWS, the domain or `appflow`) and ended with `result`. A journal that cannot
    /// be written is said on standard error; the change itself is done and is not undone
    /// for it.
    pub fn journal(&self, sandbox: &str, resource: &str, id: &str, what: Value, result: &str) {
        let entry = Entry {
            time_ms: chrono::Utc::now().timestamp_millis(),
            profile: self.profile.clone(),
            sandbox: sandbox.to_string(),
            resource: resource.to_string(),
            id: id.to_string(),
            patch: what,
            old_etag: None,
            new_etag: None,
            result: result.to_string(),
        };
        // Written at once, not off a worker: a command killed between two requests must
        // have journaled the first.
        let written = match &self.store {
            Some(store) => store
                .journal
                .append(&entry)
                .map_err(|e| format!("{}: {e}", store.journal.path().display())),
            None => Err("no data directory to keep it in".into()),
        };
        if let Err(e) = written {
            eprintln!("flowscope: warning: the change was not journaled: {e}");
        }
    }
}

/// What the journal says of an answer: `ok`, or the error with the service's code.
pub fn outcome<T>(answer: &Result<T, ApiError>) -> String {
    match answer {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

/// Remote changes are refused under --read-only and confirmed unless --yes.
fn confirm(read_only: bool, yes: bool, what: &str) -> CliResult {
    if read_only {
        return Err(CliError::Usage(format!(
            "refused under --read-only: {what}"
        )));
    }
    if yes {
        return Ok(());
    }
    // Ids piped in (`… -o ids | flowscope runs retry -`) leave standard input spent; the
    // question then goes to the terminal itself, as git and ssh ask for passwords.
    let mut terminal = if std::io::stdin().is_terminal() {
        Some(Box::new(std::io::stdin().lock()) as Box<dyn BufRead>)
    } else {
        controlling_terminal()
    };
    let Some(input) = terminal.as_mut() else {
        return Err(CliError::Usage(format!(
            "{what}: confirm with --yes when not on a terminal"
        )));
    };
    eprint!("{what}? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(CliError::Usage("cancelled".into()))
    }
}

/// The terminal the user sits at when standard input is a pipe: only when standard
/// error is a terminal too (someone reads the question), and `/dev/tty` opens.
fn controlling_terminal() -> Option<Box<dyn BufRead>> {
    if !cfg!(unix) || !std::io::stderr().is_terminal() {
        return None;
    }
    let tty = std::fs::File::open("/dev/tty").ok()?;
    Some(Box::new(std::io::BufReader::new(tty)))
}
