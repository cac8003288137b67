//! The configuration readers: the settings file (`config.toml`), the keymap file and
//! aepp's JSON files, fed arbitrary text, files written from their grammar, and mutations
//! of those. They never panic; a refusal names the file, a line and a column inside the
//! text and what is wrong; and what the grammar writes is read back as written.

use std::path::Path;

use flowscope::app::shared::key::Key;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

use flowscope::app::shared::action::{Action, Context};
use flowscope::config::keymap::{KeySpec, Keymap};
use flowscope::config::{ConfigError, Scopes, Settings, parse_aepp};

use super::inputs::{TextEdit, any_text, edit_text, points_inside, spicy_string, text_edits};

/// A TOML basic string holding `s`.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---- settings ----

const PROFILE_KEYS: &[&str] = &[
    "org_id",
    "client_id",
    "client_secret",
    "sandbox",
    "environment",
    "endpoint",
    "ims_endpoint",
    "provider",
    "aws_profile",
    "region",
    "scopes",
];

#[derive(Clone, Debug)]
enum SettingValue {
    Text(String),
    List(Vec<String>),
    /// A number where a string belongs.
    Number(i64),
}

#[derive(Clone, Debug)]
struct Entry {
    /// An index into [`PROFILE_KEYS`], or a typo.
    key: Result<usize, String>,
    value: SettingValue,
}

#[derive(Clone, Debug)]
struct SettingsFile {
    default_profile: Option<String>,
    profiles: Vec<(String, Vec<Entry>)>,
    other_table: bool,
}

fn setting_value() -> impl Strategy<Value = SettingValue> {
    prop_oneof![
        8 => spicy_string(10).prop_map(SettingValue::Text),
        1 => vec(spicy_string(6), 0..3).prop_map(SettingValue::List),
        1 => any::<i64>().prop_map(SettingValue::Number),
    ]
}

fn settings_file() -> impl Strategy<Value = SettingsFile> {
    let key = prop_oneof![
        12 => (0..PROFILE_KEYS.len()).prop_map(Ok),
        1 => "[a-z_]{1,14}"
            .prop_filter("a typo", |k| !PROFILE_KEYS.contains(&k.as_str()))
            .prop_map(Err),
    ];
    let entry = (key, setting_value()).prop_map(|(key, value)| Entry { key, value });
    // Keys of one table are distinct: a repeated key is a TOML error of its own.
    let entries = vec(entry, 0..6).prop_map(|mut es| {
        let mut seen = std::collections::HashSet::new();
        es.retain(|e| {
            seen.insert(match &e.key {
                Ok(i) => PROFILE_KEYS[*i].to_string(),
                Err(k) => k.clone(),
            })
        });
        es
    });
    let name = prop_oneof!["[a-z0-9_-]{1,8}", spicy_string(6)];
    (
        prop::option::of(spicy_string(8)),
        vec((name, entries), 0..3).prop_map(|mut ps| {
            let mut seen = std::collections::HashSet::new();
            ps.retain(|(n, _)| seen.insert(n.clone()));
            ps
        }),
        any::<bool>(),
    )
        .prop_map(|(default_profile, profiles, other_table)| SettingsFile {
            default_profile,
            profiles,
            other_table,
        })
}

impl SettingsFile {
    /// The text, and the lines of the entries that must be refused.
    fn text(&self) -> (String, Vec<usize>) {
        let mut lines = Vec::new();
        let mut bad = Vec::new();
        if let Some(d) = &self.default_profile {
            lines.push(format!("default_profile = {}", toml_str(d)));
        }
        for (name, entries) in &self.profiles {
            lines.push(format!("[profiles.{}]", toml_str(name)));
            for e in entries {
                let key = match &e.key {
                    Ok(i) => PROFILE_KEYS[*i].to_string(),
                    Err(k) => k.clone(),
                };
                let value = match &e.value {
                    SettingValue::Text(s) => toml_str(s),
                    SettingValue::List(v) => format!(
                        "[{}]",
                        v.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", ")
                    ),
                    SettingValue::Number(n) => n.to_string(),
                };
                let wrong_type = match &e.value {
                    SettingValue::Text(_) => false,
                    SettingValue::List(_) => e.key != Ok(PROFILE_KEYS.len() - 1),
                    SettingValue::Number(_) => true,
                };
                lines.push(format!("{key} = {value}"));
                if e.key.is_err() || wrong_type {
                    bad.push(lines.len());
                }
            }
        }
        if self.other_table {
            lines.push("[theme]".into());
            lines.push("name = 3".into());
        }
        (lines.join("\n") + "\n", bad)
    }
}

