//! The scriptable CLI, run as a process against an emulator started in the test (through
//! `--endpoint`) and against the embedded demo: output formats, paging, filters,
//! changes with confirmation and `--read-only`, DLZ commands, and exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Stdio;

use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle};
use serde_json::Value;
use tokio::io::AsyncWriteExt;

pub(crate) struct Out {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Out {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

pub(crate) async fn emu() -> EmulatorHandle {
    emulator::start("127.0.0.1:0".parse().unwrap(), EmulatorConfig::for_tests())
        .await
        .unwrap()
}

/// The binary with a clean configuration environment and every stream piped.
pub(crate) fn command(args: &[&str]) -> tokio::process::Command {
    let home = std::env::temp_dir().join("flowscope-cli-test-config");
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_flowscope"));
    cmd.args(args)
        .env("XDG_CONFIG_HOME", &home)
        .env("HOME", &home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("FLOWSCOPE_")) {
        cmd.env_remove(k);
    }
    cmd
}

/// Runs the binary to the end, with `stdin` as its input.
async fn cli(args: &[&str], stdin: Option<&str>) -> Out {
    finish(command(args).spawn().unwrap(), stdin).await
}

/// Gives a started binary `stdin` as its input and waits for its end.
pub(crate) async fn finish(mut child: tokio::process::Child, stdin: Option<&str>) -> Out {
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).await.unwrap();
    }
    drop(input);
    let out = child.wait_with_output().await.unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(crate) async fn at(e: &EmulatorHandle, args: &[&str]) -> Out {
    let url = e.base_url();
    let mut all = vec!["--endpoint", url.as_str()];
    all.extend_from_slice(args);
    cli(&all, None).await
}

#[tokio::test]
async fn lists_stream_every_page_as_ndjson_and_json() {
    let e = emu().await;
    let total = e.object_count("prod", "runs").unwrap();
    let out = at(
        &e,
        &[
            "runs", "list", "--all", "--limit", "250", "--output", "ndjson",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let runs = out.lines();
    assert_eq!(runs.len(), total);
    let ids: std::collections::HashSet<_> = runs
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), total, "no run twice");
    let first = at(&e, &["flows", "list", "--limit", "5", "--output", "json"]).await;
    assert_eq!(first.json().as_array().unwrap().len(), 5);
    assert!(
        first.stderr.contains("--all"),
        "says there is more: {}",
        first.stderr
    );
}

#[tokio::test]
async fn filters_and_tables() {
    let e = emu().await;
    let out = at(
        &e,
        &[
            "flows",
            "list",
            "--all",
            "--filter",
            "state==disabled",
            "-o",
            "ndjson",
        ],
    )
    .await;
    let flows = out.lines();
    assert!(!flows.is_empty());
    assert!(flows.iter().all(|f| f["state"] == "disabled"));
    let table = at(&e, &["flows", "list", "--limit", "3"]).await;
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("SOURCE → TARGET"),
        "{}",
        table.stdout
    );
    assert_eq!(lines.len(), 4);
    assert!(
        !table.stdout.contains("26f526f2-58f4"),
        "spec ids are shown by name"
    );
    let bad = at(&e, &["flows", "list", "--filter", "name~x"]).await;
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("FLOW-1440-400"), "{}", bad.stderr);
}

