//! Upload jobs that survive SIGKILL: a folder upload killed in the middle of its large
//! file resumes from that file's missing blocks and sends the files already committed
//! never again; a small file (one request) killed in flight is listed and sent again
//! once; and with four blocks in flight, a kill costs at most those four.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::dlz_resume::{Run, container_path, emulator_at_hour_one};
use crate::support::drop_zone::noise;

const MIB: usize = 1 << 20;

async fn read_back(run: &Run<'_>, remote: &str) -> Vec<u8> {
    crate::support::drop_zone::read(&run.emu.base_url(), remote).await
}

async fn puts(run: &Run<'_>, remote: &str) -> u64 {
    run.emu
        .count(&format!("PUT {}", container_path(run.emu, remote).await))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_folder_upload_resumes_from_the_file_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator_at_hour_one().await;
    let src = dir.path().join("exports");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    let files = [
        ("a.csv", noise(1024, 1)),
        ("b.csv", noise(2048, 2)),
        ("big.bin", noise(4 * MIB, 3)),
        ("sub/c.csv", noise(512, 4)),
    ];
    for (name, data) in &files {
        std::fs::write(src.join(name), data).unwrap();
    }
    let run = Run::on_emulator(&emu, dir.path());
    let up = [
        "dlz",
        "upload",
        src.to_str().unwrap(),
        "jobs",
        "--parallel",
        "1",
        "--part-size-mib",
        "1",
    ];
    // PUTs: a.csv, b.csv, then big.bin's blocks: the third block is held.
    run.kill_at(&up, "PUT", "block", 5).await;

    let listed = run.transfers().await;
    assert_eq!(listed.len(), 1, "one job, not a plan per file: {listed:?}");
    let t = &listed[0];
    assert_eq!(t["direction"], "upload");
    assert_eq!(t["files"], 4);
    let total: usize = files.iter().map(|(_, d)| d.len()).sum();
    assert_eq!(t["size"], total as u64);
    assert_eq!(t["doneBytes"], (1024 + 2048 + 2 * MIB) as u64, "{t}");
    let id = t["id"].as_str().unwrap().to_string();

    let out = run.cli(&["dlz", "resume", &id, "--parallel", "1"]).await;
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("uploaded"), "{}", out.stdout);
    assert!(run.transfers().await.is_empty());

    // The files committed before the kill went once; of the large file only the held
    // block went twice (4 blocks, the held one again, the block list).
    assert_eq!(puts(&run, "jobs/exports/a.csv").await, 1);
    assert_eq!(puts(&run, "jobs/exports/b.csv").await, 1);
    assert_eq!(puts(&run, "jobs/exports/big.bin").await, 4 + 1 + 1);
    assert_eq!(puts(&run, "jobs/exports/sub/c.csv").await, 1);
    for (name, data) in &files {
        let got = read_back(&run, &format!("jobs/exports/{name}")).await;
        assert!(got == *data, "{name} differs");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_small_upload_is_listed_and_sent_once_more() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator_at_hour_one().await;
    let src = dir.path().join("leads.csv");
    let data = noise(3000, 9);
    std::fs::write(&src, &data).unwrap();
    let run = Run::on_emulator(&emu, dir.path());
    run.kill_at(
        &["dlz", "upload", src.to_str().unwrap(), "small"],
        "PUT",
        "",
        1,
    )
    .await;
    let listed = run.transfers().await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["size"], 3000);
    assert_eq!(listed[0]["files"], 1);
    let id = listed[0]["id"].as_str().unwrap().to_string();
    let out = run.cli(&["dlz", "resume", &id]).await;
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        puts(&run, "small/leads.csv").await,
        2,
        "the held request and one more"
    );
    assert!(read_back(&run, "small/leads.csv").await == data);
    assert!(run.transfers().await.is_empty());
}

/// With four blocks in flight a kill can cut off up to four; each is staged or not, and
/// the storage's block list says which, so no more than those four go again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_with_four_blocks_in_flight_resends_at_most_four() {
    let dir = tempfile::tempdir().unwrap();
    let emu = emulator_at_hour_one().await;
    let src = dir.path().join("wide.bin");
    let data = noise(16 * MIB, 7);
    std::fs::write(&src, &data).unwrap();
    let run = Run::on_emulator(&emu, dir.path());
    let up = [
        "dlz",
        "upload",
        src.to_str().unwrap(),
        "wide",
        "--parallel",
        "4",
        "--part-size-mib",
        "1",
    ];
    run.kill_at(&up, "PUT", "block", 7).await;
    let id = run.transfers().await[0]["id"].as_str().unwrap().to_string();
    let out = run.cli(&["dlz", "resume", &id, "--parallel", "4"]).await;
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let sent = puts(&run, "wide/wide.bin").await;
    // 16 blocks and the block list, and at most the four in flight again.
    assert!((16 + 1 + 1..=16 + 1 + 4).contains(&sent), "{sent} PUTs");
    assert!(read_back(&run, "wide/wide.bin").await == data);
}
