//! Draws a [`JsonTree`]: syntax colours, fold markers, search highlights, the cursor line and
//! horizontal scroll. It only reads the tree; the caller runs [`fit`] (which stores the
//! scroll offset and view width through `&mut JsonTree`) before drawing, so the cursor stays
//! in view without the widget needing mutable state.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::shared::json_tree::{self, JsonTree, SegKind};
use crate::ui::theme::Theme;

/// Columns left of the text for the ▾ / ▸ fold marker.
pub const GUTTER: u16 = 2;

pub struct JsonView<'a> {
    pub tree: &'a JsonTree,
    pub theme: &'a Theme,
    /// The cursor line is only highlighted while the pane has focus.
    pub focused: bool,
}

/// Prepares `tree` for drawing into `area`: keeps the cursor inside the window and tells the
/// tree how wide the text column is, so horizontal scrolling stops at the longest line.
pub fn fit(tree: &mut JsonTree, area: Rect) {
    tree.set_view_width(usize::from(area.width.saturating_sub(GUTTER)));
    tree.keep_cursor_visible(usize::from(area.height));
}

impl Widget for JsonView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        buf.set_style(area, self.theme.base);
        let gutter = GUTTER.min(area.width);
        let text_x = area.x + gutter;
        let text_width = area.width - gutter;
        let first = self.tree.scroll_offset(usize::from(area.height));
        for (y, i) in (area.top()..area.bottom()).zip(first..) {
            let Some(line) = self.tree.line(i) else {
                break;
            };
            let on_cursor = self.focused && i == self.tree.cursor();
            if on_cursor {
                buf.set_style(Rect::new(area.x, y, area.width, 1), self.theme.selection);
            }
            if line.foldable {
                let marker = if line.folded { "▸" } else { "▾" };
                let style = if on_cursor {
                    Style::new()
                } else {
                    self.theme.json_punct
                };
                buf.set_stringn(area.x, y, marker, usize::from(gutter), style);
            }
            let spans = skip_columns(self.spans(line, on_cursor), self.tree.offset_x());
            buf.set_line(text_x, y, &Line::from(spans), text_width);
        }
    }
}

impl JsonView<'_> {
    /// Indentation and coloured segments, with search occurrences split out. On the cursor
    /// line tokens take no colour of their own so the selection style stays readable; only
    /// search matches stand out on it.
    fn spans(&self, line: json_tree::Line, on_cursor: bool) -> Vec<Span<'static>> {
        let mut spans = Vec::with_capacity(line.segments.len() + 1);
        spans.push(Span::raw(" ".repeat(line.depth * 2)));
        let query = self.tree.query().filter(|q| !q.is_empty());
        for seg in line.segments {
            let style = if on_cursor {
                Style::new()
            } else {
                self.kind_style(seg.kind)
            };
            let ranges = match query {
                Some(q) if seg.kind.searchable() => json_tree::find_matches(&seg.text, q),
                _ => Vec::new(),
            };
            if ranges.is_empty() {
                spans.push(Span::styled(seg.text, style));
                continue;
            }
            let hit = style.patch(self.theme.search_match);
            let mut at = 0;
            for r in ranges {
                if let Some(before) = seg.text.get(at..r.start).filter(|s| !s.is_empty()) {
                    spans.push(Span::styled(before.to_owned(), style));
                }
                if let Some(found) = seg.text.get(r.clone()) {
                    spans.push(Span::styled(found.to_owned(), hit));
                }
                at = r.end;
            }
            if let Some(after) = seg.text.get(at..).filter(|s| !s.is_empty()) {
                spans.push(Span::styled(after.to_owned(), style));
            }
        }
        spans
    }

    fn kind_style(&self, kind: SegKind) -> Style {
        let t = self.theme;
        match kind {
            SegKind::Key => t.json_key,
            SegKind::Str => t.json_string,
            SegKind::Number => t.json_number,
            SegKind::Bool => t.json_bool,
            SegKind::Null => t.json_null,
            SegKind::Punct => t.json_punct,
            SegKind::Summary => t.dim,
        }
    }
}

