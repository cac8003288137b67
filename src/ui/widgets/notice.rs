//! A pane's message in place of its content ("loading…", "no flows", an error with its
//! service code and the retry key), centred a third of the way down.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::action::Context;
use crate::app::load::ErrorInfo;
use crate::app::state::App;

/// The key that retries a failed read, as the keymap has it.
pub fn retry_key(app: &App) -> String {
    app.keymap
        .hint(Context::Global, "retry")
        .unwrap_or_else(|| "R".into())
}

/// The error as the pane shows it: the service's words, then how to retry.
pub fn error_text(app: &App, e: &ErrorInfo) -> String {
    let retry = retry_key(app);
    if crate::app::dlz::is_auth_error(e) {
        let renew = app
            .keymap
            .hint(Context::Dlz, "refresh_credentials")
            .unwrap_or_else(|| "ctrl-r".into());
        // The way out first: the storage's own words are long and get cut.
        return format!(
            "credentials refused: press {renew} for new ones, then {retry} — {}",
            e.message
        );
    }
    format!("{} — press {retry} to retry", e.message)
}

pub fn draw(f: &mut Frame, inner: Rect, text: String, style: Style) {
    let top = inner.height / 3;
    f.render_widget(
        Paragraph::new(text)
            .style(style)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        Rect::new(inner.x, inner.y + top, inner.width, inner.height - top),
    );
}
