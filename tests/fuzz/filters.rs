//! Filter parsers: the emulator's `property` filter (arbitrary text, filters written from
//! its grammar, and mutations of those), and the explorer's own filters: the AWS workflow
//! filter, the Runs pane's `:status` / `:window`, the `:` command line and the run form's
//! times, whose `property` filters must in turn be ones the service accepts.

use chrono::{DateTime, NaiveDate};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};

use flowscope::app::features::aws::filter::{STATUSES as WORKFLOW_STATUSES, workflow_filter};
use flowscope::app::features::runs::form::seconds;
use flowscope::app::shared::command;
use flowscope::app::shared::list::filter::{RunFilter, STATUSES as RUN_STATUSES, Window};
use flowscope::emulator::filter::{Filter, Op};
use flowscope::emulator::problem::Problem;

use super::inputs::{TextEdit, any_text, text_edits};

/// The codes a refused filter may carry (aep-api-notes §3).
const FILTER_CODES: [u16; 5] = [1440, 1443, 1450, 1452, 1453];

const OPS: [(&str, Op); 6] = [
    ("==", Op::Eq),
    ("!=", Op::Ne),
    (">", Op::Gt),
    ("<", Op::Lt),
    (">=", Op::Ge),
    ("<=", Op::Le),
];

/// A filter as the grammar writes it: `seg(.seg)*<op>value(,value)*`.
#[derive(Clone, Debug)]
struct Written {
    /// Segment names and whether each ends in `[]`.
    path: Vec<(String, bool)>,
    op: usize,
    /// Values as the filter holds them, and whether each is written in quotes.
    values: Vec<(String, bool)>,
    /// Spaces around the whole filter (trimmed by the parser).
    pad: (String, String),
}

impl Written {
    fn text(&self) -> String {
        let path: Vec<String> = self
            .path
            .iter()
            .map(|(n, many)| format!("{n}{}", if *many { "[]" } else { "" }))
            .collect();
        let values: Vec<String> = self
            .values
            .iter()
            .map(|(v, q)| if *q { format!("\"{v}\"") } else { v.clone() })
            .collect();
        format!(
            "{}{}{}{}{}",
            self.pad.0,
            path.join("."),
            OPS[self.op].0,
            values.join(","),
            self.pad.1
        )
    }

    fn op(&self) -> Op {
        OPS[self.op].1
    }
}

fn segment() -> impl Strategy<Value = (String, bool)> {
    let name = prop_oneof![
        select(
            &[
                "metrics",
                "statusSummary",
                "status",
                "state",
                "name",
                "flowId",
                "createdAt"
            ][..]
        )
        .prop_map(str::to_string),
        "[A-Za-z0-9_@$-]{1,8}",
    ];
    (name, prop::bool::weighted(0.2))
}

/// A value that survives the parser as written: no comma, no surrounding space, and (when
/// bare) not starting with an operator character, which would lengthen the operator.
fn plain_value() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        "[A-Za-z0-9_:.@-]([A-Za-z0-9_:.@ -]{0,8}[A-Za-z0-9_:.@-])?".prop_map(|v| (v, false)),
        "[^\",]{1,10}".prop_map(|v| (v, true)),
    ]
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        (0i64..2_000_000_000_000).prop_map(|n| n.to_string()),
    ]
}

fn written() -> impl Strategy<Value = Written> {
    let pad = || select(&["", " ", "\t", "  "][..]).prop_map(str::to_string);
    (vec(segment(), 1..4), 0..OPS.len(), pad(), pad())
        .prop_flat_map(|(path, op, a, b)| {
            let values = if op < 2 {
                vec(plain_value(), 1..4).boxed()
            } else {
                number().prop_map(|n| vec![(n, false)]).boxed()
            };
            (Just(path), Just(op), values, Just((a, b)))
        })
        .prop_map(|(path, op, values, pad)| Written {
            path,
            op,
            values,
            pad,
        })
}

#[derive(Clone, Debug)]
enum FilterInput {
    Arbitrary(String),
    Valid(Written),
    Mutated(Written, Vec<TextEdit>),
}

/// A refusal is a 400 with one of the filter codes, and says which filter it refuses.
fn refusal_is_clear(text: &str, p: &Problem) -> Result<(), TestCaseError> {
    let Problem::Flow {
        code,
        status,
        detail,
        ..
    } = p
    else {
        return Err(TestCaseError::fail(format!(
            "not a Flow Service problem: {p:?}"
        )));
    };
    prop_assert_eq!(*status, 400);
    prop_assert!(FILTER_CODES.contains(code), "code {code}: {detail}");
    prop_assert!(
        detail.contains(text.trim()),
        "the message does not quote the filter {:?}: {detail}",
        text.trim()
    );
    Ok(())
}

