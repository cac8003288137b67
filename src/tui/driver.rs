//! One step of the loop, without a terminal: an event or a message goes through routing
//! and `update`/`receive`, and the effects run. The real loop and the full-loop tests use
//! the same driver, so tests exercise what users run.
//!
//! The driver alone decides when a frame is due: after every key that maps to an action,
//! every worker message, and a tick that changes what the clock shows (see
//! [`App::clock_face`]). No handler asks for a frame, so none can forget to, and the
//! test harness draws through [`Driver::draw_if_due`] exactly when the loop does.

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::clipboard::{Clipboard, CopyVia};
use crate::api::Client;
use crate::app::effect::{Effect, Msg};
use crate::app::load::start;
use crate::app::receive::receive;
use crate::app::route::route_event;
use crate::app::shared::action::Action;
use crate::app::state::App;
use crate::app::update::update;
use crate::runtime::Executor;

/// Messages handled between two chances to draw and read keys: a few pages of a list
/// (a few milliseconds each), or many small answers.
pub const DRAIN_AT_MOST: usize = 4;

pub struct Driver {
    pub app: App,
    pub exec: Executor,
    pub clipboard: Clipboard,
    tx: UnboundedSender<Msg>,
    /// Text waiting for `$EDITOR`: the loop suspends the terminal to run it.
    external: Option<(u64, String)>,
    /// Bells asked for since the loop last rang (counted, so tests can see them).
    pub bells: u32,
    /// Something changed since the last frame.
    frame_due: bool,
    /// The last message of the history written to the log.
    logged: u64,
}

impl Driver {
    /// A driver and the receiver of its workers' messages (kept apart so the loop can
    /// wait on it while the driver is borrowed).
    pub fn new(app: App, client: Client, clipboard: Clipboard) -> (Driver, UnboundedReceiver<Msg>) {
        let (tx, rx) = unbounded_channel();
        let exec = Executor::new(client, tx.clone());
        (
            Driver {
                app,
                exec,
                clipboard,
                tx,
                external: None,
                bells: 0,
                frame_due: true,
                logged: 0,
            },
            rx,
        )
    }

    /// Starts the first fetches.
    pub fn start(&mut self) {
        let fx = start(&mut self.app);
        self.run(fx);
    }

    /// A terminal event, turned into the core's input here at the boundary.
    pub fn event(&mut self, ev: &Event) {
        if let Some(a) = route_event(&self.app, &super::input::input(ev)) {
            self.action(a);
        }
    }

    pub fn action(&mut self, a: Action) {
        self.frame_due = true;
        let fx = update(&mut self.app, a);
        self.run(fx);
    }

    pub fn message(&mut self, m: Msg) {
        let face = matches!(m, Msg::Tick { .. }).then(|| self.app.clock_face());
        let fx = receive(&mut self.app, m);
        // A tick is due only when it moved what the clock shows or started work; every
        // other message is an answer or a report, and something on screen may show it.
        self.frame_due |= match face {
            Some(before) => before != self.app.clock_face() || !fx.is_empty(),
            None => true,
        };
        self.run(fx);
    }

    /// Handles the messages already queued, at most [`DRAIN_AT_MOST`] of them, and says
    /// which (by name, for the test harness's record). The loop then draws and reads keys before it takes more: a list that
    /// streams in as fast as it is stored would otherwise keep the screen and the keys
    /// waiting until its last page. A count, not a time, so tests see the same batches.
    pub fn drain(&mut self, rx: &mut UnboundedReceiver<Msg>) -> Vec<&'static str> {
        let mut names = Vec::new();
        while names.len() < DRAIN_AT_MOST {
            let Ok(m) = rx.try_recv() else {
                break;
            };
            names.push(m.name());
            self.message(m);
        }
        names
    }

    /// Every toast also goes to the log, once, as it appears.
    fn log_messages(&mut self) {
        for m in self.app.messages.iter().filter(|m| m.seq > self.logged) {
            if m.error {
                tracing::warn!(target: "flowscope::messages", "{}", m.text);
            } else {
                tracing::info!(target: "flowscope::messages", "{}", m.text);
            }
        }
        if let Some(last) = self.app.messages.back() {
            self.logged = last.seq;
        }
    }

    /// Whether the next [`Driver::draw_if_due`] draws.
    pub fn frame_due(&self) -> bool {
        self.frame_due
    }

    /// Draws a frame if one is due; true when it drew. The terminal loop and the test
    /// harness both draw only through here.
    pub fn draw_if_due<B: Backend>(&mut self, term: &mut Terminal<B>) -> Result<bool, B::Error> {
        if !std::mem::take(&mut self.frame_due) {
            return Ok(false);
        }
        let app = &self.app;
        term.draw(|f| crate::ui::render(f, app))?;
        Ok(true)
    }

    /// The text to edit in `$EDITOR`, if an edit asked for it since the last call.
    pub fn take_external(&mut self) -> Option<(u64, String)> {
        self.external.take()
    }

    fn run(&mut self, fx: Vec<Effect>) {
        self.log_messages();
        for e in self.exec.run(fx) {
            match e {
                Effect::Copy { text, what } => {
                    let result = self.clipboard.copy(&text).map(|via| match via {
                        CopyVia::System => "system clipboard",
                        CopyVia::Osc52 => "terminal clipboard",
                    });
                    let _ = self.tx.send(Msg::Copied { what, result });
                }
                Effect::Paste { slot } => {
                    let result = self.clipboard.paste();
                    let _ = self.tx.send(Msg::Pasted { slot, result });
                }
                Effect::ExternalEdit { slot, text } => self.external = Some((slot, text)),
                Effect::Bell => self.bells += 1,
                _ => {}
            }
        }
    }
}
