//! Bounded, deterministic fuzzing of flowscope's parsers, validators and the editor with
//! proptest: one runner shared by every target (`tests/fuzz/*.rs`, one test each).
//!
//! - Unset `FLOWSCOPE_FUZZ_SECONDS`: each target runs one round, a fixed number of cases
//!   from a fixed seed, so an ordinary `cargo test` is quick and always the same.
//! - `FLOWSCOPE_FUZZ_SECONDS=N`: each target runs round after round, each from the next
//!   seed of a fixed sequence, until N seconds have passed, and prints how many cases ran.
//! - `FLOWSCOPE_FUZZ_SEED=S`: runs only the round of seed `S` (decimal or `0x…`), as the
//!   failure message prints it, to reproduce a failure found by a timed run.
//!
//! A failure is shrunk by proptest and reported with its seed and minimal input. Nothing is
//! persisted: a failure worth keeping becomes an explicit `regression_…` test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod aws_create;
mod config;
mod editor;
mod filters;
mod inputs;
mod list_query;
mod models;
mod patch;
mod preview;
mod redact;
mod regressions;

use std::fmt::Debug;
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseResult, TestError, TestRng, TestRunner};

/// The cases of one round when a target does not say otherwise.
pub const CASES: u32 = 256;

/// The seed of round `round` of target `name`: a hash of both, so targets do not share
/// inputs and a round can be named by its seed alone.
fn seed_of(name: &str, round: u64) -> u64 {
    // FNV-1a over the name, then splitmix64 with the round: stable across Rust versions,
    // unlike `DefaultHasher`.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    splitmix(h ^ splitmix(round))
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// ChaCha wants 32 bytes: the seed stretched with splitmix64.
fn rng_of(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    let mut x = seed;
    for chunk in bytes.chunks_mut(8) {
        x = splitmix(x);
        chunk.copy_from_slice(&x.to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

/// Runs target `name` (its test path under `fuzz::`) on inputs drawn from `strategy`,
/// `cases` cases a round, as the module doc says. Panics with the seed and the minimal
/// input when `test` fails or panics.
pub fn fuzz<S>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> TestCaseResult)
where
    S: Strategy,
    S::Value: Debug,
{
    if let Some(seed) = env_u64("FLOWSCOPE_FUZZ_SEED") {
        round(name, seed, cases, &strategy, &test);
        return;
    }
    let Some(seconds) = env_u64("FLOWSCOPE_FUZZ_SECONDS") else {
        round(name, seed_of(name, 0), cases, &strategy, &test);
        return;
    };
    let budget = Duration::from_secs(seconds);
    let started = Instant::now();
    let mut rounds = 0u64;
    // At least one round, so a tiny budget still tests something.
    while rounds == 0 || started.elapsed() < budget {
        round(name, seed_of(name, rounds), cases, &strategy, &test);
        rounds += 1;
    }
    println!(
        "fuzz {name}: {} cases in {rounds} rounds of {cases}, {:.1} s",
        rounds * u64::from(cases),
        started.elapsed().as_secs_f64()
    );
}

fn round<S>(
    name: &str,
    seed: u64,
    cases: u32,
    strategy: &S,
    test: &impl Fn(S::Value) -> TestCaseResult,
) where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config {
        cases,
        // Regressions are explicit tests; no files appear next to the sources.
        failure_persistence: None,
        // Shrinking is bounded too, so a timed run ends near its budget.
        max_shrink_time: 60_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, rng_of(seed));
    match runner.run(strategy, test) {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => panic!(
            "fuzz {name} failed: {why}\n  seed: {seed:#x} (reproduce with \
             FLOWSCOPE_FUZZ_SEED={seed:#x} cargo test --test suite fuzz::{name})\n  \
             minimal input: {input:#?}"
        ),
        Err(TestError::Abort(why)) => panic!("fuzz {name} aborted at seed {seed:#x}: {why}"),
    }
}
