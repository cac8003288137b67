//! The signals that end the explorer: SIGTERM (`kill`, a shutdown), SIGHUP (the terminal
//! window closed) and SIGINT (`kill -INT`; a typed ctrl-c is a key in raw mode, not a
//! signal). Each ends the session the way `ctrl-c` does, so the terminal is restored and
//! drafts are written instead of the process dying in raw mode. The exit status is then 0,
//! as for any quit the user asked for: the session ended cleanly, nothing failed.

use futures::FutureExt;
use tokio::signal::unix::{Signal, SignalKind, signal};

pub struct Signals {
    term: Signal,
    hup: Signal,
    int: Signal,
}

impl Signals {
    /// Takes the three signals over from their default (killing the process), for as
    /// long as the process lives: call it before the terminal is entered, so none can
    /// leave it raw.
    pub fn listen() -> std::io::Result<Signals> {
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// The next signal, by name (for the log).
    pub async fn recv(&mut self) -> &'static str {
        tokio::select! {
            _ = self.term.recv() => "SIGTERM",
            _ = self.hup.recv() => "SIGHUP",
            _ = self.int.recv() => "SIGINT",
        }
    }

    /// Forgets a SIGINT that came while `$EDITOR` had the restored terminal: a ctrl-c
    /// typed there was meant for the editor, not for the explorer waiting behind it.
    pub fn forget_interrupts(&mut self) {
        while let Some(Some(())) = self.int.recv().now_or_never() {}
    }
}
