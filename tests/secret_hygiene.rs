//! Secret hygiene over a whole session: an IMS client secret, the access tokens it buys,
//! landing-zone SAS signatures, AWS keys, and the passwords and connection strings the
//! service returns in connections. The session browses every tab, opens details and
//! credentials, copies ids and JSON, triggers a run and starts an AppFlow flow. Then the
//! log (everything at trace level, through the explorer's own filter), every frame drawn,
//! the audit journal and drafts, and everything offered to the clipboard are searched:
//! none of the secrets is there.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use crate::support;

use base64::Engine;
use flowscope::app::overlay::Overlay;
use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use flowscope::model::redact::is_secret_key;
use serde_json::Value;
use support::tui::{Opts, Tui};

const CLIENT_SECRET: &str = "p8e-Qx7vK2mN9sL4tR8wY3zA6bC1dF5gH0jJ";
const AWS_ACCESS_KEY: &str = "AKIAZ7QX4MEXAMPLE9KD";
const AWS_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

/// Collects every string under a secret-looking key of `v`.
fn secrets_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match x {
                    Value::String(s) if is_secret_key(k) && s.len() >= 8 => out.push(s.clone()),
                    _ => secrets_in(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| secrets_in(x, out)),
        _ => {}
    }
}

/// The `sig=` value of a SAS token or URI.
fn signature(sas: &str) -> Option<String> {
    let start = sas.find("sig=")? + 4;
    let rest = &sas[start..];
    Some(rest.split('&').next().unwrap_or(rest).to_string())
}

struct Hunt {
    secrets: Vec<String>,
    frames: usize,
}

impl Hunt {
    /// Fails if `text` (from `place`) holds any secret.
    fn check(&self, place: &str, text: &str) {
        for s in &self.secrets {
            assert!(
                !text.contains(s.as_str()),
                "a secret ({}…) reached {place}:\n{text}",
                &s[..6]
            );
        }
    }

    fn frame(&mut self, t: &Tui, after: &str) {
        self.frames += 1;
        self.check(&format!("the screen after {after}"), &t.screen());
    }

    /// Keys one by one, each frame searched.
    fn keys(&mut self, t: &mut Tui, script: &str) {
        for key in support::tui::parse_keys(script) {
            t.event(&crossterm::event::Event::Key(key));
            self.frame(t, &format!("{key:?}"));
        }
    }

    /// Messages until nothing loads, each frame searched.
    async fn settle(&mut self, t: &mut Tui) {
        while t.loading() {
            let m = t.next().await;
            self.frame(t, m.name());
        }
        while let Ok(m) = t.rx.try_recv() {
            t.seen.push(m.name());
            t.message(m.clone());
            self.frame(t, m.name());
        }
    }

    async fn wait_for(&mut self, t: &mut Tui, name: &str) {
        loop {
            let m = t.next().await;
            self.frame(t, m.name());
            if m.name() == name {
                return;
            }
        }
    }
}

fn read_tree(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            read_tree(&p, out);
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into(),
            ));
        }
    }
}

