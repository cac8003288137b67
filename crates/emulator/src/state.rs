//! State shared by all request handlers: the sandboxes, issued IMS tokens, the clock,
//! request counters and the seeded generator for new ids.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, RwLock};

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::aws::store::AwsStore;
use super::blob::meter::Meter;
use super::clock::{Clock, EpochMs};
use super::config::FaultConfig;
use super::sandbox::Sandbox;

/// How many requests the log keeps: enough for a test, bounded for a long demo.
pub const REQUEST_LOG: usize = 4_096;

pub struct Shared {
    pub clock: Clock,
    /// Switchable while running, so a test can break the service, then mend it.
    pub faults: Mutex<FaultConfig>,
    pub sandboxes: RwLock<HashMap<String, Sandbox>>,
    /// Access token → (client id, expiry).
    pub tokens: Mutex<HashMap<String, (String, EpochMs)>>,
    pub counters: Mutex<BTreeMap<String, u64>>,
    /// The newest requests as `METHOD /path?query`, for tests that check what was asked.
    pub requests: Mutex<std::collections::VecDeque<String>>,
    pub rng: Mutex<ChaCha8Rng>,
    /// The sandbox used when a request sends no `x-sandbox-name`.
    pub default_sandbox: String,
    /// Bytes served by the storage endpoints (Azure Blob and S3).
    pub meter: std::sync::Arc<Meter>,
    /// The AWS account (Customer Profiles and AppFlow), seeded at the clock's start.
    pub aws: Mutex<AwsStore>,
    /// Whether S3 refuses header-signed requests more than 15 minutes off the clock.
    /// Clients sign with the machine's clock, so this holds by default only when the
    /// emulator's clock is the machine's; a test that signs with a manual clock's time
    /// turns it on (`EmulatorHandle::check_request_time`).
    pub request_time_check: std::sync::atomic::AtomicBool,
}

impl Shared {
    pub fn new(
        clock: Clock,
        faults: FaultConfig,
        seed: u64,
        sandboxes: HashMap<String, Sandbox>,
    ) -> Self {
        let aws = Mutex::new(super::aws::seed::demo(clock.now_ms()));
        let request_time_check = std::sync::atomic::AtomicBool::new(!clock.is_manual());
        Self {
            request_time_check,
            clock,
            faults: Mutex::new(faults),
            sandboxes: RwLock::new(sandboxes),
            tokens: Mutex::new(HashMap::new()),
            counters: Mutex::new(BTreeMap::new()),
            requests: Mutex::new(std::collections::VecDeque::new()),
            // Offset so runtime ids never collide with seeded ones.
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_0ff1_0000)),
            default_sandbox: "prod".to_string(),
            meter: std::sync::Arc::new(Meter::default()),
            aws,
        }
    }

    pub fn now(&self) -> EpochMs {
        self.clock.now_ms()
    }

    pub fn checks_request_time(&self) -> bool {
        self.request_time_check
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A new UUID from the emulator's seeded generator.
    pub fn new_id(&self) -> String {
        let mut bytes = [0u8; 16];
        if let Ok(mut rng) = self.rng.lock() {
            rng.fill_bytes(&mut bytes);
        }
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// A number in 0..1 from the seeded generator (fault draws, run outcomes).
    pub fn draw(&self) -> f64 {
        self.rng
            .lock()
            .map(|mut r| r.random::<f64>())
            .unwrap_or(1.0)
    }

    pub fn count(&self, key: String) {
        if let Ok(mut c) = self.counters.lock() {
            *c.entry(key).or_default() += 1;
        }
    }

    /// Keeps `METHOD /path?query`, the newest [`REQUEST_LOG`] of them.
    pub fn log(&self, line: String) {
        if let Ok(mut r) = self.requests.lock() {
            if r.len() == REQUEST_LOG {
                r.pop_front();
            }
            r.push_back(line);
        }
    }
}
