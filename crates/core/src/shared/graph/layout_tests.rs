//! Geometry tests of the layered layout: invariants on every graph, plus the shapes the
//! panes draw (flow chains, fan-ins, fan-outs, missing nodes, big reverse views).

use crate::shared::graph::layout::*;

fn sz(layer: usize, content_width: u16, content_height: u16) -> Size {
    Size {
        layer,
        content_width,
        detail_width: content_width,
        content_height,
    }
}

/// A box whose name (`title`) is wider than its details.
fn named(layer: usize, title: u16, details: u16) -> Size {
    Size {
        layer,
        content_width: title.max(details),
        detail_width: details,
        content_height: 3,
    }
}

/// Every cell of a segment, both ends included.
fn cells(p: (u16, u16), q: (u16, u16)) -> Vec<(u16, u16)> {
    if p.0 == q.0 {
        (p.1.min(q.1)..=p.1.max(q.1)).map(|y| (p.0, y)).collect()
    } else {
        (p.0.min(q.0)..=p.0.max(q.0)).map(|x| (x, p.1)).collect()
    }
}

fn check(l: &Layout, n: &[Size]) {
    assert_eq!(l.boxes.len(), n.len());
    let w = usize::from(l.width);
    let mut grid = vec![usize::MAX; w * usize::from(l.height)];
    for (i, (b, s)) in l.boxes.iter().zip(n).enumerate() {
        assert_eq!(b.height, s.content_height + 2, "height of box {i}");
        let want = (s.content_width + 4).min(64);
        assert!(b.width <= want, "box {i} wider than it wants: {b:?}");
        assert!(b.width >= want.min(18), "box {i} below its floor: {b:?}");
        if l.direction == Direction::LeftToRight && b.width < want {
            // A cut box is as wide as its column of boxes.
            let column = l.boxes.iter().filter(|o| o.x == b.x).map(|o| o.width).max();
            assert_eq!(column, Some(b.width), "box {i} cut short of its column");
        }
        assert!(
            b.right() <= l.width && b.bottom() <= l.height,
            "box {i} {b:?} off canvas"
        );
        for y in b.y..b.bottom() {
            for x in b.x..b.right() {
                let c = &mut grid[usize::from(y) * w + usize::from(x)];
                assert_eq!(*c, usize::MAX, "box {i} overlaps box {}", *c);
                *c = i;
            }
        }
    }
    for (k, e) in l.edges.iter().enumerate() {
        let (Some(&first), Some(&last)) = (e.points.first(), e.points.last()) else {
            continue;
        };
        assert!(e.points.len() >= 2, "edge {k}: {:?}", e.points);
        let (bf, bt) = (l.boxes[e.from], l.boxes[e.to]);
        match l.direction {
            Direction::LeftToRight => {
                assert_eq!(first, (bf.right(), bf.y + 1), "edge {k} start");
                assert_eq!(last, (bt.x - 1, bt.y + 1), "edge {k} arrowhead");
            }
            Direction::TopToBottom => {
                assert_eq!(first, (bf.x + bf.width / 2, bf.bottom()), "edge {k} start");
                assert_eq!(last, (bt.x + bt.width / 2, bt.y - 1), "edge {k} arrowhead");
            }
        }
        for pair in e.points.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            assert!(
                p != q && (p.0 == q.0 || p.1 == q.1),
                "edge {k}: {:?}",
                e.points
            );
            match l.direction {
                Direction::LeftToRight => assert!(p.0 <= q.0, "edge {k} runs back"),
                Direction::TopToBottom => assert!(p.1 <= q.1, "edge {k} runs back"),
            }
            for (x, y) in cells(p, q) {
                assert!(
                    x < l.width && y < l.height,
                    "edge {k} off canvas at {x},{y}"
                );
                let c = grid[usize::from(y) * w + usize::from(x)];
                assert_eq!(c, usize::MAX, "edge {k} passes through box {c} at {x},{y}");
            }
        }
    }
}

fn run(n: &[Size], e: &[(usize, usize)], avail: u16) -> Layout {
    let l = layout(n, e, avail);
    check(&l, n);
    assert_eq!(l.edges.len(), e.len());
    for (edge, &(from, to)) in l.edges.iter().zip(e) {
        assert_eq!((edge.from, edge.to), (from, to));
    }
    l
}

