//! A small HTTP proxy for tests that run the real binary against Azurite, which has no
//! request counters: the binary talks to the emulator (API, IMS) through it, and the SAS
//! URI the emulator hands out is rewritten to point back at the proxy, whose blob
//! requests go on to Azurite with Azurite's own SAS. It counts blob requests as the
//! emulator does (`METHOD /blob/account/container/path`), and can hold the Nth block PUT
//! so a test kills the client at a known point.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

/// Query parameters of the blob operations themselves; everything else in a query is
/// the SAS, replaced by Azurite's.
const OPERATION_PARAMS: &[&str] = &[
    "comp",
    "blockid",
    "blocklisttype",
    "restype",
    "prefix",
    "delimiter",
    "marker",
    "maxresults",
    "include",
];

pub struct Proxy {
    pub base: String,
    st: Arc<Inner>,
}

struct Inner {
    emulator: String,
    /// Azurite's container URL (`http://127.0.0.1:P/devstoreaccount1/dlz-user-container`)
    /// and its SAS query.
    azurite_container: String,
    azurite_sas: String,
    base: Mutex<String>,
    counts: Mutex<HashMap<String, u64>>,
    http: reqwest::Client,
    hold: Mutex<Option<(Method, &'static str, u64)>>,
    seen: AtomicU64,
    held: watch::Sender<bool>,
}

impl Proxy {
    /// Starts on a free loopback port, in front of `emulator` (its base URL) and the
    /// Azurite container of `azurite_sas_uri`.
    pub async fn start(emulator: &str, azurite_sas_uri: &str) -> Proxy {
        let (container, sas) = azurite_sas_uri.split_once('?').unwrap();
        let st = Arc::new(Inner {
            emulator: emulator.trim_end_matches('/').to_string(),
            azurite_container: container.trim_end_matches('/').to_string(),
            azurite_sas: sas.to_string(),
            base: Mutex::new(String::new()),
            counts: Mutex::new(HashMap::new()),
            http: reqwest::Client::new(),
            hold: Mutex::new(None),
            seen: AtomicU64::new(0),
            held: watch::Sender::new(false),
        });
        let app = Router::new()
            .fallback(forward)
            .layer(axum::extract::DefaultBodyLimit::max(512 << 20))
            .with_state(st.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        *st.base.lock().unwrap() = base.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Proxy { base, st }
    }

    pub fn count(&self, key: &str) -> u64 {
        self.st
            .counts
            .lock()
            .unwrap()
            .get(key)
            .copied()
            .unwrap_or(0)
    }

    /// Holds the `nth` blob request (from now on) of `method` whose `comp` is `comp`
    /// (`""` for none): it is counted, never forwarded, and never answered.
    pub fn hold(&self, method: Method, comp: &'static str, nth: u64) {
        self.st.seen.store(0, Ordering::SeqCst);
        self.st.held.send_replace(false);
        *self.st.hold.lock().unwrap() = Some((method, comp, nth));
    }

    pub async fn held(&self) {
        let mut rx = self.st.held.subscribe();
        let _ = rx.wait_for(|h| *h).await;
    }

    pub fn release(&self) {
        *self.st.hold.lock().unwrap() = None;
    }
}

fn comp_of(uri: &Uri) -> String {
    url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "comp")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

async fn forward(State(st): State<Arc<Inner>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 512 << 20)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_string();
    if let Some(rest) = path.strip_prefix("/blob/") {
        *st.counts
            .lock()
            .unwrap()
            .entry(format!("{} {path}", parts.method))
            .or_default() += 1;
        let hit = st
            .hold
            .lock()
            .unwrap()
            .clone()
            .is_some_and(|(m, comp, nth)| {
                m == parts.method
                    && comp_of(&parts.uri) == comp
                    && st.seen.fetch_add(1, Ordering::SeqCst) + 1 == nth
            });
        if hit {
            st.held.send_replace(true);
            std::future::pending::<()>().await;
        }
        // `/blob/ACCOUNT/CONTAINER/blob…` → Azurite's container, same container name.
        let blob = rest.splitn(3, '/').nth(2).unwrap_or("");
        let mut query: Vec<String> =
            url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                .filter(|(k, _)| OPERATION_PARAMS.contains(&k.as_ref()))
                .map(|(k, v)| {
                    url::form_urlencoded::Serializer::new(String::new())
                        .append_pair(&k, &v)
                        .finish()
                })
                .collect();
        query.push(st.azurite_sas.clone());
        let target = if blob.is_empty() {
            format!("{}?{}", st.azurite_container, query.join("&"))
        } else {
            format!("{}/{blob}?{}", st.azurite_container, query.join("&"))
        };
        return send(&st, parts.method, &target, &parts.headers, body, false).await;
    }
    let target = format!(
        "{}{}",
        st.emulator,
        parts.uri.path_and_query().map_or("/", |p| p.as_str())
    );
    let rewrite = path.contains("/landingzone/credentials");
    send(&st, parts.method, &target, &parts.headers, body, rewrite).await
}

async fn send(
    st: &Inner,
    method: Method,
    target: &str,
    headers: &HeaderMap,
    body: Bytes,
    rewrite: bool,
) -> Response {
    let head = method == Method::HEAD;
    let mut req = st.http.request(method, target).body(body);
    for (k, v) in headers {
        if k != "host" && k != "content-length" {
            req = req.header(k, v);
        }
    }
    let Ok(resp) = req.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = resp.status();
    let mut out_headers = HeaderMap::new();
    for (k, v) in resp.headers() {
        // A HEAD's length is the blob's, not of the (empty) body sent back.
        if (head || k != "content-length") && k != "transfer-encoding" {
            out_headers.insert(k.clone(), v.clone());
        }
    }
    let mut bytes = resp.bytes().await.unwrap_or_default().to_vec();
    if rewrite {
        // The SAS URI points at the emulator's blob endpoint: send it through here.
        let text = String::from_utf8_lossy(&bytes).replace(&st.emulator, &st.base.lock().unwrap());
        bytes = text.into_bytes();
    }
    (status, out_headers, bytes).into_response()
}
