//! Layered graph layout: puts node boxes in layers (columns when they fit the width,
//! rows otherwise) and routes edges as orthogonal polylines through the gaps, Sugiyama
//! style. Boxes share the width: details (ids, paths, schedules) are made whole before
//! names, the narrowest claim first. Pure and deterministic, so the geometry is
//! unit-tested and the canvas only draws.

use std::collections::BTreeMap;

use crate::shared::layout::Rect;

pub use crate::shared::graph::navigate::Step;
use crate::shared::graph::node::Node;
use crate::shared::share::fill;

/// Widest box: room for a landing-zone path or a dataset and schema id, not a paragraph.
const CAP_MAX: u16 = 64;
/// Narrowest box: when the columns of boxes cannot all be this wide (or their content,
/// if less), the graph is drawn top to bottom.
const CAP_MIN: u16 = 18;
/// Gaps grow with the number of channels they must hold, up to this many cells.
const GAP_MAX: u32 = 12;
const GAP_MIN_LR: u32 = 5;
/// Rows are scarcer than columns, so top-to-bottom gaps start thinner.
const GAP_MIN_TB: u32 = 3;
const SWEEPS: usize = 4;
/// Centring a parent on a big fan-out would push it out of the first screen.
const FAN_ALIGN: usize = 8;
const TALL_ROWS: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    LeftToRight,
    TopToBottom,
}

/// What the layout needs of a node: its layer and the size of its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub layer: usize,
    pub content_width: u16,
    /// The part of the width its details want (no more than `content_width`).
    pub detail_width: u16,
    pub content_height: u16,
}

impl Size {
    pub fn of(node: &Node) -> Size {
        Size {
            layer: node.layer,
            content_width: node.content_width(),
            detail_width: node.detail_width(),
            content_height: node.content_height(),
        }
    }

