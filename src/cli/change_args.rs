//! The command-line grammar of the commands that change remote state (`apply`, creates,
//! deletes, `flows clone`, and the many-id changes: enable, disable, trigger, retry,
//! delete) and of `datasets`. Parsing only.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::args::{GetArgs, ListArgs, Output};

#[derive(Args, Debug, Clone)]
pub struct ApplyArgs {
    /// The plan: a JSON or TOML file (told by its extension), or `-` for JSON on
    /// standard input.
    #[arg(value_name = "PLAN.json|PLAN.toml|-")]
    pub plan: String,
    /// Print the requests the plan would send, in order, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CreateArgs {
    /// The request body as JSON: a file, or `-` for standard input. One of the same
    /// kind and name that exists already is reused, not made twice.
    #[arg(long, short = 'f', value_name = "FILE|-")]
    pub file: String,
}

/// The objects a many-id change acts on, and how it runs and reports.
#[derive(Args, Debug, Clone)]
pub struct ManyArgs {
    /// The objects' ids, or `-` to read them from standard input (one a line; blank
    /// lines and `#` comments are ignored, an id given twice is sent once).
    #[arg(required = true, value_name = "ID|-")]
    pub ids: Vec<String>,
    /// How many requests are in flight at once.
    #[arg(long, value_name = "N", default_value_t = crate::api::bulk::DEFAULT_CONCURRENCY,
          value_parser = at_least_one)]
    pub concurrency: usize,
    /// Format of the summary (`ids`: the ids of those refused or unsure, one a line).
    #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("'{s}' is not a whole number of at least 1")),
    }
}

#[derive(Args, Debug, Clone)]
pub struct IdArg {
    /// The object's id.
    pub id: String,
}

/// Base, source and target connections: listing and reading, and the changes.
#[derive(Subcommand, Debug)]
pub enum ResourceCmd {
    /// List them.
    List(ListArgs),
    /// Show one by id.
    Get(GetArgs),
    /// Create one from a JSON body (confirmed, journaled).
    Create(CreateArgs),
    /// Delete them by id (several ids, or `-` for standard input), after showing what
    /// uses each; one in use is refused by the service (confirmed, journaled).
    Delete(ManyArgs),
}

#[derive(Subcommand, Debug)]
pub enum ConnectionsCmd {
    #[command(flatten)]
    Resource(ResourceCmd),
    /// Ask the service to test a base connection's credentials (confirmed, journaled).
    Test(IdArg),
}

#[derive(Args, Debug, Clone)]
pub struct FlowDeleteArgs {
    #[command(flatten)]
    pub many: ManyArgs,
    /// Also delete its source and target connections, each only if no other flow uses
    /// it. One flow only: the flow and its connections are reviewed and sent as one plan.
    #[arg(long)]
    pub with_connections: bool,
}

#[derive(Args, Debug, Clone)]
pub struct FlowCloneArgs {
    /// The id of the flow to copy.
    pub id: String,
    /// Make the copy in this sandbox (its base connection is then made again, with
    /// `${env:…}` placeholders for the secrets).
    #[arg(long, value_name = "SANDBOX")]
    pub to_sandbox: Option<String>,
    /// Write the plan to this file instead of standard output; apply it with
    /// `flowscope apply`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum DatasetsCmd {
    /// List the Catalog's datasets (every page).
    List(DatasetListArgs),
    /// Show one dataset by id.
    Get(GetArgs),
}

#[derive(Args, Debug, Clone)]
pub struct DatasetListArgs {
    /// Only datasets of this name.
    #[arg(long)]
    pub name: Option<String>,
    /// Order, as the Catalog takes it: `desc:created`, `name`, …
    #[arg(long)]
    pub orderby: Option<String>,
    /// Page size asked of the Catalog (at most 100).
    #[arg(long)]
    pub limit: Option<u32>,
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
    pub output: Output,
}
