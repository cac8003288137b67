//! Shared set-up for the client tests: an emulator with chosen faults, a client with
//! quick retries pointed at it, a flow that has runs and one that can be run on demand.

use std::time::Duration;

use flowscope::api::{Client, ClientConfig, ListQuery, RetryPolicy, collect_all};
use flowscope::emulator::{EmulatorConfig, EmulatorHandle, FaultConfig};

pub const FS: &str = "/data/foundation/flowservice";

pub async fn emulator(faults: FaultConfig) -> EmulatorHandle {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.faults = faults;
    flowscope::emulator::start("127.0.0.1:0".parse().unwrap(), cfg)
        .await
        .unwrap()
}

pub fn client_for(emu: &EmulatorHandle, retry: RetryPolicy) -> Client {
    let mut cfg = ClientConfig::for_emulator(&emu.base_url());
    cfg.retry = retry;
    Client::new(cfg).unwrap()
}

/// Tiny waits so retries are quick; enough attempts to get through the seeded faults.
pub fn quick_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(5),
    }
}

pub async fn plain() -> (EmulatorHandle, Client) {
    let emu = emulator(FaultConfig::default()).await;
    let client = client_for(&emu, quick_retries(3));
    (emu, client)
}

/// The first enabled flow that has at least `min_runs` runs.
pub async fn flow_with_runs(client: &Client, min_runs: u64) -> String {
    let flows = collect_all(client.list_flows(&ListQuery::new().property("state==enabled")))
        .await
        .unwrap();
    for f in flows {
        let n = client
            .count_runs(&ListQuery::new().property(format!("flowId=={}", f.id)))
            .await
            .unwrap();
        if n >= min_runs {
            return f.id;
        }
    }
    panic!("no enabled flow with {min_runs} runs in the seed");
}

/// The first enabled flow scheduled once: the only kind `POST /runs` accepts
/// (aep-api-notes §6).
pub async fn flow_to_run(client: &Client) -> String {
    let once = ListQuery::new()
        .property("state==enabled")
        .property("scheduleParams.frequency==once");
    let flows = collect_all(client.list_flows(&once)).await.unwrap();
    flows
        .into_iter()
        .next()
        .expect("the seed has enabled flows scheduled once")
        .id
}