/// Drops the first `skip` display columns. Widths are measured per grapheme the way the
/// buffer measures them (`CellWidth`), so scrolling agrees with what `set_line` draws; a wide
/// character cut by the left edge leaves blanks for its visible half rather than shifting
/// the rest of the line.
fn skip_columns(spans: Vec<Span<'static>>, skip: usize) -> Vec<Span<'static>> {
    if skip == 0 {
        return spans;
    }
    let mut col = 0;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if col >= skip {
            out.push(span);
            continue;
        }
        let width = span.width();
        if col + width <= skip {
            col += width;
            continue;
        }
        let mut kept = String::new();
        for g in span.styled_graphemes(Style::new()) {
            let w = usize::from(g.symbol.cell_width());
            if col >= skip {
                kept.push_str(g.symbol);
            } else if col + w > skip {
                kept.push_str(&" ".repeat(col + w - skip));
            }
            col += w;
        }
        out.push(Span::styled(kept, span.style));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draw(tree: &mut JsonTree, area: Rect, focused: bool) -> Buffer {
        let theme = Theme::dark();
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 8));
        fit(tree, area);
        JsonView {
            tree,
            theme: &theme,
            focused,
        }
        .render(area, &mut buf);
        buf
    }

    fn rows(buf: &Buffer) -> Vec<String> {
        let width = usize::from(buf.area.width);
        buf.content
            .chunks(width)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
            .map(|row| row.trim_end().to_owned())
            .collect()
    }

    fn full() -> Rect {
        Rect::new(0, 0, 40, 8)
    }

    #[test]
    fn draws_a_small_object_with_gutter_and_indent() {
        let mut tree = JsonTree::new(&json!({"name": "flow", "n": 1, "tags": ["a"], "x": null}));
        let buf = draw(&mut tree, full(), true);
        assert_eq!(
            rows(&buf),
            [
                "▾ {",
                "    \"name\": \"flow\",",
                "    \"n\": 1,",
                "▾   \"tags\": [",
                "      \"a\"",
                "    ],",
                "    \"x\": null",
                "  }",
            ]
        );
        let theme = Theme::dark();
        // Cursor row carries the selection style; token colours elsewhere.
        assert_eq!(buf[(10, 0)].bg, theme.selection.bg.unwrap());
        assert_eq!(buf[(4, 1)].fg, theme.json_key.fg.unwrap());
        assert_eq!(buf[(12, 1)].fg, theme.json_string.fg.unwrap());
        assert_eq!(buf[(9, 2)].fg, theme.json_number.fg.unwrap());
    }

    #[test]
    fn draws_a_folded_node_with_summary() {
        let mut tree = JsonTree::new(&json!({"tags": ["a", "b", "c"], "id": 7}));
        tree.down(1);
        tree.toggle();
        let buf = draw(&mut tree, full(), false);
        assert_eq!(
            rows(&buf)[..4],
            [
                "▾ {",
                "▸   \"tags\": [ … ], 3 items",
                "    \"id\": 7",
                "  }"
            ]
        );
        // Unfocused: no cursor highlight.
        assert_eq!(buf[(5, 1)].bg, ratatui::style::Color::Reset);
        assert_eq!(buf[(24, 1)].fg, Theme::dark().dim.fg.unwrap());
    }

    #[test]
    fn horizontal_offset_skips_columns_but_not_the_gutter() {
        let mut tree = JsonTree::new(&json!({"key": "日本語 text"}));
        // 10 text columns; the line `  "key": "日本語 text"` is 22 wide.
        let narrow = Rect::new(0, 0, 12, 8);
        tree.right(3);
        let buf = draw(&mut tree, narrow, false);
        let rows = rows(&buf);
        assert_eq!(rows[0], "▾");
        // A wide cell is followed by an empty cell in the buffer; 本 does not fit.
        assert_eq!(rows[1], "  key\": \"日");
        tree.right(8);
        assert_eq!(tree.offset_x(), 11);
        let buf = draw(&mut tree, narrow, false);
        // The skip cuts 日 in half: its right half shows as a blank.
        assert_eq!(rows_of(&buf, 1), "   本 語  text");
        tree.right(100);
        assert_eq!(tree.offset_x(), 12);
    }

    fn rows_of(buf: &Buffer, y: usize) -> String {
        rows(buf).swap_remove(y)
    }

    #[test]
    fn search_matches_are_highlighted() {
        let mut tree = JsonTree::new(&json!({"name": "Flow one"}));
        tree.search("flow");
        let buf = draw(&mut tree, full(), true);
        let theme = Theme::dark();
        // `    "name": "Flow one"`: F is at column 13, on the cursor line.
        assert_eq!(buf[(13, 1)].bg, theme.search_match.bg.unwrap());
        assert_eq!(buf[(16, 1)].bg, theme.search_match.bg.unwrap());
        assert_eq!(buf[(17, 1)].bg, theme.selection.bg.unwrap());
    }

    #[test]
    fn zero_sized_areas_draw_nothing() {
        let mut tree = JsonTree::new(&json!({"a": 1}));
        for area in [
            Rect::new(0, 0, 40, 0),
            Rect::new(0, 0, 0, 8),
            Rect::new(0, 0, 1, 1),
        ] {
            let buf = draw(&mut tree, area, true);
            let drawn: String = rows(&buf).concat();
            assert!(drawn.chars().count() <= 1, "{drawn:?}");
        }
        // Outside the buffer entirely.
        let buf = draw(&mut tree, Rect::new(50, 50, 10, 10), true);
        assert!(rows(&buf).concat().is_empty());
    }
}
