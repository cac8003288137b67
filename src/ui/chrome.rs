//! The frame around the panes: tab bar, breadcrumbs, key hints generated from the keymap,
//! and the status bar that says where flowscope is pointed (demo or a real endpoint) and
//! whether the sandbox is watched.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::route::focus;
use crate::app::shared::layout::tab_label;
use crate::app::shared::nav::Tab;
use crate::app::state::App;
use crate::ui::theme::Theme;

pub fn tabs(f: &mut Frame, area: Rect, app: &App) {
    let t = Theme::of(app.theme);
    let mut spans = Vec::new();
    let short = crate::app::shared::layout::short_tabs(area.width);
    for (i, tab) in Tab::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let style = if *tab == app.tab { t.tab_active } else { t.tab };
        spans.push(Span::styled(tab_label(*tab, short), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
    let brand = " flowscope ";
    let w = brand.len() as u16;
    let used: u16 = crate::app::shared::layout::tab_spans(area.width)
        .last()
        .map(|s| s.2)
        .unwrap_or(0);
    if area.width > used + w + 1 {
        let r = Rect::new(area.x + area.width - w, area.y, w, 1);
        f.render_widget(Paragraph::new(Span::styled(brand, t.title)), r);
    }
}

pub fn crumbs(f: &mut Frame, area: Rect, app: &App) {
    let t = Theme::of(app.theme);
    let mut spans = vec![Span::raw(" ")];
    for (i, c) in app.breadcrumbs().iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", t.dim));
        }
        spans.push(Span::styled(c.clone(), t.crumb));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn footer(f: &mut Frame, area: Rect, app: &App) {
    let t = Theme::of(app.theme);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (ctx, names) in focus(app).hints(app) {
        let help = app.keymap.help(ctx);
        for name in names {
            let desc = help
                .iter()
                .find(|e| e.action == name)
                .map(|e| e.desc.clone());
            if let (Some(key), Some(desc)) = (app.keymap.hint(ctx, name), desc) {
                pairs.push((key, desc));
            }
        }
    }
    let mut spans = vec![Span::raw(" ")];
    let mut width = 1usize;
    for (key, desc) in pairs {
        let w = key.chars().count() + desc.chars().count() + 3;
        if width + w > usize::from(area.width) {
            break;
        }
        width += w;
        spans.push(Span::styled(key, t.key));
        spans.push(Span::styled(format!(" {desc}  "), t.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn status(f: &mut Frame, area: Rect, app: &App) {
    let t = Theme::of(app.theme);
    let tg = &app.target;
    let mut parts: Vec<String> = Vec::new();
    parts.push(if tg.demo {
        "demo".to_string()
    } else {
        match &tg.profile {
            Some(p) => format!("profile {p}"),
            None => "remote".to_string(),
        }
    });
    parts.push(tg.endpoint.clone());
    parts.push(format!("sandbox {}", tg.sandbox));
    if app.read_only {
        parts.push("read-only".into());
    }
    if app.auto_refresh {
        parts.push("auto-refresh".into());
    }
    if let Some(s) = app.dlz.transfers.summary() {
        parts.push(format!("transfers {s}"));
    }
    // An action on marked rows: its progress, changed only by its answers.
    if let Some(p) = app.bulk.progress() {
        parts.push(p);
    }
    if let Some(w) = app.alerts.status() {
        parts.push(w);
    }
    let mut text = format!(" {}", parts.join(" · "));
    if let Some(w) = app.warnings.first() {
        let more = if app.warnings.len() > 1 {
            format!(" (+{} more)", app.warnings.len() - 1)
        } else {
            String::new()
        };
        text.push_str(&format!(" · ⚠ {w}{more}"));
    }
    f.render_widget(Paragraph::new(text).style(t.status_bar), area);
}