/// A document holding `leaf` at the filter's path (arrays where the path says `[]`).
fn doc_at(path: &[(String, bool)], leaf: Value) -> Value {
    path.iter().rev().fold(leaf, |inner, (name, many)| {
        let inner = if *many {
            Value::Array(vec![inner])
        } else {
            inner
        };
        let mut m = Map::new();
        m.insert(name.clone(), inner);
        Value::Object(m)
    })
}

fn check_filter(input: FilterInput) -> Result<(), TestCaseError> {
    match input {
        FilterInput::Arbitrary(text) => check_any(&text),
        FilterInput::Mutated(w, edits) => check_any(&super::inputs::edit_text(&w.text(), &edits)),
        FilterInput::Valid(w) => check_valid(&w),
    }
}

/// Whatever the text: a filter whose parts are sound, or a clear refusal.
fn check_any(text: &str) -> Result<(), TestCaseError> {
    match Filter::parse(text) {
        Ok(f) => {
            prop_assert_eq!(&f.raw, text);
            prop_assert!(!f.path.is_empty() && f.path.iter().all(|s| !s.name.is_empty()));
            prop_assert!(!f.values.is_empty() && f.values.iter().all(|v| !v.is_empty()));
            if !matches!(f.op, Op::Eq | Op::Ne) {
                prop_assert!(f.values.len() == 1 && f.values[0].parse::<f64>().is_ok());
            }
            // Matching never panics, whatever the document, and a document holding the
            // filter's own first value at its path is one `==`, `>=` and `<=` match.
            let _ = f.matches(&Value::Null);
            let path: Vec<(String, bool)> =
                f.path.iter().map(|s| (s.name.clone(), s.many)).collect();
            let doc = doc_at(&path, Value::String(f.values[0].clone()));
            if !f.values[0].parse::<f64>().is_ok_and(f64::is_nan) {
                let want = matches!(f.op, Op::Eq | Op::Ge | Op::Le);
                prop_assert_eq!(f.matches(&doc), want, "{:?} on {}", text, doc);
            }
            Ok(())
        }
        Err(p) => refusal_is_clear(text, &p),
    }
}

/// A filter written by the grammar parses to what was written, and matches a document
/// holding its value at its path (and `!=` does not).
fn check_valid(w: &Written) -> Result<(), TestCaseError> {
    let text = w.text();
    let f = match Filter::parse(&text) {
        Ok(f) => f,
        Err(p) => return Err(TestCaseError::fail(format!("{text:?} refused: {p:?}"))),
    };
    prop_assert_eq!(f.op, w.op());
    let names: Vec<&str> = w.path.iter().map(|(n, _)| n.as_str()).collect();
    prop_assert_eq!(&f.dotted, &names.join("."));
    let many: Vec<bool> = f.path.iter().map(|s| s.many).collect();
    let want_many: Vec<bool> = w.path.iter().map(|(_, m)| *m).collect();
    prop_assert_eq!(many, want_many);
    let values: Vec<&str> = w.values.iter().map(|(v, _)| v.as_str()).collect();
    prop_assert_eq!(&f.values, &values);

    let leaf = match w.op() {
        Op::Eq | Op::Ne => Value::String(values[values.len() - 1].to_string()),
        _ => match values[0].parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => values[0]
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
        },
    };
    let doc = doc_at(&w.path, leaf);
    let expected = matches!(w.op(), Op::Eq | Op::Ge | Op::Le);
    prop_assert_eq!(f.matches(&doc), expected, "{} on {}", text, doc);
    Ok(())
}

fn filter_input() -> impl Strategy<Value = FilterInput> {
    prop_oneof![
        any_text(40).prop_map(FilterInput::Arbitrary),
        written().prop_map(FilterInput::Valid),
        (written(), text_edits(3)).prop_map(|(w, e)| FilterInput::Mutated(w, e)),
    ]
}

#[test]
fn emulator_property_filter() {
    super::fuzz(
        "filters::emulator_property_filter",
        super::CASES,
        filter_input(),
        check_filter,
    );
}

/// A day as `2026-11-01`, with its epoch seconds worked out here rather than by the parser.
fn day() -> impl Strategy<Value = (String, i64)> {
    (0i64..40_000).prop_map(|d| {
        let date = NaiveDate::default() + chrono::Duration::days(d);
        (date.format("%Y-%m-%d").to_string(), d * 86_400)
    })
}

