//! Test support: an emulator on port 0 and a raw HTTP caller with the platform headers,
//! so emulator tests check the wire format without going through flowscope's client.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod aws;
pub mod client;
pub mod counting_proxy;
pub mod drop_zone;
pub mod logs;
pub mod plans;
pub mod pty;
pub mod sigv4;
pub mod tui;

#[allow(unused_imports)]
pub use logs::LogBuffer;

use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle};
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub const FLOW: &str = "/data/foundation/flowservice";
pub const DLZ: &str = "/data/foundation/connectors/landingzone";
pub const ORG: &str = "5F3E1B1A5E8A6B7C0A495E2A@AdobeOrg";

pub struct Emu {
    pub handle: EmulatorHandle,
    pub http: reqwest::Client,
    pub token: String,
    pub sandbox: String,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    /// The `FLOW-…` code of a problem body, or the gateway's `error_code`.
    pub fn code(&self) -> String {
        if let Some(t) = self.body["type"].as_str() {
            return t.rsplit('/').next().unwrap_or_default().to_string();
        }
        self.body["error_code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn item(&self) -> &Value {
        &self.body["items"][0]
    }
}

impl Emu {
    pub async fn start() -> Emu {
        Self::with(EmulatorConfig::for_tests()).await
    }

    pub async fn with(cfg: EmulatorConfig) -> Emu {
        let handle = emulator::start("127.0.0.1:0".parse().unwrap(), cfg)
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let token = get_token(&http, &handle.base_url(), "cid").await;
        Emu {
            handle,
            http,
            token,
            sandbox: "prod".into(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.handle.base_url(), path)
    }

    pub fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .header("x-api-key", "cid")
            .header("x-gw-ims-org-id", ORG)
            .header("x-sandbox-name", &self.sandbox)
    }

    pub async fn send(&self, rb: reqwest::RequestBuilder) -> Resp {
        let r = rb.send().await.unwrap();
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.req(Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        self.send(self.req(Method::POST, path).json(body)).await
    }

    pub async fn patch(&self, path: &str, etag: Option<&str>, body: &str) -> Resp {
        let mut rb = self
            .req(Method::PATCH, path)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(e) = etag {
            rb = rb.header("If-Match", e);
        }
        self.send(rb).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.send(self.req(Method::DELETE, path)).await
    }

    /// Every item of a list, following `_links.next.href` as aepp does.
    pub async fn list_all(&self, first: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut path = first.to_string();
        loop {
            let r = self.get(&path).await;
            assert_eq!(r.status, 200, "{path}: {}", r.text);
            items.extend(r.body["items"].as_array().unwrap().iter().cloned());
            match r.body["_links"]["next"]["href"].as_str() {
                Some(href) => path = format!("{FLOW}{href}"),
                None => return items,
            }
        }
    }

    /// The first item of a list.
    pub async fn first(&self, path: &str) -> Value {
        let r = self.get(path).await;
        r.body["items"][0].clone()
    }
}

pub async fn get_token(http: &reqwest::Client, base: &str, client_id: &str) -> String {
    let r = http
        .post(format!("{base}/ims/token/v3"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", "s3cret"),
            ("scope", "openid,AdobeID,read_organizations"),
        ])
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_string()
}
