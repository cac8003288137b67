//! Logs to a file (`<state dir>/flowscope/flowscope.log`, or `FLOWSCOPE_LOG_FILE`), never
//! to the terminal the explorer draws on. `FLOWSCOPE_LOG` sets the filter (default info).
//! Secrets never reach the log: models print them masked (`Secret`).

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
    let filter = tracing_subscriber::EnvFilter::try_from_env("FLOWSCOPE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}