    /// Box widths (border and padding included): at least, for its details, for all.
    fn claim(&self) -> [u32; 3] {
        let box_of = |w: u16| (u32::from(w) + 4).min(u32::from(CAP_MAX));
        let want = box_of(self.content_width);
        let need = box_of(self.detail_width).min(want);
        [want.min(u32::from(CAP_MIN)), need, want]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Corner points from the cell just outside `from` to the arrowhead cell just outside
    /// `to`; empty when the edge was ignored.
    pub points: Vec<(u16, u16)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub direction: Direction,
    /// One box per input node, same index, in canvas coordinates; includes the border.
    pub boxes: Vec<Rect>,
    /// One per input edge, same order.
    pub edges: Vec<Edge>,
    /// Canvas size: every box and edge point lies inside.
    pub width: u16,
    pub height: u16,
}

/// The layered graph in abstract coordinates: `a` crosses the layers, `b` runs along
/// one. Vertices `0..real` are the nodes; the rest are lanes that carry an edge across
/// a layer it skips.
struct Graph {
    rank: Vec<usize>,
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
    order: Vec<Vec<usize>>,
    /// Per input edge, the vertices it passes, or None when it is ignored.
    paths: Vec<Option<Vec<usize>>>,
    edges: Vec<(usize, usize)>,
    real: usize,
}

/// One direction's geometry in abstract coordinates, filled in step by step.
#[derive(Default)]
struct Plan {
    /// Per vertex along `b`: its length, and where edges attach (title row, middle column).
    len: Vec<i64>,
    port: Vec<i64>,
    /// Blank cells between boxes (or a box and a lane), and between two lanes.
    sep: (i64, i64),
    gap_min: u32,
    /// Successors spread over more than this align their parent with the first one.
    tall: i64,
    /// Per node, its box's thickness across the layers.
    len_a: Vec<u32>,
    pos: Vec<i64>,
    chan: Vec<u32>,
    gaps: Vec<u32>,
}

pub fn layout(nodes: &[Size], edges: &[(usize, usize)], avail_width: u16) -> Layout {
    let g = Graph::build(nodes, edges);
    let high = |s: &Size| u32::from(s.content_height) + 2;

    let lr = |v: usize| (i64::from(high(&nodes[v])), 1);
    let mut p = g.plan(lr, (1, 0), GAP_MIN_LR, TALL_ROWS);
    let gap_total: i64 = p.gaps.iter().map(|&w| i64::from(w)).sum();
    if let Some(widths) = g.share_layers(nodes, i64::from(avail_width) - gap_total) {
        p.len_a = widths;
        return g.finish(&p, Direction::LeftToRight);
    }

    let widths = g.share_rows(nodes, avail_width);
    let tb = |v: usize| {
        let w = i64::from(widths[v]);
        (w, w / 2)
    };
    let mut p = g.plan(tb, (2, 1), GAP_MIN_TB, i64::from(avail_width.max(CAP_MAX)));
    p.len_a = nodes.iter().map(high).collect();
    g.finish(&p, Direction::TopToBottom)
}

/// Grows `widths` (already at their floors) with `spare` cells: toward what the details
/// want first, then toward whole names.
fn grow(widths: &mut [usize], needs: &[usize], wants: &[usize], spare: usize) {
    let left = fill(widths, needs, spare);
    fill(widths, wants, left);
}

impl Graph {
    fn build(nodes: &[Size], edges: &[(usize, usize)]) -> Graph {
        let mut layers: Vec<usize> = nodes.iter().map(|n| n.layer).collect();
        layers.sort_unstable();
        layers.dedup();
        let mut rank: Vec<usize> = nodes
            .iter()
            .map(|n| layers.binary_search(&n.layer).unwrap_or(0))
            .collect();
        let real = nodes.len();
        let mut up = vec![Vec::new(); real];
        let mut down = vec![Vec::new(); real];
        let mut paths = Vec::with_capacity(edges.len());
        for &(f, t) in edges {
            if f >= real || t >= real || nodes[f].layer >= nodes[t].layer {
                paths.push(None);
                continue;
            }
            let mut path = vec![f];
            for r in rank[f] + 1..rank[t] {
                path.push(rank.len());
                rank.push(r);
                up.push(Vec::new());
                down.push(Vec::new());
            }
            path.push(t);
            for w in path.windows(2) {
                down[w[0]].push(w[1]);
                up[w[1]].push(w[0]);
            }
            paths.push(Some(path));
        }
        // Input order first (it is meaningful), lanes after their layer's nodes.
        let mut order = vec![Vec::new(); layers.len()];
        for (v, &r) in rank.iter().enumerate() {
            order[r].push(v);
        }
        let edges = edges.to_vec();
        let mut g = Graph {
            rank,
            up,
            down,
            order,
            paths,
            edges,
            real,
        };
        g.reduce_crossings();
        g
    }

    /// Places the vertices along `b` and routes the gaps; `node` gives a node's length
    /// and port along `b`, lanes are one cell.
    fn plan(
        &self,
        node: impl Fn(usize) -> (i64, i64),
        sep: (i64, i64),
        gap_min: u32,
        tall: i64,
    ) -> Plan {
        let lane = |v| if v < self.real { node(v) } else { (1, 0) };
        let (len, port) = (0..self.rank.len()).map(lane).unzip();
        let mut p = Plan {
            len,
            port,
            sep,
            gap_min,
            tall,
            ..Plan::default()
        };
        p.pos = self.place(&p);
        (p.chan, p.gaps) = self.channels(&p);
        p
    }

    fn reduce_crossings(&mut self) {
        let mut pos = vec![0; self.rank.len()];
        for rank in &self.order {
            for (i, &v) in rank.iter().enumerate() {
                pos[v] = i;
            }
        }
        let mut best = self.order.clone();
        let mut best_count = self.crossings(&pos);
        for _ in 0..SWEEPS {
            if best_count == 0 {
                break;
            }
            for r in 1..self.order.len() {
                barycenter(&mut self.order[r], &self.up, &mut pos);
            }
            for r in (0..self.order.len().saturating_sub(1)).rev() {
                barycenter(&mut self.order[r], &self.down, &mut pos);
            }
            let count = self.crossings(&pos);
            if count < best_count {
                best_count = count;
                best.clone_from(&self.order);
            }
        }
        self.order = best;
    }

