//! Listing semantics of the emulator: `{"items","_links"}` pages, continuation tokens in
//! the href format aepp parses, `count`, `orderby`, `property` filters and their
//! errors, GET-by-id wrappers, and sandbox isolation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use std::collections::HashSet;

use serde_json::{Value, json};
use support::{Emu, FLOW};

const RESOURCES: [&str; 7] = [
    "connections",
    "connectionSpecs",
    "sourceConnections",
    "targetConnections",
    "flows",
    "flowSpecs",
    "runs",
];

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn every_resource_lists_with_items_and_links_and_gets_by_id_in_a_wrapper() {
    let emu = Emu::start().await;
    for res in RESOURCES {
        let r = emu.get(&format!("{FLOW}/{res}?limit=3")).await;
        assert_eq!(r.status, 200, "{res}: {}", r.text);
        let items = r.body["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{res} is empty");
        assert!(r.body["_links"].is_object(), "{res} lacks _links");
        let id = items[0]["id"].as_str().unwrap();
        let one = emu.get(&format!("{FLOW}/{res}/{id}")).await;
        assert_eq!(one.status, 200);
        assert_eq!(
            one.body["items"].as_array().unwrap().len(),
            1,
            "{res} by id"
        );
        assert_eq!(one.item()["id"], json!(id));
        let missing = emu
            .get(&format!(
                "{FLOW}/{res}/00000000-0000-0000-0000-000000000000"
            ))
            .await;
        assert_eq!(missing.status, 404, "{res}");
        assert_eq!(missing.code(), "FLOW-1101-404");
        assert_eq!(missing.body["report"]["type"], json!(res));
    }
}

#[tokio::test]
async fn paging_visits_every_item_once_with_aepp_style_hrefs() {
    let emu = Emu::start().await;
    for res in ["flows", "runs", "connections"] {
        let count = emu.get(&format!("{FLOW}/{res}?count=true")).await.body["count"]
            .as_u64()
            .unwrap();
        let first = emu.get(&format!("{FLOW}/{res}?limit=7")).await;
        let href = first.body["_links"]["next"]["href"].as_str().unwrap();
        assert!(
            href.starts_with(&format!("/{res}?continuationToken=")),
            "{href}"
        );
        assert_eq!(href.matches('=').count(), 1, "aepp splits the href on '='");
        assert!(!href.contains('&'));
        let all = emu.list_all(&format!("{FLOW}/{res}?limit=97")).await;
        assert_eq!(all.len() as u64, count, "{res}");
        let unique: HashSet<_> = ids(&all).into_iter().collect();
        assert_eq!(
            unique.len(),
            all.len(),
            "{res} repeats an item across pages"
        );
    }
    // aepp's getConnections re-appends its original params, `limit` included.
    let first = emu.get(&format!("{FLOW}/connections?limit=5")).await;
    let href = first.body["_links"]["next"]["href"].as_str().unwrap();
    let again = emu.get(&format!("{FLOW}{href}&limit=5&limit=5")).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["items"].as_array().unwrap().len(), 5);
    // The last page has empty links.
    let all_flows = emu.get(&format!("{FLOW}/flows?limit=1000")).await;
    assert_eq!(all_flows.body["_links"], json!({}));
}

#[tokio::test]
async fn the_default_order_is_newest_first_and_orderby_sorts() {
    let emu = Emu::start().await;
    let flows = emu.list_all(&format!("{FLOW}/flows?limit=10")).await;
    let created: Vec<i64> = flows
        .iter()
        .map(|f| f["createdAt"].as_i64().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]));
    let by_name = emu
        .list_all(&format!("{FLOW}/flows?limit=9&orderby=name"))
        .await;
    let names: Vec<String> = by_name
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    assert_eq!(by_name.len(), flows.len());
    // An unencoded `+` arrives as a space.
    let plus = emu
        .get(&format!("{FLOW}/flows?limit=3&orderby=+name"))
        .await;
    assert_eq!(plus.status, 200);
    let desc = emu
        .get(&format!("{FLOW}/flows?limit=3&orderby=-name"))
        .await;
    assert_eq!(
        desc.item()["name"].as_str().unwrap().to_lowercase(),
        *names.last().unwrap()
    );
    for (q, code) in [
        ("orderby=bogus", "FLOW-1433-400"),
        ("orderby=-", "FLOW-1432-400"),
    ] {
        let r = emu.get(&format!("{FLOW}/flows?{q}")).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (400, code.to_string()),
            "{q}"
        );
    }
}

