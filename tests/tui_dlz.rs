//! The Landing Zone tab driven with keys against the test emulator (fixed clock, seed 7):
//! the overview, masked credentials and their refresh, explore previews, the flows that
//! read a file, and the container itself through its SAS URI — listing, upload, download,
//! delete, a range preview of a 1 GB file, and expired credentials renewed once, in place.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::api::{Client, ClientConfig};
use flowscope::app::features::dlz::TransferJob;
use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use flowscope::model::DlzType;
use insta::assert_snapshot;
use support::tui::{Opts, Tui};

const W: u16 = 120;
const H: u16 = 30;
const DAY_MS: i64 = 86_400_000;

/// The live SAS signature of a zone as the token carries it (URL-encoded), read the way
/// any client would.
async fn live_sig(t: &Tui, zone: DlzType) -> String {
    let c = Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap();
    let creds = c.landing_zone_credentials(zone).await.unwrap();
    let token = creds.sas_token.unwrap().expose().to_string();
    token
        .split('&')
        .find_map(|kv| kv.strip_prefix("sig="))
        .unwrap()
        .to_string()
}

/// The signature decoded, as it would appear if something logged it unencoded.
fn decoded(sig: &str) -> String {
    url::form_urlencoded::parse(format!("s={sig}").as_bytes())
        .next()
        .unwrap()
        .1
        .into_owned()
}

/// The screen with the emulator's port (random, from port 0) written as `PORT`.
fn stable(screen: String) -> String {
    let mut out = String::new();
    let mut rest = screen.as_str();
    while let Some(i) = rest.find("127.0.0.1:") {
        let (head, tail) = rest.split_at(i + "127.0.0.1:".len());
        out.push_str(head);
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            out.push_str("PORT");
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn overview_and_masked_credentials() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    t.keys("5");
    t.settle().await;
    assert_snapshot!("dlz_overview", t.screen());
    let sig = live_sig(&t, DlzType::UserDropZone).await;

    t.keys("c");
    t.settle().await;
    let screen = stable(t.screen());
    assert_snapshot!("dlz_credentials_masked", screen);
    assert!(!screen.contains(&sig[..12]), "the signature is masked");
    assert!(
        !screen.contains(&decoded(&sig)[..12]),
        "the signature is masked"
    );
    assert!(
        screen.contains("sp=racwdlm"),
        "the harmless parts stay readable"
    );

    // Revealed on purpose, masked again on the second press.
    t.keys("v");
    assert!(t.screen().contains(&sig[..12]), "revealed");
    t.keys("v");
    assert!(!t.screen().contains(&sig[..12]), "masked again");

    // `y` on the SAS URI field copies it, on purpose (through OSC 52 here).
    t.keys("jjy");
    t.settle().await;
    let copied = t.copied();
    assert!(copied.contains("\x1b]52;c;"), "{copied:?}");
}

#[tokio::test]
async fn refresh_asks_first_then_rotates_the_token() {
    let mut t = Tui::start(W, H).await;
    t.keys("5");
    t.settle().await;
    let before = live_sig(&t, DlzType::UserDropZone).await;
    t.keys("c");
    t.settle().await;
    t.keys("<c-r>");
    assert!(
        t.screen()
            .contains("Get new credentials for user_drop_zone?")
    );
    assert_eq!(
        t.emu
            .count("POST /data/foundation/connectors/landingzone/credentials"),
        0
    );
    t.keys("y");
    t.wait_for("refreshed").await;
    let after = live_sig(&t, DlzType::UserDropZone).await;
    assert_ne!(before, after, "a new signature");
    assert_eq!(
        t.emu
            .count("POST /data/foundation/connectors/landingzone/credentials"),
        1
    );
    // The journal keeps the refresh.
    let journal = std::fs::read_to_string(t.data.join("journal.jsonl")).unwrap_or_default();
    assert!(journal.contains("action=refresh"), "{journal}");
    assert!(!journal.contains(&after), "no secret in the journal");
}

#[tokio::test]
async fn read_only_refuses_refresh_upload_and_delete() {
    let mut t = Tui::start_opts(
        EmulatorConfig::for_tests(),
        W,
        H,
        Opts {
            read_only: true,
            ..Opts::default()
        },
    )
    .await;
    t.keys("5");
    t.settle().await;
    t.keys("<c-r>");
    assert!(t.screen().contains("read-only"), "{}", t.screen());
    t.keys("b");
    t.settle().await;
    t.select_named("account");
    t.keys("X");
    assert!(!matches!(
        t.d.app.overlay,
        Some(flowscope::app::overlay::Overlay::Ask(_))
    ));
    t.keys("U");
    assert!(t.d.app.overlay.is_none(), "no path prompt for an upload");
    let writes = t
        .emu
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("POST") || r.starts_with("PUT") || r.starts_with("DELETE"))
        // The IMS token is not a change.
        .filter(|r| !r.contains("/ims/"))
        .count();
    assert_eq!(writes, 0);
}

