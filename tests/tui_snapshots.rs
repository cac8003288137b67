//! Snapshots of every pane in its loading, loaded, empty, error and filtered states, the
//! help overlay and the detail view, drawn with `TestBackend` from the seeded test
//! emulator (fixed clock, seed 7). Run `cargo insta review` after an intended change.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::shared::nav::Scope;
use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use insta::assert_snapshot;
use support::tui::Tui;

const W: u16 = 120;
const H: u16 = 30;

/// (tab key, snapshot name, a server filter matching nothing, a bad one, a fuzzy query).
const PANES: [(&str, &str, &str); 5] = [
    ("1", "connections", "salesforce"),
    ("2", "flows", "s3 daily"),
    ("3", "runs", "failed"),
    ("4", "specs", "azure"),
    // The Landing Zone tab opens on its zones; Enter browses the drop zone (explore).
    ("5<enter>", "dlz", "csv"),
];

async fn open(tab: &str) -> Tui {
    let mut t = Tui::start(W, H).await;
    t.keys(tab);
    t
}

#[tokio::test]
async fn loading() {
    for (key, name, _) in PANES {
        // Nothing received yet: the title says loading and the body waits.
        let t = open(key).await;
        assert_snapshot!(format!("{name}_loading"), t.screen());
    }
}

#[tokio::test]
async fn loaded() {
    for (key, name, _) in PANES {
        let mut t = open(key).await;
        t.settle().await;
        assert_snapshot!(format!("{name}_loaded"), t.screen());
    }
}

#[tokio::test]
async fn filtered() {
    for (key, name, query) in PANES {
        let mut t = open(key).await;
        t.settle().await;
        t.keys(&format!("/{query}"));
        assert_snapshot!(format!("{name}_filtered"), t.screen());
        // Enter keeps the filter and closes the box; the title shows it.
        t.keys("<enter>");
        assert_snapshot!(format!("{name}_filtered_kept"), t.screen());
    }
}

#[tokio::test]
async fn empty() {
    // A newly created sandbox: specs exist, nothing else does.
    let cfg = EmulatorConfig {
        empty_sandboxes: vec!["fresh".into()],
        ..EmulatorConfig::for_tests()
    };
    for (key, name, _) in PANES {
        let mut t = Tui::start_with(cfg.clone(), W, H).await;
        t.keys(&format!(":sandbox fresh<enter>{key}"));
        t.settle().await;
        if name == "specs" {
            // Specs are the org's; a filter that matches nothing shows the empty state.
            t.keys("fname==nothing-matches<enter>");
            t.settle().await;
        }
        assert_snapshot!(format!("{name}_empty"), t.screen());
    }
}

#[tokio::test]
async fn error() {
    for (key, name, _) in PANES {
        let mut t = open(key).await;
        t.settle().await;
        if name == "dlz" {
            // The landing zone has no server filter: a folder that is gone fails instead.
            if let Some(View::List(l)) = t.d.app.stack_mut().last_mut() {
                l.scope = Scope::Folder(Some("gone/away".into()));
                l.clear();
            }
            t.keys("r");
        } else {
            // An operator the service does not know: FLOW-1440-400 with its message.
            t.keys("fstate~~enabled<enter>");
        }
        t.wait_for("failed").await;
        assert_snapshot!(format!("{name}_error"), t.screen());
    }
}

#[tokio::test]
async fn help_overlay() {
    let mut t = Tui::start(W, 40).await;
    t.settle().await;
    t.keys("?");
    assert_snapshot!("help", t.screen());
    t.keys("<pgdn>");
    assert_snapshot!("help_scrolled", t.screen());
}

#[tokio::test]
async fn detail_view() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    // The first flow's JSON, with its related objects on the last line.
    t.keys("d");
    assert_snapshot!("detail_flow", t.screen());
    t.keys("/state<enter>");
    assert_snapshot!("detail_flow_search", t.screen());
    // Fold the flowSpec object: find it, then space.
    t.keys("/flowSpec<enter><space>");
    assert_snapshot!("detail_flow_folded", t.screen());
}

#[tokio::test]
async fn small_terminals() {
    let mut t = Tui::start(80, 24).await;
    t.settle().await;
    assert_snapshot!("flows_80x24", t.screen());
    t.event(&crossterm::event::Event::Resize(40, 8));
    assert_snapshot!("too_small", t.screen());
    let mut big = Tui::start(250, 70).await;
    big.keys("3");
    big.settle().await;
    assert_snapshot!("runs_250x70", big.screen());
}

#[tokio::test]
async fn no_size_panics_and_colour_carries_status() {
    let mut t = Tui::start(W, H).await;
    t.keys("3");
    t.settle().await;
    // Every size from nothing to 90×30, with a list, the help overlay and a text box.
    for overlay in ["", "?", "<esc>/fail", "<esc><esc>d"] {
        t.keys(overlay);
        for w in (0..=90).step_by(7) {
            for h in 0..=30 {
                let _ = support::tui::screen(t.app(), w, h);
            }
        }
    }
    // A failed run's status cell is drawn in the theme's "failed" style.
    let mut t = Tui::start(W, H).await;
    t.keys("3");
    t.settle().await;
    t.keys("/failed<enter>");
    let term = t.terminal();
    let buf = term.backend().buffer();
    let failed = flowscope::ui::theme::Theme::of(t.app().theme).failed;
    let row = (0..buf.area.height)
        .find(|&y| {
            (0..8)
                .map(|x| buf[(1 + x, y)].symbol())
                .collect::<String>()
                .starts_with("failed")
        })
        .expect("a failed run on screen");
    assert_eq!(buf[(1, row)].fg, failed.fg.unwrap());
}