fn parse_error(
    e: ConfigError,
    file: &str,
    text: &str,
) -> Result<(usize, usize, String), TestCaseError> {
    let shown = e.to_string();
    let ConfigError::Parse {
        path,
        line,
        column,
        message,
    } = e
    else {
        return Err(TestCaseError::fail(format!("not a parse error: {shown}")));
    };
    prop_assert_eq!(path, Path::new(file));
    if let Err(why) = points_inside(text, line, column) {
        return Err(TestCaseError::fail(format!("{why}: {shown}")));
    }
    prop_assert!(!message.trim().is_empty(), "{shown}");
    let prefix = format!("{file}:{line}:{column}: ");
    prop_assert!(shown.starts_with(&prefix), "{shown}");
    Ok((line, column, message))
}

fn check_settings_text(text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = Settings::parse(Path::new("config.toml"), text) {
        parse_error(e, "config.toml", text)?;
    }
    Ok(())
}

fn check_settings_file(f: &SettingsFile) -> Result<(), TestCaseError> {
    let (text, bad) = f.text();
    match Settings::parse(Path::new("config.toml"), &text) {
        Ok(s) => {
            prop_assert!(
                bad.is_empty(),
                "accepted the entries on lines {bad:?}:\n{text}"
            );
            prop_assert_eq!(&s.default_profile, &f.default_profile);
            prop_assert_eq!(s.profiles.len(), f.profiles.len());
            for (name, entries) in &f.profiles {
                let p = &s.profiles[name];
                for e in entries {
                    let (Ok(i), SettingValue::Text(v)) = (&e.key, &e.value) else {
                        continue;
                    };
                    let got = match PROFILE_KEYS[*i] {
                        "org_id" => p.org_id.clone(),
                        "client_id" => p.client_id.clone(),
                        "client_secret" => p.client_secret.as_ref().map(|s| s.expose().to_string()),
                        "sandbox" => p.sandbox.clone(),
                        "environment" => p.environment.clone(),
                        "endpoint" => p.endpoint.clone(),
                        "ims_endpoint" => p.ims_endpoint.clone(),
                        "provider" => p.provider.clone(),
                        "aws_profile" => p.aws_profile.clone(),
                        "region" => p.region.clone(),
                        _ => match &p.scopes {
                            Some(Scopes::Joined(s)) => Some(s.clone()),
                            other => return Err(TestCaseError::fail(format!("{other:?}"))),
                        },
                    };
                    prop_assert_eq!(
                        got.as_deref(),
                        Some(v.as_str()),
                        "{} of {}",
                        PROFILE_KEYS[*i],
                        name
                    );
                }
                // Joined scopes never hold spaces or empty parts.
                if let Some(sc) = &p.scopes {
                    let j = sc.joined();
                    prop_assert!(
                        j.is_empty()
                            || (!j.contains(char::is_whitespace)
                                && !j.split(',').any(str::is_empty)),
                        "{j:?}"
                    );
                }
            }
        }
        Err(e) => {
            let (line, _, message) = parse_error(e, "config.toml", &text)?;
            prop_assert!(
                bad.contains(&line),
                "refused at line {line} ({message}), bad entries at {bad:?}:\n{text}"
            );
        }
    }
    Ok(())
}

// ---- keymap ----

/// A key as a keymap file may write it.
fn key_text() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        select(
            &[
                "enter", "esc", "tab", "backtab", "S-tab", "space", "up", "down", "left", "right",
                "pgup", "pagedown", "home", "end", "del", "bksp", "ins", "f1", "f12", "f13", "↑",
                "-", "a", "G", "é", "?", "1", "return", "ESCAPE"
            ][..]
        )
        .prop_map(str::to_string),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    (
        vec(
            select(&["ctrl-", "alt-", "shift-", "Ctrl-", "ALT-"][..]),
            0..3,
        ),
        base,
    )
        .prop_map(|(mods, base)| format!("{}{base}", mods.concat()))
}

#[derive(Clone, Debug)]
enum KeymapValue {
    Action(String),
    Table {
        action: Option<String>,
        desc: Option<String>,
        dangerous: Option<bool>,
        unknown: bool,
    },
    Number,
}

#[derive(Clone, Debug)]
struct KeymapFile {
    tables: Vec<(String, Vec<(String, KeymapValue)>)>,
}

fn action_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(Action::NAMES).prop_map(str::to_string),
        1 => Just("none".to_string()),
        1 => "[a-z_]{1,10}",
    ]
}

