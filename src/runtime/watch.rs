//! The sandbox watch's I/O: the poller (`flowscope_api::watch::Poller`) lives here, and
//! each poll the core asks for runs on its own task, answered as
//! [`AlertsMsg::Polled`]; the core decides when. The watch's setting is read from and
//! written to the data directory's `prefs.json`, off the UI task.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::api::Client;
use crate::api::watch::Poller;
use crate::app::effect::Msg;
use crate::app::features::alerts::{AlertsEffect, AlertsMsg, Trouble};
use crate::app::shared::pane::ErrorInfo;
use crate::store::Store;

#[derive(Default)]
pub struct WatchExec {
    /// The poller of the newest start, by its generation.
    poller: Option<(u64, Arc<Mutex<Poller>>)>,
    job: Option<AbortHandle>,
}

impl WatchExec {
    pub fn run(
        &mut self,
        e: AlertsEffect,
        client: &Client,
        tx: &UnboundedSender<Msg>,
        store: Option<Store>,
        aep: bool,
    ) {
        match e {
            AlertsEffect::Start {
                generation,
                since_ms,
            } => {
                self.stop();
                self.poller = Some((generation, Arc::new(Mutex::new(Poller::new(since_ms)))));
            }
            AlertsEffect::Stop => {
                self.stop();
                self.poller = None;
            }
            AlertsEffect::Poll { generation } => self.poll(generation, client, tx, aep),
            AlertsEffect::Recall { profile } => {
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let on = store
                        .map(|s| s.prefs.watch(profile.as_deref()))
                        .transpose()
                        .unwrap_or_else(|e| {
                            tracing::warn!(error = %e, "the watch setting could not be read");
                            None
                        })
                        .unwrap_or(false);
                    let _ = tx.send(Msg::Alerts(AlertsMsg::Recalled { profile, on }));
                });
            }
            AlertsEffect::Remember { profile, on } => {
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = match store {
                        Some(s) => s
                            .prefs
                            .set_watch(profile.as_deref(), on)
                            .map_err(|e| e.to_string()),
                        None => Err("no data directory to keep it in".to_string()),
                    };
                    let _ = tx.send(Msg::Alerts(AlertsMsg::Remembered(result)));
                });
            }
        }
    }

    fn stop(&mut self) {
        if let Some(job) = self.job.take() {
            job.abort();
        }
    }

    /// One poll on its own task; the core asks for the next only after this one's answer.
    fn poll(&mut self, generation: u64, client: &Client, tx: &UnboundedSender<Msg>, aep: bool) {
        let Some((current, poller)) = &self.poller else {
            return;
        };
        if *current != generation {
            return;
        }
        let (poller, client, tx) = (poller.clone(), client.clone(), tx.clone());
        let job = tokio::spawn(async move {
            let msg = if aep {
                let report = poller.lock().await.poll(&client).await;
                if let Some(e) = &report.error {
                    tracing::warn!(error = %e.error, fatal = e.fatal, "a watch poll failed");
                }
                AlertsMsg::Polled {
                    generation,
                    runs: report.failures.into_iter().map(|f| f.run).collect(),
                    wait_ms: millis(report.wait),
                    trouble: report.error.map(|e| Trouble {
                        error: ErrorInfo::from(&e.error),
                        fatal: e.fatal,
                    }),
                }
            } else {
                AlertsMsg::Polled {
                    generation,
                    runs: Vec::new(),
                    wait_ms: 0,
                    trouble: Some(Trouble {
                        error: ErrorInfo::local(super::AWS_ONLY),
                        fatal: true,
                    }),
                }
            };
            let _ = tx.send(Msg::Alerts(msg));
        });
        self.job = Some(job.abort_handle());
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
