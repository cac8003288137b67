//! The graph pane: the canvas, then the selected box's full name and id (boxes truncate
//! it), then a summary line with counts, or the error of a list that failed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::shared::graph::node::NodeState;
use crate::app::shared::graph::view::GraphView;
use crate::app::shared::layout::Areas;
use crate::app::state::App;
use crate::ui::graph::canvas::GraphCanvas;
use crate::ui::theme::Theme;
use crate::ui::widgets::marks::SPINNER;
use crate::ui::widgets::notice;

pub fn draw(f: &mut Frame, area: Rect, app: &App, g: &GraphView) {
    let t = Theme::of(app.theme);
    let mut title = vec![Span::styled(format!(" {} ", g.title), t.title)];
    if g.is_loading() {
        let received: usize = g.feeds.iter().map(|f| f.received()).sum();
        let spin = SPINNER[app.spinner % SPINNER.len()];
        title.push(Span::styled(
            format!("loading {received}/… {spin} "),
            t.running,
        ));
    }
    let inner = crate::ui::widgets::frame::pane(f, area, t, Line::from(title));
    if inner.height < 3 {
        return;
    }
    // The same rectangle `update` scrolled for, so the selection is where it expects.
    let canvas =
        crate::ui::rect(Areas::of(app.width, app.height).graph_canvas()).intersection(inner);
    if g.built.nodes.is_empty() {
        let text = match g.error() {
            Some(e) => notice::error_text(app, e),
            None => g.built.summary.clone(),
        };
        let style = if g.error().is_some() { t.failed } else { t.dim };
        notice::draw(f, inner, text, style);
        return;
    }
    f.render_widget(
        GraphCanvas {
            layout: &g.layout,
            nodes: &g.built.nodes,
            selected: Some(g.selected),
            scroll: g.scroll,
            theme: t,
        },
        canvas,
    );
    let bottom = inner.y + inner.height;
    let focus = match g.selected_node() {
        Some(n) => {
            let mut spans = vec![
                Span::styled(format!(" {}: ", n.label), t.dim),
                Span::styled(n.title.clone(), t.title),
            ];
            if let Some((kind, id)) = &n.object {
                spans.push(Span::styled(format!("  {} {id}", kind.noun()), t.dim));
            }
            match &n.state {
                NodeState::Missing => spans.push(Span::styled(
                    "  deleted (404), still named by the flow",
                    t.failed,
                )),
                NodeState::Failed(msg) => spans.push(Span::styled(format!("  {msg}"), t.failed)),
                _ => {}
            }
            Line::from(spans)
        }
        None => Line::default(),
    };
    f.render_widget(
        Paragraph::new(focus),
        Rect::new(inner.x, bottom - 2, inner.width, 1),
    );
    let summary = match g.error() {
        Some(e) => Line::from(Span::styled(
            format!(" {}", notice::error_text(app, e)),
            t.failed,
        )),
        None => Line::from(Span::styled(format!(" {}", g.built.summary), t.dim)),
    };
    f.render_widget(
        Paragraph::new(summary),
        Rect::new(inner.x, bottom - 1, inner.width, 1),
    );
}
