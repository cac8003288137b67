//! How the explorer writes values for people: times and durations, sizes and counts,
//! schedules, short ids and plurals. Pure functions, shared by every feature.

use serde_json::Value;

/// `2026-11-01 12:34` (UTC) from epoch milliseconds.
pub fn time(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// `14:03:27` (UTC): a moment of this session, to the second.
pub fn clock(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%H:%M:%S").to_string())
        .unwrap_or_default()
}

/// `5m ago`, `3h ago`, `2d ago`: how long before `now_ms` a moment was.
pub fn ago(ms: i64, now_ms: i64) -> String {
    let secs = (now_ms - ms).max(0) / 1000;
    match secs {
        s if s >= 2 * 86_400 => format!("{}d ago", s / 86_400),
        s if s >= 3600 => format!("{}h ago", s / 3600),
        s if s >= 60 => format!("{}m ago", s / 60),
        _ => "just now".to_string(),
    }
}

/// `1h02m`, `3m20s`, `45s`.
pub fn duration(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    match secs {
        s if s >= 3600 => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{}m{:02}s", s / 60, s % 60),
        s => format!("{s}s"),
    }
}

/// `every 15 minutes`, `every 1 hour`, `once`, or empty for a flow without a schedule
/// (streaming). The interval comes as a number or a string.
pub fn schedule(v: &Value) -> String {
    let Some(sp) = v.get("scheduleParams") else {
        return String::new();
    };
    let freq = sp.get("frequency").and_then(Value::as_str).unwrap_or("");
    let interval = match sp.get("interval") {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    match freq {
        "" => String::new(),
        "once" => "once".into(),
        f if interval.is_empty() => f.to_string(),
        f if interval == "1" => format!("every 1 {f}"),
        f => format!("every {interval} {f}s"),
    }
}

/// The first block of a UUID is enough to tell objects apart on screen.
pub fn short_id(id: &str) -> String {
    match id.split_once('-') {
        Some((head, _)) if head.len() >= 8 => format!("{head}…"),
        _ => id.to_string(),
    }
}

/// `1.5 MB`, in powers of 1000 as storage consoles show them.
pub fn bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut x = n.max(0) as f64;
    let mut u = 0;
    while x >= 1000.0 && u < UNITS.len() - 1 {
        x /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{x:.1} {}", UNITS[u])
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// `1.5 MB`, `640 B`: decimal units, as storage consoles show them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else if v < 10.0 {
        format!("{v:.1} {}", UNITS[u])
    } else {
        format!("{v:.0} {}", UNITS[u])
    }
}

/// `6d 4h`, `3h 12m`, `45m`, `expired`: a countdown to `until_ms` from `now_ms`.
pub fn countdown(until_ms: i64, now_ms: i64) -> String {
    let left = until_ms.saturating_sub(now_ms);
    if left <= 0 {
        return "expired".into();
    }
    let mins = left / 60_000;
    let (d, h, m) = (mins / 1440, (mins / 60) % 24, mins % 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else {
        format!("{}m", m.max(1))
    }
}

/// `12h` → (`12`, `h`): the number and its one-letter unit.
pub fn split_unit(s: &str) -> Option<(&str, char)> {
    let unit = s.chars().last()?;
    Some((&s[..s.len() - unit.len_utf8()], unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_like_a_console() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_000), "1.0 kB");
        assert_eq!(bytes(64_000_000), "64.0 MB");
    }
}
