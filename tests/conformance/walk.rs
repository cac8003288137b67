//! The machinery of the conformance walk: one Flow Service request at a time, each answer
//! matched to its operation in the document and validated against the schema for its
//! status (or the relaxation that replaces it), plus the coverage report.
//!
//! It uses plain reqwest rather than the project's client, so a client bug cannot hide an
//! emulator bug. Failures are collected, not raised at once, so one run reports every
//! non-conforming answer. The scenario (what to call, in which order) is in `live.rs`.

use crate::conformance::openapi::{Direction, Operation, ResponseSpec, violations};
use crate::conformance::relax;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(crate) const FLOW_BASE: &str = "/data/foundation/flowservice";
/// The emulator's gateway checks that `x-api-key` is the client id the token was issued to.
const CLIENT_ID: &str = "flowscope-conformance";
const ORG: &str = "0000000000000000000000@AdobeOrg";
/// An id no seeded object has.
pub(crate) const UNKNOWN_ID: &str = "00000000-0000-4000-8000-00000000dead";

/// One expected answer: the HTTP status and, for errors, the `FLOW-<code>-<http>` suffix of
/// `type` when the notes name one (§2, §5, §6).
#[derive(Clone, Copy)]
pub(crate) struct Expect {
    status: u16,
    code: Option<&'static str>,
    auth: Auth,
}

/// The Authorization header a request carries. Anything but `Valid` is answered by the
/// Adobe I/O gateway, in its own error shape (notes §2).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    Valid,
    Missing,
    Bogus,
}

pub(crate) fn ok(status: u16) -> Expect {
    Expect {
        status,
        code: None,
        auth: Auth::Valid,
    }
}

/// A gateway refusal: `error_code` as in notes §2.
pub(crate) fn refused(status: u16, code: &'static str, auth: Auth) -> Expect {
    Expect {
        status,
        code: Some(code),
        auth,
    }
}

pub(crate) fn err(status: u16, code: &'static str) -> Expect {
    Expect {
        status,
        code: Some(code),
        auth: Auth::Valid,
    }
}

pub(crate) fn not_found() -> Expect {
    // The notes show both FLOW-1101-404 and FLOW-1439-404 for an unknown id; only the HTTP
    // part of the code is pinned.
    Expect {
        status: 404,
        code: None,
        auth: Auth::Valid,
    }
}

/// A 400 whose code the notes do not name.
pub(crate) fn bad_request() -> Expect {
    Expect {
        status: 400,
        code: None,
        auth: Auth::Valid,
    }
}

pub(crate) struct Walk {
    http: reqwest::Client,
    base: String,
    token: String,
    /// Statuses seen per operation, for the coverage summary.
    pub(crate) hits: BTreeMap<Operation, BTreeSet<u16>>,
    /// Operations probed because the notes mention them, with whether the emulator serves them.
    probes: BTreeMap<Operation, bool>,
    /// Answers validated, per schema source (document, or a relaxation).
    validated: BTreeMap<String, usize>,
    pages_followed: usize,
    /// Where answers that pass the relaxed document would fail Adobe's document as written:
    /// `op → status: path (keyword)` with array indices as `*`. Shows each relaxation at work.
    needs_relaxation: BTreeMap<String, usize>,
    pub(crate) failures: Vec<String>,
    validators: HashMap<String, jsonschema::Validator>,
    adobe_validators: HashMap<String, jsonschema::Validator>,
}

impl Walk {
    /// Gets a token from the emulator's IMS (notes §1: v3, form body, no auth header).
    pub(crate) async fn connect(base: String) -> Self {
        let http = reqwest::Client::new();
        let token: Value = http
            .post(format!("{base}/ims/token/v3"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", CLIENT_ID),
                ("client_secret", "conformance-secret"),
                ("scope", "openid"),
            ])
            .send()
            .await
            .expect("IMS answers")
            .json()
            .await
            .expect("IMS answers JSON");
        let access_token = token["access_token"]
            .as_str()
            .expect("access_token")
            .to_string();
        assert!(
            token["expires_in"].as_i64().is_some_and(|s| s > 500),
            "aepp needs expires_in > 500 s (notes §1): {token}"
        );
        Walk {
            http,
            base,
            token: access_token,
            hits: BTreeMap::new(),
            probes: BTreeMap::new(),
            validated: BTreeMap::new(),
            pages_followed: 0,
            needs_relaxation: BTreeMap::new(),
            failures: Vec::new(),
            validators: HashMap::new(),
            adobe_validators: HashMap::new(),
        }
    }

