//! The layout ARCHITECTURE.md promises, held by tests: which crate may depend on which,
//! features that never import one another, a shared core that names no feature, and small
//! files that each say their role in their first line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, recursively, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The code of a file without its comments, so a doc line may name another feature.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn core_src() -> PathBuf {
    root().join("crates/core/src")
}

/// The features of the core: the directories under `features/`.
fn features() -> Vec<String> {
    let dir = core_src().join("features");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

/// The modules `code` names right after `features::` or `super::super::`, including
/// each name of a group (`features::{runs, dlz}`).
fn named_features(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for lead in ["features::", "super::super::"] {
        for (i, _) in code.match_indices(lead) {
            let rest = &code[i + lead.len()..];
            let names = match rest.strip_prefix('{') {
                Some(group) => &group[..group.find('}').unwrap_or(group.len())],
                None => rest,
            };
            for part in names.split(',') {
                let name: String = part
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
                if rest.strip_prefix('{').is_none() {
                    break;
                }
            }
        }
    }
    out
}

#[test]
fn a_grouped_or_a_plain_import_of_a_feature_is_seen() {
    let code =
        "use crate::features::{runs, dlz::keys};\nuse super::super::aws;\nfeatures::graph::x";
    assert_eq!(named_features(code), ["runs", "dlz", "graph", "aws"]);
}

#[test]
fn no_feature_imports_another() {
    let all = features();
    assert!(all.len() >= 7, "features found: {all:?}");
    let mut wrong = Vec::new();
    for feature in &all {
        for file in rust_files(&core_src().join("features").join(feature)) {
            let code = code_of(&read(&file));
            for named in named_features(&code) {
                if &named != feature && all.contains(&named) {
                    wrong.push(format!("{} names the feature {named}", file.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "features meet through the shared core only:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_shared_core_names_no_feature_and_no_composition() {
    let mut wrong = Vec::new();
    for file in rust_files(&core_src().join("shared")) {
        let code = code_of(&read(&file));
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let next: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `pane_deref!` is a macro, exported at the crate root by its nature.
            if next != "shared" && next != "pane_deref" {
                wrong.push(format!("{} names crate::{next}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "shared/ is below the features and the composition:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_file_is_small_and_says_its_role_first() {
    let mut wrong = Vec::new();
    let mut dirs = vec![
        root().join("src"),
        root().join("tests"),
        root().join("benches"),
    ];
    for krate in std::fs::read_dir(root().join("crates"))
        .into_iter()
        .flatten()
        .flatten()
    {
        dirs.push(krate.path());
    }
    for dir in dirs {
        for file in rust_files(&dir) {
            let text = read(&file);
            let lines = text.lines().count();
            if lines > 700 {
                wrong.push(format!("{}: {lines} lines (at most 700)", file.display()));
            }
            if !text.starts_with("//!") {
                wrong.push(format!(
                    "{}: does not open with a `//!` line on its role",
                    file.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The packages `krate` is built from through normal (not dev or build) dependencies, on
/// this machine, with the features `krate` alone asks for (as `cargo tree -p` resolves).
fn normal_closure(krate: &str) -> BTreeSet<String> {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree", "--locked", "-p", krate, "-e", "normal", "--prefix", "none",
        ])
        .args(["--format", "{p}"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn the_crates_depend_the_ways_the_layers_allow() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--no-deps"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let members = meta["workspace_members"].as_array().map_or(0, Vec::len);
    assert!(
        members >= 6,
        "the workspace has the binary and five libraries: {members}"
    );

    let forbidden = |krate: &str, names: &[&str]| {
        let deps = normal_closure(krate);
        let found: Vec<&&str> = names.iter().filter(|n| deps.contains(**n)).collect();
        assert!(found.is_empty(), "{krate} must not depend on {found:?}");
        deps
    };
    let emulator = forbidden(
        "flowscope-emulator",
        &["flowscope", "flowscope-api", "flowscope-core", "reqwest"],
    );
    assert!(
        emulator.contains("axum") && emulator.contains("flowscope-formats"),
        "{emulator:?}"
    );
    let ours = [
        "flowscope",
        "flowscope-api",
        "flowscope-emulator",
        "flowscope-formats",
    ];
    let terminal = [
        "ratatui",
        "ratatui-core",
        "ratatui-textarea",
        "tui-textarea",
        "crossterm",
    ];
    let io = ["tokio", "reqwest", "object_store"];
    let core = forbidden(
        "flowscope-core",
        &[&ours[..], &terminal[..], &io[..]].concat(),
    );
    assert!(core.contains("flowscope-model"), "{core:?}");
    let model = forbidden(
        "flowscope-model",
        &[&ours[..], &["flowscope-core"][..], &terminal[..]].concat(),
    );
    assert!(model.contains("serde"), "the model is serde types");
    forbidden(
        "flowscope-api",
        &["flowscope", "flowscope-core", "flowscope-emulator"],
    );
    forbidden(
        "flowscope-formats",
        &[
            "flowscope",
            "flowscope-api",
            "flowscope-core",
            "flowscope-model",
        ],
    );
}
