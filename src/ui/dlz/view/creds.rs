//! One zone's credentials: each field on a line, secrets masked unless revealed, the
//! expiry countdown, and what to do when they expired.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::features::dlz::creds::CredsView;
use crate::app::features::dlz::zones::{expires_at_ms, expiry_text};
use crate::app::shared::pane::Load;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::notice;

pub fn draw(f: &mut Frame, area: Rect, app: &App, c: &CredsView) {
    let t = Theme::of(app.theme);
    let mut title = vec![Span::styled(format!(" {} credentials ", c.zone), t.title)];
    if c.load.is_loading() {
        title.push(Span::styled("loading… ", t.running));
    }
    if c.refreshing {
        title.push(Span::styled("refreshing… ", t.running));
    }
    if c.revealed {
        title.push(Span::styled("secrets shown ", t.failed));
    }
    let inner = crate::ui::widgets::frame::pane(f, area, t, Line::from(title));
    if inner.height == 0 {
        return;
    }
    let Some(creds) = &c.creds else {
        let (msg, style) = match &c.load {
            Load::Failed { error, .. } => (notice::error_text(app, error), t.failed),
            _ => (format!("reading the {} credentials…", c.zone), t.dim),
        };
        notice::draw(f, inner, msg, style);
        return;
    };
    let mut lines = Vec::new();
    for (i, field) in c.fields().into_iter().enumerate() {
        let style = if i == c.selected { t.selection } else { t.base };
        let value_style = if field.secret && !c.revealed {
            t.dim
        } else if field.secret {
            t.warn
        } else {
            t.base
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<18}", field.label), style.patch(t.dim)),
            Span::styled(
                field.shown,
                if i == c.selected { style } else { value_style },
            ),
        ]));
    }
    lines.push(Line::raw(""));
    let expired = expires_at_ms(creds).is_some_and(|at| at <= app.now_ms);
    lines.push(Line::from(Span::styled(
        format!(" {}", expiry_text(creds, app.now_ms)),
        if expired { t.failed } else { t.ok },
    )));
    if expired {
        lines.push(Line::from(Span::styled(
            " These credentials no longer open the container. Press ctrl-r to get new ones."
                .to_string(),
            t.failed,
        )));
    }
    if let Some(e) = &c.refresh_error {
        lines.push(Line::from(Span::styled(
            format!(" refresh failed: {}", e.message),
            t.failed,
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        " v reveals · y copies the selected field (secrets too: it is on purpose) · ctrl-r asks for new ones",
        t.dim,
    )));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
