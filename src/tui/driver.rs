//! One step of the loop, without a terminal: an event or a message goes through routing
//! and `update`/`receive`, and the effects run. The real loop and the full-loop tests use
//! the same driver, so tests exercise what users run.

use crossterm::event::Event;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::clipboard::{Clipboard, CopyVia};
use crate::api::Client;
use crate::app::action::Action;
use crate::app::effect::{Effect, Msg};
use crate::app::executor::Executor;
use crate::app::keys::route_event;
use crate::app::receive::receive;
use crate::app::state::App;
use crate::app::update::{start, update};

pub struct Driver {
    pub app: App,
    pub exec: Executor,
    pub clipboard: Clipboard,
    tx: UnboundedSender<Msg>,
    /// Text waiting for `$EDITOR`: the loop suspends the terminal to run it.
    external: Option<(u64, String)>,
    /// Bells asked for since the loop last rang (counted, so tests can see them).
    pub bells: u32,
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
            },
            rx,
        )
    }

    /// Starts the first fetches.
    pub fn start(&mut self) {
        let fx = start(&mut self.app);
        self.run(fx);
    }

    pub fn event(&mut self, ev: &Event) {
        if let Some(a) = route_event(&self.app, ev) {
            self.action(a);
        }
    }

    pub fn action(&mut self, a: Action) {
        let fx = update(&mut self.app, a);
        self.run(fx);
    }

    pub fn message(&mut self, m: Msg) {
        let fx = receive(&mut self.app, m);
        self.run(fx);
    }

    /// The text to edit in `$EDITOR`, if an edit asked for it since the last call.
    pub fn take_external(&mut self) -> Option<(u64, String)> {
        self.external.take()
    }

    fn run(&mut self, fx: Vec<Effect>) {
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
