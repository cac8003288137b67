//! Copies text to the user's clipboard: the system clipboard when there is a display, else
//! an OSC 52 escape sequence that asks the terminal to do it (works over SSH). Deciding
//! *what* may be copied (secrets only on an explicit action) is the caller's job.

use std::fmt;
use std::io::Write;

use crossterm::clipboard::CopyToClipboard;

/// Which route a copy took, so the status bar can say "copied" or "sent to terminal".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyVia {
    System,
    Osc52,
}

/// Lives as long as the app: on X11 the copied text is served by this process and
/// disappears when the last arboard handle is dropped.
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
    osc52: Box<dyn Write + Send>,
}

impl Clipboard {
    /// Connects to the system clipboard once; without one (no display, SSH) every copy
    /// goes out as OSC 52 on stdout, the terminal the TUI is drawn on.
    pub fn new() -> Clipboard {
        Clipboard {
            system: arboard::Clipboard::new().ok(),
            osc52: Box::new(std::io::stdout()),
        }
    }

    /// Never touches the system clipboard; the escape sequences go to `w`.
    pub fn osc52_only<W: Write + Send + 'static>(w: W) -> Clipboard {
        Clipboard {
            system: None,
            osc52: Box::new(w),
        }
    }

    pub fn copy(&mut self, text: &str) -> Result<CopyVia, String> {
        // A system clipboard that worked at start can still fail later (X server gone);
        // the terminal route is then still worth a try.
        if let Some(system) = &mut self.system
            && system.set_text(text).is_ok()
        {
            return Ok(CopyVia::System);
        }
        // Terminals cap OSC 52 payloads (xterm ~100 kB, tmux needs `set-clipboard on`) and
        // never say whether they accepted it, so success here means "sent".
        crossterm::execute!(self.osc52, CopyToClipboard::to_clipboard_from(text))
            .map_err(|e| format!("cannot copy: {e}"))?;
        Ok(CopyVia::Osc52)
    }

    /// The system clipboard's text. Without one (SSH, no display) the terminal's own paste
    /// still works: it arrives as a bracketed paste.
    pub fn paste(&mut self) -> Result<String, String> {
        match &mut self.system {
            Some(system) => system
                .get_text()
                .map_err(|e| format!("cannot read the clipboard: {e}")),
            None => {
                Err("no system clipboard here: paste with your terminal's paste key instead".into())
            }
        }
    }
}

impl Default for Clipboard {
    fn default() -> Clipboard {
        Clipboard::new()
    }
}

impl fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clipboard")
            .field("system", &self.system.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    use super::*;

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn osc52_sequence_carries_the_text_in_base64() {
        let buf = Shared::default();
        let mut clipboard = Clipboard::osc52_only(buf.clone());
        assert_eq!(clipboard.copy("hello"), Ok(CopyVia::Osc52));
        let written = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        let expected = format!("\x1b]52;c;{}\x1b\\", STANDARD.encode("hello"));
        assert_eq!(written, expected);
        assert_eq!(STANDARD.encode("hello"), "aGVsbG8=");
    }

    #[test]
    fn clipboard_can_move_to_the_ui_task() {
        fn assert_send<T: Send>() {}
        assert_send::<Clipboard>();
    }
}