#[tokio::test]
async fn count_answers_only_the_count_and_ignores_limit() {
    let emu = Emu::start().await;
    let r = emu.get(&format!("{FLOW}/flows?count=True&limit=5")).await;
    assert_eq!(r.body.as_object().unwrap().len(), 1);
    let n = r.body["count"].as_u64().unwrap();
    assert!(n >= 40);
    let src = emu
        .get(&format!(
            "{FLOW}/flows?count=true&property=inheritedAttributes.properties.isSourceFlow==true"
        ))
        .await;
    let dst = emu.get(&format!("{FLOW}/flows?count=true&property=inheritedAttributes.properties.isDestinationFlow==true")).await;
    let (s, d) = (
        src.body["count"].as_u64().unwrap(),
        dst.body["count"].as_u64().unwrap(),
    );
    assert!(s > 0 && d > 0);
    assert_eq!(s + d, n);
    // aepp's `count=False` is a normal list.
    assert!(
        emu.get(&format!("{FLOW}/flows?count=False&limit=2"))
            .await
            .body["items"]
            .is_array()
    );
}

#[tokio::test]
async fn property_filters_follow_the_documented_semantics() {
    let emu = Emu::start().await;
    let flows = emu.list_all(&format!("{FLOW}/flows?limit=1000")).await;
    let enabled = flows
        .iter()
        .filter(|f| f["state"] == json!("enabled"))
        .count();
    let r = emu
        .list_all(&format!("{FLOW}/flows?property=state==enabled"))
        .await;
    assert_eq!(r.len(), enabled);
    let quoted = emu
        .list_all(&format!("{FLOW}/flows?property=state==%22ENABLED%22"))
        .await;
    assert_eq!(
        quoted.len(),
        enabled,
        "quotes are stripped, strings compare case-insensitively"
    );
    // IN lists and repeated (ANDed) filters.
    let two = ids(&flows[..2]).join(",");
    assert_eq!(
        emu.list_all(&format!("{FLOW}/flows?property=id=={two}"))
            .await
            .len(),
        2
    );
    let first_id = flows[0]["id"].as_str().unwrap();
    let anded = emu
        .list_all(&format!(
            "{FLOW}/flows?property=id=={two}&property=id!={first_id}"
        ))
        .await;
    assert_eq!(
        ids(&anded),
        vec![flows[1]["id"].as_str().unwrap().to_string()]
    );
    // `[]` descends into arrays.
    let src = flows[0]["sourceConnectionIds"][0].as_str().unwrap();
    let by_src = emu
        .list_all(&format!(
            "{FLOW}/flows?property=sourceConnectionIds[]=={src}"
        ))
        .await;
    assert!(ids(&by_src).contains(&first_id.to_string()));
    let spec = flows[0]["inheritedAttributes"]["targetConnections"][0]["connectionSpec"]["id"]
        .as_str()
        .unwrap();
    let by_spec = emu
        .list_all(&format!("{FLOW}/flows?property=inheritedAttributes.targetConnections[].connectionSpec.id=={spec}"))
        .await;
    assert!(ids(&by_spec).contains(&first_id.to_string()));
    // Numeric comparison on epoch-ms fields, ANDed into a window.
    let runs = emu.list_all(&format!("{FLOW}/runs?limit=1000")).await;
    let mid = runs[runs.len() / 2]["metrics"]["durationSummary"]["startedAtUTC"]
        .as_i64()
        .unwrap();
    let after = emu
        .list_all(&format!(
            "{FLOW}/runs?limit=1000&property=metrics.durationSummary.startedAtUTC>{mid}"
        ))
        .await;
    let expected = runs
        .iter()
        .filter(|r| {
            r["metrics"]["durationSummary"]["startedAtUTC"]
                .as_i64()
                .unwrap()
                > mid
        })
        .count();
    assert_eq!(after.len(), expected);
    assert!(expected > 0 && expected < runs.len());
    let failed = emu
        .list_all(&format!(
            "{FLOW}/runs?limit=1000&property=metrics.statusSummary.status==failed"
        ))
        .await;
    assert!(!failed.is_empty());
    assert!(
        failed
            .iter()
            .all(|r| r["metrics"]["statusSummary"]["status"] == json!("failed"))
    );
    let flow_id = runs[0]["flowId"].as_str().unwrap();
    let of_flow = emu.list_all(&format!("{FLOW}/runs?property=flowId=={flow_id}&property=metrics.statusSummary.status==success,failed")).await;
    assert!(of_flow.iter().all(|r| r["flowId"] == json!(flow_id)));
    // Specs by name, as aepp looks them up.
    let dlz = emu
        .list_all(&format!(
            "{FLOW}/connectionSpecs?property=name==landing-zone"
        ))
        .await;
    assert_eq!(
        ids(&dlz),
        vec!["26f526f2-58f4-4712-961d-e41bf1ccc0e8".to_string()]
    );
    let cs = emu
        .list_all(&format!(
            "{FLOW}/flowSpecs?property=name==CloudStorageToAEP"
        ))
        .await;
    assert_eq!(cs.len(), 1, "aepp needs exactly one flow spec by name");
}

