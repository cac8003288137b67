//! The frame around the panes: tab bar, breadcrumbs, key hints generated from the keymap,
//! and the status bar that says where flowscope is pointed (demo or a real endpoint).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::route::contexts;
use crate::app::shared::action::Context;
use crate::app::shared::layout::tab_label;
use crate::app::shared::nav::ListKind;
use crate::app::shared::nav::Tab;
use crate::app::state::{App, Overlay};
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

/// The actions worth a hint in each context, in the order shown; some panes and
/// questions share a context but not its useful keys.
fn hinted(ctx: Context, app: &App) -> Vec<&'static str> {
    let mut names = hinted_static(ctx, app).map_or_else(|| detail_hints(app), <[_]>::to_vec);
    // Only lists the service filters offer the server filter.
    if let Some(l) = app.list()
        && l.kind.server_filter().is_err()
    {
        names.retain(|n| *n != "server_filter");
    }
    names
}

/// A detail offers the related objects its JSON names, and only those.
fn detail_hints(app: &App) -> Vec<&'static str> {
    let mut names = vec!["toggle", "search"];
    if let Some(d) = app.detail()
        && let Some(v) = &d.value
    {
        use crate::app::shared::action::Action;
        names.extend(
            crate::app::features::detail::related::related(d.kind, v)
                .iter()
                .filter_map(|r| match r.action {
                    Action::RelatedSource => Some("related_source"),
                    Action::RelatedTarget => Some("related_target"),
                    Action::RelatedSpec => Some("related_spec"),
                    Action::RelatedRuns => Some("related_runs"),
                    Action::RelatedFlow => Some("related_flow"),
                    _ => None,
                }),
        );
    }
    names.push("copy_json");
    names
}

/// The fixed hints of a context; None where they depend on the object in view.
fn hinted_static(ctx: Context, app: &App) -> Option<&'static [&'static str]> {
    use crate::app::state::{Overlay, View};
    match (ctx, app.view(), &app.overlay) {
        (Context::Confirm, _, Some(Overlay::Ask(_))) => return Some(&["confirm", "cancel"]),
        (Context::Detail, Some(View::Run(_)), _) => {
            return Some(&["copy_id", "describe", "related_flow", "trigger_run"]);
        }
        (Context::Detail, Some(View::History(_)), _) => return Some(&["trigger_run", "refresh"]),
        (Context::Dlz, Some(View::Zones(_)), _) => {
            return Some(&[
                "browse_storage",
                "credentials",
                "refresh_credentials",
                "transfers",
            ]);
        }
        (Context::List, Some(View::Zones(_)), _) => return Some(&["open"]),
        (Context::Dlz, Some(View::Creds(_)), _) => {
            return Some(&["reveal_secrets", "refresh_credentials", "browse_storage"]);
        }
        (Context::List, Some(View::Creds(_)), _) => return Some(&["copy_id"]),
        (Context::Dlz, Some(View::Transfers(_)), _) => return Some(&["remove"]),
        (Context::List, Some(View::Transfers(_)), _) => return Some(&[]),
        (Context::Dlz, Some(View::Preview(_)), _) => return Some(&["reading_flows"]),
        (Context::Detail, Some(View::Preview(_)), _) => return Some(&["toggle", "right", "left"]),
        (Context::Dlz, Some(View::List(l)), _) if l.kind == ListKind::Blobs => {
            return Some(&["preview", "download", "upload", "remove", "reading_flows"]);
        }
        (Context::Dlz, Some(View::List(_)), _) => {
            return Some(&["preview", "browse_storage", "reading_flows", "credentials"]);
        }
        (Context::List, Some(View::List(l)), _)
            if l.kind == ListKind::Blobs || l.kind == ListKind::Dlz =>
        {
            return Some(&["open", "filter", "sort_next"]);
        }
        (Context::Aws, Some(View::List(l)), _) => {
            return Some(match l.kind {
                ListKind::AwsDomains | ListKind::AwsWorkflows => &["new_workflow"],
                ListKind::AwsExecutions => &["remove"],
                _ => &[],
            });
        }
        (Context::List, Some(View::List(l)), _) => match l.kind {
            ListKind::AwsDomains => return Some(&["open", "filter", "describe"]),
            ListKind::AwsWorkflows => {
                return Some(&["open", "describe", "graph", "server_filter", "filter"]);
            }
            ListKind::AwsSteps => return Some(&["open", "graph", "trigger_run", "filter"]),
            ListKind::AwsFlows => {
                return Some(&["open", "describe", "graph", "trigger_run", "toggle_flow"]);
            }
            ListKind::AwsExecutions => return Some(&["describe", "trigger_run", "graph"]),
            ListKind::AwsProfiles => return Some(&["open", "uses", "describe", "filter"]),
            _ => {}
        },
        _ => {}
    }
    Some(match ctx {
        Context::Form => &["submit", "down", "cancel"],
        Context::List => &[
            "open",
            "describe",
            "filter",
            "server_filter",
            "sort_next",
            "copy_id",
        ],
        Context::Detail => return None,
        Context::Graph => &["open", "graph", "uses", "describe", "copy_id"],
        Context::Help => &["cancel"],
        Context::Input => &["submit", "cancel", "complete"],
        Context::Editor => &[
            "submit",
            "edit_mode",
            "search",
            "undo",
            "edit_external",
            "cancel",
        ],
        Context::Confirm => &["confirm", "cancel", "discard"],
        Context::Global | Context::Dlz | Context::Aws => &[],
    })
}

pub fn footer(f: &mut Frame, area: Rect, app: &App) {
    let t = Theme::of(app.theme);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for ctx in contexts(app) {
        let names: Vec<&str> = match ctx {
            // Over the help, esc closes it (the help's own hint) and only quit still acts.
            Context::Global if matches!(app.overlay, Some(Overlay::Help { .. })) => vec!["quit"],
            Context::Global => vec!["back", "refresh", "command", "help", "quit"],
            c => hinted(c, app),
        };
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
