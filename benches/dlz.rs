//! Benchmark: landing-zone transfers and previews through flowscope's storage client,
//! against flowscope's emulator and against Azurite, next to a plain object_store copy
//! loop (one `put`, one `get().bytes()`) on the same server as the baseline.
//!
//! Run with `cargo bench --bench dlz`. Azurite is included when its SAS URI is set:
//! `eval "$(scripts/azurite.sh)" && cargo bench --bench dlz`. The payload size is
//! `FLOWSCOPE_BENCH_MIB` (default 64); each figure is the median of `FLOWSCOPE_BENCH_REPS`
//! runs (default 5).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use flowscope::api::storage::{
    PreviewOptions, Storage, StorageOptions, TransferOptions, parse_sas_uri,
};
use flowscope::api::{Client, ClientConfig};
use flowscope::emulator::{self, EmulatorConfig};
use flowscope::model::{DlzCredentials, DlzType, PreviewFormat, Secret};
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use tokio_util::sync::CancellationToken;

type Res<T> = Result<T, String>;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The same container as `sas_uri`, as a bare object_store client (the baseline).
fn plain_store(sas_uri: &str) -> Res<Arc<dyn ObjectStore>> {
    let p = parse_sas_uri(sas_uri)?;
    let store = MicrosoftAzureBuilder::new()
        .with_account(&p.account)
        .with_container_name(&p.container)
        .with_endpoint(p.endpoint.clone())
        .with_config(AzureConfigKey::SasKey, p.sas.expose())
        .with_allow_http(p.allow_http)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(store))
}

fn storage(sas_uri: &str) -> Res<Storage> {
    let creds = DlzCredentials {
        sas_uri: Some(Secret::new(sas_uri)),
        ..DlzCredentials::default()
    };
    Storage::open(&creds, &StorageOptions::default()).map_err(|e| e.to_string())
}

struct Row {
    server: &'static str,
    what: &'static str,
    mib_s: Option<f64>,
    ms: f64,
}

async fn transfers(
    server: &'static str,
    sas_uri: &str,
    file: &Path,
    mib: usize,
    reps: usize,
) -> Res<Vec<Row>> {
    let s = storage(sas_uri)?;
    let plain = plain_store(sas_uri)?;
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let never = CancellationToken::new();
    let opts = TransferOptions::default();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (mut up, mut down, mut put, mut get) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..reps {
        let name = format!("bench/{i}.bin");
        let t = Instant::now();
        s.upload(file, &name, true, &opts, &|_| {}, &never)
            .await
            .map_err(|e| e.to_string())?;
        up.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        s.download(&name, &dir.path().join("d.bin"), &opts, &|_| {}, &never)
            .await
            .map_err(|e| e.to_string())?;
        down.push(t.elapsed().as_secs_f64());
        let path = StorePath::from(format!("bench/plain-{i}.bin"));
        let t = Instant::now();
        plain
            .put(&path, PutPayload::from(bytes.clone()))
            .await
            .map_err(|e| e.to_string())?;
        put.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let got = plain
            .get(&path)
            .await
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        get.push(t.elapsed().as_secs_f64());
        if got.len() != bytes.len() {
            return Err("short read".into());
        }
        let _ = plain.delete(&path).await;
        let _ = s.delete(&name).await;
    }
    let row = |what, secs: Vec<f64>| {
        let m = median(secs);
        Row {
            server,
            what,
            mib_s: Some(mib as f64 / m),
            ms: m * 1000.0,
        }
    };
    Ok(vec![
        row("flowscope upload (8 MiB parts, 4 in flight)", up),
        row("flowscope download (8 MiB ranged parts)", down),
        row("object_store put (one request)", put),
        row("object_store get().bytes()", get),
    ])
}