#[tokio::test]
async fn explore_previews_a_csv_a_parquet_and_a_json_file() {
    let mut t = Tui::start(W, H).await;
    t.keys("5<enter>");
    t.settle().await;
    t.open_named("account.csv");
    t.wait_for("preview").await;
    let screen = t.screen();
    assert_snapshot!("dlz_preview_csv", screen);
    assert!(screen.contains("fileType=delimited"), "{screen}");

    t.keys("<esc>");
    t.open_named("loyalty");
    t.settle().await;
    t.open_named("members.json");
    t.wait_for("preview").await;
    assert_snapshot!("dlz_preview_json", t.screen());
    match t.d.app.view() {
        Some(View::Preview(p)) => assert!(p.data.as_ref().unwrap().is_tree()),
        other => panic!("a preview, not {other:?}"),
    }

    t.keys("<esc>");
    t.open_named("transactions");
    t.settle().await;
    t.keys("<enter>");
    t.settle().await;
    t.keys("<enter>");
    t.settle().await;
    t.keys("<enter>");
    t.wait_for("preview").await;
    let screen = t.screen();
    assert_snapshot!("dlz_preview_parquet", screen);
    assert!(screen.contains("parquet"), "{screen}");
}

#[tokio::test]
async fn the_flows_reading_a_file_link_to_its_graph() {
    let mut t = Tui::start(W, H).await;
    t.keys("5<enter>");
    t.settle().await;
    // A folder: the flows reading anything inside it.
    t.select_named("crm");
    t.keys("F");
    t.settle().await;
    let flows = match t.d.app.view() {
        Some(View::List(l)) => l.items(),
        other => panic!("a list, not {other:?}"),
    };
    assert!(!flows.is_empty(), "the seeded Leads flow reads crm/");
    let c = Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap();
    for f in &flows {
        let mut paths = Vec::new();
        for src in f["sourceConnectionIds"].as_array().unwrap() {
            let sc = c
                .get_source_connection(src.as_str().unwrap())
                .await
                .unwrap();
            let path = sc.params.as_ref().and_then(|p| p.get("path")).cloned();
            paths.push(
                path.and_then(|p| p.as_str().map(String::from))
                    .unwrap_or_default(),
            );
        }
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("dlz-user-container/crm/")),
            "{paths:?}"
        );
    }
    assert_snapshot!("dlz_reading_flows", t.screen());
    // A file: the one flow whose source is that file.
    t.keys("<esc>");
    t.open_named("crm");
    t.settle().await;
    t.select_named("opportunities");
    t.keys("F");
    t.settle().await;
    assert!(matches!(t.d.app.view(), Some(View::List(l)) if l.items().len() == 1));
    // g opens the graph of the selected flow.
    t.keys("g");
    t.settle().await;
    assert!(matches!(t.d.app.view(), Some(View::Graph(_))));
}

