//! What a new user sees, checked the way the terminal shows it: the harness draws only
//! when the driver says a frame is due, so every assertion here reads a frame the real
//! loop would have drawn. Panes fill in when their answer arrives, with no key after the
//! one that opened them; AWS details load; messages are whole and kept; errors say what
//! helps; footers offer keys that act; lists follow the changes made from them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::overlay::Overlay;
use flowscope::app::shared::nav::Tab;
use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use support::tui::{Opts, Tui};

const W: u16 = 130;
const H: u16 = 32;

/// A session on the test emulator with `opts`, sized `w`×`h`.
async fn start(opts: Opts, w: u16, h: u16) -> Tui {
    Tui::start_opts(EmulatorConfig::for_tests(), w, h, opts).await
}

#[tokio::test]
async fn panes_draw_their_answer_when_it_arrives_with_no_key_after() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    // The landing zones: the answer alone brings the frame.
    t.keys("5");
    assert!(t.screen().contains("loading"), "{}", t.screen());
    t.wait_for("zones").await;
    t.assert_shows(&["dlz-user-container"], &["loading"]);
    // A file's preview from explore.
    t.keys("<enter>");
    t.settle().await;
    t.open_named("account.csv");
    if t.loading() {
        assert!(t.screen().contains("reading…"), "{}", t.screen());
        t.wait_for("preview").await;
    }
    t.assert_shows(&["fileType=delimited"], &["reading…"]);
    // A refresh ends with a title that no longer says it loads.
    t.keys("<esc>r");
    t.settle().await;
    let top = t.screen().lines().nth(2).unwrap_or_default().to_string();
    assert!(!top.contains("loading"), "{top}");
}

#[tokio::test]
async fn an_idle_tick_draws_nothing_and_an_answer_always_draws() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    let frames = t.frames;
    let now = t.app().now_ms;
    t.message(flowscope::app::effect::Msg::Tick { now_ms: now + 200 });
    assert_eq!(t.frames, frames, "nothing moved, nothing drawn");
    t.keys("3");
    let frames = t.frames;
    t.wait_for("last page").await;
    assert!(t.frames > frames, "the answer was drawn");
    // An unbound key changes nothing: no frame.
    let frames = t.frames;
    t.keys("§");
    assert_eq!(t.frames, frames);
}

#[tokio::test]
async fn describe_on_aws_rows_reads_the_whole_object() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    // A workflow: GetWorkflow and its steps.
    t.keys("6");
    t.settle().await;
    t.keys("<enter>");
    t.settle().await;
    t.keys("d");
    assert!(t.loading(), "the workflow is asked for");
    t.wait_for("object").await;
    t.assert_shows(&["WorkflowId", "Steps"], &[]);
    assert!(
        t.emu
            .requests()
            .iter()
            .any(|r| r.starts_with("GET /domains/") && r.contains("/workflows/")),
        "GetWorkflow was sent"
    );
    // An AppFlow flow: DescribeFlow.
    t.keys("7");
    t.settle().await;
    t.keys("d");
    t.wait_for("object").await;
    t.assert_shows(&["flowArn", "sourceFlowConfig"], &[]);
}

#[tokio::test]
async fn toasts_wrap_to_what_they_say_and_messages_keep_them_with_their_time() {
    let opts = Opts {
        read_only: true,
        ..Opts::default()
    };
    // This test's thread logs into a buffer (the runtime is current-thread).
    let capture = support::logs::capture();
    let logs = &capture.logs;
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), 100, 30, opts).await;
    t.settle().await;
    // Refused under --read-only: the whole reason shows, over two lines here.
    t.keys("t");
    t.assert_shows(&["runs are not triggered", "disabled"], &[]);
    let text = &t.app().messages.back().unwrap().text;
    assert!(text.contains("--read-only"), "{text}");
    // Every toast goes to the log too, once.
    assert_eq!(
        logs.text().matches(text.as_str()).count(),
        1,
        "{}",
        logs.text()
    );
    // Errors stay longer than notices.
    let toast = t.app().toasts.last().unwrap().clone();
    assert!(toast.error && toast.until_ms - t.app().now_ms >= 8_000);
    // The history lists it with its time; the newest is selected.
    t.keys(":messages<enter>");
    t.assert_shows(&["messages 1", "error", "refused"], &[]);
    match t.app().view() {
        Some(View::List(l)) => assert_eq!(l.selected, 0),
        other => panic!("the messages list, not {other:?}"),
    }
    // `d` shows one whole.
    t.keys("d");
    assert!(t.screen().contains("\"text\""), "{}", t.screen());
}

#[tokio::test]
async fn a_refused_filter_says_to_change_it_and_lists_without_one_say_so() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    t.keys("f");
    for _ in 0..40 {
        t.keys("<bs>");
    }
    t.keys("name~~x<enter>");
    t.wait_for("failed").await;
    t.assert_shows(
        &["FLOW-14", "press f to", "change the filter"],
        &["to retry"],
    );
    // A list the service does not filter says so, by key and by command.
    t.keys("5<enter>");
    t.settle().await;
    t.keys("f");
    assert!(
        t.screen().contains("no server-side filter"),
        "{}",
        t.screen()
    );
    t.keys(":filter name==x<enter>");
    assert!(
        t.screen().contains("no server-side filter"),
        "{}",
        t.screen()
    );
    assert!(
        matches!(t.app().view(), Some(View::List(l)) if l.server_filter.is_none()),
        "nothing was set"
    );
}

