//! Files flowscope keeps on the user's machine, in its data directory: the audit journal
//! of every change sent, drafts of edits in progress so a crash loses nothing, and the
//! plans of landing-zone transfers (`transfers/ID.json`) so a cut-off one can resume.

pub mod drafts;
pub mod journal;

use std::path::{Path, PathBuf};

use drafts::Drafts;
use journal::Journal;

/// The journal and the drafts, side by side in one data directory.
#[derive(Clone, Debug)]
pub struct Store {
    pub journal: Journal,
    pub drafts: Drafts,
    /// One plan per unfinished transfer (`flowscope_api::storage::Plans`).
    pub plans: crate::api::storage::Plans,
}

impl Store {
    pub fn at(dir: &Path) -> Store {
        Store {
            journal: Journal::at(dir.join("journal.jsonl")),
            drafts: Drafts::at(dir.join("drafts")),
            plans: crate::api::storage::Plans::at(dir.join("transfers")),
        }
    }

    /// In the data directory ([`data_dir`]).
    pub fn default_location() -> Option<Store> {
        data_dir().map(|d| Store::at(&d))
    }
}

/// `~/.local/share/flowscope` on Linux (the platform's data directory elsewhere);
/// `FLOWSCOPE_DATA_DIR` overrides it, for tests and for people who keep tools elsewhere.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("FLOWSCOPE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "flowscope").map(|d| d.data_dir().to_path_buf())
}

/// Creates `path` for writing, readable by its owner only: drafts and the journal name
/// objects and may hold what the user typed.
pub(crate) fn private_options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}
