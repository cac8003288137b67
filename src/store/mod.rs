//! Files flowscope keeps on the user's machine, in its data directory: the audit journal
//! of every change sent, drafts of edits in progress so a crash loses nothing, what the
//! explorer remembers per profile (`prefs`: whether the sandbox watch is on), and the
//! plans of landing-zone transfers (`transfers/ID.json`) so a cut-off one can resume.

pub mod drafts;
pub mod journal;
pub mod prefs;

use std::path::{Path, PathBuf};

use drafts::Drafts;
use journal::Journal;
use prefs::Prefs;

/// The journal, the drafts and the per-profile preferences, side by side in one data
/// directory.
#[derive(Clone, Debug)]
pub struct Store {
    pub journal: Journal,
    pub drafts: Drafts,
    pub prefs: Prefs,
    /// One plan per unfinished transfer (`flowscope_api::storage::Plans`).
    pub plans: crate::api::storage::Plans,
}

impl Store {
    pub fn at(dir: &Path) -> Store {
        Store {
            journal: Journal::at(dir.join("journal.jsonl")),
            drafts: Drafts::at(dir.join("drafts")),
            prefs: Prefs::at(dir.join("prefs.json")),
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

/// Writes `body` to `path` whole: to a temporary name first, synced, then renamed, so a
/// crash mid-write leaves the previous file as it was. Owner-only, as every file here.
pub(crate) fn write_whole(path: &Path, body: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("json.tmp");
    let mut f = private_options()
        .create(true)
        .write(true)
        .truncate(true)
        .open(&tmp)?;
    f.write_all(body)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
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
