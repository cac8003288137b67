//! Building dataflows: the wizard that makes a plan (a landing-zone file or another
//! source into the Data Lake, or datasets exported to the landing zone, or a copy of a
//! flow), reviews every request, sends each once and offers to delete what it made when
//! a step fails; and the row actions that test and delete what exists.
//!
//! Its I/O (reading specs, datasets, folders; sending plans; testing) goes out as a
//! [`BuildEffect`] and comes back as a [`BuildMsg`].

mod form_ext;
pub mod keys;
pub mod pick;
pub mod plans;
pub mod receive;
pub mod reply;
pub mod review;
pub mod rows;
pub mod stages;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::shared::editor::spec::Audit;
use crate::shared::form::Form;
use crate::shared::pane::{ErrorInfo, Pane};
use crate::shared::table::Tone;
use flowscope_model::plan::{Made, Plan, PlanKind};
use pick::Pick;

/// The Data Lake target spec, where every ingestion wizard lands.
pub const DATALAKE_SPEC: &str = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
/// The Data Lake as a source of dataset exports (`activation-datalake`).
pub const EXPORT_SOURCE_SPEC: &str = "23598e46-f560-407b-88d5-ea6207e49db0";
/// The Data Landing Zone as a destination of dataset exports.
pub const DLZ_DESTINATION_SPEC: &str = "10440537-2a7b-4583-ac39-ed38d4b848e8";
/// The flow spec of dataset exports to the landing zone.
pub const DLZ_EXPORT_FLOW_SPEC: &str = "cd2fc47e-e838-4f38-a581-8fff2f99b63a";

/// What the wizard builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A source into the Data Lake.
    Ingest,
    /// Datasets exported to the landing zone.
    Export,
    /// A copy of a flow with its connections.
    Clone,
}

/// Where the wizard is. Each stage's keys are in `keys.rs`, what it shows in the ui.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Pick the connection spec of the source.
    Spec,
    /// Reuse a base connection of the spec, or make a new one with an auth type.
    Base,
    /// The new base connection's name and auth params; then it is created and tested.
    Auth,
    /// Pick the file or folder to read, exploring the connection.
    Source,
    /// The source's format, with a preview of the data.
    Format,
    /// Pick the Data Lake dataset to write, and the mapping.
    Target,
    /// The flow: its spec, name and schedule.
    Flow,
    /// Pick the datasets to export.
    Datasets,
    /// How and where they are exported.
    Export,
    /// A clone's names, paths, sandbox and secrets to enter again.
    Clone,
    /// Every request, in order, before `y` sends them.
    Review,
    /// The requests going out, one by one.
    Sending,
    /// All sent.
    Done,
    /// A step failed: what was made before it may be deleted.
    Failed,
}

/// How one step of the plan went.
#[derive(Clone, Debug, PartialEq)]
pub enum StepState {
    Waiting,
    Sending,
    Created(String),
    Reused(String),
    Deleted,
    Failed(ErrorInfo),
}

/// What the plan being sent is for, so its end goes to the right place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Applying {
    /// The dataflow itself.
    #[default]
    Plan,
    /// A base connection made to be tested.
    Base,
    /// Deleting what a failed plan made.
    Rollback,
    /// The same, then closing the wizard.
    RollbackAndLeave,
}

/// The base connection the source reads through.
#[derive(Clone, Debug, PartialEq)]
pub enum Base {
    /// An existing one.
    Existing { id: String, name: String },
    /// Made by this wizard to test it: deleted again by a rollback.
    Made { id: String, name: String },
}

impl Base {
    pub fn id(&self) -> &str {
        match self {
            Base::Existing { id, .. } | Base::Made { id, .. } => id,
        }
    }
}

#[derive(Debug)]
pub struct BuildView {
    pub pane: Pane,
    pub purpose: Purpose,
    pub stage: Stage,
    /// The stages before this one, for `esc`.
    pub trail: Vec<Stage>,
    /// The connection specs and flow specs of the sandbox.
    pub specs: Vec<Value>,
    pub flow_specs: Vec<Value>,
    /// The list the stage picks from.
    pub pick: Pick,
    /// The form the stage fills in.
    pub form: Option<Form>,
    /// The chosen connection spec.
    pub spec: Option<Value>,
    /// The auth type chosen for a new base connection (index into `authSpec`).
    pub auth: Option<usize>,
    pub base: Option<Base>,
    /// The base connection the wizard was started on, used once the specs are read.
    pub preset: Option<Base>,
    /// The answer of `GET /connections/{id}/test`.
    pub test: Option<Result<bool, ErrorInfo>>,
    /// The folder explored, and the file or folder chosen.
    pub folder: String,
    pub path: Option<(String, bool)>,
    /// The preview of the chosen file, as the service answered it.
    pub preview: Option<Value>,
    /// The format stage's answers (`format`, `delimiter`, `compression`).
    pub format: Option<Value>,
    pub dataset: Option<Value>,
    /// Datasets chosen for an export.
    pub exports: Vec<Value>,
    /// The plan in review, sending or sent.
    pub plan: Option<Plan>,
    /// What is wrong with it, each with the step and field it is at.
    pub issues: Vec<String>,
    pub progress: Vec<StepState>,
    /// What was created, oldest first: what a rollback deletes.
    pub made: Vec<Made>,
    /// Values for the plan's `${env:…}` placeholders (a clone's secrets), typed here.
    pub secrets: BTreeMap<String, String>,
    /// The sandbox the plan is sent to (a clone's may differ).
    pub sandbox: Option<String>,
    /// A line under the stage: what happened, what is wrong.
    pub note: Option<(Tone, String)>,
    /// A rollback sent and its end.
    pub rollback: Option<Result<usize, ErrorInfo>>,
    pub applying: Applying,
    /// How each delete of a rollback went.
    pub progress_rollback: Vec<StepState>,
    /// What a clone copies, as read: `flow`, `source`, `target`, `base`.
    pub clone_of: Option<Value>,
    /// The lists and forms of the stages left behind, as they were.
    pub kept: Vec<(Stage, Pick, Option<Form>)>,
    /// The review's first line shown.
    pub scroll: usize,
}
crate::pane_deref!(BuildView);

