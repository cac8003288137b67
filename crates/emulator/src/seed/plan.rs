//! The facts about a seeded flow that its JSON and its runs both derive from: schedule,
//! lifecycle (created, disabled) and the size of the data it moves.

use serde_json::{Value, json};

use super::catalog::{FlowKind, SourceShape};
use super::connections::DAY_MS;
use super::random::Gen;
use crate::clock::EpochMs;

const HOUR_MS: i64 = 3_600_000;
/// Export flows' folder names (aep-api-notes §10: aepp always sends one).
const FOLDER_TEMPLATE: &str = "%DESTINATION_NAME%_%DATASET_ID%_%DATETIME(YYYYMMdd_HHmmss)%";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Freq {
    Once,
    Minute,
    Hour,
    Day,
    Week,
    /// Streaming flows have no schedule; their runs are hourly ingestion windows.
    Streaming,
}

impl Freq {
    fn parse(s: &str) -> Freq {
        match s {
            "once" => Freq::Once,
            "minute" => Freq::Minute,
            "hour" => Freq::Hour,
            "week" => Freq::Week,
            _ => Freq::Day,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Freq::Once => "once",
            Freq::Minute => "minute",
            Freq::Hour => "hour",
            Freq::Day => "day",
            Freq::Week => "week",
            Freq::Streaming => "streaming",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Schedule {
    pub freq: Freq,
    pub interval: i64,
    pub start: EpochMs,
}

impl Schedule {
    /// Time between runs; a `once` flow runs at its start only.
    pub fn period_ms(&self) -> i64 {
        let unit = match self.freq {
            Freq::Once => return 0,
            Freq::Minute => 60_000,
            Freq::Hour | Freq::Streaming => HOUR_MS,
            Freq::Day => DAY_MS,
            Freq::Week => 7 * DAY_MS,
        };
        unit * self.interval.max(1)
    }

    /// Draws one of the kind's schedules; kinds without schedules stream.
    pub fn draw(kind: &FlowKind, g: &mut Gen, created: EpochMs) -> Schedule {
        // Start on a whole second a little after creation, as the UI does.
        let start = (created + g.range(120_000, 2 * HOUR_MS)) / 1000 * 1000;
        if kind.schedules.is_empty() {
            return Schedule {
                freq: Freq::Streaming,
                interval: 1,
                start,
            };
        }
        let weights: Vec<u32> = kind.schedules.iter().map(|s| s.2).collect();
        let (freq, interval, _) = &kind.schedules[g.weighted(&weights)];
        Schedule {
            freq: Freq::parse(freq),
            interval: interval
                .as_deref()
                .and_then(|i| i.parse().ok())
                .unwrap_or(1),
            start,
        }
    }

    /// `scheduleParams` of a `once` flow, which draw nothing; `None` for other schedules.
    pub fn once_params(&self, export: bool) -> Option<Value> {
        let start = (self.start / 1000).to_string();
        match (self.freq, export) {
            (Freq::Once, false) => Some(json!({"startTime": start, "frequency": "once"})),
            (Freq::Once, true) => Some(json!({
                "startTime": start, "frequency": "once", "timeUnit": "day", "interval": "0",
                "exportMode": "DAILY_FULL_EXPORT", "foldernameTemplate": FOLDER_TEMPLATE
            })),
            _ => None,
        }
    }

    /// `scheduleParams`, with numbers as strings (aep-api-notes §4); `None` for streaming.
    pub fn params(&self, export: bool, g: &mut Gen) -> Option<Value> {
        let start = (self.start / 1000).to_string();
        let interval = self.interval.to_string();
        let folder = FOLDER_TEMPLATE;
        Some(match (self.freq, export) {
            (Freq::Streaming, _) => return None,
            (Freq::Once, _) => return self.once_params(export),
            (f, false) => json!({
                "startTime": start, "frequency": f.as_str(), "interval": interval,
                "backfill": if g.chance(0.8) { "true" } else { "false" }
            }),
            (f, true) => json!({
                "startTime": start,
                "endTime": ((self.start + 365 * DAY_MS) / 1000).to_string(),
                "frequency": f.as_str(), "interval": interval, "timeUnit": f.as_str(),
                "exportMode": if g.chance(0.6) { "DAILY_FULL_EXPORT" } else { "FIRST_FULL_THEN_INCREMENTAL" },
                "foldernameTemplate": folder
            }),
        })
    }
}

/// What a typical run of the flow moves, and how often it fails relative to the rest.
#[derive(Clone, Copy, Debug)]
pub(super) struct RunProfile {
    pub records: u64,
    pub bytes_per_record: u64,
    pub files: u64,
    /// Multiplies the base failure rate: most flows are healthy, a few are flaky.
    pub fail_factor: f64,
}

impl RunProfile {
    pub fn draw(shape: SourceShape, g: &mut Gen) -> RunProfile {
        let (lo, hi, files) = match shape {
            SourceShape::Dlz | SourceShape::File => (400, 2_000_000, 1 + g.below(12)),
            SourceShape::Table => (150, 600_000, 1),
            SourceShape::Stream => (1_000, 3_000_000, 1 + g.below(4)),
            SourceShape::Profile => (8_000, 5_000_000, 1),
            SourceShape::DatasetExport => (40_000, 15_000_000, 1),
        };
        let fail_factor = match g.weighted(&[50, 35, 15]) {
            0 => 0.4,
            1 => 1.2,
            _ => 2.5,
        };
        RunProfile {
            records: g.log_range(lo, hi),
            bytes_per_record: g.log_range(120, 1_800),
            files,
            fail_factor,
        }
    }
}

/// A flow as the run generator sees it.
pub(super) struct FlowPlan {
    pub id: String,
    pub flow_spec: String,
    pub source_id: String,
    pub target_id: String,
    pub enabled: bool,
    /// Runs happen until here: `now`, or when the flow was disabled.
    pub active_until: EpochMs,
    pub schedule: Schedule,
    pub profile: RunProfile,
    /// Who triggers runs of a `once` flow (scheduled runs are the system's).
    pub owner: (String, String),
}

impl FlowPlan {
    /// Schedule slots from the start up to `active_until`.
    pub fn natural_runs(&self) -> u64 {
        let span = self.active_until - self.schedule.start;
        if span < 0 {
            return 0;
        }
        match self.schedule.period_ms() {
            0 => 1,
            p => (span / p + 1) as u64,
        }
    }
}

/// Whether the flow is still enabled, and if not, when it was disabled.
pub(super) fn lifecycle(g: &mut Gen, start: EpochMs, now: EpochMs) -> (bool, EpochMs) {
    if g.chance(0.12) && now - start > DAY_MS {
        let off = start + g.range((now - start) / 4, (now - start) * 9 / 10);
        (false, off)
    } else {
        (true, now)
    }
}
