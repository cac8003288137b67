//! Objects related to the one in the detail view, one key away: a flow's source and
//! target connections, its spec and its runs; a run's flow; a connection's spec and flows.
//! Pure: the ids come from the object's own JSON (aep-api-notes §4, §6).

use serde_json::Value;

use crate::shared::action::Action;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goto {
    Detail { kind: ObjKind, id: String },
    List { kind: ListKind, scope: Scope },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub action: Action,
    pub label: &'static str,
    pub goto: Goto,
}

fn str_at<'a>(v: &'a Value, ptr: &str) -> Option<&'a str> {
    v.pointer(ptr)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn detail(action: Action, label: &'static str, kind: ObjKind, id: Option<&str>) -> Option<Related> {
    id.map(|id| Related {
        action,
        label,
        goto: Goto::Detail {
            kind,
            id: id.to_string(),
        },
    })
}

pub fn related(kind: ObjKind, v: &Value) -> Vec<Related> {
    let id = str_at(v, "/id").unwrap_or("").to_string();
    let name = str_at(v, "/name").unwrap_or(&id).to_string();
    let mut out: Vec<Option<Related>> = Vec::new();
    match kind {
        ObjKind::Flow => {
            out.push(detail(
                Action::RelatedSource,
                "source connection",
                ObjKind::SourceConnection,
                str_at(v, "/sourceConnectionIds/0"),
            ));
            out.push(detail(
                Action::RelatedTarget,
                "target connection",
                ObjKind::TargetConnection,
                str_at(v, "/targetConnectionIds/0"),
            ));
            out.push(detail(
                Action::RelatedSpec,
                "flow spec",
                ObjKind::FlowSpec,
                str_at(v, "/flowSpec/id"),
            ));
            out.push(Some(Related {
                action: Action::RelatedRuns,
                label: "runs",
                goto: Goto::List {
                    kind: ListKind::Runs,
                    scope: Scope::OfFlow { id, name },
                },
            }));
        }
        ObjKind::Run => {
            out.push(detail(
                Action::RelatedFlow,
                "flow",
                ObjKind::Flow,
                str_at(v, "/flowId"),
            ));
        }
        ObjKind::Connection => {
            out.push(detail(
                Action::RelatedSpec,
                "connection spec",
                ObjKind::ConnectionSpec,
                str_at(v, "/connectionSpec/id"),
            ));
            out.push(Some(Related {
                action: Action::RelatedFlow,
                label: "flows",
                goto: Goto::List {
                    kind: ListKind::Flows,
                    scope: Scope::OfConnection { id, name },
                },
            }));
        }
        ObjKind::SourceConnection | ObjKind::TargetConnection => {
            out.push(detail(
                Action::RelatedSource,
                "base connection",
                ObjKind::Connection,
                str_at(v, "/baseConnectionId"),
            ));
            out.push(detail(
                Action::RelatedSpec,
                "connection spec",
                ObjKind::ConnectionSpec,
                str_at(v, "/connectionSpec/id"),
            ));
        }
        ObjKind::ConnectionSpec
        | ObjKind::FlowSpec
        | ObjKind::DlzItem
        | ObjKind::JournalEntry
        | ObjKind::Draft
        | ObjKind::Message
        | ObjKind::AwsDomain
        | ObjKind::AwsWorkflow
        | ObjKind::AwsFlow
        | ObjKind::AwsProfile
        | ObjKind::AwsObjectType => {}
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use crate::features::detail::related::*;
    use serde_json::json;

    #[test]
    fn a_flow_leads_to_its_connections_spec_and_runs() {
        let flow = json!({"id": "f", "name": "Orders", "sourceConnectionIds": ["s"],
            "targetConnectionIds": ["t"], "flowSpec": {"id": "fs", "version": "1.0"}});
        let r = related(ObjKind::Flow, &flow);
        let actions: Vec<&Action> = r.iter().map(|r| &r.action).collect();
        assert_eq!(
            actions,
            [
                &Action::RelatedSource,
                &Action::RelatedTarget,
                &Action::RelatedSpec,
                &Action::RelatedRuns
            ]
        );
        assert_eq!(
            r[0].goto,
            Goto::Detail {
                kind: ObjKind::SourceConnection,
                id: "s".into()
            }
        );
        assert_eq!(
            r[3].goto,
            Goto::List {
                kind: ListKind::Runs,
                scope: Scope::OfFlow {
                    id: "f".into(),
                    name: "Orders".into()
                }
            }
        );
    }

    #[test]
    fn missing_ids_offer_nothing() {
        let r = related(
            ObjKind::Flow,
            &json!({"id": "f", "sourceConnectionIds": []}),
        );
        assert_eq!(r.len(), 1, "only the runs remain: {r:?}");
        assert!(related(ObjKind::FlowSpec, &json!({})).is_empty());
        let run = related(ObjKind::Run, &json!({"flowId": "f"}));
        assert_eq!(run[0].label, "flow");
    }
}
