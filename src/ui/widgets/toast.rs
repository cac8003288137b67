//! Toasts: short notices stacked at the bottom right of the body (copied, errors with
//! their service code). They expire on the app's clock, not on a timer of their own.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

use crate::app::state::App;
use crate::ui::panes::list::truncate;

pub fn draw(f: &mut Frame, body: Rect, app: &App) {
    let max_w = usize::from(body.width.saturating_sub(4)).min(70);
    for (k, toast) in app.toasts.iter().rev().enumerate() {
        let text = truncate(&format!(" {} ", toast.text), max_w);
        let w = text.chars().count() as u16;
        let y = body.y + body.height;
        let Some(y) = y.checked_sub(2 + k as u16) else {
            break;
        };
        if y <= body.y {
            break;
        }
        let x = body.x + body.width.saturating_sub(w + 2);
        let area = Rect::new(x, y, w, 1);
        let style = if toast.error {
            app.theme.toast_error
        } else {
            app.theme.toast_info
        };
        f.render_widget(Clear, area);
        f.render_widget(Paragraph::new(text).style(style), area);
    }
}
