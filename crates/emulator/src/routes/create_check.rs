//! What a create must carry before anything is stored: the types of the members the
//! service reads (aep-api-notes §4), the references that must exist (§6 "Creates"), a base
//! connection's credentials against its spec's `authSpec`, and a flow's `scheduleParams`
//! (§4 "Flow": `frequency` one of once, minute, hour, day, week; minute intervals of at
//! least 15; `startTime` and `interval` numbers, as strings or integers).
//!
//! Every refusal is FLOW-1455-400 (FLOW-1410-400 for `state` on a new flow), naming the
//! member and what it must be: an odd body is answered, never stored and never a 500.

use serde_json::Value;

use crate::patch::Kind;
use crate::problem::Problem;
use crate::sandbox::Sandbox;

const FREQUENCIES: [&str; 5] = ["once", "minute", "hour", "day", "week"];
/// "minute intervals must be at least 15" (§4).
const MIN_MINUTE_INTERVAL: u64 = 15;

fn invalid(msg: impl Into<String>) -> Problem {
    Problem::bad_request(1455, msg)
}

fn str_at<'a>(doc: &'a Value, ptr: &str) -> Option<&'a str> {
    doc.pointer(ptr)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The value a refusal quotes, cut short: the client sees what it sent.
fn quoted(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// Checks a new object of `kind` against the sandbox it is created in.
pub fn validate(s: &Sandbox, kind: Kind, doc: &Value) -> Result<(), Problem> {
    shapes(kind, doc)?;
    match kind {
        Kind::Flow => flow(s, doc),
        _ => connection(s, kind, doc),
    }
}

/// A member's JSON pointer, the test of its type, and that type in words.
type Member = (&'static str, fn(&Value) -> bool, &'static str);

/// Member types, before any member is read for its meaning.
fn shapes(kind: Kind, doc: &Value) -> Result<(), Problem> {
    match doc.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => {}
        Some(Value::String(_)) | None => return Err(invalid("'name' is required.")),
        Some(other) => {
            return Err(invalid(format!(
                "'name' must be a string, not {}.",
                quoted(other)
            )));
        }
    }
    let spec = if kind == Kind::Flow {
        "/flowSpec"
    } else {
        "/connectionSpec"
    };
    let object = "an object";
    let members: [Member; 11] = [
        ("/description", Value::is_string, "a string"),
        (spec, Value::is_object, "an object ({\"id\", \"version\"})"),
        (
            "/auth",
            Value::is_object,
            "an object ({\"specName\", \"params\"})",
        ),
        ("/auth/specName", Value::is_string, "a string"),
        ("/auth/params", Value::is_object, object),
        ("/params", Value::is_object, object),
        ("/data", Value::is_object, object),
        (
            "/baseConnectionId",
            |v| v.is_string() || v.is_null(),
            "a string or null",
        ),
        ("/transformations", Value::is_array, "an array"),
        ("/scheduleParams", Value::is_object, object),
        ("/labels", Value::is_array, "an array"),
    ];
    for (ptr, fits, what) in members {
        if let Some(v) = doc.pointer(ptr)
            && !fits(v)
        {
            let member = ptr.trim_start_matches('/').replace('/', ".");
            return Err(invalid(format!(
                "'{member}' must be {what}, not {}.",
                quoted(v)
            )));
        }
    }
    Ok(())
}

fn flow(s: &Sandbox, doc: &Value) -> Result<(), Problem> {
    if doc.get("state").is_some() {
        return Err(Problem::bad_request(
            1410,
            "'state' cannot be set when creating a flow.",
        ));
    }
    let spec_id =
        str_at(doc, "/flowSpec/id").ok_or_else(|| invalid("'flowSpec.id' is required."))?;
    let spec = s
        .flow_specs
        .get(spec_id)
        .ok_or_else(|| invalid(format!("Flow spec '{spec_id}' does not exist.")))?;
    for (field, coll, allowed) in [
        (
            "sourceConnectionIds",
            &s.source_connections,
            "sourceConnectionSpecIds",
        ),
        (
            "targetConnectionIds",
            &s.target_connections,
            "targetConnectionSpecIds",
        ),
    ] {
        let ids: Vec<&str> = match doc.get(field) {
            Some(Value::Array(a)) if !a.is_empty() => a
                .iter()
                .map(|v| v.as_str().filter(|s| !s.is_empty()))
                .collect::<Option<_>>()
                .ok_or_else(|| {
                    invalid(format!(
                        "'{field}' must be an array of connection ids (strings)."
                    ))
                })?,
            Some(Value::Array(_)) | None => {
                return Err(invalid(format!("'{field}' must list at least one id.")));
            }
            Some(other) => {
                return Err(invalid(format!(
                    "'{field}' must be an array of connection ids, not {}.",
                    quoted(other)
                )));
            }
        };
        let allowed: Vec<&str> = spec
            .get(allowed)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for id in ids {
            let conn = coll.get(id).ok_or_else(|| {
                invalid(format!("'{field}' refers to '{id}', which does not exist."))
            })?;
            let cs = str_at(conn, "/connectionSpec/id").unwrap_or("");
            if !allowed.is_empty() && !allowed.contains(&cs) {
                return Err(invalid(format!(
                    "Connection '{id}' uses connection spec '{cs}', which flow spec '{spec_id}' does not accept in {field}."
                )));
            }
        }
    }
    match doc.get("scheduleParams") {
        Some(p) => schedule(p),
        None => Ok(()),
    }
}