fn straight(e: &Edge) -> bool {
    e.points.len() == 2
}

/// base → source → flow → target → destination base, with realistic name widths.
fn flow_chain() -> Vec<Size> {
    [24, 30, 28, 30, 24]
        .iter()
        .enumerate()
        .map(|(i, &w)| sz(i, w, 2))
        .collect()
}

/// Layer 0: one object; layer 1: six connections; layer 2: sixty flows.
fn reverse_view() -> (Vec<Size>, Vec<(usize, usize)>) {
    let mut n = vec![sz(0, 20, 1)];
    n.extend((0..6).map(|_| sz(1, 20, 2)));
    n.extend((0..60).map(|_| sz(2, 30, 2)));
    let mut e: Vec<_> = (1..=6).map(|c| (0, c)).collect();
    e.extend((0..60).map(|f| (1 + f % 6, 7 + f)));
    (n, e)
}

#[test]
fn one_to_one_is_a_straight_line() {
    let n = [sz(0, 10, 1), sz(1, 12, 1)];
    let l = run(&n, &[(0, 1)], 200);
    assert_eq!(l.direction, Direction::LeftToRight);
    assert_eq!(
        l.boxes,
        vec![Rect::new(0, 0, 14, 3), Rect::new(19, 0, 16, 3)]
    );
    assert_eq!(l.edges[0].points, vec![(14, 1), (18, 1)]);
    assert_eq!((l.width, l.height), (35, 3));
}

#[test]
fn fan_in_meets_at_the_middle_source() {
    let n = [sz(0, 10, 1), sz(0, 10, 1), sz(0, 10, 1), sz(1, 10, 1)];
    let l = run(&n, &[(0, 3), (1, 3), (2, 3)], 200);
    assert_eq!(l.boxes[3].y, l.boxes[1].y);
    assert!(straight(&l.edges[1]));
    let ends: Vec<_> = l.edges.iter().map(|e| e.points.last()).collect();
    assert!(ends.iter().all(|&p| p == ends[0]));
}

#[test]
fn fan_out_shares_one_channel_and_centres_the_root() {
    let n = [
        sz(0, 10, 1),
        sz(1, 10, 1),
        sz(1, 10, 1),
        sz(1, 10, 1),
        sz(1, 10, 1),
    ];
    let l = run(&n, &[(0, 1), (0, 2), (0, 3), (0, 4)], 200);
    let turns: Vec<u16> = l.edges.iter().map(|e| e.points[1].0).collect();
    assert!(turns.iter().all(|&x| x == turns[0]), "{:?}", l.edges);
    let root = l.boxes[0];
    assert!(
        root.y > l.boxes[1].y && root.y < l.boxes[4].y,
        "{:?}",
        l.boxes
    );
    assert_eq!(l.first(), Some(0));
}

#[test]
fn long_names_are_capped() {
    let n = [sz(0, 120, 1), sz(1, 120, 1), sz(2, 120, 1)];
    let e = [(0, 1), (1, 2)];
    let l = run(&n, &e, 250);
    assert_eq!(l.direction, Direction::LeftToRight);
    assert!(l.boxes.iter().all(|b| b.width == 64), "{:?}", l.boxes);
    let l = run(&n, &e, 100);
    assert_eq!(l.direction, Direction::LeftToRight);
    assert!(l.boxes.iter().all(|b| b.width == 30), "{:?}", l.boxes);
    assert!(l.width <= 100);
    let l = run(&n, &e, 60);
    assert_eq!(l.direction, Direction::TopToBottom);
    assert!(l.boxes.iter().all(|b| b.width == 60), "{:?}", l.boxes);
}

