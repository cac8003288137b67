//! Pure helpers over landing-zone paths and times: a file's type marker, human sizes,
//! the time left before the TTL deletes a file, parents and names. (Which flows read a
//! path is the Flow Service's planning: `flowscope_api::plan`.)

/// A short type marker for a file name, from its extensions (`csv.gz` → `csv·gz`).
pub fn marker(name: &str, is_folder: bool) -> String {
    if is_folder {
        return "dir".into();
    }
    let lower = name.to_ascii_lowercase();
    let (stem, gz) = match lower.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (lower.clone(), false),
    };
    let ext = match stem.rsplit_once('.') {
        Some((_, e)) if !e.is_empty() && e.len() <= 8 => e.to_string(),
        _ => String::new(),
    };
    let base = match ext.as_str() {
        "csv" | "tsv" | "txt" | "psv" => ext,
        "json" | "jsonl" | "ndjson" => ext,
        "parquet" | "pq" => "parquet".into(),
        "" if gz => String::new(),
        "" => "file".into(),
        other => other.to_string(),
    };
    match (base.is_empty(), gz) {
        (true, true) => "gz".into(),
        (false, true) => format!("{base}·gz"),
        _ => base,
    }
}

const DAY_MS: i64 = 86_400_000;

/// When a file modified at `modified_ms` is deleted by a TTL of `ttl_days`.
pub fn ttl_deadline(modified_ms: i64, ttl_days: i64) -> i64 {
    modified_ms.saturating_add(ttl_days.saturating_mul(DAY_MS))
}

/// The parent folder of a blob path (`a/b/c.csv` → `a/b/`, `c.csv` → ``).
pub fn parent(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    }
}

/// The last segment of a path, without a trailing `/`.
pub fn base_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

#[cfg(test)]
mod tests {
    use crate::features::dlz::paths::*;
    use crate::shared::fmt::{countdown, human_size};

    #[test]
    fn markers_name_the_type_and_compression() {
        assert_eq!(marker("a.csv", false), "csv");
        assert_eq!(marker("leads.CSV.gz", false), "csv·gz");
        assert_eq!(marker("x.parquet", false), "parquet");
        assert_eq!(marker("dump.gz", false), "gz");
        assert_eq!(marker("README", false), "file");
        assert_eq!(marker("crm", true), "dir");
    }

    #[test]
    fn sizes_and_countdowns_read_like_a_console() {
        assert_eq!(human_size(640), "640 B");
        assert_eq!(human_size(1_500_000), "1.5 MB");
        assert_eq!(human_size(1_073_741_824), "1.1 GB");
        assert_eq!(countdown(10, 20), "expired");
        assert_eq!(countdown(DAY_MS * 6 + 4 * 3_600_000 + 5, 0), "6d 4h");
        assert_eq!(countdown(3 * 3_600_000 + 12 * 60_000, 0), "3h 12m");
        assert_eq!(countdown(30_000, 0), "1m");
        assert_eq!(ttl_deadline(0, 7), 7 * DAY_MS);
    }

    #[test]
    fn parents_and_names() {
        assert_eq!(parent("a/b/c.csv"), "a/b/");
        assert_eq!(parent("a/b/"), "a/");
        assert_eq!(parent("c.csv"), "");
        assert_eq!(base_name("a/b/"), "b");
        assert_eq!(base_name("a/b/c.csv"), "c.csv");
    }
}
