//! Moving around a laid-out graph: the box an arrow key reaches, the scroll that keeps
//! a box in view, the box to start on and the box under a click. Reads the layout only.

use crate::shared::layout::Rect;

use crate::shared::graph::layout::{Direction, Edge, Layout};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Left,
    Right,
    Up,
    Down,
}

impl Layout {
    /// The node reached from `from` by an arrow key, if any: across layers, a node
    /// linked to `from` first, then the one most level with it; along a layer, the
    /// neighbour that way, else the nearest box that way overall.
    pub fn step(&self, from: usize, dir: Step) -> Option<usize> {
        let here = self.boxes.get(from)?;
        let lr = self.direction == Direction::LeftToRight;
        let forward = matches!(dir, Step::Right | Step::Down);
        let across = matches!(dir, Step::Left | Step::Right) == lr;
        // A layer's boxes share their `layer` coordinate; centres are doubled to stay whole.
        let layer = |r: &Rect| if lr { r.x } else { r.y };
        let centre = |r: &Rect| {
            let c = |p: u16, l: u16| 2 * i64::from(p) + i64::from(l);
            (c(r.x, r.width), c(r.y, r.height))
        };
        let along = |r: &Rect| if lr { centre(r).1 } else { centre(r).0 };
        let ahead = |d: i64| if forward { d > 0 } else { d < 0 };
        let others = || {
            self.boxes
                .iter()
                .enumerate()
                .filter(move |&(i, _)| i != from)
        };
        let (hl, hb, (cx, cy)) = (layer(here), along(here), centre(here));
        if across {
            let layers = others().map(|(_, r)| layer(r));
            let layers = layers.filter(|&l| ahead(i64::from(l) - i64::from(hl)));
            let next = if forward { layers.min() } else { layers.max() }?;
            let linked = |i: usize| {
                let ends = |e: &Edge| [(e.from, e.to), (e.to, e.from)].contains(&(from, i));
                self.edges.iter().any(|e| !e.points.is_empty() && ends(e))
            };
            return others()
                .filter(|(_, r)| layer(r) == next)
                .min_by_key(|&(i, r)| (!linked(i), (along(r) - hb).abs(), i))
                .map(|(i, _)| i);
        }
        // Rows count double: a cell is about twice as tall as it is wide.
        others()
            .filter(|(_, r)| ahead(along(r) - hb))
            .min_by_key(|&(i, r)| {
                let (x, y) = centre(r);
                (layer(r) != hl, (x - cx).pow(2) + (2 * (y - cy)).pow(2), i)
            })
            .map(|(i, _)| i)
    }

    /// New scroll offset (x, y) so that box `node` is inside a viewport of `view` = (w, h),
    /// changing `scroll` as little as possible; a box bigger than the view shows its top-left.
    pub fn scroll_to_show(&self, node: usize, view: (u16, u16), scroll: (u16, u16)) -> (u16, u16) {
        let Some(b) = self.boxes.get(node) else {
            return scroll;
        };
        let axis = |start: u16, len: u16, view: u16, s: u16| {
            if len > view || start < s {
                start
            } else if u32::from(start) + u32::from(len) > u32::from(s) + u32::from(view) {
                start + len - view
            } else {
                s
            }
        };
        (
            axis(b.x, b.width, view.0, scroll.0),
            axis(b.y, b.height, view.1, scroll.1),
        )
    }

    /// The node to select first: the top-left-most box.
    pub fn first(&self) -> Option<usize> {
        let lr = self.direction == Direction::LeftToRight;
        (0..self.boxes.len()).min_by_key(|&i| {
            let r = self.boxes[i];
            if lr { (r.x, r.y) } else { (r.y, r.x) }
        })
    }

    /// The node whose box contains canvas cell (x, y), for mouse clicks.
    pub fn node_at(&self, x: u16, y: u16) -> Option<usize> {
        self.boxes
            .iter()
            .position(|r| x >= r.x && x - r.x < r.width && y >= r.y && y - r.y < r.height)
    }
}