fn keymap_file() -> impl Strategy<Value = KeymapFile> {
    let value = prop_oneof![
        4 => action_name().prop_map(KeymapValue::Action),
        2 => (
            prop::option::weighted(0.9, action_name()),
            prop::option::of(spicy_string(8)),
            prop::option::of(any::<bool>()),
            prop::bool::weighted(0.1)
        )
            .prop_map(|(action, desc, dangerous, unknown)| KeymapValue::Table {
                action,
                desc,
                dangerous,
                unknown
            }),
        1 => Just(KeymapValue::Number),
    ];
    let ctx = prop_oneof![
        6 => select(&Context::ALL[..]).prop_map(|c| c.name().to_string()),
        1 => "[a-z]{1,8}",
    ];
    let table = (ctx, vec((key_text(), value), 0..6)).prop_map(|(c, mut entries)| {
        let mut seen = std::collections::HashSet::new();
        entries.retain(|(k, _)| seen.insert(k.clone()));
        (c, entries)
    });
    vec(table, 0..4).prop_map(|mut tables| {
        let mut seen = std::collections::HashSet::new();
        tables.retain(|(c, _)| seen.insert(c.clone()));
        KeymapFile { tables }
    })
}

impl KeymapFile {
    fn text(&self) -> String {
        let mut out = String::new();
        for (ctx, entries) in &self.tables {
            out.push_str(&format!("[{}]\n", toml_str(ctx)));
            for (key, value) in entries {
                let v = match value {
                    KeymapValue::Action(a) => toml_str(a),
                    KeymapValue::Number => "7".to_string(),
                    KeymapValue::Table {
                        action,
                        desc,
                        dangerous,
                        unknown,
                    } => {
                        let mut parts = Vec::new();
                        if let Some(a) = action {
                            parts.push(format!("action = {}", toml_str(a)));
                        }
                        if let Some(d) = desc {
                            parts.push(format!("desc = {}", toml_str(d)));
                        }
                        if let Some(d) = dangerous {
                            parts.push(format!("dangerous = {d}"));
                        }
                        if *unknown {
                            parts.push("dangerus = true".into());
                        }
                        format!("{{ {} }}", parts.join(", "))
                    }
                };
                out.push_str(&format!("{} = {v}\n", toml_str(key)));
            }
        }
        out
    }
}

fn check_keymap_file(f: &KeymapFile) -> Result<(), TestCaseError> {
    let text = f.text();
    let (map, warnings) = Keymap::with_user_from(Some(&text), "keys.toml");
    for w in &warnings {
        prop_assert!(w.starts_with("keys.toml"), "{w}");
    }
    let defaults = Keymap::defaults();
    // What each valid entry should leave bound: the last valid entry for a key wins.
    let mut want: Vec<(Context, KeySpec, Option<String>)> = Vec::new();
    for (ctx, entries) in &f.tables {
        let Some(ctx) = Context::parse(ctx) else {
            prop_assert!(warnings.iter().any(|w| w.contains("unknown context")));
            continue;
        };
        for (key, value) in entries {
            let Ok(spec) = KeySpec::parse(key) else {
                continue;
            };
            let action = match value {
                KeymapValue::Action(a) => Some(a.clone()),
                KeymapValue::Table { action, .. } => action.clone(),
                KeymapValue::Number => None,
            };
            let Some(action) = action else { continue };
            let bound = if action.eq_ignore_ascii_case("none") {
                None
            } else if Action::from_name(&action).is_some() {
                Some(action)
            } else {
                continue;
            };
            want.retain(|(c, k, _)| !(*c == ctx && *k == spec));
            want.push((ctx, spec, bound));
        }
    }
    for (ctx, spec, action) in want {
        let ev = Key::new(spec.code, spec.mods);
        let got = map.lookup(ctx, &ev).map(|b| b.action.clone());
        prop_assert_eq!(got, action, "[{}] {}", ctx.name(), spec.display());
    }
    // An empty file changes nothing.
    if f.tables.is_empty() {
        prop_assert_eq!(map, defaults);
    }
    Ok(())
}

fn check_keymap_text(text: &str) -> Result<(), TestCaseError> {
    let (_, warnings) = Keymap::with_user_from(Some(text), "keys.toml");
    for w in &warnings {
        prop_assert!(w.starts_with("keys.toml"), "{w}");
        if let Some(at) = w.split(" at line ").nth(1) {
            let mut nums = at
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse::<usize>().ok());
            if let (Some(line), Some(col)) = (nums.next(), nums.next())
                && let Err(why) = points_inside(text, line, col)
            {
                return Err(TestCaseError::fail(format!("{why}: {w}")));
            }
        }
    }
    Ok(())
}

