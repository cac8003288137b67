//! Load status of a pane and the error it shows: the service's code (e.g. FLOW-1404-412)
//! is kept apart from the message so the pane and the toast can both show it.

use crate::api::ApiError;
use crate::api::aws::AwsError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The HTTP status when the service answered; a 404 marks a deleted object.
    pub status: Option<u16>,
    pub code: Option<String>,
    /// The whole sentence, starting with the code when there is one.
    pub message: String,
}

impl From<&ApiError> for ErrorInfo {
    fn from(e: &ApiError) -> Self {
        ErrorInfo {
            status: e.status(),
            code: e.code().map(str::to_string),
            message: e.to_string(),
        }
    }
}

impl From<&AwsError> for ErrorInfo {
    fn from(e: &AwsError) -> Self {
        ErrorInfo {
            status: e.status,
            code: e.code.clone(),
            message: e.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Load {
    #[default]
    Idle,
    Loading {
        since_ms: i64,
    },
    Loaded {
        at_ms: i64,
    },
    Failed {
        error: ErrorInfo,
        at_ms: i64,
    },
}

impl ErrorInfo {
    pub fn not_found(&self) -> bool {
        self.status == Some(404)
    }
}

impl Load {
    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading { .. })
    }

    pub fn error(&self) -> Option<&ErrorInfo> {
        match self {
            Load::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// When the data was last complete (for auto-refresh).
    pub fn loaded_at(&self) -> Option<i64> {
        match self {
            Load::Loaded { at_ms } | Load::Failed { at_ms, .. } => Some(*at_ms),
            _ => None,
        }
    }
}
