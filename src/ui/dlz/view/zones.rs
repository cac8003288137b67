//! The landing-zone overview: one card per zone with its container, provider, TTL,
//! storage and the credentials' countdown, the selected card outlined.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use crate::app::features::dlz::zones::{ZONES, ZonesView, expires_at_ms, facts};
use crate::app::shared::pane::Load;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::notice;

pub fn draw(f: &mut Frame, area: Rect, app: &App, z: &ZonesView) {
    let t = Theme::of(app.theme);
    let mut title = vec![Span::styled(" landing zones ", t.title)];
    if z.load.is_loading() {
        title.push(Span::styled("loading… ", t.running));
    }
    let inner = crate::ui::widgets::frame::pane(f, area, t, Line::from(title));
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    if z.zones.is_empty() {
        let (msg, style) = match &z.load {
            Load::Failed { error, .. } => (notice::error_text(app, error), t.failed),
            _ => ("reading the landing zones…".to_string(), t.dim),
        };
        notice::draw(f, inner, msg, style);
        return;
    }
    let [cards, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    let rows = Layout::vertical([Constraint::Length(9), Constraint::Length(9)]).split(cards);
    for (i, (zone, rect)) in ZONES.iter().zip(rows.iter()).enumerate() {
        let Some(info) = z.info(*zone) else {
            continue;
        };
        let selected = i == z.selected;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(if selected {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(if selected { t.key } else { t.dim })
            .title(Span::styled(
                format!(" {zone} "),
                if selected { t.title } else { t.header },
            ));
        let body = block.inner(*rect);
        f.render_widget(block, *rect);
        let expired = info
            .creds
            .as_ref()
            .ok()
            .and_then(expires_at_ms)
            .is_some_and(|at| at <= app.now_ms);
        let retry = notice::retry_key(app);
        let lines: Vec<Line> = facts(info, app.now_ms)
            .into_iter()
            .map(|(label, value)| {
                let style = if label == "credentials" && expired {
                    t.failed
                } else if value.starts_with("unreadable") {
                    t.warn
                } else {
                    t.base
                };
                // A read that failed says how to retry it, before the service's words
                // (they are long and get cut), as every failed pane does.
                let value = match value.strip_prefix("unreadable: ") {
                    Some(why) => format!("unreadable, press {} to retry: {why}", retry),
                    None => value,
                };
                Line::from(vec![
                    Span::styled(format!(" {label:<12}"), t.dim),
                    Span::styled(value, style),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), body);
    }
    let k = |a: &str| {
        app.keymap
            .hint(crate::app::shared::action::Context::Dlz, a)
            .unwrap_or_default()
    };
    let text = format!(
        " enter browses (explore for the drop zone) · {} opens the container in storage · {} credentials · {} new credentials",
        k("browse_storage"),
        k("credentials"),
        k("refresh_credentials")
    );
    f.render_widget(Paragraph::new(Span::styled(text, t.dim)), hint);
}
