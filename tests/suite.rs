//! flowscope's integration tests, linked into one binary: one link instead of one per
//! file keeps the suite's build short. Each file of `tests/` is a module here; the test
//! at the end fails if a new file is not listed, since it would silently never run.

mod support;

mod app_alerts;
mod app_aws;
mod app_aws_panes;
mod app_dlz;
mod app_edit;
mod app_graph;
mod app_runs;
mod app_update;
mod architecture;
mod aws_boto3;
mod aws_client;
mod aws_client_changes;
mod aws_client_edits;
mod cli;
mod cli_apply;
mod cli_aws;
mod cli_bulk;
mod cli_changes;
mod cli_dlz;
mod cli_pipe;
mod cli_watch;
mod client_apply;
mod client_datasets;
mod client_emulator;
mod client_faults;
mod client_retry;
mod client_stub;
mod config_resolve;
mod conformance;
mod dlz_resume;
mod dlz_resume_job;
mod emulator_aws;
mod emulator_aws_changes;
mod emulator_blob;
mod emulator_blob_client;
mod emulator_catalog;
mod emulator_changes;
mod emulator_dlz;
mod emulator_faults;
mod emulator_gateway;
mod emulator_lists;
mod emulator_refusals;
mod emulator_runs;
mod emulator_s3;
mod emulator_sas;
mod emulator_sas_s3;
mod fuzz;
mod secret_hygiene;
mod storage_blob;
mod storage_renew;
mod terminal_safety;
mod tui_aws;
mod tui_aws_delete;
mod tui_aws_follow;
mod tui_aws_panes;
mod tui_build;
mod tui_dlz;
mod tui_dlz_marks;
mod tui_edit;
mod tui_edit_review;
mod tui_faults;
mod tui_graph;
mod tui_loop;
mod tui_marks;
mod tui_promises;
mod tui_resume;
mod tui_retry;
mod tui_runs;
mod tui_scale;
mod tui_snapshots;
mod tui_tour;
mod tui_watch;
mod tui_widths;
mod ui_form;

/// Every `tests/*.rs` file must be a module above, or it would never be built or run.
#[test]
fn every_test_file_is_part_of_the_suite() {
    let listed = include_str!("suite.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_rs = path.extension().is_some_and(|e| e == "rs");
        if is_rs && stem != "suite" && !listed.contains(&format!("\nmod {stem};\n")) {
            missing.push(stem.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "add these to tests/suite.rs: {missing:?}"
    );
}
