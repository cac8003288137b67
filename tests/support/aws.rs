//! A raw caller of the emulator's AWS routes (Customer Profiles and AppFlow): plain
//! HTTP with a SigV4-shaped `Authorization` header, which the emulator checks for form,
//! not signature, so tests see the wire shapes without an SDK in between.

use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle};
use reqwest::Method;
use serde_json::{Value, json};

use super::Resp;

pub const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIAFLOWSCOPEDEMOKEY/20261101/us-east-1/profile/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef";

pub struct Aws {
    pub handle: EmulatorHandle,
    pub http: reqwest::Client,
}

impl Resp {
    /// The `x-amzn-ErrorType` of an AWS error answer.
    pub fn error_type(&self) -> &str {
        self.headers
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Aws {
    pub async fn start() -> Aws {
        Self::with(EmulatorConfig::for_tests()).await
    }

    pub async fn with(cfg: EmulatorConfig) -> Aws {
        let handle = emulator::start("127.0.0.1:0".parse().unwrap(), cfg)
            .await
            .unwrap();
        Aws {
            handle,
            http: reqwest::Client::new(),
        }
    }

    pub fn advance(&self, ms: i64) {
        self.handle.clock.advance(ms);
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        signed: bool,
    ) -> Resp {
        let mut rb = self
            .http
            .request(method, format!("{}{path}", self.handle.aws_endpoint()))
            .header("x-amz-date", "20261101T000000Z");
        if signed {
            rb = rb.header("authorization", AUTH);
        }
        if let Some(b) = body {
            rb = rb.json(b);
        }
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
        self.send(Method::GET, path, None, true).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        self.send(Method::POST, path, Some(body), true).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.send(Method::DELETE, path, None, true).await
    }

    /// Every `Items` of a Customer Profiles list, `max` per page (query-string paging);
    /// POSTs `body` when given (ListWorkflows). Returns the items and the page count.
    pub async fn cp_all(&self, path: &str, body: Option<&Value>, max: u32) -> (Vec<Value>, usize) {
        let (mut items, mut pages, mut token) = (Vec::new(), 0, None::<String>);
        loop {
            let sep = if path.contains('?') { '&' } else { '?' };
            let mut url = format!("{path}{sep}max-results={max}");
            if let Some(t) = &token {
                url.push_str(&format!("&next-token={t}"));
            }
            let r = match body {
                Some(b) => self.post(&url, b).await,
                None => self.get(&url).await,
            };
            assert_eq!(r.status, 200, "{url}: {}", r.text);
            pages += 1;
            let got = r.body["Items"].as_array().unwrap();
            assert!(got.len() <= max as usize);
            items.extend(got.iter().cloned());
            match r.body["NextToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => return (items, pages),
            }
        }
    }

    /// Every item under `key` of an AppFlow list (body paging), `max` per page or the
    /// default page size when `None`.
    pub async fn af_all(
        &self,
        path: &str,
        body: Value,
        key: &str,
        max: Option<u32>,
    ) -> (Vec<Value>, usize) {
        let (mut items, mut pages, mut token) = (Vec::new(), 0, None::<String>);
        loop {
            let mut b = body.clone();
            if let Some(m) = max {
                b["maxResults"] = json!(m);
            }
            if let Some(t) = &token {
                b["nextToken"] = json!(t);
            }
            let r = self.post(path, &b).await;
            assert_eq!(r.status, 200, "{path}: {}", r.text);
            pages += 1;
            items.extend(r.body[key].as_array().unwrap().iter().cloned());
            match r.body["nextToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => return (items, pages),
            }
        }
    }
}

/// A CreateIntegrationWorkflow body (the domain is in the path): Zendesk tickets into
/// `Zendesk-tickets`, hourly, with three one-day history batches; times in epoch seconds.
pub fn zendesk_workflow(flow_name: &str) -> Value {
    json!({
        "WorkflowType": "APPFLOW_INTEGRATION",
        "IntegrationConfig": {"AppflowIntegration": {
            "FlowDefinition": {
                "Description": "Zendesk tickets for the support team",
                "FlowName": flow_name,
                "KmsArn": "arn:aws:kms:us-east-1:123456789012:key/4f1c2a7e-9b3d-4c8e-a1f0-6d2b5e8c9a10",
                "SourceFlowConfig": {
                    "ConnectorProfileName": "zendesk-support",
                    "ConnectorType": "Zendesk",
                    "SourceConnectorProperties": {"Zendesk": {"Object": "tickets"}}
                },
                "Tasks": [
                    {"ConnectorOperator": {"Zendesk": "PROJECTION"}, "SourceFields": ["id", "subject"], "TaskType": "Filter"},
                    {"ConnectorOperator": {"Zendesk": "NO_OP"}, "SourceFields": ["id"], "DestinationField": "id",
                     "TaskType": "Map", "TaskProperties": {"DESTINATION_DATA_TYPE": "string"}}
                ],
                "TriggerConfig": {"TriggerType": "Scheduled", "TriggerProperties": {"Scheduled": {
                    "ScheduleExpression": "rate(1hours)", "DataPullMode": "Incremental",
                    "ScheduleStartTime": 1_793_491_200.0}}}
            },
            "Batches": [
                {"StartTime": 1_788_220_800, "EndTime": 1_789_084_800},
                {"StartTime": 1_789_084_800, "EndTime": 1_789_948_800},
                {"StartTime": 1_789_948_800, "EndTime": 1_790_812_800}
            ]
        }},
        "ObjectTypeName": "Zendesk-tickets",
        "RoleArn": "arn:aws:iam::123456789012:role/CustomerProfilesAppFlowRole",
        "Tags": {"team": "support"}
    })
}
