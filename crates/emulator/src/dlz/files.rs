//! The demo file tree of a sandbox's landing zone: small files from `assets/dlz/`,
//! parquet files written at start-up, and the generated large CSVs (64 MB and 1 GiB).
//!
//! Last-modified times fall within the 7-day TTL before `now`, spread deterministically
//! per sandbox and path, so a purge at `now` keeps everything and a week later empties it.

use bytes::Bytes;

use super::bigfile::BigCsv;
use super::{Content, DlzFile, parquet_gen, stable_hash};
use crate::clock::EpochMs;

const USER: &str = "dlz-user-container";
const DEST: &str = "dlz-destination";

/// The large generated export: 640,000 rows of 100 bytes, just over 64 MB.
pub(super) const BIG_CSV_PATH: &str = "dlz-user-container/exports/web_sessions_full.csv";
const BIG_CSV_ROWS: u64 = 640_000;
/// A month of clickstream sessions, about 1 GiB: large enough that reading it whole
/// where only its head is needed shows up in the blob endpoint's byte counters.
pub(super) const HUGE_CSV_PATH: &str = "dlz-user-container/exports/clickstream_2026-10_full.csv";
const HUGE_CSV_ROWS: u64 = 10_737_418;

macro_rules! asset {
    ($rel:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/dlz/",
            $rel
        ))
        .as_slice()
    };
}

/// (path inside the container, bytes, content type) of the files kept in `assets/dlz/`.
fn static_files() -> Vec<(String, &'static [u8], &'static str)> {
    let csv = "text/csv";
    let json = "application/json";
    let gzip = "application/gzip";
    let u = |p: &str| format!("{USER}/{p}");
    let d = |p: &str| format!("{DEST}/{p}");
    vec![
        (u("account.csv"), asset!("account.csv"), csv),
        (
            u("crm/contacts/contacts_us.csv"),
            asset!("crm/contacts/contacts_us.csv"),
            csv,
        ),
        (
            u("crm/contacts/contacts_eu.csv"),
            asset!("crm/contacts/contacts_eu.csv"),
            csv,
        ),
        (
            u("crm/leads/leads_2026-10.csv.gz"),
            asset!("crm/leads/leads_2026-10.csv.gz"),
            gzip,
        ),
        (
            u("crm/opportunities.csv"),
            asset!("crm/opportunities.csv"),
            csv,
        ),
        (
            u("loyalty/members.json"),
            asset!("loyalty/members.json"),
            json,
        ),
        (u("loyalty/tiers.json"), asset!("loyalty/tiers.json"), json),
        (
            u("web/events/clickstream_2026-10-30.json"),
            asset!("web/events/clickstream_2026-10-30.json"),
            json,
        ),
        (
            u("web/events/clickstream_2026-10-31.json.gz"),
            asset!("web/events/clickstream_2026-10-31.json.gz"),
            gzip,
        ),
        (
            u("web/pageviews.tsv"),
            asset!("web/pageviews.tsv"),
            "text/tab-separated-values",
        ),
        (
            u("products/catalog.json"),
            asset!("products/catalog.json"),
            json,
        ),
        (
            u("products/inventory.csv"),
            asset!("products/inventory.csv"),
            csv,
        ),
        (
            u("products/prices_eur.csv"),
            asset!("products/prices_eur.csv"),
            csv,
        ),
        (
            u("finance/invoices_2026_q3.csv"),
            asset!("finance/invoices_2026_q3.csv"),
            csv,
        ),
        (
            u("finance/refunds.csv.gz"),
            asset!("finance/refunds.csv.gz"),
            gzip,
        ),
        (
            u("marketing/campaigns.json"),
            asset!("marketing/campaigns.json"),
            json,
        ),
        (
            u("marketing/email_optouts.csv"),
            asset!("marketing/email_optouts.csv"),
            csv,
        ),
        (
            d("exports/loyalty-members/2026-10-30/loyalty_members_part-00000.json.gz"),
            asset!("destination/loyalty_members_part-00000.json.gz"),
            gzip,
        ),
        (
            d("exports/profile-attributes/2026-10-31/profile_attributes.csv"),
            asset!("destination/profile_attributes.csv"),
            csv,
        ),
    ]
}

/// Parquet files, written with the arrow writer from seeded rows.
fn parquet_files(seed: u64) -> Vec<(String, Bytes)> {
    let mut out = vec![
        (
            format!("{USER}/userdata1/userdata1.parquet"),
            parquet_gen::userdata(seed, 120),
        ),
        (
            format!("{USER}/products/catalog.parquet"),
            parquet_gen::products(seed),
        ),
    ];
    for day in 29..=31 {
        out.push((
            format!("{USER}/loyalty/transactions/2026/10/transactions_2026-10-{day}.parquet"),
            parquet_gen::transactions(seed ^ day, 450),
        ));
    }
    out.push((
        format!("{DEST}/exports/loyalty-transactions/2026-10-31/part-00000.parquet"),
        parquet_gen::transactions(seed ^ 0xde57, 200),
    ));
    out
}

/// A last-modified time between 20 minutes and 6.5 days before `now`.
fn modified_at(sandbox: &str, seed: u64, path: &str, now: EpochMs) -> EpochMs {
    const MIN_AGE_MS: u64 = 20 * 60_000;
    const SPAN_MS: u64 = 156 * 3_600_000;
    let age = MIN_AGE_MS + stable_hash(seed, &[sandbox, path]) % SPAN_MS;
    // Whole seconds, as blob storage reports them.
    (now - age as i64) / 1000 * 1000
}

pub(super) fn demo_files(sandbox: &str, seed: u64, now: EpochMs) -> Vec<DlzFile> {
    let mut out = Vec::new();
    for (path, bytes, content_type) in static_files() {
        let at = modified_at(sandbox, seed, &path, now);
        out.push(DlzFile::stored(
            path,
            Bytes::from_static(bytes),
            content_type,
            at,
        ));
    }
    for (path, bytes) in parquet_files(seed) {
        let at = modified_at(sandbox, seed, &path, now);
        out.push(DlzFile::stored(
            path,
            bytes,
            "application/vnd.apache.parquet",
            at,
        ));
    }
    let big = BigCsv::new(seed, BIG_CSV_ROWS);
    out.push(generated(sandbox, seed, now, BIG_CSV_PATH, big));
    let huge = BigCsv::clickstream(seed, HUGE_CSV_ROWS);
    out.push(generated(sandbox, seed, now, HUGE_CSV_PATH, huge));
    out
}

fn generated(sandbox: &str, seed: u64, now: EpochMs, path: &str, csv: BigCsv) -> DlzFile {
    let at = modified_at(sandbox, seed, path, now);
    DlzFile {
        path: path.to_string(),
        size: csv.size(),
        created: at,
        last_modified: at,
        content_type: "text/csv".to_string(),
        etag: String::new(),
        // Too big to hash on demand: described as a multipart upload would leave it.
        md5: None,
        s3_parts: Some(
            u32::try_from(csv.size().div_ceil(8 << 20))
                .unwrap_or(1)
                .max(1),
        ),
        content: Content::Generated(csv),
    }
}
