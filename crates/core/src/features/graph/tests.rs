//! Fixture tests for the graph builders: which boxes and edges come out of which
//! objects, what is fetched, and how missing objects and counts show.

use serde_json::{Value, json};

use crate::features::graph::{flow, overview, uses};
use crate::shared::graph::build::Ctx;
use crate::shared::graph::cache::{Entry, ObjectCache};
use crate::shared::graph::node::NodeState;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Subject;
use crate::shared::pane::ErrorInfo;
use crate::shared::table::{Names, Tone};

const NOW: i64 = 1_800_000_000_000;
const HOUR: i64 = 3_600_000;

fn names() -> Names {
    let mut n = Names::default();
    for (id, name) in [
        ("spec-s3", "Amazon S3"),
        ("spec-lake", "Data Lake"),
        ("spec-dlz", "Data Landing Zone"),
        ("fs-1", "CloudStorageToAEP"),
    ] {
        n.specs.insert(id.into(), name.into());
    }
    n
}

fn flow_doc(
    id: &str,
    state: &str,
    last: Option<&str>,
    sources: &[(&str, &str, Option<&str>)],
) -> Value {
    let inherited: Vec<Value> = sources
        .iter()
        .map(|(sid, spec, base)| {
            let mut c = json!({"id": sid, "connectionSpec": {"id": spec}});
            if let Some(b) = base {
                c["baseConnection"] = json!({"id": b});
            }
            c
        })
        .collect();
    let mut f = json!({
        "id": id, "name": format!("flow {id}"), "state": state,
        "flowSpec": {"id": "fs-1"},
        "sourceConnectionIds": sources.iter().map(|s| s.0).collect::<Vec<_>>(),
        "targetConnectionIds": [format!("t-{id}")],
        "scheduleParams": {"frequency": "hour", "interval": "1"},
        "transformations": [{"name": "Mapping", "params": {"mappingId": "0123456789abcdef", "mappingVersion": 2}}],
        "inheritedAttributes": {
            "sourceConnections": inherited,
            "targetConnections": [{"id": format!("t-{id}"), "connectionSpec": {"id": "spec-lake"}}]
        }
    });
    if let Some(st) = last {
        f["lastRunDetails"] =
            json!({"state": st, "startedAtUTC": NOW - 2 * HOUR, "completedAtUTC": NOW - HOUR});
    }
    f
}

fn cx<'a>(cache: &'a ObjectCache, names: &'a Names) -> Ctx<'a> {
    Ctx {
        cache,
        names,
        now_ms: NOW,
    }
}

#[test]
fn a_flow_graph_asks_for_its_flow_first() {
    let cache = ObjectCache::default();
    let names = names();
    let (b, wants) = flow::build("f1", &cx(&cache, &names));
    assert_eq!(wants, [(ObjKind::Flow, "f1".to_string())]);
    assert_eq!(b.nodes.len(), 1);
    assert_eq!(b.nodes[0].state, NodeState::Loading);
}

#[test]
fn a_flow_graph_draws_what_the_flow_knows_while_the_rest_loads() {
    let mut cache = ObjectCache::default();
    cache.put(
        ObjKind::Flow,
        "f1",
        flow_doc(
            "f1",
            "enabled",
            Some("failed"),
            &[("s1", "spec-s3", Some("b1"))],
        ),
    );
    let names = names();
    let (b, wants) = flow::build("f1", &cx(&cache, &names));
    // Source, its base (known from inheritedAttributes) and the target, all at once.
    assert_eq!(
        wants,
        [
            (ObjKind::SourceConnection, "s1".to_string()),
            (ObjKind::Connection, "b1".to_string()),
            (ObjKind::TargetConnection, "t-f1".to_string()),
        ]
    );
    assert_eq!(b.keys, ["f1", "s1", "b1", "t-f1"]);
    let layers: Vec<usize> = b.nodes.iter().map(|n| n.layer).collect();
    assert_eq!(layers, [2, 1, 0, 3]);
    assert_eq!(b.edges, [(1, 0), (2, 1), (0, 3)]);
    let flow = &b.nodes[0];
    assert_eq!(flow.tone, Tone::Failed, "coloured by its last run");
    assert!(
        flow.lines
            .iter()
            .any(|(l, _)| l == "mapping 0123456789abcdef v2")
    );
    assert!(
        flow.lines
            .iter()
            .any(|(l, t)| l.starts_with("last run failed · 1h ago") && *t == Tone::Failed)
    );
    assert_eq!(b.nodes[1].state, NodeState::Loading);
    assert!(
        b.nodes[1].lines.iter().any(|(l, _)| l == "Amazon S3"),
        "spec shown meanwhile"
    );
}

