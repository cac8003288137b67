//! Logs to a file (`<state dir>/flowscope/flowscope.log`, or `FLOWSCOPE_LOG_FILE`), never
//! to the terminal the explorer draws on. `FLOWSCOPE_LOG` sets the filter (default info).
//! Secrets never reach the log: models print them masked (`Secret`), and libraries that
//! print credentials when verbose are held at info.

use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;

pub fn log_path() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("FLOWSCOPE_LOG_FILE") {
        return Some(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("", "", "flowscope")?;
    let dir = dirs
        .state_dir()
        .map(PathBuf::from)
        .unwrap_or_else(|| dirs.cache_dir().to_path_buf());
    Some(dir.join("flowscope.log"))
}

/// Libraries that print credentials below `info`: the AWS SDK dumps the resolved identity
/// (the access key id) at debug and signing details at trace. They stay at `info` even
/// when `FLOWSCOPE_LOG=trace` asks for everything, so a debug log is safe to share.
const CAPPED: &[&str] = &[
    "aws_smithy_runtime=info",
    "aws_smithy_runtime_api=info",
    "aws_sigv4=info",
    "aws_runtime=info",
    "aws_config=info",
    "aws_smithy_http_client=info",
    "hyper=info",
    "hyper_util=info",
    "reqwest=info",
    "h2=info",
    "rustls=info",
];

/// The log filter for a `FLOWSCOPE_LOG` value (default `info`; an unreadable value is
/// `info` too), with [`CAPPED`] libraries held at `info`.
pub fn filter(wanted: Option<&str>) -> tracing_subscriber::EnvFilter {
    let mut f = wanted
        .and_then(|w| tracing_subscriber::EnvFilter::try_new(w).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new("info"));
    for cap in CAPPED {
        if let Ok(d) = cap.parse() {
            f = f.add_directive(d);
        }
    }
    f
}

/// Starts file logging; the guard flushes on drop. Without a writable place, no logs.
pub fn init() -> Option<WorkerGuard> {
    let path = log_path()?;
    let dir = path.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter(std::env::var("FLOWSCOPE_LOG").ok().as_deref()))
        .try_init()
        .ok()?;
    Some(guard)
}
