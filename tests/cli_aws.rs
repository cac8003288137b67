//! `flowscope aws …` run as a process against an emulator started in the test (through
//! `--endpoint`, whose root serves Customer Profiles and AppFlow): a workflow created from
//! each connector's template and followed with `--wait` while the test moves the
//! emulator's clock, listed and deleted; a request the validator refuses (exit 2, nothing
//! sent) and one the service refuses (exit 1, its code shown); `--read-only`; and the
//! flow edits with AppFlow's refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};

use crate::cli::{Out, at, emu};
use flowscope::emulator::EmulatorHandle;

const DOMAIN: &str = "retail-prod";

fn file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("flowscope-cli-aws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Moves the emulator's clock on by 20 s every 20 ms until dropped, so a workflow that
/// takes minutes of emulator time ends within a few polls.
struct Ticking(Arc<AtomicBool>);

impl Ticking {
    fn start(e: &EmulatorHandle) -> Ticking {
        let on = Arc::new(AtomicBool::new(true));
        let (clock, flag) = (e.clock.clone(), on.clone());
        tokio::spawn(async move {
            while flag.load(Ordering::Relaxed) {
                clock.advance(20_000);
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        });
        Ticking(on)
    }
}

impl Drop for Ticking {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

async fn template(e: &EmulatorHandle, connector: &str) -> String {
    let out = at(
        e,
        &[
            "aws",
            "workflows",
            "create",
            "-d",
            DOMAIN,
            "--template",
            connector,
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{connector}: {}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["DomainName"], DOMAIN);
    out.stdout
}

/// `flowscope --yes aws CMD… --file F` with `text` written to the file `name`.
async fn sent(e: &EmulatorHandle, cmd: &[&str], name: &str, text: &str) -> Out {
    let path = file(name, text);
    let mut args = vec!["--yes", "aws"];
    args.extend_from_slice(cmd);
    args.extend(["--file", path.to_str().unwrap()]);
    at(e, &args).await
}

fn ids(out: &Out) -> Vec<String> {
    out.stdout.lines().map(str::to_string).collect()
}

#[tokio::test]
async fn each_connectors_template_is_created_followed_to_its_end_listed_and_deleted() {
    let e = emu().await;
    let _tick = Ticking::start(&e);
    for connector in ["Salesforce", "Marketo", "Zendesk", "Servicenow", "S3"] {
        let text = template(&e, connector).await;
        let create = ["workflows", "create", "-d", DOMAIN, "--wait"];
        let out = sent(&e, &create, &format!("{connector}.json"), &text).await;
        assert_eq!(out.code, 0, "{connector}: {}", out.stderr);
        let id = out.json()["WorkflowId"].as_str().unwrap().to_string();
        assert!(
            out.stderr.contains(&format!("workflow {id} is COMPLETE")),
            "{}",
            out.stderr
        );

        let listed = at(&e, &["aws", "workflows", "list", "-d", DOMAIN, "-o", "ids"]).await;
        assert_eq!(listed.code, 0, "{}", listed.stderr);
        assert!(ids(&listed).contains(&id), "{connector}: {id} listed");
        let table = at(
            &e,
            &[
                "aws",
                "workflows",
                "list",
                "-d",
                DOMAIN,
                "--status",
                "COMPLETE",
            ],
        )
        .await;
        assert!(table.stdout.starts_with("WORKFLOW"), "{}", table.stdout);
        assert!(table.stdout.contains(&id));

        let gone = at(
            &e,
            &["--yes", "aws", "workflows", "delete", "-d", DOMAIN, &id],
        )
        .await;
        assert_eq!(gone.code, 0, "{}", gone.stderr);
        assert!(gone.stdout.contains("deleted"), "{}", gone.stdout);
        let get = at(&e, &["aws", "workflows", "get", "-d", DOMAIN, &id]).await;
        assert_eq!(get.code, 1);
        assert!(
            get.stderr.contains("ResourceNotFoundException"),
            "{}",
            get.stderr
        );
    }
    assert_eq!(e.aws_workflows_created(), 5);
}

#[tokio::test]
async fn an_invalid_request_is_exit_2_and_a_refused_one_exit_1() {
    let e = emu().await;
    let text = template(&e, "Zendesk").await;
    let bad = text.replacen("\"Filter\"", "\"Filterr\"", 1);
    assert_ne!(bad, text);
    let out = sent(&e, &["workflows", "create", "-d", DOMAIN], "bad.json", &bad).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("IntegrationConfig.AppflowIntegration.FlowDefinition.Tasks[0].TaskType"),
        "each problem at its path: {}",
        out.stderr
    );
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["ObjectTypeName"] = json!("Zendesk-tikets");
    let out = sent(
        &e,
        &["workflows", "create", "-d", DOMAIN],
        "unknown-type.json",
        &serde_json::to_string_pretty(&v).unwrap(),
    )
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("ObjectTypeName: Zendesk-tikets"),
        "{}",
        out.stderr
    );
    assert_eq!(e.aws_workflows_created(), 0, "nothing was sent");

    // The service refuses: an unknown domain, a taken flow name.
    let out = at(&e, &["aws", "workflows", "list", "-d", "no-such-domain"]).await;
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("ResourceNotFoundException"),
        "{}",
        out.stderr
    );
    let create = ["workflows", "create", "-d", DOMAIN];
    assert_eq!(sent(&e, &create, "ok.json", &text).await.code, 0);
    let again = sent(&e, &create, "ok.json", &text).await;
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(
        again.stderr.contains("BadRequestException"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("is taken"), "{}", again.stderr);
    let out = at(&e, &["aws", "object-types", "get", "-d", DOMAIN, "Nope"]).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
}

#[tokio::test]
async fn read_only_refuses_every_change_before_reading() {
    let e = emu().await;
    let listed = at(&e, &["aws", "workflows", "list", "-d", DOMAIN, "-o", "ids"]).await;
    let id = ids(&listed)[0].clone();
    let p = file("flow.json", "{}");
    for args in [
        vec!["aws", "workflows", "delete", "-d", DOMAIN, id.as_str()],
        vec![
            "aws",
            "flows",
            "delete",
            "--force",
            "retail-orders-s3-hourly",
        ],
        vec!["aws", "flows", "stop", "retail-orders-s3-hourly"],
        vec![
            "aws",
            "flows",
            "update",
            "retail-orders-s3-hourly",
            "--file",
            p.to_str().unwrap(),
        ],
        vec!["aws", "flows", "cancel", "retail-zendesk-tickets-export"],
    ] {
        let mut all = vec!["--read-only", "--yes"];
        all.extend(args.iter());
        let out = at(&e, &all).await;
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("refused under --read-only"),
            "{}",
            out.stderr
        );
    }
    assert_eq!(e.count("POST /delete-flow") + e.count("POST /stop-flow"), 0);
    let out = at(&e, &["--read-only", "aws", "flows", "list", "-o", "json"]).await;
    assert_eq!(out.code, 0, "reads go on: {}", out.stderr);
}

#[tokio::test]
async fn flows_are_updated_stopped_and_deleted_with_appflows_refusals() {
    let e = emu().await;
    let flow = "retail-salesforce-contact-events";
    let described = at(&e, &["aws", "flows", "describe", flow]).await;
    let mut v = described.json();
    v["description"] = json!("Hourly orders edited from the command line");
    let out = sent(
        &e,
        &["flows", "update", flow],
        "update.json",
        &v.to_string(),
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = at(&e, &["aws", "flows", "describe", flow]).await.json();
    assert_eq!(
        after["description"],
        "Hourly orders edited from the command line"
    );

    // Checked against the model's members before anything is sent.
    v.as_object_mut().unwrap().remove("tasks");
    let out = sent(
        &e,
        &["flows", "update", flow],
        "no-tasks.json",
        &v.to_string(),
    )
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("tasks: required member missing"),
        "{}",
        out.stderr
    );
    assert_eq!(e.count("POST /update-flow"), 1);

    // In use by its integration: refused without --force, the code in the summary.
    let out = at(&e, &["--yes", "aws", "flows", "delete", flow]).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("ConflictException"), "{}", out.stdout);
    let out = at(&e, &["--yes", "aws", "flows", "delete", "--force", flow]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);

    // Stop: an on-demand flow is skipped, a scheduled one suspended; start then edit
    // while it runs is a conflict.
    let on_demand = "retail-zendesk-tickets-export";
    let out = at(
        &e,
        &[
            "--yes",
            "aws",
            "flows",
            "stop",
            on_demand,
            "retail-servicenow-incident-sync",
            "-o",
            "json",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = out.json();
    assert_eq!(rows[0]["end"], "skipped");
    assert_eq!(rows[1]["end"], "done");
    let out = at(&e, &["--yes", "aws", "flows", "start", on_demand]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let running = at(&e, &["aws", "flows", "describe", on_demand]).await;
    let out = sent(
        &e,
        &["flows", "update", on_demand],
        "running.json",
        &running.stdout,
    )
    .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("ConflictException"), "{}", out.stderr);
    let out = at(&e, &["--yes", "aws", "flows", "cancel", on_demand]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = at(&e, &["--yes", "aws", "flows", "delete", "no-such-flow"]).await;
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("ResourceNotFoundException"),
        "{}",
        out.stdout
    );
}

#[tokio::test]
async fn lists_of_every_aws_kind_come_as_tables_json_and_ids() {
    let e = emu().await;
    for (args, header) in [
        (vec!["aws", "domains", "list"], "DOMAIN"),
        (vec!["aws", "flows", "list"], "FLOW"),
        (
            vec!["aws", "flows", "executions", "retail-orders-s3-hourly"],
            "EXECUTION",
        ),
        (vec!["aws", "connector-profiles", "list"], "PROFILE"),
        (vec!["aws", "integrations", "list", "-d", DOMAIN], "FLOW"),
        (
            vec!["aws", "object-types", "list", "-d", DOMAIN],
            "OBJECT TYPE",
        ),
    ] {
        let out = at(&e, &args).await;
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stdout.starts_with(header), "{args:?}: {}", out.stdout);
    }
    let names = at(&e, &["aws", "domains", "list", "-o", "ids"]).await;
    assert_eq!(ids(&names), ["loyalty-sandbox", "retail-prod"]);
    let o = at(
        &e,
        &["aws", "object-types", "get", "-d", DOMAIN, "S3-orders"],
    )
    .await
    .json();
    assert!(o["Keys"].as_object().is_some_and(|k| !k.is_empty()), "{o}");
}
