//! The history pane: a flow's newest runs as a chart, oldest on the left. Each run is a
//! bar as tall as its records in, coloured by outcome, with the failed records on top
//! in the failure colour; under it the durations as a sparkline, and the numbers: the
//! success rate, mean and p95 duration.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::features::runs::history::{
    FAILED_GLYPH, History, Outcome, PARTIAL_GLYPH, RUNNING_GLYPH,
};
use crate::app::features::runs::history_pane::HistoryView;
use crate::app::shared::fmt::duration;
use crate::app::shared::pane::Load;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::notice;

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

pub fn draw(f: &mut Frame, area: Rect, app: &App, h: &HistoryView) {
    let t = Theme::of(app.theme);
    let mut title = vec![Span::styled(
        format!(
            " history of {} · last {} runs ",
            h.name,
            h.history.points.len()
        ),
        t.title,
    )];
    if h.load.is_loading() {
        title.push(Span::styled("loading… ", t.running));
    }
    let inner = crate::ui::widgets::frame::pane(f, area, t, Line::from(title));
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    if h.history.points.is_empty() {
        let (msg, style) = match &h.load {
            Load::Failed { error, .. } => (notice::error_text(app, error), t.failed),
            Load::Loaded { .. } => ("this flow has no runs yet".to_string(), t.dim),
            _ => ("loading runs…".to_string(), t.dim),
        };
        notice::draw(f, inner, msg, style);
        return;
    }
    let lines = chart(t, &h.history, inner.width, inner.height);
    f.render_widget(Paragraph::new(lines), inner);
}

fn outcome_style(t: &Theme, o: Outcome) -> ratatui::style::Style {
    match o {
        Outcome::Success => t.ok,
        Outcome::Partial => t.warn,
        Outcome::Failed => t.failed,
        Outcome::Running => t.running,
    }
}

/// The whole pane as lines: summary, records chart, duration sparkline, legend.
pub fn chart(t: &Theme, h: &History, width: u16, height: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let rate = h
        .success_rate()
        .map_or("-".to_string(), |r| format!("{r}%"));
    let ms = |x: Option<i64>| x.map_or("-".to_string(), duration);
    out.push(Line::from(vec![
        Span::styled(" success ", t.dim),
        Span::styled(rate, t.title),
        Span::styled(
            format!(
                "  ({} ok, {} partial, {} failed, {} running)",
                h.success, h.partial, h.failed, h.running
            ),
            t.dim,
        ),
        Span::styled("   mean ", t.dim),
        Span::styled(ms(h.mean_ms), t.base),
        Span::styled("   p95 ", t.dim),
        Span::styled(ms(h.p95_ms), t.base),
    ]));
    let axis_w = 9usize;
    // Each run gets a column two cells wide (one bar, one gap) while they fit.
    let room = usize::from(width).saturating_sub(axis_w + 1);
    let per = if h.points.len() * 2 <= room { 2 } else { 1 };
    let shown = (room / per).min(h.points.len());
    let points = &h.points[h.points.len() - shown..];
    let max = points
        .iter()
        .map(|p| p.records_in)
        .max()
        .unwrap_or(0)
        .max(1);
    // Rows: summary, chart, axis, duration title + sparkline, legend.
    let bar_h = usize::from(height).saturating_sub(6).clamp(2, 16);
    out.push(Line::from(Span::styled(
        " records in per run (failed on top)",
        t.dim,
    )));
    for row in (0..bar_h).rev() {
        let label = if row == bar_h - 1 {
            format!("{:>8} ", compact(max))
        } else if row == 0 {
            format!("{:>8} ", 0)
        } else {
            " ".repeat(axis_w)
        };
        let mut spans = vec![Span::styled(label, t.dim), Span::styled("│", t.dim)];
        for p in points {
            // Heights in eighths of a row; the failed share is drawn on top.
            let total = (p.records_in as f64 / max as f64 * (bar_h * 8) as f64).round() as usize;
            let total = if p.records_in > 0 { total.max(1) } else { 0 };
            let failed = if p.records_in > 0 {
                (total as f64 * p.records_failed as f64 / p.records_in as f64).round() as usize
            } else {
                0
            };
            let failed = failed.min(total);
            let good = total - failed;
            let lo = row * 8;
            let fill = |n: usize| n.saturating_sub(lo).min(8);
            let (cell, style) = if fill(total) == 0 {
                (" ", t.dim)
            } else if good > lo && good < lo + 8 && failed > 0 {
                // The row where good turns to failed: show the failed colour above.
                (EIGHTHS[8], t.failed)
            } else if lo >= good {
                (EIGHTHS[fill(total)], t.failed)
            } else {
                (EIGHTHS[fill(total)], outcome_style(t, p.outcome))
            };
            spans.push(Span::styled(cell.to_string(), style));
            if per == 2 {
                spans.push(Span::raw(" "));
            }
        }
        out.push(Line::from(spans));
    }
    // The axis marks failures and partial successes, readable without colour (a run
    // that failed before reading anything has no bar at all).
    let mut axis = vec![
        Span::styled(" ".repeat(axis_w), t.dim),
        Span::styled("└", t.dim),
    ];
    for p in points {
        let (mark, style) = match p.outcome {
            Outcome::Failed => (FAILED_GLYPH.to_string(), t.failed),
            Outcome::Partial => (PARTIAL_GLYPH.to_string(), t.warn),
            Outcome::Running => (RUNNING_GLYPH.to_string(), t.running),
            Outcome::Success => ("─".to_string(), t.dim),
        };
        axis.push(Span::styled(mark, style));
        if per == 2 {
            axis.push(Span::styled("─", t.dim));
        }
    }
    out.push(Line::from(axis));
    let longest = points
        .iter()
        .filter_map(|p| p.duration_ms)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut dur = vec![
        Span::styled(format!("{:>8} ", "duration"), t.dim),
        Span::styled(" ", t.dim),
    ];
    for p in points {
        let glyph = match p.duration_ms {
            Some(d) => EIGHTHS[((d * 8 + longest / 2) / longest).clamp(1, 8) as usize],
            None => "·",
        };
        dur.push(Span::styled(glyph.to_string(), outcome_style(t, p.outcome)));
        if per == 2 {
            dur.push(Span::raw(" "));
        }
    }
    out.push(Line::from(dur));
    out.push(Line::from(vec![
        Span::styled(" ".repeat(axis_w + 1), t.dim),
        Span::styled("█ success ", t.ok),
        Span::styled("█ partial ", t.warn),
        Span::styled("█ failed ", t.failed),
        Span::styled("█ running ", t.running),
        Span::styled(
            format!("  axis: {FAILED_GLYPH} failed {PARTIAL_GLYPH} partial"),
            t.dim,
        ),
        Span::styled(
            format!("  oldest left · longest {}", duration(longest)),
            t.dim,
        ),
    ]));
    out
}

/// `1.2M`, `34k`, `999`.
fn compact(n: u64) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=999_999 => format!("{}k", n / 1000),
        _ => format!("{:.1}M", n as f64 / 1_000_000.0),
    }
}
