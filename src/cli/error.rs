//! What a command can fail with, and the exit code each maps to: 1 for an API or I/O
//! error (the service's code is in the message), 2 for bad usage or configuration, 101
//! (a panic's code) when a background task of the explorer panicked.

use std::fmt;

use crate::api::ApiError;
use crate::config::ConfigError;

#[derive(Debug)]
pub enum CliError {
    /// The user asked for something that cannot be done as asked.
    Usage(String),
    Config(ConfigError),
    Api(ApiError),
    /// Writing output or reading input failed.
    Io(String),
    /// A background task panicked; the explorer ended cleanly, but as a crash.
    Crashed(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Config(_) => 2,
            CliError::Api(_) | CliError::Io(_) => 1,
            CliError::Crashed(_) => 101,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Io(m) | CliError::Crashed(m) => f.write_str(m),
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

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::Config(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Io(e.to_string())
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;