    /// Pairs of crossing segments between adjacent layers, by inversion counting.
    fn crossings(&self, pos: &[usize]) -> u64 {
        let mut total = 0;
        for r in 0..self.order.len().saturating_sub(1) {
            let mut ends = Vec::new();
            for &u in &self.order[r] {
                let start = ends.len();
                ends.extend(self.down[u].iter().map(|&v| pos[v]));
                ends[start..].sort_unstable();
            }
            let mut tree = vec![0u64; self.order[r + 1].len() + 1];
            for (seen, &e) in ends.iter().enumerate() {
                let (mut i, mut not_above) = (e + 1, 0);
                while i > 0 {
                    not_above += tree[i];
                    i &= i - 1;
                }
                total += seen as u64 - not_above;
                let mut i = e + 1;
                while i < tree.len() {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
            }
        }
        total
    }

    /// Positions along `b`: packed, then a pass down aligning each vertex with the
    /// median of its predecessors, then a pass up centring parents on their successors.
    fn place(&self, sp: &Plan) -> Vec<i64> {
        let mut pos = vec![0; self.rank.len()];
        for (r, rank) in self.order.iter().enumerate() {
            self.settle(r, &vec![0; rank.len()], sp, &mut pos);
        }
        let port_of = |pos: &[i64], u: usize| pos[u] + sp.port[u];
        // A node joined to many, or to a tall block, lines up with the first of them
        // rather than the middle, so it is on screen where the block starts.
        let aim = |pos: &[i64], v: usize, near: &[usize]| {
            let ports = near.iter().map(|&u| port_of(pos, u));
            let lo = ports.clone().min();
            let spread = ports.clone().max().zip(lo).map_or(0, |(h, l)| h - l);
            let tall = near.len() > FAN_ALIGN || spread > sp.tall;
            let target = if tall { lo } else { median(ports) };
            target.map_or(pos[v], |t| t - sp.port[v])
        };
        for r in 1..self.order.len() {
            let want: Vec<i64> = self.order[r]
                .iter()
                .map(|&v| aim(&pos, v, &self.up[v]))
                .collect();
            self.settle(r, &want, sp, &mut pos);
        }
        for r in (0..self.order.len().saturating_sub(1)).rev() {
            let want = |v: usize| aim(&pos, v, &self.down[v]);
            let want: Vec<i64> = self.order[r].iter().map(|&v| want(v)).collect();
            self.settle(r, &want, sp, &mut pos);
        }
        pos
    }

    /// Moves layer `r` as close to `want` as it can while keeping order and spacing:
    /// least squares under the ordering constraints (pool adjacent violators).
    fn settle(&self, r: usize, want: &[i64], sp: &Plan, pos: &mut [i64]) {
        let rank = &self.order[r];
        let lanes = |u: usize, v: usize| u >= self.real && v >= self.real;
        let sep = |u, v| if lanes(u, v) { sp.sep.1 } else { sp.sep.0 };
        let mut off = Vec::with_capacity(rank.len());
        let mut acc = 0;
        for (i, &v) in rank.iter().enumerate() {
            if i > 0 {
                acc += sp.len[rank[i - 1]] + sep(rank[i - 1], v);
            }
            off.push(acc);
        }
        // Blocks of (sum, count) whose members sit packed together.
        let mut blocks: Vec<(i64, i64)> = Vec::new();
        for (w, o) in want.iter().zip(&off) {
            let mut blk = (w - o, 1);
            while let Some(&last) = blocks.last() {
                if i128::from(last.0) * i128::from(blk.1) < i128::from(blk.0) * i128::from(last.1) {
                    break;
                }
                blk = (blk.0 + last.0, blk.1 + last.1);
                blocks.pop();
            }
            blocks.push(blk);
        }
        let mut i = 0;
        for (sum, count) in blocks {
            let q = sum.div_euclid(count).max(0);
            for _ in 0..count {
                pos[rank[i]] = off[i] + q;
                i += 1;
            }
        }
    }

    /// Assigns every vertex with a bend a channel in the gap after its layer (an offset
    /// into that gap) and sizes the gaps.
    fn channels(&self, sp: &Plan) -> (Vec<u32>, Vec<u32>) {
        let mut chan = vec![1; self.rank.len()];
        let mut gaps = Vec::with_capacity(self.order.len().saturating_sub(1));
        let port = |u: usize| sp.pos[u] + sp.port[u];
        for r in 0..self.order.len().saturating_sub(1) {
            let mut bundles: Vec<Bundle> = Vec::new();
            // Lines converging on one vertex share a channel, so a fan-in is one trunk.
            let mut fan_in: BTreeMap<usize, usize> = BTreeMap::new();
            for &u in &self.order[r] {
                let exit = port(u);
                let ts: Vec<i64> = self.down[u].iter().map(|&t| port(t)).collect();
                let lo = ts.iter().fold(exit, |a, &t| a.min(t));
                let hi = ts.iter().fold(exit, |a, &t| a.max(t));
                if lo == hi {
                    continue;
                }
                let single = self.down[u]
                    .first()
                    .filter(|&&t| self.down[u].iter().all(|&x| x == t));
                if let Some(&i) = single.and_then(|t| fan_in.get(t)) {
                    let b: &mut Bundle = &mut bundles[i];
                    b.members.push(u);
                    b.exits.push(exit);
                    (b.lo, b.hi) = (b.lo.min(lo), b.hi.max(hi));
                    b.pull += ts[0] - exit;
                    continue;
                }
                if let Some(&t) = single {
                    fan_in.insert(t, bundles.len());
                }
                let pull = ts.iter().map(|&t| t - exit).sum();
                bundles.push(Bundle {
                    members: vec![u],
                    exits: vec![exit],
                    targets: ts,
                    lo,
                    hi,
                    pull,
                });
            }
            // Own channels while they fit, so unrelated lines never look like one.
            let share = bundles.len() > (GAP_MAX - 2) as usize;
            let tracks = assign_tracks(&bundles, share);
            let count = tracks.iter().map(|&t| t + 1).max().unwrap_or(0);
            let width = (count + 2).clamp(sp.gap_min, GAP_MAX);
            let room = width - 2;
            let margin = (room - count.min(room)) / 2;
            for (b, &t) in bundles.iter().zip(&tracks) {
                for &v in &b.members {
                    chan[v] = 1 + margin + t % room;
                }
            }
            gaps.push(width);
        }
        (chan, gaps)
    }

    /// Left to right: each box's width, the columns of boxes sharing `room` (the width
    /// less the gaps); None when they do not fit at their floors.
    fn share_layers(&self, nodes: &[Size], room: i64) -> Option<Vec<u32>> {
        let per_layer = |k: usize| -> Vec<usize> {
            let claim = |v: &usize| nodes.get(*v).map(|s| s.claim()[k] as usize);
            let widest = |rank: &Vec<usize>| rank.iter().filter_map(claim).max().unwrap_or(0);
            self.order.iter().map(widest).collect()
        };
        let (mut widths, needs, wants) = (per_layer(0), per_layer(1), per_layer(2));
        let floors = i64::try_from(widths.iter().sum::<usize>()).ok()?;
        let spare = usize::try_from(room - floors).ok()?;
        grow(&mut widths, &needs, &wants, spare);
        let width = |v: usize| {
            let layer = widths.get(self.rank[v]).copied().unwrap_or(0);
            nodes[v].claim()[2].min(u32::try_from(layer).unwrap_or(u32::MAX))
        };
        Some((0..self.real).map(width).collect())
    }

    /// Top to bottom: each box's width, the boxes of a row sharing `avail` (less the
    /// lanes and the blanks between them); a box never goes below its floor.
    fn share_rows(&self, nodes: &[Size], avail: u16) -> Vec<u32> {
        let mut out = vec![0u32; self.real];
        for rank in &self.order {
            let boxes: Vec<usize> = rank.iter().copied().filter(|&v| v < self.real).collect();
            let lanes = rank.len() - boxes.len();
            let blanks: usize = rank
                .windows(2)
                .map(|w| {
                    if w[0] >= self.real && w[1] >= self.real {
                        1
                    } else {
                        2
                    }
                })
                .sum();
            let claims: Vec<[u32; 3]> = boxes.iter().map(|&v| nodes[v].claim()).collect();
            let of = |k: usize| -> Vec<usize> { claims.iter().map(|c| c[k] as usize).collect() };
            let (mut widths, needs, wants) = (of(0), of(1), of(2));
            let used = widths.iter().sum::<usize>() + lanes + blanks;
            let spare = usize::from(avail).saturating_sub(used);
            grow(&mut widths, &needs, &wants, spare);
            for (&v, w) in boxes.iter().zip(widths) {
                out[v] = u32::try_from(w).unwrap_or(u32::MAX);
            }
        }
        out
    }

    /// Per layer, the thickness across it: its thickest box (`len_a` has no lanes).
    fn thickness(&self, len_a: &[u32]) -> Vec<i64> {
        let thickest = |rank: &Vec<usize>| rank.iter().filter_map(|&v| len_a.get(v)).max();
        let thick = |rank| thickest(rank).map_or(0, |&t| i64::from(t));
        self.order.iter().map(thick).collect()
    }

    fn finish(&self, p: &Plan, direction: Direction) -> Layout {
        let thick = self.thickness(&p.len_a);
        let mut start = vec![0i64];
        for (r, &t) in thick.iter().enumerate() {
            start.push(start[r] + t + i64::from(p.gaps.get(r).copied().unwrap_or(0)));
        }
        let extent_a = thick.last().map_or(0, |t| start[thick.len() - 1] + t);
        let extent_b = (0..self.rank.len()).map(|v| p.pos[v] + p.len[v]).max();
        // Abstract (across, along) to canvas (x, y).
        let cell = |a: i64, b: i64| {
            let (a, b) = (clamp16(a), clamp16(b));
            let lr = direction == Direction::LeftToRight;
            if lr { (a, b) } else { (b, a) }
        };
        let boxes = (0..self.real)
            .map(|v| {
                let (x, y) = cell(start[self.rank[v]], p.pos[v]);
                let (w, h) = cell(i64::from(p.len_a[v]), p.len[v]);
                Rect::new(x, y, w, h)
            })
            .collect();
        let port = |v: usize| p.pos[v] + p.port[v];
        let route = |path: &[usize]| {
            let mut points = Vec::new();
            for w in path.windows(2) {
                let (u, v, r) = (w[0], w[1], self.rank[w[0]]);
                let out = p.len_a.get(u).map_or(0, |&l| i64::from(l));
                let turn = start[r] + thick[r] + i64::from(p.chan[u]);
                let (pu, pv, end) = (port(u), port(v), start[r + 1] - 1);
                for (a, b) in [(start[r] + out, pu), (turn, pu), (turn, pv), (end, pv)] {
                    push_corner(&mut points, cell(a, b));
                }
            }
            points
        };
        let edges = (self.paths.iter().zip(&self.edges))
            .map(|(path, &(from, to))| Edge {
                from,
                to,
                points: route(path.as_deref().unwrap_or_default()),
            })
            .collect();
        let (width, height) = cell(extent_a, extent_b.unwrap_or(0));
        Layout {
            direction,
            boxes,
            edges,
            width,
            height,
        }
    }
}

/// The lines of a gap that share one vertical run: one source's fan-out, or the
/// sources of a fan-in.
struct Bundle {
    members: Vec<usize>,
    exits: Vec<i64>,
    targets: Vec<i64>,
    lo: i64,
    hi: i64,
    /// Positive when the lines mostly head down (or right, top to bottom).
    pull: i64,
}

/// Channel routing by the constrained left-edge algorithm: bundles get tracks left to
/// right, sharing one only if allowed to and their runs do not overlap; a bundle
/// leaving on a row where another arrives turns first, so the two never run on top of
/// each other; otherwise lines heading down come first, farthest-reaching leftmost,
/// which avoids most crossings.
fn assign_tracks(bundles: &[Bundle], share: bool) -> Vec<u32> {
    let mut arriving: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, b) in bundles.iter().enumerate() {
        for &t in &b.targets {
            let list = arriving.entry(t).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); bundles.len()];
    let mut preds = vec![0usize; bundles.len()];
    for (i, b) in bundles.iter().enumerate() {
        for others in b.exits.iter().filter_map(|e| arriving.get(e)) {
            // Unless it ends on that row too: then both reach the same target.
            if !others.contains(&i) {
                after[i].extend(others);
                others.iter().for_each(|&j| preds[j] += 1);
            }
        }
    }
    let key = |b: &Bundle| {
        let reach = if b.pull > 0 { -b.hi } else { b.lo };
        (b.pull <= 0, reach, b.exits.first().copied())
    };
    let mut remaining: Vec<usize> = (0..bundles.len()).collect();
    remaining.sort_by_key(|&i| key(&bundles[i]));
    let mut track_of = vec![0u32; bundles.len()];
    let mut track = 0u32;
    while !remaining.is_empty() {
        let mut used: BTreeMap<i64, i64> = BTreeMap::new();
        let mut placed = Vec::new();
        let mut rest = Vec::new();
        for i in remaining {
            let (lo, hi) = (bundles[i].lo, bundles[i].hi);
            // A blank cell between runs sharing a track keeps them visibly apart.
            let free = used
                .range(..=hi + 1)
                .next_back()
                .is_none_or(|(_, &h)| h < lo - 1);
            if preds[i] == 0 && free && (share || placed.is_empty()) {
                used.insert(lo, hi);
                placed.push(i);
            } else {
                rest.push(i);
            }
        }
        if placed.is_empty() {
            // The constraints form a cycle: break it at the first in priority order.
            placed.push(rest.remove(0));
        }
        for &i in &placed {
            track_of[i] = track;
            for &j in &after[i] {
                preds[j] = preds[j].saturating_sub(1);
            }
        }
        track += 1;
        remaining = rest;
    }
    track_of
}

/// Sorts a layer by the mean position of each vertex's neighbours; a vertex without any
/// keeps its place, and the sort is stable so ties keep the current order.
fn barycenter(rank: &mut [usize], adj: &[Vec<usize>], pos: &mut [usize]) {
    let key = |v: usize| {
        let (ns, sum) = (&adj[v], adj[v].iter().map(|&u| pos[u]).sum::<usize>());
        if ns.is_empty() {
            pos[v] as f64
        } else {
            sum as f64 / ns.len() as f64
        }
    };
    let mut keyed: Vec<(f64, usize)> = rank.iter().map(|&v| (key(v), v)).collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (i, (_, v)) in keyed.into_iter().enumerate() {
        rank[i] = v;
        pos[v] = i;
    }
}

/// The median, or the mean of the middle two.
fn median(it: impl Iterator<Item = i64>) -> Option<i64> {
    let mut v: Vec<i64> = it.collect();
    v.sort_unstable();
    let n = v.len();
    (n > 0).then(|| (v[(n - 1) / 2] + v[n / 2]).div_euclid(2))
}

fn clamp16(v: i64) -> u16 {
    u16::try_from(v.max(0)).unwrap_or(u16::MAX)
}

/// Appends a point, dropping repeats and points that only continue a straight run, so
/// the polyline holds the start, its corners and the end.
fn push_corner(pts: &mut Vec<(u16, u16)>, p: (u16, u16)) {
    if pts.last() == Some(&p) {
        return;
    }
    if let [.., a, b] = pts.as_slice()
        && ((a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1))
    {
        pts.pop();
    }
    pts.push(p);
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
