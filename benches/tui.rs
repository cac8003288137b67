//! Explorer benchmarks: drawing a Runs pane that holds 100,000 rows (against 1,000, to
//! show frame cost follows the visible rows), one keystroke of the `/` filter over those
//! rows, and launch to first frame (emulator seeded, first page fetched, drawn).

#[path = "common/mod.rs"]
mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use flowscope::api::{Client, ClientConfig};
use flowscope::app::shared::action::Action;
use flowscope::app::shared::effect::Target;
use flowscope::app::shared::nav::Tab;
use flowscope::app::shared::theme::ThemeName;
use flowscope::app::state::App;
use flowscope::app::view::View;
use flowscope::config::keymap::Keymap;
use flowscope::emulator::{self, EmulatorConfig, TEST_EPOCH_MS};
use flowscope::tui::clipboard::Clipboard;
use flowscope::tui::driver::Driver;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

const STATUSES: [&str; 4] = ["success", "failed", "inProgress", "partialSuccess"];

fn run(i: usize) -> Value {
    let started = TEST_EPOCH_MS - (i as i64) * 60_000;
    json!({
        "id": format!("{i:08x}-0000-4000-8000-000000000000"),
        "flowId": format!("flow-{}", i % 500),
        "metrics": {
            "durationSummary": {"startedAtUTC": started, "completedAtUTC": started + 45_000 + (i as i64 % 90) * 1000},
            "statusSummary": {"status": STATUSES[i % 4]},
            "recordSummary": {"inputRecordCount": i * 7, "outputRecordCount": i * 7 - i % 3, "failedRecordCount": i % 3},
            "sizeSummary": {"inputBytes": i * 1234}
        }
    })
}

fn app_with_runs(n: usize, width: u16, height: u16) -> App {
    let mut app = support::demo_app(width, height);
    for f in 0..500 {
        app.names
            .flows
            .insert(format!("flow-{f}"), format!("Orders export {f}"));
    }
    app.tab = Tab::Runs;
    let names = app.names.clone();
    let fuzzy = &mut app.fuzzy;
    if let Some(View::List(l)) = app.stacks[Tab::Runs.index()].first_mut() {
        // Pages of 100, as they stream in.
        for start in (0..n).step_by(100) {
            let page: Vec<Value> = (start..(start + 100).min(n)).map(run).collect();
            l.push_page(page, &names, fuzzy);
        }
        l.finish(TEST_EPOCH_MS, &names, fuzzy);
    }
    // Somewhere in the middle, so the window is not the first rows.
    for _ in 0..3 {
        flowscope::app::update::update(&mut app, Action::PageDown);
    }
    app
}

fn draw(c: &mut Criterion) {
    let mut g = c.benchmark_group("draw_runs_pane");
    for (rows, w, h) in [(1_000, 120, 30), (100_000, 120, 30), (100_000, 250, 70)] {
        let app = app_with_runs(rows, w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
        g.bench_function(format!("{rows}_rows_{w}x{h}"), |b| {
            b.iter(|| {
                term.draw(|f| flowscope::ui::render(f, black_box(&app)))
                    .map(|_| ())
                    .unwrap_or_else(|e| panic!("{e}"));
            })
        });
    }
    g.finish();
}

fn filter(c: &mut Criterion) {
    let mut app = app_with_runs(100_000, 120, 30);
    let mut g = c.benchmark_group("filter_runs");
    // One keystroke: the query grows from "faile" to "failed" over all 100,000 rows.
    g.bench_function("100000_rows_one_key", |b| {
        b.iter(|| {
            let fuzzy = &mut app.fuzzy;
            if let Some(View::List(l)) = app.stacks[Tab::Runs.index()].first_mut() {
                l.set_fuzzy(black_box("failed"), fuzzy);
                black_box(l.visible.len());
            }
        })
    });
    g.finish();
}

fn first_frame(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let mut g = c.benchmark_group("launch");
    g.sample_size(10);
    g.bench_function("emulator_to_first_frame", |b| {
        b.iter(|| {
            rt.block_on(async {
                let emu = emulator::start(([127, 0, 0, 1], 0).into(), EmulatorConfig::demo())
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                let client = Client::new(ClientConfig::for_emulator(&emu.base_url()))
                    .unwrap_or_else(|e| panic!("{e}"));
                let target = Target {
                    demo: true,
                    endpoint: emu.base_url(),
                    sandbox: "prod".into(),
                    profile: None,
                };
                let app = App::new(
                    target,
                    Keymap::defaults(),
                    ThemeName::Dark,
                    flowscope::ui::text::new_text,
                    TEST_EPOCH_MS,
                );
                let (mut d, mut rx) =
                    Driver::new(app, client, Clipboard::osc52_only(std::io::sink()));
                d.action(Action::Resize {
                    width: 120,
                    height: 30,
                });
                d.start();
                // The first page of flows, then one frame.
                loop {
                    let Some(m) = rx.recv().await else { break };
                    d.message(m);
                    if d.app.list().is_some_and(|l| !l.is_empty()) {
                        break;
                    }
                }
                let mut term =
                    Terminal::new(TestBackend::new(120, 30)).unwrap_or_else(|e| panic!("{e}"));
                term.draw(|f| flowscope::ui::render(f, &d.app))
                    .map(|_| ())
                    .unwrap_or_else(|e| panic!("{e}"));
                drop(d);
                emu.shutdown().await;
            })
        })
    });
    g.finish();
}

criterion_group!(benches, draw, filter, first_frame);
criterion_main!(benches);
