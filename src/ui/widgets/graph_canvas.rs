//! Draws a laid-out graph: edges as box-drawing lines that join into proper junctions,
//! then the node boxes on top, all clipped to the visible part of a scrolled canvas.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::app::shared::graph::layout::{Direction, Layout};
use crate::app::shared::graph::node::{Node, NodeState};
use crate::app::shared::table::Tone;
use crate::ui::panes::list::{tone_style, truncate};
use crate::ui::theme::Theme;

pub struct GraphCanvas<'a> {
    pub layout: &'a Layout,
    pub nodes: &'a [Node],
    pub selected: Option<usize>,
    /// Top-left canvas cell shown at the area's top-left.
    pub scroll: (u16, u16),
    pub theme: &'a Theme,
}

// Which ways a line leaves a cell; merged over all edges so crossings become junctions.
const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;
const FOCUS: u8 = 16;
const ARROW: u8 = 32;

/// The visible window of the canvas, in canvas cells.
#[derive(Clone, Copy)]
struct View {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
}

impl View {
    fn holds(self, x: u32, y: u32) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }

    fn index(self, x: u32, y: u32) -> usize {
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
    fn draw_edges(&self, view: View, put: &mut impl FnMut(u32, u32, char, Style)) {
        let mut mask = vec![0u8; (view.w * view.h) as usize];
        let mut mark = |x: u32, y: u32, bits: u8| {
            if view.holds(x, y) {
                mask[view.index(x, y)] |= bits;
            }
        };
        for e in &self.layout.edges {
            let focus = self.selected.is_some_and(|s| s == e.from || s == e.to);
            let extra = if focus { FOCUS } else { 0 };
            for pair in e.points.windows(2) {
                let (p, q) = (pair[0], pair[1]);
                let (x0, x1) = (u32::from(p.0.min(q.0)), u32::from(p.0.max(q.0)));
                let (y0, y1) = (u32::from(p.1.min(q.1)), u32::from(p.1.max(q.1)));
                if p.1 == q.1 {
                    if y0 < view.y || y0 >= view.y + view.h {
                        continue;
                    }
                    for x in x0.max(view.x)..=x1.min(view.x + view.w - 1) {
                        let bits = if x > x0 { LEFT } else { 0 } | if x < x1 { RIGHT } else { 0 };
                        mark(x, y0, bits | extra);
                    }
                } else {
                    if x0 < view.x || x0 >= view.x + view.w {
                        continue;
                    }
                    for y in y0.max(view.y)..=y1.min(view.y + view.h - 1) {
                        let bits = if y > y0 { UP } else { 0 } | if y < y1 { DOWN } else { 0 };
                        mark(x0, y, bits | extra);
                    }
                }
            }
            if let Some(&(x, y)) = e.points.last() {
                mark(u32::from(x), u32::from(y), ARROW | extra);
            }
        }
        let arrow = match self.layout.direction {
            Direction::LeftToRight => '▶',
            Direction::TopToBottom => '▼',
        };
        for (i, &bits) in mask.iter().enumerate() {
            if bits == 0 {
                continue;
            }
            let (x, y) = (view.x + i as u32 % view.w, view.y + i as u32 / view.w);
            let ch = if bits & ARROW != 0 {
                arrow
            } else {
                glyph(bits)
            };
            let style = if bits & FOCUS != 0 {
                self.theme.border_focus
            } else {
                self.theme.graph_edge
            };
            put(x, y, ch, style);
        }
    }

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

fn glyph(bits: u8) -> char {
    let (u, d, l, r) = (
        bits & UP != 0,
        bits & DOWN != 0,
        bits & LEFT != 0,
        bits & RIGHT != 0,
    );
    match (u, d, l, r) {
        (false, false, _, _) => '─',
        (_, _, false, false) => '│',
        (true, false, true, false) => '┘',
        (true, false, false, true) => '└',
        (true, false, true, true) => '┴',
        (false, true, true, false) => '┐',
        (false, true, false, true) => '┌',
        (false, true, true, true) => '┬',
        (true, true, true, false) => '┤',
        (true, true, false, true) => '├',
        (true, true, true, true) => '┼',
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Color;

    use super::*;
    use crate::app::shared::graph::layout::{Size, layout};

    fn node(layer: usize, label: &str, title: &str) -> Node {
        Node {
            layer,
            label: label.into(),
            title: title.into(),
            lines: Vec::new(),
            tone: Tone::Plain,
            state: NodeState::Ready,
            object: None,
        }
    }

    fn lay(nodes: &[Node], edges: &[(usize, usize)], avail: u16) -> Layout {
        let sizes: Vec<Size> = nodes.iter().map(Size::of).collect();
        layout(&sizes, edges, avail)
    }

    fn draw(
        l: &Layout,
        nodes: &[Node],
        selected: Option<usize>,
        scroll: (u16, u16),
        area: Rect,
    ) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, area.right(), area.bottom()));
        let theme = Theme::dark();
        GraphCanvas {
            layout: l,
            nodes,
            selected,
            scroll,
            theme: &theme,
        }
        .render(area, &mut buf);
        buf
    }

    fn whole(l: &Layout, nodes: &[Node], selected: Option<usize>) -> Buffer {
        draw(
            l,
            nodes,
            selected,
            (0, 0),
            Rect::new(0, 0, l.width, l.height),
        )
    }

    fn rows(buf: &Buffer) -> Vec<String> {
        let a = buf.area;
        (a.y..a.bottom())
            .map(|y| {
                (a.x..a.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    fn chain() -> (Vec<Node>, Layout) {
        let nodes = vec![
            node(0, "base", "crm"),
            node(1, "flow", "orders"),
            node(2, "target", "out"),
        ];
        let l = lay(&nodes, &[(0, 1), (1, 2)], 200);
        (nodes, l)
    }

    #[test]
    fn chain_draws_boxes_labels_titles_and_arrows() {
        let (nodes, l) = chain();
        assert_eq!(
            rows(&whole(&l, &nodes, None)),
            [
                "┌ base ──┐     ┌ flow ──┐     ┌ target ──┐",
                "│ crm    │────▶│ orders │────▶│ out      │",
                "└────────┘     └────────┘     └──────────┘",
            ]
        );
    }

    #[test]
    fn fan_out_joins_at_junctions() {
        let nodes: Vec<Node> = (0..5)
            .map(|i| node(usize::from(i > 0), "n", &format!("node{i}")))
            .collect();
        let l = lay(&nodes, &[(0, 1), (0, 2), (0, 3), (0, 4)], 200);
        let buf = whole(&l, &nodes, None);
        assert_eq!(
            rows(&buf),
            [
                "              ┌ n ────┐",
                "           ┌─▶│ node1 │",
                "           │  └───────┘",
                "           │           ",
                "           │  ┌ n ────┐",
                "           ├─▶│ node2 │",
                "┌ n ────┐  │  └───────┘",
                "│ node0 │──┤           ",
                "└───────┘  │  ┌ n ────┐",
                "           ├─▶│ node3 │",
                "           │  └───────┘",
                "           │           ",
                "           │  ┌ n ────┐",
                "           └─▶│ node4 │",
                "              └───────┘",
            ]
        );
        assert_eq!(
            buf[(11, 7)].fg,
            Theme::dark().graph_edge.fg.unwrap_or(Color::Reset)
        );
    }

    #[test]
    fn fan_in_is_one_trunk() {
        let nodes: Vec<Node> = (0..4)
            .map(|i| node(usize::from(i == 3), "n", &format!("node{i}")))
            .collect();
        let l = lay(&nodes, &[(0, 3), (1, 3), (2, 3)], 200);
        let picture = rows(&whole(&l, &nodes, None));
        assert_eq!(&picture[1][..], "│ node0 │──┐           ");
        assert_eq!(&picture[5][..], "│ node1 │──┼─▶│ node3 │");
        assert_eq!(&picture[9][..], "│ node2 │──┘           ");
    }

    #[test]
    fn selected_node_has_a_heavy_border_and_bright_edges() {
        let (nodes, l) = chain();
        let buf = whole(&l, &nodes, Some(1));
        assert_eq!(
            rows(&buf),
            [
                "┌ base ──┐     ┏ flow ━━┓     ┌ target ──┐",
                "│ crm    │────▶┃ orders ┃────▶│ out      │",
                "└────────┘     ┗━━━━━━━━┛     └──────────┘",
            ]
        );
        let t = Theme::dark();
        assert_eq!(buf[(15, 0)].fg, t.border_focus.fg.unwrap_or(Color::Reset));
        assert_eq!(buf[(12, 1)].fg, t.border_focus.fg.unwrap_or(Color::Reset));
        assert_eq!(buf[(17, 1)].bg, t.selection.bg.unwrap_or(Color::Reset));
        assert_eq!(buf[(23, 1)].bg, t.selection.bg.unwrap_or(Color::Reset));
        assert_eq!(buf[(2, 1)].fg, t.title.fg.unwrap_or(Color::Reset));
    }

    #[test]
    fn missing_node_is_dashed_and_lines_keep_their_tone() {
        let (mut nodes, l) = chain();
        nodes[1].state = NodeState::Missing;
        nodes[2].tone = Tone::Ok;
        let buf = whole(&l, &nodes, None);
        let picture = rows(&buf);
        assert_eq!(
            &picture[0][..],
            "┌ base ──┐     ┌ flow ╌╌┐     ┌ target ──┐"
        );
        assert_eq!(
            &picture[1][..],
            "│ crm    │────▶╎ orders ╎────▶│ out      │"
        );
        assert_eq!(
            &picture[2][..],
            "└────────┘     └╌╌╌╌╌╌╌╌┘     └──────────┘"
        );
        let t = Theme::dark();
        assert_eq!(buf[(15, 1)].fg, t.failed.fg.unwrap_or(Color::Reset));
        assert_eq!(buf[(30, 1)].fg, t.ok.fg.unwrap_or(Color::Reset));
        assert_eq!(buf[(0, 1)].fg, t.border.fg.unwrap_or(Color::Reset));
        assert_eq!(buf[(2, 0)].fg, t.dim.fg.unwrap_or(Color::Reset));

        let mut one = vec![node(0, "flow", "orders")];
        one[0].lines = vec![("failed 2m ago".into(), Tone::Failed)];
        one[0].state = NodeState::Loading;
        let l = lay(&one, &[], 80);
        let buf = whole(&l, &one, None);
        assert_eq!(rows(&buf)[2], "│ failed 2m ago │");
        assert_eq!(buf[(2, 2)].fg, t.failed.fg.unwrap_or(Color::Reset));
        assert_eq!(buf[(0, 2)].fg, t.dim.fg.unwrap_or(Color::Reset));
    }

    #[test]
    fn long_titles_are_truncated() {
        let title = "x".repeat(80);
        let nodes = vec![node(0, "flow", &title)];
        let l = lay(&nodes, &[], 200);
        assert_eq!(l.boxes[0].width, 64);
        let picture = rows(&whole(&l, &nodes, None));
        assert_eq!(picture[1], format!("│ {}… │", "x".repeat(59)));
    }

    #[test]
    fn scrolling_shifts_and_clips() {
        let (nodes, l) = chain();
        let full = rows(&whole(&l, &nodes, None));
        let area = Rect::new(3, 2, 20, 2);
        for scroll in [(12, 1), (0, 0), (25, 2), (40, 0)] {
            let buf = draw(&l, &nodes, None, scroll, area);
            for dy in 0..2 {
                let want: String = full
                    .get(usize::from(scroll.1 + dy))
                    .map(|r| r.chars().skip(usize::from(scroll.0)).take(20).collect())
                    .unwrap_or_default();
                let got: String = (3..23).map(|x| buf[(x, 2 + dy)].symbol()).collect();
                assert_eq!(
                    got.trim_end(),
                    want.trim_end(),
                    "scroll {scroll:?} row {dy}"
                );
            }
            // Outside the area nothing is drawn.
            assert!(rows(&buf)[..2].iter().all(|r| r.trim().is_empty()));
        }
        let far = draw(&l, &nodes, Some(0), (u16::MAX, u16::MAX), area);
        assert!(rows(&far).iter().all(|r| r.trim().is_empty()));
    }

    #[test]
    fn top_to_bottom_points_down() {
        let (nodes, _) = chain();
        let l = lay(&nodes, &[(0, 1), (1, 2)], 30);
        assert_eq!(l.direction, Direction::TopToBottom);
        let buf = whole(&l, &nodes, None);
        let b = l.boxes[1];
        assert_eq!(buf[(b.x + b.width / 2, b.y - 1)].symbol(), "▼");
        assert_eq!(buf[(b.x + b.width / 2, b.y - 2)].symbol(), "│");
    }

    #[test]
    fn empty_areas_draw_nothing() {
        let (nodes, l) = chain();
        for area in [
            Rect::new(0, 0, 0, 0),
            Rect::new(0, 0, 10, 0),
            Rect::new(0, 0, 0, 5),
        ] {
            let buf = draw(&l, &nodes, Some(1), (0, 0), area);
            assert!(rows(&buf).iter().all(|r| r.trim().is_empty()));
        }
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 4));
        let t = Theme::mono();
        let canvas = GraphCanvas {
            layout: &l,
            nodes: &nodes,
            selected: None,
            scroll: (0, 0),
            theme: &t,
        };
        canvas.render(Rect::new(10, 10, 5, 5), &mut buf);
        assert!(rows(&buf).iter().all(|r| r.trim().is_empty()));
    }
}
