//! The application state, owned by the UI task alone: one navigation stack per tab, the
//! open overlay, toasts, and what the status bar shows. Workers never touch it; they send
//! messages that `update` applies.

use crate::features::detail::DetailView;
use crate::features::dlz::Dlz;
use crate::features::dlz::zones::ZonesView;
use crate::features::runs::Runs;
use crate::overlay::MESSAGES_KEPT;
use crate::overlay::Message;
use crate::overlay::Overlay;
use crate::overlay::Toast;
use crate::overlay::toast_ms;
use crate::shared::command::Known;
use crate::shared::editor::spec::Audit;
use crate::shared::effect::Target;
use crate::shared::fuzzy::Fuzzy;
use crate::shared::graph::cache::ObjectCache;
use crate::shared::graph::view::GraphView;
use crate::shared::keymap::Keymap;
use crate::shared::layout::Areas;
use crate::shared::list::ListView;
use crate::shared::nav::ListKind;
use crate::shared::nav::Tab;
use crate::shared::table::Names;
use crate::shared::text::NewText;
use crate::shared::theme::ThemeName;
use crate::view::View;
use crate::view::root_kind;

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
    /// A copy waiting for its object to be read by id (a run's JSON from its row).
    pub copy_pending: Option<(
        crate::shared::nav::ObjKind,
        String,
        crate::shared::action::Action,
    )>,
    /// Edits not sent yet, as on disk: `e` on their object continues them.
    pub drafts: Vec<flowscope_model::Draft>,
    /// Runs being watched, changes in flight, the Flows pane's sparklines.
    pub runs: Runs,
    /// The watch over the sandbox and the recent failures.
    pub alerts: crate::features::alerts::Alerts,
    /// Landing-zone transfers and path prompts.
    pub dlz: Dlz,
    /// The AWS panes' state between keys.
    pub aws: crate::features::aws::AwsUi,
    /// Row actions of the dataflow feature waiting for a read.
    pub build: crate::features::build::rows::BuildUi,
    /// Actions on marked rows: the jobs running and the last ones finished.
    pub bulk: crate::features::bulk::Bulk,
    /// Objects created this session that go on after their create was answered (kind,
    /// id), for the feature that follows them to take on its next tick.
    pub created: Vec<(crate::shared::nav::ObjKind, String)>,
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
            copy_pending: None,
            drafts: Vec::new(),
            runs: Runs::default(),
            alerts: Default::default(),
            dlz: Dlz::default(),
            aws: crate::features::aws::AwsUi::default(),
            build: Default::default(),
            bulk: Default::default(),
            created: Vec::new(),
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
