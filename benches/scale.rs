//! Benchmark: the explorer on a small sandbox and on 10,000 flows with 200,000 runs.
//! Frame time, key-to-frame latency (while lists stream in, and once loaded), the time
//! until a tab's last page is in, the explorer's peak RSS, and on the loaded Runs tab
//! each `/` keystroke of typing queries and a column sort.
//!
//! Run with `cargo bench --bench scale`. Each size starts its own emulator process
//! (`flowscope emulate`), and the explorer runs in a probe process of its own, so the
//! probe's peak RSS is the explorer's alone (the emulator's memory is not in it). The
//! probe drives the same `Driver` as the terminal loop with a ratatui `TestBackend`,
//! through the real client over loopback: each key is timed from its event, through the
//! messages already queued, to the end of the next frame.

use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use flowscope::api::{Client, ClientConfig};
use flowscope::app::view::View;
use flowscope::tui::clipboard::Clipboard;
use flowscope::tui::driver::Driver;
use nix::sys::resource::{UsageWho, getrusage};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/mod.rs"]
mod common;

#[path = "shared/emulator.rs"]
mod emulator;

const BIN: &str = env!("CARGO_BIN_EXE_flowscope");
const PROBE: &str = "FLOWSCOPE_BENCH_PROBE";
const W: u16 = 120;
const H: u16 = 30;
/// Keys timed on each loaded list, and frames timed on it.
const KEYS: usize = 400;

fn main() -> Result<(), String> {
    if let Ok(url) = std::env::var(PROBE) {
        let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
        return rt.block_on(probe(&url));
    }
    println!(
        "{:<28} {:<6} {:>8} {:>16} {:>16} {:>14} {:>10} {:>12}",
        "sandbox",
        "tab",
        "rows",
        "key→frame p50/p99",
        "loading p50/p99",
        "frame p50/p99",
        "last page",
        "peak RSS"
    );
    for (name, args) in [
        ("demo sandbox", vec![]),
        (
            "10,000 flows, 200,000 runs",
            vec!["--flows", "10000", "--runs", "200000"],
        ),
    ] {
        let (mut emu, url) = emulator::start(BIN, &args)?;
        let out = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
            .env(PROBE, &url)
            .output()
            .map_err(|e| format!("probe failed to start: {e}"));
        let _ = emu.kill();
        let _ = emu.wait();
        let out = out?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "probe failed: {text} {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        for line in text.lines() {
            println!("{name:<28} {line}");
        }
    }
    Ok(())
}

struct Probe {
    d: Driver,
    rx: tokio::sync::mpsc::UnboundedReceiver<flowscope::app::effect::Msg>,
    term: Terminal<TestBackend>,
}

impl Probe {
    /// One key as the terminal loop handles it: the event, the queued messages the loop
    /// takes in one go, a frame. Returns the time from the key to the end of the frame.
    fn key(&mut self, code: KeyCode) -> Result<Duration, String> {
        let start = Instant::now();
        self.d
            .event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.d.drain(&mut self.rx);
        self.frame()?;
        Ok(start.elapsed())
    }

    fn frame(&mut self) -> Result<Duration, String> {
        let start = Instant::now();
        let app = &self.d.app;
        self.term
            .draw(|f| flowscope::ui::render(f, app))
            .map_err(|e| e.to_string())?;
        Ok(start.elapsed())
    }

    fn loading(&self) -> bool {
        self.d.app.stacks.iter().flatten().any(View::is_loading)
    }

    /// Until nothing loads: each message handled, then a key typed (down, up, down…)
    /// as a user scrolling while pages arrive, timed.
    async fn stream_in(&mut self) -> Result<Vec<Duration>, String> {
        let mut times = Vec::new();
        let mut down = true;
        while self.loading() {
            let m = tokio::time::timeout(Duration::from_secs(120), self.rx.recv())
                .await
                .map_err(|_| "no message in 120 s".to_string())?
                .ok_or("the channel closed")?;
            self.d.message(m);
            times.push(self.key(if down { KeyCode::Down } else { KeyCode::Up })?);
            down = !down;
        }
        Ok(times)
    }
}

