//! `flowscope runs watch`: the sandbox watch for scripts and alerting. Each run that
//! ends failed or partially succeeded since `--since` (default: now), whoever started it,
//! is printed as one JSON line as soon as a poll sees it, and flushed. The polls are the
//! explorer's (`flowscope_api::watch::Poller`): a `property` filter on the start time,
//! backing off while idle or throttled. SIGINT and SIGTERM end it with 0, as do `--max`
//! and `--for`; an error waiting cannot cure (auth, a 4xx) ends it with 1 and the
//! service's code on stderr, and anything else is said on stderr and polled again.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use clap::Args;
use serde_json::{Value, json};

use super::error::{CliError, CliResult};
use super::labels::learn_flow_names;
use crate::api::Client;
use crate::api::watch::{Failure, Poller};

#[derive(Args, Debug, Clone)]
pub struct WatchArgs {
    /// Report runs that started from this time on: RFC 3339
    /// (`2026-11-01T08:00:00Z`), epoch milliseconds, or a time ago (`30m`, `2h`, `1d`).
    /// Default: now.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Seconds between polls while runs come and go; idle polls back off to a minute
    /// (or to this, if longer).
    #[arg(long, value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub interval: u64,
    /// Stop after reporting this many runs.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max: Option<u64>,
    /// Stop after this long (`90s`, `10m`, `2h`).
    #[arg(long = "for", value_name = "DURATION")]
    pub duration: Option<String>,
}

/// `30s`, `10m`, `2h`, `1d` (a bare number is seconds).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: u64 = n
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. 90s, 10m, 2h, 1d)"))?;
    let secs = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "`{text}`: use s, m, h or d (e.g. 90s, 10m, 2h, 1d)"
            ));
        }
    };
    Ok(Duration::from_secs(n.saturating_mul(secs)))
}

/// `--since` as epoch milliseconds, `now_ms` being now.
pub fn parse_since(text: &str, now_ms: i64) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(ms) = t.parse::<i64>() {
        return Ok(ms);
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(at.timestamp_millis());
    }
    let ago = parse_duration(t).map_err(|_| {
        format!("--since `{text}`: give RFC 3339, epoch milliseconds or a time ago (30m, 2h)")
    })?;
    Ok(now_ms - i64::try_from(ago.as_millis()).unwrap_or(i64::MAX / 2))
}

fn rfc3339(ms: Option<i64>) -> Value {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)))
        .unwrap_or(Value::Null)
}

/// One line of output.
pub fn line(f: &Failure, sandbox: &str, flow_name: Option<&str>, now_ms: i64) -> Value {
    json!({
        "time": rfc3339(Some(now_ms)),
        "sandbox": sandbox,
        "flowId": f.flow_id,
        "flowName": flow_name,
        "runId": f.run_id,
        "status": f.status,
        "errorCode": f.error_code,
        "errorMessage": f.error_message,
        "startedAt": rfc3339(f.started_at),
        "completedAt": rfc3339(f.completed_at),
    })
}

/// Waits for `d`, or forever when there is no deadline.
async fn until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

pub async fn run(c: &Client, a: &WatchArgs) -> CliResult {
    let now = chrono::Utc::now().timestamp_millis();
    let since = match &a.since {
        Some(t) => parse_since(t, now).map_err(CliError::Usage)?,
        None => now,
    };
    let deadline = a
        .duration
        .as_deref()
        .map(parse_duration)
        .transpose()
        .map_err(|e| CliError::Usage(format!("--for {e}")))?
        .map(|d| tokio::time::Instant::now() + d);
    let mut signals = crate::tui::signals::Signals::listen()
        .map_err(|e| CliError::Io(format!("cannot listen for signals: {e}")))?;
    let mut poller = Poller::with_interval(since, Duration::from_secs(a.interval));
    let sandbox = c.sandbox_name().to_string();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut told = 0u64;
    loop {
        let report = tokio::select! {
            r = poller.poll(c) => r,
            _ = signals.recv() => return Ok(()),
            () = until(deadline) => return Ok(()),
        };
        if !report.failures.is_empty() {
            let runs: Vec<Value> = report.failures.iter().map(|f| f.run.clone()).collect();
            learn_flow_names(c, &runs, &mut names).await;
        }
        for f in &report.failures {
            // A flow whose name could not be read is known by its id: no name, then.
            let name = names.get(&f.flow_id).filter(|n| **n != f.flow_id);
            let text = line(
                f,
                &sandbox,
                name.map(String::as_str),
                chrono::Utc::now().timestamp_millis(),
            );
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}")?;
            out.flush()?;
            told += 1;
            if a.max.is_some_and(|m| told >= m) {
                return Ok(());
            }
        }
        if let Some(e) = report.error {
            if e.fatal {
                return Err(CliError::Api(e.error));
            }
            let _ = writeln!(
                std::io::stderr(),
                "flowscope: watch: {}; polling again in {}s",
                e.error,
                report.wait.as_secs()
            );
        }
        tokio::select! {
            () = tokio::time::sleep(report.wait) => {}
            _ = signals.recv() => return Ok(()),
            () = until(deadline) => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations_parse_as_scripts_write_them() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5w").is_err());
        let now = 1_793_491_200_000;
        assert_eq!(parse_since("1793491100000", now), Ok(1_793_491_100_000));
        assert_eq!(parse_since("2026-11-01T00:00:00Z", now), Ok(now));
        assert_eq!(parse_since("30m", now), Ok(now - 1_800_000));
        assert!(parse_since("yesterday", now).is_err());
    }
}
