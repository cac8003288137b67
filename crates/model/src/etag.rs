//! Etags as the Flow Service sends them (`"\"abc\""`, quotes part of the value) and as
//! `If-Match` wants them. Stores one normalised form so comparisons ignore quoting.
//!
//! aep-api-notes §4/§5: the service accepts `If-Match` with or without the quotes; we always
//! send the quoted form, which is what the service itself hands out.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An entity tag without its surrounding quotes; render with [`Etag::if_match`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Etag(String);

impl Etag {
    /// Accepts `abc`, `"abc"`, `\"abc\"` (double-encoded) and weak `W/"abc"` alike.
    pub fn new(raw: &str) -> Self {
        Etag(normalise(raw).to_string())
    }

    /// The bare value, without quotes.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value for an `If-Match` header: `"abc"` with its quotes.
    pub fn if_match(&self) -> String {
        format!("\"{}\"", self.0)
    }
}

/// Strips whitespace, a weak prefix and any layers of (escaped) surrounding quotes.
fn normalise(raw: &str) -> &str {
    let mut s = raw.trim();
    if let Some(rest) = s.strip_prefix("W/") {
        s = rest.trim();
    }
    loop {
        let before = s.len();
        if let Some(inner) = s.strip_prefix("\\\"").and_then(|r| r.strip_suffix("\\\"")) {
            s = inner;
        } else if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            s = inner;
        }
        if s.len() == before {
            return s;
        }
    }
}

impl fmt::Display for Etag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.if_match())
    }
}

impl fmt::Debug for Etag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Etag({})", self.if_match())
    }
}

impl From<&str> for Etag {
    fn from(s: &str) -> Self {
        Etag::new(s)
    }
}

impl From<String> for Etag {
    fn from(s: String) -> Self {
        Etag::new(&s)
    }
}

/// Serialises in the service's own shape (quotes inside the string) so a re-serialised
/// object looks like what the service sent.
impl Serialize for Etag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.if_match())
    }
}

impl<'de> Deserialize<'de> for Etag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Ok(Etag::new(&raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_bare_and_double_encoded_forms_are_equal() {
        let bare = Etag::new("6802064a-0000");
        assert_eq!(Etag::new("\"6802064a-0000\""), bare);
        assert_eq!(Etag::new("\\\"6802064a-0000\\\""), bare);
        assert_eq!(Etag::new(" W/\"6802064a-0000\" "), bare);
        assert_eq!(bare.as_str(), "6802064a-0000");
    }

    #[test]
    fn if_match_always_has_exactly_one_pair_of_quotes() {
        assert_eq!(Etag::new("abc").if_match(), "\"abc\"");
        assert_eq!(Etag::new("\"abc\"").if_match(), "\"abc\"");
        assert_eq!(Etag::new("\"\"abc\"\"").if_match(), "\"abc\"");
    }

    #[test]
    fn serde_round_trips_the_service_form() {
        let e: Etag = serde_json::from_str(r#""\"abc\"""#).unwrap();
        assert_eq!(e.as_str(), "abc");
        assert_eq!(serde_json::to_string(&e).unwrap(), r#""\"abc\"""#);
    }

    #[test]
    fn empty_and_lonely_quotes_do_not_panic() {
        assert_eq!(Etag::new("").as_str(), "");
        assert_eq!(Etag::new("\"").as_str(), "\"");
        assert_eq!(Etag::new("\"\"").as_str(), "");
    }
}
