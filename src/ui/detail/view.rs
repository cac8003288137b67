//! The detail pane: one object's JSON in the foldable view, a title with the search
//! state, and a last line naming the related objects one key away.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::features::detail::DetailView;
use crate::app::features::detail::related::related;
use crate::app::shared::action::Context;
use crate::app::shared::pane::Load;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::json_view::JsonView;
use crate::ui::widgets::notice;

fn action_name(a: &crate::app::shared::action::Action) -> &'static str {
    use crate::app::shared::action::Action;
    match a {
        Action::RelatedSource => "related_source",
        Action::RelatedTarget => "related_target",
        Action::RelatedSpec => "related_spec",
        Action::RelatedRuns => "related_runs",
        _ => "related_flow",
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, d: &DetailView) {
    let t = Theme::of(app.theme);
    let mut title = vec![Span::styled(
        format!(" {} {} ", d.kind.noun(), d.title),
        t.title,
    )];
    if d.load.is_loading() {
        title.push(Span::styled("loading… ", t.running));
    }
    if d.revealed {
        title.push(Span::styled("secrets shown ", t.failed));
    }
    if let Some(q) = d.tree.query() {
        let pos = d
            .tree
            .current_match()
            .map(|i| (i + 1).to_string())
            .unwrap_or_else(|| "-".into());
        title.push(Span::styled(
            format!("/{q} {pos}/{} ", d.tree.match_count()),
            t.key,
        ));
    }
    let inner = crate::ui::widgets::frame::pane(f, area, t, Line::from(title));
    if inner.height == 0 {
        return;
    }
    if d.value.is_none() {
        let (msg, style) = match &d.load {
            Load::Failed { error, .. } => (notice::error_text(app, error), t.failed),
            _ => (format!("loading {} {}…", d.kind.noun(), d.id), t.dim),
        };
        notice::draw(f, inner, msg, style);
        return;
    }
    let json_area = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(1),
    );
    f.render_widget(
        JsonView {
            tree: &d.tree,
            theme: t,
            focused: true,
        },
        json_area,
    );
    let mut spans = vec![Span::raw(" ")];
    if let Some(v) = &d.value {
        for r in related(d.kind, v) {
            if let Some(key) = app.keymap.hint(Context::Detail, action_name(&r.action)) {
                spans.push(Span::styled(key, t.key));
                spans.push(Span::styled(format!(" {}  ", r.label), t.dim));
            }
        }
    }
    if let Load::Failed { error, .. } = &d.load {
        spans.push(Span::styled(error.message.clone(), t.failed));
    }
    f.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
    );
}
