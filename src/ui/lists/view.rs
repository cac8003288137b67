//! The list pane: the table of rows in view, with its title saying how much is loaded
//! ("loading 300/…" while paging), the filter and sort in force, how many rows are
//! marked (each marked row with `●` in a gutter and the marked style), and any error
//! with its service code. Only the rows in the window are measured and drawn.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TableRow, Table};

use crate::app::shared::list::ListView;
use crate::app::shared::nav::ListKind;
use crate::app::shared::nav::Scope;
use crate::app::shared::pane::Load;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::fit::fit;
use crate::ui::widgets::marks::{SPINNER, tone_style, truncate};
use crate::ui::widgets::notice;

/// What a marked row shows in its first column, colour or not.
const MARKER: &str = "●";

fn title(app: &App, l: &ListView) -> Line<'static> {
    let t = Theme::of(app.theme);
    let name = match &l.scope {
        Scope::All => l.kind.noun().to_string(),
        Scope::OfConnection { name, .. } => format!("flows of {name}"),
        Scope::OfFlow { name, .. } => format!("runs of {name}"),
        Scope::Folder(None) => "landing zone /".to_string(),
        Scope::Folder(Some(p)) => format!("landing zone /{p}"),
        Scope::Using(s) => format!("flows using {} {}", s.noun(), s.id()),
        Scope::Lineage { name, .. } => format!("flows {name}"),
        Scope::Blobs { zone, folder } => {
            format!(
                "{} /{folder} (storage)",
                crate::app::features::dlz::keys::location_of(app, *zone)
            )
        }
        Scope::Reading(path) => format!("flows reading {path}"),
        Scope::AwsDomain(d) => format!("{} of {d}", l.kind.noun()),
        Scope::AwsWorkflow { domain, id } => format!("steps of workflow {id} ({domain})"),
        Scope::AwsFlow(f) => format!("executions of {f}"),
        Scope::AwsProfile(p) => format!("workflows using connector profile {p}"),
        Scope::Job { title, .. } => title.clone(),
    };
    let name = if l.kind == ListKind::Live {
        "runs in progress".to_string()
    } else {
        name
    };
    let mut spans = vec![Span::styled(format!(" {name} "), t.title)];
    let count = if l.fuzzy.is_empty() {
        format!("{}", l.len())
    } else {
        format!("{}/{}", l.visible.len(), l.len())
    };
    match &l.load {
        Load::Loading { .. } => {
            let spin = SPINNER[app.spinner % SPINNER.len()];
            let text = if l.is_refreshing() {
                format!("{count} · refreshing {}/… {spin} ", l.received())
            } else {
                format!("loading {}/… {spin} ", l.received())
            };
            spans.push(Span::styled(text, t.running));
        }
        Load::Failed { .. } => spans.push(Span::styled(format!("{count} · failed "), t.failed)),
        _ => spans.push(Span::styled(format!("{count} "), t.dim)),
    }
    if !l.fuzzy.is_empty() {
        spans.push(Span::styled(format!("/{} ", l.fuzzy), t.key));
    }
    if let Some(p) = &l.server_filter {
        spans.push(Span::styled(format!("property {p} "), t.key));
    }
    if !l.runs.is_empty() {
        spans.push(Span::styled(format!("[{}] ", l.runs.label()), t.key));
    }
    if l.marked() > 0 {
        spans.push(Span::styled(format!("· {} marked ", l.marked()), t.marked));
    }
    if let Scope::Job { id, .. } = &l.scope
        && let Some(counts) = crate::app::features::bulk::rows::counts(app, *id)
    {
        spans.push(Span::styled(format!("· {counts} "), t.key));
    }
    Line::from(spans)
}

