//! Key bindings as data: the shipped `keymap.toml` overlaid with the user's single entries,
//! looked up per [`Context`] to turn the core's [`Key`]s into [`Action`]s, and read back
//! to build the help overlay and footer hints. Reading the user file is the only I/O; nothing is printed,
//! and a bad entry is a warning for the status bar, never a crash.

use std::collections::{BTreeMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::app::action::{Action, Context};
use crate::app::key::{Key, KeyCode, KeyKind, Mods};

/// One key with its modifiers, normalised so that equal keys compare equal: `ctrl-C` is
/// `ctrl-c`, `shift-g` is `G`, `shift-tab` is `backtab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: Mods,
}

impl KeySpec {
    pub fn parse(s: &str) -> Result<KeySpec, String> {
        if s.is_empty() {
            return Err("empty key".to_string());
        }
        let mut mods = Mods::NONE;
        let mut rest = s;
        // A single character is always a key, so "-" and "ctrl--" work.
        while rest.chars().count() > 1 {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (Mods::CTRL, 5)
            } else if lower.starts_with("alt-") {
                (Mods::ALT, 4)
            } else if lower.starts_with("shift-") {
                (Mods::SHIFT, 6)
            } else {
                break;
            };
            if mods.contains(m) {
                return Err(format!("`{s}` repeats a modifier"));
            }
            mods |= m;
            rest = &rest[len..];
        }
        if rest.is_empty() {
            return Err(format!("`{s}` has a modifier but no key"));
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => match c {
                '↑' => KeyCode::Up,
                '↓' => KeyCode::Down,
                '←' => KeyCode::Left,
                '→' => KeyCode::Right,
                c => KeyCode::Char(c),
            },
            _ => named_key(&rest.to_ascii_lowercase())
                .ok_or_else(|| format!("unknown key name `{rest}`"))?,
        };
        KeySpec::normalise(code, mods).ok_or_else(|| {
            format!("`{s}`: shift only combines with letters and named keys; write the shifted character itself")
        })
    }

    /// The form a binding is stored in; `None` for shift with a non-letter character,
    /// because terminals report the shifted symbol (`?`, not shift-`/`).
    fn normalise(code: KeyCode, mut mods: Mods) -> Option<KeySpec> {
        let code = match code {
            KeyCode::Char(c) if mods.contains(Mods::SHIFT) => {
                if !c.is_alphabetic() {
                    return None;
                }
                mods.remove(Mods::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            }
            KeyCode::Tab if mods.contains(Mods::SHIFT) => {
                mods.remove(Mods::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(Mods::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        // Terminals cannot tell ctrl-c from ctrl-C (both are byte 0x03).
        let code = match code {
            KeyCode::Char(c) if mods.contains(Mods::CTRL) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(KeySpec { code, mods })
    }

    /// The spec an event would have been written as, or `None` for key releases (with the
    /// kitty protocol a press and its release would otherwise both fire).
    pub fn from_event(ev: &Key) -> Option<KeySpec> {
        if ev.kind == KeyKind::Release {
            return None;
        }
        let mut mods = ev.mods;
        let code = match ev.code {
            // Legacy terminals send 'G' with SHIFT; the kitty protocol may send 'g' with
            // SHIFT. Either way the shift is already in the character.
            KeyCode::Char(c) => {
                let c = if mods.contains(Mods::SHIFT) {
                    c.to_ascii_uppercase()
                } else {
                    c
                };
                mods.remove(Mods::SHIFT);
                KeyCode::Char(c)
            }
            other => other,
        };
        KeySpec::normalise(code, mods)
    }

    pub fn matches(&self, ev: &Key) -> bool {
        KeySpec::from_event(ev).is_some_and(|k| k == *self)
    }

    /// Short form for the help overlay and footer; [`KeySpec::parse`] reads it back.
    pub fn display(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Enter => "enter".to_string(),
            KeyCode::Esc => "esc".to_string(),
            KeyCode::Tab => "tab".to_string(),
            KeyCode::BackTab => "S-tab".to_string(),
            KeyCode::PageUp => "pgup".to_string(),
            KeyCode::PageDown => "pgdn".to_string(),
            KeyCode::Home => "home".to_string(),
            KeyCode::End => "end".to_string(),
            KeyCode::Delete => "del".to_string(),
            KeyCode::Backspace => "bksp".to_string(),
            KeyCode::Insert => "ins".to_string(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_ascii_lowercase(),
        };
        let mut out = String::new();
        for (m, name) in [
            (Mods::CTRL, "ctrl-"),
            (Mods::ALT, "alt-"),
            (Mods::SHIFT, "shift-"),
        ] {
            if self.mods.contains(m) {
                out.push_str(name);
            }
        }
        out.push_str(&base);
        out
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "s-tab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "delete" | "del" => KeyCode::Delete,
        "backspace" | "bksp" => KeyCode::Backspace,
        "insert" | "ins" => KeyCode::Insert,
        f => match f.strip_prefix('f')?.parse::<u8>() {
            Ok(n @ 1..=12) => KeyCode::F(n),
            _ => return None,
        },
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub key: KeySpec,
    pub action: String,
    pub desc: String,
    pub dangerous: bool,
}

/// One line of the help overlay: all keys of one action in a context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpEntry {
    pub keys: Vec<String>,
    pub action: String,
    pub desc: String,
    pub dangerous: bool,
}

/// Bindings per context, in file order (user additions after the defaults), because the
/// help overlay and footer list them in that order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    contexts: BTreeMap<Context, Vec<Binding>>,
}

/// What one entry of a keymap file asks for.
enum Entry {
    Unbind,
    Bind {
        action: String,
        desc: Option<String>,
        dangerous: bool,
    },
}

impl Keymap {
    pub const DEFAULT_TOML: &'static str = include_str!("../../keymap.toml");

    pub fn defaults() -> Keymap {
        let mut map = Keymap::default();
        // The shipped file is covered by a test; a warning here cannot reach the user anyway.
        let _ = map.overlay(Keymap::DEFAULT_TOML, "keymap.toml");
        map
    }

    /// Defaults overlaid with a user file's single entries. Each bad entry becomes a warning
    /// naming its context and key, and the rest still applies; `key = "none"` unbinds.
    pub fn with_user(user_toml: Option<&str>) -> (Keymap, Vec<String>) {
        Keymap::with_user_from(user_toml, "keymap.toml")
    }

    /// As [`Keymap::with_user`], with `origin` (the file's path) opening each warning.
    pub fn with_user_from(user_toml: Option<&str>, origin: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::defaults();
        let warnings = match user_toml {
            Some(src) => map.overlay(src, origin),
            None => Vec::new(),
        };
        (map, warnings)
    }

    pub fn bindings(&self, ctx: Context) -> &[Binding] {
        self.contexts.get(&ctx).map_or(&[], Vec::as_slice)
    }

    pub fn lookup(&self, ctx: Context, ev: &Key) -> Option<&Binding> {
        let key = KeySpec::from_event(ev)?;
        self.bindings(ctx).iter().find(|b| b.key == key)
    }

    pub fn action(&self, ctx: Context, ev: &Key) -> Option<Action> {
        self.lookup(ctx, ev)
            .and_then(|b| Action::from_name(&b.action))
    }

    /// Keys grouped by action, actions in the order of their first key.
    pub fn help(&self, ctx: Context) -> Vec<HelpEntry> {
        let mut out: Vec<HelpEntry> = Vec::new();
        for b in self.bindings(ctx) {
            match out.iter_mut().find(|e| e.action == b.action) {
                Some(e) => {
                    e.keys.push(b.key.display());
                    e.dangerous |= b.dangerous;
                }
                None => out.push(HelpEntry {
                    keys: vec![b.key.display()],
                    action: b.action.clone(),
                    desc: b.desc.clone(),
                    dangerous: b.dangerous,
                }),
            }
        }
        out
    }

    pub fn hint(&self, ctx: Context, action: &str) -> Option<String> {
        self.bindings(ctx)
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.key.display())
    }

    pub fn is_dangerous(&self, ctx: Context, action: &str) -> bool {
        self.bindings(ctx)
            .iter()
            .any(|b| b.action == action && b.dangerous)
    }

    fn dangerous_anywhere(&self, action: &str) -> bool {
        self.contexts
            .values()
            .flatten()
            .any(|b| b.action == action && b.dangerous)
    }

    /// Applies every valid entry of `src` on top of `self` and returns the warnings.
    fn overlay(&mut self, src: &str, origin: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        let doc = match DeTable::parse(src) {
            Ok(doc) => doc,
            Err(e) => {
                let at = e
                    .span()
                    .map(|s| {
                        let (line, col) = line_col(src, s.start);
                        format!(" at line {line}, column {col}")
                    })
                    .unwrap_or_default();
                warnings.push(format!(
                    "{origin}: not valid TOML{at}: {}; using the default keys",
                    e.message().trim()
                ));
                return warnings;
            }
        };
        // Tables are sorted by name inside the parser; spans give back the file order.
        for (name, value) in in_file_order(doc.get_ref()) {
            let Some(ctx) = Context::parse(name.get_ref()) else {
                let known: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                warnings.push(format!(
                    "{origin}: unknown context [{}] (known: {})",
                    name.get_ref(),
                    known.join(", ")
                ));
                continue;
            };
            let Some(table) = value.get_ref().as_table() else {
                warnings.push(format!(
                    "{origin}: `{}` should be a [{}] table of keys",
                    name.get_ref(),
                    name.get_ref()
                ));
                continue;
            };
            let mut seen = HashSet::new();
            for (key, value) in in_file_order(table) {
                let warn =
                    |msg: String| format!("{origin} [{}] {:?}: {msg}", ctx.name(), key.get_ref());
                let spec = match KeySpec::parse(key.get_ref()) {
                    Ok(spec) => spec,
                    Err(e) => {
                        warnings.push(warn(e));
                        continue;
                    }
                };
                if !seen.insert(spec) {
                    warnings.push(warn(format!(
                        "`{}` is bound twice in [{}]; the later entry wins",
                        spec.display(),
                        ctx.name()
                    )));
                }
                match parse_entry(value.get_ref()) {
                    Ok((entry, unknown)) => {
                        for field in unknown {
                            warnings.push(warn(format!("unknown field `{field}` ignored")));
                        }
                        self.apply(ctx, spec, entry);
                    }
                    Err(e) => warnings.push(warn(e)),
                }
            }
        }
        warnings
    }

    fn apply(&mut self, ctx: Context, key: KeySpec, entry: Entry) {
        match entry {
            Entry::Unbind => {
                if let Some(list) = self.contexts.get_mut(&ctx) {
                    list.retain(|b| b.key != key);
                }
            }
            Entry::Bind {
                action,
                desc,
                dangerous,
            } => {
                let desc = desc.unwrap_or_else(|| {
                    self.bindings(ctx)
                        .iter()
                        .find(|b| b.action == action)
                        .map_or_else(|| action.replace('_', " "), |b| b.desc.clone())
                });
                // Rebinding a dangerous action must not drop its confirm step by omission.
                let dangerous = dangerous || self.dangerous_anywhere(&action);
                let binding = Binding {
                    key,
                    action,
                    desc,
                    dangerous,
                };
                let list = self.contexts.entry(ctx).or_default();
                match list.iter_mut().find(|b| b.key == key) {
                    Some(existing) => *existing = binding,
                    None => list.push(binding),
                }
            }
        }
    }
}

fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// Reads `"none"`, `"action_name"` or `{ action, desc, dangerous }`; also returns the names
/// of fields it did not know, so a typo like `dangerus` is reported rather than ignored.
fn parse_entry(value: &DeValue<'_>) -> Result<(Entry, Vec<String>), String> {
    let named = |action: &str| -> Result<Option<String>, String> {
        if action.eq_ignore_ascii_case("none") {
            Ok(None)
        } else if Action::from_name(action).is_some() {
            Ok(Some(action.to_string()))
        } else {
            Err(format!("unknown action `{action}`"))
        }
    };
    if let Some(action) = value.as_str() {
        let entry = match named(action)? {
            None => Entry::Unbind,
            Some(action) => Entry::Bind {
                action,
                desc: None,
                dangerous: false,
            },
        };
        return Ok((entry, Vec::new()));
    }
    let Some(table) = value.as_table() else {
        return Err(format!(
            "expected {{ action = \"...\", desc = \"...\" }} or \"none\", found a {}",
            value.type_str()
        ));
    };
    let mut action = None;
    let mut desc = None;
    let mut dangerous = false;
    let mut unknown = Vec::new();
    for (field, v) in in_file_order(table) {
        let v = v.get_ref();
        match field.get_ref().as_ref() {
            "action" => {
                action = Some(
                    v.as_str()
                        .ok_or_else(|| "`action` must be a string".to_string())?,
                )
            }
            "desc" => {
                desc = Some(
                    v.as_str()
                        .ok_or_else(|| "`desc` must be a string".to_string())?
                        .to_string(),
                )
            }
            "dangerous" => {
                dangerous = v
                    .as_bool()
                    .ok_or_else(|| "`dangerous` must be true or false".to_string())?
            }
            other => unknown.push(other.to_string()),
        }
    }
    let action = action.ok_or_else(|| "missing `action`".to_string())?;
    let entry = match named(action)? {
        None => Entry::Unbind,
        Some(action) => Entry::Bind {
            action,
            desc,
            dangerous,
        },
    };
    Ok((entry, unknown))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// `keymap.toml` next to the settings file, so `FLOWSCOPE_CONFIG` moves both (see
/// [`super::settings_path`]); e.g. `~/.config/flowscope/keymap.toml`.
pub fn keymap_path(env: &BTreeMap<String, String>) -> Option<PathBuf> {
    super::settings_path(env).and_then(|p| p.parent().map(|dir| dir.join("keymap.toml")))
}

pub fn user_keymap_path() -> Option<PathBuf> {
    keymap_path(&super::env_vars())
}

/// Reads the user file if there is one (a missing file is not worth a warning) and applies
/// it over the defaults.
pub fn load_keymap() -> (Keymap, Vec<String>) {
    load_keymap_from(user_keymap_path().as_deref())
}

pub fn load_keymap_from(path: Option<&Path>) -> (Keymap, Vec<String>) {
    let Some(path) = path else {
        return Keymap::with_user(None);
    };
    match std::fs::read_to_string(path) {
        Ok(src) => Keymap::with_user_from(Some(&src), &path.display().to_string()),
        Err(e) if e.kind() == ErrorKind::NotFound => Keymap::with_user(None),
        Err(e) => (
            Keymap::defaults(),
            vec![format!(
                "cannot read {}: {e}; using the default keys",
                path.display()
            )],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: Mods) -> Key {
        Key::new(code, mods)
    }

    fn ch(c: char) -> Key {
        press(KeyCode::Char(c), Mods::NONE)
    }

    #[test]
    fn shipped_keymap_parses_cleanly_and_binds_every_action() {
        let mut map = Keymap::default();
        let warnings = map.overlay(Keymap::DEFAULT_TOML, "keymap.toml");
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(map, Keymap::defaults());
        let bound: HashSet<&str> = map
            .contexts
            .values()
            .flatten()
            .map(|b| b.action.as_str())
            .collect();
        for name in Action::NAMES {
            assert!(bound.contains(name), "`{name}` has no key in keymap.toml");
        }
        for b in map.contexts.values().flatten() {
            assert!(b.desc.chars().count() <= 22, "desc too long: {:?}", b.desc);
            assert!(!b.desc.is_empty(), "empty desc for {}", b.action);
        }
    }

    #[test]
    fn shipped_keymap_has_vim_and_arrow_keys() {
        let map = Keymap::defaults();
        for ctx in [Context::List, Context::Detail, Context::Help] {
            assert_eq!(map.action(ctx, &ch('j')), Some(Action::Down));
            assert_eq!(
                map.action(ctx, &press(KeyCode::Down, Mods::NONE)),
                Some(Action::Down)
            );
            assert_eq!(map.action(ctx, &ch('k')), Some(Action::Up));
            assert_eq!(
                map.action(ctx, &press(KeyCode::Up, Mods::NONE)),
                Some(Action::Up)
            );
        }
        let ctrl_c = press(KeyCode::Char('c'), Mods::CTRL);
        assert_eq!(
            map.action(Context::Global, &ctrl_c),
            Some(Action::ForceQuit)
        );
        assert_eq!(map.action(Context::Global, &ch('c')), None);
        assert_eq!(map.action(Context::List, &ch('c')), Some(Action::CopyJson));
    }

    #[test]
    fn key_names_parse_and_display_round_trip() {
        let cases = [
            ("j", "j"),
            ("G", "G"),
            ("?", "?"),
            (":", ":"),
            ("+", "+"),
            ("-", "-"),
            ("ctrl-c", "ctrl-c"),
            ("ctrl-C", "ctrl-c"),
            ("CTRL-c", "ctrl-c"),
            ("alt-x", "alt-x"),
            ("ctrl--", "ctrl--"),
            ("shift-tab", "S-tab"),
            ("backtab", "S-tab"),
            ("shift-g", "G"),
            ("enter", "enter"),
            ("Enter", "enter"),
            ("esc", "esc"),
            ("tab", "tab"),
            ("space", "space"),
            ("up", "↑"),
            ("down", "↓"),
            ("left", "←"),
            ("right", "→"),
            ("shift-up", "shift-↑"),
            ("pageup", "pgup"),
            ("PageDown", "pgdn"),
            ("home", "home"),
            ("end", "end"),
            ("delete", "del"),
            ("backspace", "bksp"),
            ("f1", "f1"),
            ("F12", "f12"),
        ];
        for (name, shown) in cases {
            let spec = KeySpec::parse(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(spec.display(), shown, "display of {name}");
            assert_eq!(KeySpec::parse(shown), Ok(spec), "parse back {shown}");
        }
        assert_eq!(KeySpec::parse("ctrl-C"), KeySpec::parse("ctrl-c"));
        assert_ne!(KeySpec::parse("G"), KeySpec::parse("g"));
        for bad in [
            "",
            "jj",
            "ctrl-",
            "f13",
            "f0",
            "hyper-x",
            "ctrl-ctrl-c",
            "shift-/",
        ] {
            assert!(KeySpec::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn shift_is_part_of_the_character() {
        let big_g = KeySpec::parse("G").unwrap();
        assert!(big_g.matches(&press(KeyCode::Char('G'), Mods::SHIFT)));
        assert!(big_g.matches(&press(KeyCode::Char('G'), Mods::NONE)));
        assert!(big_g.matches(&press(KeyCode::Char('g'), Mods::SHIFT)));
        assert!(!big_g.matches(&ch('g')));
        let small_g = KeySpec::parse("g").unwrap();
        assert!(!small_g.matches(&press(KeyCode::Char('G'), Mods::SHIFT)));

        let question = KeySpec::parse("?").unwrap();
        assert!(question.matches(&press(KeyCode::Char('?'), Mods::SHIFT)));

        let backtab = KeySpec::parse("shift-tab").unwrap();
        assert!(backtab.matches(&press(KeyCode::BackTab, Mods::SHIFT)));
        assert!(backtab.matches(&press(KeyCode::BackTab, Mods::NONE)));
        assert!(!backtab.matches(&press(KeyCode::Tab, Mods::NONE)));

        let ctrl_c = KeySpec::parse("ctrl-c").unwrap();
        assert!(ctrl_c.matches(&press(KeyCode::Char('c'), Mods::CTRL)));
        assert!(!ctrl_c.matches(&ch('c')));
        assert!(!ctrl_c.matches(&press(KeyCode::Char('c'), Mods::CTRL | Mods::ALT)));
    }

    #[test]
    fn releases_are_ignored() {
        let mut ev = ch('j');
        ev.kind = KeyKind::Release;
        assert!(!KeySpec::parse("j").unwrap().matches(&ev));
        ev.kind = KeyKind::Repeat;
        assert!(KeySpec::parse("j").unwrap().matches(&ev));
        assert_eq!(
            Keymap::defaults().lookup(Context::List, &{
                let mut e = ch('j');
                e.kind = KeyKind::Release;
                e
            }),
            None
        );
    }

    #[test]
    fn user_entry_replaces_one_key_and_keeps_the_rest() {
        let user = r#"
            [list]
            j = { action = "page_down", desc = "jump" }
            z = "top"
        "#;
        let (map, warnings) = Keymap::with_user(Some(user));
        assert_eq!(warnings, Vec::<String>::new());
        let j = map.lookup(Context::List, &ch('j')).unwrap();
        assert_eq!((j.action.as_str(), j.desc.as_str()), ("page_down", "jump"));
        // The replaced key keeps its place; the new key goes last.
        let defaults = Keymap::defaults();
        assert_eq!(
            map.bindings(Context::List)[0].key,
            defaults.bindings(Context::List)[0].key
        );
        let z = map.bindings(Context::List).last().unwrap();
        assert_eq!((z.action.as_str(), z.desc.as_str()), ("top", "top"));
        assert_eq!(
            map.action(Context::List, &press(KeyCode::Down, Mods::NONE)),
            Some(Action::Down)
        );
        assert_eq!(map.action(Context::List, &ch('k')), Some(Action::Up));
        assert_eq!(
            map.bindings(Context::Detail),
            defaults.bindings(Context::Detail)
        );
        assert_eq!(
            map.bindings(Context::Global),
            defaults.bindings(Context::Global)
        );
    }

    #[test]
    fn none_unbinds_a_key() {
        let user = r#"
            [global]
            q = "none"
            [list]
            j = { action = "none" }
            "ctrl-D" = "NONE"
        "#;
        let (map, warnings) = Keymap::with_user(Some(user));
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(map.action(Context::Global, &ch('q')), None);
        assert_eq!(map.action(Context::List, &ch('j')), None);
        let ctrl_d = press(KeyCode::Char('d'), Mods::CTRL);
        assert_eq!(map.action(Context::List, &ctrl_d), None);
        assert_eq!(map.hint(Context::List, "down"), Some("↓".to_string()));
        assert_eq!(map.hint(Context::Global, "quit"), None);
    }

    #[test]
    fn each_bad_entry_warns_and_the_rest_applies() {
        let user = r#"
            [nowhere]
            j = "down"
            [list]
            jj = { action = "down" }
            z = { action = "launch_rockets" }
            w = { desc = "no action" }
            e = 42
            i = { action = "open", dangerus = true }
            o = { action = "top", dangerous = "yes" }
            "ctrl-x" = { action = "bottom" }
            "ctrl-X" = { action = "top" }
            b = { action = "bottom", desc = "to the end" }
        "#;
        let (map, warnings) = Keymap::with_user(Some(user));
        let expect = [
            "[nowhere]",
            "[list] \"jj\": unknown key name",
            "[list] \"z\": unknown action `launch_rockets`",
            "[list] \"w\": missing `action`",
            "[list] \"e\": expected",
            "[list] \"i\": unknown field `dangerus`",
            "[list] \"o\": `dangerous` must be",
            "[list] \"ctrl-X\": `ctrl-x` is bound twice",
        ];
        assert_eq!(warnings.len(), expect.len(), "{warnings:#?}");
        for (w, e) in warnings.iter().zip(expect) {
            assert!(w.starts_with("keymap.toml"), "{w}");
            assert!(w.contains(e), "{w:?} should contain {e:?}");
        }
        assert_eq!(map.action(Context::List, &ch('b')), Some(Action::Bottom));
        assert_eq!(map.action(Context::List, &ch('i')), Some(Action::Open));
        assert_eq!(map.action(Context::List, &ch('z')), None);
        let ctrl_x = press(KeyCode::Char('x'), Mods::CTRL);
        assert_eq!(map.action(Context::List, &ctrl_x), Some(Action::Top));
        assert_eq!(map.action(Context::List, &ch('j')), Some(Action::Down));
    }

    #[test]
    fn invalid_toml_gives_one_warning_and_the_defaults() {
        let (map, warnings) = Keymap::with_user(Some("[list]\nj = { action = \"down\"\n"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("not valid TOML at line 2"),
            "{}",
            warnings[0]
        );
        assert!(!warnings[0].contains('\n'), "status bar needs one line");
        assert_eq!(map, Keymap::defaults());

        let (_, warnings) = Keymap::with_user(Some("list = 3"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("should be a [list] table"));
    }

    #[test]
    fn dangerous_marks_parse_and_cannot_be_dropped_by_rebinding() {
        let (map, warnings) = Keymap::with_user(Some(
            "[detail]\nz = { action = \"reveal_secrets\", dangerous = true }\nv = \"reveal_secrets\"\n",
        ));
        assert_eq!(warnings, Vec::<String>::new());
        assert!(map.is_dangerous(Context::Detail, "reveal_secrets"));
        assert!(map.lookup(Context::Detail, &ch('v')).unwrap().dangerous);
        assert!(!map.is_dangerous(Context::Detail, "search"));
        assert!(!map.is_dangerous(Context::List, "reveal_secrets"));
        let help = map.help(Context::Detail);
        let reveal = help.iter().find(|e| e.action == "reveal_secrets").unwrap();
        assert!(reveal.dangerous);
        assert_eq!(reveal.keys, ["v", "z"]);
    }

    #[test]
    fn help_groups_keys_by_action_in_file_order() {
        let map = Keymap::defaults();
        let help = map.help(Context::List);
        let first: Vec<(&str, Vec<&str>)> = help
            .iter()
            .take(5)
            .map(|e| {
                (
                    e.action.as_str(),
                    e.keys.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            first,
            [
                ("down", vec!["j", "↓"]),
                ("up", vec!["k", "↑"]),
                ("page_down", vec!["ctrl-d", "pgdn"]),
                ("page_up", vec!["ctrl-u", "pgup"]),
                ("top", vec!["home"]),
            ]
        );
        assert_eq!(help[0].desc, "down");
        let open = help.iter().find(|e| e.action == "open").unwrap();
        assert_eq!(open.keys, ["enter", "l", "→"]);
        let actions: Vec<&str> = help.iter().map(|e| e.action.as_str()).collect();
        let unique: HashSet<&&str> = actions.iter().collect();
        assert_eq!(unique.len(), actions.len());
        assert_eq!(
            map.hint(Context::Global, "prev_tab"),
            Some("S-tab".to_string())
        );
        assert_eq!(map.hint(Context::Help, "cancel"), Some("esc".to_string()));
    }

    #[test]
    fn user_file_is_read_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let (map, warnings) = load_keymap_from(Some(&dir.path().join("absent.toml")));
        assert_eq!((map, warnings), (Keymap::defaults(), Vec::new()));

        let (_, warnings) = load_keymap_from(Some(dir.path()));
        assert_eq!(
            warnings.len(),
            1,
            "a directory cannot be read: {warnings:?}"
        );
        assert!(warnings[0].starts_with("cannot read"));

        let file = dir.path().join("keymap.toml");
        std::fs::write(&file, "[global]\nQ = \"quit\"\nq = \"nope\"\n").unwrap();
        let (map, warnings) = load_keymap_from(Some(&file));
        assert_eq!(map.action(Context::Global, &ch('Q')), Some(Action::Quit));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with(&file.display().to_string()));
    }

    #[test]
    fn keymap_lives_next_to_the_settings_file() {
        let env = BTreeMap::from([(
            "FLOWSCOPE_CONFIG".to_string(),
            "/etc/fs/settings.toml".to_string(),
        )]);
        assert_eq!(
            keymap_path(&env),
            Some(PathBuf::from("/etc/fs/keymap.toml"))
        );
        if let Some(p) = keymap_path(&BTreeMap::new()) {
            assert!(p.ends_with("keymap.toml"));
        }
    }
}
