//! Transfers that survive a restart, in the explorer: a plan left on disk is listed in
//! `J` as interrupted at the next start, `R` resumes it (an upload asks first) and it
//! runs and ends as a live transfer does; a live transfer cancelled with `X` keeps its
//! plan and `R` finishes it, sending only the blocks the container does not have.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::api::storage::{Plans, Storage, StorageOptions, TransferOptions};
use flowscope::app::effect::Effect;
use flowscope::app::features::dlz::{DlzEffect, DlzMsg, Saved, TransferJob};
use flowscope::app::shared::action::Action;
use flowscope::emulator::{EmulatorConfig, FaultConfig, Hold};
use flowscope::model::{DlzCredentials, DlzType, Secret};
use insta::assert_snapshot;
use support::tui::{Opts, Tui};

const W: u16 = 120;
const H: u16 = 30;
const MIB: u64 = 1 << 20;

/// The pane with an upload and a download cut off last time.
fn interrupted_app() -> flowscope::app::state::App {
    let mut app = support::tui::test_app();
    app.tab = flowscope::app::shared::nav::Tab::LandingZone;
    flowscope::app::receive::receive(
        &mut app,
        flowscope::app::effect::Msg::Dlz(DlzMsg::Interrupted {
            found: vec![
                Saved {
                    plan: "20261104-1a2b3c4d".into(),
                    job: TransferJob::Upload {
                        zone: DlzType::UserDropZone,
                        files: vec![(
                            "/home/ana/exports/orders_2026-11.csv".into(),
                            "crm/orders_2026-11.csv".into(),
                        )],
                    },
                    done: 40 * MIB,
                    total: 256 * MIB,
                },
                Saved {
                    plan: "20261104-5e6f7a8b".into(),
                    job: TransferJob::Download {
                        zone: DlzType::DlzDestination,
                        path: "exports/web_sessions_full.csv".into(),
                        dest: "/home/ana/web_sessions_full.csv".into(),
                    },
                    done: 96 * MIB,
                    total: 300 * MIB,
                },
            ],
        }),
    );
    flowscope::app::update::update(&mut app, Action::Transfers);
    app
}

#[test]
fn interrupted_transfers_are_listed_and_one_resumes() {
    let mut app = interrupted_app();
    assert_eq!(app.dlz.transfers.resumable(), 2);
    assert_snapshot!(
        "dlz_transfers_interrupted",
        support::tui::screen(&app, W, 16)
    );

    // A download resumes at once; an upload asks first.
    app.dlz.transfers.selected = 1;
    let fx = flowscope::app::update::update(&mut app, Action::ResumeTransfer);
    let id = match fx.as_slice() {
        [Effect::Dlz(DlzEffect::Resume { id, plan, .. })] => {
            assert_eq!(plan, "20261104-5e6f7a8b");
            *id
        }
        other => panic!("{other:?}"),
    };
    flowscope::app::receive::receive(
        &mut app,
        flowscope::app::effect::Msg::Dlz(DlzMsg::Progress {
            id,
            done: 150 * MIB,
            total: 300 * MIB,
            retries: 0,
        }),
    );
    assert_snapshot!(
        "dlz_transfers_resumed_running",
        support::tui::screen(&app, W, 16)
    );

    app.dlz.transfers.selected = 0;
    let fx = flowscope::app::update::update(&mut app, Action::ResumeTransfer);
    assert!(fx.is_empty(), "an upload asks first: {fx:?}");
    let fx = flowscope::app::update::update(&mut app, Action::Confirm);
    assert!(
        matches!(fx.as_slice(), [Effect::Dlz(DlzEffect::Resume { .. })]),
        "{fx:?}"
    );

    // Read-only: an upload neither resumes nor is discarded.
    let mut ro = interrupted_app();
    ro.read_only = true;
    ro.dlz.transfers.selected = 0;
    assert!(flowscope::app::update::update(&mut ro, Action::ResumeTransfer).is_empty());
    assert!(flowscope::app::update::update(&mut ro, Action::Remove).is_empty());
    assert!(ro.overlay.is_none());
}

/// A 20 MiB local file: three 8 MiB parts.
fn local_file(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>) {
    let data: Vec<u8> = (0..20 * MIB as usize)
        .map(|i| (i * 7 % 253) as u8)
        .collect();
    let path = dir.join("orders.bin");
    std::fs::write(&path, &data).unwrap();
    (path, data)
}

/// The explorer started on a data directory with plans left over, `J` open.
async fn with_plans_left(data_dir: &std::path::Path) -> Tui {
    let opts = Opts {
        data: Some(data_dir.to_path_buf()),
        ..Opts::default()
    };
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts).await;
    t.wait_for("interrupted transfers").await;
    t.keys("5J");
    t
}

