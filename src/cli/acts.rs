//! The changes that act on objects by id, each as an [`Act`] for [`super::many::run`]:
//! retry failed runs, enable or disable flows, trigger runs of flows, delete objects.
//! Each reads its object first and skips what needs nothing (a run that did not fail, a
//! flow already in that state, a flow the service would not run on demand).

use serde_json::{Value, json};

use super::many::Act;
use crate::api::apply::{User, users_of};
use crate::api::bulk::Plan;
use crate::api::{ApiError, Client, FlowAction};
use crate::model::plan::PlanKind;
use crate::model::{CreateRun, DeltaColumn, Flow, IdEtag, Run, RunParams};

/// `POST /runs/{id}/action?op=RE_TRIGGER` on each failed run, never resent.
pub struct Retry;

impl Act for Retry {
    type Client = Client;
    type Error = ApiError;
    type Item = ();
    type Answer = Run;

    fn verb(&self) -> &str {
        "retry"
    }
    fn noun(&self) -> &str {
        "failed run"
    }
    fn skipped_as(&self) -> &str {
        "not failed"
    }
    fn resource(&self) -> &str {
        "runs"
    }

    async fn look(&self, c: &Client, id: &str) -> Result<Plan<()>, ApiError> {
        let run = c.get_run(id).await?;
        Ok(match run.status() {
            Some(s) if s.eq_ignore_ascii_case("failed") => Plan::Send(()),
            Some(s) => Plan::Skip(format!("run is {s}")),
            None => Plan::Skip("run has no status yet".into()),
        })
    }

    fn request(&self, id: &str, _: &()) -> Value {
        json!({"request": format!("POST /runs/{id}/action?op=RE_TRIGGER")})
    }

    async fn send(&self, c: &Client, id: &str, _: ()) -> Result<Run, ApiError> {
        c.retry_run(id).await
    }

    fn done(&self, run: &Run) -> String {
        format!("now {}", run.status().unwrap_or("retried"))
    }
}

/// `POST /flows/{id}/action?op=enable|disable`, skipping flows already so.
pub struct Switch(pub FlowAction);

impl Switch {
    fn state(&self) -> &'static str {
        match self.0 {
            FlowAction::Enable => "enabled",
            FlowAction::Disable => "disabled",
        }
    }
}

impl Act for Switch {
    type Client = Client;
    type Error = ApiError;
    type Item = ();
    type Answer = IdEtag;

    fn verb(&self) -> &str {
        self.0.as_str()
    }
    fn noun(&self) -> &str {
        "flow"
    }
    fn skipped_as(&self) -> &str {
        match self.0 {
            FlowAction::Enable => "already enabled",
            FlowAction::Disable => "already disabled",
        }
    }
    fn resource(&self) -> &str {
        "flows"
    }

    async fn look(&self, c: &Client, id: &str) -> Result<Plan<()>, ApiError> {
        let flow = c.get_flow(id).await?;
        Ok(match flow.state.as_deref() {
            Some(s) if s.eq_ignore_ascii_case(self.state()) => {
                Plan::Skip(self.skipped_as().to_string())
            }
            _ => Plan::Send(()),
        })
    }

    fn request(&self, id: &str, _: &()) -> Value {
        json!({"request": format!("POST /flows/{id}/action?op={}", self.0.as_str())})
    }

    async fn send(&self, c: &Client, id: &str, _: ()) -> Result<IdEtag, ApiError> {
        c.flow_action(id, self.0).await
    }

    fn done(&self, _: &IdEtag) -> String {
        self.state().to_string()
    }
}

/// `POST /runs` for each flow scheduled once; the service refuses the others
/// (FLOW-1422-400), so they are skipped with its rule as the reason.
pub struct Trigger {
    pub window_start: Option<i64>,
    pub window_end: Option<i64>,
    pub delta_column: Option<String>,
}

impl Act for Trigger {
    type Client = Client;
    type Error = ApiError;
    type Item = CreateRun;
    type Answer = IdEtag;

    fn verb(&self) -> &str {
        "trigger a run of"
    }
    fn noun(&self) -> &str {
        "flow"
    }
    fn skipped_as(&self) -> &str {
        "not scheduled once"
    }
    fn resource(&self) -> &str {
        "runs"
    }

