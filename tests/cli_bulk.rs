//! The many-id changes of the CLI, run as a process against an emulator: a retry of 100
//! failed runs whose answers are lost or failed one time in five sends each retry once
//! and names every unsure run; a retry of a mix of runs skips the ones that did not fail
//! and refuses the unknown one; `--read-only` sends nothing; flows enabled and disabled
//! by ids on standard input skip those already so; runs triggered only of flows
//! scheduled once; connections deleted with the one in use refused with its code; ids
//! listed with `-o ids` piped into a retry; and on a terminal, the question and the
//! progress line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use serde_json::{Value, json};

use flowscope::api::{Client, ListQuery, collect_all};
use flowscope::emulator::FaultConfig;

use crate::cli_apply::Session;
use crate::support::client::{FS, client_for, quick_retries};
use crate::support::pty::Pty;

const S3_SPEC: &str = "ecadc60c-7455-4d87-84dc-2a0e293d997b";

/// The ids of the first `n` runs of `status`, newest first.
async fn runs_of(client: &Client, status: &str, n: usize) -> Vec<String> {
    let q = ListQuery::new()
        .property(format!("metrics.statusSummary.status=={status}"))
        .orderby("-createdAt");
    let runs = collect_all(client.list_runs(&q)).await.unwrap();
    runs.into_iter().take(n).map(|r| r.id).collect()
}

async fn status_of(client: &Client, id: &str) -> String {
    let run = client.get_run(id).await.unwrap();
    run.status().unwrap_or_default().to_string()
}

fn retries_of(s: &Session, id: &str) -> u64 {
    s.e.count(&format!("POST {FS}/runs/{id}/action"))
}

/// Every retry POST the emulator received, whichever run.
fn all_retries(s: &Session) -> u64 {
    let re = |k: &String| k.starts_with(&format!("POST {FS}/runs/")) && k.ends_with("/action");
    s.e.counters()
        .iter()
        .filter(|(k, _)| re(k))
        .map(|(_, n)| n)
        .sum()
}

/// The summary's rows by id, from `-o json`.
fn rows(stdout: &str) -> BTreeMap<String, Value> {
    let rows: Vec<Value> = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("the summary is not JSON ({e}): {stdout}"));
    rows.into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r))
        .collect()
}

#[tokio::test]
async fn a_retry_of_100_failed_runs_with_a_fifth_of_answers_lost_or_failed_sends_each_once() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let failed = runs_of(&client, "failed", 100).await;
    assert_eq!(failed.len(), 100, "the test seed has 100 failed runs");
    // Faults on POST only: each run is read cleanly, and each retry is answered with a
    // 5xx (nothing done) or its answer lost after it was done, one time in five.
    s.e.set_faults(FaultConfig {
        error_rate: 0.1,
        drop_rate: 0.1,
        methods: vec!["POST".into()],
        ..FaultConfig::default()
    });
    let stdin = format!("# failed this morning\n{}\n", failed.join("\n"));
    let args = ["--yes", "runs", "retry", "-", "-o", "json"];
    let out = s.with_env(&args, &[], Some(&stdin)).await;
    assert_eq!(out.code, 1, "some were refused or unsure: {}", out.stderr);
    s.e.set_faults(FaultConfig::default());

    for id in &failed {
        assert_eq!(retries_of(&s, id), 1, "run {id} was retried exactly once");
    }
    assert_eq!(all_retries(&s), 100, "no other retry was sent");

    let rows = rows(&out.stdout);
    assert_eq!(rows.len(), 100, "one row a run");
    let mut ends: BTreeMap<String, usize> = BTreeMap::new();
    let mut lost = 0;
    for id in &failed {
        let row = &rows[id];
        let end = row["end"].as_str().unwrap();
        *ends.entry(end.to_string()).or_default() += 1;
        // The emulator's clock stands still: a retry it carried out is in progress.
        let carried_out = status_of(&client, id).await == "inProgress";
        let message = row["message"].as_str().unwrap();
        match end {
            "done" => assert!(carried_out, "{id} done but not retried"),
            "unsure" => assert!(message.contains("may have been applied"), "{row}"),
            "refused" => {
                assert!(!carried_out, "{id} refused but retried");
                let code = row["code"].as_str().unwrap();
                assert!(code.starts_with("FLOW-1000-5"), "the service's code: {row}");
                assert!(!message.is_empty(), "the service's message: {row}");
            }
            other => panic!("{id}: a failed run ends {other}"),
        }
        if carried_out && end != "done" {
            assert_eq!(end, "unsure", "{id}: its answer was lost, so it is unsure");
            lost += 1;
        }
    }
    let (done, refused, unsure) = (ends["done"], ends["refused"], ends["unsure"]);
    assert_eq!(done + refused + unsure, 100, "{ends:?}");
    assert!(refused > 0 && lost > 0, "the faults hit some: {ends:?}");
    let counts = format!("{done} done, {refused} refused, {unsure} unsure, 0 skipped");
    assert!(out.stderr.contains(&counts), "{}", out.stderr);
    let journal = s.journal();
    assert_eq!(journal.len(), 100, "one entry a run sent");
    let unsure_journaled = journal
        .iter()
        .filter(|j| j.result.contains("may have been applied"))
        .count();
    assert_eq!(unsure_journaled, unsure);
}

