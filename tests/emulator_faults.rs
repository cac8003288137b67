//! Fault injection: 5xx answers, 429 with Retry-After, dropped connections and latency,
//! and request counters that see every request before a fault can hide it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::emulator::{EmulatorConfig, FaultConfig};
use support::{Emu, FLOW};

fn with_faults(f: FaultConfig) -> EmulatorConfig {
    EmulatorConfig {
        faults: f,
        ..EmulatorConfig::for_tests()
    }
}

#[tokio::test]
async fn error_rate_one_answers_every_platform_call_with_a_5xx_problem() {
    let emu = Emu::with(with_faults(FaultConfig {
        error_rate: 1.0,
        ..FaultConfig::default()
    }))
    .await;
    for _ in 0..5 {
        let r = emu.get(&format!("{FLOW}/flows")).await;
        assert!(matches!(r.status.as_u16(), 500 | 502 | 503), "{}", r.status);
        assert!(r.code().starts_with("FLOW-1000-"));
        assert!(r.body["status"].is_u64());
    }
}

#[tokio::test]
async fn throttling_answers_429_with_retry_after() {
    let emu = Emu::with(with_faults(FaultConfig {
        throttle_rate: 1.0,
        retry_after_s: 3,
        ..FaultConfig::default()
    }))
    .await;
    let r = emu.get(&format!("{FLOW}/runs")).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.headers.get("retry-after").unwrap(), "3");
    assert_eq!(r.body["status"], 429);
}

#[tokio::test]
async fn dropped_connections_lose_the_answer_but_the_request_was_counted() {
    let emu = Emu::with(with_faults(FaultConfig {
        drop_rate: 1.0,
        ..FaultConfig::default()
    }))
    .await;
    let res = emu
        .req(reqwest::Method::GET, &format!("{FLOW}/flows?limit=1"))
        .send()
        .await;
    assert!(res.is_err(), "no answer arrives at all: {res:?}");
    assert_eq!(
        emu.handle.count("GET /data/foundation/flowservice/flows"),
        1
    );
}

#[tokio::test]
async fn truncated_bodies_promise_the_whole_answer_and_send_half() {
    let emu = Emu::with(with_faults(FaultConfig {
        truncate_rate: 1.0,
        ..FaultConfig::default()
    }))
    .await;
    let res = emu
        .req(reqwest::Method::GET, &format!("{FLOW}/flows?limit=3"))
        .send()
        .await
        .expect("the status line and headers arrive");
    assert_eq!(res.status(), 200);
    let promised = res.content_length().expect("a Content-Length");
    assert!(promised > 100, "the real answer's length: {promised}");
    let body = res.bytes().await;
    assert!(body.is_err(), "the body is cut off: {body:?}");
}

#[tokio::test]
async fn partial_rates_mix_faults_and_successes_deterministically() {
    let cfg = FaultConfig {
        error_rate: 0.3,
        throttle_rate: 0.2,
        ..FaultConfig::default()
    };
    let mut outcomes = Vec::new();
    for _ in 0..2 {
        let emu = Emu::with(with_faults(cfg.clone())).await;
        let mut statuses = Vec::new();
        for _ in 0..40 {
            statuses.push(
                emu.get(&format!("{FLOW}/flows?limit=1"))
                    .await
                    .status
                    .as_u16(),
            );
        }
        outcomes.push(statuses);
    }
    assert_eq!(
        outcomes[0], outcomes[1],
        "the same seed injects the same faults"
    );
    let ok = outcomes[0].iter().filter(|s| **s == 200).count();
    let throttled = outcomes[0].iter().filter(|s| **s == 429).count();
    assert!(ok > 5 && throttled > 0 && ok < 40, "{:?}", outcomes[0]);
}