/// Every key the parser reads, it writes back in a form it reads as the same key.
fn check_key_spec(s: &str) -> Result<(), TestCaseError> {
    match KeySpec::parse(s) {
        Ok(spec) => {
            let shown = spec.display();
            prop_assert_eq!(KeySpec::parse(&shown), Ok(spec), "{} shown as {}", s, shown);
            prop_assert!(spec.matches(&Key::new(spec.code, spec.mods)));
        }
        Err(e) => prop_assert!(!e.is_empty()),
    }
    Ok(())
}

// ---- aepp ----

const AEPP_KEYS: &[&str] = &[
    "org_id",
    "client_id",
    "api_key",
    "secret",
    "client_secret",
    "client_secrets",
    "scopes",
    "sandbox-name",
    "sandbox",
    "environment",
    "endpoint",
    "auth_code",
    "tech_id",
    "pathToKey",
];

fn aepp_object() -> impl Strategy<Value = Value> {
    let key = (select(AEPP_KEYS), any::<u8>()).prop_map(|(k, case)| match case % 3 {
        0 => k.to_string(),
        1 => k.to_ascii_uppercase(),
        _ => k.to_string() + " ",
    });
    let value = prop_oneof![
        4 => spicy_string(10).prop_map(Value::String),
        1 => vec(spicy_string(6).prop_map(Value::String), 0..3).prop_map(Value::Array),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::Null),
    ];
    vec((key, value), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect()))
}

fn check_aepp(text: &str, parsed: Option<&Value>) -> Result<(), TestCaseError> {
    match parse_aepp(Path::new("aepp.json"), text) {
        Ok((file, _warnings)) => {
            let Some(Value::Object(obj)) = parsed else {
                prop_assert!(serde_json::from_str::<Value>(text).is_ok_and(|v| v.is_object()));
                return Ok(());
            };
            // The one member named org_id in any case, when there is one.
            let named: Vec<&Value> = obj
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("org_id"))
                .map(|(_, v)| v)
                .collect();
            if let [Value::String(s)] = named.as_slice()
                && !s.trim().is_empty()
            {
                prop_assert_eq!(file.org_id.as_deref(), Some(s.trim()));
            }
            if let Some(sc) = &file.scopes {
                prop_assert!(
                    !sc.is_empty() && !sc.contains(char::is_whitespace),
                    "{sc:?}"
                );
            }
        }
        Err(ConfigError::Invalid(why)) => {
            prop_assert!(why.contains("aepp.json"), "{why}");
        }
        Err(e) => {
            parse_error(e, "aepp.json", text)?;
        }
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Input {
    SettingsText(String),
    Settings(SettingsFile),
    SettingsMutated(SettingsFile, Vec<TextEdit>),
    KeymapText(String),
    Keymap(KeymapFile),
    KeymapMutated(KeymapFile, Vec<TextEdit>),
    Key(String),
    AeppText(String),
    Aepp(Value),
    AeppMutated(Value, Vec<TextEdit>),
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        any_text(80).prop_map(Input::SettingsText),
        settings_file().prop_map(Input::Settings),
        (settings_file(), text_edits(3)).prop_map(|(f, e)| Input::SettingsMutated(f, e)),
        any_text(80).prop_map(Input::KeymapText),
        keymap_file().prop_map(Input::Keymap),
        (keymap_file(), text_edits(3)).prop_map(|(f, e)| Input::KeymapMutated(f, e)),
        prop_oneof![key_text(), any_text(10)].prop_map(Input::Key),
        any_text(60).prop_map(Input::AeppText),
        aepp_object().prop_map(Input::Aepp),
        (aepp_object(), text_edits(3)).prop_map(|(v, e)| Input::AeppMutated(v, e)),
    ]
}

fn check(input: Input) -> Result<(), TestCaseError> {
    match input {
        Input::SettingsText(t) => check_settings_text(&t),
        Input::Settings(f) => check_settings_file(&f),
        Input::SettingsMutated(f, e) => check_settings_text(&edit_text(&f.text().0, &e)),
        Input::KeymapText(t) => check_keymap_text(&t),
        Input::Keymap(f) => {
            check_keymap_file(&f)?;
            check_keymap_text(&f.text())
        }
        Input::KeymapMutated(f, e) => check_keymap_text(&edit_text(&f.text(), &e)),
        Input::Key(k) => check_key_spec(&k),
        Input::AeppText(t) => check_aepp(&t, None),
        Input::Aepp(v) => {
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            check_aepp(&text, Some(&v))
        }
        Input::AeppMutated(v, e) => {
            let text = edit_text(&serde_json::to_string_pretty(&v).unwrap_or_default(), &e);
            let parsed = serde_json::from_str::<Value>(&text).ok();
            check_aepp(&text, parsed.as_ref())
        }
    }
}

#[test]
fn config_files() {
    super::fuzz("config::config_files", super::CASES, input(), check);
}
