//! A box over the pane for a question (send this change? leave the editor?): cleared,
//! bordered, centred, and as large as asked within the space there is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::ui::theme::Theme;

/// A centred rectangle of at most `w` × `h` inside `within`.
pub fn centred(within: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(within.width);
    let h = h.min(within.height);
    Rect::new(
        within.x + (within.width - w) / 2,
        within.y + (within.height - h) / 2,
        w,
        h,
    )
}

/// Draws `lines` (from `scroll`) in a titled box with a key line at the bottom.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: usize,
    keys: Line<'static>,
) {
    if area.width < 10 || area.height < 4 {
        return;
    }
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {title} "), theme.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let body_h = usize::from(inner.height.saturating_sub(1));
    let scroll = scroll.min(lines.len().saturating_sub(body_h));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(body_h).collect();
    f.render_widget(
        Paragraph::new(shown),
        Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        ),
    );
    f.render_widget(
        Paragraph::new(keys),
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
    );
}
