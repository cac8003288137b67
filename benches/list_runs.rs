//! Benchmark: stream every run of a large emulator through the CLI
//! (`flowscope runs list --all --output ndjson`) and report wall time, the CLI's CPU time
//! and its peak RSS, at several sizes, to show memory stays flat as runs grow.
//!
//! Run with `cargo bench --bench list_runs` (sizes can be set with
//! `FLOWSCOPE_BENCH_RUNS=20000,100000,200000`). Each size starts its own emulator
//! process; each CLI run is measured from a probe process that has that one child, so
//! `getrusage(RUSAGE_CHILDREN)` describes exactly that CLI run.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use nix::sys::resource::{UsageWho, getrusage};

#[path = "shared/emulator.rs"]
mod emulator;

const BIN: &str = env!("CARGO_BIN_EXE_flowscope");
const PROBE: &str = "FLOWSCOPE_BENCH_PROBE";

struct Figures {
    runs: usize,
    lines: usize,
    wall_s: f64,
    cpu_s: f64,
    peak_rss_mib: f64,
}

fn main() -> Result<(), String> {
    if let Ok(url) = std::env::var(PROBE) {
        return probe(&url);
    }
    let sizes: Vec<usize> = std::env::var("FLOWSCOPE_BENCH_RUNS")
        .unwrap_or_else(|_| "20000,100000,200000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    println!("runs      lines     wall_s   cli_cpu_s  cli_peak_rss_MiB  runs/s");
    for n in sizes {
        let f = measure(n)?;
        if f.lines != f.runs {
            return Err(format!("listed {} runs, expected {}", f.lines, f.runs));
        }
        println!(
            "{:<9} {:<9} {:<8.2} {:<10.2} {:<17.1} {:.0}",
            f.runs,
            f.lines,
            f.wall_s,
            f.cpu_s,
            f.peak_rss_mib,
            f.lines as f64 / f.wall_s
        );
    }
    Ok(())
}

/// Starts an emulator with `runs` runs in prod and waits for its `listening on` line.
fn emulator(runs: usize) -> Result<(Child, String), String> {
    let runs = runs.to_string();
    emulator::start(BIN, &["--flows", "10000", "--runs", &runs])
}

fn measure(runs: usize) -> Result<Figures, String> {
    let (mut emu, url) = emulator(runs)?;
    let self_exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(self_exe)
        .env(PROBE, &url)
        .output()
        .map_err(|e| format!("probe failed to start: {e}"))?;
    let _ = emu.kill();
    let _ = emu.wait();
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "probe failed: {text} {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let nums: Vec<f64> = text
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect();
    let [lines, wall_s, cpu_s, rss_kib] = nums[..] else {
        return Err(format!("probe said {text:?}"));
    };
    Ok(Figures {
        runs,
        lines: lines as usize,
        wall_s,
        cpu_s,
        peak_rss_mib: rss_kib / 1024.0,
    })
}

/// In the probe process: run the CLI once, count its ndjson lines, report its usage.
fn probe(url: &str) -> Result<(), String> {
    let start = Instant::now();
    let mut cli = Command::new(BIN)
        .args([
            "--endpoint",
            url,
            "runs",
            "list",
            "--all",
            "--output",
            "ndjson",
        ])
        // No settings file or FLOWSCOPE_* variable may redirect the CLI elsewhere.
        .env_remove("FLOWSCOPE_PROFILE")
        .env_remove("FLOWSCOPE_CONFIG")
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("flowscope-bench-empty-config"),
        )
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the CLI: {e}"))?;
    let mut stdout = cli.stdout.take().ok_or("no CLI stdout")?;
    let mut buf = vec![0u8; 1 << 16];
    let mut lines = 0usize;
    loop {
        let n = stdout.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count();
    }
    let status = cli.wait().map_err(|e| e.to_string())?;
    let wall = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("the CLI exited with {status}"));
    }
    let u = getrusage(UsageWho::RUSAGE_CHILDREN).map_err(|e| e.to_string())?;
    let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let cpu = secs(u.user_time()) + secs(u.system_time());
    // Linux reports ru_maxrss in KiB.
    println!("{lines} {wall:.3} {cpu:.3} {}", u.max_rss());
    Ok(())
}
