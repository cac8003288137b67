//! AWS conformance through an independent client: boto3, built from the same official
//! service models as the Rust SDK, runs `scripts/aws_conformance.py` against the
//! emulator, which calls every Customer Profiles and AppFlow operation the emulator
//! serves and validates each answer against the models in `../shared/anchors/aws`.
//!
//! boto3 comes from `scripts/boto3.sh` (a venv in .tools/boto3), which exports
//! `FLOWSCOPE_BOTO3_PYTHON`; without it this test says it skipped, unless
//! `FLOWSCOPE_REQUIRE_BOTO3=1` (as scripts/test.sh sets), which makes that a failure.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use flowscope::emulator::{self, EmulatorConfig};

#[tokio::test]
async fn boto3_finds_every_answer_conforming_to_the_service_models() {
    let Some(python) = std::env::var_os("FLOWSCOPE_BOTO3_PYTHON") else {
        assert!(
            std::env::var("FLOWSCOPE_REQUIRE_BOTO3").as_deref() != Ok("1"),
            "FLOWSCOPE_REQUIRE_BOTO3=1 but FLOWSCOPE_BOTO3_PYTHON is not set: run `source scripts/boto3.sh` first"
        );
        eprintln!(
            "skipped: FLOWSCOPE_BOTO3_PYTHON is not set (run `source scripts/boto3.sh` to install boto3)"
        );
        return;
    };
    let handle = emulator::start("127.0.0.1:0".parse().unwrap(), EmulatorConfig::for_tests())
        .await
        .unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    // Async, so the emulator keeps serving on this runtime while the script runs.
    let out = tokio::process::Command::new(&python)
        .arg(format!("{root}/scripts/aws_conformance.py"))
        .arg(handle.aws_endpoint())
        .current_dir(root)
        .kill_on_drop(true)
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.to_string_lossy()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "aws_conformance.py failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(stdout.contains(" 0 violations"), "{stdout}");
}
