//! The emulator's list queries: `limit`, `count`, `property`, `orderby` and
//! `continuationToken` as a client may send them, forged tokens included. A query is
//! refused with a 400 or answered; walking the `next` links from any accepted query
//! visits every matching item exactly once.

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

use flowscope::emulator::collection::Collection;
use flowscope::emulator::listing::{ListQuery, MAX_LIMIT, list};
use flowscope::emulator::problem::Problem;

use super::inputs::{any_text, json_value};

const FIELDS: &[&str] = &["name", "state", "createdAt", "flowId", "metrics", "tags"];
const STATES: &[&str] = &["enabled", "disabled", "draft", "ENABLED"];

/// One stored object; `createdAt` and the id make its key.
#[derive(Clone, Debug)]
struct Item {
    created: i64,
    name: Value,
    state: &'static str,
    status: &'static str,
}

fn item() -> impl Strategy<Value = Item> {
    let name = prop_oneof![
        "[a-cA-C]{0,3}".prop_map(Value::String),
        (-3i64..3).prop_map(Value::from),
        Just(Value::Null),
        json_value(FIELDS),
    ];
    (
        0i64..20,
        name,
        select(STATES),
        select(&["success", "failed", "inProgress"][..]),
    )
        .prop_map(|(created, name, state, status)| Item {
            created,
            name,
            state,
            status,
        })
}

fn doc(i: usize, it: &Item) -> Value {
    json!({
        "id": format!("id{i:02}"),
        "createdAt": it.created,
        "name": it.name,
        "state": it.state,
        "metrics": {"statusSummary": {"status": it.status}},
        "tags": [it.state, it.status],
    })
}

fn property() -> impl Strategy<Value = String> {
    prop_oneof![
        select(
            &[
                "state==enabled",
                "state!=draft",
                "state==enabled,disabled",
                "createdAt>5",
                "createdAt<=12",
                "name==b",
                "tags[]==failed",
                "metrics.statusSummary.status==success",
                "missing==null",
            ][..]
        )
        .prop_map(str::to_string),
        any_text(16),
    ]
}

/// A continuation token the emulator did not make: any JSON, or the token's own shape
/// with any values (a limit of 0, or one no page could hold).
fn forged_token() -> impl Strategy<Value = String> {
    let limit = prop_oneof![
        Just(0usize),
        1usize..8,
        Just(MAX_LIMIT),
        Just(MAX_LIMIT + 1),
        Just(usize::MAX),
        Just(1usize << 40),
    ];
    let shaped = (
        vec(property(), 0..3),
        prop::option::of(select(&["+name", "-createdAt", "bogus", "-"][..])),
        limit,
        -5i64..25,
        "id[0-9]{2}",
        prop::option::of(json_value(FIELDS)),
    )
        .prop_map(|(p, o, l, created, id, sort)| {
            json!({"p": p, "o": o, "l": l, "a": {"created": created, "id": id, "sort": sort}})
        });
    prop_oneof![
        json_value(FIELDS).prop_map(|v| URL_SAFE_NO_PAD.encode(v.to_string())),
        shaped.prop_map(|v| URL_SAFE_NO_PAD.encode(v.to_string())),
        any_text(20),
    ]
}

fn pair() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        prop_oneof![
            (1usize..8).prop_map(|n| n.to_string()),
            any_text(6),
            Just("0".to_string()),
            Just("99999999999999999999".to_string()),
        ]
        .prop_map(|v| ("limit".to_string(), v)),
        select(&["true", "false", "1", "TRUE", "yes"][..])
            .prop_map(|v| ("count".to_string(), v.to_string())),
        property().prop_map(|v| ("property".to_string(), v)),
        select(
            &[
                "name",
                "-name",
                "+createdAt",
                "-createdAt",
                "state",
                "metrics.statusSummary.status",
                "id",
                "name,id",
                "",
                "bogus"
            ][..]
        )
        .prop_map(|v| ("orderby".to_string(), v.to_string())),
        forged_token().prop_map(|v| ("continuationToken".to_string(), v)),
        (any_text(8), any_text(8)),
    ]
}

#[derive(Clone, Debug)]
struct Input {
    items: Vec<Item>,
    pairs: Vec<(String, String)>,
}

fn input() -> impl Strategy<Value = Input> {
    (vec(item(), 0..24), vec(pair(), 0..5)).prop_map(|(items, pairs)| Input { items, pairs })
}

fn ids(page: &Value) -> Result<Vec<String>, TestCaseError> {
    let items = page["items"]
        .as_array()
        .ok_or_else(|| TestCaseError::fail(format!("a page without items: {page}")))?;
    Ok(items
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_default().to_string())
        .collect())
}

fn check(input: Input) -> Result<(), TestCaseError> {
    let mut c = Collection::default();
    let docs: Vec<Value> = input
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| doc(i, it))
        .collect();
    for (i, d) in docs.iter().enumerate() {
        c.insert(input.items[i].created, format!("id{i:02}"), d.clone());
    }
    let q = match ListQuery::from_pairs(&input.pairs) {
        Ok(q) => q,
        Err(Problem::Flow { status, code, .. }) => {
            prop_assert_eq!(status, 400);
            prop_assert!((1400..1500).contains(&code));
            return Ok(());
        }
        Err(other) => return Err(TestCaseError::fail(format!("not a 400: {other:?}"))),
    };
    prop_assert!(
        (1..=MAX_LIMIT).contains(&q.limit),
        "accepted a query with limit {}",
        q.limit
    );
    let matching: BTreeSet<String> = docs
        .iter()
        .filter(|d| q.filters.iter().all(|f| f.matches(d)))
        .map(|d| d["id"].as_str().unwrap_or_default().to_string())
        .collect();
    if q.count {
        prop_assert_eq!(
            list(&c, |v| v, &q, "flows"),
            json!({"count": matching.len()})
        );
        return Ok(());
    }
    // A forged cursor may start anywhere: the walk then covers what follows it.
    let resumed = q.after.is_some();
    let mut q = q;
    let mut seen = Vec::new();
    for _ in 0..=docs.len() + 1 {
        let page = list(&c, |v| v, &q, "flows");
        let got = ids(&page)?;
        prop_assert!(
            got.len() <= q.limit,
            "{} items on a page of {}",
            got.len(),
            q.limit
        );
        seen.extend(got);
        let Some(href) = page["_links"]["next"]["href"].as_str() else {
            let unique: BTreeSet<String> = seen.iter().cloned().collect();
            prop_assert_eq!(unique.len(), seen.len(), "an item came twice: {:?}", seen);
            if resumed {
                prop_assert!(unique.is_subset(&matching), "{:?} ⊄ {:?}", unique, matching);
            } else {
                prop_assert_eq!(unique, matching);
            }
            return Ok(());
        };
        let token = href
            .strip_prefix("/flows?continuationToken=")
            .ok_or_else(|| TestCaseError::fail(format!("odd next link {href}")))?;
        // Only the token is resent, as aepp does: the emulator's own token is accepted.
        q = ListQuery::from_pairs(&[("continuationToken".into(), token.into())])
            .map_err(|e| TestCaseError::fail(format!("its own token refused: {e:?}")))?;
    }
    Err(TestCaseError::fail("the next links never end"))
}

#[test]
fn emulator_list_query() {
    super::fuzz(
        "list_query::emulator_list_query",
        super::CASES,
        input(),
        check,
    );
}
