//! `flowscope aws …`: Customer Profiles and AppFlow from the command line, with the AEP
//! commands' output formats, exit codes, confirmations, `--read-only` and journal.
//!
//! Where it goes: `--aws-profile`/AWS_PROFILE or `AWS_ENDPOINT_URL*` select real AWS
//! through the standard chain (credentials, SSO, region); otherwise the flowscope
//! settings decide as for every command: an AWS profile of the settings file, an
//! emulator at `--endpoint` (which serves AWS at its root), an AEP profile (AWS through
//! the standard chain), or with nothing configured the built-in demo. Reads stream page
//! by page into the shared writers; changes are in `aws_acts` (by name or id, through
//! the many-id path), `aws_create` (workflows from a checked request) and `aws_flows`
//! (update and cancel).

use std::io::{BufWriter, Write};

use futures::StreamExt;
use serde_json::Value;

use super::args::{Output, TargetArgs};
use super::aws_acts::{DeleteFlow, DeleteWorkflow, StartFlow, StopFlow};
use super::aws_args::{
    AwsArgs, AwsCmd, AwsFlowsCmd, AwsList, AwsOne, DomainsCmd, IntegrationsCmd, ListOnly,
    ObjectTypesCmd, WorkflowsCmd,
};
use super::change::Gate;
use super::columns::{Labels, Resource};
use super::commands::shown;
use super::error::{CliError, CliResult};
use super::many;
use super::output::{ListWriter, stdout_closed, write_one};
use crate::api::aws::{AwsClient, AwsError, AwsSettings, Pages, WorkflowFilter};
use crate::config;
use crate::emulator::EmulatorHandle;

/// The AWS client, the demo it may talk to (alive as long as it), and the gate every
/// change passes.
pub struct AwsConnected {
    pub client: AwsClient,
    _demo: Option<EmulatorHandle>,
    pub gate: Gate,
}

/// Where the journal files AppFlow changes (flows belong to no domain).
pub const APPFLOW: &str = "appflow";

const ENDPOINT_VARS: [&str; 3] = [
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_CUSTOMER_PROFILES",
    "AWS_ENDPOINT_URL_APPFLOW",
];

pub async fn connect(target: &TargetArgs, a: &AwsArgs) -> CliResult<AwsConnected> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let standard = |profile: Option<String>, region: Option<String>, endpoint| AwsSettings {
        profile: a.aws_profile.clone().or(profile),
        region: a.region.clone().or(region),
        endpoint,
        static_keys: None,
    };
    let mut demo = None;
    let mut settings_profile = None;
    let explicit = a.aws_profile.is_some() || ENDPOINT_VARS.iter().any(|k| env(k).is_some());
    // A flowscope profile, endpoint or --demo named on the command line still wins.
    let named = target.demo || target.endpoint.is_some() || target.profile.is_some();
    let settings = if explicit && !named {
        standard(None, None, None)
    } else {
        let resolved = config::load(&target.flags())?;
        for w in &resolved.warnings {
            eprintln!("flowscope: warning: {w}");
        }
        settings_profile = resolved.profile.clone();
        match resolved.target {
            config::Target::Aws(s) => standard(s.profile, s.region, s.endpoint),
            config::Target::Remote(_) => standard(None, None, None),
            config::Target::Emulator(cfg) => {
                let mut s = AwsSettings::emulator(&cfg.platform_url);
                s.region = a.region.clone().or(s.region);
                s
            }
            config::Target::Demo { sandbox } => {
                let (_, handle) = super::target::start_demo(sandbox).await?;
                eprintln!(
                    "flowscope: no AWS settings, using the built-in demo (emulator at {})",
                    handle.aws_endpoint()
                );
                let s = AwsSettings::emulator(&handle.aws_endpoint());
                demo = Some(handle);
                s
            }
        }
    };
    let client = AwsClient::connect(&settings).await?;
    Ok(AwsConnected {
        client,
        _demo: demo,
        gate: Gate::new(target.read_only, target.yes, settings_profile),
    })
}