async fn probe(url: &str) -> Result<(), String> {
    let client = Client::new(ClientConfig::for_emulator(url)).map_err(|e| e.to_string())?;
    let app = common::demo_app(W, H);
    let (mut d, rx) = Driver::new(app, client, Clipboard::osc52_only(std::io::sink()));
    d.start();
    let term = Terminal::new(TestBackend::new(W, H)).map_err(|e| e.to_string())?;
    let mut p = Probe { d, rx, term };
    for (tab, key) in [("flows", '2'), ("runs", '3'), ("conns", '1')] {
        let began = Instant::now();
        p.key(KeyCode::Char(key))?;
        let loading = p.stream_in().await?;
        let last_page = began.elapsed();
        let rows = match p.d.app.view() {
            Some(View::List(l)) => l.len(),
            _ => 0,
        };
        // Loaded: keys that move through the whole list, then frames alone.
        let mut keys = Vec::new();
        let script = [
            KeyCode::Down,
            KeyCode::PageDown,
            KeyCode::Down,
            KeyCode::End,
            KeyCode::Up,
            KeyCode::PageUp,
            KeyCode::Home,
            KeyCode::Down,
        ];
        for i in 0..KEYS {
            keys.push(p.key(script[i % script.len()])?);
        }
        let mut frames = Vec::new();
        for _ in 0..KEYS {
            frames.push(p.frame()?);
        }
        let rss_mib = peak_rss_mib()?;
        println!(
            "{tab:<6} {rows:>8} {:>16} {:>16} {:>14} {:>8.2} s {:>8.1} MiB",
            pair(&mut keys),
            pair(&mut loading.clone()),
            pair(&mut frames),
            last_page.as_secs_f64(),
            rss_mib
        );
        if tab == "runs" {
            filter_and_sort(&mut p.d.app, rows)?;
        }
    }
    Ok(())
}

/// Rounds of each timing below, for their medians.
const ROUNDS: usize = 15;

/// On the loaded list in view: each `/` keystroke of typing some queries letter by letter
/// (every keystroke searches every row), then a sort by each column in turn.
fn filter_and_sort(app: &mut flowscope::app::state::App, rows: usize) -> Result<(), String> {
    let (l, fuzzy) = app.list_and_fuzzy().ok_or("no list in view")?;
    let mut keys = Vec::new();
    for _ in 0..ROUNDS {
        for query in ["failed", "orders", "ord fail", "!success"] {
            l.set_fuzzy("", fuzzy);
            for (n, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
                let start = Instant::now();
                l.set_fuzzy(&query[..n], fuzzy);
                keys.push(start.elapsed());
            }
        }
    }
    l.set_fuzzy("", fuzzy);
    let after_keys = peak_rss_mib()?;
    let mut sorts = Vec::new();
    for _ in 0..ROUNDS {
        for _ in 0..l.columns().len() + 1 {
            let start = Instant::now();
            l.sort_next(fuzzy);
            sorts.push(start.elapsed());
        }
    }
    println!(
        "runs   {rows:>8} / keystroke p50/p99 {} ({} keys, peak RSS {after_keys:.1} MiB); \
         column sort p50/p99 {} ({} sorts, peak RSS {:.1} MiB)",
        pair(&mut keys),
        keys.len(),
        pair(&mut sorts),
        sorts.len(),
        peak_rss_mib()?
    );
    Ok(())
}

/// The probe's peak RSS so far.
fn peak_rss_mib() -> Result<f64, String> {
    let usage = getrusage(UsageWho::RUSAGE_SELF).map_err(|e| e.to_string())?;
    Ok(usage.max_rss() as f64 / 1024.0)
}

/// "p50/p99" in milliseconds.
fn pair(times: &mut [Duration]) -> String {
    times.sort();
    let at = |p: f64| {
        let i = ((times.len().max(1) - 1) as f64 * p).round() as usize;
        times
            .get(i)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    format!("{:.2}/{:.2} ms", at(0.5), at(0.99))
}
