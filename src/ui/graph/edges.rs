//! A graph's edges: box-drawing lines marked cell by cell, merged over all edges so that
//! crossings and forks become proper junctions, with an arrow where each edge ends.

use ratatui::style::Style;

use super::canvas::{GraphCanvas, View};
use crate::app::shared::graph::layout::Direction;

// Which ways a line leaves a cell; merged over all edges so crossings become junctions.
const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;
const FOCUS: u8 = 16;
const ARROW: u8 = 32;

impl GraphCanvas<'_> {
    pub(super) fn draw_edges(&self, view: View, put: &mut impl FnMut(u32, u32, char, Style)) {
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