async fn blob(t: &Tui, path: &str) -> Vec<u8> {
    support::drop_zone::read(&t.emu.base_url(), path).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_left_on_disk_is_listed_at_start_and_resumed_with_r() {
    let dir = tempfile::tempdir().unwrap();
    let (src, data) = local_file(dir.path());
    let data_dir = dir.path().join("data");
    // A plan as an earlier session left it, a third of the way through.
    let somewhere = DlzCredentials {
        sas_uri: Some(Secret::new(
            "http://127.0.0.1:9/acct/dlz-user-container?sv=1&sig=unused",
        )),
        ..DlzCredentials::default()
    };
    let s = Storage::open(&somewhere, &StorageOptions::default()).unwrap();
    let mut plan = s
        .plan_upload(
            &src,
            "up/orders.bin",
            "user_drop_zone",
            true,
            &TransferOptions::default(),
        )
        .await
        .unwrap()
        .expect("three parts");
    plan.done.insert(0, 8 * MIB);
    Plans::at(data_dir.join("transfers")).save(&plan).unwrap();

    let mut t = with_plans_left(&data_dir).await;
    assert!(
        t.screen().contains("interrupted · R resumes"),
        "{}",
        t.screen()
    );
    assert!(
        t.screen().contains("8.0 MiB / 20.0 MiB") || t.screen().contains("40%"),
        "{}",
        t.screen()
    );
    assert!(t.screen().contains("1 resumable"), "{}", t.screen());

    t.keys("R");
    assert!(t.screen().contains("Resume upload"), "{}", t.screen());
    t.keys("y");
    t.wait_for("transfer finished").await;
    assert!(t.screen().contains("done"), "{}", t.screen());
    assert!(!t.screen().contains("resumable"), "{}", t.screen());
    // A fresh container had none of its blocks: all three went, then the list.
    assert_eq!(blob(&t, "up/orders.bin").await, data);
    assert!(Plans::at(data_dir.join("transfers")).list().is_empty());
    let journal = std::fs::read_to_string(data_dir.join("journal.jsonl")).unwrap_or_default();
    assert!(journal.contains("up/orders.bin"), "{journal}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_upload_keeps_its_blocks_and_r_sends_only_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (src, data) = local_file(dir.path());
    let mut t = Tui::start(W, H).await;
    t.keys("5b");
    t.settle().await;
    // The third block PUT is held: the upload is cut off there.
    let hold = Hold::new("PUT", 3);
    t.emu.set_faults(FaultConfig {
        hold: Some(hold.clone()),
        ..FaultConfig::default()
    });
    t.keys("U");
    t.keys(&src.display().to_string());
    t.keys("<enter>");
    t.wait_for("planned").await;
    t.keys("y");
    t.wait_for("resumable").await;
    hold.held().await;
    t.keys("J");
    t.keys("X");
    t.wait_for("transfer finished").await;
    hold.release();
    t.emu.set_faults(FaultConfig::default());
    assert!(
        t.screen().contains("cancelled · R resumes"),
        "{}",
        t.screen()
    );

    let blob_path = "/blob/";
    let puts = |t: &Tui| {
        t.emu
            .requests()
            .iter()
            .filter(|r| r.starts_with(&format!("PUT {blob_path}")) && r.contains("orders.bin"))
            .count()
    };
    let before = puts(&t);
    t.keys("R");
    t.keys("y");
    t.wait_for("transfer finished").await;
    assert!(t.screen().contains("done"), "{}", t.screen());
    assert_eq!(blob(&t, "orders.bin").await, data);
    // Only the blocks not staged went again, then the block list: at most the held one
    // and those in flight with it (three blocks in all, four at most in flight).
    let again = puts(&t) - before;
    assert!((1..=4).contains(&again), "{again} PUTs on resume");
}

/// A folder upload cut off after its first file: `J` lists the job as one transfer of
/// its files, and `R` sends the rest, never the file already committed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_job_left_on_disk_resumes_from_its_next_file() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let src = dir.path().join("exports");
    std::fs::create_dir_all(&src).unwrap();
    let mut files = Vec::new();
    for (i, name) in ["a.csv", "b.csv", "c.csv"].iter().enumerate() {
        let path = src.join(name);
        std::fs::write(&path, format!("id,n\n{i},{name}\n")).unwrap();
        files.push((path, format!("jobs/exports/{name}")));
    }
    let somewhere = DlzCredentials {
        sas_uri: Some(Secret::new(
            "http://127.0.0.1:9/acct/dlz-user-container?sv=1&sig=unused",
        )),
        ..DlzCredentials::default()
    };
    let s = Storage::open(&somewhere, &StorageOptions::default()).unwrap();
    let mut job = s
        .plan_uploads(&files, "user_drop_zone", true, &TransferOptions::default())
        .await
        .unwrap();
    assert!(job.is_job());
    // The first file was committed before the cut.
    job.next = 1;
    let first = std::fs::metadata(&files[0].0).unwrap().len();
    job.done.insert(0, first);
    Plans::at(data_dir.join("transfers")).save(&job).unwrap();

    let mut t = with_plans_left(&data_dir).await;
    assert!(t.screen().contains("3 files"), "{}", t.screen());
    assert!(t.screen().contains("1 resumable"), "{}", t.screen());
    t.keys("R");
    t.keys("y");
    t.wait_for("transfer finished").await;
    assert_eq!(
        blob(&t, "jobs/exports/b.csv").await,
        std::fs::read(&files[1].0).unwrap()
    );
    assert_eq!(
        blob(&t, "jobs/exports/c.csv").await,
        std::fs::read(&files[2].0).unwrap()
    );
    let s = support::drop_zone::open(&t.emu.base_url()).await;
    assert!(
        s.head("jobs/exports/a.csv").await.unwrap().is_none(),
        "the committed file is not sent again"
    );
    assert!(Plans::at(data_dir.join("transfers")).list().is_empty());
}
