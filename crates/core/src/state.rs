//! The application state, owned by the UI task alone: one navigation stack per tab, the
//! open overlay, toasts, and what the status bar shows. Workers never touch it; they send
//! messages that `update` applies.

use crate::effect::Effect;
use crate::features::detail::DetailView;
use crate::features::dlz::Dlz;
use crate::features::dlz::DlzEffect;
use crate::features::dlz::creds::CredsView;
use crate::features::dlz::preview::PreviewView;
use crate::features::dlz::transfers::TransfersView;
use crate::features::dlz::zones::ZonesView;
use crate::features::runs::Runs;
use crate::features::runs::form::TriggerForm;
use crate::features::runs::history_pane::HistoryView;
use crate::features::runs::run_pane::RunView;
use crate::reply::Reply;
use crate::shared::ask::Ask;
use crate::shared::command::Known;
use crate::shared::editor::EditorView;
use crate::shared::editor::spec::Audit;
use crate::shared::effect::Request;
use crate::shared::effect::Target;
use crate::shared::fuzzy::Fuzzy;
use crate::shared::graph::cache::ObjectCache;
use crate::shared::graph::view::GraphView;
use crate::shared::keymap::Keymap;
use crate::shared::layout::Areas;
use crate::shared::list::ListView;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::nav::Tab;
use crate::shared::pane::Pane;
use crate::shared::table::Names;
use crate::shared::text::{NewText, TextBuffer, TextKind, one_line};
use crate::shared::theme::ThemeName;

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
            View::List(l) => fetch(l.slot, crate::update::list_request(l, now_ms)),
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
            View::Detail(_) | View::Graph(_) | View::Editor(_) | View::Transfers(_) => {
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
            View::Detail(_) | View::Graph(_) | View::History(_) | View::Preview(_) => false,
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
                Scope::AwsDomain(d) => format!("{d} › workflows"),
                Scope::AwsWorkflow { id, .. } => format!("{} › steps", short_hex(id)),
                Scope::AwsFlow(f) => format!("{f} › executions"),
                Scope::AwsProfile(p) => format!("workflows using {p}"),
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
        ListKind::AwsDomains => "Domains",
        ListKind::AwsWorkflows => "Workflows",
        ListKind::AwsSteps => "Steps",
        ListKind::AwsFlows => "AppFlow flows",
        ListKind::AwsExecutions => "Executions",
        ListKind::AwsProfiles => "Connector profiles",
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputPurpose {
    /// `/` over a list: fuzzy, client-side, applied on every keystroke.
    Filter,
    /// The `property` filter sent to the service on Enter.
    ServerFilter,
    Command,
    /// `/` inside the detail view's JSON.
    Search,
    /// Ctrl-f in the editor.
    EditorSearch,
    /// A feature asks for a line of text (a local path, a connector), labelled so; the
    /// box carries the reply the text is handed back with.
    Prompt(&'static str),
}

impl InputPurpose {
    pub fn prompt(self) -> &'static str {
        match self {
            InputPurpose::Filter => "/",
            InputPurpose::ServerFilter => "property ",
            InputPurpose::Command => ":",
            InputPurpose::Search | InputPurpose::EditorSearch => "search ",
            InputPurpose::Prompt(label) => label,
        }
    }
}

#[derive(Debug)]
pub struct InputBox {
    pub purpose: InputPurpose,
    pub text: Box<dyn TextBuffer>,
    /// Makes the text again when a completion replaces it.
    new_text: NewText,
    /// What the pane had before the box opened, restored on Esc.
    pub before: String,
    pub completions: Vec<String>,
    pub error: Option<String>,
    /// A prompt's reply, handed back with the text on Enter.
    pub reply: Option<Reply>,
}

impl InputBox {
    pub fn new(new_text: NewText, purpose: InputPurpose, initial: &str) -> InputBox {
        InputBox {
            purpose,
            text: one_line(new_text, TextKind::Line, initial),
            new_text,
            before: initial.to_string(),
            completions: Vec::new(),
            error: None,
            reply: None,
        }
    }

    /// A prompt labelled `label` (`download to `), starting with `initial`, whose text is
    /// handed back with `reply`; `choices`, when given, are what `tab` cycles through.
    pub fn prompt(
        new_text: NewText,
        label: &'static str,
        initial: &str,
        reply: Reply,
        choices: Vec<String>,
    ) -> InputBox {
        let mut bx = InputBox::new(new_text, InputPurpose::Prompt(label), initial);
        bx.reply = Some(reply);
        bx.completions = choices;
        bx
    }

    pub fn value(&self) -> String {
        self.text.lines().join("")
    }

    pub fn set_value(&mut self, v: &str) {
        self.text = one_line(self.new_text, TextKind::Line, v);
    }
}

#[derive(Debug)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Input(Box<InputBox>),
    /// The form for a run on demand.
    Trigger(Box<TriggerForm>),
    /// The question before a run or a flow action is sent.
    Ask(Box<Ask<Reply>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub until_ms: i64,
}

/// One line of the session's message history (`:messages`): every toast, with its time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Counts up from 1 over the session; the driver logs each message once by it.
    pub seq: u64,
    pub at_ms: i64,
    pub text: String,
    pub error: bool,
}

