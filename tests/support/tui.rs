//! Drives the explorer the way the terminal loop does (same `Driver`), against an
//! emulator on port 0 with the fixed test clock, and renders to a `TestBackend`. Waits are
//! for messages, never for time.
//!
//! Frames are drawn only through `Driver::draw_if_due`, after each key and each message,
//! as the terminal loop draws them: [`Tui::screen`] shows the last frame drawn, never a
//! fresh one, so an answer that the loop would not draw is not seen here either.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use flowscope::api::{Client, ClientConfig};
use flowscope::app::effect::Msg;
use flowscope::app::shared::effect::Target;
use flowscope::app::shared::theme::ThemeName;
use flowscope::app::state::App;
use flowscope::app::view::View;
use flowscope::config::keymap::Keymap;
use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle, TEST_EPOCH_MS};
use flowscope::tui::clipboard::Clipboard;
use flowscope::tui::driver::Driver;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::UnboundedReceiver;

/// What the status bar shows in tests instead of the random port.
pub const SHOWN_ENDPOINT: &str = "http://127.0.0.1:7878";

/// A buffer the OSC 52 fallback writes into, so copies can be checked.
#[derive(Clone, Default)]
pub struct Sink(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How a test session starts: where its journal and drafts live (a fresh directory
/// unless given, so a second session can find the first one's drafts) and read-only.
#[derive(Default)]
pub struct Opts {
    pub data: Option<std::path::PathBuf>,
    pub read_only: bool,
    /// The IMS client secret (the emulator's demo secret unless given).
    pub client_secret: Option<String>,
    /// AWS access key id and secret key (the emulator's demo keys unless given).
    pub aws_keys: Option<(String, String)>,
    /// No AWS client, as under `--endpoint` of a service without the AWS side.
    pub no_aws: bool,
}

pub struct Tui {
    pub d: Driver,
    /// The data directory (journal, drafts), removed with the session unless given.
    pub data: std::path::PathBuf,
    _data_dir: Option<tempfile::TempDir>,
    pub rx: UnboundedReceiver<Msg>,
    pub emu: EmulatorHandle,
    pub clip: Sink,
    pub width: u16,
    pub height: u16,
    /// Every message handled, by name, in order.
    pub seen: Vec<&'static str>,
    /// The terminal every frame is drawn into, kept between frames as the real loop keeps
    /// its own (ratatui diffs against the previous frame).
    pub term: Terminal<TestBackend>,
    /// For each key of [`Tui::press`]: from the key event to the end of the next frame.
    pub key_to_frame: Vec<Duration>,
    /// Frames drawn so far.
    pub frames: usize,
}

/// The test app started, with the Flows tab (the first fetch) answered by `items`.
pub fn app_with_flows(items: Vec<serde_json::Value>) -> App {
    let mut app = test_app();
    let fx = flowscope::app::load::start(&mut app);
    let (slot, ticket) = fx
        .iter()
        .find_map(|e| match e {
            flowscope::app::effect::Effect::Fetch { slot, ticket, .. } => Some((*slot, *ticket)),
            _ => None,
        })
        .expect("start fetches the flows");
    flowscope::app::receive::receive(
        &mut app,
        Msg::Page {
            slot,
            ticket,
            items,
            done: true,
        },
    );
    app
}

pub fn test_app() -> App {
    let target = Target {
        demo: true,
        endpoint: SHOWN_ENDPOINT.into(),
        sandbox: "prod".into(),
        profile: None,
    };
    let mut app = App::new(
        target,
        Keymap::defaults(),
        ThemeName::Dark,
        flowscope::ui::text::new_text,
        TEST_EPOCH_MS,
    );
    app.known.sandboxes = vec!["prod".into(), "dev".into()];
    app
}

impl Tui {
    /// The app on the seeded test emulator, first fetches started, nothing received yet.
    pub async fn start(width: u16, height: u16) -> Tui {
        Tui::start_with(EmulatorConfig::for_tests(), width, height).await
    }

    pub async fn start_with(cfg: EmulatorConfig, width: u16, height: u16) -> Tui {
        Tui::start_opts(cfg, width, height, Opts::default()).await
    }

    pub async fn start_opts(cfg: EmulatorConfig, width: u16, height: u16, opts: Opts) -> Tui {
        let emu = emulator::start(([127, 0, 0, 1], 0).into(), cfg)
            .await
            .expect("emulator starts");
        let mut config = ClientConfig::for_emulator(&emu.base_url());
        if let Some(secret) = &opts.client_secret {
            config.client_secret = flowscope::model::Secret::new(secret.clone());
        }
        let client = Client::new(config).unwrap();
        let clip = Sink::default();
        let mut app = test_app();
        app.read_only = opts.read_only;
        let (mut d, rx) = Driver::new(app, client, Clipboard::osc52_only(clip.clone()));
        let (data, dir) = match opts.data {
            Some(p) => (p, None),
            None => {
                let dir = tempfile::tempdir().unwrap();
                (dir.path().to_path_buf(), Some(dir))
            }
        };
        d.exec.set_store(flowscope::store::Store::at(&data));
        // An S3-provisioned landing zone is reached at the emulator's own S3 endpoint.
        d.exec
            .set_storage_options(flowscope::api::storage::StorageOptions {
                s3_endpoint: Some(format!("{}/s3", emu.base_url())),
                ..Default::default()
            });
        // The emulator's AWS side, with its demo keys.
        let mut aws_settings = flowscope::api::aws::AwsSettings::emulator(&emu.aws_endpoint());
        if let Some(keys) = opts.aws_keys.clone() {
            aws_settings.static_keys = Some(keys);
        }
        let aws = flowscope::api::aws::AwsClient::connect(&aws_settings)
            .await
            .expect("the AWS client connects");
        d.exec.set_aws((!opts.no_aws).then_some(aws));
        d.action(flowscope::app::shared::action::Action::Resize { width, height });
        d.start();
        let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
        d.draw_if_due(&mut term).expect("the first frame draws");
        Tui {
            data,
            _data_dir: dir,
            d,
            rx,
            emu,
            clip,
            width,
            height,
            seen: Vec::new(),
            term,
            key_to_frame: Vec::new(),
            frames: 1,
        }
    }

    pub fn app(&self) -> &App {
        &self.d.app
    }

    /// Handles the next worker message.
    pub async fn next(&mut self) -> Msg {
        let Ok(msg) = tokio::time::timeout(Duration::from_secs(30), self.rx.recv()).await else {
            panic!(
                "no message within 30 s (a safety net, not a timing); last seen {:?}; \
                 pending objects {:?}, recent runs pending {}, loading views {:?}:\n{}",
                &self.seen[self.seen.len().saturating_sub(8)..],
                self.d.app.objects.pending().collect::<Vec<_>>(),
                self.d.app.runs.recent.is_pending(),
                self.d
                    .app
                    .stacks
                    .iter()
                    .flatten()
                    .filter(|v| v.is_loading())
                    .map(View::slot)
                    .collect::<Vec<_>>(),
                self.screen()
            );
        };
        let msg = msg.expect("the channel stays open");
        self.seen.push(msg.name());
        self.message(msg.clone());
        msg
    }

    /// Handles a message as the loop does, drawing if the driver says a frame is due.
    pub fn message(&mut self, msg: Msg) {
        self.d.message(msg);
        self.draw();
    }

    /// Handles a terminal event (a key, a paste, a click) as the loop does.
    pub fn event(&mut self, ev: &Event) {
        if let Event::Resize(w, h) = ev {
            self.width = *w;
            self.height = *h;
            self.term.backend_mut().resize(*w, *h);
        }
        self.d.event(ev);
        self.draw();
    }

    /// Applies an action (what a routed key or click becomes), drawing if due.
    pub fn action(&mut self, a: flowscope::app::shared::action::Action) {
        self.d.action(a);
        self.draw();
    }

    /// The frame the loop would draw now, if one is due.
    fn draw(&mut self) {
        if self.d.draw_if_due(&mut self.term).expect("a frame draws") {
            self.frames += 1;
        }
    }

    /// Handles messages until one named `name` ("last page", "failed", "object", …).
    pub async fn wait_for(&mut self, name: &str) -> Msg {
        loop {
            let m = self.next().await;
            if m.name() == name {
                return m;
            }
        }
    }

    /// Handles messages until nothing anywhere is loading (sparklines included).
    pub async fn settle(&mut self) {
        while self.loading() {
            self.next().await;
        }
        // Anything else already queued (e.g. a copy report) is applied too.
        while let Ok(m) = self.rx.try_recv() {
            self.seen.push(m.name());
            self.message(m);
        }
    }

    pub fn loading(&self) -> bool {
        self.d.app.objects.has_pending()
            || self.d.app.runs.recent.is_pending()
            || self.d.app.stacks.iter().flatten().any(View::is_loading)
    }

    /// Types a key script: plain characters, and `<enter>`, `<esc>`, `<tab>`, `<s-tab>`,
    /// `<up>`, `<down>`, `<left>`, `<right>`, `<pgdn>`, `<pgup>`, `<home>`, `<end>`, `<bs>`,
    /// `<space>`, `<c-X>`, `<a-X>`.
    pub fn keys(&mut self, script: &str) {
        for ev in parse_keys(script) {
            self.event(&Event::Key(ev));
        }
    }

    /// Selects the row whose text matches `name` in the list in view: the filter box is
    /// cleared of any earlier query, `name` typed, and Enter closes the box.
    pub fn select_named(&mut self, name: &str) {
        self.keys("/<c-u>");
        self.keys(&format!("{name}<enter>"));
    }

    /// Opens the row named `name` in the list in view (filter, then Enter).
    pub fn open_named(&mut self, name: &str) {
        self.select_named(name);
        self.keys("<enter>");
    }

    /// Types a key script as the terminal loop handles it, timing each key: the event,
    /// then the messages already queued that the loop takes in one go, then one frame
    /// drawn. The time from the key to the end of that frame is kept in `key_to_frame`.
    pub fn press(&mut self, script: &str) {
        for ev in parse_keys(script) {
            let start = std::time::Instant::now();
            self.d.event(&Event::Key(ev));
            let names = self.d.drain(&mut self.rx);
            self.seen.extend(names);
            self.draw();
            self.key_to_frame.push(start.elapsed());
        }
    }

    /// The last frame drawn, as text.
    pub fn screen(&self) -> String {
        buffer_text(self.term.backend().buffer())
    }

    /// Asserts that the last frame shows every text of `shown` and none of `hidden`.
    #[track_caller]
    pub fn assert_shows(&self, shown: &[&str], hidden: &[&str]) {
        let screen = self.screen();
        for text in shown {
            assert!(
                screen.contains(text),
                "{text:?} is not on screen:\n{screen}"
            );
        }
        for text in hidden {
            assert!(!screen.contains(text), "{text:?} is on screen:\n{screen}");
        }
    }

    /// The terminal holding the last frame drawn.
    pub fn terminal(&self) -> &Terminal<TestBackend> {
        &self.term
    }

    /// The toasts up now, one a line.
    pub fn toasts(&self) -> String {
        let texts: Vec<&str> = self.d.app.toasts.iter().map(|x| x.text.as_str()).collect();
        texts.join("\n")
    }

    /// The audit journal of this session: (resource, id) per entry, oldest first.
    pub fn journal(&self) -> Vec<(String, String)> {
        let entries = flowscope::store::Store::at(&self.data)
            .journal
            .read()
            .unwrap()
            .0;
        entries.into_iter().map(|e| (e.resource, e.id)).collect()
    }

    pub fn copied(&self) -> String {
        String::from_utf8_lossy(&self.clip.0.lock().unwrap()).to_string()
    }
}

pub fn terminal(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| flowscope::ui::render(f, app)).unwrap();
    t
}

/// The screen of `app` drawn afresh, as text, one line per row, as insta stores it.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    buffer_text(terminal(app, width, height).backend().buffer())
}