/// What an empty failures list says: whether anything is watching.
fn failures_empty(app: &App) -> String {
    if app.alerts.on {
        format!(
            "no run has failed in sandbox {} since the watch started",
            app.target.sandbox
        )
    } else {
        "the watch is off: :watch tells you of every run that fails in this sandbox".to_string()
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, l: &ListView) {
    let t = Theme::of(app.theme);
    let inner = crate::ui::widgets::frame::pane(f, area, t, title(app, l));
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let mut body = inner;
    if let Some(e) = l.load.error() {
        let msg = notice::list_error_text(app, e, l.server_filter.is_some());
        if l.is_empty() {
            notice::draw(f, inner, msg, t.failed);
            return;
        }
        // Data already loaded stays; the error takes the first line.
        f.render_widget(
            Paragraph::new(msg).style(t.failed),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    }
    if l.visible.is_empty() {
        let msg = match (&l.load, l.is_empty()) {
            (Load::Loading { .. } | Load::Idle, true) => format!("loading {}…", l.kind.noun()),
            (_, true) => match &l.server_filter {
                Some(q) => format!("no {} match the filter {q}", l.kind.noun()),
                None if l.kind == ListKind::Failures => failures_empty(app),
                None => format!("no {}", l.kind.noun()),
            },
            (_, false) => format!("no {} match /{}", l.kind.noun(), l.fuzzy),
        };
        notice::draw(f, body, msg, t.dim);
        return;
    }
    let cols = l.columns();
    let height = usize::from(body.height.saturating_sub(1));
    let end = (l.offset + height).min(l.visible.len());
    let window = &l.visible[l.offset.min(end)..end];
    let mut content = vec![0usize; cols.len()];
    for &i in window {
        if let Some(row) = l.row(i) {
            for (c, cell) in row.cells().enumerate() {
                if let Some(w) = content.get_mut(c) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
    }
    // The sorted column's header carries its arrow: room for it even when every cell in
    // view is narrower than the title (a page of "failed" under STATUS).
    if let Some(s) = l.sort
        && let (Some(w), Some(col)) = (content.get_mut(s.column), cols.get(s.column))
    {
        *w = (*w).max(col.title.chars().count() + 1);
    }
    // Marked rows get a one-character gutter for their marker, while any is marked.
    let gutter = l.marked() > 0;
    let width = if gutter {
        body.width.saturating_sub(2)
    } else {
        body.width
    };
    let fitted = fit(cols, &content, width, &l.hidden);
    let titles = fitted.iter().map(|&(c, _)| {
        let mut h = cols[c].title.to_string();
        if let Some(s) = l.sort.filter(|s| s.column == c) {
            h.push(if s.descending { '▼' } else { '▲' });
        }
        Cell::from(h)
    });
    let header =
        TableRow::new(gutter.then(|| Cell::from("")).into_iter().chain(titles)).style(t.header);
    let rows = window.iter().enumerate().filter_map(|(k, &i)| {
        let row = l.row(i)?;
        let cells = fitted.iter().map(|&(c, w)| {
            let text = truncate(row.cell(c), usize::from(w));
            let tone = row.tone(c);
            if cols[c].spark {
                return Cell::from(spark_line(t, &text));
            }
            let line = if cols[c].right {
                Line::from(text).alignment(Alignment::Right)
            } else {
                Line::from(text)
            };
            Cell::from(line).style(tone_style(t, tone))
        });
        let marked = gutter && l.is_marked(row.id());
        let marker = gutter.then(|| {
            Cell::from(if marked { MARKER } else { " " }).style(if marked {
                t.marked
            } else {
                t.base
            })
        });
        let mut r = TableRow::new(marker.into_iter().chain(cells));
        let selected = l.offset + k == l.selected;
        r = match (selected, marked) {
            (true, true) => r.style(t.selection.add_modifier(t.marked.add_modifier)),
            (true, false) => r.style(t.selection),
            (false, true) => r.style(t.marked),
            (false, false) => r,
        };
        Some(r)
    });
    let widths: Vec<Constraint> = gutter
        .then_some(Constraint::Length(1))
        .into_iter()
        .chain(fitted.iter().map(|&(_, w)| Constraint::Length(w)))
        .collect();
    f.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        body,
    );
}

/// A sparkline cell, each glyph in the colour of the outcome it marks.
fn spark_line(t: &Theme, text: &str) -> Line<'static> {
    use crate::app::features::runs::history::{FAILED_GLYPH, PARTIAL_GLYPH, RUNNING_GLYPH};
    Line::from(
        text.chars()
            .map(|c| {
                let style = match c {
                    FAILED_GLYPH => t.failed,
                    PARTIAL_GLYPH => t.warn,
                    RUNNING_GLYPH => t.running,
                    _ => t.ok,
                };
                Span::styled(c.to_string(), style)
            })
            .collect::<Vec<_>>(),
    )
}
