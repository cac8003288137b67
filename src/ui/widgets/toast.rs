//! Toasts: notices stacked at the bottom right of the body (copied, a run that ended,
//! errors with their service code). Each is wrapped to the lines it needs, so what it
//! exists to say is never cut; they expire on the app's clock, not on a timer of their
//! own, and `:messages` keeps them all.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap::wrap;

/// A toast never takes more lines than this; the rest is in `:messages`.
const MAX_LINES: usize = 6;

pub fn draw(f: &mut Frame, body: Rect, app: &App) {
    // Wide enough to read a sentence, never the whole body.
    let max_w = usize::from(body.width.saturating_sub(6)).clamp(1, 90);
    let mut bottom = body.y + body.height.saturating_sub(1);
    for toast in app.toasts.iter().rev() {
        let mut lines = wrap(&toast.text, max_w);
        if lines.len() > MAX_LINES {
            lines.truncate(MAX_LINES);
            if let Some(last) = lines.last_mut() {
                let keep: String = last.chars().take(max_w.saturating_sub(11)).collect();
                *last = format!("{keep} (:messages)");
            }
        }
        let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16 + 2;
        let h = lines.len() as u16;
        let Some(top) = bottom.checked_sub(h) else {
            break;
        };
        if top <= body.y || w <= 2 {
            break;
        }
        let x = body.x + body.width.saturating_sub(w + 2);
        let area = Rect::new(x, top, w, h);
        let style = if toast.error {
            Theme::of(app.theme).toast_error
        } else {
            Theme::of(app.theme).toast_info
        };
        let text: Vec<Line> = lines.into_iter().map(Line::from).collect();
        f.render_widget(Clear, area);
        f.render_widget(
            Paragraph::new(text)
                .style(style)
                .block(Block::default().padding(Padding::horizontal(1))),
            area,
        );
        bottom = top;
    }
}