/// A buffer as text, one line per row, trailing blanks cut, as insta stores it.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn parse_keys(script: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic()) {
            let name: String = chars.by_ref().take_while(|&ch| ch != '>').collect();
            let (code, mods) = match name.as_str() {
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "s-tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "left" => (KeyCode::Left, KeyModifiers::NONE),
                "right" => (KeyCode::Right, KeyModifiers::NONE),
                "pgdn" => (KeyCode::PageDown, KeyModifiers::NONE),
                "pgup" => (KeyCode::PageUp, KeyModifiers::NONE),
                "home" => (KeyCode::Home, KeyModifiers::NONE),
                "end" => (KeyCode::End, KeyModifiers::NONE),
                "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
                "space" => (KeyCode::Char(' '), KeyModifiers::NONE),
                n if n.starts_with("c-") => (
                    KeyCode::Char(n.chars().nth(2).expect("a key after c-")),
                    KeyModifiers::CONTROL,
                ),
                n if n.starts_with("a-") => (
                    KeyCode::Char(n.chars().nth(2).expect("a key after a-")),
                    KeyModifiers::ALT,
                ),
                other => panic!("unknown key <{other}>"),
            };
            out.push(KeyEvent::new(code, mods));
        } else {
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            out.push(KeyEvent::new(KeyCode::Char(c), mods));
        }
    }
    out
}

