//! A new user's tour of the real binary in a pseudo-terminal, with an empty home: every
//! tab and the panes below them (explore, a preview, storage, runs, a workflow's and an
//! AppFlow flow's JSON). After the key that opens a pane nothing more is pressed: the
//! pane must show its content by itself within a few seconds, as the terminal draws it
//! (read through a terminal emulator, not from the app's state). Then the landing zone
//! provisioned on S3, reached through `flowscope emulate` and `--endpoint` exactly as the
//! README says.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::pty::Pty;

/// How long a pane may take to show its content. A healthy debug build takes a fraction
/// of a second; the margin is for a loaded CI machine.
const FEW_SECONDS: Duration = Duration::from_secs(10);

/// The demo's data is seeded at the real time, so only its shape is known here.
struct Tour {
    pty: Pty,
}

impl Tour {
    /// Presses `keys` (the last of which opens a pane), then only watches the screen.
    fn open(&mut self, keys: &str, what: &str, shows: impl Fn(&str) -> bool) {
        self.pty.type_keys(keys.as_bytes());
        self.pty
            .wait_for_screen(what, FEW_SECONDS, |s| shows(s) && !loading(s));
    }
}

/// A pane still waiting for its answer says so in its title or its body.
fn loading(screen: &str) -> bool {
    screen.contains("loading") || screen.contains("reading…") || screen.contains("reading the")
}

/// The title line of the pane (the third line of the screen).
fn title(screen: &str) -> &str {
    screen.lines().nth(2).unwrap_or("")
}

#[test]
fn every_tab_and_pane_shows_its_content_without_a_key_after_the_one_that_opens_it() {
    let pty = Pty::start(&[], &[], 130, 36);
    let mut t = Tour { pty };
    // The first frame: the demo on the Flows tab, its list loaded.
    t.pty.wait_for_screen("the flows", FEW_SECONDS, |s| {
        title(s).contains("flows ") && s.contains("demo") && !loading(s)
    });
    t.open("1", "the connections", |s| {
        title(s).contains("connections ") && s.contains("NAME")
    });
    t.open("3", "the runs", |s| {
        title(s).contains("runs ") && s.contains("STATUS")
    });
    t.open("\r", "a run", |s| {
        s.contains("records") || s.contains("metrics")
    });
    t.open("4", "the specs", |s| title(s).contains("specs "));
    t.open("5", "the landing zones", |s| {
        s.contains("user_drop_zone") && s.contains("dlz-user-container")
    });
    t.open("\r", "explore", |s| {
        title(s).contains("landing zone /") && s.contains("account.csv")
    });
    // account.csv is the first item: enter previews it.
    t.open("\r", "the preview", |s| s.contains("fileType=delimited"));
    t.open("\x1b\x1bb", "the storage", |s| {
        title(s).contains("(storage)") && s.contains("crm/") && s.contains("TTL LEFT")
    });
    t.open("6", "the domains", |s| s.contains("retail-prod"));
    t.open("\r", "a domain's workflows", |s| {
        title(s).contains("workflows of") && s.contains("STATUS")
    });
    t.open("d", "a workflow's JSON", |s| {
        s.contains("WorkflowId") && s.contains("Steps")
    });
    t.open("7", "the AppFlow flows", |s| {
        title(s).contains("AppFlow flows ")
    });
    t.open("d", "an AppFlow flow's JSON", |s| {
        s.contains("flowArn") && s.contains("sourceFlowConfig")
    });
    t.open("8", "the connector profiles", |s| {
        title(s).contains("connector profiles ")
    });
    t.pty.type_keys(b"q");
    assert_eq!(t.pty.exit_status().code(), Some(0));
}

#[test]
fn an_s3_landing_zone_of_a_running_emulator_lists_from_its_bucket() {
    let mut emu = Command::new(env!("CARGO_BIN_EXE_flowscope"))
        .args(["emulate", "--listen", "127.0.0.1:0", "--dlz-provider", "s3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(emu.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the first line names the address: {first}"))
        .to_string();
    // The rest of what emulate prints is read as it comes, so it never blocks on a pipe.
    std::thread::spawn(move || for _ in lines {});
    let pty = Pty::start(&["--endpoint", &url], &[], 130, 36);
    let mut t = Tour { pty };
    t.pty.wait_for_screen("the flows", FEW_SECONDS, |s| {
        title(s).contains("flows ") && !loading(s)
    });
    t.open("5", "the landing zones", |s| s.contains("Amazon S3"));
    t.open("b", "the bucket", |s| {
        title(s).contains("s3://dlz-") && s.contains("crm/")
    });
    // The AWS tabs of the same emulator.
    t.open("6", "the domains", |s| s.contains("retail-prod"));
    t.pty.type_keys(b"q");
    assert_eq!(t.pty.exit_status().code(), Some(0));
    let _ = emu.kill();
    let _ = emu.wait();
}
