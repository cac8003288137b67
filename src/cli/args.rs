//! The command-line grammar (clap derive). Parsing only: nothing here touches the
//! network or the terminal.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use super::change_args::{
    ApplyArgs, ConnectionsCmd, CreateArgs, DatasetListArgs, DatasetsCmd, FlowCloneArgs,
    FlowDeleteArgs, IdArg, ManyArgs, ResourceCmd,
};

#[derive(Parser, Debug)]
#[command(
    name = "flowscope",
    version,
    about = "Explore AEP Flow Service flows, runs and the Data Landing Zone, and AWS Customer Profiles workflows with their AppFlow flows",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where commands go: the embedded demo, a profile, or an explicit endpoint.
#[derive(Args, Debug, Clone, Default)]
pub struct TargetArgs {
    /// Use this profile from the settings file.
    #[arg(long, global = true, env = "FLOWSCOPE_PROFILE")]
    pub profile: Option<String>,
    /// Sandbox to work in (overrides the profile's).
    #[arg(long, global = true)]
    pub sandbox: Option<String>,
    /// Platform base URL, e.g. an emulator started with `flowscope emulate`.
    #[arg(long, global = true)]
    pub endpoint: Option<String>,
    /// Read credentials from an aepp JSON config file.
    #[arg(long, global = true, value_name = "FILE")]
    pub aepp_config: Option<PathBuf>,
    /// Run against the embedded demo emulator, whatever is configured.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Refuse every command that changes remote state.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Show secrets (passwords, keys, SAS tokens) instead of masking them.
    #[arg(long, global = true)]
    pub reveal_secrets: bool,
    /// Answer yes to confirmations (for scripts; a change is otherwise confirmed on the terminal).
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the emulator in the foreground: AEP Flow Service, DLZ, IMS, the landing-zone
    /// storage (Azure Blob or S3), and AWS Customer Profiles and AppFlow.
    Emulate(EmulateArgs),
    /// Send a plan: its objects created in order, each reused when one of its kind and
    /// name exists, so applying it again finishes it and makes nothing twice.
    Apply(ApplyArgs),
    /// Base connections.
    #[command(alias = "conn")]
    Connections {
        #[command(subcommand)]
        cmd: ConnectionsCmd,
    },
    /// Source connections.
    SourceConnections {
        #[command(subcommand)]
        cmd: ResourceCmd,
    },
    /// Target connections.
    TargetConnections {
        #[command(subcommand)]
        cmd: ResourceCmd,
    },
    /// Connection specs (or flow specs with --flow).
    Specs {
        #[command(subcommand)]
        cmd: SpecsCmd,
    },
    /// Dataflows.
    Flows {
        #[command(subcommand)]
        cmd: FlowsCmd,
    },
    /// Flow runs.
    Runs {
        #[command(subcommand)]
        cmd: RunsCmd,
    },
    /// The Data Landing Zone.
    Dlz {
        #[command(subcommand)]
        cmd: DlzCmd,
    },
    /// Catalog datasets.
    Datasets {
        #[command(subcommand)]
        cmd: DatasetsCmd,
    },
    /// AWS Customer Profiles (domains, integration workflows, integrations, object
    /// types) and AppFlow (flows, connector profiles).
    Aws(super::aws_args::AwsArgs),
}

#[derive(Args, Debug, Clone)]
pub struct EmulateArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// Seed of the demo data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Number of flows in the prod sandbox (scale sets).
    #[arg(long)]
    pub flows: Option<usize>,
    /// Number of runs in the prod sandbox (scale sets).
    #[arg(long)]
    pub runs: Option<usize>,
    /// Latency added to every platform request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests answered with a 5xx (0..1).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub error_rate: f64,
    /// Share of requests answered with 429 and Retry-After (0..1).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub throttle_rate: f64,
    /// Share of requests whose connection is dropped before any answer (0..1).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub drop_rate: f64,
    /// Share of requests whose answer is cut off half way through the body (0..1).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub truncate_rate: f64,
    /// Inject faults only into requests with these methods, e.g. `--fault-methods POST`
    /// (all methods when not given).
    #[arg(long, value_delimiter = ',')]
    pub fault_methods: Vec<String>,
    /// Who provisions the landing zone: `azure` (SAS credentials, blob API under
    /// `/blob/`) or `s3` (AWS keys, S3 API under `/s3/`).
    #[arg(long, value_enum, default_value_t = DlzProviderArg::Azure)]
    pub dlz_provider: DlzProviderArg,
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DlzProviderArg {
    #[default]
    Azure,
    S3,
}

