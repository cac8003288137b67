//! The text box on the footer line (filter, property filter, command line, search), its
//! error, and the command line's completions in a small list above it, scrolled so the
//! one `tab` picked is always in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::overlay::InputBox;
use crate::app::shared::layout::Areas;
use crate::app::state::App;
use crate::ui::text::text_area;
use crate::ui::theme::Theme;

/// Completions shown at once.
const SHOWN: usize = 6;

pub fn draw(f: &mut Frame, a: Areas, app: &App, bx: &InputBox) {
    let t = Theme::of(app.theme);
    let area = crate::ui::rect(a.footer);
    let prompt = bx.purpose.prompt();
    let pw = prompt.chars().count() as u16;
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(Span::styled(prompt, t.key)),
        Rect::new(area.x, area.y, pw.min(area.width), 1),
    );
    let err_w = bx
        .error
        .as_ref()
        .map(|e| (e.chars().count() as u16 + 2).min(area.width / 2))
        .unwrap_or(0);
    let field = Rect::new(
        area.x + pw.min(area.width),
        area.y,
        area.width.saturating_sub(pw + err_w),
        1,
    );
    match text_area(&*bx.text) {
        Some(ta) => f.render_widget(ta, field),
        // Only the ui makes buffers; another kind still shows its text.
        None => f.render_widget(Paragraph::new(bx.value()), field),
    }
    if let Some(e) = &bx.error {
        let r = Rect::new(area.x + area.width - err_w, area.y, err_w, 1);
        f.render_widget(Paragraph::new(Span::styled(format!(" {e}"), t.failed)), r);
    }
    if !bx.completions.is_empty() {
        let n = bx.completions.len().min(SHOWN) as u16;
        let w = bx
            .completions
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0) as u16
            + 4;
        let h = n + 2;
        if a.body.height >= h {
            let r = Rect::new(
                area.x + pw,
                area.y.saturating_sub(h),
                w.min(area.width.saturating_sub(pw)),
                h,
            );
            let current = bx.value();
            let picked = bx.completions.iter().position(|c| *c == current);
            let first = picked.map_or(0, |i| (i + 1).saturating_sub(SHOWN));
            let lines: Vec<Line> = bx
                .completions
                .iter()
                .skip(first)
                .take(SHOWN)
                .map(|c| {
                    let style = if *c == current { t.selection } else { t.base };
                    Line::from(Span::styled(format!(" {c} "), style))
                })
                .collect();
            f.render_widget(Clear, r);
            let mut block = Block::default()
                .borders(Borders::ALL)
                .border_style(t.border);
            // More than fit: say where the list is.
            if bx.completions.len() > SHOWN {
                let at = picked.map_or(0, |i| i + 1);
                block = block.title(format!(" {at}/{} ", bx.completions.len()));
            }
            f.render_widget(Paragraph::new(lines).block(block), r);
        }
    }
}