#[tokio::test]
async fn a_retry_skips_runs_that_did_not_fail_and_refuses_unknown_ones() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let failed = runs_of(&client, "failed", 1).await.remove(0);
    let succeeded = runs_of(&client, "success", 1).await.remove(0);
    let unknown = "00000000-0000-4000-8000-000000000000";

    let ro = s
        .run(&["--read-only", "--yes", "runs", "retry", &failed, &succeeded])
        .await;
    assert_eq!(ro.code, 2);
    assert!(ro.stderr.contains("read-only"), "{}", ro.stderr);
    let unconfirmed = s.run(&["runs", "retry", &failed]).await;
    assert_eq!(unconfirmed.code, 2, "no terminal and no --yes");
    assert_eq!(all_retries(&s), 0, "nothing sent");

    let out = s
        .run(&["--yes", "runs", "retry", &failed, &succeeded, unknown])
        .await;
    assert_eq!(out.code, 1, "the unknown run: {}", out.stderr);
    let lines: Vec<Vec<&str>> = out
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["ID", "END", "CODE", "MESSAGE"]);
    assert_eq!(lines[1][..3], [failed.as_str(), "done", "now"]);
    assert_eq!(
        lines[2],
        [succeeded.as_str(), "skipped", "run", "is", "success"]
    );
    assert_eq!(lines[3][..2], [unknown, "refused"]);
    assert!(
        lines[3][2].ends_with("-404"),
        "the service's code: {:?}",
        lines[3]
    );
    assert_eq!(
        out.stdout.lines().last(),
        Some("1 done, 1 refused, 0 unsure, 1 skipped")
    );
    assert!(out.stderr.contains(unknown), "{}", out.stderr);
    assert_eq!(retries_of(&s, &failed), 1);
    assert_eq!(all_retries(&s), 1, "only the failed run was sent");

    let again = s.run(&["--yes", "runs", "retry", &failed]).await;
    assert_eq!(
        again.code, 0,
        "now in progress, so skipped: {}",
        again.stdout
    );
    assert!(
        again.stdout.contains("run is inProgress"),
        "{}",
        again.stdout
    );
    assert_eq!(all_retries(&s), 1);

    let journal = s.journal();
    assert_eq!(journal.len(), 1, "one entry a run sent");
    let j = &journal[0];
    assert_eq!(
        (j.resource.as_str(), j.id.as_str()),
        ("runs", failed.as_str())
    );
    let request = format!("POST /runs/{failed}/action?op=RE_TRIGGER");
    assert_eq!(j.patch, json!({ "request": request }));
    assert_eq!(j.result, "ok");
}