#[test]
fn a_deleted_connection_is_a_box_of_its_own_not_an_error() {
    let mut cache = ObjectCache::default();
    cache.put(
        ObjKind::Flow,
        "f1",
        flow_doc("f1", "disabled", None, &[("s1", "spec-s3", Some("b1"))]),
    );
    cache.settle((ObjKind::SourceConnection, "s1".into()), Entry::Missing);
    cache.settle(
        (ObjKind::Connection, "b1".into()),
        Entry::Ready(json!({
            "id": "b1", "name": "Bucket", "connectionSpec": {"id": "spec-s3"}, "state": "enabled",
            "auth": {"specName": "Access Key", "params": {"s3AccessKey": "AKIA1", "s3SecretKey": "hush"}}
        })),
    );
    cache.settle(
        (ObjKind::TargetConnection, "t-f1".into()),
        Entry::Failed(ErrorInfo {
            status: Some(500),
            code: Some("FLOW-1000-500".into()),
            message: "FLOW-1000-500: boom".into(),
            retry: true,
        }),
    );
    let names = names();
    let (b, wants) = flow::build("f1", &cx(&cache, &names));
    assert!(wants.is_empty());
    let src = &b.nodes[1];
    assert_eq!(src.state, NodeState::Missing);
    assert_eq!(src.title, "(deleted)");
    assert_eq!(src.tone, Tone::Failed);
    let base = &b.nodes[2];
    assert_eq!(base.title, "Bucket");
    let text: Vec<&str> = base.lines.iter().map(|(l, _)| l.as_str()).collect();
    assert!(text.iter().any(|l| l.starts_with("s3AccessKey: ")));
    assert!(
        !text.iter().any(|l| l.contains("hush")),
        "secrets masked: {text:?}"
    );
    assert!(matches!(&b.nodes[3].state, NodeState::Failed(m) if m.contains("FLOW-1000-500")));
    assert_eq!(b.nodes[0].tone, Tone::Warn, "a disabled flow");
    assert!(b.summary.contains("deleted"));
}

#[test]
fn the_reverse_view_groups_flows_and_counts_them() {
    let cache = ObjectCache::default();
    let names = names();
    let flows = vec![
        flow_doc(
            "a",
            "enabled",
            Some("success"),
            &[("s1", "spec-s3", Some("b1"))],
        ),
        flow_doc(
            "b",
            "disabled",
            Some("failed"),
            &[("s2", "spec-s3", Some("b1"))],
        ),
        flow_doc(
            "c",
            "enabled",
            Some("failed"),
            &[("s3", "spec-s3", Some("b1"))],
        ),
    ];
    let subject = Subject::Connection("b1".into());
    let (b, wants) = uses::build(&subject, &flows, &cx(&cache, &names), true);
    assert_eq!(wants, [(ObjKind::Connection, "b1".to_string())]);
    assert_eq!(b.keys[0], "root");
    assert_eq!(b.keys[1], "group:true:spec-lake");
    assert_eq!(b.nodes[1].title, "→ Data Lake");
    assert_eq!(b.nodes[1].label, "read by");
    let lines: Vec<&str> = b.nodes[1].lines.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(lines, ["3 flows", "1 disabled", "2 failed last run"]);
    assert_eq!(b.nodes.len(), 5);
    assert_eq!(b.edges, [(0, 1), (1, 2), (1, 3), (1, 4)]);
    assert!(b.summary.starts_with("3 flows use this base connection"));

    let (empty, _) = uses::build(&subject, &[], &cx(&cache, &names), true);
    assert_eq!(empty.summary, "no flow uses this base connection");
}

#[test]
fn the_overview_counts_failures_per_pair_in_both_windows() {
    let cache = ObjectCache::default();
    let names = names();
    let flows = vec![
        flow_doc("a", "enabled", None, &[("s1", "spec-s3", None)]),
        flow_doc("b", "disabled", None, &[("s2", "spec-s3", None)]),
        flow_doc("c", "enabled", None, &[("s3", "spec-dlz", None)]),
    ];
    let run = |flow: &str, status: &str, ago: i64| {
        json!({"flowId": flow, "metrics": {"statusSummary": {"status": status},
               "durationSummary": {"startedAtUTC": NOW - ago}}})
    };
    let runs = vec![
        run("a", "failed", HOUR),
        run("a", "success", 2 * HOUR),
        run("b", "success", 3 * 24 * HOUR),
        run("b", "failed", 4 * 24 * HOUR),
        run("c", "success", HOUR),
        run("zzz", "failed", HOUR),
    ];
    let b = overview::build(&flows, &runs, &cx(&cache, &names), true);
    let pair = b
        .keys
        .iter()
        .position(|k| k == "pair:spec-s3:spec-lake")
        .unwrap();
    let lines: Vec<&str> = b.nodes[pair]
        .lines
        .iter()
        .map(|(l, _)| l.as_str())
        .collect();
    assert_eq!(
        lines,
        [
            "2 flows",
            "1 disabled",
            "24h: 50% failed (1/2)",
            "7d: 50% failed (2/4)"
        ]
    );
    assert_eq!(b.nodes[pair].tone, Tone::Failed);
    let dlz = b
        .keys
        .iter()
        .position(|k| k == "pair:spec-dlz:spec-lake")
        .unwrap();
    assert_eq!(b.nodes[dlz].tone, Tone::Ok);
    // Both pairs end at the one Data Lake box.
    assert_eq!(b.keys.iter().filter(|k| k.starts_with("dst:")).count(), 1);
    assert_eq!(
        b.summary,
        "3 flows in 2 groups · 1 disabled · runs 24h: 33.3% failed · 7d: 40.0% failed"
    );
    assert_eq!(overview::pair_of("pair:x:y"), Some(("x", "y")));
}
