//! What a PATCH may touch, per resource (aep-api-notes §5): the emulator enforces these
//! rules and the editor checks them before sending, from this one copy.

/// The resources Flow Service lets a client patch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resource {
    Connection,
    SourceConnection,
    TargetConnection,
    Flow,
}

impl Resource {
    /// The collection name used in paths and error reports.
    pub fn resource(self) -> &'static str {
        match self {
            Resource::Connection => "connections",
            Resource::SourceConnection => "sourceConnections",
            Resource::TargetConnection => "targetConnections",
            Resource::Flow => "flows",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Resource::Connection => "base connection",
            Resource::SourceConnection => "source connection",
            Resource::TargetConnection => "target connection",
            Resource::Flow => "flow",
        }
    }

    /// Top-level members a patch may touch (the documented patchable paths).
    pub fn patchable(self) -> &'static [&'static str] {
        match self {
            Resource::Connection => &["name", "description", "auth", "params"],
            Resource::SourceConnection | Resource::TargetConnection => {
                &["name", "description", "params", "data"]
            }
            Resource::Flow => &[
                "name",
                "description",
                "scheduleParams",
                "transformations",
                "labels",
                "policy",
                "options",
            ],
        }
    }
}

/// Server-managed members; patching them is a validation error.
pub const READ_ONLY: &[&str] = &[
    "id",
    "etag",
    "version",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "createdClient",
    "updatedClient",
    "sandboxId",
    "sandboxName",
    "imsOrgId",
    "inheritedAttributes",
    "lastOperation",
    "lastRunDetails",
    "runs",
    "state",
    "flowSpec",
    "sourceConnectionIds",
    "targetConnectionIds",
    "baseConnectionId",
];