    pub(crate) async fn get(&mut self, path: &str, expect: Expect) -> Option<Value> {
        self.send(Method::GET, path, None, None, expect).await
    }

    /// Sends one Flow Service request, validates the answer and returns its body when the
    /// status is the expected one (`Value::Null` for a 204).
    pub(crate) async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
        expect: Expect,
    ) -> Option<Value> {
        let (status, text) = self
            .exchange(method.clone(), path, body, if_match, expect.auth)
            .await?;
        let label = format!("{method} {path}");
        let Some(op) = crate::conformance::spec()
            .find_operation(method.as_str(), &format!("{FLOW_BASE}{path}"))
        else {
            self.fail(&format!(
                "{label}: the document has no such operation (test bug)"
            ));
            return None;
        };
        self.hits.entry(op.clone()).or_default().insert(status);
        if status != expect.status {
            self.fail(&format!(
                "{op}: {label}: expected HTTP {}, got {status}: {}",
                expect.status,
                clip(&text)
            ));
        }
        let parsed = self.judge(&op, &label, status, &text, path, expect);
        (status == expect.status).then_some(parsed?)
    }

    /// Validates one answer; returns the parsed body (`Null` for an empty 204).
    fn judge(
        &mut self,
        op: &Operation,
        label: &str,
        status: u16,
        text: &str,
        path: &str,
        expect: Expect,
    ) -> Option<Value> {
        if status == 204 {
            // HTTP: a 204 has no body; the document's 204s have `content: {}` (notes §6).
            if !text.is_empty() {
                self.fail(&format!("{op}: {label}: 204 with a body: {}", clip(text)));
            }
            return Some(Value::Null);
        }
        let body: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.fail(&format!(
                    "{op}: {label}: {status} body is not JSON ({e}): {}",
                    clip(text)
                ));
                return None;
            }
        };
        let Some((schema, source)) = self.schema_for(op, status, path, expect.auth) else {
            self.fail(&format!(
                "{op}: {label}: status {status} is not documented for this operation and no relaxation covers it"
            ));
            return Some(body);
        };
        let validator = self
            .validators
            .entry(schema.to_string())
            .or_insert_with(|| crate::conformance::spec().validator(&schema, Direction::Response));
        let found = violations(validator, &body);
        let source_kind = source.split(',').next().unwrap_or_default().to_string();
        *self.validated.entry(source_kind).or_default() += 1;
        if found.is_empty() && source.starts_with("document") {
            self.note_relaxations_used(op, status, &body);
        }
        for v in found {
            self.fail(&format!("{op} → {status} [{source}]: {label}: {v}"));
        }
        if status >= 400 {
            if expect.auth == Auth::Valid {
                self.check_problem(op, label, status, &body, expect);
            } else {
                self.check_gateway_error(op, label, status, &body, expect);
            }
        }
        Some(body)
    }

    /// Re-checks an answer that passed against Adobe's document as written (component
    /// relaxations undone) and records where it would have failed.
    fn note_relaxations_used(&mut self, op: &Operation, status: u16, body: &Value) {
        let ResponseSpec::Schema { schema, .. } =
            crate::conformance::unrelaxed().response(op, status)
        else {
            return;
        };
        let validator = self
            .adobe_validators
            .entry(schema.to_string())
            .or_insert_with(|| {
                crate::conformance::unrelaxed().validator(&schema, Direction::Response)
            });
        for v in violations(validator, body) {
            let path: Vec<&str> = v
                .instance_path
                .split('/')
                .map(|seg| {
                    if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                        "*"
                    } else {
                        seg
                    }
                })
                .collect();
            let keyword = v.schema_path.rsplit('/').next().unwrap_or_default();
            let key = format!("{} → {status}: {} ({keyword})", op.id, path.join("/"));
            *self.needs_relaxation.entry(key).or_default() += 1;
        }
    }

    /// The schema an answer must meet, and where it comes from.
    fn schema_for(
        &self,
        op: &Operation,
        status: u16,
        path: &str,
        auth: Auth,
    ) -> Option<(Value, String)> {
        let query = path.split_once('?').map(|(_, q)| q).unwrap_or("");
        let is_preview = query
            .split('&')
            .any(|kv| kv.eq_ignore_ascii_case("objectType=file"));
        match (op.id.as_str(), status) {
            ("createFlowRun", 201) => {
                return Some((relax::create_run_201(), "R10, notes §6".into()));
            }
            ("patchConnection", 200) => {
                return Some((
                    relax::patch_connection_200(),
                    "R11, document example".into(),
                ));
            }
            ("getByConnectionId" | "exploreByConnectionSpecId", 200) if is_preview => {
                return Some((relax::explore_preview_200(), "R12, notes §7".into()));
            }
            ("configByConnectionSpecId", 200) => {
                return Some((
                    relax::configs_datasets_200(),
                    "R15, export-datasets tutorial".into(),
                ));
            }
            _ => {}
        }
        // The document's error entries carry no body: gateway refusals get R14, Flow
        // Service errors R13.
        let (error_schema, error_source) = if auth == Auth::Valid {
            (relax::flow_problem(), "R13, notes §2")
        } else {
            (relax::gateway_error(), "R14, notes §2")
        };
        match crate::conformance::spec().response(op, status) {
            ResponseSpec::Schema { key, schema } => Some((schema, format!("document {key}"))),
            ResponseSpec::NoSchema { key, .. } if status >= 400 => Some((
                error_schema,
                format!("{error_source}; document {key} has no body"),
            )),
            ResponseSpec::Undocumented if status >= 400 => Some((
                error_schema,
                format!("{error_source}; document lists no {status}"),
            )),
            _ => None,
        }
    }

    /// Notes §2: `status` equals the HTTP status and `type` ends in `FLOW-<code>-<http>`.
    fn check_problem(
        &mut self,
        op: &Operation,
        label: &str,
        status: u16,
        body: &Value,
        expect: Expect,
    ) {
        if body["status"].as_u64() != Some(u64::from(status)) {
            self.fail(&format!(
                "{op} → {status}: {label}: problem `status` is {} (notes §2: the HTTP status as an int)",
                body["status"]
            ));
        }
        let kind = body["type"].as_str().unwrap_or("");
        if !kind.ends_with(&format!("-{status}")) {
            self.fail(&format!(
                "{op} → {status}: {label}: problem type {kind:?} does not end in -{status}"
            ));
        }
        if let Some(code) = expect.code
            && status == expect.status
            && !kind.ends_with(&format!("FLOW-{code}"))
        {
            self.fail(&format!(
                "{op} → {status}: {label}: problem type {kind:?}, notes give FLOW-{code}"
            ));
        }
    }

    /// Notes §2: the HTTP status is the first three digits of `error_code`.
    fn check_gateway_error(
        &mut self,
        op: &Operation,
        label: &str,
        status: u16,
        body: &Value,
        expect: Expect,
    ) {
        let code = body["error_code"].as_str().unwrap_or("");
        if !code.starts_with(&status.to_string()) {
            self.fail(&format!(
                "{op} → {status}: {label}: gateway error_code {code:?} does not start with {status}"
            ));
        }
        if let Some(want) = expect.code
            && status == expect.status
            && code != want
        {
            self.fail(&format!(
                "{op} → {status}: {label}: gateway error_code {code:?}, notes give {want}"
            ));
        }
    }

    /// GET → PATCH with the current etag → stale etag 412 → no If-Match 400 → unsupported op
    /// 400 → unknown id 404 (notes §5).
    pub(crate) async fn patch_cycle(&mut self, resource: &str, id: &str, created: &Value) {
        let path = format!("/{resource}/{id}");
        let Some(current) = self.get(&path, ok(200)).await else {
            return;
        };
        self.expect_single_item(&current, &format!("GET /{resource}/{{id}}"));
        let Some(etag) = current
            .pointer("/items/0/etag")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            self.fail(&format!("GET {path}: no items[0].etag to patch with"));
            return;
        };
        if created["etag"] != etag.as_str() {
            self.fail(&format!(
                "{path}: etag from create {} differs from GET {etag}",
                created["etag"]
            ));
        }
        let rename =
            json!([{"op": "replace", "path": "/name", "value": format!("{resource} renamed")}]);
        let Some(patched) = self
            .send(Method::PATCH, &path, Some(&rename), Some(&etag), ok(200))
            .await
        else {
            return;
        };
        let Some(new_etag) = patched["etag"].as_str().map(str::to_string) else {
            self.fail(&format!("PATCH {path}: 200 without etag (notes §5)"));
            return;
        };
        if new_etag == etag {
            self.fail(&format!(
                "PATCH {path}: etag unchanged (notes §5: a new etag)"
            ));
        }
        self.send(
            Method::PATCH,
            &path,
            Some(&rename),
            Some(&etag),
            err(412, "1404-412"),
        )
        .await;
        self.send(
            Method::PATCH,
            &path,
            Some(&rename),
            None,
            err(400, "1403-400"),
        )
        .await;
        let mv = json!([{"op": "move", "from": "/name", "path": "/description"}]);
        self.send(
            Method::PATCH,
            &path,
            Some(&mv),
            Some(&new_etag),
            err(400, "1434-400"),
        )
        .await;
        self.send(
            Method::PATCH,
            &format!("/{resource}/{UNKNOWN_ID}"),
            Some(&rename),
            Some(&new_etag),
            not_found(),
        )
        .await;
    }

    /// DELETE 204 → GET 404 → DELETE 404.
    pub(crate) async fn delete_cycle(&mut self, resource: &str, id: &str) {
        let path = format!("/{resource}/{id}");
        self.send(Method::DELETE, &path, None, None, ok(204)).await;
        self.get(&path, not_found()).await;
        self.send(Method::DELETE, &path, None, None, not_found())
            .await;
    }

    /// Fetches `first` and then the page its `_links.next.href` names (notes §3: a path
    /// relative to the Flow Service base).
    /// `more` says the full listing has more items than this page's limit, so a next link
    /// must be there (notes §3).
    pub(crate) async fn follow_next_page(&mut self, first: &str, more: bool) {
        let Some(page) = self.get(first, ok(200)).await else {
            return;
        };
        match page.pointer("/_links/next/href").and_then(Value::as_str) {
            Some(href) if href.starts_with('/') => {
                self.pages_followed += 1;
                self.get(href, ok(200)).await;
            }
            Some(href) => self.fail(&format!(
                "GET {first}: next href {href:?} is not a path (notes §3)"
            )),
            None if more => self.fail(&format!(
                "GET {first}: more items exist but _links has no next (notes §3)"
            )),
            None => {}
        }
    }

    /// Guards the walk itself: a live listing with one field broken must fail, so a
    /// validator that accepts everything cannot pass unnoticed.
    pub(crate) fn harness_catches_tampering(&mut self, path: &str, list: &Value) {
        let Some(op) =
            crate::conformance::spec().find_operation("GET", &format!("{FLOW_BASE}{path}"))
        else {
            return;
        };
        let Some((schema, _)) = self.schema_for(&op, 200, path, Auth::Valid) else {
            return;
        };
        let mut broken = list.clone();
        broken["items"][0]["createdAt"] = json!("yesterday");
        let validator = crate::conformance::spec().validator(&schema, Direction::Response);
        let found = violations(&validator, &broken);
        if !found
            .iter()
            .any(|v| v.instance_path == "/items/0/createdAt")
        {
            self.fail(&format!(
                "harness: a {path} listing with a string createdAt was not rejected: {found:?}"
            ));
        }
    }

    /// Calls an operation that may not be served; records whether it is.
    pub(crate) async fn probe(&mut self, method: Method, path: &str) {
        let Some(op) = crate::conformance::spec()
            .find_operation(method.as_str(), &format!("{FLOW_BASE}{path}"))
        else {
            self.fail(&format!(
                "probe {method} {path}: not in the document (test bug)"
            ));
            return;
        };
        let Some((status, text)) = self
            .exchange(method.clone(), path, None, None, Auth::Valid)
            .await
        else {
            return;
        };
        let served = !matches!(status, 404 | 405);
        self.probes.insert(op.clone(), served);
        if served {
            self.hits.entry(op.clone()).or_default().insert(status);
            let label = format!("{method} {path}");
            self.judge(&op, &label, status, &text, path, ok(status));
        }
    }

    /// A GET whose answer is only used for ids, not judged again.
    pub(crate) async fn get_quiet(&mut self, path: &str) -> Option<Value> {
        let (status, text) = self
            .exchange(Method::GET, path, None, None, Auth::Valid)
            .await?;
        (status == 200).then(|| serde_json::from_str(&text).ok())?
    }

    async fn exchange(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
        auth: Auth,
    ) -> Option<(u16, String)> {
        let url = format!("{}{FLOW_BASE}{path}", self.base);
        let mut req = self.http.request(method.clone(), &url);
        match auth {
            Auth::Valid => req = req.bearer_auth(&self.token),
            Auth::Bogus => req = req.bearer_auth("not-a-token-this-emulator-issued"),
            Auth::Missing => {}
        }
        let mut req = req
            .header("x-api-key", CLIENT_ID)
            .header("x-gw-ims-org-id", ORG)
            .header("x-sandbox-name", "prod");
        if let Some(body) = body {
            // `json` sets Content-Type: application/json.
            req = req.json(body);
        }
        if let Some(etag) = if_match {
            req = req.header("If-Match", etag);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                self.fail(&format!("{method} {path}: no answer: {e}"));
                return None;
            }
        };
        let status = resp.status().as_u16();
        match resp.text().await {
            Ok(text) => Some((status, text)),
            Err(e) => {
                self.fail(&format!("{method} {path}: body unreadable: {e}"));
                None
            }
        }
    }

    /// GET by id answers `{"items":[obj]}` (notes §4); the document's list schemas allow
    /// any number of items, the notes say exactly one.
    pub(crate) fn expect_single_item(&mut self, body: &Value, what: &str) {
        let n = body["items"].as_array().map(Vec::len);
        if n != Some(1) {
            self.fail(&format!(
                "{what}: items has {n:?} entries, notes §4 say exactly one"
            ));
        }
    }

    pub(crate) fn expect_some(&mut self, v: &Option<String>, what: &str) {
        if v.is_none() {
            self.fail(&format!("the emulator's listing has no {what}"));
        }
    }

    pub(crate) fn fail(&mut self, msg: &str) {
        self.failures.push(msg.to_string());
    }

    pub(crate) fn coverage(&self, implemented: &[&str]) -> String {
        let all = crate::conformance::spec().operations();
        let hit: Vec<&Operation> = all
            .iter()
            .filter(|op| self.hits.contains_key(*op))
            .collect();
        let mut out = format!(
            "conformance coverage: {} of {} documented operations called, {} answers validated, {} next pages followed, {} failures\n",
            hit.len(),
            all.len(),
            self.validated.values().sum::<usize>(),
            self.pages_followed,
            self.failures.len()
        );
        for op in &all {
            let mark = match (self.hits.get(op), self.probes.get(op)) {
                (Some(st), _) => format!(
                    "checked {}",
                    st.iter().map(u16::to_string).collect::<Vec<_>>().join(",")
                ),
                (None, Some(false)) => "probed: not served".to_string(),
                _ => "not called".to_string(),
            };
            let implemented = if implemented.contains(&op.id.as_str()) {
                "*"
            } else {
                " "
            };
            out.push_str(&format!(
                "  {implemented} {:<28} {:<6} {:<48} {mark}\n",
                op.id, op.method, op.template
            ));
        }
        out.push_str("  (* = implemented by the emulator, must be answered with a 2xx)\n");
        out.push_str("relaxed against the document (tests/conformance/relax.rs):\n");
        for r in relax::component_relaxations() {
            out.push_str(&format!("  {} {}: {}\n", r.id, r.what, r.why));
        }
        for line in relax::ANSWER_RELAXATIONS {
            out.push_str(&format!("  {line}\n"));
        }
        out.push_str("answers validated per schema source:\n");
        for (source, n) in &self.validated {
            out.push_str(&format!("  {n:>4}  {source}\n"));
        }
        out.push_str(
            "answers that pass only thanks to R1–R9 (would fail Adobe's document as written):\n",
        );
        for (place, n) in &self.needs_relaxation {
            out.push_str(&format!("  {n:>4}x {place}\n"));
        }
        out
    }
}

fn clip(text: &str) -> String {
    const MAX: usize = 400;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}