#[tokio::test]
async fn storage_upload_download_and_delete_through_the_sas() {
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("drop_test.csv");
    let body = "id,name\n1,alpha\n2,beta\n".repeat(2000);
    std::fs::write(&local, &body).unwrap();

    let mut t = Tui::start(W, H).await;
    t.keys("5b");
    t.settle().await;
    assert_snapshot!("dlz_storage_root", t.screen());

    // Upload into the container's root: it asks first, and nothing is sent before `y`.
    t.keys("U");
    t.keys(&local.display().to_string());
    t.keys("<enter>");
    t.wait_for("planned").await;
    assert!(t.screen().contains("Upload 1 file"), "{}", t.screen());
    assert!(!t.emu.requests().iter().any(|r| r.starts_with("PUT /blob/")));
    t.keys("y");
    t.wait_for("transfer finished").await;
    t.settle().await;
    assert!(t.screen().contains("drop_test.csv"), "{}", t.screen());
    assert!(t.emu.requests().iter().any(|r| r.starts_with("PUT /blob/")));

    // Uploading it again asks before overwriting.
    t.keys("U");
    t.keys(&local.display().to_string());
    t.keys("<enter>");
    t.wait_for("planned").await;
    assert!(t.screen().contains("already exist"), "{}", t.screen());
    t.keys("n");

    // Download it back to another name.
    let back = dir.path().join("back.csv");
    t.select_named("drop_test");
    t.keys("D");
    // Replace the suggested path.
    for _ in 0..40 {
        t.keys("<bs>");
    }
    t.keys(&back.display().to_string());
    t.keys("<enter>");
    t.wait_for("transfer finished").await;
    assert_eq!(std::fs::read_to_string(&back).unwrap(), body);
    assert!(!dir.path().join("back.csv.part").exists());

    // Delete asks, then the file is gone from the container and from explore.
    t.keys("X");
    assert!(t.screen().contains("cannot be undone"));
    t.keys("y");
    t.wait_for("deleted").await;
    let c = Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap();
    let root = c.explore_landing_zone(None).await.unwrap();
    assert!(!root.0.iter().any(|i| i.name == "drop_test.csv"));
    let journal = std::fs::read_to_string(t.data.join("journal.jsonl")).unwrap_or_default();
    assert!(journal.contains("drop_test.csv"), "{journal}");
}

#[tokio::test]
async fn expired_credentials_are_renewed_once_and_the_listing_goes_on() {
    let mut t = Tui::start(W, H).await;
    t.keys("5b");
    t.settle().await;
    assert!(t.screen().contains("account.csv"));
    let credentials = "GET /data/foundation/connectors/landingzone/credentials";
    let before = t.emu.count(credentials);
    let ims = "POST /ims/token/v3";
    let ims_before = t.emu.count(ims);
    // A week and a day later the opened container's SAS has expired: the storage refuses
    // it, the zone's credentials are asked for once, and the listing is read again.
    t.emu.clock.advance(8 * DAY_MS);
    t.keys("r");
    t.settle().await;
    // The listing came (empty: the 7-day TTL took the files written a week ago).
    assert!(matches!(t.d.app.view(), Some(View::List(l)) if l.load.error().is_none()));
    assert!(
        !t.screen().contains("credentials refused"),
        "{}",
        t.screen()
    );
    // One credentials call, and the one the gateway refused first because the IMS token
    // had expired with the week too (the client then signs in again and repeats it).
    let reauth = t.emu.count(ims) - ims_before;
    assert_eq!(t.emu.count(credentials), before + 1 + reauth);
    let listings = t
        .emu
        .requests()
        .iter()
        .filter(|r| r.starts_with("GET /blob/"))
        .count();
    assert!(
        listings >= 3,
        "the first listing, the refused one and the renewed one"
    );
    // The renewed container is kept: the next listing asks for no credentials.
    t.keys("r");
    t.settle().await;
    assert_eq!(t.emu.count(credentials), before + 1 + reauth);
}

#[tokio::test]
async fn a_range_preview_of_a_1_gb_file_reads_under_1_mb() {
    let mut t = Tui::start(W, H).await;
    t.keys("5b");
    t.settle().await;
    t.open_named("exports");
    t.settle().await;
    let big = match t.d.app.view() {
        Some(View::List(l)) => l
            .items()
            .iter()
            .find(|v| v["size"].as_u64().unwrap_or(0) >= 1 << 30)
            .cloned()
            .expect("a 1 GB file in exports/"),
        other => panic!("a list, not {other:?}"),
    };
    let name = big["name"].as_str().unwrap().to_string();
    t.select_named(&name);
    t.keys("p");
    t.wait_for("preview").await;
    let served = t.emu.blob_bytes_served_for(&format!(
        "dlz-user-container/{}",
        big["path"].as_str().unwrap()
    ));
    assert!(served > 0 && served <= 1 << 20, "served {served} bytes");
    let screen = t.screen();
    assert!(
        screen.contains("session_id") || screen.contains("first rows"),
        "{screen}"
    );
}

