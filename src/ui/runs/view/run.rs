//! The run pane: a run read for people. A header (status, flow, start, duration), the
//! metrics in a grid, the activities on a shared timeline, the errors with their codes,
//! and the references with a cursor: `y` copies the selected one, Enter opens it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::features::runs::run_pane::RunView;
use crate::app::features::runs::summary::Summary;
use crate::app::shared::fmt::{duration, time};
use crate::app::shared::pane::Load;
use crate::app::shared::table::status_tone;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::marks::{tone_style, truncate};
use crate::ui::widgets::notice;
use crate::ui::widgets::wrap::wrap;

/// Width of the activity bars on the timeline.
const BAR: usize = 24;

pub fn draw(f: &mut Frame, area: Rect, app: &App, r: &RunView) {
    let t = Theme::of(app.theme);
    let mut title = vec![Span::styled(format!(" {} ", r.title), t.title)];
    if r.load.is_loading() {
        title.push(Span::styled("loading… ", t.running));
    }
    let inner = crate::ui::widgets::frame::pane(f, area, t, Line::from(title));
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if r.value.is_none() {
        let (msg, style) = match &r.load {
            Load::Failed { error, .. } => (notice::error_text(app, error), t.failed),
            _ => (format!("loading run {}…", r.id), t.dim),
        };
        notice::draw(f, inner, msg, style);
        return;
    }
    let flow_name = app
        .names
        .flows
        .get(&r.summary.flow_id)
        .cloned()
        .unwrap_or_default();
    let (lines, cursor_line) = lines(t, &r.summary, &flow_name, r.cursor, app.now_ms, inner.width);
    // The selected reference stays in sight; above it, as much of the rest as fits.
    let h = usize::from(inner.height);
    let scroll = cursor_line.map_or(0, |c| (c + 1).saturating_sub(h));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

fn heading(t: &Theme, text: &str, width: u16) -> Line<'static> {
    let rule = usize::from(width).saturating_sub(text.chars().count() + 4);
    Line::from(vec![
        Span::styled("── ", t.dim),
        Span::styled(text.to_string(), t.header),
        Span::styled(format!(" {}", "─".repeat(rule)), t.dim),
    ])
}

/// The pane's lines, and which of them holds the selected reference.
pub fn lines(
    t: &Theme,
    s: &Summary,
    flow_name: &str,
    cursor: usize,
    now_ms: i64,
    width: u16,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut out = Vec::new();
    let took = match (s.started, s.completed) {
        (Some(a), Some(b)) => duration(b - a),
        (Some(a), None) => format!("{} so far", duration((now_ms - a).max(0))),
        _ => "not started".into(),
    };
    let flow = if flow_name.is_empty() {
        s.flow_id.clone()
    } else {
        flow_name.to_string()
    };
    out.push(Line::from(vec![
        Span::styled(
            format!(" {} ", s.status),
            tone_style(t, status_tone(&s.status)),
        ),
        Span::styled(" flow ", t.dim),
        Span::styled(flow, t.base),
        Span::styled("  started ", t.dim),
        Span::styled(time(s.started), t.base),
        Span::styled("  took ", t.dim),
        Span::styled(took, t.base),
    ]));
    out.push(heading(t, "metrics", width));
    // Label-value cells in as many columns as fit.
    let cell = 26usize;
    let per_line = (usize::from(width) / cell).max(1);
    for chunk in s.metrics.chunks(per_line) {
        let mut spans = Vec::new();
        for (label, value) in chunk {
            let style = if *label == "records failed" && value != "0" {
                t.failed
            } else {
                t.base
            };
            spans.push(Span::styled(format!(" {label:<16}"), t.dim));
            spans.push(Span::styled(format!("{value:<10}"), style));
        }
        out.push(Line::from(spans));
    }
    out.push(heading(t, "timeline", width));
    let start = s
        .activities
        .iter()
        .filter_map(|a| a.started)
        .chain(s.started)
        .min();
    let end = s
        .activities
        .iter()
        .map(|a| a.completed.unwrap_or(now_ms))
        .chain(s.completed)
        .max();
    let name_w = s
        .activities
        .iter()
        .map(|a| a.id.len())
        .max()
        .unwrap_or(0)
        .min(20);
    for a in &s.activities {
        let bar = match (start, end, a.started) {
            (Some(s0), Some(e0), Some(a0)) if e0 > s0 => {
                let at =
                    |ms: i64| (((ms - s0) as f64 / (e0 - s0) as f64) * BAR as f64).round() as usize;
                let from = at(a0).min(BAR);
                let to = at(a.completed.unwrap_or(now_ms)).clamp(from + 1, BAR.max(from + 1));
                format!(
                    "{}{}{}",
                    " ".repeat(from),
                    "█".repeat(to - from),
                    " ".repeat(BAR.saturating_sub(to))
                )
            }
            _ => " ".repeat(BAR),
        };
        let when = match (a.started, a.completed) {
            (Some(x), Some(y)) => duration(y - x),
            (Some(x), None) => format!("{}…", duration((now_ms - x).max(0))),
            _ => "waiting".into(),
        };
        let tone = tone_style(t, status_tone(&a.status));
        out.push(Line::from(vec![
            Span::styled(format!(" {:<name_w$} ", truncate(&a.id, name_w)), t.base),
            Span::styled(format!("{:<11}", a.status), tone),
            Span::styled("▕", t.dim),
            Span::styled(bar, tone),
            Span::styled("▏", t.dim),
            Span::styled(format!(" {when:>8}  "), t.base),
            Span::styled(a.detail.clone(), t.dim),
        ]));
    }
    if s.activities.is_empty() {
        out.push(Line::from(Span::styled(" no activities yet", t.dim)));
    }
    if !s.errors.is_empty() {
        out.push(heading(t, &format!("errors ({})", s.errors.len()), width));
        for e in &s.errors {
            out.push(Line::from(vec![
                Span::styled(format!(" {}", e.code), t.failed),
                Span::styled(format!("  {}", e.place), t.dim),
            ]));
            // The service's message in full, wrapped under its code.
            let w = usize::from(width).saturating_sub(4).max(10);
            for part in wrap(&e.message, w) {
                out.push(Line::from(Span::styled(format!("   {part}"), t.base)));
            }
        }
    }
    out.push(heading(t, "references  (y copies · enter opens)", width));
    let label_w = s.refs.iter().map(|r| r.label.len()).max().unwrap_or(0);
    let mut cursor_line = None;
    for (i, r) in s.refs.iter().enumerate() {
        let selected = i == cursor;
        if selected {
            cursor_line = Some(out.len());
        }
        let mark = if selected { "▸" } else { " " };
        let opens = if r.goto.is_some() { " ↵" } else { "" };
        let style: Style = if selected { t.selection } else { t.base };
        out.push(Line::from(vec![
            Span::styled(
                format!("{mark}{:<label_w$}  ", r.label),
                if selected { t.selection } else { t.dim },
            ),
            Span::styled(r.value.clone(), style),
            Span::styled(opens.to_string(), t.dim),
        ]));
    }
    (out, cursor_line)
}
