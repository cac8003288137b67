//! Runs an action on many objects (`Effect::Bulk`) with the API's bulk runner: a few
//! changes in flight at once (`bulk::DEFAULT_CONCURRENCY`), each sent at most once
//! through the same code as a single change, so each object gets exactly one journal
//! entry; each object's end is reported as it comes, then the whole job's counts in the
//! runner's own words.

use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use crate::api::Client;
use crate::api::aws::AwsClient;
use crate::api::bulk::{self, End, Plan};
use crate::app::effect::Msg;
use crate::app::features::bulk::{BulkEnd, BulkMsg};
use crate::app::shared::editor::spec::Audit;
use crate::app::shared::effect::{BulkStep, Change, Outcome};
use crate::app::shared::pane::ErrorInfo;
use crate::store::Store;

/// What a job is sent with.
pub struct Sender {
    pub client: Client,
    /// The landing zone's opened containers, for the deletes of marked files.
    pub containers: super::dlz::Containers,
    pub aws: Option<AwsClient>,
    pub store: Option<Store>,
    pub tx: UnboundedSender<Msg>,
}

/// A change applied: the object as it now is, and how its journal entry went.
struct Sent {
    object: Option<Value>,
    journal: Result<(), String>,
}

/// A change not applied, as the journaling send reported it.
struct Failed {
    error: ErrorInfo,
    unsure: bool,
    journal: Result<(), String>,
}

impl bulk::Failure for Failed {
    fn may_have_applied(&self) -> bool {
        self.unsure
    }
}

fn read(outcome: Outcome) -> Result<Sent, Failed> {
    match outcome {
        Outcome::Sent {
            object, journal, ..
        } => Ok(Sent { object, journal }),
        Outcome::Conflict { error, journal, .. } => Err(Failed {
            error,
            unsure: false,
            journal,
        }),
        Outcome::Failed {
            error,
            unsure,
            journal,
        } => Err(Failed {
            error,
            unsure,
            journal,
        }),
    }
}

/// The explorer's words for an end, and how its journal entry went (None: written or
/// nothing to write).
fn told(end: &End<Sent, Failed>) -> (BulkEnd, Option<String>) {
    let journal = |j: &Result<(), String>| j.as_ref().err().cloned();
    match end {
        End::Done(s) => (BulkEnd::Done(s.object.clone()), journal(&s.journal)),
        End::Refused(f) => (BulkEnd::Refused(f.error.clone()), journal(&f.journal)),
        End::Unsure(f) => (BulkEnd::Unsure(f.error.clone()), journal(&f.journal)),
        End::Skipped(why) => (BulkEnd::Skipped(why.clone()), None),
    }
}

impl Sender {
    pub async fn run(self, job: u64, steps: Vec<BulkStep>, audit: Audit) {
        let objects: Vec<(usize, Plan<Change>)> = steps
            .into_iter()
            .enumerate()
            .map(|(i, step)| {
                let plan = match step {
                    BulkStep::Send(change) => Plan::Send(change),
                    BulkStep::Skip(why) => Plan::Skip(why),
                };
                (i, plan)
            })
            .collect();
        let (this, audit) = (&self, &audit);
        let summary = bulk::run(
            objects,
            bulk::DEFAULT_CONCURRENCY,
            |change| async move {
                let (client, aws, store) = (&this.client, this.aws.as_ref(), this.store.as_ref());
                read(match &change {
                    Change::DlzDelete { zone, path } => {
                        let file = (*zone, path.as_str());
                        super::dlz_many::delete(client, &this.containers, store, file, audit).await
                    }
                    _ => super::send(client, aws, store, &change, audit).await,
                })
            },
            |index, end| {
                let (end, journal) = told(end);
                let _ = this.tx.send(Msg::Bulk(BulkMsg::Ended {
                    job,
                    index: *index,
                    end,
                    journal,
                }));
            },
        )
        .await;
        let _ = self.tx.send(Msg::Bulk(BulkMsg::Finished {
            job,
            counts: summary.counts().to_string(),
        }));
    }
}
