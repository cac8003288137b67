//! Runs over the last 30 days, laid out on each flow's schedule.
//!
//! The run budget is shared out by "water filling": a flow never gets more runs than
//! its schedule has slots (a daily flow keeps its 30), and the rest of the budget goes
//! to the frequent flows in equal shares, spread evenly over their history. Outcomes
//! follow a base failure rate scaled per flow, so a few flows are visibly flaky.

use super::catalog::{Catalog, ErrorTemplate, Stage};
use super::plan::FlowPlan;
use super::random::Gen;
use crate::clock::EpochMs;
use crate::run_record::{RunError, RunOutcome, RunRecord};

/// Share of runs that fail on an average flow (before the per-flow factor).
const BASE_FAILURE_RATE: f64 = 0.12;
const PARTIAL_RATE: f64 = 0.06;
/// Data-lake batches are written in files of at most this size.
const OUTPUT_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Runs per flow: `natural[i]` caps flow `i` unless the budget exceeds every cap.
pub(super) fn allocate(total: u64, natural: &[u64]) -> Vec<u64> {
    let flows = natural.len() as u64;
    if flows == 0 {
        return Vec::new();
    }
    let sum: u64 = natural.iter().sum();
    if total >= sum {
        // More runs than slots: the surplus becomes re-runs, spread evenly.
        let extra = total - sum;
        return natural
            .iter()
            .enumerate()
            .map(|(i, n)| n + extra / flows + u64::from((i as u64) < extra % flows))
            .collect();
    }
    let filled = |level: u64| natural.iter().map(|n| (*n).min(level)).sum::<u64>();
    let (mut lo, mut hi) = (0, natural.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if filled(mid) <= total {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut out: Vec<u64> = natural.iter().map(|n| (*n).min(lo)).collect();
    let mut rest = total - filled(lo);
    for (k, n) in out.iter_mut().zip(natural) {
        if rest == 0 {
            break;
        }
        if *n > lo {
            *k += 1;
            rest -= 1;
        }
    }
    out
}

/// Start times of `k` runs of a flow, oldest first.
fn slots(p: &FlowPlan, k: u64) -> Vec<EpochMs> {
    let n = p.natural_runs();
    let period = p.schedule.period_ms();
    let start = p.schedule.start;
    if k <= n {
        // Every (n/k)-th slot, counted back from the latest, so the newest runs are on
        // schedule and the history is thinned evenly.
        let mut t: Vec<EpochMs> = (0..k)
            .map(|i| start + (n - 1 - i * n / k) as i64 * period)
            .collect();
        t.reverse();
        return t;
    }
    let span = (p.active_until - start).max(0);
    (0..k)
        .map(|i| start + (span * i as i64) / k as i64 + i as i64 * 1000 % 60_000)
        .collect()
}

pub(super) struct RunInputs<'a> {
    pub cat: &'a Catalog,
    pub plans: &'a [FlowPlan],
    pub total: usize,
    pub now: EpochMs,
}

pub(super) fn build(inp: &RunInputs, g: &mut Gen) -> Vec<RunRecord> {
    let natural: Vec<u64> = inp.plans.iter().map(FlowPlan::natural_runs).collect();
    let counts = allocate(inp.total as u64, &natural);
    // Rescale the per-flow factors so the run-weighted mean is 1: the sandbox-wide
    // failure share then stays near the base rate whichever flows drew many runs.
    let weighted: f64 = inp
        .plans
        .iter()
        .zip(&counts)
        .map(|(p, k)| p.profile.fail_factor * *k as f64)
        .sum();
    let total_runs: u64 = counts.iter().sum();
    let norm = if weighted > 0.0 {
        total_runs as f64 / weighted
    } else {
        1.0
    };
    // A handful of flows have their latest run still going, or about to start.
    let flows = inp.plans.len();
    let (want_running, want_scheduled) = ((flows / 40).max(3), (flows / 80).max(2));
    let (mut running, mut scheduled) = (0, 0);
    let base = g.next_u64();
    let jobs: Vec<Job> = inp
        .plans
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (p, k))| {
            let periodic = p.schedule.period_ms() > 0 && p.enabled && k > 0;
            let live = if periodic && running < want_running {
                running += 1;
                Live::Running
            } else if periodic && scheduled < want_scheduled {
                scheduled += 1;
                Live::Scheduled
            } else {
                Live::No
            };
            // Each flow draws from its own stream, so splitting the work over threads
            // cannot change the result.
            let seed = base ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            Job {
                plan: p,
                runs: k,
                live,
                seed,
            }
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let chunk = jobs.len().div_ceil(threads).max(1);
    let parts: Vec<Vec<RunRecord>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| scope.spawn(move || runs_of(inp, part, norm)))
            .collect();
        // A worker only panics on a bug; its flows then simply have no runs.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut out = Vec::with_capacity(inp.total);
    for part in parts {
        out.extend(part);
    }
    out
}

struct Job<'a> {
    plan: &'a FlowPlan,
    runs: u64,
    live: Live,
    seed: u64,
}

