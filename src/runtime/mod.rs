//! The runtime: runs the effects the explorer's pure core asks for. Each fetch is a tokio
//! task with a clone of the client that reports back over the channel; a new fetch for a
//! slot aborts the one before it (latest wins), and the ticket in each message lets
//! `receive` drop anything that still slips through. Changes are sent once and journaled
//! (`submit`, `aws_submit`), the landing zone's storage and transfers run in `dlz` and
//! `storage`, drafts are written off the UI task (`drafts`), the sandbox watch polls in
//! `watch`. The reads that answer a pane
//! are in `fetch`, the Flow Service queries they are made of in `plan`, switching profiles
//! in `profiles`. This is the only place, with the terminal front end, that does I/O for
//! the explorer.

use std::collections::HashMap;

use futures::StreamExt;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

mod aws;
mod aws_submit;
mod build;
mod bulk;
mod dlz;
mod dlz_many;
mod drafts;
mod fetch;
mod profiles;
mod resume;
mod storage;
mod submit;
mod watch;

use crate::api::aws::AwsClient;
use crate::api::plan::newest_runs;
use crate::api::{ApiError, Client};
use crate::app::effect::{Effect, Msg};
use crate::app::features::dlz::DlzEffect;
use crate::app::shared::effect::Change;
use crate::app::shared::effect::{Request, Target};
use crate::app::shared::nav::ListKind;
use crate::app::shared::nav::ObjKind;
use crate::app::shared::nav::Scope;
use crate::app::shared::pane::ErrorInfo;
use crate::store::Store;
use aws as aws_exec;
use dlz::{self as exec, DlzExec};
use drafts::DraftWriter;
pub(crate) use fetch::send_page;
use fetch::{get, latest_runs, list, local_list};
pub use profiles::config_profile_loader;
use submit::submit;

/// Flows whose sparkline runs are read at the same time.
const RECENT_AT_ONCE: usize = 3;

/// Builds a client for a named profile (`:profile NAME`); the terminal front end passes
/// one that reads the config files, tests pass their own.
pub type ProfileLoader = Box<dyn Fn(&str) -> Result<(Client, Target), String> + Send>;

pub struct Executor {
    client: Client,
    tx: UnboundedSender<Msg>,
    /// Where the journal and drafts live; `None` keeps nothing (and says so).
    store: Option<Store>,
    drafts: DraftWriter,
    jobs: HashMap<u64, AbortHandle>,
    /// Graph object fetches: not owned by a pane, dropped when the sandbox changes.
    resolves: Vec<AbortHandle>,
    profiles: Option<ProfileLoader>,
    /// Reads of watched runs in flight, by run id: never two for one run.
    polls: HashMap<String, AbortHandle>,
    /// The landing zone's storage side.
    dlz: DlzExec,
    /// Customer Profiles and AppFlow, when the profile (or the demo) has an AWS side.
    aws: Option<AwsClient>,
    /// False for an AWS profile: Flow Service requests fail at once, saying why.
    aep: bool,
    /// The sandbox watch's poller and its setting.
    watch: watch::WatchExec,
}

impl Executor {
    pub fn new(client: Client, tx: UnboundedSender<Msg>) -> Executor {
        Executor {
            client,
            drafts: DraftWriter::start(None, tx.clone()),
            store: None,
            tx,
            jobs: HashMap::new(),
            resolves: Vec::new(),
            profiles: None,
            polls: HashMap::new(),
            dlz: DlzExec::new(),
            aws: None,
            aep: true,
            watch: watch::WatchExec::default(),
        }
    }

    pub fn set_aep(&mut self, aep: bool) {
        self.aep = aep;
    }

    /// Reads and changes AWS through `aws` from now on (None: the AWS panes say there is
    /// no AWS side).
    pub fn set_aws(&mut self, aws: Option<AwsClient>) {
        self.aws = aws;
    }

    /// How landing-zone containers are reached (an S3 endpoint for an emulated zone).
    pub fn set_storage_options(&mut self, opts: crate::api::storage::StorageOptions) {
        self.dlz.containers.set_options(opts);
    }

    pub fn set_profiles(&mut self, loader: ProfileLoader) {
        self.profiles = Some(loader);
    }

    /// Keeps the journal and drafts in `store` from now on.
    pub fn set_store(&mut self, store: Store) {
        self.drafts.finish();
        self.drafts = DraftWriter::start(Some(store.clone()), self.tx.clone());
        self.store = Some(store);
    }

    /// Waits until every draft asked for is written (before the process exits).
    pub fn finish(&mut self) {
        self.drafts.finish();
    }

