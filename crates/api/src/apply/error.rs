//! Why a step of a plan failed: the service's refusal (with its code, e.g.
//! FLOW-1418-400), a reference that could not be filled in, or an object of the same
//! name that stands in the way.

use crate::ApiError;
use flowscope_model::ErrorInfo;
use flowscope_model::plan::Unresolved;

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The service refused the request, or the connection failed.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// Nothing was sent for the step: one of its references could not be filled in.
    #[error("{0}")]
    Unresolved(Unresolved),
    /// Under [`super::Existing::Refuse`]: the name is taken.
    #[error("a {kind} named '{name}' exists already ({id}); give this one another name")]
    Exists {
        kind: &'static str,
        name: String,
        id: String,
    },
    /// More than one object has the name: which one the plan means cannot be told.
    #[error(
        "{} {kind}s are named '{name}' ({}); rename all but one, or name the one to use with a `use` step",
        ids.len(),
        ids.join(", ")
    )]
    Ambiguous {
        kind: &'static str,
        name: String,
        ids: Vec<String>,
    },
    /// An object of the name exists but is not what the plan describes.
    #[error(
        "a {kind} named '{name}' exists ({id}) with spec {theirs}, not {ours}; give this one another name"
    )]
    Mismatch {
        kind: &'static str,
        name: String,
        id: String,
        theirs: String,
        ours: String,
    },
    /// A `use` step's id names nothing.
    #[error("there is no {kind} {id}: {source}")]
    Unknown {
        kind: &'static str,
        id: String,
        /// Boxed to keep `Result<_, ApplyError>` small.
        source: Box<ApiError>,
    },
}

impl From<Unresolved> for ApplyError {
    fn from(u: Unresolved) -> Self {
        ApplyError::Unresolved(u)
    }
}

impl ApplyError {
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            ApplyError::Api(e) => Some(e),
            ApplyError::Unknown { source, .. } => Some(source),
            _ => None,
        }
    }

    /// The service's own code, e.g. `FLOW-1418-400`.
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(ApiError::code)
    }

    /// Whether the change may have been made although no answer said so: the
    /// connection broke or timed out after the request went out.
    pub fn unsure(&self) -> bool {
        match self.api() {
            Some(ApiError::Timeout { .. } | ApiError::Interrupted { .. }) => true,
            Some(ApiError::Decode { status, .. }) => *status < 300,
            _ => false,
        }
    }

    /// As a screen shows it.
    pub fn info(&self) -> ErrorInfo {
        match self.api() {
            Some(e) => {
                let mut info = ErrorInfo::from(e);
                info.message = self.to_string();
                info
            }
            None => ErrorInfo::local(self.to_string()),
        }
    }
}