#[tokio::test]
async fn flows_enabled_and_disabled_from_standard_input_skip_those_already_so() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let q = ListQuery::new().property("state==enabled").limit(3);
    let flows = collect_all(client.list_flows(&q)).await.unwrap();
    let ids: Vec<String> = flows.into_iter().take(3).map(|f| f.id).collect();
    let action = |id: &str| s.e.count(&format!("POST {FS}/flows/{id}/action"));
    let first = s.run(&["--yes", "flows", "disable", &ids[0]]).await;
    assert_eq!(first.code, 0, "{}", first.stderr);

    let stdin = format!(
        "{}\n\n# the rest\n{}\n{}\n{}\n",
        ids[0], ids[1], ids[2], ids[1]
    );
    let args = ["--yes", "flows", "disable", "-", "-o", "json"];
    let off = s.with_env(&args, &[], Some(&stdin)).await;
    assert_eq!(off.code, 0, "{}", off.stderr);
    let r = rows(&off.stdout);
    assert_eq!(r.len(), 3, "a duplicate is sent once");
    assert_eq!(r[&ids[0]]["end"], "skipped");
    assert_eq!(r[&ids[0]]["message"], "already disabled");
    assert_eq!(
        (&r[&ids[1]]["end"], &r[&ids[2]]["end"]),
        (&json!("done"), &json!("done"))
    );
    assert_eq!(
        [action(&ids[0]), action(&ids[1]), action(&ids[2])],
        [1, 1, 1]
    );
    for id in &ids {
        assert_eq!(
            client.get_flow(id).await.unwrap().state.as_deref(),
            Some("disabled")
        );
    }

    let on = s
        .with_env(&["--yes", "flows", "enable", "-"], &[], Some(&stdin))
        .await;
    assert_eq!(on.code, 0, "{}", on.stderr);
    assert!(
        on.stdout
            .ends_with("3 done, 0 refused, 0 unsure, 0 skipped\n"),
        "{}",
        on.stdout
    );
    let journal = s.journal();
    let kinds: Vec<(&str, &str)> = journal
        .iter()
        .map(|j| (j.resource.as_str(), j.result.as_str()))
        .collect();
    assert_eq!(kinds, [("flows", "ok"); 6], "one entry a flow sent");
}

#[tokio::test]
async fn runs_are_triggered_only_of_flows_scheduled_once() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let first = |q: ListQuery| {
        let client = client.clone();
        async move {
            collect_all(client.list_flows(&q.limit(1)))
                .await
                .unwrap()
                .remove(0)
                .id
        }
    };
    let once = first(
        ListQuery::new()
            .property("state==enabled")
            .property("scheduleParams.frequency==once"),
    )
    .await;
    let hourly = first(
        ListQuery::new()
            .property("state==enabled")
            .property("scheduleParams.frequency==hour"),
    )
    .await;
    let out = s
        .run(&["--yes", "runs", "create", &once, &hourly, "-o", "json"])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = rows(&out.stdout);
    assert_eq!(r[&once]["end"], "done");
    let made = r[&once]["answer"]["id"].as_str().unwrap();
    assert_eq!(r[&hourly]["end"], "skipped");
    let why = r[&hourly]["message"].as_str().unwrap();
    assert!(
        why.contains("every hour") && why.contains("scheduled once"),
        "{why}"
    );
    assert_eq!(s.e.posts("runs"), 1, "the hourly flow was not sent");
    let journal = s.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(
        (journal[0].id.as_str(), journal[0].result.as_str()),
        (made, "ok")
    );
    let wait_many = s
        .run(&["--yes", "runs", "create", &once, &hourly, "--wait"])
        .await;
    assert_eq!(
        wait_many.code, 2,
        "--wait follows one run: {}",
        wait_many.stderr
    );
}

