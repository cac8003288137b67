//! The editor's text: line numbers, the cursor, the selection, search matches, and the
//! checker's findings marked where they point (the line number coloured, the cell
//! underlined). Draws only the rows and columns in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use crate::app::shared::jsontext::{Finding, Severity};
use crate::ui::theme::Theme;

pub struct Code<'a> {
    pub lines: &'a [String],
    /// Row and column (in chars) of the cursor.
    pub cursor: (usize, usize),
    pub selection: Option<((usize, usize), (usize, usize))>,
    /// First row and column drawn.
    pub scroll: (usize, usize),
    pub findings: &'a [Finding],
    pub search: Option<&'a str>,
    pub show_cursor: bool,
    pub gutter: u16,
    pub theme: &'a Theme,
}

impl Code<'_> {
    /// The worst finding on a 0-based row.
    fn severity(&self, row: usize) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| f.line == row + 1)
            .map(|f| f.severity)
            .min()
    }

    fn selected(&self, row: usize, col: usize) -> bool {
        self.selection
            .is_some_and(|(a, b)| (row, col) >= a && (row, col) < b)
    }
}

impl Widget for Code<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let text_w = usize::from(area.width.saturating_sub(self.gutter));
        for y in 0..area.height {
            let row = self.scroll.0 + usize::from(y);
            let Some(line) = self.lines.get(row) else {
                break;
            };
            let sy = area.y + y;
            let mark = self.severity(row);
            let num_style = match mark {
                Some(Severity::Error) => t.failed,
                Some(Severity::Warning) => t.warn,
                None => t.dim,
            };
            let num = format!(
                "{:>w$} ",
                row + 1,
                w = usize::from(self.gutter.saturating_sub(1))
            );
            buf.set_stringn(area.x, sy, &num, usize::from(self.gutter), num_style);
            let chars: Vec<char> = line.chars().collect();
            let hits: Vec<(usize, usize)> = match self.search.filter(|q| !q.is_empty()) {
                Some(q) => line
                    .match_indices(q)
                    .map(|(b, m)| {
                        let at = line[..b].chars().count();
                        (at, at + m.chars().count())
                    })
                    .collect(),
                None => Vec::new(),
            };
            for x in 0..text_w {
                let col = self.scroll.1 + x;
                let sx = area.x + self.gutter + u16::try_from(x).unwrap_or(u16::MAX);
                let c = chars.get(col).copied();
                let mut style = t.base;
                if hits.iter().any(|&(a, b)| col >= a && col < b) {
                    style = t.search_match;
                }
                if self.selected(row, col) && c.is_some() {
                    style = t.selection;
                }
                for f in self.findings.iter().filter(|f| f.line == row + 1) {
                    // A finding past the end of its line marks the cell just after it.
                    let at = (f.column.saturating_sub(1)).min(chars.len());
                    if col == at {
                        let tone = if f.severity == Severity::Error {
                            t.failed
                        } else {
                            t.warn
                        };
                        style = style
                            .patch(tone)
                            .add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
                    }
                }
                if self.show_cursor && (row, col) == self.cursor {
                    style = style.add_modifier(Modifier::REVERSED);
                }
                let shown = match c {
                    Some('\t') => ' ',
                    Some(c) => c,
                    None => ' ',
                };
                if style != Style::default() || c.is_some() {
                    let cell = &mut buf[(sx, sy)];
                    cell.set_char(shown);
                    cell.set_style(style);
                }
            }
        }
    }
}
