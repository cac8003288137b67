//! What AWS does with an answer: a question's `y` sends the change once; the connector
//! typed at the prompt opens the new workflow's editor on its template.

use crate::effect::Effect;
use crate::features::aws::AwsChange;
use crate::features::aws::create::rules::Connector;
use crate::features::aws::create::spec::CreateWorkflowSpec;
use crate::shared::editor::spec::Audit;
use crate::shared::nav::ListKind;
use crate::shared::table::s;
use crate::state::App;
use crate::view::View;

/// What an AWS question sends on `y`, or a prompt's text is for.
#[derive(Debug)]
pub enum AwsReply {
    /// The change (boxed: a workflow request is large beside the other replies), and how
    /// the toasts name it.
    Send {
        change: Box<AwsChange>,
        what: String,
    },
    /// The connector of a new workflow in `domain`.
    NewWorkflow { domain: String },
}

/// An AWS question answered: `y` sends the change once (a read-only session was refused
/// before the question).
pub fn answered(app: &mut App, reply: AwsReply, yes: bool) -> Vec<Effect> {
    match (reply, yes) {
        (AwsReply::Send { change, what }, true) => send(app, *change, what),
        _ => Vec::new(),
    }
}

/// Sends the change once; its answer comes back to a slot this feature keeps.
pub(super) fn send(app: &mut App, change: AwsChange, what: String) -> Vec<Effect> {
    let slot = app.next_id();
    app.aws.pending.insert(slot, what.clone());
    if let AwsChange::DeleteFlow { flow, .. } = &change {
        app.aws.deletes.insert(slot, flow.clone());
    }
    app.toast(format!("sending the {what}…"), false);
    vec![Effect::Submit {
        slot,
        change: crate::shared::effect::Change::Aws(change),
        audit: Audit::of(app),
    }]
}

/// The text typed at an AWS prompt, or why it will not do (the reply stays with it).
pub fn typed(
    app: &mut App,
    reply: AwsReply,
    text: &str,
) -> Result<Vec<Effect>, (AwsReply, String)> {
    match reply {
        AwsReply::NewWorkflow { domain } => connector_chosen(app, domain, text),
        other => Ok(answered(app, other, true)),
    }
}

/// The connector typed at the prompt: the editor opens on that connector's template.
pub(super) fn connector_chosen(
    app: &mut App,
    domain: String,
    typed: &str,
) -> Result<Vec<Effect>, (AwsReply, String)> {
    let Some(connector) = Connector::ALL
        .into_iter()
        .find(|c| c.type_name().eq_ignore_ascii_case(typed.trim()))
    else {
        let all: Vec<&str> = Connector::ALL.iter().map(|c| c.type_name()).collect();
        return Err((
            AwsReply::NewWorkflow { domain },
            format!("one of {}", all.join(", ")),
        ));
    };
    app.overlay = None;
    let profile = known_profile(app, connector);
    let spec = CreateWorkflowSpec::new(&domain, connector, profile.as_deref(), app.now_ms / 1000);
    let slot = app.next_id();
    let editor = crate::shared::editor::EditorView::new(slot, Box::new(spec), app.new_text);
    let mut fx = crate::nav::push_editor(app, editor, false);
    // The domain's object types, so the form can mark an ObjectTypeName it does not have.
    let (read, ticket) = (app.next_id(), app.next_id());
    app.aws.types.insert(read, (slot, Vec::new()));
    fx.push(Effect::Fetch {
        slot: read,
        ticket,
        request: crate::shared::effect::Request::List {
            kind: ListKind::AwsObjectTypes,
            scope: crate::shared::nav::Scope::AwsDomain(domain),
            property: Vec::new(),
        },
    });
    Ok(fx)
}

/// A connector profile of `connector`'s type from the Connectors tab, when it was loaded:
/// the template then names a real one instead of a placeholder.
pub(super) fn known_profile(app: &App, connector: Connector) -> Option<String> {
    app.stacks.iter().flatten().find_map(|v| match v {
        View::List(l) if l.kind == ListKind::AwsProfiles => l
            .items()
            .into_iter()
            .find(|p| s(p, "/connectorType").eq_ignore_ascii_case(connector.type_name()))
            .map(|p| s(&p, "/connectorProfileName").to_string()),
        _ => None,
    })
}
