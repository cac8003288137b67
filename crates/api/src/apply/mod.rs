//! The applier: sends a [`Plan`]'s steps in order, filling `${step}` references with the
//! ids of earlier steps' objects and `${env:NAME}` with values from the options' lookup.
//!
//! A create first looks for an object of its kind with the same `name` (a read, retried
//! as reads are); the CLI reuses it ([`Existing::Reuse`]), so applying a plan again
//! finishes what an interrupted run left and makes nothing twice, and the explorer's
//! wizard refuses it ([`Existing::Refuse`]) before anything is sent. Otherwise the POST
//! goes once: the client never retries a change, and neither does this. A `use` step
//! reads its id and fails clearly when it is unknown; a delete of an object already gone
//! is not a failure. The first failure stops the plan; what was created stays, listed in
//! [`Applied::made`] in order, for [`Plan::rollback`] or another run.
//!
//! Every step reports its progress as [`Event`]s, so a screen can show each step as it
//! goes and the CLI can journal what it sent. Request bodies in events and in
//! [`dry_run`] have their secrets masked.

mod error;
mod lookup;
mod request;
mod users;

use std::collections::HashMap;

use serde_json::Value;

use crate::Client;
use flowscope_model::plan::{Made, Op, Plan, PlanIssue, PlanKind, Ref, Step, refs_in};
use flowscope_model::{ErrorInfo, IdEtag};

pub use error::ApplyError;
pub use request::{Request, dry_run};
pub use users::{Teardown, User, flow_teardown, users_of};

/// What a create does when an object of its kind and name exists already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Use it instead of creating another (`flowscope apply`).
    Reuse,
    /// Stop before anything is sent (the explorer's wizard: the user picks a new name).
    Refuse,
}

/// Reads `${env:NAME}`: the process environment, or what a test gives.
pub type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

pub struct ApplyOptions {
    pub existing: Existing,
    pub env: EnvLookup,
}

impl ApplyOptions {
    /// `existing`, with `${env:…}` read from the process environment.
    pub fn new(existing: Existing) -> ApplyOptions {
        ApplyOptions {
            existing,
            env: Box::new(|name| std::env::var(name).ok()),
        }
    }

    pub fn with_env(
        mut self,
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> ApplyOptions {
        self.env = Box::new(env);
        self
    }
}

/// One step's progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub index: usize,
    pub step: String,
    pub kind: PlanKind,
    pub progress: Progress,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// Looking for an object of the same name, or reading a `use` step's object.
    Checking,
    /// An object that exists stands for the step: one of the same name, or its `id`.
    Reused {
        id: String,
    },
    /// The change is on its way (secrets masked); what the journal records.
    Sending(Request),
    Created {
        id: String,
    },
    Deleted {
        id: String,
    },
    /// The object to delete was not there (404): nothing to do.
    AlreadyGone {
        id: String,
    },
    /// `unsure`: the answer was lost, so the change may have been made all the same.
    Failed {
        error: ErrorInfo,
        unsure: bool,
    },
}

/// How a plan went.
#[derive(Debug, Default)]
pub struct Applied {
    /// Objects created, oldest first: what [`Plan::rollback`] undoes.
    pub made: Vec<Made>,
    /// The id each step's object has, by step name (created, reused or used).
    pub ids: HashMap<String, String>,
    /// The step that failed, when one did; the steps after it were not sent.
    pub failed: Option<StepFailed>,
}

#[derive(Debug)]
pub struct StepFailed {
    pub index: usize,
    pub step: String,
    pub error: ApplyError,
}

/// What refuses `plan` before anything is sent: its issues ([`Plan::issues`]) and each
/// `${env:…}` whose variable is not set, so a secret asked for by step 3 is not found
/// missing after steps 1 and 2 were created.
pub fn check(plan: &Plan, opts: &ApplyOptions) -> Vec<PlanIssue> {
    let mut issues = plan.issues();
    issues.extend(missing_env(plan, &opts.env));
    issues
}