/// Median latency of range previews of files put there beforehand.
async fn previews(
    server: &'static str,
    s: &Storage,
    files: &[(&'static str, &str)],
    reps: usize,
) -> Res<Vec<Row>> {
    let mut out = Vec::new();
    for (what, path) in files {
        let mut t = Vec::new();
        for _ in 0..reps {
            let start = Instant::now();
            s.preview(path, &PreviewOptions::default())
                .await
                .map_err(|e| format!("{path}: {e}"))?;
            t.push(start.elapsed().as_secs_f64());
        }
        out.push(Row {
            server,
            what,
            mib_s: None,
            ms: median(t) * 1000.0,
        });
    }
    Ok(out)
}

fn main() -> Res<()> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(run())
}

async fn run() -> Res<()> {
    let mib = env_num("FLOWSCOPE_BENCH_MIB", 64);
    let reps = env_num("FLOWSCOPE_BENCH_REPS", 5);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("payload.bin");
    // Incompressible-looking bytes, as exports are after gzip.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let payload: Vec<u8> = (0..mib * 1024 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&file, &payload).map_err(|e| e.to_string())?;

    let emu = emulator::start(([127, 0, 0, 1], 0).into(), EmulatorConfig::demo())
        .await
        .map_err(|e| e.to_string())?;
    let c = Client::new(ClientConfig::for_emulator(&emu.base_url())).map_err(|e| e.to_string())?;
    let creds = c
        .landing_zone_credentials(DlzType::UserDropZone)
        .await
        .map_err(|e| e.to_string())?;
    let emu_uri = creds
        .sas_uri
        .as_ref()
        .map(|u| u.expose().to_string())
        .ok_or("no SAS URI")?;

    let mut rows = transfers("emulator", &emu_uri, &file, mib, reps).await?;
    let s = storage(&emu_uri)?;
    rows.extend(
        previews(
            "emulator",
            &s,
            &[
                ("range preview: csv head", "account.csv"),
                (
                    "range preview: csv.gz, streamed",
                    "crm/leads/leads_2026-10.csv.gz",
                ),
                (
                    "range preview: parquet footer + row group",
                    "loyalty/transactions/2026/10/transactions_2026-10-29.parquet",
                ),
                (
                    "range preview: first rows of a 1 GiB csv",
                    "exports/clickstream_2026-10_full.csv",
                ),
            ],
            reps * 4,
        )
        .await?,
    );
    // The server-side preview through Flow Service explore, for comparison.
    let mut t = Vec::new();
    for _ in 0..reps * 4 {
        let start = Instant::now();
        c.preview_landing_zone_file("dlz-user-container/account.csv", &PreviewFormat::Detect)
            .await
            .map_err(|e| e.to_string())?;
        t.push(start.elapsed().as_secs_f64());
    }
    rows.push(Row {
        server: "emulator",
        what: "explore preview (server side): csv",
        mib_s: None,
        ms: median(t) * 1000.0,
    });

    match std::env::var("FLOWSCOPE_AZURITE_SAS_URI") {
        Ok(uri) if !uri.is_empty() => {
            rows.extend(transfers("azurite", &uri, &file, mib, reps).await?);
            // The same demo files, put there first.
            let a = storage(&uri)?;
            let never = CancellationToken::new();
            let opts = TransferOptions::default();
            let src = dir.path().join("src");
            for (path, _) in [
                ("account.csv", ()),
                ("exports/clickstream_2026-10_full.csv", ()),
            ] {
                let local = src.join(path);
                if let Some(parent) = local.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                }
                s.download(path, &local, &opts, &|_| {}, &never).await.ok();
                if path.ends_with("account.csv") {
                    a.upload(
                        &local,
                        &format!("bench/{path}"),
                        true,
                        &opts,
                        &|_| {},
                        &never,
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                }
            }
            rows.extend(
                previews(
                    "azurite",
                    &a,
                    &[("range preview: csv head", "bench/account.csv")],
                    reps * 4,
                )
                .await?,
            );
        }
        _ => println!(
            "(Azurite not set: FLOWSCOPE_AZURITE_SAS_URI; eval \"$(scripts/azurite.sh)\" to include it)"
        ),
    }

    println!(
        "payload {mib} MiB, median of {reps} runs (previews: {} runs)",
        reps * 4
    );
    println!(
        "{:<10} {:<46} {:>9} {:>10}",
        "server", "what", "MiB/s", "ms"
    );
    for r in rows {
        println!(
            "{:<10} {:<46} {:>9} {:>10.1}",
            r.server,
            r.what,
            r.mib_s.map(|v| format!("{v:.0}")).unwrap_or_default(),
            r.ms
        );
    }
    Ok(())
}
