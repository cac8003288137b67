//! The client against a small scripted server on 127.0.0.1: exact headers, token caching
//! and refresh on 401, retries of reads only, timeouts, unreadable bodies and next links.
//! Each behaviour is chosen by path, so the answers are deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde_json::{Value, json};

use flowscope::api::{
    ApiError, Client, ClientConfig, FlowAction, ListQuery, RetryPolicy, Timeouts,
};
use flowscope::model::{CreateRun, Etag, PatchOp, Secret};

/// Headers, query and body of one request.
type Seen = (HeaderMap, Option<String>, Vec<u8>);

#[derive(Default)]
struct Stub {
    tokens_issued: AtomicUsize,
    /// A token the "gateway" refuses with 401, to force a refresh.
    refused_token: Mutex<Option<String>>,
    refuse_all: AtomicBool,
    /// Requests per "METHOD /path".
    hits: Mutex<BTreeMap<String, usize>>,
    /// Headers and query of the last request per "METHOD /path".
    last: Mutex<BTreeMap<String, Seen>>,
    /// How many more 503s `GET /…/flaky` answers before it succeeds.
    flaky_left: AtomicUsize,
    ims_form: Mutex<String>,
}

impl Stub {
    fn hits(&self, key: &str) -> usize {
        self.hits.lock().unwrap().get(key).copied().unwrap_or(0)
    }
    fn last(&self, key: &str) -> Seen {
        self.last.lock().unwrap().get(key).cloned().unwrap()
    }
}

const FS: &str = "/data/foundation/flowservice";

fn json_response(status: u16, body: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn handle(State(st): State<Arc<Stub>>, req: Request) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let headers = req.headers().clone();
    let body = to_bytes(req.into_body(), 1 << 20).await.unwrap().to_vec();
    let key = format!("{method} {path}");
    *st.hits.lock().unwrap().entry(key.clone()).or_default() += 1;
    st.last
        .lock()
        .unwrap()
        .insert(key.clone(), (headers.clone(), query.clone(), body.clone()));

    if path == "/ims/token/v3" {
        *st.ims_form.lock().unwrap() = String::from_utf8_lossy(&body).to_string();
        let n = st.tokens_issued.fetch_add(1, Ordering::SeqCst) + 1;
        return json_response(
            200,
            json!({"access_token": format!("tok-{n}"), "token_type": "bearer", "expires_in": 86399}),
        );
    }
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if st.refuse_all.load(Ordering::SeqCst)
        || st.refused_token.lock().unwrap().as_deref() == bearer.strip_prefix("Bearer ")
    {
        return json_response(
            401,
            json!({"error_code": "401013", "message": "Oauth token is not valid"}),
        );
    }
    let rest = path.strip_prefix(FS).unwrap_or(&path).to_string();
    match (method.as_str(), rest.as_str()) {
        ("GET", "/flows/f1") => json_response(
            200,
            json!({"items": [{"id": "f1", "name": "Flow one", "etag": "\"e1\"", "state": "enabled"}]}),
        ),
        ("PATCH", "/flows/f1") => {
            let want = "\"e1\"";
            if headers.get("if-match").and_then(|v| v.to_str().ok()) != Some(want) {
                return json_response(
                    412,
                    json!({"type": "https://ns.adobe.com/aep/errors/FLOW-1404-412", "status": 412,
                           "title": "Precondition failed",
                           "report": {"detailed-message": "The provided If-Match header does not match the current version.", "request-id": "req-412"}}),
                );
            }
            json_response(200, json!({"id": "f1", "etag": "\"e2\""}))
        }
        ("POST", "/flows/f1/action") => json_response(200, json!({"id": "f1", "etag": "\"e3\""})),
        ("GET", "/flows") => {
            // Page 1 links to page 2 by token only; page 2 is last.
            if query
                .as_deref()
                .is_some_and(|q| q.contains("continuationToken=t2"))
            {
                json_response(200, json!({"items": [{"id": "c"}], "_links": {}}))
            } else {
                json_response(
                    200,
                    json!({"items": [{"id": "a"}, {"id": "b"}],
                           "_links": {"next": {"href": "/flows?continuationToken=t2"}}}),
                )
            }
        }
        ("GET", "/flaky") | ("GET", "/runs") => {
            if st
                .flaky_left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
            {
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [("retry-after", "0"), ("content-type", "application/json")],
                    json!({"type": "https://ns.adobe.com/aep/errors/FLOW-1500-503", "status": 503, "errorMessage": "busy"}).to_string(),
                )
                    .into_response();
            }
            json_response(200, json!({"items": [], "_links": {}}))
        }
        ("POST", "/runs") => json_response(
            500,
            json!({"type": "https://ns.adobe.com/aep/errors/FLOW-1500-500", "status": 500, "errorMessage": "boom"}),
        ),
        ("GET", "/connections/slow") => {
            // Never answers: the client's timeout must end the call.
            futures::future::pending::<()>().await;
            json_response(200, json!({}))
        }
        ("GET", "/connections/garbage") => (
            StatusCode::OK,
            [("content-type", "application/json")],
            Body::from("{\"items\": [{\"id\": \"trunc"),
        )
            .into_response(),
        _ => json_response(
            404,
            json!({"type": "https://ns.adobe.com/aep/errors/FLOW-1101-404", "status": 404, "errorMessage": "nope"}),
        ),
    }
}

