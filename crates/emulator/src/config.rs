//! What an emulator instance is started with: seed and scale, its clock, the faults
//! it injects (`flowscope emulate --latency-ms … --error-rate … --throttle-rate …
//! --drop-rate … --truncate-rate …`) and which cloud provisions the landing zone (`--dlz-provider`).

use super::clock::{Clock, TEST_EPOCH_MS};
use super::dlz::DlzProvider;
use super::faults::Hold;

#[derive(Clone, Debug, Default)]
pub struct FaultConfig {
    /// Added to every platform request before it is answered.
    pub latency_ms: u64,
    /// Share of requests answered with a 500, 502 or 503.
    pub error_rate: f64,
    /// Share of requests answered with 429 and `Retry-After`.
    pub throttle_rate: f64,
    /// Share of requests whose connection is dropped before any answer is sent.
    pub drop_rate: f64,
    /// Share of requests whose answer is cut off half way through its body.
    pub truncate_rate: f64,
    /// The `Retry-After` seconds sent with injected 429s.
    pub retry_after_s: u64,
    /// Only requests with these methods get faults (`POST` to test writes while reads
    /// stay clean); every request when empty.
    pub methods: Vec<String>,
    /// Holds one request before its handler, whatever `methods` says (tests only).
    pub hold: Option<Hold>,
}

impl FaultConfig {
    pub fn is_active(&self) -> bool {
        self.latency_ms > 0
            || self.error_rate > 0.0
            || self.throttle_rate > 0.0
            || self.drop_rate > 0.0
            || self.truncate_rate > 0.0
    }

    /// Whether a request with `method` may get a fault.
    pub fn applies_to(&self, method: &str) -> bool {
        self.methods.is_empty() || self.methods.iter().any(|m| m.eq_ignore_ascii_case(method))
    }
}

#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    pub seed: u64,
    /// Flow count of the `prod` sandbox (scale sets); `None` keeps the demo size.
    pub flows: Option<usize>,
    /// Run count of the `prod` sandbox (scale sets).
    pub runs: Option<usize>,
    pub clock: Clock,
    pub faults: FaultConfig,
    /// Sandboxes that exist but hold nothing yet, as a newly created sandbox does: the
    /// org's specs, no connections, flows or runs, and an empty landing zone.
    pub empty_sandboxes: Vec<String>,
    /// Azure Blob (SAS credentials, `/blob/…`) or Amazon S3 (AWS keys, `/s3/…`).
    pub dlz_provider: DlzProvider,
}

impl EmulatorConfig {
    /// The demo: wall-clock time, seed 42, no faults.
    pub fn demo() -> Self {
        Self {
            seed: 42,
            flows: None,
            runs: None,
            clock: Clock::system(),
            faults: FaultConfig {
                retry_after_s: 1,
                ..FaultConfig::default()
            },
            empty_sandboxes: Vec::new(),
            dlz_provider: DlzProvider::Azure,
        }
    }

    /// Tests: a manual clock fixed at [`TEST_EPOCH_MS`] and seed 7, so every object and
    /// every run state is the same on every run.
    pub fn for_tests() -> Self {
        Self {
            seed: 7,
            clock: Clock::manual(TEST_EPOCH_MS),
            ..Self::demo()
        }
    }
}
