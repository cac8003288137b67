//! The dataset calls against a small scripted Catalog on 127.0.0.1: offset pages read
//! until one comes back short, datasets keyed by id turned into objects with their ids,
//! a Catalog that ignores `start` stopped instead of read for ever, and the export
//! configs read while `pageInfo.hasNext` says more follow. Then the same calls against
//! the emulator's Catalog.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use flowscope::api::aep::DatasetQuery;
use flowscope::api::{ApiError, Client, ClientConfig};

use crate::support::client::plain;

const CATALOG: &str = "/data/foundation/catalog/dataSets";

struct Stub {
    datasets: usize,
    /// Answer every list as if `start` were 0.
    ignore_start: bool,
    queries: Mutex<Vec<String>>,
}

fn param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
}

fn id(i: usize) -> String {
    format!("5f{i:022x}")
}

async fn handle(State(st): State<Arc<Stub>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    st.queries.lock().unwrap().push(format!("{path}?{query}"));
    let page = |start: usize, limit: usize| start..(start + limit).min(st.datasets);
    let json = |v: Value| ([("content-type", "application/json")], v.to_string()).into_response();
    if path == "/ims/token/v3" {
        return json(json!({"access_token": "t", "token_type": "bearer", "expires_in": 86399}));
    }
    let num = |k: &str, d: usize| param(&query, k).and_then(|v| v.parse().ok()).unwrap_or(d);
    if path == CATALOG {
        let start = if st.ignore_start { 0 } else { num("start", 0) };
        let mut out = Map::new();
        for i in page(start, num("limit", 50)) {
            out.insert(id(i), json!({"name": format!("Dataset {i}"), "created": 1_700_000_000_000_i64 + i as i64}));
        }
        return json(Value::Object(out));
    }
    if let Some(one) = path.strip_prefix(&format!("{CATALOG}/")) {
        return json(
            json!({ one: {"name": "The one", "schemaRef": {"id": "https://ns.adobe.com/t/schemas/9"}} }),
        );
    }
    if path.ends_with("/configs") {
        let start = num("start", 0);
        let items: Vec<Value> = page(start, num("limit", 100))
            .map(|i| json!({"id": id(i), "name": format!("Dataset {i}")}))
            .collect();
        let has_next = start + items.len() < st.datasets;
        return json(json!({"items": items, "pageInfo": {"hasNext": has_next, "start": start}}));
    }
    (axum::http::StatusCode::NOT_FOUND, "no").into_response()
}

async fn stub(datasets: usize, ignore_start: bool) -> (Arc<Stub>, Client) {
    let st = Arc::new(Stub {
        datasets,
        ignore_start,
        queries: Mutex::new(Vec::new()),
    });
    let app = Router::new().fallback(handle).with_state(st.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::new(ClientConfig::for_emulator(&format!("http://{addr}"))).unwrap();
    (st, client)
}

#[tokio::test]
async fn datasets_are_read_page_by_page_until_a_short_one() {
    let (st, client) = stub(230, false).await;
    let q = DatasetQuery {
        name: Some("x y".into()),
        order_by: Some("desc:created".into()),
        ..DatasetQuery::default()
    };
    let all = client.list_datasets(&q).await.unwrap();
    assert_eq!(all.len(), 230);
    assert_eq!(all[229].id, id(229));
    assert_eq!(all[0].name.as_deref(), Some("Dataset 0"));
    assert_eq!(all[0].created(), Some(1_700_000_000_000));
    let asked = st.queries.lock().unwrap().clone();
    let lists: Vec<&String> = asked.iter().filter(|q| q.starts_with(CATALOG)).collect();
    assert_eq!(lists.len(), 3, "{lists:?}");
    assert!(lists[1].contains("limit=100&start=100"), "{}", lists[1]);
    assert!(lists[0].contains("orderBy=desc%3Acreated") && lists[0].contains("name=x+y"));

    // A whole last page is followed by one empty page, which ends the list.
    let (_, exact) = stub(200, false).await;
    assert_eq!(
        exact
            .list_datasets(&DatasetQuery::default())
            .await
            .unwrap()
            .len(),
        200
    );

    let one = client.get_dataset("5fabc").await.unwrap();
    assert_eq!(
        (one.id.as_str(), one.name.as_deref()),
        ("5fabc", Some("The one"))
    );
    assert_eq!(one.schema_id(), Some("https://ns.adobe.com/t/schemas/9"));
}

#[tokio::test]
async fn a_catalog_that_ignores_start_is_not_read_for_ever() {
    let (_, client) = stub(500, true).await;
    let err = client
        .list_datasets(&DatasetQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Invalid(_)), "{err}");
}

#[tokio::test]
async fn exportable_datasets_follow_has_next() {
    let (st, client) = stub(250, false).await;
    let all = client
        .exportable_datasets("23598e46-f560-407b-88d5-ea6207e49db0")
        .await
        .unwrap();
    assert_eq!(all.len(), 250);
    let asked = st.queries.lock().unwrap().clone();
    let configs: Vec<&String> = asked.iter().filter(|q| q.contains("/configs")).collect();
    assert_eq!(configs.len(), 3);
    assert!(
        configs[0].contains(
            "/connectionSpecs/23598e46-f560-407b-88d5-ea6207e49db0/configs?outputType=activationDatasets&outputField=datasets&start=0&limit=100"
        ),
        "{}",
        configs[0]
    );
    assert!(configs[2].contains("start=200"));
}

#[tokio::test]
async fn the_emulators_datasets_are_read_whole_one_by_one_and_for_export() {
    let (emu, client) = plain().await;
    let small_pages = DatasetQuery {
        limit: Some(7),
        ..DatasetQuery::default()
    };
    let all = client.list_datasets(&small_pages).await.unwrap();
    assert_eq!(Some(all.len()), emu.object_count("prod", "dataSets"));
    assert!(all.len() > 7, "more than one page: {}", all.len());
    let one = client.get_dataset(&all[0].id).await.unwrap();
    assert_eq!(one.id, all[0].id);
    assert!(one.name.is_some() && one.schema_id().is_some(), "{one:?}");
    let named = DatasetQuery {
        name: one.name.clone(),
        ..DatasetQuery::default()
    };
    let found = client.list_datasets(&named).await.unwrap();
    assert!(found.iter().any(|d| d.id == one.id), "{found:?}");
    let missing = client.get_dataset("000000000000000000000000").await;
    assert!(missing.unwrap_err().is_not_found());
    let export = client
        .exportable_datasets("23598e46-f560-407b-88d5-ea6207e49db0")
        .await
        .unwrap();
    assert!(!export.is_empty());
    assert!(export.iter().all(|d| all.iter().any(|a| a.id == d.id)));
}
