//! Downloads and uploads: what each is moving, how far it got, its speed, retries, and
//! how it ended, and those cut off before (found on disk) that can resume. The list
//! outlives the panes; the transfers pane and the status bar read it.

use crate::features::dlz::TransferJob;
use crate::shared::pane::ErrorInfo;

#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Running,
    Done,
    Failed(ErrorInfo),
    Cancelled,
    /// Cut off by a crash, a kill or a closed terminal last time: found on disk at start.
    Interrupted,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Transfer {
    pub id: u64,
    pub job: TransferJob,
    pub done: u64,
    pub total: u64,
    pub retries: u32,
    pub started_ms: i64,
    pub ended_ms: Option<i64>,
    pub state: State,
    /// The id of its plan on disk while it has one: stopped short, it can resume (`R`).
    pub plan: Option<String>,
}

impl Transfer {
    pub fn verb(&self) -> &'static str {
        match self.job {
            TransferJob::Download { .. } | TransferJob::DownloadMany { .. } => "download",
            TransferJob::Upload { .. } => "upload",
        }
    }

    /// What moves, for one line: `crm/a.csv → ./a.csv`, or `12 files → crm/`.
    pub fn what(&self) -> String {
        match &self.job {
            TransferJob::Download { path, dest, .. } => {
                format!("{path} → {}", dest.display())
            }
            TransferJob::DownloadMany { files, .. } => crate::features::dlz::many::what(files),
            TransferJob::Upload { files, .. } => match files.as_slice() {
                [(src, dest)] => format!("{} → {dest}", src.display()),
                many => {
                    let dest = many
                        .first()
                        .map(|(_, d)| crate::features::dlz::paths::parent(d))
                        .unwrap_or_default();
                    format!(
                        "{} files → {}",
                        many.len(),
                        if dest.is_empty() { "/" } else { &dest }
                    )
                }
            },
        }
    }

    /// Stopped short with its plan kept: `R` goes on from where it stopped.
    pub fn resumable(&self) -> bool {
        self.plan.is_some() && !matches!(self.state, State::Running | State::Done)
    }

    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            return if self.state == State::Done { 1.0 } else { 0.0 };
        }
        (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
    }

    /// Bytes per second so far, on the app's clock.
    pub fn rate(&self, now_ms: i64) -> Option<f64> {
        let end = self.ended_ms.unwrap_or(now_ms);
        let ms = end.saturating_sub(self.started_ms);
        (ms > 0).then(|| self.done as f64 * 1000.0 / ms as f64)
    }
}

#[derive(Debug, Default)]
pub struct Transfers {
    pub list: Vec<Transfer>,
    pub selected: usize,
}

impl Transfers {
    pub fn start(&mut self, id: u64, job: TransferJob, total: u64, now_ms: i64) {
        self.list.push(Transfer {
            id,
            job,
            done: 0,
            total,
            retries: 0,
            started_ms: now_ms,
            ended_ms: None,
            state: State::Running,
            plan: None,
        });
        // The selection stays where the user put it: a cancel must hit what they chose.
        if self.list.len() == 1 {
            self.selected = 0;
        }
    }

    /// A transfer cut off before this session, as its plan says.
    pub fn interrupted(&mut self, id: u64, saved: crate::features::dlz::Saved) {
        if self
            .list
            .iter()
            .any(|t| t.plan.as_deref() == Some(&saved.plan))
        {
            return;
        }
        self.list.push(Transfer {
            id,
            job: saved.job,
            done: saved.done,
            total: saved.total,
            retries: 0,
            started_ms: 0,
            ended_ms: Some(0),
            state: State::Interrupted,
            plan: Some(saved.plan),
        });
    }

    /// Transfers that can resume.
    pub fn resumable(&self) -> usize {
        self.list.iter().filter(|t| t.resumable()).count()
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut Transfer> {
        self.list.iter_mut().find(|t| t.id == id)
    }

    pub fn running(&self) -> usize {
        self.list
            .iter()
            .filter(|t| t.state == State::Running)
            .count()
    }

    pub fn selected(&self) -> Option<&Transfer> {
        self.list.get(self.selected)
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.list.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// One line for the status bar while anything runs (`↓1 ↑2 45%`) or can resume
    /// (`2 resumable`, both when both).
    pub fn summary(&self) -> Option<String> {
        let running: Vec<&Transfer> = self
            .list
            .iter()
            .filter(|t| t.state == State::Running)
            .collect();
        let resumable = match self.resumable() {
            0 => None,
            n => Some(format!("{n} resumable")),
        };
        if running.is_empty() {
            return resumable;
        }
        let down = running.iter().filter(|t| t.verb() == "download").count();
        let up = running.len() - down;
        let (done, total) = running
            .iter()
            .fold((0u64, 0u64), |(d, t), x| (d + x.done, t + x.total));
        let pct = done.saturating_mul(100).checked_div(total).unwrap_or(0);
        Some(match resumable {
            Some(r) => format!("↓{down} ↑{up} {pct}% · {r}"),
            None => format!("↓{down} ↑{up} {pct}%"),
        })
    }
}

/// The pane that lists transfers (`J`).
#[derive(Debug)]
pub struct TransfersView {
    pub slot: u64,
}
