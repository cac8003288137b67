//! Downloads and uploads with a progress bar each: bytes moved, speed, retries, and how
//! each ended; those cut off before are "interrupted" and say how much is done.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::features::dlz::transfers::{State, Transfer};
use crate::app::shared::fmt::human_size;
use crate::app::state::App;
use crate::ui::theme::Theme;
use crate::ui::widgets::notice;

/// Width of the progress bar.
const BAR: usize = 24;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let t = Theme::of(app.theme);
    let list = &app.dlz.transfers;
    let title = Line::from(vec![
        Span::styled(" transfers ", t.title),
        Span::styled(format!("{} running ", list.running()), t.dim),
        Span::styled(
            match list.resumable() {
                0 => String::new(),
                n => format!("· {n} resumable "),
            },
            t.warn,
        ),
    ]);
    let inner = crate::ui::widgets::frame::pane(f, area, t, title);
    if inner.height == 0 {
        return;
    }
    if list.list.is_empty() {
        notice::draw(
            f,
            inner,
            "no transfers yet: D downloads the selected file, U uploads into the folder in view"
                .into(),
            t.dim,
        );
        return;
    }
    // Two lines per transfer; the selected one stays in sight.
    let per = 2usize;
    let fit = (usize::from(inner.height) / per).max(1);
    let first = (list.selected + 1).saturating_sub(fit);
    let mut lines = Vec::new();
    for (i, x) in list.list.iter().enumerate().skip(first).take(fit) {
        lines.extend(transfer_lines(t, x, i == list.selected, app.now_ms));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn transfer_lines(t: &Theme, x: &Transfer, selected: bool, now_ms: i64) -> Vec<Line<'static>> {
    let ratio = x.ratio();
    let filled = ((ratio * BAR as f64).round() as usize).min(BAR);
    let (state, style) = match &x.state {
        State::Running => ("running".to_string(), t.running),
        State::Done => ("done".to_string(), t.ok),
        State::Cancelled if x.plan.is_some() => ("cancelled · R resumes".to_string(), t.dim),
        State::Cancelled => ("cancelled".to_string(), t.dim),
        State::Interrupted => ("interrupted · R resumes".to_string(), t.warn),
        State::Failed(e) if x.plan.is_some() => {
            (format!("failed: {} · R resumes", e.message), t.failed)
        }
        State::Failed(e) => (format!("failed: {}", e.message), t.failed),
    };
    let rate = x
        .rate(now_ms)
        .map(|r| format!("{}/s", human_size(r as u64)))
        .unwrap_or_default();
    let retries = if x.retries > 0 {
        format!(" · {} retries", x.retries)
    } else {
        String::new()
    };
    let head = if selected { t.selection } else { t.base };
    vec![
        Line::from(vec![
            Span::styled(format!(" {:<8} ", x.verb()), head.patch(t.header)),
            Span::styled(x.what(), head),
        ]),
        Line::from(vec![
            Span::raw("          "),
            Span::styled("█".repeat(filled), style),
            Span::styled("░".repeat(BAR - filled), t.dim),
            Span::styled(
                format!(
                    " {:>3}% {} / {} {rate}{retries} · ",
                    (ratio * 100.0).round() as u64,
                    human_size(x.done),
                    human_size(x.total)
                ),
                t.dim,
            ),
            Span::styled(state, style),
        ]),
    ]
}