impl BuildView {
    pub fn new(slot: u64, purpose: Purpose) -> BuildView {
        BuildView {
            pane: Pane::new(slot),
            purpose,
            stage: match purpose {
                Purpose::Ingest => Stage::Spec,
                Purpose::Export => Stage::Datasets,
                Purpose::Clone => Stage::Clone,
            },
            trail: Vec::new(),
            specs: Vec::new(),
            flow_specs: Vec::new(),
            pick: Pick::default(),
            form: None,
            spec: None,
            auth: None,
            base: None,
            preset: None,
            test: None,
            folder: String::new(),
            path: None,
            preview: None,
            format: None,
            dataset: None,
            exports: Vec::new(),
            plan: None,
            issues: Vec::new(),
            progress: Vec::new(),
            made: Vec::new(),
            secrets: BTreeMap::new(),
            sandbox: None,
            note: None,
            rollback: None,
            scroll: 0,
            kept: Vec::new(),
            applying: Applying::Plan,
            progress_rollback: Vec::new(),
            clone_of: None,
        }
    }

    pub fn spec_id(&self) -> &str {
        self.spec
            .as_ref()
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn title(&self) -> &'static str {
        match self.purpose {
            Purpose::Ingest => "new dataflow",
            Purpose::Export => "export datasets",
            Purpose::Clone => "clone a flow",
        }
    }
}

/// What the wizard reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildLoad {
    /// Every connection spec and flow spec.
    Specs,
    /// Base connections of a spec.
    Connections { spec_id: String },
    /// A folder of the landing zone (spec of the landing zone) or of a base connection.
    Explore {
        base_id: Option<String>,
        spec_id: String,
        path: String,
    },
    /// The first rows of a file, with its detected format.
    Preview {
        base_id: Option<String>,
        spec_id: String,
        path: String,
    },
    /// The Catalog's datasets.
    Datasets,
    /// The datasets a destination spec can export.
    Exportable { spec_id: String },
    /// A flow with its source and target connections and base connection, to clone.
    CloneOf { flow_id: String },
    /// Which of these names exist already, per kind (answered as a list of taken ones).
    Taken {
        names: Vec<(PlanKind, String)>,
        /// The sandbox the plan goes to, when not the one in view.
        sandbox: Option<String>,
    },
    /// What uses an object: answered as the objects that refer to it.
    Uses { kind: PlanKind, id: String },
}

/// The wizard's and the row actions' I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildEffect {
    Load {
        slot: u64,
        ticket: u64,
        what: BuildLoad,
    },
    /// Send a plan, each step once; never retried. `refuse_existing`: a create whose
    /// name exists fails instead of reusing it. Answered by [`BuildMsg::Step`]s and one
    /// [`BuildMsg::Applied`].
    Apply {
        slot: u64,
        plan: Plan,
        refuse_existing: bool,
        sandbox: Option<String>,
        secrets: BTreeMap<String, String>,
        audit: Audit,
    },
    /// `GET /connections/{id}/test`, journaled.
    Test { slot: u64, id: String, audit: Audit },
    /// Write a plan to a file (its secrets as placeholders).
    SavePlan { path: String, plan: Plan },
}

#[derive(Clone, Debug, PartialEq)]
pub enum BuildMsg {
    Loaded {
        slot: u64,
        ticket: u64,
        what: BuildLoad,
        result: Result<Value, ErrorInfo>,
    },
    Step {
        slot: u64,
        index: usize,
        state: StepState,
    },
    Applied {
        slot: u64,
        made: Vec<Made>,
        failed: Option<(usize, ErrorInfo)>,
        journal: Result<(), String>,
    },
    Tested {
        slot: u64,
        id: String,
        result: Result<bool, ErrorInfo>,
    },
    Saved {
        path: String,
        result: Result<(), String>,
    },
}
