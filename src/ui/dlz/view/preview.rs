//! A landing-zone file's preview: the detected properties, the schema, then the sample
//! as a table (scrolling both ways) or, for JSON records, as a foldable tree.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::features::dlz::preview::{PreviewData, PreviewMode, PreviewView};
use crate::app::shared::pane::Load;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::json_view::JsonView;
use crate::ui::widgets::marks::truncate;
use crate::ui::widgets::notice;

/// Widest a column gets before its cells are cut.
const MAX_COL: usize = 28;

pub fn draw(f: &mut Frame, area: Rect, app: &App, p: &PreviewView) {
    let t = Theme::of(app.theme);
    let mut title = vec![Span::styled(format!(" {} ", p.target.path()), t.title)];
    if p.load.is_loading() {
        title.push(Span::styled("reading… ", t.running));
    }
    let inner = crate::ui::widgets::frame::pane(f, area, t, Line::from(title));
    if inner.height < 2 {
        return;
    }
    let Some(data) = &p.data else {
        let (msg, style) = match &p.load {
            Load::Failed { error, .. } => (notice::error_text(app, error), t.failed),
            _ => (format!("reading {}…", p.target.path()), t.dim),
        };
        notice::draw(f, inner, msg, style);
        return;
    };
    let head = header_lines(t, data, usize::from(inner.width));
    let [top, body, foot] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(head), top);
    match p.mode {
        PreviewMode::Tree => {
            f.render_widget(
                JsonView {
                    tree: &p.tree,
                    theme: t,
                    focused: true,
                },
                body,
            );
        }
        PreviewMode::Table => f.render_widget(Paragraph::new(table(t, data, p, body)), body),
    }
    let notes = data.notes.join(" · ");
    f.render_widget(
        Paragraph::new(Span::styled(format!(" {notes}"), t.dim)),
        foot,
    );
}

/// Properties on one line, then the schema as `name:type` pairs, wrapped to the width.
fn header_lines(t: &Theme, d: &PreviewData, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if !d.properties.is_empty() {
        let mut spans = vec![Span::styled(" detected ", t.header)];
        for (k, v) in &d.properties {
            spans.push(Span::styled(format!("{k}="), t.dim));
            spans.push(Span::styled(format!("{v}  "), t.base));
        }
        out.push(Line::from(spans));
    }
    let mut line = vec![Span::styled(" schema   ", t.header)];
    let mut used = 10;
    let mut lines = 0;
    for (name, ty) in &d.columns {
        let w = name.chars().count() + ty.chars().count() + 3;
        if used + w > width && used > 10 {
            out.push(Line::from(std::mem::take(&mut line)));
            lines += 1;
            if lines >= 2 {
                line.push(Span::styled("          …", t.dim));
                break;
            }
            line.push(Span::raw("          "));
            used = 10;
        }
        line.push(Span::styled(name.clone(), t.base));
        line.push(Span::styled(format!(":{ty}  "), t.dim));
        used += w;
    }
    out.push(Line::from(line));
    out.push(Line::raw(""));
    out
}

/// The visible part of the table: only the rows and columns that fit are formatted.
fn table(t: &Theme, d: &PreviewData, p: &PreviewView, area: Rect) -> Vec<Line<'static>> {
    let width = usize::from(area.width);
    let rows_fit = usize::from(area.height).saturating_sub(1);
    let first = p.row.min(d.rows.len().saturating_sub(rows_fit.max(1)));
    let visible_rows = &d.rows[first.min(d.rows.len())..(first + rows_fit).min(d.rows.len())];
    // Column widths from the header and the rows on screen.
    let mut cols = Vec::new();
    let mut used = 1;
    for (i, (name, _)) in d.columns.iter().enumerate().skip(p.col) {
        let w = visible_rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(|c| c.chars().count())
            .chain(std::iter::once(name.chars().count()))
            .max()
            .unwrap_or(1)
            .clamp(3, MAX_COL);
        if used + w > width && !cols.is_empty() {
            break;
        }
        cols.push((i, w));
        used += w + 2;
    }
    let mut out = Vec::new();
    let mut header = vec![Span::raw(" ")];
    for (i, w) in &cols {
        let name = d.columns.get(*i).map_or("", |c| c.0.as_str());
        header.push(Span::styled(
            format!("{:<w$}  ", truncate(name, *w)),
            t.header,
        ));
    }
    out.push(Line::from(header));
    for (n, r) in visible_rows.iter().enumerate() {
        let style = if first + n == p.row {
            t.selection
        } else {
            t.base
        };
        let mut spans = vec![Span::styled(" ", style)];
        for (i, w) in &cols {
            let cell = r.get(*i).map_or("", String::as_str);
            spans.push(Span::styled(format!("{:<w$}  ", truncate(cell, *w)), style));
        }
        out.push(Line::from(spans));
    }
    if d.rows.is_empty() {
        out.push(Line::from(Span::styled(" (no rows)", t.dim)));
    }
    out
}