/// A run's retry (`POST /runs/{id}/action`) as the emulator counts it.
pub fn run_action(run: &str) -> String {
    format!("POST /data/foundation/flowservice/runs/{run}/action")
}

/// Types a key script into `app` as routing and `update` take it (no runtime), and
/// returns the effects, for pure update tests.
pub fn keys(app: &mut App, script: &str) -> Vec<flowscope::app::effect::Effect> {
    let mut fx = Vec::new();
    for k in parse_keys(script) {
        if let Some(a) = flowscope::app::route::route_key(app, &flowscope::tui::input::key(&k)) {
            fx.extend(flowscope::app::update::update(app, a));
        }
    }
    fx
}

/// The changes among `fx`, by the slot their answers come back to.
pub fn submits(
    fx: &[flowscope::app::effect::Effect],
) -> Vec<(u64, flowscope::app::shared::effect::Change)> {
    fx.iter()
        .filter_map(|e| match e {
            flowscope::app::effect::Effect::Submit { slot, change, .. } => {
                Some((*slot, change.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The fetches among `fx`: slot, ticket and request.
pub fn fetches(
    fx: &[flowscope::app::effect::Effect],
) -> Vec<(u64, u64, flowscope::app::shared::effect::Request)> {
    fx.iter()
        .filter_map(|e| match e {
            flowscope::app::effect::Effect::Fetch {
                slot,
                ticket,
                request,
            } => Some((*slot, *ticket, request.clone())),
            _ => None,
        })
        .collect()
}

/// Answers the first fetch of `fx` with one complete page of `items`.
pub fn deliver(
    app: &mut App,
    fx: &[flowscope::app::effect::Effect],
    items: Vec<serde_json::Value>,
) {
    let (slot, ticket, _) = fetches(fx)[0].clone();
    flowscope::app::receive::receive(
        app,
        Msg::Page {
            slot,
            ticket,
            items,
            done: true,
        },
    );
}