#[tokio::test]
async fn footers_offer_only_keys_that_act_here() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    // A spec's JSON names no source, target or runs: none are offered.
    t.keys("4");
    t.settle().await;
    t.keys("d");
    let footer = t
        .screen()
        .lines()
        .nth(usize::from(H) - 2)
        .unwrap()
        .to_string();
    assert!(!footer.contains("source connection"), "{footer}");
    assert!(!footer.contains("runs"), "{footer}");
    // A flow's does.
    t.keys("2");
    t.keys("<esc>");
    t.keys("d");
    let footer = t
        .screen()
        .lines()
        .nth(usize::from(H) - 2)
        .unwrap()
        .to_string();
    assert!(footer.contains("source connection"), "{footer}");
    // The help says esc once.
    t.keys("?");
    let footer = t
        .screen()
        .lines()
        .nth(usize::from(H) - 2)
        .unwrap()
        .to_string();
    assert_eq!(footer.matches("esc").count(), 1, "{footer}");
    t.keys("<esc>");
    // The number of the tab in view goes back to its root.
    t.keys("2");
    assert_eq!(t.app().stack().len(), 1);
    assert_eq!(t.app().tab, Tab::Flows);
}

#[tokio::test]
async fn the_command_line_scrolls_its_completions_and_ctrl_u_clears_it() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    t.keys(":");
    for _ in 0..12 {
        t.keys("<tab>");
    }
    let picked = match &t.app().overlay {
        Some(Overlay::Input(bx)) => bx.value(),
        other => panic!("the command line, not {other:?}"),
    };
    assert!(
        t.screen().contains(&format!(" {picked} ")),
        "the picked completion is in view: {picked}\n{}",
        t.screen()
    );
    t.keys("<c-u>");
    match &t.app().overlay {
        Some(Overlay::Input(bx)) => assert_eq!(bx.value(), ""),
        other => panic!("the command line, not {other:?}"),
    }
}

#[tokio::test]
async fn appflow_start_is_refused_at_once_under_read_only() {
    let mut t = start(
        Opts {
            read_only: true,
            ..Opts::default()
        },
        W,
        H,
    )
    .await;
    t.settle().await;
    t.keys("7");
    t.settle().await;
    t.keys("t");
    assert!(t.app().overlay.is_none(), "no question to answer");
    assert!(t.screen().contains("refused"), "{}", t.screen());
}

#[tokio::test]
async fn an_unknown_flow_id_says_it_does_not_exist() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    t.keys(":graph 00000000-0000-0000-0000-000000000000<enter>");
    t.settle().await;
    t.assert_shows(&["no flow"], &["loading the flow"]);
}

#[tokio::test]
async fn a_draft_shows_its_secrets_masked_and_leaves_the_list_when_discarded() {
    use flowscope::emulator::TEST_EPOCH_MS;
    let dir = tempfile::tempdir().unwrap();
    let opts = || Opts {
        data: Some(dir.path().to_path_buf()),
        ..Opts::default()
    };
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts()).await;
    t.keys("2");
    t.settle().await;
    t.keys("/DLZ web sessions full ingestion<enter>e");
    t.keys("<a-a>");
    t.keys(r#"[{ "op": "replace", "path": "/auth/params/password", "value": "hunter2" }]"#);
    t.message(flowscope::app::effect::Msg::Tick {
        now_ms: TEST_EPOCH_MS + 1_000,
    });
    t.wait_for("draft saved").await;
    drop(t);

    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts()).await;
    t.keys("2");
    t.settle().await;
    assert!(t.screen().contains("Drafts"), "{}", t.screen());
    t.keys("d");
    t.assert_shows(&["password"], &["hunter2"]);
    // Revealed on purpose only.
    t.keys("v");
    assert!(t.screen().contains("hunter2"));
    // Discarded from the editor: the list below no longer offers it.
    t.keys("<esc><enter>");
    assert!(matches!(t.app().view(), Some(View::Editor(_))));
    t.keys("<esc>d");
    match t.app().view() {
        Some(View::List(l)) => assert!(l.is_empty(), "{:?}", l.rows().collect::<Vec<_>>()),
        other => panic!("back on the drafts list, not {other:?}"),
    }
}

#[tokio::test]
async fn questions_say_what_yes_does_in_words_that_agree() {
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("again.csv");
    std::fs::write(&local, "id\n1\n").unwrap();
    let mut t = Tui::start(W, H).await;
    t.keys("5b");
    t.settle().await;
    let upload = |t: &mut Tui| {
        t.keys("U");
        t.keys(&local.display().to_string());
        t.keys("<enter>");
    };
    upload(&mut t);
    t.wait_for("planned").await;
    assert!(t.screen().contains("y upload "), "{}", t.screen());
    t.keys("y");
    t.wait_for("transfer finished").await;
    t.settle().await;
    // The new file is listed, and uploading it again asks to replace it.
    assert!(t.screen().contains("again.csv"), "{}", t.screen());
    upload(&mut t);
    t.wait_for("planned").await;
    t.assert_shows(&["1 file already exists", "y upload and replace"], &[]);
    t.keys("n");
    // Downloading onto a local file that exists asks to overwrite it.
    t.keys("/again<enter>D");
    for _ in 0..80 {
        t.keys("<bs>");
    }
    t.keys(&local.display().to_string());
    t.keys("<enter>");
    t.wait_for("planned").await;
    t.assert_shows(&["y overwrite"], &["y send"]);
}

#[tokio::test]
async fn aws_tabs_without_an_aws_side_say_so_without_offering_a_retry() {
    let mut t = start(
        Opts {
            no_aws: true,
            ..Opts::default()
        },
        W,
        H,
    )
    .await;
    t.settle().await;
    t.keys("6");
    t.settle().await;
    t.assert_shows(&["no AWS side"], &["to retry"]);
}