/// What the OSC 52 sequences written to the terminal put on the clipboard.
fn clipboard_offers(raw: &str) -> Vec<String> {
    raw.split("\x1b]52;")
        .skip(1)
        .filter_map(|seq| {
            let body = seq.split(['\x07', '\x1b']).next()?;
            let b64 = body.rsplit(';').next()?;
            let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

#[test]
fn no_secret_reaches_the_log_the_screen_the_journal_or_the_clipboard() {
    // The explorer's own filter at its most verbose (`FLOWSCOPE_LOG=trace`), on this
    // thread: the test runs a current-thread runtime, so every task logs here.
    let capture = crate::support::logs::capture();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(session(&capture.logs));
}

async fn session(logs: &crate::support::LogBuffer) {
    let opts = Opts {
        client_secret: Some(CLIENT_SECRET.into()),
        aws_keys: Some((AWS_ACCESS_KEY.into(), AWS_SECRET_KEY.into())),
        ..Opts::default()
    };
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), 120, 30, opts).await;

    // What the service holds that is secret: connection passwords, keys and connection
    // strings, and the landing zones' SAS signatures.
    let mut secrets = vec![
        CLIENT_SECRET.to_string(),
        AWS_SECRET_KEY.to_string(),
        AWS_ACCESS_KEY.to_string(),
    ];
    let base = t.emu.base_url();
    let http = reqwest::Client::new();
    let token = support::get_token(&http, &base, "cid").await;
    let get = |path: String| {
        http.get(format!("{base}{path}"))
            .bearer_auth(&token)
            .header("x-api-key", "cid")
            .header("x-gw-ims-org-id", support::ORG)
            .header("x-sandbox-name", "prod")
            .send()
    };
    let conns: Value = get(format!("{}/connections?limit=1000", support::FLOW))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    secrets_in(&conns, &mut secrets);
    for kind in ["user_drop_zone", "dlz_destination"] {
        let creds: Value = get(format!("{}/credentials?type={kind}", support::DLZ))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for key in ["SASToken", "SASUri"] {
            secrets.extend(creds[key].as_str().and_then(signature));
        }
    }
    secrets.sort();
    secrets.dedup();
    assert!(
        secrets.len() > 6,
        "the session has secrets to leak: {}",
        secrets.len()
    );
    let mut h = Hunt { secrets, frames: 0 };

    h.settle(&mut t).await;
    // Connections: each detail opened, its JSON and id copied.
    h.keys(&mut t, "1");
    h.settle(&mut t).await;
    for _ in 0..6 {
        h.keys(&mut t, "d");
        h.settle(&mut t).await;
        h.keys(&mut t, "C");
        h.wait_for(&mut t, "copied").await;
        h.keys(&mut t, "<esc>C");
        h.wait_for(&mut t, "copied").await;
        h.keys(&mut t, "yj");
        h.wait_for(&mut t, "copied").await;
    }
    // Flows: detail, graph, a run triggered (journalled).
    h.keys(&mut t, "2");
    h.settle(&mut t).await;
    h.keys(&mut t, "d");
    h.settle(&mut t).await;
    h.keys(&mut t, "<esc>g");
    h.settle(&mut t).await;
    h.keys(&mut t, "<esc>");
    let enabled = t
        .app()
        .root_list(flowscope::app::shared::nav::Tab::Flows)
        .unwrap()
        .items()
        .iter()
        .find(|f| f["state"] == "enabled")
        .and_then(|f| f["name"].as_str())
        .unwrap()
        .to_string();
    h.keys(&mut t, &format!("/{enabled}<enter>t<enter>"));
    assert!(matches!(t.app().overlay, Some(Overlay::Ask(_))));
    h.keys(&mut t, "y");
    h.wait_for(&mut t, "submitted").await;
    h.settle(&mut t).await;
    // Runs and their detail.
    h.keys(&mut t, "<esc><esc>3");
    h.settle(&mut t).await;
    h.keys(&mut t, "<enter>");
    h.settle(&mut t).await;
    h.keys(&mut t, "<esc>");
    // The landing zone: both zones' credentials, shown masked, and copies.
    h.keys(&mut t, "5");
    h.settle(&mut t).await;
    for _ in 0..2 {
        h.keys(&mut t, "c");
        h.settle(&mut t).await;
        assert!(
            matches!(t.app().view(), Some(View::Creds(_))),
            "{}",
            t.screen()
        );
        assert!(
            t.screen().contains(flowscope::model::MASK),
            "{}",
            t.screen()
        );
        h.keys(&mut t, "<esc>j");
    }
    h.keys(&mut t, "<enter>");
    h.settle(&mut t).await;
    h.keys(&mut t, "<esc>");
    // AWS: workflows, AppFlow flows (one started), connector profiles.
    h.keys(&mut t, "6");
    h.settle(&mut t).await;
    h.keys(&mut t, "<enter>");
    h.settle(&mut t).await;
    h.keys(&mut t, "8");
    h.settle(&mut t).await;
    h.keys(&mut t, "d");
    h.settle(&mut t).await;
    h.keys(&mut t, "<esc>7");
    h.settle(&mut t).await;
    h.keys(&mut t, "d");
    h.settle(&mut t).await;
    h.keys(&mut t, "<esc>C");
    h.wait_for(&mut t, "copied").await;
    h.settle(&mut t).await;

    // The access tokens the session was given are secrets too, from now on.
    let tokens = t.emu.issued_tokens();
    assert!(!tokens.is_empty(), "the session signed in");
    h.secrets.extend(tokens);
    h.frame(&t, "the session");

    let log = logs.text();
    assert!(log.lines().count() > 50, "the log was written: {log}");
    h.check("the log", &log);

    let mut files = Vec::new();
    read_tree(&t.data, &mut files);
    assert!(
        files.iter().any(|(p, _)| p.contains("journal")),
        "the run was journalled: {files:?}"
    );
    for (path, text) in &files {
        h.check(path, text);
    }

    let offers = clipboard_offers(&t.copied());
    assert!(offers.len() >= 19, "copies were offered: {}", offers.len());
    for (i, text) in offers.iter().enumerate() {
        h.check(&format!("clipboard offer {i}"), text);
    }
    assert!(h.frames > 200, "frames searched: {}", h.frames);
}
