//! What a command can fail with, and the exit code each maps to: 1 for an API or I/O
//! error (the service's code is in the message), 2 for bad usage or configuration, 101
//! (a panic's code) when a background task of the explorer panicked, and a quiet 0 when
//! whoever read standard output stopped reading.

use std::fmt;

use crate::api::ApiError;
use crate::api::aws::{AwsError, AwsErrorKind};
use crate::config::ConfigError;

#[derive(Debug)]
pub enum CliError {
    /// The user asked for something that cannot be done as asked.
    Usage(String),
    Config(ConfigError),
    Api(ApiError),
    /// A change the service refused or that broke off, as a whole sentence: which step,
    /// the service's error with its code, what exists now.
    Remote(String),
    /// Writing output or reading input failed.
    Io(String),
    /// A background task panicked; the explorer ended cleanly, but as a crash.
    Crashed(String),
    /// Standard output was closed by its reader (`flowscope runs list | head -2`): the
    /// reader has what it wanted, so the command stops writing and asking for pages.
    OutputClosed,
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Config(_) => 2,
            CliError::Api(_) | CliError::Remote(_) | CliError::Io(_) => 1,
            CliError::Crashed(_) => 101,
            // Exit 0 without a message, as ripgrep does, rather than 141 (death by
            // SIGPIPE, what GNU tools show): the reader closing the pipe is the pipeline
            // working as meant, and under `set -o pipefail` a 141 would fail every
            // `flowscope … | head` in a script.
            CliError::OutputClosed => 0,
        }
    }

    /// Whether the process should end without printing anything.
    pub fn is_quiet(&self) -> bool {
        matches!(self, CliError::OutputClosed)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Remote(m) | CliError::Io(m) | CliError::Crashed(m) => {
                f.write_str(m)
            }
            CliError::OutputClosed => f.write_str("standard output was closed"),
            CliError::Config(e) => write!(f, "configuration: {e}"),
            CliError::Api(e) => write!(f, "{e}"),
        }
    }
}

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> Self {
        CliError::Api(e)
    }
}

/// A request flowscope would not send, or settings that cannot work, is bad usage (2);
/// anything the service or the network said is an API error (1), its code first.
impl From<AwsError> for CliError {
    fn from(e: AwsError) -> Self {
        match e.kind {
            AwsErrorKind::Invalid | AwsErrorKind::Config => CliError::Usage(e.to_string()),
            _ => CliError::Remote(e.to_string()),
        }
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::Config(e)
    }
}

impl From<std::io::Error> for CliError {
    /// EPIPE only ever comes from writing output here (Rust ignores SIGPIPE, so a closed
    /// pipe is this error rather than a signal); anything else is a real I/O failure.
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::OutputClosed
        } else {
            CliError::Io(e.to_string())
        }
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;