    async fn look(&self, c: &Client, id: &str) -> Result<Plan<CreateRun>, ApiError> {
        let flow = c.get_flow(id).await?;
        if let Some(schedule) = not_once(&flow) {
            return Ok(Plan::Skip(format!(
                "flow {schedule}: only a flow scheduled once is run on demand"
            )));
        }
        let now = chrono::Utc::now().timestamp();
        Ok(Plan::Send(CreateRun {
            flow_id: id.to_string(),
            params: RunParams {
                start_time: Some(now.to_string()),
                window_start_time: Some(self.window_start.unwrap_or(now - 86_400).to_string()),
                window_end_time: Some(self.window_end.unwrap_or(now).to_string()),
                delta_column: self.delta_column.clone().map(|name| DeltaColumn { name }),
                ..Default::default()
            },
            extra: Default::default(),
        }))
    }

    fn request(&self, _: &str, body: &CreateRun) -> Value {
        json!({"request": "POST /runs", "body": body})
    }

    async fn send(&self, c: &Client, _: &str, body: CreateRun) -> Result<IdEtag, ApiError> {
        c.create_run(&body).await
    }

    fn done(&self, made: &IdEtag) -> String {
        format!("run {}", made.id)
    }

    /// The journal names the run made; the flow when none was.
    fn journal_id(&self, id: &str, made: Option<&IdEtag>) -> String {
        made.map_or(id, |m| m.id.as_str()).to_string()
    }
}

/// `None` for a flow the service runs on demand (scheduled once, or aepp's one-time
/// flows with interval 0 and no frequency), else how it is scheduled.
fn not_once(flow: &Flow) -> Option<String> {
    let Some(params) = &flow.schedule_params else {
        return Some("streams, with no schedule".into());
    };
    match params.frequency.as_deref() {
        Some(f) if f.eq_ignore_ascii_case("once") => None,
        Some(f) => Some(format!("is scheduled every {f}")),
        None if params.interval_number() == Some(0) => None,
        None => Some("is scheduled periodically".into()),
    }
}

/// `DELETE /{collection}/{id}`, each sent once. What uses an object is said before the
/// question; the service refuses to delete one in use (FLOW-1418-400), and that is what
/// the summary shows.
pub struct Delete(pub PlanKind);

impl Act for Delete {
    type Client = Client;
    type Error = ApiError;
    /// What uses the object, said before the question.
    type Item = String;
    type Answer = &'static str;

    fn verb(&self) -> &str {
        "delete"
    }
    fn noun(&self) -> &str {
        self.0.label()
    }
    fn skipped_as(&self) -> &str {
        "nothing to delete"
    }
    fn resource(&self) -> &str {
        self.0.resource()
    }

    async fn look(&self, c: &Client, id: &str) -> Result<Plan<String>, ApiError> {
        let obj: Value = c.get_by_id(self.0.resource(), id).await?;
        let name = obj.get("name").and_then(Value::as_str).unwrap_or_default();
        let users = users_of(c, self.0, id).await?;
        let label = self.0.label();
        Ok(Plan::Send(format!(
            "{label} {id} ('{name}') {}",
            used_by(&users)
        )))
    }

    fn note(&self, users: &String) -> Option<String> {
        Some(users.clone())
    }

    fn request(&self, id: &str, _: &String) -> Value {
        json!({"request": format!("DELETE /{}/{id}", self.0.resource())})
    }

    async fn send(&self, c: &Client, id: &str, _: String) -> Result<&'static str, ApiError> {
        let sent = match self.0 {
            PlanKind::Connection => c.delete_connection(id).await,
            PlanKind::SourceConnection => c.delete_source_connection(id).await,
            PlanKind::TargetConnection => c.delete_target_connection(id).await,
            PlanKind::Flow => c.delete_flow(id).await,
        };
        match sent {
            Ok(()) => Ok("deleted"),
            // Read a moment ago: someone else deleted it since.
            Err(e) if e.is_not_found() => Ok("already gone"),
            Err(e) => Err(e),
        }
    }

    fn done(&self, how: &&'static str) -> String {
        how.to_string()
    }
}

/// `is used by nothing`, or `is used by N:` and each user on its own line.
pub fn used_by(users: &[User]) -> String {
    if users.is_empty() {
        return "is used by nothing".into();
    }
    let list: Vec<String> = users
        .iter()
        .map(|u| format!("\n  {} {} '{}'", u.kind.label(), u.id, u.name))
        .collect();
    format!("is used by {}:{}", users.len(), list.concat())
}