#[derive(Clone, Debug)]
enum ClientInput {
    /// Terms of the workflows filter: arbitrary, or `status=`/`from=`/`to=` ones.
    Workflow(Vec<String>),
    WorkflowValid {
        status: Option<(usize, bool)>,
        from: Option<(String, i64)>,
        to: Option<(String, i64)>,
        rfc3339: bool,
    },
    /// `:status` and `:window` arguments.
    Window(String),
    WindowSpan(i64, char),
    WindowDays((String, i64), (String, i64)),
    /// A whole `:` command line.
    Command(String),
    /// A time typed in the run form.
    FormTime(String),
}

/// `<word><sep><anything>`: a known key or verb with an arbitrary argument.
fn after_word(
    words: &'static [&'static str],
    sep: &'static str,
    max: usize,
) -> impl Strategy<Value = String> {
    (select(words), any_text(max)).prop_map(move |(w, a)| format!("{w}{sep}{a}"))
}

fn client_input() -> impl Strategy<Value = ClientInput> {
    let term = prop_oneof![
        any_text(20),
        after_word(
            &["status", "from", "to", "since", "until", "STATUS", "owner"],
            "=",
            12
        ),
    ];
    let window_text = prop_oneof![
        any_text(24),
        "[0-9]{0,20}[mhdé ]?",
        "[0-9-]{0,12}\\.\\.[0-9T:-]{0,18}",
        select(&["all", "ALL", "", "0d", "now", "-5h"][..]).prop_map(str::to_string),
    ];
    let command_text = prop_oneof![
        any_text(30),
        after_word(
            &[
                ":filter", ":status", ":window", ":uses", ":graph", ":sandbox", ":theme", ":q",
                "wf", ":since", ":profile",
            ],
            " ",
            20
        ),
    ];
    let form_text = prop_oneof![
        any_text(24),
        "now ?-? ?[0-9]{0,20}[mhdx]?",
        "[0-9]{1,20}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?",
    ];
    prop_oneof![
        vec(term, 0..4).prop_map(ClientInput::Workflow),
        (
            prop::option::of((0..WORKFLOW_STATUSES.len(), any::<bool>())),
            prop::option::of(day()),
            prop::option::of(day()),
            any::<bool>()
        )
            .prop_map(|(status, from, to, rfc3339)| ClientInput::WorkflowValid {
                status,
                from,
                to,
                rfc3339
            }),
        window_text.prop_map(ClientInput::Window),
        (1i64..i64::MAX, select(&['m', 'h', 'd'][..]))
            .prop_map(|(n, u)| ClientInput::WindowSpan(n, u)),
        (day(), day()).prop_map(|(a, b)| ClientInput::WindowDays(a, b)),
        command_text.prop_map(ClientInput::Command),
        form_text.prop_map(ClientInput::FormTime),
    ]
}

/// The Runs pane sends its filters as `property` filters: each must be one the service
/// (the emulator) accepts.
fn properties_are_accepted(f: &RunFilter) -> Result<(), TestCaseError> {
    for now in [0, 1_793_491_200_000, i64::MAX, i64::MIN] {
        for p in f.properties(now) {
            if let Err(e) = Filter::parse(&p) {
                return Err(TestCaseError::fail(format!(
                    "{f:?} sends {p:?}, which the service refuses: {e:?}"
                )));
            }
        }
    }
    Ok(())
}