async fn start() -> (Arc<Stub>, String) {
    let st = Arc::new(Stub::default());
    let app = Router::new().fallback(handle).with_state(st.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (st, format!("http://{addr}"))
}

fn config(base: &str) -> ClientConfig {
    let mut c = ClientConfig::new(
        base,
        base,
        "ORG@AdobeOrg",
        "the-client-id",
        Secret::new("the-secret"),
        "openid,AdobeID",
        "prod",
    );
    c.retry = RetryPolicy {
        max_attempts: 3,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(5),
    };
    c.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_millis(300),
    };
    c
}

#[tokio::test]
async fn every_call_carries_the_aep_headers_and_get_has_no_content_type() {
    let (st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    let flow = client.sandbox("dev").get_flow("f1").await.unwrap();
    assert_eq!(flow.name.as_deref(), Some("Flow one"));
    let (h, _, _) = st.last(&format!("GET {FS}/flows/f1"));
    let get = |k: &str| h.get(k).and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(get("authorization").as_deref(), Some("Bearer tok-1"));
    assert_eq!(get("x-api-key").as_deref(), Some("the-client-id"));
    assert_eq!(get("x-gw-ims-org-id").as_deref(), Some("ORG@AdobeOrg"));
    assert_eq!(get("x-sandbox-name").as_deref(), Some("dev"));
    assert_eq!(get("accept").as_deref(), Some("application/json"));
    assert_eq!(get("content-type"), None);
    let form = st.ims_form.lock().unwrap().clone();
    for part in [
        "grant_type=client_credentials",
        "client_id=the-client-id",
        "client_secret=the-secret",
        "scope=openid%2CAdobeID",
    ] {
        assert!(form.contains(part), "{form}");
    }
}

#[tokio::test]
async fn patch_sends_json_and_a_quoted_if_match_and_surfaces_412() {
    let (st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    let ops = [PatchOp::replace("/name", json!("renamed"))];
    // Given bare, sent quoted.
    let ok = client
        .patch_flow("f1", &Etag::new("e1"), &ops)
        .await
        .unwrap();
    assert_eq!(ok.etag, Some(Etag::new("e2")));
    let (h, _, body) = st.last(&format!("PATCH {FS}/flows/f1"));
    assert_eq!(h.get("content-type").unwrap(), "application/json");
    let sent: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        sent,
        json!([{"op": "replace", "path": "/name", "value": "renamed"}])
    );

    let err = client
        .patch_flow("f1", &Etag::new("\"stale\""), &ops)
        .await
        .unwrap_err();
    assert!(err.is_precondition_failed());
    assert_eq!(err.code(), Some("FLOW-1404-412"));
    assert_eq!(err.request_id(), Some("req-412"));
    assert!(
        err.to_string()
            .starts_with("FLOW-1404-412: The provided If-Match"),
        "{err}"
    );
    // PATCH is not retried on a 412.
    assert_eq!(st.hits(&format!("PATCH {FS}/flows/f1")), 2);

    let fetched = client.patch_flow_fetching_etag("f1", &ops).await.unwrap();
    assert_eq!(fetched.id, "f1");
}

#[tokio::test]
async fn flow_action_posts_no_body_and_no_content_type() {
    let (st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    client.flow_action("f1", FlowAction::Enable).await.unwrap();
    let (h, q, body) = st.last(&format!("POST {FS}/flows/f1/action"));
    assert_eq!(q.as_deref(), Some("op=enable"));
    assert!(body.is_empty());
    assert!(h.get("content-type").is_none());
}

#[tokio::test]
async fn ten_concurrent_calls_fetch_one_token() {
    let (st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    let calls = (0..10).map(|_| {
        let c = client.clone();
        async move { c.get_flow("f1").await }
    });
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(st.tokens_issued.load(Ordering::SeqCst), 1);
    assert_eq!(st.hits("POST /ims/token/v3"), 1);
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries() {
    let (st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    client.get_flow("f1").await.unwrap();
    *st.refused_token.lock().unwrap() = Some("tok-1".into());
    client.get_flow("f1").await.unwrap();
    assert_eq!(st.tokens_issued.load(Ordering::SeqCst), 2);
    assert_eq!(st.hits(&format!("GET {FS}/flows/f1")), 3);

    // Refused every time: one refresh, then the gateway's 401 is reported as such.
    st.refuse_all.store(true, Ordering::SeqCst);
    let err = client.get_flow("f1").await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("401013"));
    assert!(err.is_auth());
    assert_eq!(st.tokens_issued.load(Ordering::SeqCst), 3);
    assert_eq!(st.hits(&format!("GET {FS}/flows/f1")), 5);
}

#[tokio::test]
async fn reads_retry_through_503s_but_writes_do_not() {
    let (st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    st.flaky_left.store(2, Ordering::SeqCst);
    let mut pages = client.list_runs(&ListQuery::new());
    pages.next().await.unwrap().unwrap();
    assert_eq!(st.hits(&format!("GET {FS}/runs")), 3);

    // Three attempts at most: a fourth 503 is reported with its code.
    st.flaky_left.store(5, Ordering::SeqCst);
    let err = client
        .list_runs(&ListQuery::new())
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.code(), Some("FLOW-1500-503"));
    assert_eq!(st.hits(&format!("GET {FS}/runs")), 6);

    let err = client
        .create_run(&CreateRun::new("f1", 1, 0, 1))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(st.hits(&format!("POST {FS}/runs")), 1);
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let (_st, base) = start().await;
    let mut cfg = config(&base);
    cfg.retry = RetryPolicy::never();
    let client = Client::new(cfg).unwrap();
    let err = client.get_connection("slow").await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error() {
    let (_st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    let err = client.get_connection("garbage").await.unwrap_err();
    match &err {
        ApiError::Decode {
            status, snippet, ..
        } => {
            assert_eq!(*status, 200);
            assert!(snippet.contains("trunc"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn next_links_are_followed_as_given() {
    let (st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    let q = ListQuery::new().limit(2).property("state==enabled");
    let pages: Vec<_> = client.list_flows(&q).collect().await;
    let ids: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.unwrap().items)
        .map(|f| f.id)
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let (_, q2, _) = st.last(&format!("GET {FS}/flows"));
    // The token carries the filters: nothing re-appended.
    assert_eq!(q2.as_deref(), Some("continuationToken=t2"));
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::new(config(&base)).unwrap();
    let err = client.get_flow("f1").await.unwrap_err();
    assert!(matches!(err, ApiError::Connect { .. }), "{err:?}");
}

#[tokio::test]
async fn not_found_keeps_the_service_code() {
    let (_st, base) = start().await;
    let client = Client::new(config(&base)).unwrap();
    let err = client.get_source_connection("zzz").await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some("FLOW-1101-404"));
}
