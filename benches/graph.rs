//! Graph benchmarks: the reverse view of the busiest base connection of a 10,000-flow
//! sandbox (the emulator's `--flows 10000`; large seeds route most of a source's flows
//! through one hub connection). Measured: building its boxes and laying them out, and
//! drawing a frame with the root in view and scrolled to the middle, against a small
//! reverse view, to show frame cost follows what is visible.

#[path = "common/mod.rs"]
mod support;

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use flowscope::api::{Client, ClientConfig, ListQuery, collect_all};
use flowscope::app::effect::{Effect, Msg};
use flowscope::app::features::graph::uses;
use flowscope::app::receive::receive;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::command::Command;
use flowscope::app::shared::graph::build::Ctx;
use flowscope::app::shared::graph::layout::{self, Size};
use flowscope::app::shared::nav::Subject;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::app::view::View;
use flowscope::emulator::{self, EmulatorConfig, TEST_EPOCH_MS};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

const W: u16 = 120;
const H: u16 = 30;

/// Every flow of a 10,000-flow sandbox, fetched from the emulator as the app would.
fn all_flows() -> Vec<Value> {
    let rt = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(async {
        let cfg = EmulatorConfig {
            flows: Some(10_000),
            ..EmulatorConfig::demo()
        };
        let emu = emulator::start(([127, 0, 0, 1], 0).into(), cfg)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let client = Client::new(ClientConfig::for_emulator(&emu.base_url()))
            .unwrap_or_else(|e| panic!("{e}"));
        let flows = collect_all(client.list_flows(&ListQuery::new()))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        emu.shutdown().await;
        flows
            .iter()
            .filter_map(|f| serde_json::to_value(f).ok())
            .collect()
    })
}

fn base_ids(f: &Value) -> Vec<String> {
    let mut ids: Vec<String> = ["sourceConnections", "targetConnections"]
        .iter()
        .flat_map(|side| {
            f["inheritedAttributes"][side]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|c| c["baseConnection"]["id"].as_str().map(String::from))
        .collect();
    ids.dedup();
    ids
}

/// The busiest base connection and the flows that use it.
fn busiest(flows: &[Value]) -> (String, Vec<Value>) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for f in flows {
        for b in base_ids(f) {
            *count.entry(b).or_default() += 1;
        }
    }
    let (id, _) = count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .unwrap_or_default();
    let using = flows
        .iter()
        .filter(|f| base_ids(f).contains(&id))
        .cloned()
        .collect();
    (id, using)
}

/// The app with the reverse view of `id` open and `flows` streamed in by pages of 100.
fn app_with_uses(id: &str, flows: &[Value]) -> App {
    let mut app = support::demo_app(W, H);
    let fx = update(
        &mut app,
        Action::Command(Command::Uses(Subject::Connection(id.to_string()))),
    );
    let (slot, ticket) = fx
        .iter()
        .find_map(|e| match e {
            Effect::Fetch { slot, ticket, .. } => Some((*slot, *ticket)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the reverse view streams its flows"));
    let pages: Vec<&[Value]> = flows.chunks(100).collect();
    for (i, page) in pages.iter().enumerate() {
        receive(
            &mut app,
            Msg::Page {
                slot,
                ticket,
                items: page.to_vec(),
                done: i + 1 == pages.len(),
            },
        );
    }
    app
}

fn frame(app: &App, term: &mut Terminal<TestBackend>) {
    term.draw(|f| flowscope::ui::render(f, app))
        .map(|_| ())
        .unwrap_or_else(|e| panic!("{e}"));
}

fn graph(c: &mut Criterion) {
    let flows = all_flows();
    let (id, using) = busiest(&flows);
    eprintln!(
        "sandbox: {} flows; busiest base connection {id}: used by {} flows",
        flows.len(),
        using.len()
    );
    let small: Vec<Value> = using.iter().take(7).cloned().collect();
    let mut g = c.benchmark_group("graph");

    let app = app_with_uses(&id, &using);
    g.bench_function("uses_1000_build_and_layout", |b| {
        let cx = Ctx {
            cache: &app.objects,
            names: &app.names,
            now_ms: TEST_EPOCH_MS,
        };
        let subject = Subject::Connection(id.clone());
        b.iter(|| {
            let (built, _) = uses::build(&subject, black_box(&using), &cx, true);
            let sizes: Vec<Size> = built.nodes.iter().map(Size::of).collect();
            black_box(layout::layout(&sizes, &built.edges, W - 2))
        })
    });

    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap_or_else(|e| panic!("{e}"));
    g.bench_function("uses_1000_draw_top", |b| b.iter(|| frame(&app, &mut term)));

    // Halfway down the flows: the canvas is scrolled, the frame still draws one screen.
    let mut scrolled = app_with_uses(&id, &using);
    update(&mut scrolled, Action::Right);
    update(&mut scrolled, Action::Right);
    for _ in 0..using.len() / 2 {
        update(&mut scrolled, Action::Down);
    }
    if let Some(View::Graph(v)) = scrolled.view() {
        eprintln!(
            "scrolled to {:?} of {}x{}",
            v.scroll, v.layout.width, v.layout.height
        );
    }
    g.bench_function("uses_1000_draw_middle", |b| {
        b.iter(|| frame(&scrolled, &mut term))
    });

    let few = app_with_uses(&id, &small);
    g.bench_function("uses_7_draw", |b| b.iter(|| frame(&few, &mut term)));
    g.finish();
}

criterion_group!(benches, graph);
criterion_main!(benches);
