//! Flows rescheduled to run once, so that every sandbox offers several enabled flows the
//! service runs on demand: `POST /runs` takes only flows scheduled once (aep-api-notes
//! §6), and the draw alone may give fewer.
//!
//! It happens after the runs are laid out, as someone edits a flow's schedule in the real
//! service: the flow keeps the runs of its old schedule, its `scheduleParams` say `once`,
//! and its `lastOperation` records the edit. No random number is drawn and no run moves,
//! so every other object stays exactly as drawn.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::flows::Built;
use super::plan::Freq;
use crate::clock::EpochMs;
use crate::run_record::{RunPhase, RunRecord};

/// Enabled flows scheduled once that every sandbox holds at least.
pub const MIN_ONCE_FLOWS: usize = 3;

/// Reschedules enabled periodic flows once, last drawn first (the first flows, one of
/// each kind, change last), skipping flows with a run still going, until the sandbox
/// holds [`MIN_ONCE_FLOWS`] enabled once flows.
pub(super) fn ensure(built: &mut Built, runs: &[RunRecord], now: EpochMs) {
    let already = built
        .plans
        .iter()
        .filter(|p| p.enabled && p.schedule.freq == Freq::Once)
        .count();
    let mut missing = MIN_ONCE_FLOWS.saturating_sub(already);
    if missing == 0 {
        return;
    }
    let going: BTreeSet<&str> = runs
        .iter()
        .filter(|r| r.phase(now) != RunPhase::Done)
        .map(|r| r.flow_id.as_str())
        .collect();
    let mut last_end: BTreeMap<&str, EpochMs> = BTreeMap::new();
    for r in runs {
        let end = last_end.entry(r.flow_id.as_str()).or_default();
        *end = (*end).max(r.completed_at());
    }
    for (p, f) in built.plans.iter_mut().zip(&mut built.flows).rev() {
        if missing == 0 {
            break;
        }
        let periodic = !matches!(p.schedule.freq, Freq::Once | Freq::Streaming);
        if !p.enabled || !periodic || going.contains(p.id.as_str()) {
            continue;
        }
        let export = f.pointer("/scheduleParams/exportMode").is_some();
        p.schedule.freq = Freq::Once;
        // Edited half way between its last run (or change) and now, on a whole second.
        let updated = f.get("updatedAt").and_then(Value::as_i64).unwrap_or(0);
        let last = last_end
            .get(p.id.as_str())
            .copied()
            .unwrap_or(p.schedule.start)
            .max(updated);
        let edited = (last + (now - last).max(0) / 2) / 1000 * 1000;
        if let (Some(obj), Some(params)) = (f.as_object_mut(), p.schedule.once_params(export)) {
            obj.insert("scheduleParams".into(), params);
            obj.insert("updatedAt".into(), json!(edited));
            obj.insert("lastOperation".into(), edit(edited));
        }
        missing -= 1;
    }
}

/// The `lastOperation` of a schedule change (aep-api-notes §4, after an update).
fn edit(at: EpochMs) -> Value {
    json!({"started": at, "updated": at + 1_200, "operation": "update", "percentCompleted": 100.0,
           "status": {"value": "completed", "errors": []},
           "ops": [{"op": "replace", "path": "/scheduleParams/frequency"}]})
}