#[tokio::test]
async fn csv_has_the_tables_columns_with_every_cell_whole() {
    let e = emu().await;
    let total = e.object_count("prod", "flows").unwrap();
    let out = at(&e, &["flows", "list", "--all", "--limit", "7", "-o", "csv"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut r = csv::Reader::from_reader(out.stdout.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[..2], ["ID", "NAME"], "{}", out.stdout);
    assert!(headers.iter().any(|h| h == "SOURCE → TARGET"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total, "one header, then every flow once");
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids.len(), total);
    // Whole ids and names (the table cuts cells at its width; CSV never does).
    assert!(
        rows.iter()
            .all(|r| r[0].len() == 36 && !r[1].ends_with('…'))
    );
    // An empty list is its header alone; one object is field,value pairs.
    let none = at(
        &e,
        &[
            "flows",
            "list",
            "--filter",
            "name==nothing is called this",
            "-o",
            "csv",
        ],
    )
    .await;
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert_eq!(none.stdout.lines().count(), 1, "{}", none.stdout);
    let one = at(&e, &["flows", "get", &rows[0][0], "-o", "csv"]).await;
    assert!(one.stdout.starts_with("field,value\n"), "{}", one.stdout);
    assert!(one.stdout.contains(&format!("id,{}", &rows[0][0])));
}

#[tokio::test]
async fn get_shows_the_whole_object_and_unknown_ids_exit_1_with_the_code() {
    let e = emu().await;
    let id = at(&e, &["connections", "list", "--limit", "1", "-o", "json"])
        .await
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let one = at(&e, &["connections", "get", &id]).await;
    assert_eq!(one.code, 0);
    assert_eq!(one.json()["id"], Value::String(id));
    assert!(
        one.json().get("createdAt").is_some(),
        "unknown fields are kept"
    );
    let missing = at(&e, &["flows", "get", "nope"]).await;
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("FLOW-1101-404"),
        "{}",
        missing.stderr
    );
    for args in [
        &["specs", "list", "--limit", "2"][..],
        &["specs", "list", "--flow"],
        &["source-connections", "list"],
        &["target-connections", "list"],
    ] {
        assert_eq!(at(&e, args).await.code, 0, "{args:?}");
    }
}

#[tokio::test]
async fn bad_usage_exits_2() {
    assert_eq!(cli(&["flows", "frobnicate"], None).await.code, 2);
    assert_eq!(cli(&["emulate", "--error-rate", "7"], None).await.code, 2);
    let e = emu().await;
    let bad_patch = at(&e, &["flows", "patch", "x", "--patch", "-"]).await;
    assert_eq!(
        bad_patch.code, 2,
        "empty stdin is not a patch: {}",
        bad_patch.stderr
    );
}

#[tokio::test]
async fn changes_need_confirmation_and_are_refused_read_only() {
    let e = emu().await;
    let url = e.base_url();
    let flow = at(
        &e,
        &[
            "flows",
            "list",
            "--filter",
            "state==enabled",
            "--limit",
            "1",
            "-o",
            "json",
        ],
    )
    .await
    .json()[0]
        .clone();
    let id = flow["id"].as_str().unwrap();
    let ro = cli(
        &[
            "--endpoint",
            &url,
            "--read-only",
            "--yes",
            "flows",
            "disable",
            id,
        ],
        None,
    )
    .await;
    assert_eq!(ro.code, 2);
    assert!(ro.stderr.contains("read-only"));
    let unconfirmed = at(&e, &["flows", "disable", id]).await;
    assert_eq!(
        unconfirmed.code, 2,
        "no terminal and no --yes: {}",
        unconfirmed.stderr
    );
    assert_eq!(
        e.count(&format!(
            "POST /data/foundation/flowservice/flows/{id}/action"
        )),
        0,
        "nothing was sent"
    );

    let off = at(&e, &["--yes", "flows", "disable", id]).await;
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert_eq!(
        at(&e, &["flows", "get", id]).await.json()["state"],
        "disabled"
    );
    // Already disabled: skipped with the reason, and not sent (the service would refuse
    // it with FLOW-1422-400).
    let again = at(&e, &["--yes", "flows", "disable", id]).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("skipped"), "{}", again.stdout);
    assert!(
        again.stdout.contains("already disabled"),
        "{}",
        again.stdout
    );
    let action = format!("POST /data/foundation/flowservice/flows/{id}/action");
    assert_eq!(e.count(&action), 1, "only the first disable was sent");
    assert_eq!(at(&e, &["--yes", "flows", "enable", id]).await.code, 0);
}

