//! Load status of a pane. The error it shows is the model's [`ErrorInfo`]: the service's
//! code (e.g. FLOW-1404-412) kept apart from the message so the pane and the toast can
//! both show it.

pub use flowscope_model::{ErrorInfo, transient_status};

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
