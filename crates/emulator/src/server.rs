//! Starting and stopping an emulator: seed the sandboxes, bind, serve in the background,
//! and hand back a [`EmulatorHandle`] with its URL, clock and request counters.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::clock::Clock;
use super::config::{EmulatorConfig, FaultConfig};
use super::dlz::DlzStore;
use super::routes;
use super::sandbox::Sandbox;
use super::seed::{self, SeedOptions};
use super::state::Shared;

pub struct EmulatorHandle {
    addr: SocketAddr,
    pub clock: Clock,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// e.g. `http://127.0.0.1:41234`: both the platform gateway and IMS live here.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received per `METHOD /path`, counted before any fault is injected.
    pub fn counters(&self) -> BTreeMap<String, u64> {
        self.shared
            .counters
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default()
    }

    /// The newest requests received, oldest first, as `METHOD /path?query` (the query
    /// as sent, percent-encoded).
    pub fn requests(&self) -> Vec<String> {
        self.shared
            .requests
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The endpoint an S3 client uses, path-style, when the landing zone is provisioned
    /// on Amazon S3 (`http://127.0.0.1:PORT/s3`; buckets and keys follow).
    pub fn s3_endpoint(&self) -> String {
        format!("{}{}", storage_base(self.addr), super::s3::S3_BASE)
    }

    /// The endpoint AWS SDKs, boto3 and the AWS CLI use for both Customer Profiles and
    /// AppFlow (`AWS_ENDPOINT_URL`): the emulator's root, on loopback.
    pub fn aws_endpoint(&self) -> String {
        storage_base(self.addr)
    }

    /// Executions StartFlow created for `flow` (a retry with the same client token
    /// creates none, and activating a scheduled flow is not an execution).
    pub fn aws_executions_started(&self, flow: &str) -> u64 {
        self.shared
            .aws
            .lock()
            .map(|s| s.started.get(flow).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Integration workflows CreateIntegrationWorkflow created.
    pub fn aws_workflows_created(&self) -> u64 {
        self.shared
            .aws
            .lock()
            .map(|s| s.workflows_created)
            .unwrap_or(0)
    }

    /// Body bytes sent by storage reads (Azure Get Blob, S3 GetObject), all blobs.
    pub fn blob_bytes_served(&self) -> u64 {
        self.shared.meter.total()
    }

    /// Body bytes sent by storage reads of one blob, named by its landing-zone path
    /// (`dlz-user-container/exports/…`), summed over sandboxes.
    pub fn blob_bytes_served_for(&self, path: &str) -> u64 {
        self.shared.meter.for_path(path)
    }

    /// Whether S3 refuses a header-signed request whose time is more than 15 minutes off
    /// the emulator's clock (`RequestTimeTooSkewed`). On by default with the system
    /// clock; off with a manual one, which clients signing with the machine's clock
    /// cannot follow.
    pub fn check_request_time(&self, on: bool) {
        self.shared
            .request_time_check
            .store(on, std::sync::atomic::Ordering::SeqCst);
    }

    /// Replaces the faults injected from the next request on.
    pub fn set_faults(&self, faults: FaultConfig) {
        if let Ok(mut f) = self.shared.faults.lock() {
            *f = faults;
        }
    }

    /// Every IMS access token issued so far (tests search for them where they must not be).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared
            .tokens
            .lock()
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// How many requests `METHOD /path` were received.
    pub fn count(&self, method_and_path: &str) -> u64 {
        self.counters().get(method_and_path).copied().unwrap_or(0)
    }

    /// How many `POST`s a Flow Service collection (`connections`, `sourceConnections`,
    /// `targetConnections`, `flows`, `runs`) received, over all sandboxes, refused and
    /// faulted ones included (counted before faults). With [`Self::object_count`] it
    /// proves that applying the same plan twice created each object once.
    pub fn posts(&self, resource: &str) -> u64 {
        self.count(&format!("POST {}/{resource}", routes::FLOW_BASE))
    }

    /// The storage account key of a sandbox's landing zone, for tests that sign their
    /// own SAS tokens as an Azure SDK holding the key would. No route serves it.
    pub fn storage_account_key(&self, sandbox: &str) -> Option<Vec<u8>> {
        let g = self.shared.sandboxes.read().ok()?;
        g.get(sandbox).map(|s| s.dlz.storage_account_key())
    }

    /// How many objects of a resource (`runs`, `flows`, …, or the Catalog's `dataSets`)
    /// a sandbox holds now.
    pub fn object_count(&self, sandbox: &str, resource: &str) -> Option<usize> {
        let g = self.shared.sandboxes.read().ok()?;
        let s = g.get(sandbox)?;
        Some(match resource {
            "connections" => s.connections.len(),
            "sourceConnections" => s.source_connections.len(),
            "targetConnections" => s.target_connections.len(),
            "flows" => s.flows.len(),
            "runs" => s.runs.len(),
            "connectionSpecs" => s.connection_specs.len(),
            "flowSpecs" => s.flow_specs.len(),
            "dataSets" => s.datasets.len(),
            _ => return None,
        })
    }

    /// Stops serving and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }

    /// Serves until the process ends (for `flowscope emulate`).
    pub async fn wait(mut self) {
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Builds the seeded sandboxes for `cfg`.
pub fn build_sandboxes(cfg: &EmulatorConfig) -> HashMap<String, Sandbox> {
    let now = cfg.clock.now_ms();
    let opts = SeedOptions {
        seed: cfg.seed,
        flows: cfg.flows,
        runs: cfg.runs,
        now,
    };
    let seeds = seed::build(&opts);
    // Specs belong to the org, so an empty sandbox still lists them.
    let empties: Vec<(String, Sandbox)> = match seeds.first() {
        Some(template) => cfg
            .empty_sandboxes
            .iter()
            .map(|name| {
                let seed = seed::SandboxSeed {
                    ctx: crate::run_record::SandboxContext {
                        sandbox_name: name.clone(),
                        // Deterministic, like every other seeded id.
                        sandbox_id: format!(
                            "00000000-0000-4000-8000-{:012x}",
                            name.bytes().fold(cfg.seed, |h, b| h
                                .wrapping_mul(31)
                                .wrapping_add(u64::from(b)))
                                & 0xffff_ffff_ffff
                        ),
                        ims_org_id: template.ctx.ims_org_id.clone(),
                    },
                    connection_specs: template.connection_specs.clone(),
                    flow_specs: template.flow_specs.clone(),
                    connections: Vec::new(),
                    source_connections: Vec::new(),
                    target_connections: Vec::new(),
                    flows: Vec::new(),
                    runs: Vec::new(),
                    datasets: Vec::new(),
                    deleted_source_connections: Vec::new(),
                };
                let mut dlz = DlzStore::empty(name, cfg.seed);
                dlz.set_provider(cfg.dlz_provider);
                (name.clone(), Sandbox::from_seed(seed, dlz))
            })
            .collect(),
        None => Vec::new(),
    };
    seeds
        .into_iter()
        .map(|s| {
            let name = s.ctx.sandbox_name.clone();
            let mut dlz = DlzStore::demo(&name, cfg.seed, now);
            dlz.set_provider(cfg.dlz_provider);
            (name, Sandbox::from_seed(s, dlz))
        })
        .chain(empties)
        .collect()
}

/// The URL clients reach storage at: a wildcard listen address is reached on loopback.
fn storage_base(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        match addr {
            SocketAddr::V4(_) => std::net::IpAddr::from([127, 0, 0, 1]),
            SocketAddr::V6(_) => std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        }
    } else {
        addr.ip()
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Seeds, binds `listen` (port 0 picks a free port) and serves in the background.
pub async fn start(listen: SocketAddr, cfg: EmulatorConfig) -> std::io::Result<EmulatorHandle> {
    let seed_cfg = cfg.clone();
    // Seeding a scale set takes a moment of CPU; keep it off the async workers.
    let mut sandboxes = tokio::task::spawn_blocking(move || build_sandboxes(&seed_cfg))
        .await
        .map_err(std::io::Error::other)?;
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    // SAS URIs point back at this emulator's blob endpoint, so a storage client given the
    // credentials reaches the same files explore shows.
    let base = storage_base(addr);
    for sb in sandboxes.values_mut() {
        let account = sb.dlz.storage_account_name().to_string();
        sb.dlz
            .set_blob_base_url(Some(format!("{base}{}/{account}", routes::BLOB_BASE)));
    }
    let shared = Arc::new(Shared::new(
        cfg.clock.clone(),
        cfg.faults.clone(),
        cfg.seed,
        sandboxes,
    ));
    let app = routes::router(shared.clone());
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = serve.await {
            tracing::error!("emulator stopped: {e}");
        }
    });
    Ok(EmulatorHandle {
        addr,
        clock: cfg.clock,
        shared,
        shutdown: Some(tx),
        task: Some(task),
    })
}
