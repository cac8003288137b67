//! One screen of a tab's navigation stack (a list, a detail, a graph, a feature's pane),
//! what it shows in the breadcrumbs, and the request that (re)loads it.

use crate::effect::Effect;
use crate::features::detail::DetailView;
use crate::features::dlz::DlzEffect;
use crate::features::dlz::creds::CredsView;
use crate::features::dlz::preview::PreviewView;
use crate::features::dlz::transfers::TransfersView;
use crate::features::dlz::zones::ZonesView;
use crate::features::runs::history_pane::HistoryView;
use crate::features::runs::run_pane::RunView;
use crate::shared::editor::EditorView;
use crate::shared::effect::Request;
use crate::shared::graph::view::GraphView;
use crate::shared::list::ListView;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::nav::Tab;
use crate::shared::pane::Pane;

/// One screen on a tab's stack.
#[derive(Debug)]
pub enum View {
    List(ListView),
    Detail(DetailView),
    Graph(Box<GraphView>),
    Editor(Box<EditorView>),
    /// One run, read for people: metrics, timeline, errors, references.
    Run(Box<RunView>),
    /// A flow's run history as a chart.
    History(Box<HistoryView>),
    /// The Landing Zone tab's first pane: both zones and their credentials' expiry.
    Zones(Box<ZonesView>),
    /// One zone's credentials, masked until revealed.
    Creds(Box<CredsView>),
    /// A landing-zone file's preview (server-side or a range read).
    Preview(Box<PreviewView>),
    /// Downloads and uploads.
    Transfers(Box<TransfersView>),
    /// The dataflow wizard.
    Build(Box<crate::features::build::BuildView>),
}

impl View {
    pub fn slot(&self) -> u64 {
        match self {
            View::List(l) => l.slot,
            View::Detail(d) => d.slot,
            View::Graph(g) => g.slot,
            View::Editor(e) => e.slot,
            View::Run(r) => r.slot,
            View::History(h) => h.slot,
            View::Zones(z) => z.slot,
            View::Creds(c) => c.slot,
            View::Preview(p) => p.slot,
            View::Transfers(t) => t.slot,
            View::Build(b) => b.pane.slot,
        }
    }

    /// Every slot the view's requests report to: a graph has one per list it streams.
    pub fn slots(&self) -> Vec<u64> {
        match self {
            View::Graph(g) => g.feeds.iter().map(|f| f.slot).collect(),
            v => vec![v.slot()],
        }
    }

    pub fn owns(&self, slot: u64) -> bool {
        match self {
            View::Graph(g) => g.owns(slot),
            v => v.slot() == slot,
        }
    }

    /// Waiting for the service: a load, or an edit being sent.
    pub fn is_loading(&self) -> bool {
        match self {
            View::Graph(g) => g.is_loading(),
            View::Editor(e) => e.is_busy(),
            View::Creds(c) => c.load.is_loading() || c.refreshing,
            v => v.pane().is_some_and(|p| p.load.is_loading()),
        }
    }

    /// The load plumbing of a pane that loads from a service (a graph has one per feed).
    pub fn pane(&self) -> Option<&Pane> {
        Some(match self {
            View::List(l) => &l.pane,
            View::Detail(d) => &d.pane,
            View::Run(r) => &r.pane,
            View::History(h) => &h.pane,
            View::Zones(z) => &z.pane,
            View::Creds(c) => &c.pane,
            View::Preview(p) => &p.pane,
            View::Build(b) => &b.pane,
            View::Graph(_) | View::Editor(_) | View::Transfers(_) => return None,
        })
    }

    /// The pane that `slot` reports to, mutable: the view's own, or a graph's feed.
    pub fn pane_for(&mut self, slot: u64) -> Option<&mut Pane> {
        Some(match self {
            View::List(l) => &mut l.pane,
            View::Detail(d) => &mut d.pane,
            View::Run(r) => &mut r.pane,
            View::History(h) => &mut h.pane,
            View::Zones(z) => &mut z.pane,
            View::Creds(c) => &mut c.pane,
            View::Preview(p) => &mut p.pane,
            View::Build(b) => &mut b.pane,
            View::Graph(g) => &mut g.feed_mut(slot)?.pane,
            View::Editor(_) | View::Transfers(_) => return None,
        })
        .filter(|p| p.slot == slot)
    }

    /// What reloads this pane, under `ticket`: its request, or nothing for a pane that
    /// is not read from a service (an editor, the transfers, a local object's detail).
    pub fn request(&self, ticket: u64, now_ms: i64) -> Option<Effect> {
        let fetch = |slot: u64, request: Request| Effect::Fetch {
            slot,
            ticket,
            request,
        };
        Some(match self {
            View::List(l) => fetch(l.slot, crate::load::list_request(l, now_ms)),
            View::Detail(d) if d.kind.fetchable() => fetch(
                d.slot,
                Request::Get {
                    kind: d.kind,
                    id: d.id.clone(),
                },
            ),
            View::Run(r) => fetch(
                r.slot,
                Request::Get {
                    kind: ObjKind::Run,
                    id: r.id.clone(),
                },
            ),
            View::History(h) => fetch(
                h.slot,
                Request::LatestRuns {
                    flow_id: h.flow_id.clone(),
                    limit: crate::features::runs::history_pane::HISTORY_RUNS,
                },
            ),
            View::Zones(z) => Effect::Dlz(DlzEffect::Zones {
                slot: z.slot,
                ticket,
                zones: crate::features::dlz::zones::ZONES.to_vec(),
            }),
            View::Creds(c) => Effect::Dlz(DlzEffect::Zones {
                slot: c.slot,
                ticket,
                zones: vec![c.zone],
            }),
            View::Preview(p) => Effect::Dlz(DlzEffect::Preview {
                slot: p.slot,
                ticket,
                target: p.target.clone(),
            }),
            View::Detail(_)
            | View::Graph(_)
            | View::Editor(_)
            | View::Transfers(_)
            | View::Build(_) => {
                return None;
            }
        })
    }

