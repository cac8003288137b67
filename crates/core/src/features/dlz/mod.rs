//! The Data Landing Zone in the explorer: both zones at a glance, their credentials, file
//! previews (server-side through explore, or range reads straight from storage), the
//! storage browser, transfers, and which flows read a file.
//!
//! The UI task keeps only masked credentials on screen: a `Secret` prints as `***` and is
//! exposed on purpose only (reveal, or an explicit copy). Storage work runs in the
//! executor (`exec`), which reports back with [`DlzMsg`].

pub mod creds;
pub mod keys;
pub mod many;
pub mod paths;
pub mod preview;
pub mod receive;
pub mod reply;
pub mod resume;
pub mod rows;
pub mod transfers;
pub mod zones;

use std::path::PathBuf;

use crate::shared::editor::spec::Audit;
use crate::shared::pane::ErrorInfo;
use flowscope_model::{DlzContainer, DlzCredentials, DlzType};
use preview::PreviewData;
use transfers::Transfers;

/// One landing zone as the overview and the credentials view show it.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneInfo {
    pub zone: DlzType,
    pub container: Result<DlzContainer, ErrorInfo>,
    pub creds: Result<DlzCredentials, ErrorInfo>,
}

/// What a preview reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewTarget {
    /// Flow Service explore (`determineProperties=true`): no storage credentials needed.
    Explore { path: String },
    /// Range reads straight from the container.
    Storage { zone: DlzType, path: String },
}

impl PreviewTarget {
    pub fn path(&self) -> &str {
        match self {
            PreviewTarget::Explore { path } | PreviewTarget::Storage { path, .. } => path,
        }
    }
}

/// A transfer's work, once planned and (if it overwrites anything) confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferJob {
    Download {
        zone: DlzType,
        /// Blob path inside the container.
        path: String,
        dest: PathBuf,
    },
    /// Marked files of one folder, each to its local path, one after the other, each
    /// under its own resumable plan.
    DownloadMany {
        zone: DlzType,
        files: Vec<(String, PathBuf)>,
    },
    /// One or more local files, each to its blob path (a folder upload is many).
    Upload {
        zone: DlzType,
        files: Vec<(PathBuf, String)>,
    },
}

impl TransferJob {
    pub fn zone(&self) -> DlzType {
        match self {
            TransferJob::Download { zone, .. }
            | TransferJob::DownloadMany { zone, .. }
            | TransferJob::Upload { zone, .. } => *zone,
        }
    }

    /// Whether it only reads the landing zone (a download replaces local files only).
    pub fn is_download(&self) -> bool {
        !matches!(self, TransferJob::Upload { .. })
    }
}

/// What a transfer will do, read before it starts: sizes, and what it would overwrite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferPlan {
    pub job: TransferJob,
    pub bytes: u64,
    /// Blobs (upload) or the local file (download) that exist and would be replaced.
    pub existing: Vec<String>,
}

/// A transfer found on disk that did not end: its plan's id, what it moves, how far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub plan: String,
    pub job: TransferJob,
    pub done: u64,
    pub total: u64,
}

/// Asks for the executor's storage side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DlzEffect {
    /// Container and credentials of `zones` (answered by [`DlzMsg::Zones`]).
    Zones {
        slot: u64,
        ticket: u64,
        zones: Vec<DlzType>,
    },
    /// `POST …/credentials?action=refresh`: sent once, journaled.
    Refresh {
        slot: u64,
        zone: DlzType,
        audit: Audit,
    },
    Preview {
        slot: u64,
        ticket: u64,
        target: PreviewTarget,
    },
    /// Delete a blob: sent once, journaled.
    Delete {
        slot: u64,
        zone: DlzType,
        path: String,
        audit: Audit,
    },
    /// Size up a download (does the local file exist?) before asking.
    PlanDownload {
        zone: DlzType,
        path: String,
        dest: PathBuf,
        sandbox: String,
    },
    /// Size up a download of marked files into the folder `dest`: which local files it
    /// would replace. `files` are the blob paths and their sizes as listed.
    PlanDownloadMany {
        zone: DlzType,
        files: Vec<(String, u64)>,
        dest: PathBuf,
        sandbox: String,
    },
    /// Walk a local file or folder and look for blobs it would overwrite.
    PlanUpload {
        zone: DlzType,
        src: PathBuf,
        /// Blob folder to upload into (`""` is the container's root).
        folder: String,
        sandbox: String,
    },
    Transfer {
        id: u64,
        job: TransferJob,
        audit: Audit,
    },
    CancelTransfer {
        id: u64,
    },
    /// List the transfers cut off before (plans on disk): answered by
    /// [`DlzMsg::Interrupted`].
    FindInterrupted,
    /// Go on with transfer `id` from its plan: progress and ending as for a live one.
    Resume {
        id: u64,
        plan: String,
        job: TransferJob,
        audit: Audit,
    },
    /// Give a transfer up: its plan, partial download or S3 parts are dropped.
    Discard {
        id: u64,
        plan: String,
        job: TransferJob,
        audit: Audit,
    },
    /// Forget opened containers (new credentials, another sandbox or profile).
    Forget,
}

/// What comes back from the storage side.
#[derive(Clone, Debug, PartialEq)]
pub enum DlzMsg {
    Zones {
        slot: u64,
        ticket: u64,
        zones: Vec<ZoneInfo>,
    },
    Refreshed {
        slot: u64,
        zone: DlzType,
        /// The sandbox it was asked in: an answer for another is dropped.
        sandbox: String,
        result: Result<Box<DlzCredentials>, ErrorInfo>,
    },
    Preview {
        slot: u64,
        ticket: u64,
        result: Result<Box<PreviewData>, ErrorInfo>,
    },
    Deleted {
        slot: u64,
        path: String,
        result: Result<(), ErrorInfo>,
    },
    Planned {
        /// The sandbox it was planned in: a plan for another is dropped.
        sandbox: String,
        result: Result<Box<TransferPlan>, ErrorInfo>,
    },
    Progress {
        id: u64,
        done: u64,
        total: u64,
        retries: u32,
    },
    Finished {
        id: u64,
        result: Result<u64, ErrorInfo>,
    },
    /// Transfers cut off before, found at start.
    Interrupted { found: Vec<Saved> },
    /// Transfer `id` has a plan on disk: stopped short, it can resume.
    Resumable { id: u64, plan: String },
    Discarded {
        id: u64,
        result: Result<(), ErrorInfo>,
    },
}

/// The landing-zone state that outlives any one pane: the transfers.
#[derive(Debug, Default)]
pub struct Dlz {
    pub transfers: Transfers,
}

/// Whether an error says the storage refused the credentials: the pane then says how to
/// get new ones.
pub fn is_auth_error(e: &ErrorInfo) -> bool {
    e.status == Some(403)
        && matches!(
            e.code.as_deref(),
            Some("AuthenticationFailed" | "CredentialsExpired" | "ExpiredToken")
        )
}
