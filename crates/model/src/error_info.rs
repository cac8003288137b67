//! An error as the explorer shows it: the HTTP status, the service's own code (e.g.
//! FLOW-1404-412) apart from the sentence, and whether asking again can help. The
//! clients turn their errors into it; the panes and toasts only read it.

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

    pub fn not_found(&self) -> bool {
        self.status == Some(404)
    }
}

/// Statuses that say "not now" rather than "not this": timeouts, conflicts of the
/// moment, throttles, server errors; 401 and 403 when credentials can be renewed.
pub fn transient_status(status: u16) -> bool {
    matches!(status, 401 | 403 | 408 | 423 | 425 | 429) || status >= 500
}
