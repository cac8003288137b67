//! The editor pane: a header (mode, etag, cursor, draft), the last notice or what the text
//! amounts to, the text with its findings marked, the before/after preview, and the
//! findings listed. The confirmation, the question on leaving and the conflict screen are
//! drawn over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::shared::action::Context;
use crate::app::shared::editor::{EditorView, Stage, gutter_width};
use crate::app::shared::fmt::ago;
use crate::app::shared::jsontext::Severity;
use crate::app::shared::jsontext::diff::{Change, DiffLine};
use crate::app::state::App;
use crate::ui::edit::code::Code;
use crate::ui::rect;
use crate::ui::theme::Theme;
use crate::ui::widgets::marks::{SPINNER, tone_style};
use crate::ui::widgets::modal;

pub fn draw(f: &mut Frame, area: Rect, app: &App, e: &EditorView) {
    let t = Theme::of(app.theme);
    let a = app.areas().editor();
    crate::ui::widgets::frame::pane(
        f,
        area,
        t,
        Line::from(Span::styled(format!(" edit {} ", e.spec.title()), t.title)),
    );
    f.render_widget(Paragraph::new(header(app, e)), rect(a.header));
    f.render_widget(Paragraph::new(notice(app, e)), rect(a.notice));
    let ta = &e.text;
    let (row, col) = ta.cursor();
    f.render_widget(
        Code {
            lines: ta.lines(),
            cursor: (row, col),
            selection: ta.selection_range(),
            scroll: e.scroll,
            findings: &e.checked.findings,
            search: e.search.as_deref(),
            show_cursor: matches!(e.stage, Stage::Editing),
            gutter: gutter_width(ta.lines().len()),
            theme: t,
        },
        rect(a.text),
    );
    divider(f, &a, t);
    let preview = if e.checked.preview.is_empty() {
        vec![Line::from(Span::styled(
            "the preview shows here once the text applies",
            t.dim,
        ))]
    } else {
        diff_lines(&e.checked.preview, t)
    };
    f.render_widget(Paragraph::new(preview), rect(a.preview));
    f.render_widget(
        Paragraph::new(findings(app, e, a.findings.height)),
        rect(a.findings),
    );
    match &e.stage {
        Stage::Confirm { payload, scroll } => confirm(f, area, app, e, payload, *scroll),
        Stage::Leaving => leaving(f, area, app),
        Stage::Conflict(c) => {
            let (error, current, changes, rebased) = (&c.error, &c.current, &c.changes, &c.rebased);
            let old = e.spec.etag().unwrap_or_default();
            let new = current
                .get("etag")
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string();
            let code = error.code.clone().unwrap_or_else(|| "HTTP 412".into());
            let mut lines = vec![
                Line::from(vec![
                    Span::styled(code, t.failed),
                    Span::raw(format!(
                        ": the {} changed on the server after your edit began.",
                        e.spec.title()
                    )),
                ]),
                Line::from(Span::styled(
                    format!("etag when you began {old}, now {new}"),
                    t.dim,
                )),
                Line::from(""),
                Line::from(Span::styled("What changed on the server:", t.header)),
            ];
            lines.extend(diff_lines(changes, t));
            lines.push(Line::from(""));
            lines.push(if rebased.errors() == 0 && rebased.payload.is_some() {
                Line::from(Span::styled(
                    format!(
                        "Your edit applies to the current version: {}.",
                        rebased.summary
                    ),
                    t.ok,
                ))
            } else if let Some(first) = rebased
                .findings
                .iter()
                .find(|f| f.severity == Severity::Error)
            {
                Line::from(Span::styled(
                    format!(
                        "Your edit no longer applies as written (line {}: {}); rebase to fix it.",
                        first.line, first.message
                    ),
                    t.warn,
                ))
            } else {
                Line::from(Span::styled(
                    format!("Your edit on the current version: {}.", rebased.summary),
                    t.warn,
                ))
            });
            let keys = key_line(
                app,
                &[
                    ("confirm", "rebase and review"),
                    ("cancel", "back to editing"),
                    ("discard", "discard the edit"),
                ],
            );
            let w = area.width.saturating_sub(4);
            let h = area.height.saturating_sub(2);
            modal::draw(
                f,
                modal::centred(area, w, h),
                t,
                "412 conflict",
                lines,
                c.scroll,
                keys,
            );
        }
        Stage::Editing | Stage::Sending => {}
    }
}