/// How long a toast stays: a notice a few seconds, an error longer, and a long message
/// the time it takes to read (about 25 characters a second), up to half a minute.
pub fn toast_ms(text: &str, error: bool) -> i64 {
    let base = if error { 8_000 } else { 4_000 };
    let reading = text.chars().count().saturating_sub(60) as i64 * 40;
    (base + reading).min(30_000)
}

/// The message history keeps the newest this many.
pub const MESSAGES_KEPT: usize = 1_000;

/// How often auto-refresh reloads the pane in view.
pub const AUTO_REFRESH_MS: i64 = 10_000;

#[derive(Debug)]
pub struct App {
    pub stacks: Vec<Vec<View>>,
    pub tab: Tab,
    pub overlay: Option<Overlay>,
    pub toasts: Vec<Toast>,
    /// Every message of the session, oldest first (see [`Message`]).
    pub messages: std::collections::VecDeque<Message>,
    /// Config and keymap warnings, shown in the status bar until dismissed.
    pub warnings: Vec<String>,
    pub target: Target,
    pub read_only: bool,
    pub known: Known,
    pub names: Names,
    /// Objects fetched for graphs, per sandbox.
    pub objects: ObjectCache,
    /// Edits not sent yet, as on disk: `e` on their object continues them.
    pub drafts: Vec<flowscope_model::Draft>,
    /// Runs being watched, changes in flight, the Flows pane's sparklines.
    pub runs: Runs,
    /// Landing-zone transfers and path prompts.
    pub dlz: Dlz,
    /// The AWS panes' state between keys.
    pub aws: crate::features::aws::AwsUi,
    pub auto_refresh: bool,
    /// The theme drawn in; the ui looks its styles up by name.
    pub theme: ThemeName,
    pub keymap: Keymap,
    /// Makes the text buffers of boxes, forms and editors (the ui's implementation).
    pub new_text: NewText,
    pub quit: bool,
    pub now_ms: i64,
    pub width: u16,
    pub height: u16,
    pub spinner: usize,
    pub fuzzy: Fuzzy,
    /// Makes this session's tokens its own: random in the terminal (set at start), fixed
    /// in tests, so the core never reads the system's randomness itself.
    pub session_seed: u64,
    next_id: u64,
}

impl App {
    pub fn new(
        target: Target,
        keymap: Keymap,
        theme: ThemeName,
        new_text: NewText,
        now_ms: i64,
    ) -> App {
        let mut known = Known::default();
        known.sandboxes.push(target.sandbox.clone());
        if let Some(p) = &target.profile {
            known.profiles.push(p.clone());
        }
        let mut app = App {
            stacks: Vec::new(),
            tab: Tab::Flows,
            overlay: None,
            toasts: Vec::new(),
            messages: std::collections::VecDeque::new(),
            warnings: Vec::new(),
            target,
            read_only: false,
            known,
            names: Names {
                now_ms,
                ..Names::default()
            },
            objects: ObjectCache::default(),
            drafts: Vec::new(),
            runs: Runs::default(),
            dlz: Dlz::default(),
            aws: crate::features::aws::AwsUi::default(),
            auto_refresh: false,
            theme,
            keymap,
            new_text,
            quit: false,
            now_ms,
            width: 80,
            height: 24,
            spinner: 0,
            fuzzy: Fuzzy::default(),
            session_seed: now_ms as u64,
            next_id: 0,
        };
        app.reset_stacks();
        app
    }

