//! The border every pane is drawn in: focused, titled, and the room left inside.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use crate::ui::theme::Theme;

/// Draws the pane's border with `title` and returns the area inside it.
pub fn pane(f: &mut Frame, area: Rect, theme: &Theme, title: Line<'_>) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}
