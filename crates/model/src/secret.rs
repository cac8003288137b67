//! A string that must not leak: client secrets, access tokens, SAS tokens, AWS keys.
//!
//! `Debug`, `Display` and `Serialize` print a mask; the value comes out only through
//! [`Secret::expose`], so a stray `{:?}` or a JSON dump of a model cannot reveal it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What every masked secret prints as.
pub const MASK: &str = "••••";

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The real value, for the one place that needs it (a request body or header, or a
    /// screen the user asked to reveal).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

/// Masked on purpose: serialising a model for display must not reveal it.
impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(MASK)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_display_and_json_are_masked() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), MASK);
        assert_eq!(format!("{s}"), MASK);
        assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{MASK}\""));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn masked_inside_derived_debug() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Creds {
            id: &'static str,
            secret: Secret,
        }
        let c = Creds {
            id: "cid",
            secret: Secret::new("p@ss"),
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("p@ss"), "{shown}");
    }
}
