//! The vocabulary of navigation every part of the explorer shares: the tabs, what a list
//! holds and where it is scoped, and the kinds of objects a detail or a graph box shows.
//! Data only; what each one does belongs to the features.

/// The top-level panes, in tab order: five of Flow Service, three of AWS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tab {
    Connections,
    Flows,
    Runs,
    Specs,
    LandingZone,
    /// Customer Profiles domains → integration workflows → steps.
    Workflows,
    /// AppFlow flows → executions.
    AppFlow,
    /// AppFlow connector profiles.
    Connectors,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Connections,
        Tab::Flows,
        Tab::Runs,
        Tab::Specs,
        Tab::LandingZone,
        Tab::Workflows,
        Tab::AppFlow,
        Tab::Connectors,
    ];

    /// The tabs of AWS Customer Profiles and AppFlow.
    pub fn is_aws(self) -> bool {
        matches!(self, Tab::Workflows | Tab::AppFlow | Tab::Connectors)
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The title when the terminal is too narrow for every full one.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Connections => "Conn",
            Tab::LandingZone => "DLZ",
            other => other.title(),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Connections => "Connections",
            Tab::Flows => "Flows",
            Tab::Runs => "Runs",
            Tab::Specs => "Specs",
            Tab::LandingZone => "Landing Zone",
            Tab::Workflows => "Workflows",
            Tab::AppFlow => "AppFlow",
            Tab::Connectors => "Connectors",
        }
    }
}

/// What a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    Connections,
    Flows,
    Runs,
    Specs,
    Dlz,
    /// A landing-zone folder read straight from storage: sizes, times, TTL left.
    Blobs,
    /// The local audit journal of changes sent (`:journal`).
    Journal,
    /// Edits not sent yet, kept on disk (`:drafts`).
    Drafts,
    /// Runs in progress across the sandbox (`L`, `:live`).
    Live,
    /// The session's messages, oldest first (`:messages`): every toast with its time.
    Messages,
    /// Runs the sandbox watch saw fail or partially succeed, newest first (`!`).
    Failures,
    /// Customer Profiles domains (the AWS side's scope).
    AwsDomains,
    /// Integration workflows of a domain, of every domain, or that use a connector
    /// profile.
    AwsWorkflows,
    /// A workflow's steps: one AppFlow run over a batch window each.
    AwsSteps,
    AwsFlows,
    /// An AppFlow flow's execution records.
    AwsExecutions,
    /// AppFlow connector profiles: the AWS side's connections.
    AwsProfiles,
    /// A domain's integrations: which AppFlow flow feeds which object type.
    AwsIntegrations,
    /// A domain's profile object types.
    AwsObjectTypes,
    /// How each object of an action on marked rows ended (the summary of a bulk job).
    BulkEnds,
}

impl ListKind {
    pub fn noun(self) -> &'static str {
        match self {
            ListKind::Connections => "connections",
            ListKind::Flows => "flows",
            ListKind::Runs => "runs",
            ListKind::Specs => "specs",
            ListKind::Dlz => "items",
            ListKind::Blobs => "files",
            ListKind::Journal => "changes",
            ListKind::Drafts => "drafts",
            ListKind::Live => "runs in progress",
            ListKind::Messages => "messages",
            ListKind::Failures => "recent failures",
            ListKind::AwsDomains => "domains",
            ListKind::AwsWorkflows => "workflows",
            ListKind::AwsSteps => "steps",
            ListKind::AwsFlows => "AppFlow flows",
            ListKind::AwsExecutions => "executions",
            ListKind::AwsProfiles => "connector profiles",
            ListKind::AwsIntegrations => "integrations",
            ListKind::AwsObjectTypes => "object types",
            ListKind::BulkEnds => "objects",
        }
    }

    /// Whether the service filters this list (`f`, `:filter`); when not, why. Flow
    /// Service takes `property` on connections, flows, runs and specs; of the AWS lists
    /// only workflows take a filter (status and times); the rest are read whole.
    pub fn server_filter(self) -> Result<(), &'static str> {
        match self {
            ListKind::Connections
            | ListKind::Flows
            | ListKind::Runs
            | ListKind::Specs
            | ListKind::Live
            | ListKind::AwsWorkflows => Ok(()),
            ListKind::Dlz | ListKind::Blobs => {
                Err("the landing zone has no server-side filter: / filters what is listed")
            }
            ListKind::Journal
            | ListKind::Drafts
            | ListKind::Messages
            | ListKind::BulkEnds
            | ListKind::Failures => Err("this list is local, not the service's: / filters it"),
            ListKind::AwsDomains
            | ListKind::AwsSteps
            | ListKind::AwsFlows
            | ListKind::AwsExecutions
            | ListKind::AwsProfiles
            | ListKind::AwsIntegrations
            | ListKind::AwsObjectTypes => Err(
                "only workflows filter on the AWS side (status=…, from=…, to=…): / filters this list",
            ),
        }
    }

    /// Read from Customer Profiles or AppFlow rather than Flow Service.
    pub fn is_aws(self) -> bool {
        matches!(
            self,
            ListKind::AwsDomains
                | ListKind::AwsWorkflows
                | ListKind::AwsSteps
                | ListKind::AwsFlows
                | ListKind::AwsExecutions
                | ListKind::AwsProfiles
                | ListKind::AwsIntegrations
                | ListKind::AwsObjectTypes
        )
    }
}

