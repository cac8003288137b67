//! The Catalog Service's datasets (`/data/foundation/catalog/dataSets`) and Flow Service's
//! exportable-dataset configs, against the shapes Adobe documents: objects keyed by
//! dataset id, `limit`/`start`/`orderBy`/`properties`/name filters, `CAT-…` errors, and
//! the export-datasets tutorial's `{"items", "pageInfo"}`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::support::{Emu, FLOW};

const CATALOG: &str = "/data/foundation/catalog";
const ACTIVATION: &str = "23598e46-f560-407b-88d5-ea6207e49db0";
const DLZ_DESTINATION: &str = "10440537-2a7b-4583-ac39-ed38d4b848e8";
const S3_DESTINATION: &str = "4fce964d-3f37-408f-9778-e597338a21ee";
const LANDING_ZONE: &str = "26f526f2-58f4-4712-961d-e41bf1ccc0e8";

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// Every dataset of the sandbox, a hundred at a time.
async fn all(emu: &Emu) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for start in (0..).step_by(100) {
        let r = emu
            .get(&format!("{CATALOG}/dataSets?limit=100&start={start}"))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let page = r.body.as_object().unwrap().clone();
        let done = page.len() < 100;
        out.extend(page);
        if done {
            return out;
        }
    }
    unreachable!()
}

#[tokio::test]
async fn datasets_are_keyed_by_id_and_match_the_flows_targets() {
    let emu = Emu::start().await;
    let sets = all(&emu).await;
    assert!(sets.len() >= 5, "{}", sets.len());
    assert_eq!(
        emu.handle.object_count("prod", "dataSets"),
        Some(sets.len())
    );
    for (id, d) in &sets {
        assert_eq!(id.len(), 24, "{id}");
        for field in [
            "name",
            "description",
            "imsOrg",
            "sandboxId",
            "createdClient",
            "createdUser",
            "viewId",
        ] {
            assert!(d[field].is_string(), "{field} of {d}");
        }
        for field in ["created", "updated"] {
            assert!(
                d[field].as_i64().unwrap() > 1_500_000_000_000,
                "{field} in epoch ms"
            );
        }
        assert_eq!(d["version"], "1.0.0");
        assert!(d.get("id").is_none(), "the id is the key, not a member");
        let schema = d["schemaRef"]["id"].as_str().unwrap();
        assert!(
            schema.starts_with("https://ns.adobe.com/acmeretail/schemas/"),
            "{schema}"
        );
        assert_eq!(
            d["schemaRef"]["contentType"],
            "application/vnd.adobe.xed-full+json;version=1"
        );
        let view = d["viewId"].as_str().unwrap();
        assert_eq!(
            d["files"],
            json!(format!("@/dataSets/{id}/views/{view}/files"))
        );
        assert!(d["tags"]["recordType"][0].is_string(), "{d}");
    }
    // Each data-lake target's dataset is there, with the same schema.
    let targets = emu
        .list_all(&format!("{FLOW}/targetConnections?limit=100"))
        .await;
    let mut named = BTreeSet::new();
    for t in &targets {
        if let Some(id) = t["params"]["dataSetId"].as_str() {
            assert_eq!(
                sets[id]["schemaRef"]["id"], t["data"]["schema"]["id"],
                "{id}"
            );
            named.insert(id.to_string());
        }
    }
    assert!(!named.is_empty());
}

#[tokio::test]
async fn one_dataset_by_id_and_an_unknown_one() {
    let emu = Emu::start().await;
    let page = emu.get(&format!("{CATALOG}/dataSets?limit=1")).await.body;
    let id = keys(&page).remove(0);
    let one = emu.get(&format!("{CATALOG}/dataSets/{id}")).await;
    assert_eq!(one.status, 200);
    assert_eq!(keys(&one.body), std::slice::from_ref(&id));
    assert_eq!(one.body[&id], page[&id]);
    let trimmed = emu
        .get(&format!(
            "{CATALOG}/dataSets/{id}?properties=name,schemaRef"
        ))
        .await;
    assert_eq!(keys(&trimmed.body[&id]), ["name", "schemaRef"]);

    let missing = emu
        .get(&format!("{CATALOG}/dataSets/5f3c3cedb2805c194ff0b69a"))
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body["type"],
        "http://ns.adobe.com/aep/errors/CAT-1404-404"
    );
    assert_eq!(missing.body["status"], 404);
    assert!(missing.body["title"].is_string() && missing.body["detail"].is_string());
}

