//! The wizard's pane: where it is among its stages, the stage's list, form or preview,
//! the review of every request (what is wrong marked at its step), each step's progress
//! while sending, a line saying what happened, and the keys of the stage.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::features::build::{BuildView, Purpose, Stage, StepState};
use crate::app::shared::table::s;
use crate::app::state::App;
use crate::model::redact::masked;
use crate::ui::theme::Theme;
use crate::ui::widgets::marks::tone_style;

fn stages(v: &BuildView) -> Vec<(Stage, &'static str)> {
    match v.purpose {
        Purpose::Ingest => {
            let mut out = vec![(Stage::Spec, "source type")];
            if v.needs_base() {
                out.push((Stage::Base, "connection"));
                out.push((Stage::Auth, "credentials"));
            }
            if v.explorable() {
                out.push((Stage::Source, "file"));
            }
            out.push((Stage::Format, "format"));
            out.extend([
                (Stage::Target, "dataset"),
                (Stage::Flow, "flow"),
                (Stage::Review, "review"),
            ]);
            out
        }
        Purpose::Export => vec![
            (Stage::Datasets, "datasets"),
            (Stage::Export, "export"),
            (Stage::Review, "review"),
        ],
        Purpose::Clone => vec![(Stage::Clone, "copy"), (Stage::Review, "review")],
    }
}

