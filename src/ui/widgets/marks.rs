//! The small marks every pane shares: the spinner of something loading, the colour of a
//! cell's tone, and a cut marked with `…`.

use ratatui::style::Style;

use crate::app::shared::table::Tone;
use crate::ui::theme::Theme;

pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn tone_style(t: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Plain => t.base,
        Tone::Ok => t.ok,
        Tone::Failed => t.failed,
        Tone::Running => t.running,
        Tone::Warn => t.warn,
        Tone::Dim => t.dim,
    }
}

/// Cuts `s` to `width` characters, marking the cut with `…`.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}
