//! Draws a laid-out graph: the edges first (`edges`), then the node boxes on top, all
//! clipped to the visible part of a scrolled canvas.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::app::shared::graph::layout::Layout;
use crate::app::shared::graph::node::{Node, NodeState};
use crate::app::shared::table::Tone;
use crate::ui::theme::Theme;
use crate::ui::widgets::marks::{tone_style, truncate};

pub struct GraphCanvas<'a> {
    pub layout: &'a Layout,
    pub nodes: &'a [Node],
    pub selected: Option<usize>,
    /// Top-left canvas cell shown at the area's top-left.
    pub scroll: (u16, u16),
    pub theme: &'a Theme,
}

/// The visible window of the canvas, in canvas cells.
#[derive(Clone, Copy)]
pub(super) struct View {
    pub(super) x: u32,
    pub(super) y: u32,
    pub(super) w: u32,
    pub(super) h: u32,
}

impl View {
    pub(super) fn holds(self, x: u32, y: u32) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }

    pub(super) fn index(self, x: u32, y: u32) -> usize {
        ((y - self.y) * self.w + (x - self.x)) as usize
    }
}

/// Border glyphs: horizontal, vertical, then the corners clockwise from top-left.
type Border = [char; 6];
const PLAIN: Border = ['─', '│', '┌', '┐', '┘', '└'];
const DASHED: Border = ['╌', '╎', '┌', '┐', '┘', '└'];
const HEAVY: Border = ['━', '┃', '┏', '┓', '┛', '┗'];

impl Widget for GraphCanvas<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let view = View {
            x: u32::from(self.scroll.0),
            y: u32::from(self.scroll.1),
            w: u32::from(area.width),
            h: u32::from(area.height),
        };
        let mut put = |x: u32, y: u32, ch: char, style: Style| {
            if !view.holds(x, y) {
                return;
            }
            // Both offsets are below the area's size, which fits in u16.
            let sx = area.x + (x - view.x) as u16;
            let sy = area.y + (y - view.y) as u16;
            if let Some(cell) = buf.cell_mut(Position::new(sx, sy)) {
                cell.set_char(ch).set_style(style);
            }
        };
        self.draw_edges(view, &mut put);
        for (i, (b, node)) in self.layout.boxes.iter().zip(self.nodes).enumerate() {
            let (bx, by) = (u32::from(b.x), u32::from(b.y));
            let visible = bx < view.x + view.w
                && bx + u32::from(b.width) > view.x
                && by < view.y + view.h
                && by + u32::from(b.height) > view.y;
            if visible && !b.is_empty() {
                self.draw_box(
                    crate::ui::rect(*b),
                    node,
                    self.selected == Some(i),
                    view,
                    &mut put,
                );
            }
        }
    }
}

impl GraphCanvas<'_> {
    fn draw_box(
        &self,
        b: Rect,
        node: &Node,
        selected: bool,
        view: View,
        put: &mut impl FnMut(u32, u32, char, Style),
    ) {
        let t = self.theme;
        let (glyphs, border) = if selected {
            (HEAVY, t.border_focus)
        } else {
            match &node.state {
                NodeState::Missing => (DASHED, t.failed),
                NodeState::Failed(_) => (PLAIN, t.failed),
                NodeState::Loading => (PLAIN, t.dim),
                NodeState::Ready if node.tone == Tone::Plain => (PLAIN, t.border),
                NodeState::Ready => (PLAIN, tone_style(t, node.tone)),
            }
        };
        let text_w = usize::from(b.width.saturating_sub(4));
        let label: Vec<char> = truncate(&node.label, text_w).chars().collect();
        let (title_style, pad) = if selected {
            (t.title.patch(t.selection), t.selection)
        } else {
            (t.title, t.base)
        };
        let rows: Vec<(Vec<char>, Style)> = std::iter::once((&node.title, title_style))
            .chain(node.lines.iter().map(|(l, tone)| (l, tone_style(t, *tone))))
            .map(|(s, style)| (truncate(s, text_w).chars().collect(), style))
            .collect();
        let (bx, by) = (u32::from(b.x), u32::from(b.y));
        let (last_x, last_y) = (u32::from(b.width) - 1, u32::from(b.height) - 1);
        // Only the visible part of the box costs anything.
        let cols = bx.max(view.x)..(bx + last_x + 1).min(view.x + view.w);
        for y in by.max(view.y)..(by + last_y + 1).min(view.y + view.h) {
            let ry = y - by;
            for x in cols.clone() {
                let rx = x - bx;
                let edge_x = rx == 0 || rx == last_x;
                let (ch, style) = if ry == 0 || ry == last_y {
                    let corner = match (ry == 0, rx == 0) {
                        (true, true) => glyphs[2],
                        (true, false) => glyphs[3],
                        (false, false) => glyphs[4],
                        (false, true) => glyphs[5],
                    };
                    let in_label = (1..label.len() as u32 + 3).contains(&rx);
                    if edge_x {
                        (corner, border)
                    } else if ry == 0 && !label.is_empty() && in_label {
                        match label.get((rx as usize).wrapping_sub(2)) {
                            Some(&c) if rx >= 2 => (c, t.dim),
                            _ => (' ', border),
                        }
                    } else {
                        (glyphs[0], border)
                    }
                } else if edge_x {
                    (glyphs[1], border)
                } else {
                    let row = rows.get(ry as usize - 1);
                    let base = if ry == 1 { pad } else { t.base };
                    let text = row.and_then(|(chars, style)| {
                        let c = chars.get((rx as usize).checked_sub(2)?)?;
                        Some((*c, *style))
                    });
                    text.unwrap_or((' ', base))
                };
                put(x, y, ch, style);
            }
        }
    }
}
