//! The executor's local files: drafts are written by one thread, in the order they were
//! asked for (a newer draft never loses to an older one), and the journal and drafts are
//! read for their lists. Nothing here runs on the UI task.

use std::sync::mpsc;
use std::thread::JoinHandle;

use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use crate::app::effect::Msg;
use crate::store::Store;
use crate::store::drafts::Draft;

enum Job {
    Save(Draft),
    Remove(Draft),
    List,
}

/// The drafts writer: a thread fed by a channel. Dropping the writer lets the thread
/// finish what it was given, and [`DraftWriter::finish`] waits for that.
pub struct DraftWriter {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl DraftWriter {
    pub fn start(store: Option<Store>, tx: UnboundedSender<Msg>) -> DraftWriter {
        let (jobs, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("flowscope-drafts".into())
            .spawn(move || {
                for job in rx {
                    let msg = run(store.as_ref(), job);
                    if let Some(m) = msg {
                        let _ = tx.send(m);
                    }
                }
            })
            .map_err(|e| tracing::warn!(error = %e, "no drafts thread: drafts are off"))
            .ok();
        DraftWriter {
            jobs: thread.as_ref().map(|_| jobs),
            thread,
        }
    }

    pub fn save(&self, d: Draft) {
        self.send(Job::Save(d));
    }

    pub fn remove(&self, d: Draft) {
        self.send(Job::Remove(d));
    }

    pub fn list(&self) {
        self.send(Job::List);
    }

    fn send(&self, job: Job) {
        if let Some(j) = &self.jobs {
            let _ = j.send(job);
        }
    }

    /// Waits for every queued draft to be on disk (on quit).
    pub fn finish(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for DraftWriter {
    fn drop(&mut self) {
        self.finish();
    }
}

fn run(store: Option<&Store>, job: Job) -> Option<Msg> {
    let Some(store) = store else {
        return match job {
            Job::Save(_) => Some(Msg::DraftSaved(Err(
                "no data directory to keep drafts in".into()
            ))),
            Job::List => Some(Msg::Drafts(Ok(Vec::new()))),
            Job::Remove(_) => None,
        };
    };
    match job {
        Job::Save(d) => {
            Some(Msg::DraftSaved(store.drafts.save(&d).map_err(|e| {
                format!("{}: {e}", store.drafts.dir().display())
            })))
        }
        Job::Remove(d) => {
            if let Err(e) = store.drafts.remove(&d) {
                tracing::warn!(error = %e, "a sent draft could not be removed");
            }
            None
        }
        Job::List => Some(Msg::Drafts(drafts(store))),
    }
}

/// Every readable draft as JSON, newest first.
pub fn drafts(store: &Store) -> Result<Vec<Value>, String> {
    let (list, bad) = store.drafts.list().map_err(|e| e.to_string())?;
    for path in bad {
        tracing::warn!(path = %path.display(), "unreadable draft skipped");
    }
    Ok(list
        .iter()
        .filter_map(|d| serde_json::to_value(d).ok())
        .collect())
}

/// The journal as JSON, newest first.
pub fn journal(store: &Store) -> Result<Vec<Value>, String> {
    let (entries, bad) = store.journal.read().map_err(|e| e.to_string())?;
    if !bad.is_empty() {
        tracing::warn!(lines = ?bad, "unreadable journal lines skipped");
    }
    Ok(entries
        .iter()
        .rev()
        .filter_map(|e| serde_json::to_value(e).ok())
        .collect())
}