    /// Draws times that move with the clock: countdowns to a credential's expiry,
    /// elapsed times of runs and transfers, "draft saved 3 s ago".
    pub fn shows_clock(&self) -> bool {
        match self {
            View::List(l) => l.kind == ListKind::Live,
            View::Run(_)
            | View::Zones(_)
            | View::Creds(_)
            | View::Transfers(_)
            | View::Editor(_) => true,
            View::Detail(_)
            | View::Graph(_)
            | View::History(_)
            | View::Preview(_)
            | View::Build(_) => false,
        }
    }

    /// The breadcrumb for this view.
    pub fn crumb(&self) -> String {
        match self {
            View::List(l) => match &l.scope {
                Scope::All => root_title(l.kind).to_string(),
                Scope::OfConnection { name, .. } => format!("{name} › flows"),
                Scope::OfFlow { name, .. } => format!("{name} › runs"),
                Scope::Folder(None) => "explore".to_string(),
                Scope::Folder(Some(p)) => crate::features::dlz::paths::base_name(p).to_string(),
                Scope::Using(s) => {
                    format!(
                        "flows using {} {}",
                        s.noun(),
                        crate::shared::fmt::short_id(s.id())
                    )
                }
                Scope::Lineage { name, .. } => format!("{name} › flows"),
                Scope::Blobs { zone, folder } => match folder.trim_end_matches('/') {
                    "" => format!("{zone} (storage)"),
                    f => f.rsplit('/').next().unwrap_or(f).to_string(),
                },
                Scope::Reading(path) => {
                    format!(
                        "flows reading {}",
                        crate::features::dlz::paths::base_name(path)
                    )
                }
                Scope::AwsDomain(d) => format!("{d} › {}", l.kind.noun()),
                Scope::AwsWorkflow { id, .. } => format!("{} › steps", short_hex(id)),
                Scope::AwsFlow(f) => format!("{f} › executions"),
                Scope::AwsProfile(p) => format!("workflows using {p}"),
                Scope::Job { title, .. } => title.clone(),
            },
            View::Zones(_) => "Landing Zone".to_string(),
            View::Creds(c) => format!("{} › credentials", c.zone),
            View::Preview(p) => p.title(),
            View::Transfers(_) => "transfers".to_string(),
            View::Run(r) => r.title.clone(),
            View::History(h) => format!("{} › history", h.name),
            View::Detail(d) => d.title.clone(),
            View::Graph(g) => g.title.clone(),
            View::Editor(e) => format!("edit {}", e.spec.title()),
            View::Build(b) => b.title().to_string(),
        }
    }
}

fn root_title(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Connections => "Connections",
        ListKind::Flows => "Flows",
        ListKind::Runs => "Runs",
        ListKind::Specs => "Specs",
        ListKind::Dlz => "Landing Zone",
        ListKind::Blobs => "Storage",
        ListKind::Journal => "Journal",
        ListKind::Drafts => "Drafts",
        ListKind::Live => "Live",
        ListKind::Messages => "Messages",
        ListKind::Failures => "Recent failures",
        ListKind::AwsDomains => "Domains",
        ListKind::AwsWorkflows => "Workflows",
        ListKind::AwsSteps => "Steps",
        ListKind::AwsFlows => "AppFlow flows",
        ListKind::AwsExecutions => "Executions",
        ListKind::AwsProfiles => "Connector profiles",
        ListKind::AwsIntegrations => "Integrations",
        ListKind::AwsObjectTypes => "Object types",
        ListKind::BulkEnds => "Summary",
    }
}

/// A workflow id (32 hex characters) shortened for a breadcrumb.
pub fn short_hex(id: &str) -> String {
    match id.get(..8) {
        Some(head) if id.len() > 12 => format!("{head}…"),
        _ => id.to_string(),
    }
}

pub fn root_kind(tab: Tab) -> (ListKind, Scope) {
    match tab {
        Tab::Connections => (ListKind::Connections, Scope::All),
        Tab::Flows => (ListKind::Flows, Scope::All),
        Tab::Runs => (ListKind::Runs, Scope::All),
        Tab::Specs => (ListKind::Specs, Scope::All),
        Tab::LandingZone => (ListKind::Dlz, Scope::Folder(None)),
        Tab::Workflows => (ListKind::AwsDomains, Scope::All),
        Tab::AppFlow => (ListKind::AwsFlows, Scope::All),
        Tab::Connectors => (ListKind::AwsProfiles, Scope::All),
    }
}
