//! Entering and leaving the terminal. The guard restores it on drop, and the panic hook
//! restores it before the panic message prints, so a crash never leaves a raw terminal.
//! A panic on another thread (a worker task) does not end the process by itself: its
//! message is kept and the loop is told to quit, so it is printed once the terminal is
//! back instead of over the screen, and the explorer does not carry on without the task.

use std::io::{Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use crossterm::event::{
    DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    EnableFocusChange, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::Notify;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Set from [`enter`] until the guard drops (or the panic hook restores): the terminal
/// is the explorer's, and a panic must not print onto it.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// The first panic of another thread while [`ACTIVE`], to print after the terminal is
/// back.
static WORKER_PANIC: Mutex<Option<String>> = Mutex::new(None);
/// Wakes the loop when [`WORKER_PANIC`] is set (a permit waits if the loop is busy).
static WORKER_PANICKED: Notify = Notify::const_new();

/// Restores the terminal when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        // Once only: the panic hook may have restored already.
        if ACTIVE.swap(false, Ordering::SeqCst) {
            restore();
        }
    }
}

pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableFocusChange,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Takes the terminal back after [`restore`] (e.g. when `$EDITOR` exits) and redraws.
pub fn resume<B: ratatui::backend::Backend>(term: &mut Terminal<B>) -> std::io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    take_over()?;
    term.clear().map_err(std::io::Error::other)
}

/// Raw mode, the alternate screen, the mouse, bracketed paste (a pasted block arrives
/// whole, not as keys that could trigger bindings) and focus reports (the watch pauses
/// while the terminal is in the background).
fn take_over() -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        EnableFocusChange
    )
}

pub fn enter() -> std::io::Result<(Term, Guard)> {
    // The loop runs on this thread; any other thread's panic is a worker's.
    let owner = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A damaged file's decoder panicked; the preview reports it and the explorer goes on.
        if flowscope_formats::contain::is_contained() {
            tracing::warn!("contained: {info}");
            return;
        }
        tracing::error!("{info}");
        if std::thread::current().id() != owner && ACTIVE.load(Ordering::SeqCst) {
            let mut kept = WORKER_PANIC.lock().unwrap_or_else(PoisonError::into_inner);
            kept.get_or_insert_with(|| info.to_string());
            drop(kept);
            WORKER_PANICKED.notify_one();
            return;
        }
        if ACTIVE.swap(false, Ordering::SeqCst) {
            restore();
        }
        previous(info);
    }));
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard;
    take_over()?;
    let term = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((term, guard))
}

/// Resolves when a worker thread has panicked while the explorer runs.
pub async fn worker_panicked() {
    WORKER_PANICKED.notified().await;
}

/// The kept worker panic (`panicked at <place>:\n<message>`), once the terminal is back.
pub fn worker_panic() -> Option<String> {
    WORKER_PANIC
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
}