fn rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Output {
    #[default]
    Table,
    Json,
    Ndjson,
    /// The table's columns as CSV, every cell whole, for spreadsheets and `csvkit`.
    Csv,
    /// Only the ids, one a line, to pipe into a many-id command (`… -o ids | flowscope
    /// runs retry -`).
    Ids,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ListArgs {
    /// A property filter such as `state==enabled`; repeat to AND several.
    #[arg(long = "filter", short = 'f', value_name = "PROPERTY")]
    pub filters: Vec<String>,
    /// Follow every page instead of stopping after the first.
    #[arg(long)]
    pub all: bool,
    /// Page size asked of the service.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Order by a field, e.g. `-createdAt` or `name`.
    #[arg(long)]
    pub orderby: Option<String>,
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

#[derive(Args, Debug, Clone)]
pub struct GetArgs {
    /// The object's id.
    pub id: String,
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = Output::Json)]
    pub output: Output,
}

#[derive(Subcommand, Debug)]
pub enum SpecsCmd {
    /// List connection specs, or flow specs with --flow.
    List {
        #[command(flatten)]
        list: ListArgs,
        /// Flow specs instead of connection specs.
        #[arg(long)]
        flow: bool,
    },
    /// Show one spec by id (connection spec, or flow spec with --flow).
    Get {
        #[command(flatten)]
        get: GetArgs,
        /// A flow spec instead of a connection spec.
        #[arg(long)]
        flow: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum FlowsCmd {
    /// List dataflows.
    List(ListArgs),
    /// Show one dataflow by id.
    Get(GetArgs),
    /// Create a flow from a JSON body (confirmed, journaled).
    Create(CreateArgs),
    /// Delete flows by id (several, or `-` for standard input), or one flow and with
    /// --with-connections the connections only it uses.
    Delete(FlowDeleteArgs),
    /// Write the plan that makes a copy of a flow, here or in another sandbox.
    Clone(FlowCloneArgs),
    /// Enable flows by id (several, or `-` for standard input); those already enabled
    /// are skipped.
    Enable(ManyArgs),
    /// Disable flows by id (several, or `-` for standard input); those already disabled
    /// are skipped.
    Disable(ManyArgs),
    /// Apply a JSON Patch (RFC 6902) to a flow; the etag is fetched for you.
    Patch {
        /// The flow's id.
        id: String,
        /// File with the patch operations, or `-` for standard input.
        #[arg(long, value_name = "FILE|-")]
        patch: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RunsCmd {
    /// List flow runs; tables name each run's flow.
    List {
        #[command(flatten)]
        list: ListArgs,
        /// Only the runs of this flow.
        #[arg(long)]
        flow: Option<String>,
        /// Only runs with this status (`failed`, `success`, `inProgress`, …): short for
        /// `--filter metrics.statusSummary.status==STATUS`.
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one run by id.
    Get(GetArgs),
    /// Trigger a run of flows now (several ids, or `-` for standard input); flows not
    /// scheduled once are skipped, since the service only runs those on demand.
    Create {
        #[command(flatten)]
        many: ManyArgs,
        /// Start of the ingestion window (epoch seconds).
        #[arg(long)]
        window_start: Option<i64>,
        /// End of the ingestion window (epoch seconds).
        #[arg(long)]
        window_end: Option<i64>,
        /// Delta column for table sources.
        #[arg(long)]
        delta_column: Option<String>,
        /// Poll the run until it finishes, reporting each status change on stderr (one
        /// flow only).
        #[arg(long)]
        wait: bool,
    },
    /// Retry failed runs by id (several, or `-` for standard input): each failed run is
    /// attempted again once; runs that did not fail are skipped.
    Retry(ManyArgs),
    /// Watch the sandbox: one JSON line per run that fails or partially succeeds.
    Watch(super::watch::WatchArgs),
}

#[derive(Subcommand, Debug)]
pub enum DlzCmd {
    /// List a landing-zone folder (the container root by default).
    Ls {
        /// Folder path, relative to the container (`crm/` or `/crm/leads`).
        path: Option<String>,
        /// Output format.
        #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
        output: Output,
    },
    /// Preview a file's detected schema and first rows.
    Preview {
        /// File path, relative to the container (`crm/opportunities.csv`).
        path: String,
        /// Output format.
        #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
        output: Output,
    },
    /// Show the container and its TTL.
    Container {
        /// Which zone: `user_drop_zone` (sources) or `dlz_destination` (exports).
        #[arg(long, default_value = "user_drop_zone")]
        r#type: String,
    },
    /// Upload a local file, or a folder's files, to the landing zone. A large file goes
    /// in parts, a folder file by file; cut off, it resumes with `dlz resume ID` (the id is
    /// printed on standard error).
    Upload {
        /// The local file, or a folder (its files go under `DEST/<its name>/`).
        src: std::path::PathBuf,
        /// Folder in the container to put it in (the root by default).
        dest: Option<String>,
        /// Replace a file of the same name.
        #[arg(long)]
        overwrite: bool,
        #[command(flatten)]
        transfer: TransferArgs,
    },
    /// Download a landing-zone file. Cut off, it resumes with `dlz resume ID`.
    Download {
        /// File path, relative to the container (`crm/opportunities.csv`).
        path: String,
        /// Local file or folder (the current folder by default).
        dest: Option<std::path::PathBuf>,
        #[command(flatten)]
        transfer: TransferArgs,
    },
    /// List the transfers that were cut off and can resume.
    Transfers {
        /// Output format.
        #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
        output: Output,
    },
    /// Resume a transfer that was cut off (or every one with --all).
    Resume {
        /// The transfer's id (`dlz transfers` lists them).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Resume every transfer listed by `dlz transfers`.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        transfer: TransferArgs,
    },
    /// Delete landing-zone files by path (`crm/a.csv`), or paths on standard input (`-`):
    /// one question, one DELETE each, a summary; exit 1 if any was refused.
    Delete {
        #[command(flatten)]
        many: super::change_args::ManyArgs,
        /// Which zone: `user_drop_zone` (sources) or `dlz_destination` (exports).
        #[arg(long, default_value = "user_drop_zone")]
        r#type: String,
    },
    /// Give up a transfer: its partial download or the S3 upload's parts are dropped.
    Discard {
        /// The transfer's id.
        id: String,
    },
}

/// How a landing-zone transfer moves its bytes.
#[derive(Args, Debug, Clone)]
pub struct TransferArgs {
    /// Which zone: `user_drop_zone` (sources) or `dlz_destination` (exports).
    #[arg(long, default_value = "user_drop_zone")]
    pub r#type: String,
    /// Parts (blocks, ranges) in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallel: u16,
    /// Size of a part in MiB (S3 needs at least 5).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=4000))]
    pub part_size_mib: u64,
}

impl TargetArgs {
    /// The flags the configuration resolver takes.
    pub fn flags(&self) -> crate::config::Flags {
        crate::config::Flags {
            demo: self.demo,
            profile: self.profile.clone(),
            sandbox: self.sandbox.clone(),
            endpoint: self.endpoint.clone(),
            ims_endpoint: None,
            aepp_config: self.aepp_config.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Subcommands without an about line, and arguments without a help line, below `cmd`.
    fn undocumented(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            let here = format!("{path} {}", sub.get_name());
            if sub
                .get_about()
                .is_none_or(|a| a.to_string().trim().is_empty())
            {
                missing.push(here.clone());
            }
            for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg
                    .get_help()
                    .is_none_or(|h| h.to_string().trim().is_empty())
                {
                    missing.push(format!("{here} <{}>", arg.get_id()));
                }
            }
            undocumented(sub, &here, &mut *missing);
        }
    }

    #[test]
    fn every_subcommand_and_argument_has_a_help_line() {
        Cli::command().debug_assert();
        let mut missing = Vec::new();
        undocumented(&Cli::command(), "flowscope", &mut missing);
        assert!(missing.is_empty(), "no help line: {missing:?}");
    }

    #[test]
    fn emulate_help_names_everything_it_serves() {
        let cli = Cli::command();
        let about = cli
            .find_subcommand("emulate")
            .and_then(|c| c.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        for served in [
            "Flow Service",
            "DLZ",
            "IMS",
            "Azure Blob",
            "S3",
            "AWS Customer Profiles",
            "AppFlow",
        ] {
            assert!(about.contains(served), "{served} missing from: {about}");
        }
    }
}