fn header(app: &App, e: &EditorView) -> Line<'static> {
    let t = Theme::of(app.theme);
    let (line, col) = e.cursor();
    let other = app
        .keymap
        .hint(Context::Editor, "edit_mode")
        .unwrap_or_default();
    // A create has one mode (the request) and no etag: say neither.
    let mut spans = match e.spec.etag() {
        _ if e.spec.modes().len() < 2 => vec![Span::styled("request", t.key)],
        etag => vec![
            Span::styled(format!("{} mode", e.mode.name()), t.key),
            Span::styled(format!(" ({other} switches)"), t.dim),
            Span::raw(format!(" · etag {}", etag.unwrap_or_else(|| "none".into()))),
        ],
    };
    spans.push(Span::styled(format!(" · {line}:{col}"), t.dim));
    let draft = match (&e.draft_error, e.draft_saved_ms) {
        (Some(_), _) => Span::styled(" · draft not saved", t.failed),
        (None, _) if !e.edited() => Span::raw(""),
        (None, Some(at)) if !e.unsaved => {
            Span::styled(format!(" · draft saved {}", ago(at, app.now_ms)), t.dim)
        }
        _ => Span::styled(" · editing", t.dim),
    };
    spans.push(draft);
    if app.read_only {
        spans.push(Span::styled(" · read-only", t.warn));
    }
    Line::from(spans)
}

fn notice(app: &App, e: &EditorView) -> Line<'static> {
    let t = Theme::of(app.theme);
    if let Stage::Sending = e.stage {
        let spin = SPINNER[app.spinner % SPINNER.len()];
        return Line::from(Span::styled(format!("{spin} sending…"), t.running));
    }
    if let Some(n) = &e.notice {
        return Line::from(Span::styled(n.text.clone(), tone_style(t, n.tone)));
    }
    let c = &e.checked;
    let review = app
        .keymap
        .hint(Context::Editor, "submit")
        .unwrap_or_default();
    match (c.errors(), c.payload.is_some()) {
        (0, true) => Line::from(vec![
            Span::styled(format!("✓ {}", c.summary), t.ok),
            Span::styled(format!(" · {review} to review and send"), t.dim),
        ]),
        (0, false) => Line::from(Span::styled(c.summary.clone(), t.dim)),
        (n, _) => Line::from(Span::styled(
            format!(
                "✗ {} · {}",
                crate::app::shared::fmt::plural(n, "error"),
                c.summary
            ),
            t.failed,
        )),
    }
}

fn findings(app: &App, e: &EditorView, height: u16) -> Vec<Line<'static>> {
    let t = Theme::of(app.theme);
    let all = &e.checked.findings;
    let room = usize::from(height);
    if room == 0 {
        return Vec::new();
    }
    let mut out: Vec<Line> = all
        .iter()
        .take(if all.len() > room { room - 1 } else { room })
        .map(|f| {
            let (mark, style) = match f.severity {
                Severity::Error => ("✗", t.failed),
                Severity::Warning => ("⚠", t.warn),
            };
            Line::from(vec![
                Span::styled(format!("{mark} {}:{} ", f.line, f.column), style),
                Span::raw(f.message.clone()),
            ])
        })
        .collect();
    if all.len() > room && room > 0 {
        out.push(Line::from(Span::styled(
            format!("… and {} more", all.len() - (room - 1)),
            t.dim,
        )));
    }
    out
}

/// The line between the text and the preview, named.
fn divider(f: &mut Frame, a: &crate::app::shared::layout::EditorAreas, t: &Theme) {
    let p = a.preview;
    if p.x > a.text.x {
        for y in p.y..p.y + p.height {
            f.buffer_mut()[(p.x - 1, y)]
                .set_symbol("│")
                .set_style(t.border);
        }
    } else if p.y > a.text.y + a.text.height.saturating_sub(1) && p.height > 0 {
        let label = "─ preview ";
        let line = format!("{label}{}", "─".repeat(usize::from(p.width)));
        f.buffer_mut()
            .set_stringn(p.x, p.y - 1, line, usize::from(p.width), t.border);
    }
}

