//! The `?` overlay: every binding of every keymap section (the landing zone's, AWS's,
//! the failures list's and the trigger form's among them), generated from the keymap, so
//! help can never disagree with what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::shared::action::Context;
use crate::app::state::App;
use crate::ui::theme::Theme;

/// The help text as lines, for drawing and for tests.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let t = Theme::of(app.theme);
    let mut out = Vec::new();
    for ctx in [
        Context::Global,
        Context::List,
        Context::Detail,
        Context::Graph,
        Context::Editor,
        Context::Confirm,
        Context::Input,
        Context::Help,
        Context::Form,
        Context::Dlz,
        Context::Transfers,
        Context::Aws,
        Context::Failures,
    ] {
        let entries = app.keymap.help(ctx);
        if entries.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::from(""));
        }
        out.push(Line::from(Span::styled(ctx.name().to_string(), t.header)));
        for e in entries {
            let keys = e.keys.join(" ");
            let mut spans = vec![
                Span::styled(format!("  {keys:<18}"), t.key),
                Span::raw(e.desc.clone()),
            ];
            if e.dangerous {
                spans.push(Span::styled(
                    if app.read_only {
                        "  (off: read-only)"
                    } else {
                        "  (asks first)"
                    },
                    t.warn,
                ));
            }
            out.push(Line::from(spans));
        }
    }
    out
}

/// " keys — esc closes, j/k scroll ", from whatever the help keys are bound to.
fn title(app: &App) -> String {
    let key = |a: &str| app.keymap.hint(Context::Help, a).unwrap_or_default();
    format!(
        " keys — {} closes, {}/{} scroll ",
        key("cancel"),
        key("down"),
        key("up")
    )
}

pub fn draw(f: &mut Frame, screen: Rect, app: &App, scroll: usize) {
    let w = screen.width.saturating_sub(4).min(72);
    let h = screen.height.saturating_sub(2);
    if w < 10 || h < 3 {
        return;
    }
    let area = super::modal::centred(screen, w, h);
    let all = lines(app);
    let inner_h = usize::from(h.saturating_sub(2));
    let scroll = scroll.min(all.len().saturating_sub(inner_h));
    let shown: Vec<Line> = all.into_iter().skip(scroll).take(inner_h).collect();
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(shown).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Theme::of(app.theme).border_focus)
                .title(Span::styled(title(app), Theme::of(app.theme).title)),
        ),
        area,
    );
}