pub async fn run(target: &TargetArgs, a: AwsArgs) -> CliResult {
    let conn = connect(target, &a).await?;
    let c = &conn.client;
    let gate = &conn.gate;
    match a.cmd {
        AwsCmd::Domains {
            cmd: DomainsCmd::List(l),
        } => list(c.domains(), &l, Resource::AwsDomains).await,
        AwsCmd::ConnectorProfiles {
            cmd: ListOnly::List(l),
        } => list(c.connector_profiles(), &l, Resource::AwsConnectorProfiles).await,
        AwsCmd::Integrations { cmd } => match cmd {
            IntegrationsCmd::List { domain, list: l } => {
                list(
                    c.integrations(&domain.domain),
                    &l,
                    Resource::AwsIntegrations,
                )
                .await
            }
            IntegrationsCmd::Get { domain, uri, one } => {
                get(&one, c.integration(&domain.domain, &uri).await)
            }
        },
        AwsCmd::ObjectTypes { cmd } => match cmd {
            ObjectTypesCmd::List { domain, list: l } => {
                list(c.object_types(&domain.domain), &l, Resource::AwsObjectTypes).await
            }
            ObjectTypesCmd::Get { domain, name, one } => {
                get(&one, c.object_type(&domain.domain, &name).await)
            }
        },
        AwsCmd::Workflows { cmd } => match cmd {
            WorkflowsCmd::List {
                domain,
                status,
                from,
                to,
                list: l,
            } => {
                let filter = WorkflowFilter {
                    status,
                    start: from.as_deref().map(|t| when(t, "--from")).transpose()?,
                    end: to.as_deref().map(|t| when(t, "--to")).transpose()?,
                };
                list(
                    c.workflows(&domain.domain, &filter),
                    &l,
                    Resource::AwsWorkflows,
                )
                .await
            }
            WorkflowsCmd::Get { domain, id, one } => {
                get(&one, c.workflow(&domain.domain, &id).await)
            }
            WorkflowsCmd::Steps {
                domain,
                id,
                list: l,
            } => {
                list(
                    c.workflow_steps(&domain.domain, &id),
                    &l,
                    Resource::AwsSteps,
                )
                .await
            }
            WorkflowsCmd::Delete { domain, many } => {
                let act = DeleteWorkflow {
                    domain: domain.domain.clone(),
                };
                many::run_on(gate, c, &domain.domain, &act, &many)
                    .await
                    .map(|_| ())
            }
            WorkflowsCmd::Create {
                domain,
                file,
                template,
                wait,
                one,
            } => {
                let req = super::aws_create::Create {
                    domain: &domain.domain,
                    file: file.as_deref(),
                    template: template.as_deref(),
                    wait,
                    output: one.output,
                };
                super::aws_create::run(&conn, &req).await
            }
        },
        AwsCmd::Flows { cmd } => match cmd {
            AwsFlowsCmd::List(l) => list(c.flows(), &l, Resource::AwsFlows).await,
            AwsFlowsCmd::Describe { name, one } => get(&one, c.describe_flow(&name).await),
            AwsFlowsCmd::Executions { name, list: l } => {
                list(c.executions(&name), &l, Resource::AwsExecutions).await
            }
            AwsFlowsCmd::Start(m) => many::run_on(gate, c, APPFLOW, &StartFlow, &m)
                .await
                .map(|_| ()),
            AwsFlowsCmd::Stop(m) => many::run_on(gate, c, APPFLOW, &StopFlow, &m)
                .await
                .map(|_| ()),
            AwsFlowsCmd::Delete { many: m, force } => {
                many::run_on(gate, c, APPFLOW, &DeleteFlow { force }, &m)
                    .await
                    .map(|_| ())
            }
            AwsFlowsCmd::Cancel {
                name,
                executions,
                one,
            } => super::aws_flows::cancel(&conn, &name, &executions, one.output).await,
            AwsFlowsCmd::Update { name, file, one } => {
                super::aws_flows::update(&conn, &name, &file, one.output).await
            }
        },
    }
}

/// A time given on the command line as epoch seconds: RFC 3339, a date (midnight UTC),
/// or epoch seconds.
fn when(t: &str, flag: &str) -> CliResult<i64> {
    let t = t.trim();
    if let Ok(s) = t.parse::<i64>() {
        return Ok(s);
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(d.timestamp());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        && let Some(midnight) = d.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc().timestamp());
    }
    Err(CliError::Usage(format!(
        "{flag} {t}: give an RFC 3339 time (2026-11-20T10:00:00Z), a date (2026-11-20) or epoch seconds"
    )))
}

/// One object in the chosen format, secrets masked unless revealed.
pub(super) fn get(one: &AwsOne, result: Result<Value, AwsError>) -> CliResult {
    let v = shown(&result?)?;
    write_one(&mut std::io::stdout().lock(), one.output, &v)?;
    Ok(())
}

/// A listing, page by page; it ends as soon as the reader of standard output goes away.
async fn list(pages: Pages, l: &AwsList, r: Resource) -> CliResult {
    tokio::select! {
        done = write_pages(pages, l.output, r) => done,
        () = stdout_closed() => Err(CliError::OutputClosed),
    }
}

async fn write_pages(mut pages: Pages, format: Output, r: Resource) -> CliResult {
    let stdout = std::io::stdout();
    let mut w = ListWriter::new(BufWriter::new(stdout.lock()), format, r, Labels::default());
    while let Some(page) = pages.next().await {
        let items = page?.iter().map(shown).collect::<CliResult<Vec<Value>>>()?;
        w.page(&items)?;
    }
    w.finish()?;
    std::io::stdout().flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn times_are_rfc3339_dates_or_epoch_seconds() {
        assert_eq!(when("1793491200", "--from").unwrap(), 1_793_491_200);
        assert_eq!(when("2026-11-01", "--from").unwrap(), 1_793_491_200);
        assert_eq!(when("2026-11-01T00:00:00Z", "--to").unwrap(), 1_793_491_200);
        assert!(matches!(when("yesterday", "--to"), Err(CliError::Usage(_))));
    }
}