#[tokio::test]
async fn secrets_stay_out_of_the_screen_the_logs_and_the_request_log() {
    let capture = support::logs::capture();
    let logs = &capture.logs;
    let mut t = Tui::start(W, H).await;
    t.keys("5");
    t.settle().await;
    t.keys("c");
    t.settle().await;
    let sig = live_sig(&t, DlzType::UserDropZone).await;
    let shown = t.screen();
    t.keys("<esc>b");
    t.settle().await;
    t.open_named("account.csv");
    t.wait_for("preview").await;
    // A refused call logs its error, then goes on with new credentials.
    t.emu.clock.advance(8 * DAY_MS);
    t.keys("<esc>r");
    t.settle().await;
    // The session did log, and the emulator did see the signature used: the searches
    // below look where a leak would be.
    let logged = logs.text();
    assert!(
        logged.contains("the landing zone refused its credentials")
            && logged.contains("AuthenticationFailed"),
        "{logged}"
    );
    assert!(t.emu.requests().iter().any(|r| r.contains("sig=***")));
    for (what, text) in [
        ("screen", shown),
        ("logs", logs.text()),
        ("request log", t.emu.requests().join("\n")),
    ] {
        assert!(!text.contains(&sig), "the SAS signature reached the {what}");
        assert!(
            !text.contains(&decoded(&sig)),
            "the decoded signature reached the {what}"
        );
    }
}

#[test]
fn a_transfer_in_progress() {
    let mut app = support::tui::test_app();
    app.tab = flowscope::app::shared::nav::Tab::LandingZone;
    let now = app.now_ms;
    app.dlz.transfers.start(
        1,
        TransferJob::Upload {
            zone: DlzType::UserDropZone,
            files: vec![(
                "/home/ana/exports/orders_2026-11.csv".into(),
                "crm/orders_2026-11.csv".into(),
            )],
        },
        48_000_000,
        now - 4_000,
    );
    let t = app.dlz.transfers.get_mut(1).unwrap();
    t.done = 18_000_000;
    t.retries = 1;
    app.dlz.transfers.start(
        2,
        TransferJob::Download {
            zone: DlzType::UserDropZone,
            path: "exports/web_sessions_full.csv".into(),
            dest: "./web_sessions_full.csv".into(),
        },
        64_000_084,
        now - 2_000,
    );
    app.dlz.transfers.get_mut(2).unwrap().done = 64_000_084;
    app.dlz.transfers.get_mut(2).unwrap().ended_ms = Some(now);
    app.dlz.transfers.get_mut(2).unwrap().state =
        flowscope::app::features::dlz::transfers::State::Done;
    app.dlz.transfers.selected = 0;
    flowscope::app::update::update(&mut app, flowscope::app::shared::action::Action::Transfers);
    assert_snapshot!(
        "dlz_transfer_in_progress",
        support::tui::screen(&app, W, 16)
    );
}

#[tokio::test]
async fn an_s3_provisioned_zone_shows_masked_keys_and_lists_through_s3() {
    let cfg = EmulatorConfig {
        dlz_provider: flowscope::emulator::DlzProvider::AmazonS3,
        ..EmulatorConfig::for_tests()
    };
    let mut t = Tui::start_with(cfg, W, H).await;
    t.keys("5");
    t.settle().await;
    assert!(t.screen().contains("Amazon S3"), "{}", t.screen());
    t.keys("c");
    t.settle().await;
    let c = Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap();
    let creds = c
        .landing_zone_credentials(DlzType::UserDropZone)
        .await
        .unwrap();
    let keys = creds.credentials.unwrap();
    let secret = keys.aws_secret_access_key.unwrap().expose().to_string();
    let token = keys.aws_session_token.unwrap().expose().to_string();
    let screen = t.screen();
    assert!(screen.contains("secret access key"), "{screen}");
    assert!(
        !screen.contains(&secret[..8]) && !screen.contains(&token[..8]),
        "{screen}"
    );
    t.keys("<esc>b");
    t.settle().await;
    assert!(t.screen().contains("account.csv"), "{}", t.screen());
    assert!(t.emu.requests().iter().any(|r| r.starts_with("GET /s3/")));
}
