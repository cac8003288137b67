//! `flowscope apply`, run as a process against an emulator started in the test: the seed
//! guide's workflow applied twice makes each object once (JSON, then the same plan as
//! TOML), `--dry-run` and a plan with issues send nothing, `--read-only` refuses, a
//! failing step says which and with the service's code, and a run killed after its
//! second create is finished by the next with each object made once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use serde_json::{Value, json};

use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle, Hold};
use flowscope::store::journal::{Entry, Journal};

use crate::cli::{Out, command, finish};
use crate::support::client::{client_for, quick_retries};
use crate::support::plans::{counts, known_dataset, landing_zone_file, posts, workflow_plan};

/// An emulator, and a folder for plans and the binary's journal.
pub(crate) struct Session {
    pub(crate) e: EmulatorHandle,
    pub(crate) dir: tempfile::TempDir,
}

impl Session {
    pub(crate) async fn new() -> Session {
        Session::with(EmulatorConfig::for_tests()).await
    }

    pub(crate) async fn with(cfg: EmulatorConfig) -> Session {
        Session {
            e: emulator::start("127.0.0.1:0".parse().unwrap(), cfg)
                .await
                .unwrap(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The binary against the emulator, its journal kept in this session's folder.
    pub(crate) fn command(&self, args: &[&str]) -> tokio::process::Command {
        let url = self.e.base_url();
        let mut all = vec!["--endpoint", url.as_str()];
        all.extend_from_slice(args);
        let mut cmd = command(&all);
        cmd.env("FLOWSCOPE_DATA_DIR", self.dir.path());
        cmd
    }

    pub(crate) async fn run(&self, args: &[&str]) -> Out {
        self.with_env(args, &[], None).await
    }

    /// [`Session::run`] with `env` set and `stdin` as its input.
    pub(crate) async fn with_env(
        &self,
        args: &[&str],
        env: &[(&str, &str)],
        stdin: Option<&str>,
    ) -> Out {
        let mut cmd = self.command(args);
        cmd.envs(env.iter().copied());
        finish(cmd.spawn().unwrap(), stdin).await
    }

    /// A file of this session's folder, as an argument.
    pub(crate) fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// The seed workflow's plan over a real demo file and a known dataset, and its file.
    pub(crate) async fn workflow(&self, tag: &str) -> (String, Value) {
        let client = client_for(&self.e, quick_retries(3));
        let plan = workflow_plan(
            &landing_zone_file(&client).await,
            &known_dataset(&client).await,
            tag,
        );
        let name = format!("{}.json", tag.to_lowercase());
        (self.file(&name, &plan.to_string()), plan)
    }

    pub(crate) fn journal(&self) -> Vec<Entry> {
        let (entries, bad) = Journal::at(self.dir.path().join("journal.jsonl"))
            .read()
            .unwrap();
        assert!(bad.is_empty(), "torn journal lines {bad:?}");
        entries
    }
}

/// Every request the emulator received, whatever its path.
fn requests(e: &EmulatorHandle) -> u64 {
    e.counters().values().sum()
}

/// `step verb` of each line `apply` wrote.
fn verbs(out: &Out) -> Vec<String> {
    out.stdout
        .lines()
        .map(|l| {
            let (step, rest) = l.split_once(": ").unwrap();
            format!("{step} {}", rest.split(' ').next().unwrap())
        })
        .collect()
}

fn ids(out: &Out) -> Vec<String> {
    out.stdout
        .lines()
        .map(|l| l.rsplit(' ').next().unwrap().to_string())
        .collect()
}

/// `before` with each collection grown by `grown`.
fn grew<T: Copy + std::ops::Add<Output = T>>(before: [T; 4], grown: [T; 4]) -> [T; 4] {
    [0, 1, 2, 3].map(|i| before[i] + grown[i])
}

#[tokio::test]
async fn the_workflow_applied_twice_makes_each_object_once() {
    let s = Session::new().await;
    let (path, plan) = s.workflow("Twice").await;
    let (c0, p0) = (counts(&s.e, "prod"), posts(&s.e));
    let first = s.run(&["--yes", "apply", &path]).await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let made = ["source created", "target created", "flow created"];
    assert_eq!(verbs(&first), made);
    let review = "1. source: POST /sourceConnections";
    assert!(first.stderr.contains(review), "{}", first.stderr);

    // The same plan written as TOML.
    let toml_path = s.file("twice.toml", &toml::to_string(&plan).unwrap());
    let second = s.run(&["--yes", "apply", &toml_path]).await;
    assert_eq!(second.code, 0, "{}", second.stderr);
    let reused = ["source reused", "target reused", "flow reused"];
    assert_eq!(verbs(&second), reused);
    assert_eq!(ids(&first), ids(&second));

    assert_eq!(counts(&s.e, "prod"), grew(c0, [0, 1, 1, 1]));
    assert_eq!(posts(&s.e), grew(p0, [0, 1, 1, 1]));
    let journal = s.journal();
    let lines: Vec<(&str, &str)> = journal
        .iter()
        .map(|j| (j.resource.as_str(), j.result.as_str()))
        .collect();
    let creates = [
        ("sourceConnections", "ok"),
        ("targetConnections", "ok"),
        ("flows", "ok"),
    ];
    assert_eq!(
        lines, creates,
        "reuses change nothing, so are not journaled"
    );
    let sources = &journal[2].patch["body"]["sourceConnectionIds"];
    assert_eq!(sources, &json!([ids(&first)[0]]), "the body as sent");
}

#[tokio::test]
async fn dry_runs_and_plans_with_issues_send_nothing() {
    let s = Session::new().await;
    let (path, mut plan) = s.workflow("Dry").await;
    let before = requests(&s.e);
    let dry = s.run(&["apply", &path, "--dry-run"]).await;
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout.contains("3. flow: POST /flows"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("\"${source}\""), "{}", dry.stdout);
    assert_eq!(requests(&s.e), before, "not even a token was asked for");

    plan["steps"][2]["body"]["targetConnectionIds"] = json!(["${nothing}"]);
    let bad = s.file("bad.json", &plan.to_string());
    let refused = s.run(&["--yes", "apply", &bad]).await;
    assert_eq!(refused.code, 2);
    let place = "steps[2]/body/targetConnectionIds/0: 'nothing' refers to no step";
    assert!(refused.stderr.contains(place), "{}", refused.stderr);

    let broken = s.file(
        "broken.json",
        "{\"steps\": [\n  {\"name\": \"x\", \"kind\": 7}]}",
    );
    let unread = s.run(&["apply", &broken]).await;
    assert_eq!(unread.code, 2);
    assert!(
        unread.stderr.contains("broken.json:2:"),
        "{}",
        unread.stderr
    );

    let ro = s.run(&["--read-only", "--yes", "apply", &path]).await;
    assert_eq!(ro.code, 2);
    assert!(ro.stderr.contains("read-only"), "{}", ro.stderr);
    let unconfirmed = s.run(&["apply", &path]).await;
    assert_eq!(unconfirmed.code, 2, "no terminal and no --yes");
    assert_eq!(requests(&s.e), before);
}

#[tokio::test]
async fn a_failing_step_names_itself_and_the_services_code_and_keeps_what_was_made() {
    let s = Session::new().await;
    let (_, mut plan) = s.workflow("Fails").await;
    plan["steps"][2]["body"]["flowSpec"]["id"] = json!("no-such-flow-spec");
    let path = s.file("fails.json", &plan.to_string());
    let out = s.run(&["--yes", "apply", &path]).await;
    assert_eq!(out.code, 1);
    assert_eq!(verbs(&out), ["source created", "target created"]);
    for said in [
        "step 3 'flow' (POST /flows) failed",
        "FLOW-1455-400",
        "kept: source",
        "again to finish",
    ] {
        assert!(out.stderr.contains(said), "{said}: {}", out.stderr);
    }
    let failed = &s.journal()[2];
    assert!(failed.result.contains("FLOW-1455-400"), "{failed:?}");
}

#[tokio::test]
async fn killed_after_its_second_create_the_next_apply_finishes_making_each_object_once() {
    // The third POST (the flow's; the IMS token is not counted) is held before its
    // handler.
    let hold = Hold::new("POST", 3);
    let mut cfg = EmulatorConfig::for_tests();
    cfg.faults.hold = Some(hold.clone());
    let s = Session::with(cfg).await;
    let (path, _) = s.workflow("Killed").await;
    let (c0, p0) = (counts(&s.e, "prod"), posts(&s.e));

    let mut child = s.command(&["--yes", "apply", &path]).spawn().unwrap();
    drop(child.stdin.take());
    // Not a wait on timing: the gate says when the request is held; the bound only
    // turns a hang into a failure.
    tokio::time::timeout(Duration::from_secs(120), hold.held())
        .await
        .expect("the flow's POST reached the emulator");
    child.kill().await.unwrap();
    hold.release();
    let held = counts(&s.e, "prod");
    assert_eq!(held, grew(c0, [0, 1, 1, 0]), "the held flow was never made");

    let again = s.run(&["--yes", "apply", &path]).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    let finished = ["source reused", "target reused", "flow created"];
    assert_eq!(verbs(&again), finished);
    let each_once = grew(c0, [0, 1, 1, 1]);
    assert_eq!(counts(&s.e, "prod"), each_once, "each grew by exactly one");
    // The held POST was received (and counted) but never handled.
    assert_eq!(posts(&s.e), grew(p0, [0, 1, 1, 2]));
    let journal = s.journal();
    let made: Vec<&str> = journal.iter().map(|j| j.resource.as_str()).collect();
    assert_eq!(made, ["sourceConnections", "targetConnections", "flows"]);
}
