//! A flow's run history as numbers: per run its outcome, records and duration, oldest
//! first; over all of them the success rate and the mean and p95 duration. Pure, so the
//! chart and the sparkline are tested with fixtures.

use serde_json::Value;

use crate::shared::table::{int, s};

/// How a run ended, or that it has not yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Partial,
    Failed,
    Running,
}

impl Outcome {
    pub fn of(status: &str) -> Outcome {
        match status {
            "success" => Outcome::Success,
            "partialSuccess" => Outcome::Partial,
            "failed" | "cancelled" => Outcome::Failed,
            _ => Outcome::Running,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub id: String,
    pub outcome: Outcome,
    pub started: Option<i64>,
    pub duration_ms: Option<i64>,
    pub records_in: u64,
    pub records_failed: u64,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct History {
    /// Oldest first, as a chart reads left to right.
    pub points: Vec<Point>,
    pub success: usize,
    pub partial: usize,
    pub failed: usize,
    pub running: usize,
    pub mean_ms: Option<i64>,
    pub p95_ms: Option<i64>,
}

impl History {
    /// Finished runs that succeeded (partial successes included), 0..=100; `None`
    /// before any run has finished.
    pub fn success_rate(&self) -> Option<u32> {
        let done = self.success + self.partial + self.failed;
        (done > 0).then(|| ((self.success + self.partial) * 100 / done) as u32)
    }

    pub fn max_records(&self) -> u64 {
        self.points.iter().map(|p| p.records_in).max().unwrap_or(0)
    }
}

pub fn point(v: &Value) -> Point {
    let started = int(v, "/metrics/durationSummary/startedAtUTC");
    let done = int(v, "/metrics/durationSummary/completedAtUTC");
    let count = |p: &str| int(v, p).unwrap_or(0).max(0) as u64;
    Point {
        id: s(v, "/id").to_string(),
        outcome: Outcome::of(s(v, "/metrics/statusSummary/status")),
        started,
        duration_ms: match (started, done) {
            (Some(a), Some(b)) if b >= a => Some(b - a),
            _ => None,
        },
        records_in: count("/metrics/recordSummary/inputRecordCount"),
        records_failed: count("/metrics/recordSummary/failedRecordCount"),
    }
}

/// The history of `runs` in any order; they are put oldest first by start time.
pub fn history(runs: &[Value]) -> History {
    let mut points: Vec<Point> = runs.iter().map(point).collect();
    points.sort_by_key(|p| p.started.unwrap_or(i64::MAX));
    let mut h = History::default();
    for p in &points {
        match p.outcome {
            Outcome::Success => h.success += 1,
            Outcome::Partial => h.partial += 1,
            Outcome::Failed => h.failed += 1,
            Outcome::Running => h.running += 1,
        }
    }
    let mut took: Vec<i64> = points.iter().filter_map(|p| p.duration_ms).collect();
    if !took.is_empty() {
        took.sort_unstable();
        h.mean_ms = Some(took.iter().sum::<i64>() / took.len() as i64);
        // Nearest rank: the smallest duration that 95 % of runs do not exceed.
        let rank = (took.len() * 95).div_ceil(100).max(1);
        h.p95_ms = took.get(rank - 1).copied();
    }
    h.points = points;
    h
}

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A failed run in a sparkline.
pub const FAILED_GLYPH: char = '✕';
/// A partly failed run.
pub const PARTIAL_GLYPH: char = '◆';
/// A run not finished yet.
pub const RUNNING_GLYPH: char = '•';

/// One glyph per run, oldest first: a successful run is a bar as tall as its duration
/// is long next to the others, so a slow run stands out; failures, partial successes
/// and runs still going have their own marks, readable without colour.
pub fn sparkline(h: &History) -> String {
    let longest = h
        .points
        .iter()
        .filter_map(|p| p.duration_ms)
        .max()
        .unwrap_or(0)
        .max(1);
    h.points
        .iter()
        .map(|p| match p.outcome {
            Outcome::Failed => FAILED_GLYPH,
            Outcome::Partial => PARTIAL_GLYPH,
            Outcome::Running => RUNNING_GLYPH,
            Outcome::Success => {
                let d = p.duration_ms.unwrap_or(0);
                let i = (d * (BLOCKS.len() as i64 - 1) + longest / 2) / longest;
                BLOCKS[i.clamp(0, BLOCKS.len() as i64 - 1) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::features::runs::history::*;
    use serde_json::json;

    fn run(id: &str, status: &str, start: i64, took: Option<i64>, input: i64) -> Value {
        let mut d = json!({"startedAtUTC": start});
        if let Some(t) = took {
            d["completedAtUTC"] = json!(start + t);
        }
        json!({"id": id, "metrics": {"durationSummary": d,
            "statusSummary": {"status": status},
            "recordSummary": {"inputRecordCount": input, "failedRecordCount": 0}}})
    }

    #[test]
    fn rate_mean_and_p95() {
        let runs: Vec<Value> = (0..20)
            .map(|i| {
                let status = if i % 5 == 0 { "failed" } else { "success" };
                run(
                    &format!("r{i}"),
                    status,
                    1000 * (20 - i),
                    Some(1000 * (i + 1)),
                    10,
                )
            })
            .chain([run("now", "inProgress", 50_000, None, 3)])
            .collect();
        let h = history(&runs);
        assert_eq!((h.success, h.failed, h.running), (16, 4, 1));
        assert_eq!(h.success_rate(), Some(80));
        assert_eq!(h.mean_ms, Some(10_500));
        assert_eq!(h.p95_ms, Some(19_000), "the 19th of 20 sorted durations");
        assert_eq!(h.points.first().map(|p| p.id.as_str()), Some("r19"));
        assert_eq!(h.points.last().map(|p| p.id.as_str()), Some("now"));
    }

    #[test]
    fn no_runs_no_numbers() {
        let h = history(&[]);
        assert_eq!((h.success_rate(), h.mean_ms, h.p95_ms), (None, None, None));
        assert_eq!(sparkline(&h), "");
    }

    #[test]
    fn sparkline_marks_outcomes_and_scales_durations() {
        let runs = [
            run("a", "success", 1, Some(1000), 1),
            run("b", "failed", 2, Some(500), 1),
            run("c", "success", 3, Some(8000), 1),
            run("d", "partialSuccess", 4, Some(100), 1),
            run("e", "inProgress", 5, None, 1),
        ];
        assert_eq!(sparkline(&history(&runs)), "▂✕█◆•");
    }
}
