//! Single-object changes from the command line, as a process against an emulator: a base
//! connection created (its secret masked in the journal), tested and deleted; a delete
//! refused by the service for a connection in use, with its code; a flow deleted with the
//! connections only it used; and a flow cloned into another sandbox through a plan file
//! whose secrets come from the environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use flowscope::api::{Client, ListQuery, collect_all};

use crate::cli_apply::Session;
use crate::support::client::{client_for, quick_retries};
use crate::support::plans::counts;

const S3_SPEC: &str = "ecadc60c-7455-4d87-84dc-2a0e293d997b";

async fn all(client: &Client, collection: &str, q: ListQuery) -> Vec<Value> {
    collect_all(client.pages(collection, &q)).await.unwrap()
}

#[tokio::test]
async fn a_base_connection_is_created_tested_and_deleted_and_journaled_masked() {
    let s = Session::new().await;
    let body = json!({"name": "Script-made S3", "connectionSpec": {"id": S3_SPEC, "version": "1.0"},
        "auth": {"specName": "Access Key Authentication",
                 "params": {"s3AccessKey": "AKIAEXAMPLE", "s3SecretKey": "very-secret-value", "folderPath": "drops"}}})
    .to_string();
    let before = counts(&s.e, "prod");
    let create = ["--yes", "connections", "create", "--file", "-"];
    let made = s.with_env(&create, &[], Some(&body)).await;
    assert_eq!(made.code, 0, "{}", made.stderr);
    let id = made.stdout.trim().strip_prefix("connection: created ");
    let id = id.unwrap().to_string();
    assert!(
        !made.stderr.contains("very-secret-value"),
        "{}",
        made.stderr
    );
    let again = s.with_env(&create, &[], Some(&body)).await;
    assert_eq!(again.stdout.trim(), format!("connection: reused {id}"));
    assert_eq!(counts(&s.e, "prod")[0], before[0] + 1);

    let tested = s.run(&["--yes", "connections", "test", &id]).await;
    assert_eq!(tested.code, 0, "{}", tested.stderr);
    let answer: Value = serde_json::from_str(&tested.stdout).unwrap();
    assert_eq!(answer["result"], true);
    let ro = s
        .run(&["--read-only", "--yes", "connections", "delete", &id])
        .await;
    assert_eq!(ro.code, 2);
    assert!(ro.stderr.contains("read-only"));
    let gone = s.run(&["--yes", "connections", "delete", &id]).await;
    assert_eq!(gone.code, 0, "{}", gone.stderr);
    assert!(
        gone.stderr.contains("is used by nothing"),
        "{}",
        gone.stderr
    );
    let row: Vec<&str> = gone
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(row, [id.as_str(), "done", "deleted"], "{}", gone.stdout);
    assert_eq!(counts(&s.e, "prod")[0], before[0]);

    let raw = std::fs::read_to_string(s.dir.path().join("journal.jsonl")).unwrap();
    assert!(!raw.contains("very-secret-value") && !raw.contains("AKIAEXAMPLE"));
    let done: Vec<String> = s
        .journal()
        .iter()
        .map(|j| format!("{} {}", j.patch["request"].as_str().unwrap(), j.result))
        .collect();
    let expected = [
        "POST /connections ok".to_string(),
        format!("GET /connections/{id}/test ok"),
        format!("DELETE /connections/{id} ok"),
    ];
    assert_eq!(done, expected);
}

#[tokio::test]
async fn deleting_a_base_connection_in_use_shows_its_users_and_the_services_code() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let flows = all(&client, "flows", ListQuery::new()).await;
    let (flow, base) = flows
        .iter()
        .find_map(|f| {
            let sources = f.pointer("/inheritedAttributes/sourceConnections/0")?;
            let base = sources.pointer("/baseConnection/id")?.as_str()?;
            Some((f["id"].as_str()?.to_string(), base.to_string()))
        })
        .unwrap();
    let out = s.run(&["--yes", "connections", "delete", &base]).await;
    assert_eq!(out.code, 1);
    let named = format!("flow {flow}");
    assert!(out.stderr.contains(&named), "the review: {}", out.stderr);
    assert!(out.stderr.contains("FLOW-1418-400"), "{}", out.stderr);
}

#[tokio::test]
async fn a_flow_is_deleted_with_the_connections_only_it_used() {
    let s = Session::new().await;
    let (path, _) = s.workflow("Doomed").await;
    let before = counts(&s.e, "prod");
    let made = s.run(&["--yes", "apply", &path]).await;
    assert_eq!(made.code, 0, "{}", made.stderr);
    let flow = made.stdout.lines().last().unwrap().rsplit(' ').next();
    let flow = flow.unwrap().to_string();
    let delete = ["--yes", "flows", "delete", &flow, "--with-connections"];
    let out = s.run(&delete).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let verbs: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(verbs, ["deleted", "deleted", "deleted"], "{}", out.stdout);
    let review = "1. flow: DELETE /flows/";
    assert!(out.stderr.contains(review), "one review: {}", out.stderr);
    assert_eq!(counts(&s.e, "prod"), before);
}