#[test]
fn columns_of_boxes_grow_with_the_terminal() {
    let n = flow_chain();
    let e: Vec<_> = (0..4).map(|i| (i, i + 1)).collect();
    let widths = |avail: u16| -> Vec<u16> {
        let l = run(&n, &e, avail);
        assert_eq!(l.direction, Direction::LeftToRight);
        l.boxes.iter().map(|b| b.width).collect()
    };
    let (narrow, wide) = (widths(130), widths(150));
    assert!(
        narrow.iter().zip(&wide).all(|(a, b)| a <= b),
        "{narrow:?} {wide:?}"
    );
    assert!(wide.iter().sum::<u16>() > narrow.iter().sum::<u16>());
    // Room for everything: every box whole, none wider.
    assert_eq!(widths(200), [28, 34, 32, 34, 28]);
}

#[test]
fn narrow_columns_leave_their_room_to_wide_ones() {
    // A short flow box between a source with a long path and a target with ids: 148
    // columns, the width of a 150-column pane, show both whole.
    let n = [named(0, 44, 53), named(1, 31, 26), named(2, 40, 36)];
    let l = run(&n, &[(0, 1), (1, 2)], 148);
    assert_eq!(l.direction, Direction::LeftToRight);
    let w: Vec<u16> = l.boxes.iter().map(|b| b.width).collect();
    assert_eq!(w, [57, 35, 44]);
}

#[test]
fn details_are_whole_before_names() {
    // Both boxes have long names; the one with long details gets its details whole.
    let n = [named(0, 60, 50), named(1, 60, 20)];
    let l = run(&n, &[(0, 1)], 85);
    let w: Vec<u16> = l.boxes.iter().map(|b| b.width).collect();
    assert_eq!(w, [54, 26]);
    // The rest goes to the names, the shorter claim first.
    let l = run(&n, &[(0, 1)], 100);
    let w: Vec<u16> = l.boxes.iter().map(|b| b.width).collect();
    assert_eq!(w, [54, 41]);
}

#[test]
fn top_to_bottom_rows_share_the_width() {
    // Two sources side by side over a flow and its target, too narrow for columns.
    let n = [
        named(0, 60, 50),
        named(0, 60, 50),
        named(1, 30, 30),
        named(2, 30, 30),
    ];
    let l = run(&n, &[(0, 2), (1, 2), (2, 3)], 60);
    assert_eq!(l.direction, Direction::TopToBottom);
    let w: Vec<u16> = l.boxes.iter().map(|b| b.width).collect();
    assert_eq!(w, [29, 29, 34, 34]);
    assert!(l.width <= 60, "{:?}", l.boxes);
    // Alone in its row, a box takes the width it wants, up to the terminal's.
    let one = run(&[named(0, 70, 40), named(1, 20, 20)], &[(0, 1)], 40);
    assert_eq!(one.direction, Direction::TopToBottom);
    assert_eq!(one.boxes[0].width, 40);
}

#[test]
fn missing_source_routes_through_a_lane() {
    // base → source → flow a → target, and base → flow b whose source is gone.
    let n = [
        sz(0, 12, 1),
        sz(1, 12, 1),
        sz(2, 12, 1),
        sz(2, 12, 1),
        sz(3, 12, 1),
    ];
    let e = [(0, 1), (1, 2), (0, 3), (2, 4), (3, 4)];
    let l = run(&n, &e, 200);
    let skip = &l.edges[2].points;
    let source = l.boxes[1];
    assert!(skip.iter().any(|p| p.0 < source.x) && skip.iter().any(|p| p.0 > source.right()));
    // Alone, the skipped layer is empty and takes no space: a plain straight line.
    let n = [sz(0, 12, 1), sz(2, 12, 1), sz(3, 12, 1)];
    let l = run(&n, &[(0, 1), (1, 2)], 200);
    assert_eq!(l.boxes[1].x, l.boxes[0].right() + 5);
    assert!(l.edges.iter().all(straight));
}

#[test]
fn flow_chain_at_80_columns_is_top_to_bottom_and_straight() {
    let n = flow_chain();
    let e: Vec<_> = (0..4).map(|i| (i, i + 1)).collect();
    let l = run(&n, &e, 80);
    assert_eq!(l.direction, Direction::TopToBottom);
    assert!(l.width <= 80);
    for e in &l.edges {
        assert!(straight(e) && e.points[0].0 == e.points[1].0, "{e:?}");
    }
    assert_eq!(l.edges[0].points[1].1, l.boxes[1].y - 1);
}

