//! Screen geometry shared by drawing and by mouse handling, so a click lands on what was
//! drawn there. Pure arithmetic on the terminal size, in the core's own [`Rect`]: the ui
//! turns it into the drawing library's rectangle where it draws.

use crate::shared::nav::Tab;

/// A rectangle of terminal cells. It behaves as the drawing library's does (`new` keeps
/// the far edges on the screen), so geometry computed here draws the same there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Rect {
    /// A rectangle at `x`, `y`, cut so its right and bottom edges fit in `u16`.
    pub const fn new(x: u16, y: u16, width: u16, height: u16) -> Rect {
        Rect {
            x,
            y,
            width: x.saturating_add(width) - x,
            height: y.saturating_add(height) - y,
        }
    }

    pub const fn is_empty(self) -> bool {
        self.width == 0 || self.height == 0
    }

    /// The first column past the right edge.
    pub const fn right(self) -> u16 {
        self.x.saturating_add(self.width)
    }

    /// The first row past the bottom edge.
    pub const fn bottom(self) -> u16 {
        self.y.saturating_add(self.height)
    }
}

/// Below this the screen says "terminal too small" instead of drawing panes.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub crumbs: Rect,
    pub body: Rect,
    pub footer: Rect,
    pub status: Rect,
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

impl Areas {
    pub fn of(width: u16, height: u16) -> Areas {
        let row = |y: u16| Rect::new(0, y.min(height.saturating_sub(1)), width, 1);
        Areas {
            tabs: row(0),
            crumbs: row(1),
            body: Rect::new(0, 2, width, height.saturating_sub(4)),
            footer: row(height.saturating_sub(2)),
            status: row(height.saturating_sub(1)),
        }
    }

    /// Rows of a list's table: the body less its border and the header line.
    pub fn list_rows(&self) -> usize {
        usize::from(self.body.height.saturating_sub(3))
    }

    /// Lines of the detail's JSON: the body less its border and the related-objects line.
    pub fn detail_lines(&self) -> usize {
        usize::from(self.body.height.saturating_sub(3))
    }

    /// Columns of the detail's JSON text: the body less its border and the fold gutter.
    pub fn detail_width(&self) -> usize {
        usize::from(self.body.width.saturating_sub(4))
    }

    /// The graph canvas: the body less its border and the two lines under the graph
    /// (the selected node's full name, and the summary).
    pub fn graph_canvas(&self) -> Rect {
        Rect {
            x: self.body.x + 1,
            y: self.body.y + 1,
            width: self.body.width.saturating_sub(2),
            height: self.body.height.saturating_sub(4),
        }
    }

    /// The editor pane's parts, inside its border: a header line, a notice line, the text
    /// and the preview side by side (stacked when narrow), and the findings at the bottom.
    pub fn editor(&self) -> EditorAreas {
        let inner = Rect {
            x: self.body.x + 1,
            y: self.body.y + 1,
            width: self.body.width.saturating_sub(2),
            height: self.body.height.saturating_sub(2),
        };
        let row = |y: u16| Rect::new(inner.x, y, inner.width, 1.min(inner.height));
        let findings_h = 3.min(inner.height.saturating_sub(4));
        let middle_y = inner.y + 2.min(inner.height);
        let middle_h = inner.height.saturating_sub(2 + findings_h);
        let findings = Rect::new(inner.x, middle_y + middle_h, inner.width, findings_h);
        let (text, preview) = if inner.width >= EDITOR_SIDE_BY_SIDE {
            let text_w = inner.width * 3 / 5;
            (
                Rect::new(inner.x, middle_y, text_w, middle_h),
                // One column between them for the divider.
                Rect::new(
                    inner.x + text_w + 1,
                    middle_y,
                    inner.width.saturating_sub(text_w + 1),
                    middle_h,
                ),
            )
        } else {
            let text_h = middle_h.saturating_sub(middle_h * 2 / 5);
            (
                Rect::new(inner.x, middle_y, inner.width, text_h),
                Rect::new(
                    inner.x,
                    middle_y + text_h + 1.min(middle_h),
                    inner.width,
                    middle_h.saturating_sub(text_h + 1),
                ),
            )
        };
        EditorAreas {
            header: row(inner.y),
            notice: row(inner.y + 1),
            text,
            preview,
            findings,
        }
    }

    /// The screen row of a list's first data row.
    pub fn first_list_row(&self) -> u16 {
        self.body.y + 2
    }
}

/// From this width of the editor's inside, the preview sits beside the text.
pub const EDITOR_SIDE_BY_SIDE: u16 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditorAreas {
    pub header: Rect,
    pub notice: Rect,
    pub text: Rect,
    pub preview: Rect,
    pub findings: Rect,
}

/// The label of a tab in the tab bar: ` 2 Flows `.
pub fn tab_label(tab: Tab, short: bool) -> String {
    if short {
        // Without the trailing pad (and with two short titles) eight tabs fit in 80
        // columns.
        format!(" {} {}", tab.index() + 1, tab.short_title())
    } else {
        format!(" {} {} ", tab.index() + 1, tab.title())
    }
}

/// Whether the tab bar needs the short titles to fit in `width` columns.
pub fn short_tabs(width: u16) -> bool {
    let full: usize = Tab::ALL
        .iter()
        .map(|&t| tab_label(t, false).chars().count() + 1)
        .sum();
    full > usize::from(width)
}

/// Column ranges of the tabs, as the tab bar draws them in `width` columns (one space
/// between tabs).
pub fn tab_spans(width: u16) -> Vec<(Tab, u16, u16)> {
    let short = short_tabs(width);
    let mut x = 0u16;
    Tab::ALL
        .iter()
        .map(|&t| {
            let w = tab_label(t, short).chars().count() as u16;
            let span = (t, x, x + w);
            x += w + 1;
            span
        })
        .collect()
}

pub fn tab_at(column: u16, width: u16) -> Option<Tab> {
    tab_spans(width)
        .into_iter()
        .find(|&(_, a, b)| column >= a && column < b)
        .map(|(t, _, _)| t)
}

#[cfg(test)]
mod tests {
    use crate::shared::layout::*;

    #[test]
    fn areas_stack_without_overlap() {
        let a = Areas::of(80, 24);
        assert_eq!((a.tabs.y, a.crumbs.y, a.body.y), (0, 1, 2));
        assert_eq!(a.body.height, 20);
        assert_eq!((a.footer.y, a.status.y), (22, 23));
        assert_eq!(a.list_rows(), 17);
    }

    #[test]
    fn clicks_find_tabs() {
        assert_eq!(tab_at(0, 200), Some(Tab::Connections));
        let flows = tab_spans(200)[1];
        assert_eq!(tab_at(flows.1, 200), Some(Tab::Flows));
        assert_eq!(tab_at(flows.2, 200), None, "the gap between tabs");
        assert_eq!(tab_at(500, 200), None);
        // At 80 columns the short titles keep all eight tabs on the bar.
        assert!(short_tabs(80) && !short_tabs(120));
        let last = tab_spans(80)[7];
        assert_eq!(last.0, Tab::Connectors);
        assert!(last.2 <= 80, "{last:?}");
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        let a = Areas::of(3, 2);
        assert_eq!(a.body.height, 0);
        assert_eq!(a.list_rows(), 0);
        assert!(too_small(79, 9));
    }
}
