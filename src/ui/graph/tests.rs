//! The canvas drawn into a buffer and read back as text: boxes, junctions, arrows,
//! the selection's colours, clipping when scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::widgets::Widget;

use super::canvas::GraphCanvas;
use crate::app::shared::graph::layout::{Direction, Layout, Size, layout};
use crate::app::shared::graph::node::{Node, NodeState};
use crate::app::shared::table::Tone;
use crate::ui::theme::Theme;

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