#[test]
fn flow_chain_at_200_columns_is_left_to_right_and_straight() {
    let n = flow_chain();
    let e: Vec<_> = (0..4).map(|i| (i, i + 1)).collect();
    let l = run(&n, &e, 200);
    assert_eq!(l.direction, Direction::LeftToRight);
    assert!(l.boxes.iter().all(|b| b.y == 0));
    for e in &l.edges {
        assert!(straight(e) && e.points[0].1 == 1, "{e:?}");
    }
    assert!(l.width <= 200);
    assert_eq!(l.height, 4);
}

#[test]
fn reverse_view_of_sixty_flows_keeps_the_root_in_view() {
    let (n, e) = reverse_view();
    let l = run(&n, &e, 120);
    assert_eq!(l.direction, Direction::LeftToRight);
    assert_eq!(l.first(), Some(0));
    assert_eq!((l.boxes[0].x, l.boxes[0].y), (0, 0));
    assert_eq!(l.scroll_to_show(0, (80, 24), (0, 0)), (0, 0));
    let h = 4;
    assert!(
        l.height >= 60 * (h + 1) - 1 && l.height <= 60 * (h + 1) + 10,
        "{}",
        l.height
    );
    // Each connection sits next to its own flows, not in a heap at the top.
    for c in 1..=6 {
        let first = l
            .edges
            .iter()
            .filter(|e| e.from == c)
            .map(|e| l.boxes[e.to].y)
            .min();
        assert_eq!(Some(l.boxes[c].y), first, "connection {c}");
    }
}

#[test]
fn step_follows_edges_and_layers() {
    // 0 → 1, 2, 3 and 1 → 4.
    let n = [
        sz(0, 10, 1),
        sz(1, 10, 1),
        sz(1, 10, 1),
        sz(1, 10, 1),
        sz(2, 10, 1),
    ];
    let e = [(0, 1), (0, 2), (0, 3), (1, 4)];
    let l = run(&n, &e, 200);
    assert_eq!(l.direction, Direction::LeftToRight);
    assert_eq!(l.step(0, Step::Right), Some(2));
    assert_eq!(l.step(0, Step::Left), None);
    assert_eq!(l.step(2, Step::Up), Some(1));
    assert_eq!(l.step(2, Step::Down), Some(3));
    assert_eq!(l.step(1, Step::Up), None);
    assert_eq!(l.step(3, Step::Down), None);
    assert_eq!(l.step(1, Step::Right), Some(4));
    assert_eq!(l.step(3, Step::Right), Some(4));
    assert_eq!(l.step(4, Step::Left), Some(1));
    assert_eq!(l.step(4, Step::Down), Some(2));
    assert_eq!(l.step(9, Step::Down), None);

    let l = run(&n, &e, 40);
    assert_eq!(l.direction, Direction::TopToBottom);
    assert_eq!(l.step(0, Step::Down), Some(2));
    assert_eq!(l.step(2, Step::Left), Some(1));
    assert_eq!(l.step(2, Step::Right), Some(3));
    assert_eq!(l.step(4, Step::Up), Some(1));
    assert_eq!(l.step(0, Step::Up), None);
}

#[test]
fn scroll_to_show_moves_as_little_as_possible() {
    let (n, e) = reverse_view();
    let l = run(&n, &e, 120);
    let last = l.boxes[66];
    let s = l.scroll_to_show(66, (80, 24), (0, 0));
    assert_eq!(s, (last.right() - 80, last.bottom() - 24));
    assert_eq!(l.scroll_to_show(66, (80, 24), s), s);
    assert_eq!(l.scroll_to_show(0, (80, 24), s), (0, 0));
    // Already visible: nothing moves.
    assert_eq!(l.scroll_to_show(0, (80, 24), (0, 1)), (0, 0));
    assert_eq!(l.scroll_to_show(7, (200, 100), (0, 0)), (0, 0));
    // Bigger than the view: its top-left corner.
    assert_eq!(l.scroll_to_show(66, (5, 2), (0, 0)), (last.x, last.y));
    assert_eq!(l.scroll_to_show(99, (80, 24), (3, 4)), (3, 4));
}

