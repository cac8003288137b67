//! A pane's message in place of its content ("loading…", "no flows", an error with its
//! service code and what to do about it), centred a third of the way down. An error
//! offers the retry key only when asking again can help; a refused filter says to change
//! the filter instead.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::shared::action::Context;
use crate::app::shared::pane::ErrorInfo;
use crate::app::state::App;

/// The key that retries a failed read, as the keymap has it.
pub fn retry_key(app: &App) -> String {
    app.keymap
        .hint(Context::Global, "retry")
        .unwrap_or_else(|| "R".into())
}

/// The error of a list as the pane shows it: a filter the service refused is changed
/// with the filter key, not retried.
pub fn list_error_text(app: &App, e: &ErrorInfo, filtered: bool) -> String {
    if filtered && !e.retry && matches!(e.status, None | Some(400 | 422)) {
        let key = app
            .keymap
            .hint(Context::List, "server_filter")
            .unwrap_or_else(|| "f".into());
        return format!("{} — press {key} to change the filter", e.message);
    }
    error_text(app, e)
}

/// The error as the pane shows it: the service's words, then how to retry when a
/// retry can help.
pub fn error_text(app: &App, e: &ErrorInfo) -> String {
    let retry = retry_key(app);
    if crate::app::features::dlz::is_auth_error(e) {
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
    if e.retry {
        format!("{} — press {retry} to retry", e.message)
    } else {
        e.message.clone()
    }
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
