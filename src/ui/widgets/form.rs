//! A form of typed fields (`shared::form`), one line a field: its label right-aligned and
//! starred when required, its value (a secret as one `•` a character unless revealed, a
//! choice as `‹ value ›` beside its choices, a boolean as a box), its error beside it, and
//! the focused field's help on the last line; scrolled so the focused field is in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::shared::form::{Field, FieldKind, Form};
use crate::ui::text::text_area;
use crate::ui::theme::Theme;
use crate::ui::widgets::marks::truncate;

/// The widest a value is drawn; its error or choices follow.
const VALUE_W: u16 = 32;

/// Draws `form` in `area`; `focused` shows the cursor, the focused field and its help.
pub fn draw(f: &mut Frame, area: Rect, t: &Theme, form: &Form, focused: bool) {
    if area.width < 8 || area.height == 0 || form.fields.is_empty() {
        return;
    }
    let help_h = u16::from(focused && area.height >= 2);
    let rows = usize::from(area.height - help_h);
    let first = first_shown(form.fields.len(), rows, form.focus);
    // Two columns for the scroll marks, the label, ` * `.
    let widest = form
        .fields
        .iter()
        .map(|fl| fl.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_w = (widest as u16 + 5).min(area.width / 2);
    for (row, (i, field)) in form
        .fields
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let y = area.y + row as u16;
        let on = focused && i == form.focus;
        let style = if on { t.key } else { t.dim };
        let star = if field.required { " * " } else { "   " };
        let room = usize::from(label_w).saturating_sub(5);
        let label = format!("{:>room$}{star}", truncate(&field.label, room));
        f.render_widget(
            Paragraph::new(Span::styled(label, style)),
            Rect::new(area.x + 2, y, label_w.saturating_sub(2), 1),
        );
        let mark = if row == 0 && first > 0 {
            "↑"
        } else if row + 1 == rows && first + rows < form.fields.len() {
            "↓"
        } else {
            ""
        };
        if !mark.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(mark, t.dim)),
                Rect::new(area.x, y, 1, 1),
            );
        }
        let x = area.x + label_w;
        // Long names and paths get the room a wide terminal has; the rest is for notes.
        let avail = area.x + area.width - x;
        let value_w = VALUE_W.max(avail * 3 / 5).min(avail);
        let used = value(f, Rect::new(x, y, value_w, 1), t, field, on);
        let note_x = x + used + 1;
        if note_x < area.x + area.width {
            let note = match (&field.error, &field.kind) {
                (Some(e), _) => Span::styled(e.clone(), t.failed),
                (None, FieldKind::Choice(choices)) => Span::styled(
                    choices
                        .iter()
                        .map(|c| if c.is_empty() { "—" } else { c.as_str() })
                        .collect::<Vec<_>>()
                        .join(" · "),
                    t.dim,
                ),
                (None, _) => continue,
            };
            f.render_widget(
                Paragraph::new(note),
                Rect::new(note_x, y, area.x + area.width - note_x, 1),
            );
        }
    }
    if help_h == 1
        && let Some(field) = form.focused()
    {
        let help = [field.help.as_str(), field.hint()]
            .into_iter()
            .filter(|h| !h.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        f.render_widget(
            Paragraph::new(Span::styled(help, t.dim)),
            Rect::new(area.x + 2, area.y + area.height - 1, area.width - 2, 1),
        );
    }
}

/// The first field shown: all from the top when they fit, else the focused one kept in
/// the middle, and the last rows full.
fn first_shown(fields: usize, rows: usize, focus: usize) -> usize {
    if fields <= rows {
        return 0;
    }
    focus.saturating_sub(rows / 2).min(fields - rows)
}

/// Draws the field's value in `r`; how many columns it took.
fn value(f: &mut Frame, r: Rect, t: &Theme, field: &Field, on: bool) -> u16 {
    let boxed = |text: String| {
        let style = if on { t.selection } else { t.base };
        let w = (text.chars().count() as u16).min(r.width);
        (Line::from(Span::styled(text, style)), w)
    };
    let (line, w) = match &field.kind {
        FieldKind::Bool => boxed(
            if field.value_text() == "true" {
                "[x]"
            } else {
                "[ ]"
            }
            .into(),
        ),
        FieldKind::Choice(_) => boxed(format!("‹ {} ›", field.shown())),
        _ => {
            typed(f, r, t, field, on);
            return r.width;
        }
    };
    f.render_widget(Paragraph::new(line), Rect::new(r.x, r.y, w, 1));
    w
}

/// A text field: the textarea with its cursor when focused (a secret masked), its text
/// (or bullets) otherwise.
fn typed(f: &mut Frame, r: Rect, t: &Theme, field: &Field, on: bool) {
    let masked = field.kind == FieldKind::Secret && !field.revealed;
    match text_area(&*field.text) {
        Some(ta) if on => {
            let mut ta = ta.clone();
            ta.set_cursor_style(t.selection);
            if masked {
                ta.set_mask_char('•');
            }
            f.render_widget(&ta, r);
        }
        // Not focused, or a buffer the ui did not make: the text as it may be shown.
        _ => f.render_widget(Paragraph::new(Span::styled(field.shown(), t.base)), r),
    }
}