fn check_client(input: ClientInput) -> Result<(), TestCaseError> {
    match input {
        ClientInput::Workflow(terms) => match workflow_filter(&terms) {
            Ok(f) => {
                if let Some(s) = &f.status {
                    prop_assert!(WORKFLOW_STATUSES.contains(&s.as_str()));
                }
                if let (Some(a), Some(b)) = (f.start, f.end) {
                    prop_assert!(a <= b);
                }
            }
            Err(e) => prop_assert!(!e.trim().is_empty()),
        },
        ClientInput::WorkflowValid {
            status,
            from,
            to,
            rfc3339,
        } => {
            let mut terms = Vec::new();
            if let Some((i, lower)) = status {
                let s = WORKFLOW_STATUSES[i];
                terms.push(format!(
                    "status={}",
                    if lower {
                        s.to_ascii_lowercase()
                    } else {
                        s.to_string()
                    }
                ));
            }
            let stamp = |(d, _): &(String, i64)| {
                if rfc3339 {
                    format!("{d}T00:00:00Z")
                } else {
                    d.clone()
                }
            };
            if let Some(d) = &from {
                terms.push(format!("from={}", stamp(d)));
            }
            if let Some(d) = &to {
                terms.push(format!("to={}", stamp(d)));
            }
            let backwards = matches!((&from, &to), (Some(a), Some(b)) if b.1 < a.1);
            match workflow_filter(&[terms.join(" ")]) {
                Ok(f) => {
                    prop_assert!(!backwards, "{terms:?} accepted backwards");
                    prop_assert_eq!(
                        f.status,
                        status.map(|(i, _)| WORKFLOW_STATUSES[i].to_string())
                    );
                    prop_assert_eq!(f.start, from.map(|d| d.1));
                    prop_assert_eq!(f.end, to.map(|d| d.1));
                }
                Err(e) => prop_assert!(backwards, "{terms:?} refused: {e}"),
            }
        }
        ClientInput::Window(text) => {
            match flowscope::app::shared::list::filter::parse_window(&text) {
                Ok(w) => {
                    match w {
                        Window::Last(ms) => prop_assert!(ms > 0),
                        Window::Between { from, to } => prop_assert!(from < to),
                        Window::Any => {}
                    }
                    properties_are_accepted(&RunFilter {
                        status: Some(RUN_STATUSES[0].to_string()),
                        window: w,
                    })?;
                }
                Err(e) => prop_assert!(e.contains("window"), "{e}"),
            }
            match flowscope::app::shared::list::filter::parse_status(&text) {
                Ok(Some(s)) => prop_assert!(RUN_STATUSES.contains(&s.as_str())),
                Ok(None) => {}
                Err(e) => prop_assert!(e.contains("one of")),
            }
        }
        ClientInput::WindowSpan(n, unit) => {
            let text = format!("{n}{unit}");
            let ms = match unit {
                'm' => 60_000i64,
                'h' => 3_600_000,
                _ => 86_400_000,
            };
            let w = flowscope::app::shared::list::filter::parse_window(&text);
            prop_assert_eq!(&w, &Ok(Window::Last(n.saturating_mul(ms))));
            let mut f = RunFilter {
                status: None,
                window: w.unwrap_or_default(),
            };
            properties_are_accepted(&f)?;
            // The label never panics, even on a window of i64::MAX ms.
            let _ = f.label();
            f.next_window();
            let _ = f.label();
        }
        ClientInput::WindowDays((a, a_s), (b, b_s)) => {
            let text = format!("{a}..{b}");
            let from = a_s * 1000;
            let to = (b_s + 86_400) * 1000;
            match flowscope::app::shared::list::filter::parse_window(&text) {
                Ok(w) => {
                    prop_assert_eq!(&w, &Window::Between { from, to });
                    let f = RunFilter {
                        status: None,
                        window: w,
                    };
                    properties_are_accepted(&f)?;
                    let _ = f.label();
                }
                Err(e) => prop_assert!(to <= from, "{text} refused: {e}"),
            }
        }
        ClientInput::Command(line) => {
            if let Err(e) = command::parse(&line) {
                prop_assert!(!e.trim().is_empty());
            }
            let known = command::Known {
                sandboxes: vec!["prod".into(), "dev".into()],
                profiles: vec!["work".into()],
            };
            for c in command::complete(&line, &known) {
                // A completion is a line the parser knows the verb of.
                let verb = c.split_whitespace().next().unwrap_or_default().to_string();
                prop_assert!(
                    command::parse(&verb)
                        .err()
                        .is_none_or(|e| !e.contains("unknown command")),
                    "completion {c:?} of {line:?}"
                );
            }
        }
        ClientInput::FormTime(text) => {
            for now in [0i64, 1_793_491_200, i64::MAX, i64::MIN] {
                match seconds(&text, now) {
                    Ok(_) => {}
                    Err(e) => prop_assert!(!e.trim().is_empty()),
                }
            }
            // An RFC 3339 time from chrono reads back as the same second.
            if let Some(t) = DateTime::from_timestamp(text.len() as i64 * 1_000_003, 0) {
                let typed = t.format("%Y-%m-%d %H:%M:%S").to_string();
                prop_assert_eq!(seconds(&typed, 0), Ok(t.timestamp()));
            }
        }
    }
    Ok(())
}

#[test]
fn client_filters() {
    super::fuzz(
        "filters::client_filters",
        super::CASES,
        client_input(),
        check_client,
    );
}