fn runs_of(inp: &RunInputs, jobs: &[Job], norm: f64) -> Vec<RunRecord> {
    let mut out = Vec::with_capacity(jobs.iter().map(|j| j.runs as usize).sum());
    for job in jobs {
        let mut g = Gen::from_u64(job.seed);
        let times = slots(job.plan, job.runs);
        let last = times.len().saturating_sub(1);
        for (i, t) in times.into_iter().enumerate() {
            let mode = if i == last { job.live } else { Live::No };
            out.push(run(inp, job.plan, t, mode, norm, &mut g));
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Live {
    No,
    Running,
    Scheduled,
}

fn run(
    inp: &RunInputs,
    p: &FlowPlan,
    slot: EpochMs,
    live: Live,
    norm: f64,
    g: &mut Gen,
) -> RunRecord {
    let prof = &p.profile;
    let records = (prof.records as f64 * (0.55 + g.unit() * 0.9)) as u64 + 1;
    let throughput = 2_000 + g.below(18_000);
    let mut duration = (20_000 + records * 1_000 / throughput) as i64 + g.range(0, 45_000);
    duration = duration.clamp(8_000, 55 * 60_000);

    let fail_p = (BASE_FAILURE_RATE * prof.fail_factor * norm).min(0.7);
    let roll = g.unit();
    let (outcome, template) = if roll < fail_p {
        (
            RunOutcome::Failed,
            Some(draw(&inp.cat.run_errors.failed, g)),
        )
    } else if roll < fail_p + PARTIAL_RATE {
        (
            RunOutcome::PartialSuccess,
            Some(draw(&inp.cat.run_errors.partial, g)),
        )
    } else {
        (RunOutcome::Success, None)
    };
    let copy_failed =
        template.is_some_and(|t| t.stage == Stage::Copy) && outcome == RunOutcome::Failed;
    let input = if copy_failed { 0 } else { records };
    let failed = match (&outcome, template) {
        (RunOutcome::PartialSuccess, _) => (input as f64 * (0.002 + g.unit() * 0.04)) as u64 + 1,
        (RunOutcome::Failed, Some(t)) if t.message.contains("{n}") => {
            (input as f64 * (0.05 + g.unit() * 0.25)) as u64 + 1
        }
        _ => 0,
    };
    let skipped = if outcome == RunOutcome::Success && g.chance(0.1) {
        input / 1_000
    } else {
        0
    };
    let output = match outcome {
        RunOutcome::Failed => 0,
        _ => input.saturating_sub(failed + skipped),
    };
    if copy_failed {
        duration = g.range(4_000, 120_000);
    }
    let errors = template
        .map(|t| {
            vec![RunError {
                code: t.code.clone(),
                message: t.message.replace("{n}", &failed.to_string()),
            }]
        })
        .unwrap_or_default();

    let delay = g.range(2_000, 90_000);
    let (created_at, started_at) = match live {
        Live::No => (slot, slot + delay),
        Live::Running => {
            let started = inp.now - g.range(3_000, (duration * 4 / 5).max(3_001));
            (started - delay, started)
        }
        Live::Scheduled => (
            inp.now - g.range(1_000, 60_000),
            inp.now + g.range(60_000, 15 * 60_000),
        ),
    };
    let input_bytes = input * prof.bytes_per_record;
    let output_bytes = output * prof.bytes_per_record * 9 / 20;
    let input_files = if input == 0 {
        0
    } else {
        (prof.files + g.below(3)).max(1)
    };
    let output_files = if output == 0 {
        0
    } else {
        output_bytes.div_ceil(OUTPUT_FILE_BYTES).max(1)
    };
    let (created_by, created_client) = if p.schedule.period_ms() == 0 {
        p.owner.clone()
    } else {
        (
            inp.cat.people.system.clone(),
            inp.cat.people.system_client.clone(),
        )
    };
    RunRecord {
        id: g.uuid(),
        flow_id: p.id.clone(),
        flow_spec_id: p.flow_spec.clone(),
        source_connection_id: p.source_id.clone(),
        target_connection_id: p.target_id.clone(),
        provider_ref_id: format!("M-{}", g.ulid(created_at)),
        etag: g.etag(started_at + duration),
        created_at,
        started_at,
        duration_ms: duration,
        outcome,
        errors,
        input_records: input,
        output_records: output,
        failed_records: failed,
        skipped_records: skipped,
        input_bytes,
        output_bytes,
        input_files,
        output_files,
        adf_run_id: g.uuid(),
        batch_id: g.ulid(started_at),
        created_by,
        created_client,
    }
}

fn draw<'a>(templates: &'a [ErrorTemplate], g: &mut Gen) -> &'a ErrorTemplate {
    let weights: Vec<u32> = templates.iter().map(|t| t.weight).collect();
    &templates[g.weighted(&weights)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn water_filling_caps_sparse_flows_and_hits_the_total() {
        let natural = [30, 2880, 720, 1, 0];
        let k = allocate(1_000, &natural);
        assert_eq!(k.iter().sum::<u64>(), 1_000);
        assert_eq!(k[0], 30);
        assert_eq!(k[3], 1);
        assert_eq!(k[4], 0);
        assert!(k[1].abs_diff(k[2]) <= 1);
        let more = allocate(5_000, &[10, 20]);
        assert_eq!(more, vec![2_495, 2_505]);
        assert!(allocate(10, &[]).is_empty());
    }
}