    /// Effects the terminal layer handles itself (the clipboard, `$EDITOR`) come back
    /// unrun.
    pub fn run(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut rest = Vec::new();
        for e in effects {
            match e {
                Effect::Fetch {
                    slot,
                    ticket,
                    request,
                } => self.fetch(slot, ticket, request),
                Effect::Cancel { slot } => {
                    if let Some(job) = self.jobs.remove(&slot) {
                        job.abort();
                    }
                }
                Effect::Resolve {
                    generation,
                    kind,
                    id,
                } => self.resolve(generation, kind, id),
                Effect::Poll { run_id } => self.poll(run_id),
                Effect::Recent {
                    generation,
                    flow_ids,
                } => self.recent(generation, flow_ids),
                Effect::Dlz(e) => {
                    let store = self.store.clone();
                    if let Some((slot, job)) = self.dlz.run(e, &self.client, &self.tx, store)
                        && let Some(old) = self.jobs.insert(slot, job)
                    {
                        old.abort();
                    }
                }
                Effect::Build(e) => {
                    let store = self.store.clone();
                    if let Some((slot, job)) = build::run(e, &self.client, &self.tx, store)
                        && let Some(old) = self.jobs.insert(slot, job)
                    {
                        old.abort();
                    }
                }
                Effect::SwitchSandbox(name) => {
                    self.drop_resolves();
                    self.dlz
                        .run(DlzEffect::Forget, &self.client, &self.tx, None);
                    self.client = self.client.sandbox(&name);
                }
                Effect::SwitchProfile(name) => {
                    self.drop_resolves();
                    self.dlz
                        .run(DlzEffect::Forget, &self.client, &self.tx, None);
                    let result = match &self.profiles {
                        Some(load) => load(&name).map(|(client, target)| {
                            self.client = client;
                            target
                        }),
                        None => Err("profiles cannot be switched here".to_string()),
                    };
                    let _ = self.tx.send(Msg::ProfileSwitched(result));
                }
                Effect::Submit {
                    slot,
                    change,
                    audit,
                } => {
                    // Not tied to the pane's job: closing or switching must never cut a
                    // change off halfway, leaving its outcome unknown.
                    let client = self.client.clone();
                    let store = self.store.clone();
                    let tx = self.tx.clone();
                    let aws = self.aws.clone();
                    tokio::spawn(async move {
                        let outcome =
                            send(&client, aws.as_ref(), store.as_ref(), &change, &audit).await;
                        let _ = tx.send(Msg::Submitted { slot, outcome });
                    });
                }
                Effect::Bulk { job, steps, audit } => {
                    // Not tied to a pane either, for the same reason.
                    let sender = bulk::Sender {
                        client: self.client.clone(),
                        containers: self.dlz.containers.clone(),
                        aws: self.aws.clone(),
                        store: self.store.clone(),
                        tx: self.tx.clone(),
                    };
                    tokio::spawn(sender.run(job, steps, audit));
                }
                Effect::Alerts(e) => {
                    let store = self.store.clone();
                    self.watch.run(e, &self.client, &self.tx, store, self.aep);
                }
                Effect::SaveDraft(d) => self.drafts.save(d),
                Effect::RemoveDraft(d) => self.drafts.remove(d),
                Effect::LoadDrafts => self.drafts.list(),
                other @ (Effect::Copy { .. }
                | Effect::ExternalEdit { .. }
                | Effect::Paste { .. }
                | Effect::Bell) => rest.push(other),
            }
        }
        self.jobs.retain(|_, job| !job.is_finished());
        self.polls.retain(|_, job| !job.is_finished());
        self.resolves.retain(|job| !job.is_finished());
        rest
    }

    fn drop_resolves(&mut self) {
        for job in self.resolves.drain(..) {
            job.abort();
        }
        for (_, job) in self.polls.drain() {
            job.abort();
        }
    }

    /// One read of a watched run.
    fn poll(&mut self, run_id: String) {
        if self.polls.get(&run_id).is_some_and(|j| !j.is_finished()) {
            return;
        }
        let client = self.client.clone();
        let tx = self.tx.clone();
        let id = run_id.clone();
        let job = tokio::spawn(async move {
            let result = client
                .get_by_id::<Value>("runs", &id)
                .await
                .map_err(|e| ErrorInfo::from(&e));
            let _ = tx.send(Msg::Polled { run_id: id, result });
        });
        self.polls.insert(run_id, job.abort_handle());
    }