#[tokio::test]
async fn patch_fetches_the_etag_itself_from_a_file_or_stdin() {
    let e = emu().await;
    let url = e.base_url();
    let flow = at(&e, &["flows", "list", "--limit", "1", "-o", "json"])
        .await
        .json()[0]
        .clone();
    let id = flow["id"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fix.json");
    std::fs::write(
        &file,
        r#"[{"op":"replace","path":"/name","value":"Fixed by file"}]"#,
    )
    .unwrap();
    let out = at(
        &e,
        &[
            "--yes",
            "flows",
            "patch",
            id,
            "--patch",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_ne!(out.json()["etag"], flow["etag"]);
    let piped = cli(
        &[
            "--endpoint",
            &url,
            "--yes",
            "flows",
            "patch",
            id,
            "--patch",
            "-",
        ],
        Some(r#"[{"op":"replace","path":"/description","value":"from stdin"}]"#),
    )
    .await;
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    let now = at(&e, &["flows", "get", id]).await.json();
    assert_eq!(
        (now["name"].as_str(), now["description"].as_str()),
        (Some("Fixed by file"), Some("from stdin"))
    );
    let rejected = cli(
        &[
            "--endpoint",
            &url,
            "--yes",
            "flows",
            "patch",
            id,
            "--patch",
            "-",
        ],
        Some(r#"[{"op":"replace","path":"/id","value":"x"}]"#),
    )
    .await;
    assert_eq!(rejected.code, 1);
    assert!(
        rejected.stderr.contains("FLOW-1455-400"),
        "{}",
        rejected.stderr
    );
    let malformed = cli(
        &[
            "--endpoint",
            &url,
            "--yes",
            "flows",
            "patch",
            id,
            "--patch",
            "-",
        ],
        Some("[{\"op\":"),
    )
    .await;
    assert_eq!(malformed.code, 2);
    assert!(
        malformed.stderr.contains("-:1:"),
        "points at the line: {}",
        malformed.stderr
    );
}

#[tokio::test]
async fn runs_create_triggers_exactly_one_run() {
    let e = emu().await;
    let flow = at(
        &e,
        &[
            "flows",
            "list",
            "--filter",
            "state==enabled",
            // Only a flow scheduled once can be run on demand (aep-api-notes §6).
            "--filter",
            "scheduleParams.frequency==once",
            "--limit",
            "1",
            "-o",
            "json",
        ],
    )
    .await
    .json()[0]
        .clone();
    let id = flow["id"].as_str().unwrap();
    let out = at(&e, &["--yes", "runs", "create", id, "-o", "json"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ended = &out.json()[0];
    assert_eq!((&ended["id"], &ended["end"]), (&flow["id"], &"done".into()));
    let run_id = ended["answer"]["id"].as_str().unwrap().to_string();
    assert_eq!(e.count("POST /data/foundation/flowservice/runs"), 1);
    let run = at(&e, &["runs", "get", &run_id]).await.json();
    assert_eq!(run["metrics"]["statusSummary"]["status"], "scheduled");
    let of_flow = at(
        &e,
        &["runs", "list", "--flow", id, "--limit", "1", "-o", "json"],
    )
    .await
    .json();
    assert_eq!(of_flow[0]["id"].as_str(), Some(run_id.as_str()));
}

#[tokio::test]
async fn dlz_ls_and_preview() {
    let e = emu().await;
    let root = at(&e, &["dlz", "ls", "-o", "json"]).await;
    assert_eq!(root.code, 0, "{}", root.stderr);
    let items = root.json();
    let folder = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["type"] == "folder")
        .unwrap();
    let name = folder["name"].as_str().unwrap();
    let inside = at(&e, &["dlz", "ls", name, "-o", "json"]).await;
    assert_eq!(
        inside.code, 0,
        "a path relative to the container works: {}",
        inside.stderr
    );
    let file = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["type"] == "file" && i["name"].as_str().unwrap().ends_with(".csv"))
        .unwrap();
    let preview = at(&e, &["dlz", "preview", file["name"].as_str().unwrap()]).await;
    assert_eq!(preview.code, 0, "{}", preview.stderr);
    assert!(
        preview.stdout.starts_with("# {"),
        "detected properties first: {}",
        preview.stdout
    );
    assert!(preview.stdout.lines().count() > 2);
    let container = at(&e, &["dlz", "container"]).await;
    assert!(container.stdout.contains("dlz-user-container"));
}

#[tokio::test]
async fn with_nothing_configured_the_demo_runs_and_says_so() {
    let out = cli(&["flows", "list", "--limit", "2", "-o", "json"], None).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("demo"), "{}", out.stderr);
    assert_eq!(out.json().as_array().unwrap().len(), 2);
    let dev = cli(
        &[
            "--demo",
            "--sandbox",
            "dev",
            "flows",
            "list",
            "--limit",
            "1",
            "-o",
            "json",
        ],
        None,
    )
    .await;
    assert_eq!(dev.json()[0]["sandboxName"], "dev");
}

#[tokio::test]
async fn secrets_are_masked_unless_revealed_on_purpose() {
    let e = emu().await;
    let find_key = |out: &Out| {
        out.lines()
            .into_iter()
            .find_map(|c| {
                c["auth"]["params"]["s3SecretKey"]
                    .as_str()
                    .map(String::from)
            })
            .expect("a seeded S3 connection")
    };
    let masked = at(&e, &["connections", "list", "--all", "-o", "ndjson"]).await;
    assert_eq!(find_key(&masked), flowscope::model::redact::MASK);
    let revealed = at(
        &e,
        &[
            "--reveal-secrets",
            "connections",
            "list",
            "--all",
            "-o",
            "ndjson",
        ],
    )
    .await;
    let secret = find_key(&revealed);
    assert_ne!(secret, flowscope::model::redact::MASK);
    assert!(!masked.stdout.contains(&secret));
}