    /// A token no other request of this or another session carries, shaped as a UUID
    /// (AppFlow's `clientToken`): the session's seed and a counter, mixed.
    pub fn unique_token(&mut self) -> String {
        let n = self.next_id();
        let a = mix(self.session_seed ^ n);
        let b = mix(a ^ n.rotate_left(32));
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    /// A fresh id for a slot or a ticket.
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Every tab back to its empty root, e.g. after a sandbox switch.
    pub fn reset_stacks(&mut self) {
        self.stacks = Tab::ALL
            .iter()
            .map(|&t| {
                let slot = self.next_id();
                if t == Tab::LandingZone {
                    return vec![View::Zones(Box::new(ZonesView::new(slot)))];
                }
                let (kind, scope) = root_kind(t);
                vec![View::List(crate::tables::list(slot, kind, scope))]
            })
            .collect();
    }

    pub fn stack(&self) -> &[View] {
        self.stacks
            .get(self.tab.index())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn stack_mut(&mut self) -> &mut Vec<View> {
        let i = self.tab.index();
        if self.stacks.len() <= i {
            self.reset_stacks();
        }
        &mut self.stacks[i]
    }

    pub fn view(&self) -> Option<&View> {
        self.stack().last()
    }

    pub fn view_mut(&mut self) -> Option<&mut View> {
        self.stack_mut().last_mut()
    }

    pub fn list(&self) -> Option<&ListView> {
        match self.view() {
            Some(View::List(l)) => Some(l),
            _ => None,
        }
    }

    pub fn graph(&self) -> Option<&GraphView> {
        match self.view() {
            Some(View::Graph(g)) => Some(g),
            _ => None,
        }
    }

    pub fn detail(&self) -> Option<&DetailView> {
        match self.view() {
            Some(View::Detail(d)) => Some(d),
            _ => None,
        }
    }

    /// The list in view together with the fuzzy matcher, which filtering and sorting
    /// need at the same time.
    pub fn list_and_fuzzy(&mut self) -> Option<(&mut ListView, &mut Fuzzy)> {
        let App {
            stacks, tab, fuzzy, ..
        } = self;
        match stacks.get_mut(tab.index()).and_then(|s| s.last_mut()) {
            Some(View::List(l)) => Some((l, fuzzy)),
            _ => None,
        }
    }

    /// The view filled by `slot`, in any tab.
    pub fn view_by_slot(&mut self, slot: u64) -> Option<&mut View> {
        self.stacks
            .iter_mut()
            .flat_map(|s| s.iter_mut())
            .find(|v| v.owns(slot))
    }

    /// Calls `f` on every list in every tab, with the names and the matcher rows need.
    pub fn each_list(&mut self, mut f: impl FnMut(&mut ListView, &Names, &mut Fuzzy)) {
        let App {
            stacks,
            names,
            fuzzy,
            ..
        } = self;
        for v in stacks.iter_mut().flatten() {
            if let View::List(l) = v {
                f(l, names, fuzzy);
            }
        }
    }

    /// Calls `f` on the list in view, if a list is in view.
    pub fn front_list(&mut self, f: impl FnOnce(&mut ListView, &Names, &mut Fuzzy)) {
        let App {
            stacks,
            tab,
            names,
            fuzzy,
            ..
        } = self;
        if let Some(View::List(l)) = stacks.get_mut(tab.index()).and_then(|s| s.last_mut()) {
            f(l, names, fuzzy);
        }
    }

    pub fn root_list(&self, tab: Tab) -> Option<&ListView> {
        match self.stacks.get(tab.index()).and_then(|s| s.first()) {
            Some(View::List(l)) => Some(l),
            _ => None,
        }
    }

    pub fn areas(&self) -> Areas {
        Areas::of(self.width, self.height)
    }

    /// A draft sent or given up: gone from what `e` offers and from every drafts list
    /// on screen (the caller removes the file).
    pub fn forget_draft(&mut self, draft: &flowscope_model::Draft) {
        self.drafts
            .retain(|d| !(d.resource == draft.resource && d.id == draft.id));
        self.each_list(|l, names, fuzzy| {
            if l.kind == ListKind::Drafts {
                l.remove_id(&draft.id, names, fuzzy);
            }
        });
    }

    /// Shows `text` as a toast, and keeps it in the message history.
    pub fn toast(&mut self, text: impl Into<String>, error: bool) {
        let text = text.into();
        let seq = self.messages.back().map_or(1, |m| m.seq + 1);
        self.messages.push_back(Message {
            seq,
            at_ms: self.now_ms,
            text: text.clone(),
            error,
        });
        if self.messages.len() > MESSAGES_KEPT {
            self.messages.pop_front();
        }
        self.toasts.retain(|t| t.text != text);
        self.toasts.push(Toast {
            until_ms: self.now_ms + toast_ms(&text, error),
            text,
            error,
        });
        // Three at most: the newest matter.
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
    }

    pub fn breadcrumbs(&self) -> Vec<String> {
        self.stack().iter().map(View::crumb).collect()
    }

    pub fn any_loading(&self) -> bool {
        self.stack().iter().any(View::is_loading)
    }

    /// What the clock alone changes on screen: the spinner while something loads, the
    /// toasts still up, and the second shown by a pane that draws elapsed or remaining
    /// time. A tick that leaves this the same needs no frame; the loop compares it
    /// before and after, so no handler has to remember to ask for one.
    pub fn clock_face(&self) -> ClockFace {
        ClockFace {
            spinner: self.any_loading().then_some(self.spinner),
            toasts: self.toasts.len(),
            second: self
                .view()
                .is_some_and(View::shows_clock)
                .then_some(self.now_ms.div_euclid(1000)),
        }
    }
}

/// splitmix64: spreads a counter over all 64 bits.
fn mix(x: u64) -> u64 {
    let x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// See [`App::clock_face`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockFace {
    spinner: Option<usize>,
    toasts: usize,
    second: Option<i64>,
}

impl Audit {
    /// Who sends a change from `app`, where, and when.
    pub fn of(app: &App) -> Audit {
        Audit {
            profile: app.target.profile.clone(),
            sandbox: app.target.sandbox.clone(),
            now_ms: app.now_ms,
        }
    }
}
