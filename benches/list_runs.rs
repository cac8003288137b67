//! Benchmark: every run of a large emulator, listed side by side by the flowscope CLI
//! (`flowscope runs list --all --output ndjson`) and by aepp
//! (`FlowService().getRuns(limit=100, n_results="inf")`, what users script with today),
//! against the same emulator, alternating, in one run. Reports each client's wall time,
//! CPU time and peak RSS, the ratios flowscope / aepp, and the emulator's own CPU per page
//! of 100 runs.
//!
//! Run with `eval "$(scripts/aepp.sh)"; cargo bench --bench list_runs` (without
//! `FLOWSCOPE_AEPP_PYTHON` only flowscope is measured). Sizes: `FLOWSCOPE_BENCH_RUNS=
//! 20000,200000`; rounds per client: `FLOWSCOPE_BENCH_ROUNDS` (default 2). Each size
//! starts its own emulator process; each client run is measured from a probe process
//! that has that one child, so `getrusage(RUSAGE_CHILDREN)` describes exactly that run.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Instant;

use nix::sys::resource::{UsageWho, getrusage};

#[path = "shared/emulator.rs"]
mod emulator;

const BIN: &str = env!("CARGO_BIN_EXE_flowscope");
const PROBE: &str = "FLOWSCOPE_BENCH_PROBE";
const AEPP: &str = "FLOWSCOPE_AEPP_PYTHON";
/// The page size both clients read (the emulator's default, aepp's `limit=100`).
const PAGE: usize = 100;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Client {
    Flowscope,
    Aepp,
}

/// One client run: what it read and what it cost, and what the emulator spent serving it.
#[derive(Clone, Copy, Debug)]
struct Figures {
    runs: usize,
    wall_s: f64,
    cpu_s: f64,
    peak_rss_mib: f64,
    emulator_cpu_s: f64,
}

fn main() -> Result<(), String> {
    if let Ok(spec) = std::env::var(PROBE) {
        return probe(&spec);
    }
    let sizes: Vec<usize> = std::env::var("FLOWSCOPE_BENCH_RUNS")
        .unwrap_or_else(|_| "20000,200000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rounds: usize = std::env::var("FLOWSCOPE_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let mut clients = vec![Client::Flowscope];
    match std::env::var(AEPP) {
        Ok(_) => clients.push(Client::Aepp),
        Err(_) => eprintln!("{AEPP} is not set: flowscope alone (eval \"$(scripts/aepp.sh)\")"),
    }
    println!(
        "{:<8} {:<9} {:<5} {:>8} {:>8} {:>9} {:>12}",
        "runs", "client", "round", "wall_s", "cpu_s", "rss_MiB", "emu_ms/page"
    );
    for n in sizes {
        let (mut emu, url) = emulator::start(BIN, &["--flows", "10000", "--runs", &n.to_string()])?;
        let mut all: Vec<(Client, Figures)> = Vec::new();
        for round in 1..=rounds {
            // Alternating, so a slow moment of the machine does not favour one client.
            for &c in &clients {
                let before = process_cpu_s(emu.id())?;
                let mut f = measure(c, &url)?;
                f.emulator_cpu_s = process_cpu_s(emu.id())? - before;
                if f.runs != n {
                    let _ = emu.kill();
                    return Err(format!("{c:?} listed {} runs, expected {n}", f.runs));
                }
                println!(
                    "{:<8} {:<9} {:<5} {:>8.2} {:>8.2} {:>9.1} {:>12.2}",
                    n,
                    format!("{c:?}").to_lowercase(),
                    round,
                    f.wall_s,
                    f.cpu_s,
                    f.peak_rss_mib,
                    f.emulator_cpu_s * 1000.0 / pages(n) as f64
                );
                all.push((c, f));
            }
        }
        let _ = emu.kill();
        let _ = emu.wait();
        let best = |c: Client, key: fn(&Figures) -> f64| {
            all.iter()
                .filter(|(x, _)| *x == c)
                .map(|(_, f)| key(f))
                .fold(f64::INFINITY, f64::min)
        };
        if clients.contains(&Client::Aepp) {
            let ratio =
                |key: fn(&Figures) -> f64| best(Client::Flowscope, key) / best(Client::Aepp, key);
            println!(
                "{n} runs, flowscope / aepp (best of {rounds}): cpu {:.3}x  wall {:.3}x  peak rss {:.3}x",
                ratio(|f| f.cpu_s),
                ratio(|f| f.wall_s),
                ratio(|f| f.peak_rss_mib)
            );
        }
    }
    Ok(())
}

fn pages(runs: usize) -> usize {
    runs.div_ceil(PAGE).max(1)
}

/// User plus system CPU seconds of process `pid` so far, from `/proc/<pid>/stat`.
fn process_cpu_s(pid: u32) -> Result<f64, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| e.to_string())?;
    // The command name may hold spaces: the fields that follow start after its `)`.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok((ticks(11) + ticks(12)) / clock_ticks())
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// One client run, from a probe process whose only child it is.
fn measure(client: Client, url: &str) -> Result<Figures, String> {
    let self_exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(self_exe)
        .env(PROBE, format!("{client:?} {url}"))
        .output()
        .map_err(|e| format!("probe failed to start: {e}"))?;
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
    let [runs, wall_s, cpu_s, rss_kib] = nums[..] else {
        return Err(format!("probe said {text:?}"));
    };
    Ok(Figures {
        runs: runs as usize,
        wall_s,
        cpu_s,
        peak_rss_mib: rss_kib / 1024.0,
        emulator_cpu_s: 0.0,
    })
}

/// In the probe process: run one client once, count what it read, report its usage.
fn probe(spec: &str) -> Result<(), String> {
    let (client, url) = spec.split_once(' ').ok_or("bad probe spec")?;
    let mut cmd = if client == "Aepp" {
        let python = std::env::var(AEPP).map_err(|_| format!("{AEPP} is not set"))?;
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/aepp_runs.py");
        let mut c = Command::new(python);
        c.args([script, url]);
        c
    } else {
        let mut c = Command::new(BIN);
        c.args([
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
        );
        c
    };
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {client}: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut buf = vec![0u8; 1 << 16];
    let (mut lines, mut last) = (0usize, Vec::new());
    loop {
        let n = stdout.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count();
        // aepp prints one number, the runs it read.
        if last.len() < 64 {
            last.extend_from_slice(&buf[..n]);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let wall = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{client} exited with {status}"));
    }
    let runs = if client == "Aepp" {
        String::from_utf8_lossy(&last).trim().parse().unwrap_or(0)
    } else {
        lines
    };
    let u = getrusage(UsageWho::RUSAGE_CHILDREN).map_err(|e| e.to_string())?;
    let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let cpu = secs(u.user_time()) + secs(u.system_time());
    // Linux reports ru_maxrss in KiB.
    println!("{runs} {wall:.3} {cpu:.3} {}", u.max_rss());
    Ok(())
}