#[test]
fn first_and_node_at() {
    let n = [sz(1, 10, 1), sz(0, 10, 1), sz(0, 10, 1)];
    let l = run(&n, &[(1, 0), (2, 0)], 200);
    assert_eq!(l.first(), Some(1));
    let b = l.boxes[2];
    assert_eq!(l.node_at(b.x, b.y), Some(2));
    assert_eq!(l.node_at(b.right() - 1, b.bottom() - 1), Some(2));
    assert_eq!(l.node_at(b.right(), b.y), None);
    assert_eq!(l.node_at(u16::MAX, u16::MAX), None);
    let empty = run(&[], &[], 80);
    assert_eq!((empty.first(), empty.width, empty.height), (None, 0, 0));
}

#[test]
fn ignored_edges_have_no_points_and_sparse_layers_take_no_space() {
    let n = [sz(2, 10, 1), sz(5, 10, 1)];
    let e = [(0, 1), (1, 0), (0, 0), (0, 7)];
    let l = run(&n, &e, 200);
    assert!(l.edges[1..].iter().all(|e| e.points.is_empty()));
    let dense = run(&[sz(0, 10, 1), sz(1, 10, 1)], &[(0, 1)], 200);
    assert_eq!(l.boxes, dense.boxes);
    assert_eq!(l.edges[0], dense.edges[0]);
}

#[test]
fn layout_is_deterministic() {
    let (n, e) = reverse_view();
    assert_eq!(layout(&n, &e, 120), layout(&n, &e, 120));
    assert_eq!(layout(&n, &e, 60), layout(&n, &e, 60));
}

#[test]
fn crossing_edges_are_untangled() {
    // Input order crosses every edge; the sweeps should straighten them.
    let n = [
        sz(0, 8, 1),
        sz(0, 8, 1),
        sz(0, 8, 1),
        sz(1, 8, 1),
        sz(1, 8, 1),
        sz(1, 8, 1),
    ];
    let l = run(&n, &[(0, 5), (1, 4), (2, 3)], 200);
    assert!(l.edges.iter().all(straight), "{:?}", l.edges);
}

#[test]
fn unrelated_sources_get_their_own_channels() {
    // Two fan-outs in one gap: each source keeps its own vertical run.
    let n = [
        sz(0, 8, 1),
        sz(0, 8, 1),
        sz(1, 8, 1),
        sz(1, 8, 1),
        sz(1, 8, 1),
        sz(1, 8, 1),
    ];
    let l = run(&n, &[(0, 2), (0, 3), (1, 4), (1, 5)], 200);
    let turn = |k: usize| l.edges[k].points.get(1).map(|p| p.0);
    assert_eq!(turn(0), turn(1));
    assert_eq!(turn(2), turn(3));
    assert_ne!(turn(0), turn(2));
}

#[test]
fn a_thousand_flows_lay_out_quickly() {
    let (bases, conns, flows, targets) = (10, 40, 1000, 25);
    let mut n: Vec<Size> = (0..bases).map(|_| sz(0, 20, 1)).collect();
    n.extend((0..conns).map(|_| sz(1, 24, 2)));
    n.extend((0..flows).map(|_| sz(2, 30, 2)));
    n.extend((0..targets).map(|_| sz(3, 24, 1)));
    n.extend((0..5).map(|_| sz(4, 20, 1)));
    let (c0, f0, t0, d0) = (
        bases,
        bases + conns,
        bases + conns + flows,
        bases + conns + flows + targets,
    );
    let mut e: Vec<(usize, usize)> = (0..conns).map(|c| (c % bases, c0 + c)).collect();
    e.extend((0..flows).map(|f| (c0 + f % conns, f0 + f)));
    e.extend((0..flows).map(|f| (f0 + f, t0 + f % targets)));
    e.extend((0..targets).map(|t| (t0 + t, d0 + t % 5)));
    e.extend((0..flows).step_by(50).map(|f| (f % bases, f0 + f)));
    let started = std::time::Instant::now();
    let l = run(&n, &e, 200);
    let wide = run(&n, &e, 60);
    assert_eq!(wide.direction, Direction::TopToBottom);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    assert_eq!(l.direction, Direction::LeftToRight);
}
