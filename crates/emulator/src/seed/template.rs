//! Fills the `{{…}}` placeholders of catalogue templates (credentials, paths).
//!
//! Random tokens (`{{b64:40}}`, `{{uuid}}`, `{{pick:a|b}}`) draw from the generator;
//! named ones (`{{account}}`, `{{bucket}}`, `{{slug}}`, `{{inlet}}`, `{{name}}`) come
//! from the connection being built, so a connection string and a URL of the same
//! connection agree. A string that is exactly `{{bool}}` becomes a JSON boolean.

use std::collections::BTreeMap;

use serde_json::Value;

use super::random::{ALNUM, BASE64, DIGITS, Gen, LOWER_ALNUM, UPPER_ALNUM};

pub(super) type Vars = BTreeMap<&'static str, String>;

pub(super) fn fill(template: &Value, g: &mut Gen, vars: &Vars) -> Value {
    match template {
        Value::String(s) if s == "{{bool}}" => Value::Bool(g.chance(0.5)),
        Value::String(s) => Value::String(fill_str(s, g, vars)),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, g, vars)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, g, vars)))
                .collect(),
        ),
        other => other.clone(),
    }
}

pub(super) fn fill_str(s: &str, g: &mut Gen, vars: &Vars) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        out.push_str(&token(&after[..end], g, vars));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn token(t: &str, g: &mut Gen, vars: &Vars) -> String {
    let (name, arg) = t.split_once(':').unwrap_or((t, ""));
    let n = arg.parse::<usize>().unwrap_or(0);
    match name {
        "uuid" => g.uuid(),
        "hex" => g.hex(n),
        "upper" => g.chars(UPPER_ALNUM, n),
        "lower" => g.chars(LOWER_ALNUM, n),
        "alnum" => g.chars(ALNUM, n),
        "digits" => g.chars(DIGITS, n),
        "b64" => g.chars(BASE64, n),
        "bool" => g.chance(0.5).to_string(),
        "pick" => {
            let options: Vec<&str> = arg.split('|').collect();
            g.pick(&options).to_string()
        }
        other => vars
            .get(other)
            .cloned()
            .unwrap_or_else(|| format!("{{{{{t}}}}}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_filled_and_shared_vars_agree() {
        let mut g = Gen::new(3, "tpl");
        let vars: Vars = [("account", "acmestore01".to_string())]
            .into_iter()
            .collect();
        let v = fill(
            &json!({"a": "AccountName={{account}};Key={{b64:8}}==", "u": "https://{{account}}.x", "b": "{{bool}}", "p": 22, "k": "{{unknown}}"}),
            &mut g,
            &vars,
        );
        let a = v["a"].as_str().unwrap();
        assert!(
            a.starts_with("AccountName=acmestore01;Key=")
                && a.len() == "AccountName=acmestore01;Key=".len() + 10
        );
        assert_eq!(v["u"], "https://acmestore01.x");
        assert!(v["b"].is_boolean());
        assert_eq!(v["p"], 22);
        assert_eq!(v["k"], "{{unknown}}");
    }
}
