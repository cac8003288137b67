//! The sandbox overview, its lineage map: source specs on the left, target specs on the
//! right, and between them one box per source → target pair with its flows, disabled
//! flows and the share of runs that failed in the last 24 hours and 7 days.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::shared::fmt::plural;
use crate::shared::graph::build::Ctx;
use crate::shared::graph::node::{Node, NodeState};
use crate::shared::graph::view::Built;
use crate::shared::nav::ObjKind;
use crate::shared::table::{Tone, int, s};

pub const DAY_MS: i64 = 86_400_000;
pub const WEEK_MS: i64 = 7 * DAY_MS;

/// The `property` filter for the runs the overview counts.
pub fn runs_filter(now_ms: i64) -> String {
    format!("metrics.durationSummary.startedAtUTC>{}", now_ms - WEEK_MS)
}

/// Runs and failures in a window.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Share {
    pub runs: usize,
    pub failed: usize,
}

impl Share {
    fn add(&mut self, failed: bool) {
        self.runs += 1;
        if failed {
            self.failed += 1;
        }
    }

    pub fn percent(&self) -> Option<f64> {
        (self.runs > 0).then(|| self.failed as f64 * 100.0 / self.runs as f64)
    }

    fn line(&self, window: &str) -> (String, Tone) {
        match self.percent() {
            None => (format!("{window}: no runs"), Tone::Dim),
            Some(p) => (
                format!("{window}: {p:.0}% failed ({}/{})", self.failed, self.runs),
                self.tone(),
            ),
        }
    }

    fn tone(&self) -> Tone {
        match self.percent() {
            None => Tone::Plain,
            Some(p) if p >= 25.0 => Tone::Failed,
            Some(p) if p > 0.0 => Tone::Warn,
            Some(_) => Tone::Ok,
        }
    }
}

#[derive(Default)]
struct Group {
    flows: usize,
    disabled: usize,
    day: Share,
    week: Share,
}

fn specs_of(f: &Value) -> (String, String) {
    (
        s(
            f,
            "/inheritedAttributes/sourceConnections/0/connectionSpec/id",
        )
        .to_string(),
        s(
            f,
            "/inheritedAttributes/targetConnections/0/connectionSpec/id",
        )
        .to_string(),
    )
}

/// The overview over the flows and the last 7 days of runs streamed in so far.
pub fn build(flows: &[Value], runs: &[Value], cx: &Ctx, runs_done: bool) -> Built {
    let mut b = Built::default();
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    let mut group_of: HashMap<&str, (String, String)> = HashMap::new();
    for f in flows {
        let key = specs_of(f);
        let g = groups.entry(key.clone()).or_default();
        g.flows += 1;
        if s(f, "/state") == "disabled" {
            g.disabled += 1;
        }
        group_of.insert(s(f, "/id"), key);
    }
    let (mut day, mut week) = (Share::default(), Share::default());
    for r in runs {
        let Some(key) = group_of.get(s(r, "/flowId")) else {
            continue;
        };
        let Some(g) = groups.get_mut(key) else {
            continue;
        };
        let failed = s(r, "/metrics/statusSummary/status") == "failed";
        let started = int(r, "/metrics/durationSummary/startedAtUTC").unwrap_or(0);
        if started > cx.now_ms - WEEK_MS {
            g.week.add(failed);
            week.add(failed);
        }
        if started > cx.now_ms - DAY_MS {
            g.day.add(failed);
            day.add(failed);
        }
    }
    let spec_node = |layer: usize, label: &str, id: &str, n: usize| Node {
        layer,
        label: label.to_string(),
        title: if id.is_empty() {
            "?".to_string()
        } else {
            cx.spec(id)
        },
        lines: vec![(plural(n, "flow"), Tone::Plain)],
        tone: Tone::Plain,
        state: NodeState::Ready,
        object: (!id.is_empty()).then(|| (ObjKind::ConnectionSpec, id.to_string())),
    };
    let mut per_source: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_target: BTreeMap<&str, usize> = BTreeMap::new();
    for ((src, dst), g) in &groups {
        *per_source.entry(src).or_default() += g.flows;
        *per_target.entry(dst).or_default() += g.flows;
    }
    // Busiest pairs first, so the top of the map is where most data moves.
    let mut order: Vec<_> = groups.iter().collect();
    order.sort_by(|a, b| b.1.flows.cmp(&a.1.flows).then_with(|| a.0.cmp(b.0)));
    let mut disabled = 0;
    for ((src, dst), g) in order {
        disabled += g.disabled;
        let six = b.node(
            format!("src:{src}"),
            spec_node(
                0,
                "source",
                src,
                per_source.get(src.as_str()).copied().unwrap_or(0),
            ),
        );
        let mut lines = vec![(plural(g.flows, "flow"), Tone::Plain)];
        if g.disabled > 0 {
            lines.push((format!("{} disabled", g.disabled), Tone::Warn));
        }
        lines.push(g.day.line("24h"));
        lines.push(g.week.line("7d"));
        let pair = Node {
            layer: 1,
            label: "flows".to_string(),
            title: format!("{} → {}", b.nodes[six].title, cx.spec(dst)),
            lines,
            tone: g.day.tone(),
            state: NodeState::Ready,
            object: None,
        };
        let gix = b.node(format!("pair:{src}:{dst}"), pair);
        let tix = b.node(
            format!("dst:{dst}"),
            spec_node(
                2,
                "target",
                dst,
                per_target.get(dst.as_str()).copied().unwrap_or(0),
            ),
        );
        b.edge(six, gix);
        b.edge(gix, tix);
    }
    let pct = |sh: Share| {
        sh.percent()
            .map_or("no runs".to_string(), |p| format!("{p:.1}% failed"))
    };
    b.summary = format!(
        "{} in {} · {} disabled · runs 24h: {} · 7d: {}{}",
        plural(flows.len(), "flow"),
        plural(groups.len(), "group"),
        disabled,
        pct(day),
        pct(week),
        if runs_done { "" } else { " · runs loading…" }
    );
    b
}

/// The pair behind an overview group key `pair:SRC:DST`.
pub fn pair_of(key: &str) -> Option<(&str, &str)> {
    key.strip_prefix("pair:")?.split_once(':')
}