#[tokio::test]
async fn bad_filters_get_their_flow_codes() {
    let emu = Emu::start().await;
    for (filter, code) in [
        ("name~abc", "FLOW-1440-400"),
        ("createdAt%3C%3D1,2", "FLOW-1443-400"),
        ("name=abc", "FLOW-1450-400"),
        ("createdAt>soon", "FLOW-1452-400"),
        ("name", "FLOW-1453-400"),
        ("!name", "FLOW-1453-400"),
    ] {
        let r = emu.get(&format!("{FLOW}/flows?property={filter}")).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (400, code.to_string()),
            "{filter}: {}",
            r.text
        );
        assert!(r.body["report"]["detailed-message"].as_str().unwrap().len() > 10);
    }
    let r = emu
        .get(&format!("{FLOW}/flows?continuationToken=garbage!"))
        .await;
    assert_eq!(r.code(), "FLOW-1453-400");
}

#[tokio::test]
async fn sandboxes_hold_different_objects() {
    let mut emu = Emu::start().await;
    let prod = ids(&emu.list_all(&format!("{FLOW}/flows?limit=1000")).await);
    emu.sandbox = "dev".into();
    let dev_flows = emu.list_all(&format!("{FLOW}/flows?limit=1000")).await;
    assert!(dev_flows.len() >= 40);
    assert!(dev_flows.iter().all(|f| f["sandboxName"] == json!("dev")));
    let dev: HashSet<String> = ids(&dev_flows).into_iter().collect();
    assert!(prod.iter().all(|id| !dev.contains(id)));
    let r = emu.get(&format!("{FLOW}/flows/{}", prod[0])).await;
    assert_eq!(r.status, 404, "a prod flow is invisible from dev");
}

#[tokio::test]
async fn seeded_data_meets_the_demo_minimums() {
    let emu = Emu::start().await;
    for sandbox in ["prod", "dev"] {
        let min = [
            ("connectionSpecs", 12),
            ("flowSpecs", 10),
            ("connections", 25),
            ("sourceConnections", 20),
            ("targetConnections", 20),
            ("flows", 40),
            ("runs", 2000),
        ];
        for (res, n) in min {
            let have = emu.handle.object_count(sandbox, res).unwrap();
            assert!(have >= n, "{sandbox}/{res}: {have} < {n}");
        }
    }
    let flows = emu.list_all(&format!("{FLOW}/flows?limit=1000")).await;
    let freq: HashSet<&str> = flows
        .iter()
        .filter_map(|f| f["scheduleParams"]["frequency"].as_str())
        .collect();
    for f in ["once", "minute", "hour", "day"] {
        assert!(freq.contains(f), "no flow scheduled {f}");
    }
    assert!(flows.iter().any(|f| f["state"] == json!("disabled")));
    assert!(
        flows
            .iter()
            .any(|f| f["sourceConnectionIds"].as_array().unwrap().len() > 1)
    );
    assert!(flows.iter().any(|f| {
        f["transformations"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    }));
    assert!(
        flows
            .iter()
            .any(|f| f["transformations"].as_array().is_none_or(|t| t.is_empty()))
    );
    assert!(
        flows
            .iter()
            .any(|f| f["lastRunDetails"]["state"].is_string())
    );
}
