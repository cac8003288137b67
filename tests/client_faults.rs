//! The API client against the emulator when things go wrong: token expiry on the
//! emulator's clock, refused credentials, injected 5xx/429/dropped answers (reads retried,
//! a create never sent twice) and timeouts. Faults come from the emulator's seeded
//! generator, so each test meets the same faults in the same order every run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use flowscope::api::{
    ApiError, Client, ClientConfig, ListQuery, RetryPolicy, Timeouts, collect_all,
};
use flowscope::emulator::FaultConfig;
use flowscope::model::{CreateRun, Secret};

use crate::support;

use support::client::{FS, client_for, emulator, flow_to_run, plain, quick_retries};

#[tokio::test]
async fn an_expired_token_is_replaced_once_and_the_call_succeeds() {
    let (emu, client) = plain().await;
    let flows = client.count_flows(&ListQuery::new()).await.unwrap();
    assert_eq!(emu.count("POST /ims/token/v3"), 1);
    // Past the 24 h lifetime on the emulator's clock: the gateway now says 401013.
    emu.clock.advance(25 * 3600 * 1000);
    assert_eq!(client.count_flows(&ListQuery::new()).await.unwrap(), flows);
    assert_eq!(emu.count("POST /ims/token/v3"), 2);
}

#[tokio::test]
async fn bad_client_credentials_are_an_auth_error() {
    let emu = emulator(FaultConfig::default()).await;
    let mut cfg = ClientConfig::for_emulator(&emu.base_url());
    cfg.client_secret = Secret::new("invalid");
    let client = Client::new(cfg).unwrap();
    let err = client.count_flows(&ListQuery::new()).await.unwrap_err();
    assert!(matches!(err, ApiError::Auth { .. }), "{err:?}");
    assert_eq!(err.code(), Some("invalid_client"));
}

#[tokio::test]
async fn reads_get_through_errors_and_throttling() {
    let emu = emulator(FaultConfig {
        error_rate: 0.25,
        throttle_rate: 0.25,
        retry_after_s: 0,
        ..FaultConfig::default()
    })
    .await;
    let client = client_for(&emu, quick_retries(12));
    let flows = collect_all(client.list_flows(&ListQuery::new().limit(3)))
        .await
        .unwrap();
    assert!(!flows.is_empty());
    for f in flows.iter().take(10) {
        assert_eq!(client.get_flow(&f.id).await.unwrap().id, f.id);
    }
    // Faults were met and retried through.
    let gets: u64 = emu
        .counters()
        .iter()
        .filter(|(k, _)| k.starts_with("GET "))
        .map(|(_, v)| *v)
        .sum();
    let calls = flows.len().div_ceil(3) as u64 + flows.len().min(10) as u64;
    assert!(
        gets > calls,
        "expected retries: {gets} requests for {calls} calls"
    );
}

#[tokio::test]
async fn throttling_beyond_the_attempts_is_reported_as_throttled() {
    let emu = emulator(FaultConfig {
        throttle_rate: 1.0,
        retry_after_s: 0,
        ..FaultConfig::default()
    })
    .await;
    let client = client_for(&emu, quick_retries(3));
    let err = client.count_flows(&ListQuery::new()).await.unwrap_err();
    assert!(matches!(err, ApiError::Throttled { .. }), "{err:?}");
    assert_eq!(err.status(), Some(429));
    assert_eq!(emu.count(&format!("GET {FS}/flows")), 3);
}

#[tokio::test]
async fn a_create_run_is_never_sent_twice_under_faults() {
    let emu = emulator(FaultConfig {
        error_rate: 0.3,
        throttle_rate: 0.2,
        drop_rate: 0.3,
        retry_after_s: 0,
        ..FaultConfig::default()
    })
    .await;
    let client = client_for(&emu, quick_retries(12));
    // Reads retry through the faults.
    let flow = flow_to_run(&client).await;
    let now_s = emu.clock.now_ms() / 1000;
    let runs_before = emu.object_count("prod", "runs").unwrap();
    let attempts = 12;
    let (mut ok, mut failed, mut lost) = (0, 0, 0);
    for _ in 0..attempts {
        match client
            .create_run(&CreateRun::new(&flow, now_s, now_s - 60, now_s))
            .await
        {
            Ok(_) => ok += 1,
            Err(ApiError::Interrupted { .. }) => lost += 1,
            Err(e) => {
                assert!(
                    matches!(e, ApiError::Service { .. } | ApiError::Throttled { .. }),
                    "{e:?}"
                );
                failed += 1;
            }
        }
    }
    // Exactly one POST per call, whatever happened to it.
    assert_eq!(emu.count(&format!("POST {FS}/runs")), attempts);
    assert!(
        failed > 0 && lost > 0,
        "the seeded faults should hit some creates: {failed} refused, {lost} lost"
    );
    // A lost answer still created its run (it was sent once); refused ones created none.
    let created = emu.object_count("prod", "runs").unwrap() - runs_before;
    assert_eq!(created, ok + lost, "{ok} ok, {lost} lost, {failed} refused");
}

#[tokio::test]
async fn a_slow_emulator_times_out() {
    let emu = emulator(FaultConfig {
        latency_ms: 3_000,
        ..FaultConfig::default()
    })
    .await;
    let mut cfg = ClientConfig::for_emulator(&emu.base_url());
    cfg.retry = RetryPolicy::never();
    cfg.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_millis(250),
    };
    let client = Client::new(cfg).unwrap();
    let err = client.count_flows(&ListQuery::new()).await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
}
