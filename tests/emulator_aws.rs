//! The emulator's AWS side over raw HTTP, reads: SigV4 presence, errors in each
//! service's shape, faults in the AWS dialect, paging where each model puts it (query
//! string for Customer Profiles, body for AppFlow), filters and the seeded account.
//! Changes (create, start, stop, cancel) are in `emulator_aws_changes.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::emulator::EmulatorConfig;
use reqwest::Method;
use serde_json::{Value, json};
use support::aws::Aws;

const RETAIL: &str = "/domains/retail-prod";

#[tokio::test]
async fn a_request_without_sigv4_is_refused_as_aws_refuses_it() {
    let aws = Aws::start().await;
    let r = aws.send(Method::GET, "/domains", None, false).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.error_type(), "MissingAuthenticationTokenException");
    assert_eq!(r.body, json!({"Message": "Missing Authentication Token"}));
    let r = aws
        .send(Method::POST, "/list-flows", Some(&json!({})), false)
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.body, json!({"message": "Missing Authentication Token"}));
    assert!(r.headers.contains_key("x-amzn-requestid"));

    let bearer = aws
        .http
        .get(format!("{}/domains", aws.handle.aws_endpoint()))
        .bearer_auth("token")
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), 403);
    assert_eq!(
        bearer.headers()["x-amzn-errortype"],
        "IncompleteSignatureException"
    );
    // Counted before it was refused, like every request.
    assert_eq!(aws.handle.count("GET /domains"), 2);
}

#[tokio::test]
async fn injected_faults_answer_in_the_aws_dialect() {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.faults.throttle_rate = 1.0;
    cfg.faults.retry_after_s = 3;
    let aws = Aws::with(cfg).await;
    let r = aws.get("/domains").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.error_type(), "ThrottlingException");
    assert_eq!(r.headers["retry-after"], "3");
    assert_eq!(r.body["Message"], "Rate exceeded");

    let mut cfg = EmulatorConfig::for_tests();
    cfg.faults.error_rate = 1.0;
    let aws = Aws::with(cfg).await;
    let r = aws.post("/describe-flow", &json!({"flowName": "x"})).await;
    assert_eq!(r.status, 500);
    assert_eq!(r.error_type(), "InternalServerException");
    assert!(r.body["message"].as_str().unwrap().contains("retry"));
}