fn keys_of(v: &BuildView) -> &'static str {
    match v.stage {
        Stage::Spec | Stage::Base | Stage::Target => {
            "↑↓ choose · type to filter · enter next · esc back"
        }
        Stage::Source => {
            "↑↓ choose · enter opens a folder or picks a file · type to filter, or a path · esc back"
        }
        Stage::Datasets => "↑↓ move · space ticks · type to filter · enter next · esc back",
        Stage::Auth | Stage::Format | Stage::Flow | Stage::Export | Stage::Clone => {
            "tab/↑↓ field · ←→ choice · ctrl-r reveals a secret · enter next · esc back"
        }
        Stage::Review => "y send every request once · ctrl-s save the plan · ↑↓ scroll · esc back",
        Stage::Sending => "sending…",
        Stage::Done => "enter opens the new flow · esc closes",
        Stage::Failed if v.made.is_empty() => "esc closes",
        Stage::Failed => "y or esc offers to delete what was created",
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, v: &BuildView) {
    let t = Theme::of(app.theme);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focus)
        .title(Span::styled(format!(" {} ", v.title()), t.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    // Where the wizard is.
    let mut crumbs = Vec::new();
    let now = stages(v).iter().position(|(st, _)| *st == v.stage);
    for (i, (_, label)) in stages(v).iter().enumerate() {
        if i > 0 {
            crumbs.push(Span::styled(" › ", t.dim));
        }
        let style = match now {
            Some(n) if n == i => t.key,
            Some(n) if i < n => t.ok,
            None if matches!(v.stage, Stage::Sending | Stage::Done | Stage::Failed) => t.ok,
            _ => t.dim,
        };
        crumbs.push(Span::styled(*label, style));
    }
    f.render_widget(
        Paragraph::new(Line::from(crumbs)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let body = Rect::new(
        inner.x,
        inner.y + 2,
        inner.width,
        inner.height.saturating_sub(4),
    );
    match v.stage {
        Stage::Spec | Stage::Base | Stage::Source | Stage::Target | Stage::Datasets => {
            pick(f, body, t, v)
        }
        Stage::Format => {
            let prev_h = (body.height / 2).min(10);
            preview(f, Rect::new(body.x, body.y, body.width, prev_h), t, v);
            form(
                f,
                Rect::new(body.x, body.y + prev_h, body.width, body.height - prev_h),
                app,
                v,
            );
        }
        Stage::Auth | Stage::Flow | Stage::Export | Stage::Clone => form(f, body, app, v),
        Stage::Review | Stage::Sending | Stage::Done | Stage::Failed => review(f, body, t, v),
    }
    let foot = inner.y + inner.height - 1;
    if let Some((tone, text)) = &v.note {
        f.render_widget(
            Paragraph::new(Span::styled(text.clone(), tone_style(t, *tone))),
            Rect::new(inner.x, foot - 1, inner.width, 1),
        );
    }
    f.render_widget(
        Paragraph::new(Span::styled(keys_of(v), t.dim)),
        Rect::new(inner.x, foot, inner.width, 1),
    );
}

fn form(f: &mut Frame, area: Rect, app: &App, v: &BuildView) {
    if let Some(form) = &v.form {
        crate::ui::widgets::form::draw(f, area, Theme::of(app.theme), form, true);
    }
}

fn pick(f: &mut Frame, area: Rect, t: &Theme, v: &BuildView) {
    let p = &v.pick;
    let head = match v.stage {
        Stage::Source if !v.folder.is_empty() => format!("{}  filter: {}", v.folder, p.filter),
        _ => format!("filter: {}", p.filter),
    };
    f.render_widget(
        Paragraph::new(Span::styled(head, t.dim)),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let rows = area.height.saturating_sub(1) as usize;
    if p.loading {
        f.render_widget(
            Paragraph::new(Span::styled("loading…", t.dim)),
            Rect::new(area.x, area.y + 1, area.width, 1),
        );
        return;
    }
    let visible = p.visible();
    if visible.is_empty() {
        let text = match (v.stage, p.filter.trim().is_empty()) {
            (Stage::Source, false) => "nothing listed matches: enter reads the path as typed",
            _ if p.items.is_empty() => "nothing here",
            _ => "nothing matches the filter",
        };
        f.render_widget(
            Paragraph::new(Span::styled(text, t.dim)),
            Rect::new(area.x, area.y + 1, area.width, 1),
        );
        return;
    }
    let top = p.selected.saturating_sub(rows.saturating_sub(1));
    for (row, &i) in visible.iter().enumerate().skip(top).take(rows) {
        let tick = if v.stage == Stage::Datasets {
            if p.ticked.contains(&i) {
                "[x] "
            } else {
                "[ ] "
            }
        } else {
            ""
        };
        let style = if row == p.selected {
            t.selection
        } else {
            t.base
        };
        let y = area.y + 1 + (row - top) as u16;
        f.render_widget(
            Paragraph::new(Span::styled(format!("{tick}{}", p.labels[i]), style)),
            Rect::new(area.x, y, area.width, 1),
        );
    }
}

fn preview(f: &mut Frame, area: Rect, t: &Theme, v: &BuildView) {
    let mut lines = vec![Line::from(Span::styled(
        v.path.as_ref().map_or("", |p| p.0.as_str()).to_string(),
        t.title,
    ))];
    match &v.preview {
        None if v.pane.load.is_loading() => {
            lines.push(Line::from(Span::styled("reading a preview…", t.dim)))
        }
        None => lines.push(Line::from(Span::styled(
            "no preview (a folder, or the service gave none)",
            t.dim,
        ))),
        Some(p) => {
            let cols: Vec<String> = p
                .pointer("/schema/columns")
                .and_then(|c| c.as_array())
                .map(|a| a.iter().map(|c| s(c, "/name").to_string()).collect())
                .unwrap_or_default();
            if !cols.is_empty() {
                lines.push(Line::from(Span::styled(cols.join(" │ "), t.header)));
            }
            for row in p
                .get("data")
                .and_then(|d| d.as_array())
                .into_iter()
                .flatten()
                .take(area.height as usize)
            {
                let text = match row.as_object() {
                    Some(o) if !cols.is_empty() => cols
                        .iter()
                        .map(|c| {
                            o.get(c)
                                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                                .unwrap_or_default()
                        })
                        .collect::<Vec<_>>()
                        .join(" │ "),
                    _ => row.to_string(),
                };
                lines.push(Line::from(Span::styled(text, t.base)));
            }
        }
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn review(f: &mut Frame, area: Rect, t: &Theme, v: &BuildView) {
    let Some(plan) = &v.plan else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    if v.stage == Stage::Review {
        if v.pane.load.is_loading() {
            lines.push(Line::from(Span::styled(
                "checking which names exist already…",
                t.dim,
            )));
        } else if v.issues.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(
                    "{} request(s), sent in this order, each once:",
                    plan.steps.len()
                ),
                t.base,
            )));
        }
        for issue in &v.issues {
            lines.push(Line::from(Span::styled(format!("✗ {issue}"), t.failed)));
        }
        if let Some(sb) = &v.sandbox {
            lines.push(Line::from(Span::styled(
                format!("into sandbox {sb}"),
                t.warn,
            )));
        }
    }
    let rolling = !v.progress_rollback.is_empty();
    for (i, step) in plan.steps.iter().enumerate() {
        let (mark, style) = match v.progress.get(i) {
            Some(StepState::Created(id)) => (format!("✓ created {id}"), t.ok),
            Some(StepState::Reused(id)) => (format!("✓ uses {id}"), t.ok),
            Some(StepState::Deleted) => ("✓ deleted".to_string(), t.ok),
            Some(StepState::Sending) => ("… sending".to_string(), t.running),
            Some(StepState::Failed(e)) => (format!("✗ {}", e.message), t.failed),
            _ if v.stage == Stage::Review => (String::new(), t.dim),
            _ => ("not sent".to_string(), t.dim),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}. {}  ", i + 1, step.request_line()), t.running),
            Span::styled(step.kind.label(), t.dim),
            Span::raw("  "),
            Span::styled(mark, style),
        ]));
        if v.stage == Stage::Review
            && let Some(body) = &step.body
        {
            let text = serde_json::to_string_pretty(&masked(body)).unwrap_or_default();
            lines.extend(
                text.lines()
                    .map(|l| Line::from(Span::styled(format!("   {l}"), t.base))),
            );
        }
    }
    if rolling {
        lines.push(Line::from(Span::styled("rollback:", t.warn)));
        for (i, st) in v.progress_rollback.iter().enumerate() {
            let text = match st {
                StepState::Deleted => "✓ deleted".to_string(),
                StepState::Failed(e) => format!("✗ {}", e.message),
                StepState::Sending => "… deleting".to_string(),
                _ => "waiting".to_string(),
            };
            lines.push(Line::from(Span::styled(
                format!("  {}. {text}", i + 1),
                t.base,
            )));
        }
    }
    let scroll = if v.stage == Stage::Review {
        v.scroll as u16
    } else {
        0
    };
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}