pub fn diff_lines(diff: &[DiffLine], t: &Theme) -> Vec<Line<'static>> {
    diff.iter()
        .map(|d| {
            let (sign, style): (&str, Style) = match d.change {
                Change::Same => (" ", t.dim),
                Change::Removed => ("-", t.failed),
                Change::Added => ("+", t.ok),
            };
            Line::from(Span::styled(format!("{sign} {}", d.text), style))
        })
        .collect()
}

/// `y rebase · n back`, from the confirm context's keys.
fn key_line(app: &App, pairs: &[(&str, &str)]) -> Line<'static> {
    let t = Theme::of(app.theme);
    let mut spans = Vec::new();
    for (action, desc) in pairs {
        if let Some(k) = app.keymap.hint(Context::Confirm, action) {
            spans.push(Span::styled(k, t.key));
            spans.push(Span::styled(format!(" {desc}   "), t.dim));
        }
    }
    Line::from(spans)
}

fn confirm(
    f: &mut Frame,
    area: Rect,
    app: &App,
    e: &EditorView,
    payload: &serde_json::Value,
    scroll: usize,
) {
    let t = Theme::of(app.theme);
    let w = area.width.saturating_sub(6).min(110);
    let h = area.height.saturating_sub(2);
    // The request is what gets sent: its lines wrap rather than being cut at the edge.
    let room = usize::from(w.saturating_sub(2));
    let mut lines: Vec<Line> = e
        .spec
        .request_lines(payload)
        .iter()
        .flat_map(|l| wrapped(l, room))
        .map(|l| Line::from(Span::styled(l, t.key)))
        .collect();
    let left_out = &e.checked.left_out;
    if !left_out.is_empty() {
        let (n, verb) = match left_out.len() {
            1 => ("1 operation".to_string(), "changes"),
            n => (format!("{n} operations"), "change"),
        };
        lines.push(Line::from(Span::styled(
            format!("left out, not sent: {n} that {verb} nothing"),
            t.dim,
        )));
        lines.extend(
            left_out
                .iter()
                .flat_map(|l| wrapped(&format!("  {l}"), room))
                .map(|l| Line::from(Span::styled(l, t.dim))),
        );
    }
    lines.push(Line::from(""));
    lines.extend(diff_lines(&e.checked.preview, t));
    let keys = key_line(app, &[("confirm", "send"), ("cancel", "back to editing")]);
    modal::draw(
        f,
        modal::centred(area, w, h),
        t,
        "send this change?",
        lines,
        scroll,
        keys,
    );
}

/// `line` cut into pieces of at most `width` chars, the pieces after the first indented
/// under the operation they continue.
fn wrapped(line: &str, width: usize) -> Vec<String> {
    const INDENT: &str = "    ";
    let chars: Vec<char> = line.chars().collect();
    if width <= INDENT.len() || chars.len() <= width {
        return vec![line.to_string()];
    }
    let mut out = vec![chars[..width].iter().collect::<String>()];
    for piece in chars[width..].chunks(width - INDENT.len()) {
        out.push(format!("{INDENT}{}", piece.iter().collect::<String>()));
    }
    out
}

fn leaving(f: &mut Frame, area: Rect, app: &App) {
    let t = Theme::of(app.theme);
    let lines = vec![
        Line::from("Your edit has not been sent."),
        Line::from(Span::styled(
            "Leaving keeps it as a draft: e on the object, or :drafts, brings it back.",
            t.dim,
        )),
    ];
    let keys = key_line(
        app,
        &[
            ("confirm", "leave, keep the draft"),
            ("cancel", "stay"),
            ("discard", "discard the edit"),
        ],
    );
    modal::draw(
        f,
        modal::centred(area, 84, 6),
        t,
        "leave the editor?",
        lines,
        0,
        keys,
    );
}
