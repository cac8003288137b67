//! What every pane that loads from a service holds once ([`Pane`]): the slot its answers
//! come back to, the ticket of its latest request (an older answer is stale and dropped),
//! and how the load went ([`Load`]). The error it shows is the model's [`ErrorInfo`]: the
//! service's code (e.g. FLOW-1404-412) kept apart from the message.

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

/// A loading pane's plumbing, held once: panes embed it and reach its fields through
/// `Deref` (`list.load`, `detail.slot`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pane {
    /// Where its answers come back to.
    pub slot: u64,
    /// Its latest request; answers to older ones are stale.
    pub ticket: u64,
    pub load: Load,
}

impl Pane {
    pub fn new(slot: u64) -> Pane {
        Pane {
            slot,
            ticket: 0,
            load: Load::Idle,
        }
    }

    /// A new request under `ticket`: what is on screen stays, older answers go stale.
    pub fn begin(&mut self, ticket: u64, now_ms: i64) {
        self.ticket = ticket;
        self.load = Load::Loading { since_ms: now_ms };
    }

    /// The answer to `ticket` is the one this pane waits for.
    pub fn accepts(&self, ticket: u64) -> bool {
        self.ticket == ticket
    }

    pub fn loaded(&mut self, now_ms: i64) {
        self.load = Load::Loaded { at_ms: now_ms };
    }

    pub fn fail(&mut self, error: ErrorInfo, now_ms: i64) {
        self.load = Load::Failed {
            error,
            at_ms: now_ms,
        };
    }
}

/// Gives a pane type its [`Pane`]'s fields as its own (`list.load`, `detail.ticket`).
#[macro_export]
macro_rules! pane_deref {
    ($t:ty) => {
        impl std::ops::Deref for $t {
            type Target = $crate::shared::pane::Pane;
            fn deref(&self) -> &Self::Target {
                &self.pane
            }
        }
        impl std::ops::DerefMut for $t {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.pane
            }
        }
    };
}
