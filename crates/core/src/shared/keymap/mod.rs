//! Key bindings as data: the shipped `keymap.toml` overlaid with the user's single entries,
//! looked up per [`Context`] to turn the core's [`Key`]s into [`Action`]s, and read back to
//! build the help overlay and footer hints. A bad entry is a warning for the status bar,
//! never a crash. Pure: the user file arrives as text (config reads it).

mod parse;
mod spec;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};

use toml::de::DeTable;

use crate::shared::action::{Action, Context};
use crate::shared::key::Key;
use parse::{in_file_order, line_col, parse_entry};
pub use spec::KeySpec;

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
pub(crate) enum Entry {
    Unbind,
    Bind {
        action: String,
        desc: Option<String>,
        dangerous: bool,
    },
}

impl Keymap {
    pub const DEFAULT_TOML: &'static str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../keymap.toml"));

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