#[tokio::test]
async fn connections_deleted_by_ids_on_standard_input_refuse_the_one_in_use() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let mut unused = Vec::new();
    for n in 0..2 {
        let body = json!({"name": format!("Spare S3 {n}"),
            "connectionSpec": {"id": S3_SPEC, "version": "1.0"},
            "auth": {"specName": "Access Key Authentication",
                     "params": {"s3AccessKey": "AKIAEXAMPLE", "s3SecretKey": "secret", "folderPath": "drops"}}});
        unused.push(client.create_connection(&body).await.unwrap().id);
    }
    let flows = collect_all(client.pages::<Value>("flows", &ListQuery::new()))
        .await
        .unwrap();
    let in_use = flows
        .iter()
        .find_map(|f| {
            let base = f.pointer("/inheritedAttributes/sourceConnections/0/baseConnection/id")?;
            Some(base.as_str()?.to_string())
        })
        .unwrap();
    let before = s.e.object_count("prod", "connections").unwrap();
    let stdin = format!("{}\n{in_use}\n{}\n", unused[0], unused[1]);
    let out = s
        .with_env(&["--yes", "connections", "delete", "-"], &[], Some(&stdin))
        .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    let line = |id: &str| {
        let l = out.stdout.lines().find(|l| l.starts_with(id)).unwrap();
        l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(line(&unused[0]), format!("{} done deleted", unused[0]));
    assert_eq!(line(&in_use), format!("{in_use} refused FLOW-1418-400"));
    assert_eq!(line(&unused[1]), format!("{} done deleted", unused[1]));
    assert!(
        out.stdout
            .ends_with("2 done, 1 refused, 0 unsure, 0 skipped\n"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("FLOW-1418-400"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("{in_use} ('")),
        "what uses it: {}",
        out.stderr
    );
    assert_eq!(s.e.object_count("prod", "connections").unwrap(), before - 2);
    let results: Vec<(String, bool)> = s
        .journal()
        .iter()
        .map(|j| (j.id.clone(), j.result == "ok"))
        .collect();
    assert_eq!(results.len(), 3, "one entry a connection sent");
    assert!(results.contains(&(in_use.clone(), false)), "{results:?}");
}

#[tokio::test]
async fn ids_listed_with_o_ids_pipe_into_a_retry() {
    let s = Session::new().await;
    let listed = s
        .run(&[
            "runs", "list", "--status", "failed", "--limit", "3", "-o", "ids",
        ])
        .await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let ids: Vec<&str> = listed.stdout.lines().collect();
    assert_eq!(ids.len(), 3, "{}", listed.stdout);
    assert!(listed.stderr.contains("add --all"), "{}", listed.stderr);
    let args = ["--yes", "runs", "retry", "-", "-o", "ids"];
    let retried = s.with_env(&args, &[], Some(&listed.stdout)).await;
    assert_eq!(retried.code, 0, "{}", retried.stderr);
    assert_eq!(
        retried.stdout, "",
        "`ids` lists the refused and unsure: none"
    );
    assert!(
        retried.stderr.contains("3 done, 0 refused"),
        "{}",
        retried.stderr
    );
    for id in ids {
        assert_eq!(retries_of(&s, id), 1);
    }
}

/// On a terminal the change asks first, naming how many and which, and draws its
/// progress on standard error while it runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_terminal_a_retry_asks_first_and_shows_its_progress() {
    let s = Session::new().await;
    let client = client_for(&s.e, quick_retries(3));
    let mut ids = runs_of(&client, "failed", 2).await;
    ids.extend(runs_of(&client, "success", 1).await);
    let url = s.e.base_url();
    let data = s.dir.path().to_str().unwrap().to_string();
    let (a, b, c) = (ids[0].clone(), ids[1].clone(), ids[2].clone());
    let screen = tokio::task::spawn_blocking(move || {
        let args = ["--endpoint", &url, "runs", "retry", &a, &b, &c];
        let mut pty = Pty::start(&args, &[("FLOWSCOPE_DATA_DIR", &data)], 120, 20);
        let question = format!("Retry 2 failed runs (1 skipped: not failed): {a}, {b}? [y/N]");
        pty.wait_for_output("the question", |out| out.contains(&question));
        pty.type_keys(b"y\r");
        // The exit can be seen before the last bytes are read off the terminal: wait
        // for the summary's counts, on a line of their own (the progress line has them
        // too, in brackets).
        let counts = "\n2 done, 0 refused, 0 unsure, 1 skipped";
        pty.wait_for_output("the summary", |out| out.contains(counts));
        assert!(pty.exit_status().success(), "{}", pty.screen());
        assert!(
            pty.text().contains("retry failed runs: 3/3 (2 done"),
            "{}",
            pty.text()
        );
        pty.screen()
    })
    .await
    .unwrap();
    assert!(
        screen.contains("2 done, 0 refused, 0 unsure, 1 skipped"),
        "{screen}"
    );
    assert_eq!(all_retries(&s), 2);
}
