//! The Runs pane's filters, a status and a time window, sent as `property` filters on
//! `metrics.statusSummary.status` and `metrics.durationSummary.startedAtUTC`, so the
//! service filters every run rather than the pane filtering the pages it has loaded.

use chrono::{NaiveDate, NaiveDateTime};

/// The statuses `v` cycles through, in the order a user looks for them.
pub const STATUSES: [&str; 5] = [
    "failed",
    "success",
    "inProgress",
    "scheduled",
    "partialSuccess",
];

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The preset windows `V` cycles through.
pub const WINDOWS: [i64; 3] = [DAY_MS, 7 * DAY_MS, 30 * DAY_MS];

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Window {
    #[default]
    Any,
    /// Runs started in the last `ms`, counted back from each load.
    Last(i64),
    /// Runs started in `[from, to)`, epoch ms.
    Between { from: i64, to: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RunFilter {
    pub status: Option<String>,
    pub window: Window,
}

impl RunFilter {
    pub fn is_empty(&self) -> bool {
        self.status.is_none() && self.window == Window::Any
    }

    /// The `property` filters for a load at `now_ms`.
    pub fn properties(&self, now_ms: i64) -> Vec<String> {
        const STARTED: &str = "metrics.durationSummary.startedAtUTC";
        let mut out = Vec::new();
        if let Some(s) = &self.status {
            out.push(format!("metrics.statusSummary.status=={s}"));
        }
        match self.window {
            Window::Any => {}
            Window::Last(ms) => out.push(format!("{STARTED}>={}", now_ms.saturating_sub(ms))),
            Window::Between { from, to } => {
                out.push(format!("{STARTED}>={from}"));
                out.push(format!("{STARTED}<{to}"));
            }
        }
        out
    }

    /// The next status of the cycle: all, then each of [`STATUSES`].
    pub fn next_status(&mut self) {
        let at = self
            .status
            .as_deref()
            .and_then(|s| STATUSES.iter().position(|x| *x == s));
        self.status = match at {
            None => Some(STATUSES[0].to_string()),
            Some(i) if i + 1 < STATUSES.len() => Some(STATUSES[i + 1].to_string()),
            Some(_) => None,
        };
    }

    /// The next preset window: any, 24 h, 7 d, 30 d. A custom window goes back to any.
    pub fn next_window(&mut self) {
        self.window = match self.window {
            Window::Any => Window::Last(WINDOWS[0]),
            Window::Last(ms) => match WINDOWS.iter().position(|w| *w == ms) {
                Some(i) if i + 1 < WINDOWS.len() => Window::Last(WINDOWS[i + 1]),
                _ => Window::Any,
            },
            Window::Between { .. } => Window::Any,
        };
    }

    /// What the pane's title says, e.g. `failed · last 7d`.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.status {
            parts.push(s.clone());
        }
        match self.window {
            Window::Any => {}
            Window::Last(ms) => parts.push(format!("last {}", span(ms))),
            Window::Between { from, to } => parts.push(format!(
                "{} → {}",
                crate::shared::fmt::time(Some(from)),
                crate::shared::fmt::time(Some(to))
            )),
        }
        parts.join(" · ")
    }
}

/// `24h`, `7d`, `90m`.
fn span(ms: i64) -> String {
    if ms % DAY_MS == 0 {
        format!("{}d", ms / DAY_MS)
    } else if ms % HOUR_MS == 0 {
        format!("{}h", ms / HOUR_MS)
    } else {
        format!("{}m", ms / 60_000)
    }
}

/// A status as typed after `:status` (any case), or `all`.
pub fn parse_status(s: &str) -> Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("all") {
        return Ok(None);
    }
    STATUSES
        .iter()
        .find(|x| x.eq_ignore_ascii_case(s))
        .map(|x| Some(x.to_string()))
        .ok_or_else(|| format!("unknown status `{s}`: one of all, {}", STATUSES.join(", ")))
}

/// A window as typed after `:window`: `all`, a span back from now (`90m`, `12h`, `3d`),
/// or `FROM..TO` with UTC dates (`2026-11-01`) or times (`2026-11-01T06:00`). A date
/// alone as the end includes that whole day.
pub fn parse_window(s: &str) -> Result<Window, String> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("all") {
        return Ok(Window::Any);
    }
    if let Some((a, b)) = s.split_once("..") {
        let from = instant(a, false)?;
        let to = instant(b, true)?;
        if to <= from {
            return Err(format!("the window `{s}` ends before it starts"));
        }
        return Ok(Window::Between { from, to });
    }
    let (n, unit) = crate::shared::fmt::split_unit(s).ok_or_else(|| window_help(s))?;
    let n: i64 = n
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| window_help(s))?;
    let ms = match unit {
        'm' => 60_000,
        'h' => HOUR_MS,
        'd' => DAY_MS,
        _ => return Err(window_help(s)),
    };
    Ok(Window::Last(n.saturating_mul(ms)))
}

fn window_help(s: &str) -> String {
    format!("cannot read the window `{s}`: use all, 90m, 12h, 7d, or 2026-11-01..2026-11-03 (UTC)")
}

fn instant(s: &str, end: bool) -> Result<i64, String> {
    let s = s.trim();
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(t.and_utc().timestamp_millis());
        }
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| window_help(s))?;
    let d = if end { d.succ_opt().unwrap_or(d) } else { d };
    Ok(d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use crate::shared::list::filter::*;

    const NOW: i64 = 1_793_491_200_000;

    #[test]
    fn filters_become_property_queries() {
        let mut f = RunFilter::default();
        assert!(f.properties(NOW).is_empty());
        f.next_status();
        f.next_window();
        assert_eq!(
            f.properties(NOW),
            [
                "metrics.statusSummary.status==failed".to_string(),
                format!("metrics.durationSummary.startedAtUTC>={}", NOW - DAY_MS),
            ]
        );
        assert_eq!(f.label(), "failed · last 1d");
    }

    #[test]
    fn cycles_come_back_to_all() {
        let mut f = RunFilter::default();
        for _ in 0..=STATUSES.len() {
            f.next_status();
        }
        assert_eq!(f.status, None);
        for _ in 0..=WINDOWS.len() {
            f.next_window();
        }
        assert_eq!(f.window, Window::Any);
    }

    #[test]
    fn typed_windows_parse_or_say_how() {
        assert_eq!(parse_window("12h"), Ok(Window::Last(12 * HOUR_MS)));
        assert_eq!(parse_window("all"), Ok(Window::Any));
        assert_eq!(
            parse_window("2026-11-01..2026-11-01"),
            Ok(Window::Between {
                from: NOW,
                to: NOW + DAY_MS
            })
        );
        assert_eq!(
            parse_window("2026-11-01T06:00..2026-11-01T07:30"),
            Ok(Window::Between {
                from: NOW + 6 * HOUR_MS,
                to: NOW + 7 * HOUR_MS + 30 * 60_000
            })
        );
        assert!(parse_window("yesterday").unwrap_err().contains("12h"));
        assert!(parse_window("2026-11-03..2026-11-01").is_err());
        assert!(parse_window("0d").is_err());
        assert!(parse_window("3é").is_err(), "no panic inside a character");
    }

    #[test]
    fn statuses_parse_in_any_case() {
        assert_eq!(parse_status("FAILED"), Ok(Some("failed".into())));
        assert_eq!(parse_status("all"), Ok(None));
        assert!(parse_status("broken").is_err());
    }
}
