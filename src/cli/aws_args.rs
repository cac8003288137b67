//! The grammar of `flowscope aws …` (clap derive): Customer Profiles domains, integration
//! workflows, integrations and object types, and AppFlow flows and connector profiles.
//! Parsing only.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::args::Output;
use super::change_args::ManyArgs;

/// The AWS settings and the command.
#[derive(Args, Debug, Clone)]
pub struct AwsArgs {
    /// Named profile of ~/.aws/config (credentials, region, SSO); AWS_PROFILE otherwise.
    /// With neither, nor AWS_ENDPOINT_URL*, nor a flowscope profile, the demo answers.
    #[arg(long, global = true, env = "AWS_PROFILE", value_name = "NAME")]
    pub aws_profile: Option<String>,
    /// AWS region (else AWS_REGION, the profile's, us-east-1).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    #[command(subcommand)]
    pub cmd: AwsCmd,
}

#[derive(Subcommand, Debug, Clone)]
pub enum AwsCmd {
    /// Customer Profiles domains.
    Domains {
        #[command(subcommand)]
        cmd: DomainsCmd,
    },
    /// Integration workflows of a domain.
    Workflows {
        #[command(subcommand)]
        cmd: WorkflowsCmd,
    },
    /// AppFlow flows.
    Flows {
        #[command(subcommand)]
        cmd: AwsFlowsCmd,
    },
    /// AppFlow connector profiles.
    ConnectorProfiles {
        #[command(subcommand)]
        cmd: ListOnly,
    },
    /// A domain's integrations: which AppFlow flow feeds which object type.
    Integrations {
        #[command(subcommand)]
        cmd: IntegrationsCmd,
    },
    /// A domain's profile object types.
    ObjectTypes {
        #[command(subcommand)]
        cmd: ObjectTypesCmd,
    },
}

/// Output of a listing.
#[derive(Args, Debug, Clone, Default)]
pub struct AwsList {
    /// Output format (`ids`: the names or ids, one a line, to pipe into a change).
    #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// Output of one object.
#[derive(Args, Debug, Clone, Default)]
pub struct AwsOne {
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = Output::Json)]
    pub output: Output,
}

#[derive(Args, Debug, Clone)]
pub struct DomainArg {
    /// The Customer Profiles domain.
    #[arg(long, short = 'd', value_name = "DOMAIN")]
    pub domain: String,
}

#[derive(Subcommand, Debug, Clone)]
pub enum DomainsCmd {
    /// List the domains.
    List(AwsList),
}

#[derive(Subcommand, Debug, Clone)]
pub enum ListOnly {
    /// List them.
    List(AwsList),
}

#[derive(Subcommand, Debug, Clone)]
pub enum WorkflowsCmd {
    /// List a domain's workflows, newest first.
    List {
        #[command(flatten)]
        domain: DomainArg,
        /// NOT_STARTED, IN_PROGRESS, COMPLETE, FAILED, SPLIT, RETRY or CANCELLED.
        #[arg(long)]
        status: Option<String>,
        /// Created at or after (RFC 3339, a date, or epoch seconds).
        #[arg(long, value_name = "TIME")]
        from: Option<String>,
        /// Created at or before.
        #[arg(long, value_name = "TIME")]
        to: Option<String>,
        #[command(flatten)]
        list: AwsList,
    },
    /// One workflow (GetWorkflow).
    Get {
        #[command(flatten)]
        domain: DomainArg,
        /// The workflow id.
        id: String,
        #[command(flatten)]
        one: AwsOne,
    },
    /// A workflow's steps.
    Steps {
        #[command(flatten)]
        domain: DomainArg,
        /// The workflow id.
        id: String,
        #[command(flatten)]
        list: AwsList,
    },
    /// Delete workflows (with the integration and flow each made).
    Delete {
        #[command(flatten)]
        domain: DomainArg,
        #[command(flatten)]
        many: ManyArgs,
    },
    /// Create an integration workflow from a CreateIntegrationWorkflow request, checked
    /// as the explorer's form checks it before anything is sent.
    Create {
        #[command(flatten)]
        domain: DomainArg,
        /// The request (JSON; `-` for standard input).
        #[arg(
            long,
            value_name = "REQUEST.json",
            required_unless_present = "template"
        )]
        file: Option<PathBuf>,
        /// Print a valid starting request for this connector instead (Salesforce,
        /// Marketo, Zendesk, Servicenow, S3).
        #[arg(long, value_name = "CONNECTOR", conflicts_with_all = ["file", "wait"])]
        template: Option<String>,
        /// Follow the workflow to its end; exit 1 if it fails.
        #[arg(long)]
        wait: bool,
        #[command(flatten)]
        one: AwsOne,
    },
}

#[derive(Subcommand, Debug, Clone)]
pub enum AwsFlowsCmd {
    /// List the flows.
    List(AwsList),
    /// One flow, whole (DescribeFlow); `-o json` is what `update --file` takes back.
    Describe {
        /// The flow.
        name: String,
        #[command(flatten)]
        one: AwsOne,
    },
    /// A flow's execution records, newest first.
    Executions {
        /// The flow.
        name: String,
        #[command(flatten)]
        list: AwsList,
    },
    /// Run on-demand flows; activate scheduled and event ones.
    Start(ManyArgs),
    /// Deactivate scheduled and event flows.
    Stop(ManyArgs),
    /// Cancel runs in progress of one flow (all of them when no id is given).
    Cancel {
        /// The flow.
        name: String,
        /// Execution ids; none: every run in progress.
        executions: Vec<String>,
        #[command(flatten)]
        one: AwsOne,
    },
    /// Replace a flow's definition (UpdateFlow) with the one in FLOW.json.
    Update {
        /// The flow.
        name: String,
        /// The flow as AppFlow's JSON (`flows describe -o json`, edited; `-` for
        /// standard input).
        #[arg(long, value_name = "FLOW.json")]
        file: PathBuf,
        #[command(flatten)]
        one: AwsOne,
    },
    /// Delete flows.
    Delete {
        #[command(flatten)]
        many: ManyArgs,
        /// Delete a flow even when an integration still feeds from it (and the
        /// integration with it).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug, Clone)]
pub enum IntegrationsCmd {
    /// List a domain's integrations.
    List {
        #[command(flatten)]
        domain: DomainArg,
        #[command(flatten)]
        list: AwsList,
    },
    /// One integration, by its flow's ARN.
    Get {
        #[command(flatten)]
        domain: DomainArg,
        /// The ARN of the flow that feeds it (its Uri).
        uri: String,
        #[command(flatten)]
        one: AwsOne,
    },
}

#[derive(Subcommand, Debug, Clone)]
pub enum ObjectTypesCmd {
    /// List a domain's object types.
    List {
        #[command(flatten)]
        domain: DomainArg,
        #[command(flatten)]
        list: AwsList,
    },
    /// One object type with its fields and keys.
    Get {
        #[command(flatten)]
        domain: DomainArg,
        /// The object type.
        name: String,
        #[command(flatten)]
        one: AwsOne,
    },
}