    /// The newest runs of each flow, a few flows at a time (a screenful of flows should
    /// not become a burst the service throttles), each flow's answer sent as it comes so
    /// a slow link fills the sparklines in one by one.
    fn recent(&mut self, generation: u64, flow_ids: Vec<String>) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        let job = tokio::spawn(async move {
            let reads = futures::stream::iter(flow_ids)
                .map(|id| {
                    let client = client.clone();
                    async move {
                        let q = newest_runs(&id, crate::app::features::runs::recent::RECENT_RUNS);
                        let mut pages = client.pages::<Value>("runs", &q);
                        let read = match pages.next().await {
                            Some(Ok(page)) => Some(page.items),
                            None => Some(Vec::new()),
                            Some(Err(e)) => {
                                tracing::warn!(error = %e, "recent runs of a flow");
                                None
                            }
                        };
                        (id, read)
                    }
                })
                .buffer_unordered(RECENT_AT_ONCE);
            futures::pin_mut!(reads);
            while let Some((id, read)) = reads.next().await {
                let _ = tx.send(Msg::Recent {
                    generation,
                    asked: vec![id.clone()],
                    runs: read.map(|items| (id, items)).into_iter().collect(),
                });
            }
        });
        self.resolves.push(job.abort_handle());
    }

    /// One object for the graph cache. Concurrent with every other: a graph's boxes fill
    /// in as their objects arrive, in whatever order.
    fn resolve(&mut self, generation: u64, kind: ObjKind, id: String) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        let aws = self.aws.clone();
        let job = tokio::spawn(async move {
            let result = if kind.is_aws() {
                aws_exec::get(aws.as_ref(), kind, &id).await.map_err(|e| {
                    if e.status != Some(404) {
                        tracing::warn!(kind = kind.noun(), error = %e, "AWS object fetch failed");
                    }
                    ErrorInfo::from(&e)
                })
            } else {
                get(&client, kind, &id).await.map_err(|e| {
                    if e.status() != Some(404) {
                        tracing::warn!(kind = kind.noun(), error = %e, "object fetch failed");
                    }
                    ErrorInfo::from(&e)
                })
            };
            let _ = tx.send(Msg::Resolved {
                generation,
                kind,
                id,
                result,
            });
        });
        self.resolves.push(job.abort_handle());
    }

    fn fetch(&mut self, slot: u64, ticket: u64, request: Request) {
        if let Some(old) = self.jobs.remove(&slot) {
            old.abort();
        }
        let client = self.client.clone();
        let tx = self.tx.clone();
        let store = self.store.clone();
        let containers = self.dlz.containers.clone();
        let aws = self.aws.clone();
        let aep = self.aep;
        let job = tokio::spawn(async move {
            let result = match request {
                Request::List { kind, .. } if !aep && !kind.is_aws() => {
                    Err(ApiError::Invalid(AWS_ONLY.to_string()))
                }
                Request::Get { kind, .. } if !aep && !kind.is_aws() => {
                    Err(ApiError::Invalid(AWS_ONLY.to_string()))
                }
                Request::List {
                    kind,
                    scope,
                    property,
                } if kind.is_aws() => {
                    let listed =
                        aws_exec::list(aws.as_ref(), &tx, slot, ticket, kind, &scope, &property)
                            .await;
                    aws_failed(&tx, slot, ticket, listed.map(|_| ()));
                    Ok(())
                }
                Request::Get { kind, id } if kind.is_aws() => {
                    let got = aws_exec::get(aws.as_ref(), kind, &id).await.map(|value| {
                        let _ = tx.send(Msg::Object {
                            slot,
                            ticket,
                            value,
                        });
                    });
                    aws_failed(&tx, slot, ticket, got);
                    Ok(())
                }
                Request::List {
                    scope: Scope::Blobs { zone, folder },
                    ..
                } => {
                    exec::list_blobs(&client, &containers, zone, &folder, &tx, slot, ticket).await;
                    Ok(())
                }
                Request::List {
                    kind: kind @ (ListKind::Journal | ListKind::Drafts),
                    ..
                } => local_list(store, &tx, slot, ticket, kind).await,
                Request::List {
                    kind,
                    scope,
                    property,
                } => list(&client, &tx, slot, ticket, kind, &scope, property).await,
                Request::LatestRuns { flow_id, limit } => {
                    latest_runs(&client, &tx, slot, ticket, &flow_id, limit).await
                }
                Request::Get { kind, id } => get(&client, kind, &id).await.map(|value| {
                    let _ = tx.send(Msg::Object {
                        slot,
                        ticket,
                        value,
                    });
                }),
            };
            if let Err(e) = result {
                tracing::warn!(slot, error = %e, "request failed");
                let _ = tx.send(Msg::Failed {
                    slot,
                    ticket,
                    error: ErrorInfo::from(&e),
                });
            }
        });
        self.jobs.insert(slot, job.abort_handle());
    }
}

/// Sends one change through the client it belongs to (Flow Service or AWS), journaled.
async fn send(
    client: &Client,
    aws: Option<&AwsClient>,
    store: Option<&Store>,
    change: &Change,
    audit: &crate::app::shared::editor::spec::Audit,
) -> crate::app::shared::effect::Outcome {
    match change {
        Change::Aws(c) => aws_submit::submit(aws, store, c, audit).await,
        _ => submit(client, store, change, audit).await,
    }
}

/// What the Flow Service tabs say under an AWS profile.
const AWS_ONLY: &str =
    "this profile is an AWS one: Flow Service needs an AEP profile (tabs 6–8 are AWS's)";

/// Reports an AWS request that failed to the pane that asked.
fn aws_failed(
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    result: Result<(), crate::api::aws::AwsError>,
) {
    if let Err(e) = result {
        tracing::warn!(slot, error = %e, "AWS request failed");
        let _ = tx.send(Msg::Failed {
            slot,
            ticket,
            error: ErrorInfo::from(&e),
        });
    }
}