/// Sends `plan`, refused (`Err`) when [`check`] finds anything; otherwise the answer
/// says what was done.
pub async fn apply<F: FnMut(Event)>(
    client: &Client,
    plan: &Plan,
    opts: &ApplyOptions,
    mut on_event: F,
) -> Result<Applied, Vec<PlanIssue>> {
    let issues = check(plan, opts);
    if !issues.is_empty() {
        return Err(issues);
    }
    let mut done = Applied::default();
    let mut emit = |index: usize, step: &Step, progress: Progress| {
        on_event(Event {
            index,
            step: step.name.clone(),
            kind: step.kind,
            progress,
        })
    };
    // The wizard's mode: every name is checked before the first change, so a clash
    // never leaves half a plan behind.
    if opts.existing == Existing::Refuse {
        for (index, step) in plan.steps.iter().enumerate() {
            if step.op != Op::Create {
                continue;
            }
            emit(index, step, Progress::Checking);
            let found = match step.object_name() {
                Some(name) => lookup::named(client, step.kind, name).await,
                None => Ok(Vec::new()),
            };
            let clash = found.map_err(ApplyError::from).and_then(|found| {
                match lookup::pick(step, found)? {
                    Some(id) => Err(ApplyError::Exists {
                        kind: step.kind.label(),
                        name: step.object_name().unwrap_or_default().to_string(),
                        id,
                    }),
                    None => Ok(()),
                }
            });
            if let Err(error) = clash {
                return Ok(fail(done, index, step, error, &mut emit));
            }
        }
    }
    for (index, step) in plan.steps.iter().enumerate() {
        let sent = match step.op {
            Op::Create => create(client, step, opts, index, &mut done, &mut emit).await,
            Op::Use => use_existing(client, step, index, &mut done, &mut emit).await,
            Op::Delete => delete(client, step, index, &done, &mut emit).await,
        };
        if let Err(error) = sent {
            return Ok(fail(done, index, step, error, &mut emit));
        }
    }
    Ok(done)
}

fn fail(
    mut done: Applied,
    index: usize,
    step: &Step,
    error: ApplyError,
    emit: &mut impl FnMut(usize, &Step, Progress),
) -> Applied {
    emit(
        index,
        step,
        Progress::Failed {
            error: error.info(),
            unsure: error.unsure(),
        },
    );
    done.failed = Some(StepFailed {
        index,
        step: step.name.clone(),
        error,
    });
    done
}

async fn create(
    client: &Client,
    step: &Step,
    opts: &ApplyOptions,
    index: usize,
    done: &mut Applied,
    emit: &mut impl FnMut(usize, &Step, Progress),
) -> Result<(), ApplyError> {
    let body = Plan::resolve_body(step, &done.ids, &*opts.env)?.unwrap_or(Value::Null);
    if opts.existing == Existing::Reuse
        && let Some(name) = step.object_name()
    {
        emit(index, step, Progress::Checking);
        let found = lookup::named(client, step.kind, name).await?;
        if let Some(id) = lookup::pick(step, found)? {
            emit(index, step, Progress::Reused { id: id.clone() });
            done.ids.insert(step.name.clone(), id);
            return Ok(());
        }
    }
    emit(
        index,
        step,
        Progress::Sending(Request::create(step.kind, &body)),
    );
    let answer: IdEtag = client.create_in(step.kind.resource(), &body).await?;
    emit(
        index,
        step,
        Progress::Created {
            id: answer.id.clone(),
        },
    );
    done.made.push(Made {
        step: step.name.clone(),
        kind: step.kind,
        id: answer.id.clone(),
    });
    done.ids.insert(step.name.clone(), answer.id);
    Ok(())
}

async fn use_existing(
    client: &Client,
    step: &Step,
    index: usize,
    done: &mut Applied,
    emit: &mut impl FnMut(usize, &Step, Progress),
) -> Result<(), ApplyError> {
    let id = Plan::resolve_id(step, &done.ids)?;
    emit(index, step, Progress::Checking);
    match client.get_by_id::<Value>(step.kind.resource(), &id).await {
        Ok(_) => {
            emit(index, step, Progress::Reused { id: id.clone() });
            done.ids.insert(step.name.clone(), id);
            Ok(())
        }
        Err(e) if e.is_not_found() => Err(ApplyError::Unknown {
            kind: step.kind.label(),
            id,
            source: Box::new(e),
        }),
        Err(e) => Err(e.into()),
    }
}

async fn delete(
    client: &Client,
    step: &Step,
    index: usize,
    done: &Applied,
    emit: &mut impl FnMut(usize, &Step, Progress),
) -> Result<(), ApplyError> {
    let id = Plan::resolve_id(step, &done.ids)?;
    emit(
        index,
        step,
        Progress::Sending(Request::delete(step.kind, &id)),
    );
    match client.delete_in(step.kind.resource(), &id).await {
        Ok(()) => emit(index, step, Progress::Deleted { id }),
        Err(e) if e.is_not_found() => emit(index, step, Progress::AlreadyGone { id }),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Each `${env:NAME}` whose variable is not set, where it is.
fn missing_env(plan: &Plan, env: &EnvLookup) -> Vec<PlanIssue> {
    let mut out = Vec::new();
    for (i, step) in plan.steps.iter().enumerate() {
        let Some(body) = &step.body else { continue };
        for (at, r) in refs_in(body) {
            if let Ref::Env(var) = r
                && env(var).is_none()
            {
                out.push(PlanIssue {
                    step: Some(i),
                    at: format!("/body{at}"),
                    message: format!("the environment variable {var} is not set"),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
