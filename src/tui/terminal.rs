//! Entering and leaving the terminal. The guard restores it on drop, and the panic hook
//! restores it before the panic message prints, so a crash never leaves a raw terminal.

use std::io::{Stdout, stdout};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
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

/// Raw mode, the alternate screen, the mouse, and bracketed paste (a pasted block
/// arrives whole, not as keys that could trigger bindings).
fn take_over() -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

pub fn enter() -> std::io::Result<(Term, Guard)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    let guard = Guard;
    take_over()?;
    let term = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((term, guard))
}
