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
    /// Asking again may succeed: no answer, a throttle, a server error, refused
    /// credentials that can be renewed. A 400 or a missing setting fails the same way
    /// every time, so the pane says what to change instead of offering a retry.
    pub retry: bool,
}

impl ErrorInfo {
    /// A failure of flowscope's own (a local file, a refused request), not worth a retry.
    pub fn local(message: impl Into<String>) -> ErrorInfo {
        ErrorInfo {
            status: None,
            code: None,
            message: message.into(),
            retry: false,
        }
    }
}

/// Statuses that say "not now" rather than "not this": timeouts, conflicts of the
/// moment, throttles, server errors; 401 and 403 when credentials can be renewed.
pub fn transient_status(status: u16) -> bool {
    matches!(status, 401 | 403 | 408 | 423 | 425 | 429) || status >= 500
}

impl From<&ApiError> for ErrorInfo {
    fn from(e: &ApiError) -> Self {
        let retry = match e {
            ApiError::Invalid(_) => false,
            ApiError::Service { status, .. } => transient_status(*status),
            _ => true,
        };
        ErrorInfo {
            status: e.status(),
            code: e.code().map(str::to_string),
            message: e.to_string(),
            retry,
        }
    }
}

impl From<&AwsError> for ErrorInfo {
    fn from(e: &AwsError) -> Self {
        use crate::api::aws::AwsErrorKind as K;
        let retry = match e.kind {
            K::Config | K::Invalid => false,
            K::Service => e.status.is_none_or(transient_status),
            K::Throttled | K::Credentials | K::Timeout | K::Network => true,
        };
        ErrorInfo {
            status: e.status,
            code: e.code.clone(),
            message: e.to_string(),
            retry,
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