#[tokio::test]
async fn paging_ordering_projection_and_filters() {
    let emu = Emu::start().await;
    let get = |q: &str| {
        let (path, q) = (format!("{CATALOG}/dataSets?{q}"), q.to_string());
        let emu = &emu;
        async move {
            let r = emu.get(&path).await;
            assert_eq!(r.status, 200, "{q}: {}", r.text);
            r.body
        }
    };
    // The Catalog's default page is 20 objects.
    let total = all(&emu).await.len();
    assert_eq!(get("").await.as_object().unwrap().len(), total.min(20));
    let by_name = get("orderBy=name&limit=100").await;
    let names: Vec<String> = by_name
        .as_object()
        .unwrap()
        .values()
        .map(|d| d["name"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    // start/limit walk the same order without gaps or repeats.
    let mut paged = Vec::new();
    for start in (0..total).step_by(3) {
        paged.extend(keys(
            &get(&format!("orderBy=name&limit=3&start={start}")).await,
        ));
    }
    assert_eq!(paged, keys(&by_name));
    let newest = get("orderBy=-created&limit=100").await;
    let created: Vec<i64> = newest
        .as_object()
        .unwrap()
        .values()
        .map(|d| d["created"].as_i64().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "{created:?}");
    let projected = get("properties=name,schemaRef&limit=5").await;
    for d in projected.as_object().unwrap().values() {
        assert_eq!(keys(d), ["name", "schemaRef"]);
    }
    let first = by_name
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .clone();
    let name = first["name"].as_str().unwrap();
    let hit = get(&format!("name={}", name.replace(' ', "%20"))).await;
    assert!(!hit.as_object().unwrap().is_empty());
    assert!(hit.as_object().unwrap().values().all(|d| d["name"] == name));
    assert_eq!(get("name=No%20such%20dataset").await, json!({}));
}

#[tokio::test]
async fn bad_queries_and_the_gateway_answer_in_their_shapes() {
    let emu = Emu::start().await;
    for q in [
        "limit=0",
        "limit=101",
        "limit=many",
        "start=-3",
        "orderBy=-",
    ] {
        let r = emu.get(&format!("{CATALOG}/dataSets?{q}")).await;
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.code(), "CAT-1400-400", "{q}");
    }
    let no_token = emu
        .send(
            emu.http
                .get(emu.url(&format!("{CATALOG}/dataSets")))
                .header("x-api-key", "cid")
                .header("x-gw-ims-org-id", crate::support::ORG),
        )
        .await;
    assert_eq!(
        (no_token.status.as_u16(), no_token.code()),
        (403, "403010".into())
    );
    // Sandboxes keep their own datasets.
    let mut dev = Emu::start().await;
    dev.sandbox = "dev".into();
    let prod_ids: BTreeSet<String> = all(&emu).await.keys().cloned().collect();
    let dev_ids: BTreeSet<String> = all(&dev).await.keys().cloned().collect();
    assert!(!dev_ids.is_empty() && prod_ids.is_disjoint(&dev_ids));
    let unknown = emu.get(&format!("{CATALOG}/batches")).await;
    assert_eq!(unknown.code(), "CAT-1404-404");
}

fn configs(spec: &str, more: &str) -> String {
    format!(
        "{FLOW}/connectionSpecs/{spec}/configs?outputType=activationDatasets&outputField=datasets{more}"
    )
}

#[tokio::test]
async fn exportable_datasets_page_catalog_style_for_each_export_spec() {
    let emu = Emu::start().await;
    let catalog = all(&emu).await;
    let r = emu.get(&configs(ACTIVATION, "&limit=100&start=0")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let total = catalog.len() as u64;
    assert_eq!(
        r.body["pageInfo"],
        json!({"start": 0, "end": total - 1, "total": total, "hasNext": false})
    );
    let ids: BTreeSet<String> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, catalog.keys().cloned().collect());
    // aepp's loop: limit=100&start=0,100,… until hasNext is false; here in pages of 2.
    let mut seen = Vec::new();
    let mut start = 0;
    loop {
        let page = emu
            .get(&configs(
                DLZ_DESTINATION,
                &format!("&limit=2&start={start}"),
            ))
            .await
            .body;
        let items = page["items"].as_array().unwrap();
        assert_eq!(page["pageInfo"]["start"], start);
        assert_eq!(page["pageInfo"]["end"], start + items.len() as u64 - 1);
        seen.extend(items.iter().map(|d| d["id"].clone()));
        if page["pageInfo"]["hasNext"] != true {
            break;
        }
        start += 2;
    }
    assert_eq!(seen.len() as u64, total);
    // The tutorial's properties=name,state keeps those and the id.
    let named = emu
        .get(&configs(S3_DESTINATION, "&properties=name,state"))
        .await;
    for d in named.body["items"].as_array().unwrap() {
        assert_eq!(keys(d), ["id", "name", "state"]);
    }
}

#[tokio::test]
async fn configs_refuse_unknown_specs_and_specs_without_configs() {
    let emu = Emu::start().await;
    let unknown = emu
        .get(&configs("00000000-0000-4000-8000-00000000dead", ""))
        .await;
    assert_eq!(
        (unknown.status.as_u16(), unknown.code()),
        (404, "FLOW-1101-404".into())
    );
    let landing = emu.get(&configs(LANDING_ZONE, "")).await;
    assert_eq!(
        (landing.status.as_u16(), landing.code()),
        (400, "FLOW-1455-400".into())
    );
    for q in [
        "?outputType=activationDatasets",
        "?outputType=x&outputField=datasets",
        "",
    ] {
        let r = emu
            .get(&format!("{FLOW}/connectionSpecs/{ACTIVATION}/configs{q}"))
            .await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (400, "FLOW-1455-400".into()),
            "{q}"
        );
    }
    let bad_limit = emu.get(&configs(ACTIVATION, "&limit=0")).await;
    assert_eq!(bad_limit.code(), "FLOW-1455-400");
}