/// What the list is of: everything, or the children of one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    /// Flows whose source or target uses this base connection.
    OfConnection {
        id: String,
        name: String,
    },
    OfFlow {
        id: String,
        name: String,
    },
    /// A landing-zone folder (`None` is the root).
    Folder(Option<String>),
    /// Flows that use an object (the reverse view's feed).
    Using(Subject),
    /// Flows from one source connection spec to one target connection spec.
    Lineage {
        source_spec: String,
        target_spec: String,
        name: String,
    },
    /// A folder of a landing-zone container, read straight from storage (`""` is the
    /// container's root; folders end with `/`).
    Blobs {
        zone: flowscope_model::DlzType,
        folder: String,
    },
    /// Flows whose source connection path covers this landing-zone path (explore form,
    /// `dlz-user-container/crm/a.csv`).
    Reading(String),
    /// Workflows of one Customer Profiles domain.
    AwsDomain(String),
    /// One workflow's steps.
    AwsWorkflow {
        domain: String,
        id: String,
    },
    /// One AppFlow flow's executions.
    AwsFlow(String),
    /// Workflows whose integration reads through this connector profile.
    AwsProfile(String),
    /// The objects of one action on marked rows (`features::bulk`), titled by what it
    /// did ("retry of 40 runs").
    Job {
        id: u64,
        title: String,
    },
}

/// What a reverse view ("what uses this?") starts from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Connection(String),
    SourceConnection(String),
    TargetConnection(String),
    ConnectionSpec(String),
    /// A Catalog dataset id: flows write to it through target connections and export it
    /// through source connections.
    Dataset(String),
}

impl Subject {
    pub fn id(&self) -> &str {
        match self {
            Subject::Connection(id)
            | Subject::SourceConnection(id)
            | Subject::TargetConnection(id)
            | Subject::ConnectionSpec(id)
            | Subject::Dataset(id) => id,
        }
    }

    pub fn noun(&self) -> &'static str {
        match self {
            Subject::Connection(_) => "base connection",
            Subject::SourceConnection(_) => "source connection",
            Subject::TargetConnection(_) => "target connection",
            Subject::ConnectionSpec(_) => "connection spec",
            Subject::Dataset(_) => "dataset",
        }
    }

    /// The object fetched for the root node's name; a dataset lives in Catalog, which
    /// flowscope does not read.
    pub fn object(&self) -> Option<crate::shared::nav::ObjKind> {
        use crate::shared::nav::ObjKind;
        Some(match self {
            Subject::Connection(_) => ObjKind::Connection,
            Subject::SourceConnection(_) => ObjKind::SourceConnection,
            Subject::TargetConnection(_) => ObjKind::TargetConnection,
            Subject::ConnectionSpec(_) => ObjKind::ConnectionSpec,
            Subject::Dataset(_) => return None,
        })
    }
}

/// The kinds of object a detail view shows; each maps to a Flow Service collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjKind {
    Connection,
    SourceConnection,
    TargetConnection,
    Flow,
    Run,
    ConnectionSpec,
    FlowSpec,
    /// A landing-zone file or folder as the explore API lists it (no GET by id).
    DlzItem,
    /// An entry of the local audit journal.
    JournalEntry,
    /// An edit kept on disk, not sent yet.
    Draft,
    /// A message of this session (`:messages`).
    Message,
    /// A Customer Profiles domain (id: its name).
    AwsDomain,
    /// An integration workflow with its steps (id: `domain/workflowId`).
    AwsWorkflow,
    /// An AppFlow flow's definition (id: its name).
    AwsFlow,
    /// An AppFlow connector profile (id: its name).
    AwsProfile,
    /// A profile object type (id: `domain/name`).
    AwsObjectType,
}

impl ObjKind {
    /// The collection for `GET /{collection}/{id}`.
    pub fn collection(self) -> Option<&'static str> {
        Some(match self {
            ObjKind::Connection => "connections",
            ObjKind::SourceConnection => "sourceConnections",
            ObjKind::TargetConnection => "targetConnections",
            ObjKind::Flow => "flows",
            ObjKind::Run => "runs",
            ObjKind::ConnectionSpec => "connectionSpecs",
            ObjKind::FlowSpec => "flowSpecs",
            ObjKind::DlzItem
            | ObjKind::JournalEntry
            | ObjKind::Draft
            | ObjKind::Message
            | ObjKind::AwsDomain
            | ObjKind::AwsWorkflow
            | ObjKind::AwsFlow
            | ObjKind::AwsProfile
            | ObjKind::AwsObjectType => return None,
        })
    }

    pub fn noun(self) -> &'static str {
        match self {
            ObjKind::Connection => "connection",
            ObjKind::SourceConnection => "source connection",
            ObjKind::TargetConnection => "target connection",
            ObjKind::Flow => "flow",
            ObjKind::Run => "run",
            ObjKind::ConnectionSpec => "connection spec",
            ObjKind::FlowSpec => "flow spec",
            ObjKind::DlzItem => "file",
            ObjKind::JournalEntry => "journal entry",
            ObjKind::Draft => "draft",
            ObjKind::Message => "message",
            ObjKind::AwsDomain => "domain",
            ObjKind::AwsWorkflow => "workflow",
            ObjKind::AwsFlow => "AppFlow flow",
            ObjKind::AwsProfile => "connector profile",
            ObjKind::AwsObjectType => "object type",
        }
    }

    /// Can be read again from a service by id (Flow Service or AWS); the journal,
    /// drafts and landing-zone items are local or listed only.
    pub fn fetchable(self) -> bool {
        self.collection().is_some() || self.is_aws()
    }

    /// Read from AWS rather than Flow Service.
    pub fn is_aws(self) -> bool {
        matches!(
            self,
            ObjKind::AwsDomain
                | ObjKind::AwsWorkflow
                | ObjKind::AwsFlow
                | ObjKind::AwsProfile
                | ObjKind::AwsObjectType
        )
    }
}
