//! Drawing only: `render` reads the `App` and paints a frame. No state changes, no I/O,
//! and the cost depends on what is visible, not on how many rows are loaded.
//!
//! - `chrome`: tab bar, breadcrumbs, footer hints, status bar.
//! - one folder per feature, its drawing in `view` (a folder when the feature has several
//!   panes): `lists` (the list pane every feature's rows are drawn in), `detail`, `edit`,
//!   `graph`, `runs`, `dlz`. The AWS side draws in the list and graph panes.
//! - `widgets/`: what several features draw with: JSON view, help overlay, text box,
//!   toasts, table fitting, modal boxes.

pub mod build;
pub mod chrome;
pub mod detail;
pub mod dlz;
pub mod edit;
pub mod graph;
pub mod lists;
pub mod runs;
pub mod text;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::overlay::Overlay;
use crate::app::shared::layout::{Areas, MIN_HEIGHT, MIN_WIDTH, too_small};
use crate::app::state::App;
use crate::app::view::View;
use crate::ui::theme::Theme;

/// The core's rectangle as the drawing library's: the core computes geometry without
/// depending on ratatui, and both behave the same.
pub fn rect(r: crate::app::shared::layout::Rect) -> Rect {
    Rect::new(r.x, r.y, r.width, r.height)
}

pub fn render(f: &mut Frame, app: &App) {
    let area = f.area();
    if too_small(area.width, area.height) {
        let text = format!(
            "terminal too small\n{}×{} (needs {MIN_WIDTH}×{MIN_HEIGHT})",
            area.width, area.height
        );
        let y = area.height / 2;
        let rect = Rect::new(0, y.saturating_sub(1), area.width, area.height.min(2));
        f.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .style(Theme::of(app.theme).warn)
                .wrap(Wrap { trim: true }),
            rect.intersection(area),
        );
        return;
    }
    let a = Areas::of(area.width, area.height);
    let body = rect(a.body);
    chrome::tabs(f, rect(a.tabs), app);
    chrome::crumbs(f, rect(a.crumbs), app);
    match app.view() {
        Some(View::List(l)) => lists::view::draw(f, body, app, l),
        Some(View::Detail(d)) => detail::view::draw(f, body, app, d),
        Some(View::Graph(g)) => graph::view::draw(f, body, app, g),
        Some(View::Editor(e)) => edit::view::draw(f, body, app, e),
        Some(View::Run(r)) => runs::view::run::draw(f, body, app, r),
        Some(View::History(h)) => runs::view::history::draw(f, body, app, h),
        Some(View::Zones(z)) => dlz::view::zones::draw(f, body, app, z),
        Some(View::Creds(c)) => dlz::view::creds::draw(f, body, app, c),
        Some(View::Preview(p)) => dlz::view::preview::draw(f, body, app, p),
        Some(View::Transfers(_)) => dlz::view::transfers::draw(f, body, app),
        Some(View::Build(b)) => build::view::draw(f, body, app, b),
        None => {}
    }
    chrome::status(f, rect(a.status), app);
    match &app.overlay {
        Some(Overlay::Input(bx)) => widgets::input::draw(f, a, app, bx),
        _ => chrome::footer(f, rect(a.footer), app),
    }
    match &app.overlay {
        Some(Overlay::Trigger(form)) => runs::view::trigger::draw(f, body, app, form),
        Some(Overlay::Ask(ask)) => ask_box(f, body, app, ask),
        _ => {}
    }
    widgets::toast::draw(f, body, app);
    if let Some(Overlay::Help { scroll }) = &app.overlay {
        widgets::help::draw(f, area, app, *scroll);
    }
}

/// The question before a run or a flow action is sent.
fn ask_box(
    f: &mut Frame,
    body: Rect,
    app: &App,
    ask: &crate::app::shared::ask::Ask<crate::app::reply::Reply>,
) {
    use ratatui::text::{Line, Span};
    let t = Theme::of(app.theme);
    let lines: Vec<Line<'static>> = ask
        .lines
        .iter()
        .map(|(tone, text)| {
            Line::from(Span::styled(
                format!(" {text}"),
                widgets::marks::tone_style(t, *tone),
            ))
        })
        .collect();
    let width = ask
        .lines
        .iter()
        .map(|(_, l)| l.chars().count() as u16 + 4)
        .max()
        .unwrap_or(40)
        .clamp(40, 100);
    let height = (lines.len() as u16).saturating_add(3);
    let keys = Line::from(vec![
        Span::styled(" y", t.key),
        Span::styled(format!(" {}  ", ask.yes), t.dim),
        Span::styled("n", t.key),
        Span::styled(" back", t.dim),
    ]);
    let rect = widgets::modal::centred(body, width, height);
    widgets::modal::draw(f, rect, t, &ask.title, lines, ask.scroll, keys);
}