#[tokio::test]
async fn a_flow_cloned_into_another_sandbox_round_trips_through_apply() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let q = ListQuery::new().property(format!(
        "inheritedAttributes.sourceConnections[].connectionSpec.id=={S3_SPEC}"
    ));
    let one = |f: &&Value, side: &str| f[side].as_array().map(Vec::len) == Some(1);
    let flows = all(&client, "flows", q).await;
    let flow = flows
        .iter()
        .find(|f| one(f, "sourceConnectionIds") && one(f, "targetConnectionIds"))
        .expect("a seeded S3 flow with one source and one target");
    let id = flow["id"].as_str().unwrap();
    let plan_path = s.dir.path().join("clone.json");
    let plan_path = plan_path.to_str().unwrap();
    let clone = [
        "flows",
        "clone",
        id,
        "--to-sandbox",
        "dev",
        "--out",
        plan_path,
    ];
    let cloned = s.run(&clone).await;
    assert_eq!(cloned.code, 0, "{}", cloned.stderr);
    let text = std::fs::read_to_string(plan_path).unwrap();
    let source_id = flow["sourceConnectionIds"][0].as_str().unwrap();
    let source: Value = client
        .get_by_id("sourceConnections", source_id)
        .await
        .unwrap();
    let base_id = source["baseConnectionId"].as_str().unwrap();
    let base: Value = client.get_by_id("connections", base_id).await.unwrap();
    let secret = base["auth"]["params"]["s3SecretKey"].as_str().unwrap();
    assert!(!text.contains(secret), "no secret in the plan file");
    for var in [
        "FLOWSCOPE_BASE_S3_SECRET_KEY",
        "FLOWSCOPE_BASE_S3_ACCESS_KEY",
    ] {
        assert!(cloned.stderr.contains(var), "{var}: {}", cloned.stderr);
    }

    let dev = counts(&s.e, "dev");
    let unset = s.run(&["--yes", "apply", plan_path]).await;
    assert_eq!(unset.code, 2);
    let missing = "FLOWSCOPE_BASE_S3_SECRET_KEY is not set";
    assert!(unset.stderr.contains(missing), "{}", unset.stderr);
    assert_eq!(counts(&s.e, "dev"), dev, "nothing sent without the secrets");

    let env = [
        ("FLOWSCOPE_BASE_S3_SECRET_KEY", "entered-again"),
        ("FLOWSCOPE_BASE_S3_ACCESS_KEY", "AKIAAGAIN"),
    ];
    let applied = s.with_env(&["--yes", "apply", plan_path], &env, None).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    let each = [0, 1, 2, 3].map(|i| dev[i] + 1);
    assert_eq!(counts(&s.e, "dev"), each);
    let new_base = applied.stdout.lines().next().unwrap().rsplit(' ').next();
    let in_dev = client.sandbox("dev");
    let made: Value = in_dev
        .get_by_id("connections", new_base.unwrap())
        .await
        .unwrap();
    assert_eq!(made["auth"]["params"]["s3SecretKey"], "entered-again");
    assert!(
        !applied.stderr.contains("entered-again"),
        "the review masks it"
    );
}

#[tokio::test]
async fn patches_actions_and_runs_are_journaled_as_well() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    // Only a flow scheduled once can be run on demand (aep-api-notes §6).
    let q = ListQuery::new()
        .property("state==enabled")
        .property("scheduleParams.frequency==once")
        .limit(1);
    let flow = all(&client, "flows", q).await.remove(0);
    let id = flow["id"].as_str().unwrap();
    for args in [
        &["--yes", "flows", "disable", id][..],
        &["--yes", "flows", "enable", id],
        &["--yes", "runs", "create", id],
    ] {
        let out = s.run(args).await;
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    let ops = r#"[{"op":"replace","path":"/description","value":"journaled"}]"#;
    let patch = ["--yes", "flows", "patch", id, "--patch", "-"];
    assert_eq!(s.with_env(&patch, &[], Some(ops)).await.code, 0);
    // Already enabled: skipped, so neither sent nor journaled.
    let again = s.run(&["--yes", "flows", "enable", id]).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("already enabled"), "{}", again.stdout);
    // A run of a disabled flow is the service's to refuse, and the refusal is journaled.
    assert_eq!(s.run(&["--yes", "flows", "disable", id]).await.code, 0);
    let refused = s.run(&["--yes", "runs", "create", id]).await;
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("FLOW-1422-400"),
        "{}",
        refused.stderr
    );
    let lines: Vec<(String, String)> = s
        .journal()
        .iter()
        .map(|j| (j.resource.clone(), j.result.clone()))
        .collect();
    let kinds: Vec<&str> = lines.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(kinds, ["flows", "flows", "runs", "flows", "flows", "runs"]);
    assert!(lines[..5].iter().all(|(_, r)| r == "ok"), "{lines:?}");
    assert!(
        lines[5].1.contains("FLOW-1422-400"),
        "a refusal is journaled"
    );
}

#[tokio::test]
async fn datasets_are_listed_in_every_format_and_read_one_by_one() {
    let s = Session::new().await;
    let total = s.e.object_count("prod", "dataSets").unwrap();
    let json = s
        .run(&["datasets", "list", "-o", "json", "--limit", "5"])
        .await;
    assert_eq!(json.code, 0, "{}", json.stderr);
    let listed: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(listed.len(), total, "every page");
    let table = s.run(&["datasets", "list"]).await;
    let header = table.stdout.lines().next().unwrap();
    assert!(
        header.starts_with("ID") && header.contains("SCHEMA"),
        "{header}"
    );
    assert_eq!(table.stdout.lines().count(), total + 1);
    let csv = s.run(&["datasets", "list", "-o", "csv"]).await;
    assert!(
        csv.stdout.starts_with("ID,NAME,SCHEMA,CREATED\n"),
        "{}",
        csv.stdout
    );
    let id = listed[0]["id"].as_str().unwrap();
    let one = s.run(&["datasets", "get", id]).await;
    assert_eq!(one.code, 0, "{}", one.stderr);
    let got: Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(
        (&got["id"], &got["name"]),
        (&listed[0]["id"], &listed[0]["name"])
    );
    let missing = s
        .run(&["datasets", "get", "000000000000000000000000"])
        .await;
    assert_eq!(missing.code, 1);
}