#[tokio::test]
async fn domains_object_types_and_integrations_page_in_the_query_string() {
    let aws = Aws::start().await;
    let (domains, pages) = aws.cp_all("/domains", None, 1).await;
    assert_eq!(pages, 2);
    let names: Vec<&str> = domains
        .iter()
        .map(|d| d["DomainName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["loyalty-sandbox", "retail-prod"]);
    assert!(domains[0]["CreatedAt"].is_i64());

    let d = aws.get(RETAIL).await;
    assert_eq!(d.status, 200, "{}", d.text);
    assert_eq!(d.headers["content-type"], "application/json");
    assert_eq!(d.body["DefaultExpirationDays"], 366);
    assert!(d.body["Stats"]["ProfileCount"].as_i64().unwrap() > 0);
    assert_eq!(d.body["Tags"]["env"], "prod");

    let (types, pages) = aws.cp_all(&format!("{RETAIL}/object-types"), None, 4).await;
    assert_eq!((types.len(), pages), (7, 2));
    assert!(types.iter().all(|t| t["Description"].is_string()));

    let (integrations, _) = aws.cp_all(&format!("{RETAIL}/integrations"), None, 5).await;
    assert!(integrations.len() > 12);
    let workflow_linked = integrations
        .iter()
        .find(|i| i["WorkflowId"].is_string())
        .unwrap();
    let uri = workflow_linked["Uri"].as_str().unwrap();
    assert!(uri.starts_with("arn:aws:appflow:us-east-1:123456789012:flow/"));
    let one = aws
        .post(&format!("{RETAIL}/integrations"), &json!({"Uri": uri}))
        .await;
    assert_eq!(one.status, 200, "{}", one.text);
    assert_eq!(
        one.body["ObjectTypeName"],
        workflow_linked["ObjectTypeName"]
    );
}

#[tokio::test]
async fn errors_carry_the_modelled_names_and_message_members() {
    let aws = Aws::start().await;
    let r = aws.get("/domains/nowhere").await;
    assert_eq!(
        (r.status.as_u16(), r.error_type()),
        (404, "ResourceNotFoundException")
    );
    assert_eq!(r.body, json!({"Message": "No domain named nowhere"}));

    let r = aws.get("/domains?next-token=bm90LWEtdG9rZW4").await;
    assert_eq!(
        (r.status.as_u16(), r.error_type()),
        (400, "BadRequestException")
    );
    let r = aws.get("/domains?max-results=0").await;
    assert_eq!(r.status, 400);
    assert!(r.body["Message"].as_str().unwrap().contains("MaxResults"));

    // A token of another list is no token here.
    let first = aws
        .get(&format!("{RETAIL}/object-types?max-results=1"))
        .await;
    let token = first.body["NextToken"].as_str().unwrap();
    let r = aws.get(&format!("/domains?next-token={token}")).await;
    assert_eq!(r.error_type(), "BadRequestException");

    let r = aws
        .post("/describe-flow", &json!({"flowName": "nope"}))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.error_type()),
        (404, "ResourceNotFoundException")
    );
    assert_eq!(r.body, json!({"message": "Flow nope does not exist"}));
    let r = aws.post("/list-flows", &json!({"nextToken": "junk"})).await;
    assert_eq!(
        (r.status.as_u16(), r.error_type()),
        (400, "ValidationException")
    );
    let r = aws.post("/describe-flow", &json!({})).await;
    assert_eq!(r.error_type(), "ValidationException");
    assert!(r.body["message"].as_str().unwrap().contains("flowName"));

    let r = aws.get(&format!("{RETAIL}/workflows/not-hex")).await;
    assert_eq!(r.error_type(), "BadRequestException");
    let r = aws
        .get(&format!("{RETAIL}/workflows/{}", "0".repeat(32)))
        .await;
    assert_eq!(r.error_type(), "ResourceNotFoundException");
}