/// A number of seconds or units: an integer, or a string of digits (aepp sends both).
fn count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        _ => None,
    }
}

fn schedule(p: &Value) -> Result<(), Problem> {
    let frequency = match p.get("frequency") {
        None => None,
        Some(Value::String(f)) if FREQUENCIES.contains(&f.to_ascii_lowercase().as_str()) => {
            Some(f.to_ascii_lowercase())
        }
        Some(other) => {
            return Err(invalid(format!(
                "'scheduleParams.frequency' must be one of {}, not {}.",
                FREQUENCIES.join(", "),
                quoted(other)
            )));
        }
    };
    for member in ["startTime", "endTime", "interval"] {
        if let Some(v) = p.get(member)
            && count(v).is_none()
        {
            return Err(invalid(format!(
                "'scheduleParams.{member}' must be a whole number (epoch seconds for times), as a string of digits or an integer, not {}.",
                quoted(v)
            )));
        }
    }
    let interval = p.get("interval").and_then(count);
    if frequency.as_deref() == Some("minute") && interval.is_some_and(|i| i < MIN_MINUTE_INTERVAL) {
        return Err(invalid(format!(
            "'scheduleParams.interval' must be at least {MIN_MINUTE_INTERVAL} when the frequency is 'minute'."
        )));
    }
    Ok(())
}

fn connection(s: &Sandbox, kind: Kind, doc: &Value) -> Result<(), Problem> {
    let spec_id = str_at(doc, "/connectionSpec/id")
        .ok_or_else(|| invalid("'connectionSpec.id' is required."))?;
    let spec = s
        .connection_specs
        .get(spec_id)
        .ok_or_else(|| invalid(format!("Connection spec '{spec_id}' does not exist.")))?;
    if let Some(base) = str_at(doc, "/baseConnectionId")
        && s.connections.get(base).is_none()
    {
        return Err(invalid(format!("Base connection '{base}' does not exist.")));
    }
    if kind == Kind::Connection {
        credentials(spec_id, spec, doc)?;
    }
    Ok(())
}

/// A base connection's `auth` against its spec's `authSpec`: `specName` names one of
/// them, and `params` holds every member that one's JSON schema marks required. A spec
/// without an `authSpec` (the landing zones, the data lake) takes no credentials.
fn credentials(spec_id: &str, spec: &Value, doc: &Value) -> Result<(), Problem> {
    let auth_specs: &[Value] = spec
        .get("authSpec")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    if auth_specs.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = auth_specs
        .iter()
        .filter_map(|a| a.get("name").and_then(Value::as_str))
        .collect();
    let Some(spec_name) = str_at(doc, "/auth/specName") else {
        return Err(invalid(format!(
            "Connection spec {spec_id} needs 'auth' with 'specName' one of: {}.",
            names.join(", ")
        )));
    };
    let chosen = auth_specs
        .iter()
        .find(|a| a.get("name").and_then(Value::as_str) == Some(spec_name))
        .ok_or_else(|| {
            invalid(format!(
                "'auth.specName' '{spec_name}' is not an authentication of connection spec {spec_id}; use one of: {}.",
                names.join(", ")
            ))
        })?;
    let params = doc.pointer("/auth/params");
    let missing: Vec<&str> = chosen
        .pointer("/spec/required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|field| {
            params
                .and_then(|p| p.get(*field))
                .is_none_or(Value::is_null)
        })
        .collect();
    if !missing.is_empty() {
        return Err(invalid(format!(
            "'auth.params' lacks {}, required by the '{spec_name}' authentication of connection spec {spec_id}.",
            missing
                .iter()
                .map(|f| format!("'{f}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}
