//! The trigger form over the pane: one line per param with what it reads as in UTC,
//! the warnings, and the body it will send, kept up to date as the fields change.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::features::runs::form::{FIELDS, TriggerForm, seconds};
use crate::app::shared::fmt::time;
use crate::app::state::App;
use crate::ui::text::text_area;
use crate::ui::theme::Theme;
use crate::ui::widgets::modal::centred;

pub fn draw(f: &mut Frame, area: Rect, app: &App, form: &TriggerForm) {
    let t = Theme::of(app.theme);
    let rect = centred(area, 84, 22);
    if rect.width < 30 || rect.height < 8 {
        return;
    }
    f.render_widget(Clear, rect);
    let name = if form.flow_name.is_empty() {
        form.flow_id.clone()
    } else {
        form.flow_name.clone()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focus)
        .title(Span::styled(format!(" trigger a run of {name} "), t.title));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let label_w = 14u16;
    for (i, (member, label)) in FIELDS.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.y + inner.height {
            return;
        }
        let focused = i == form.focus;
        let style = if focused { t.key } else { t.dim };
        f.render_widget(
            Paragraph::new(Span::styled(format!("{label:>13} "), style)),
            Rect::new(inner.x, y, label_w.min(inner.width), 1),
        );
        let field_w = 22u16.min(inner.width.saturating_sub(label_w));
        let field = Rect::new(inner.x + label_w, y, field_w, 1);
        match form.fields.get(i).map(|b| text_area(&**b)) {
            Some(Some(ta)) => {
                let mut ta = ta.clone();
                ta.set_cursor_style(if focused { t.selection } else { t.base });
                f.render_widget(&ta, field);
            }
            // Only the ui makes buffers; another kind still shows its text.
            Some(None) => f.render_widget(Paragraph::new(form.value(i)), field),
            None => {}
        }
        // What the value means, beside it.
        let text = form.value(i);
        let note = if i < 3 {
            match seconds(&text, form.now_s) {
                Ok(s) => (format!("{} UTC", time(Some(s.saturating_mul(1000)))), t.dim),
                Err(e) => (e, t.failed),
            }
        } else if text.trim().is_empty() {
            ("optional: table sources only".to_string(), t.dim)
        } else {
            (format!("params.{member}.name"), t.dim)
        };
        let x = inner.x + label_w + field_w + 1;
        if x < inner.x + inner.width {
            f.render_widget(
                Paragraph::new(Span::styled(note.0, note.1)),
                Rect::new(x, y, inner.x + inner.width - x, 1),
            );
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    for w in &form.warnings {
        lines.push(Line::from(Span::styled(format!("⚠ {w}"), t.warn)));
    }
    lines.push(Line::from(Span::styled(
        "POST /data/foundation/flowservice/runs",
        t.running,
    )));
    match form.body() {
        Ok(body) => {
            let text = serde_json::to_string_pretty(&body).unwrap_or_default();
            lines.extend(
                text.lines()
                    .map(|l| Line::from(Span::styled(l.to_string(), t.base))),
            );
        }
        Err((_, why)) => lines.push(Line::from(Span::styled(why, t.failed))),
    }
    let top = inner.y + FIELDS.len() as u16 + 1;
    if top < inner.y + inner.height {
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }),
            Rect::new(
                inner.x + 1,
                top,
                inner.width.saturating_sub(2),
                inner.y + inner.height - top,
            ),
        );
    }
}