#[tokio::test]
async fn workflows_page_by_ten_and_filter_by_status_and_dates() {
    let aws = Aws::start().await;
    let path = format!("{RETAIL}/workflows");
    let (all, pages) = aws.cp_all(&path, Some(&json!({})), 10).await;
    assert!(pages >= 2 && all.len() > 10, "{pages} pages, {}", all.len());
    let created: Vec<i64> = all
        .iter()
        .map(|w| w["CreatedAt"].as_i64().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for w in &all {
        assert_eq!(w["WorkflowType"], "APPFLOW_INTEGRATION");
        assert_eq!(w["WorkflowId"].as_str().unwrap().len(), 32);
        assert!(!w["StatusDescription"].as_str().unwrap().is_empty());
    }

    let mut seen = std::collections::BTreeSet::new();
    for domain in ["retail-prod", "loyalty-sandbox"] {
        let (ws, _) = aws
            .cp_all(
                &format!("/domains/{domain}/workflows"),
                Some(&json!({})),
                100,
            )
            .await;
        seen.extend(ws.iter().map(|w| w["Status"].as_str().unwrap().to_string()));
    }
    let every = [
        "CANCELLED",
        "COMPLETE",
        "FAILED",
        "IN_PROGRESS",
        "NOT_STARTED",
        "RETRY",
        "SPLIT",
    ];
    assert_eq!(seen.iter().map(String::as_str).collect::<Vec<_>>(), every);

    let (complete, _) = aws
        .cp_all(
            &path,
            Some(&json!({"Status": "COMPLETE", "WorkflowType": "APPFLOW_INTEGRATION"})),
            3,
        )
        .await;
    assert!(complete.len() >= 5);
    assert!(complete.iter().all(|w| w["Status"] == "COMPLETE"));

    // Epoch seconds in the body, with a fraction as SDKs may send them.
    let now_s = flowscope::emulator::TEST_EPOCH_MS / 1000;
    let window =
        json!({"QueryStartDate": (now_s - 9 * 86_400) as f64 + 0.5, "QueryEndDate": now_s});
    let (recent, _) = aws.cp_all(&path, Some(&window), 100).await;
    assert!(!recent.is_empty() && recent.len() < all.len());
    assert!(
        recent
            .iter()
            .all(|w| w["CreatedAt"].as_i64().unwrap() >= now_s - 9 * 86_400)
    );

    let r = aws.post(&path, &json!({"Status": "DONE"})).await;
    assert_eq!(r.error_type(), "BadRequestException");
    assert!(r.body["Message"].as_str().unwrap().contains("NOT_STARTED"));
}

#[tokio::test]
async fn a_failed_workflow_tells_why_in_its_detail_and_steps() {
    let aws = Aws::start().await;
    let (failed, _) = aws
        .cp_all(
            &format!("{RETAIL}/workflows"),
            Some(&json!({"Status": "FAILED"})),
            10,
        )
        .await;
    let id = failed[0]["WorkflowId"].as_str().unwrap();
    let w = aws.get(&format!("{RETAIL}/workflows/{id}")).await;
    assert_eq!(w.status, 200, "{}", w.text);
    assert!(
        w.body["ErrorDescription"]
            .as_str()
            .unwrap()
            .contains("servicenow-itsm")
    );
    let attrs = &w.body["Attributes"]["AppflowIntegration"];
    assert_eq!(attrs["SourceConnectorType"], "Servicenow");
    assert_eq!(attrs["ConnectorProfileName"], "servicenow-itsm");
    let metrics = &w.body["Metrics"]["AppflowIntegration"];

    let (steps, pages) = aws
        .cp_all(&format!("{RETAIL}/workflows/{id}/steps"), None, 1)
        .await;
    assert_eq!(pages, steps.len());
    let steps: Vec<&Value> = steps.iter().map(|s| &s["AppflowIntegration"]).collect();
    let last = steps.last().unwrap();
    assert_eq!(last["Status"], "FAILED");
    assert!(last["ExecutionMessage"].as_str().unwrap().contains("401"));
    assert!(
        last["BatchRecordsStartTime"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let done = steps.iter().filter(|s| s["Status"] == "COMPLETE").count();
    assert_eq!(metrics["StepsCompleted"], json!(done));
    let records: i64 = steps
        .iter()
        .map(|s| s["RecordsProcessed"].as_i64().unwrap())
        .sum();
    assert_eq!(metrics["RecordsProcessed"], json!(records));
    assert_eq!(metrics["TotalSteps"], 4);

    // The steps name a real flow, whose runs tell the same story.
    let flow = last["FlowName"].as_str().unwrap();
    let f = aws.post("/describe-flow", &json!({"flowName": flow})).await;
    assert_eq!(f.body["flowStatus"], "Errored");
    assert_eq!(
        f.body["lastRunExecutionDetails"]["mostRecentExecutionStatus"],
        "Error"
    );
    let runs = aws
        .post(
            "/describe-flow-execution-records",
            &json!({"flowName": flow}),
        )
        .await;
    let newest = &runs.body["flowExecutions"][0];
    assert_eq!(newest["executionStatus"], "Error");
    assert_eq!(
        newest["executionResult"]["recordsProcessed"],
        last["RecordsProcessed"]
    );
}

#[tokio::test]
async fn execution_records_of_the_hourly_flow_take_several_default_pages() {
    let aws = Aws::start().await;
    let body = json!({"flowName": "retail-orders-s3-hourly"});
    let (runs, pages) = aws
        .af_all(
            "/describe-flow-execution-records",
            body,
            "flowExecutions",
            None,
        )
        .await;
    assert!(pages >= 3, "{pages}");
    let started: Vec<i64> = runs
        .iter()
        .map(|r| r["startedAt"].as_i64().unwrap())
        .collect();
    assert!(started.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let status = |s: &str| runs.iter().filter(|r| r["executionStatus"] == s).count();
    assert_eq!(status("InProgress"), 1);
    assert!(status("Error") >= 5 && status("Successful") > 150);
    let error = runs
        .iter()
        .find(|r| r["executionStatus"] == "Error")
        .unwrap();
    let info = &error["executionResult"]["errorInfo"];
    assert!(
        info["executionMessage"]
            .as_str()
            .unwrap()
            .contains("total_amount")
    );
    assert!(info["putFailuresCount"].is_i64());
    let ok = runs
        .iter()
        .find(|r| r["executionStatus"] == "Successful")
        .unwrap();
    assert!(ok["executionResult"]["bytesProcessed"].as_i64().unwrap() > 0);
    assert!(ok["dataPullEndTime"].as_i64().unwrap() <= ok["startedAt"].as_i64().unwrap());

    let (flows, pages) = aws.af_all("/list-flows", json!({}), "flows", Some(4)).await;
    assert!(pages >= 5, "{pages}");
    let hourly = flows
        .iter()
        .find(|f| f["flowName"] == "retail-orders-s3-hourly")
        .unwrap();
    let last = &hourly["lastRunExecutionDetails"];
    assert_eq!(last["mostRecentExecutionStatus"], "InProgress");
    assert_eq!(last["mostRecentExecutionTime"], runs[0]["startedAt"]);
    for trigger in ["OnDemand", "Scheduled", "Event"] {
        assert!(
            flows.iter().any(|f| f["triggerType"] == trigger),
            "{trigger}"
        );
    }
    for status in ["Active", "Suspended", "Errored", "Draft"] {
        assert!(flows.iter().any(|f| f["flowStatus"] == status), "{status}");
    }
    assert!(
        flows
            .iter()
            .all(|f| f["destinationConnectorType"] == "CustomerProfiles")
    );
}

#[tokio::test]
async fn a_flow_describes_its_source_tasks_and_destination_in_appflow_shapes() {
    let aws = Aws::start().await;
    let f = aws
        .post(
            "/describe-flow",
            &json!({"flowName": "retail-servicenow-incident-sync"}),
        )
        .await;
    assert_eq!(f.status, 200, "{}", f.text);
    let src = &f.body["sourceFlowConfig"];
    assert_eq!(src["connectorType"], "Servicenow");
    assert_eq!(src["connectorProfileName"], "servicenow-itsm");
    assert_eq!(
        src["sourceConnectorProperties"]["ServiceNow"]["object"],
        "incident"
    );
    let tasks = f.body["tasks"].as_array().unwrap();
    assert_eq!(tasks[0]["taskType"], "Filter");
    assert_eq!(tasks[0]["connectorOperator"]["ServiceNow"], "PROJECTION");
    assert!(tasks[1..].iter().all(|t| t["taskType"] == "Map"));
    let dest = &f.body["destinationFlowConfigList"][0];
    assert_eq!(
        dest["destinationConnectorProperties"]["CustomerProfiles"],
        json!({"domainName": "retail-prod", "objectTypeName": "ServiceNow-incident"})
    );
    let sched = &f.body["triggerConfig"]["triggerProperties"]["Scheduled"];
    assert_eq!(sched["scheduleExpression"], "rate(6hours)");
    assert!(sched["scheduleStartTime"].is_i64());
    assert_eq!(
        f.body["flowStatusMessage"],
        "Flow deactivated after 3 consecutive failed runs"
    );

    let (profiles, pages) = aws
        .af_all(
            "/describe-connector-profiles",
            json!({}),
            "connectorProfileDetails",
            Some(2),
        )
        .await;
    assert_eq!((profiles.len(), pages), (6, 3));
    let sf = profiles
        .iter()
        .find(|p| p["connectorProfileName"] == "salesforce-retail")
        .unwrap();
    assert_eq!(
        sf["connectorProfileProperties"]["Salesforce"]["instanceUrl"],
        "https://retail-demo.my.salesforce.com"
    );
    assert!(
        sf["credentialsArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:secretsmanager:")
    );
    assert!(!sf.to_string().to_lowercase().contains("secretkey"));
    let only = aws
        .post(
            "/describe-connector-profiles",
            &json!({"connectorType": "Marketo"}),
        )
        .await;
    assert_eq!(
        only.body["connectorProfileDetails"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let bad = aws
        .post(
            "/describe-connector-profiles",
            &json!({"connectorType": "Nope"}),
        )
        .await;
    assert_eq!(bad.error_type(), "ValidationException");
}
