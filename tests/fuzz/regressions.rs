//! The minimal inputs of failures the fuzz targets found, kept as plain tests so they stay
//! fixed whatever the targets draw later.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use flowscope::api::storage::PreviewOptions;
use flowscope::api::storage::preview::{gunzip_head, preview_bytes};
use flowscope::app::route::route_event;
use flowscope::app::shared::action::Action;
use flowscope::app::update::update;
use flowscope::app::view::View;
use flowscope::config::{ConfigError, Settings, parse_aepp};
use flowscope::emulator::collection::Collection;
use flowscope::emulator::listing::{ListQuery, list};
use flowscope::emulator::problem::Problem;

use crate::support::tui::app_with_flows;

fn code<T>(r: Result<T, Problem>) -> u16 {
    match r {
        Err(Problem::Flow { code, .. }) => code,
        Err(other) => panic!("not a Flow Service problem: {other:?}"),
        Ok(_) => 0,
    }
}

/// A continuation token with a limit the emulator never writes was taken as it came:
/// 1001 pages past the maximum, 0 ended the listing on an empty page, and `usize::MAX`
/// overflowed sizing the page buffer (a panic in the request handler).
#[test]
fn regression_forged_token_limits_are_refused() {
    for limit in [0, 1001, usize::MAX, 1 << 40] {
        let token = json!({"p": [], "o": null, "l": limit, "a": {"created": 0, "id": "id00", "sort": null}});
        let token = URL_SAFE_NO_PAD.encode(token.to_string());
        let q = ListQuery::from_pairs(&[("continuationToken".into(), token)]);
        assert_eq!(code(q), 1453, "limit {limit}");
    }
}

/// Ordered by a member that is `null` on some items, the next page after such an item
/// started past every item: its cursor's `null` came back from the token as "missing",
/// which sorts last. With one item a page, `id01` was never listed.
#[test]
fn regression_paging_past_a_null_sort_value_skips_nothing() {
    let mut c = Collection::default();
    for (id, name) in [
        ("id00", Value::Null),
        ("id01", Value::Null),
        ("id02", json!("")),
    ] {
        c.insert(0, id.to_string(), json!({"id": id, "name": name}));
    }
    let mut q = ListQuery::from_pairs(&[
        ("limit".into(), "1".into()),
        ("orderby".into(), "name".into()),
    ])
    .unwrap();
    let mut seen = Vec::new();
    loop {
        let page = list(&c, |v| v, &q, "flows");
        for item in page["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_string());
        }
        let Some(href) = page["_links"]["next"]["href"].as_str() else {
            break;
        };
        let token = href.split_once("continuationToken=").unwrap().1;
        q = ListQuery::from_pairs(&[("continuationToken".into(), token.into())]).unwrap();
    }
    assert_eq!(seen, ["id02", "id00", "id01"]);
}

/// A gzip stream that decodes past the cap and then turns out damaged came back whole:
/// the cap was applied only after a clean slice.
#[test]
fn regression_damaged_gzip_stays_within_its_cap() {
    let mut bytes = vec![31, 139, 8, 0, 0, 0, 0, 0, 0, 0, 75, 56, 128, 35, 187, 0, 12];
    bytes.extend([0; 27]);
    let (out, whole, error) = gunzip_head(&bytes, 16, false);
    assert!(out.len() <= 16, "{} bytes past a cap of 16", out.len());
    assert!(!whole && error.is_some());
}

