//! Plans for the applier's and `flowscope apply`'s tests: the seed guide's workflow (a
//! landing-zone file into the Data Lake, scheduled once) over a real demo file and a
//! dataset the emulator knows, and the counts that prove what a plan made.

use flowscope::api::Client;
use flowscope::api::aep::DatasetQuery;
use flowscope::emulator::EmulatorHandle;
use flowscope::model::DLZ_CONNECTION_SPEC_ID;
use serde_json::{Value, json};

pub const DATALAKE_SPEC: &str = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
pub const CLOUD_STORAGE_FLOW_SPEC: &str = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";

/// The collections a plan creates in, in the order the counts are compared.
pub const COLLECTIONS: [&str; 4] = [
    "connections",
    "sourceConnections",
    "targetConnections",
    "flows",
];

/// A file of the demo landing zone: the first one at the root or one folder down.
pub async fn landing_zone_file(client: &Client) -> String {
    let root = client.explore_landing_zone(None).await.unwrap();
    let file = |items: &[flowscope::model::ExploreItem]| {
        items
            .iter()
            .map(|i| serde_json::to_value(i).unwrap())
            .find(|i| i["type"] == "file")
            .map(|i| i["path"].as_str().unwrap().to_string())
    };
    if let Some(f) = file(&root.0) {
        return f;
    }
    for item in &root.0 {
        let v = serde_json::to_value(item).unwrap();
        if v["type"] == "folder" {
            let inside = client
                .explore_landing_zone(v["path"].as_str())
                .await
                .unwrap();
            if let Some(f) = file(&inside.0) {
                return f;
            }
        }
    }
    panic!("the demo landing zone has no file");
}

/// A dataset the emulator knows: the first its Catalog lists.
pub async fn known_dataset(client: &Client) -> String {
    let all = client
        .list_datasets(&DatasetQuery::default())
        .await
        .unwrap();
    all.first().expect("the Catalog has datasets").id.clone()
}

/// The seed guide's workflow as a plan: source connection, target connection, a flow
/// scheduled once. `tag` makes the names its own.
pub fn workflow_plan(path: &str, dataset: &str, tag: &str) -> Value {
    json!({
        "description": "a landing-zone file into the Data Lake, once",
        "steps": [
            {"name": "source", "kind": "sourceConnection", "body": {
                "name": format!("{tag} landing-zone source"),
                "connectionSpec": {"id": DLZ_CONNECTION_SPEC_ID, "version": "1.0"},
                "data": {"format": "delimited"},
                "params": {"path": path, "type": "file", "recursive": false}}},
            {"name": "target", "kind": "targetConnection", "body": {
                "name": format!("{tag} Data Lake target"),
                "connectionSpec": {"id": DATALAKE_SPEC, "version": "1.0"},
                "data": {"format": "parquet_xdm"},
                "params": {"dataSetId": dataset}}},
            {"name": "flow", "kind": "flow", "body": {
                "name": format!("{tag} flow"),
                "flowSpec": {"id": CLOUD_STORAGE_FLOW_SPEC, "version": "1.0"},
                "sourceConnectionIds": ["${source}"],
                "targetConnectionIds": ["${target}"],
                "scheduleParams": {"frequency": "once", "startTime": "1700000000"}}}
        ]
    })
}

/// Objects per collection of `sandbox`, in [`COLLECTIONS`] order.
pub fn counts(emu: &EmulatorHandle, sandbox: &str) -> [usize; 4] {
    COLLECTIONS.map(|c| emu.object_count(sandbox, c).unwrap())
}

/// `POST`s received per collection, in [`COLLECTIONS`] order.
pub fn posts(emu: &EmulatorHandle) -> [u64; 4] {
    COLLECTIONS.map(|c| emu.posts(c))
}
