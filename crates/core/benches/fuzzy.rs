//! The `/` filter's cost of one keystroke: a full scan of 200,000 run-list rows (the
//! size of a large sandbox's run history) for a few typical queries. The target is a
//! median of at most 10 ms on a 2-core machine, so typing never lags.
//!
//! Two layouts of the same texts: `keystroke_200k` scans the rows as a list holds them
//! (packed into the list's shared buffers, `shared::list::store`), and
//! `keystroke_200k_strings` the texts as separate strings.
//!
//! Run with `cargo bench -p flowscope-core --bench fuzzy`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use flowscope_core::shared::fuzzy::{Fuzzy, Haystacks};
use flowscope_core::shared::list::Sort;
use flowscope_core::shared::list::sort::order;
use flowscope_core::shared::list::store::Store;
use flowscope_core::shared::table::{Names, Row};

const ROWS: usize = 200_000;
const QUERIES: [&str; 5] = ["f", "fai", "failed", "ord fail", "!success"];

/// SplitMix64: a fixed sequence, so every run measures the same rows without a crate.
struct Seq(u64);

impl Seq {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SUBJECTS: [&str; 25] = [
    "Orders",
    "Customers",
    "Products",
    "Inventory",
    "Leads",
    "Accounts",
    "Invoices",
    "Shipments",
    "Returns",
    "Payments",
    "Contacts",
    "Campaigns",
    "Subscriptions",
    "Loyalty",
    "Stores",
    "Suppliers",
    "Tickets",
    "Events",
    "Sessions",
    "Carts",
    "Reviews",
    "Prices",
    "Coupons",
    "Refunds",
    "Profiles",
];
const CADENCES: [&str; 7] = [
    "daily", "hourly", "weekly", "nightly", "monthly", "delta", "full",
];
const SYSTEMS: [&str; 10] = [
    "CRM",
    "ERP",
    "Web",
    "Mobile",
    "POS",
    "Email",
    "Ads",
    "Salesforce",
    "SAP",
    "Analytics",
];
const VERBS: [&str; 6] = ["export", "import", "sync", "ingest", "load", "backfill"];
const STATUSES: [&str; 4] = ["success", "failed", "inProgress", "partialSuccess"];

/// About 10,000 distinct flow names such as "Orders daily CRM export".
fn flow_names() -> Vec<String> {
    let mut names = Vec::new();
    for s in SUBJECTS {
        for c in CADENCES {
            for y in SYSTEMS {
                for v in VERBS {
                    names.push(format!("{s} {c} {y} {v}"));
                }
            }
        }
    }
    names.truncate(10_000);
    names
}

fn bytes(seq: &mut Seq) -> String {
    match seq.below(4) {
        0 => format!("{} B", seq.below(1000)),
        1 => format!("{}.{} KB", seq.below(1000), seq.below(10)),
        2 => format!("{}.{} MB", seq.below(1000), seq.below(10)),
        _ => format!("{}.{} GB", seq.below(100), seq.below(10)),
    }
}

/// A run-list row's visible text: status, flow, start, duration, records in, out and
/// failed, bytes, and the run's id.
fn run_rows(n: usize) -> Vec<Row> {
    let names = flow_names();
    let mut seq = Seq(42);
    (0..n)
        .map(|_| {
            // Mostly successes, as in a real history.
            let status = match seq.below(10) {
                0..=6 => STATUSES[0],
                7 => STATUSES[1],
                8 => STATUSES[2],
                _ => STATUSES[3],
            };
            let flow = &names[seq.below(names.len() as u64) as usize];
            let start = format!(
                "2025-{:02}-{:02} {:02}:{:02}",
                1 + seq.below(12),
                1 + seq.below(28),
                seq.below(24),
                seq.below(60)
            );
            let duration = match seq.below(3) {
                0 => format!("{}s", seq.below(60)),
                1 => format!("{}m {}s", seq.below(60), seq.below(60)),
                _ => format!("{}h {}m", seq.below(5), seq.below(60)),
            };
            let records_in = seq.below(2_000_000);
            let records_out = records_in.saturating_sub(seq.below(1000));
            let failed = if status == "failed" {
                seq.below(1000)
            } else {
                0
            };
            let size = bytes(&mut seq);
            let (a, b) = (seq.next(), seq.next());
            let id = format!(
                "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xffff,
                a & 0xffff,
                b >> 48,
                b & 0xffff_ffff_ffff
            );
            let cells = [
                status.to_string(),
                flow.clone(),
                start,
                duration,
                records_in.to_string(),
                records_out.to_string(),
                failed.to_string(),
                size,
                id.clone(),
            ];
            // As the runs list builds it: the haystack is the cells joined by spaces.
            Row::new(id, flow.clone(), cells.to_vec(), Vec::new(), Vec::new())
        })
        .collect()
}

fn keystroke(c: &mut Criterion) {
    let rows = run_rows(ROWS);
    let strings: Vec<String> = rows.iter().map(|r| r.cells.join(" ")).collect();
    let mut store = Store::new(false);
    for row in &rows {
        store.push(row, &Names::default(), None);
    }
    drop(rows);
    let candidates: Vec<usize> = (0..store.len()).collect();
    let mut fuzzy = Fuzzy::default();
    group(c, "keystroke_200k", &store, &candidates, &mut fuzzy);
    group(
        c,
        "keystroke_200k_strings",
        &strings,
        &candidates,
        &mut fuzzy,
    );
}

/// One keystroke per query over `texts`, called as the list calls it (no dynamic
/// dispatch).
fn group<H: Haystacks + ?Sized>(
    c: &mut Criterion,
    name: &str,
    texts: &H,
    candidates: &[usize],
    fuzzy: &mut Fuzzy,
) {
    let mut group = c.benchmark_group(name);
    group.sample_size(30);
    for q in QUERIES {
        let shown = fuzzy.filter(q, texts, candidates).len();
        eprintln!("{name} {q:?}: {shown} of {ROWS} rows shown");
        group.bench_function(q, |b| {
            b.iter(|| black_box(fuzzy.filter(black_box(q), texts, candidates)))
        });
    }
    group.finish();
}

/// A sort of the same 200,000 rows by each column, as the list sorts them.
fn sort(c: &mut Criterion) {
    let rows = run_rows(ROWS);
    let mut store = Store::new(false);
    for row in &rows {
        store.push(row, &Names::default(), None);
    }
    let mut group = c.benchmark_group("sort_200k");
    group.sample_size(10);
    for (column, title) in [
        "status", "flow", "started", "duration", "in", "out", "failed", "bytes", "id",
    ]
    .into_iter()
    .enumerate()
    {
        let by = Sort {
            column,
            descending: false,
        };
        group.bench_function(title, |b| b.iter(|| black_box(order(store.rows(), by))));
    }
    group.finish();
}

criterion_group!(benches, keystroke, sort);
criterion_main!(benches);