/// One flipped bit in a parquet footer gave a column chunk a negative offset, and the
/// parquet reader asserts on that instead of failing: the preview (and with it the
/// explorer) ended in a panic. The chunk's range is now checked against the file first,
/// and what the reader still panics on is contained and reported as damage.
#[test]
fn regression_a_damaged_parquet_footer_is_reported_not_fatal() {
    use crate::fuzz::inputs::{ByteEdit, edit_bytes};
    let texts: Vec<String> = [".\"", "\\\u{10000}\"\"\"", "\u{1F600}\"\""]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let file = crate::fuzz::preview::parquet_file(&[Some(0), None, Some(-1)], &texts);
    let bytes = edit_bytes(
        &file,
        &[ByteEdit::Flip {
            at: 7538667277714615017,
            mask: 37,
        }],
    );
    let opts = PreviewOptions {
        max_rows: 10,
        max_bytes: 1_048_576,
        kind: Some(flowscope::api::storage::PreviewKind::Parquet),
        ..PreviewOptions::default()
    };
    let p = preview_bytes("data.parquet", &bytes, true, &opts);
    assert!(
        p.notes.iter().any(|n| n.contains("cannot be")),
        "the damage is reported: {:?}",
        p.notes
    );
}

/// serde_json counts columns in bytes: an error after `é→` was reported two columns to
/// the right of where it is, and the message repeated the position in bytes.
#[test]
fn regression_aepp_errors_count_columns_in_characters() {
    let text = "{\n  \"sandbox\": \"é→\" \"x\"\n}";
    let Err(ConfigError::Parse {
        line,
        column,
        message,
        ..
    }) = parse_aepp(Path::new("aepp.json"), text)
    else {
        panic!("a syntax error");
    };
    // `"x"` starts at character 19 of line 2.
    assert_eq!((line, column), (2, 19), "{message}");
    assert!(!message.contains(" at line "), "{message}");
}

/// A gzipped file whose first line is longer than the byte cap showed an empty table
/// with no word why, where the same file uncompressed says no row fit.
#[test]
fn regression_gzip_capped_before_a_whole_row_says_so() {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b"a_header_longer_than_the_cap\n1\n").unwrap();
    let z = e.finish().unwrap();
    let opts = PreviewOptions {
        max_bytes: 16,
        ..PreviewOptions::default()
    };
    let p = preview_bytes("data.csv.gz", &z, true, &opts);
    assert!(p.rows.is_empty());
    assert_eq!(p.notes, ["no whole row in the first 16 bytes"]);
}

/// Select all, then paste nothing: the text was deleted, but the editor kept the checks of
/// the text before, so its findings pointed past the end and a review could have sent the
/// old patch.
#[test]
fn regression_pasting_nothing_over_a_selection_rechecks_the_text() {
    let flow = json!({"id": "f1", "name": "Orders", "etag": "\"e1\"", "state": "enabled"});
    let mut app = app_with_flows(vec![flow]);
    update(&mut app, Action::Edit);
    update(
        &mut app,
        Action::Paste(r#"[{"op": "replace", "path": "/name", "value": "Renamed"}]"#.into()),
    );
    let all = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::ALT);
    let select_all = route_event(&app, &flowscope::tui::input::input(&Event::Key(all))).unwrap();
    update(&mut app, select_all);
    update(&mut app, Action::Paste(String::new()));
    let Some(View::Editor(e)) = app.view() else {
        panic!("the editor is in view");
    };
    assert_eq!(e.value(), "");
    assert!(e.checked.payload.is_none(), "{:?}", e.checked.payload);
    let first = &e.checked.findings[0];
    assert_eq!((first.line, first.column), (1, 1), "{first:?}");
}

/// A scopes list entry holding a comma was joined as it was, so `[","]` asked IMS for the
/// scope "," and `["openid,", "AdobeID"]` for an empty one between two commas.
#[test]
fn regression_scope_lists_never_join_an_empty_scope() {
    let joined = |toml: &str| {
        let s = Settings::parse(Path::new("config.toml"), toml).unwrap();
        s.profiles["p"].scopes.as_ref().unwrap().joined()
    };
    assert_eq!(joined("[profiles.p]\nscopes = [\",\"]\n"), "");
    assert_eq!(
        joined("[profiles.p]\nscopes = [\"openid,\", \" AdobeID\"]\n"),
        "openid,AdobeID"
    );
}
