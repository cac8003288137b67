//! The little XML the storage APIs speak, written by hand: escaping for the documents the
//! emulator sends, and a tolerant reader for the small documents clients send (a block
//! list, a multipart completion), which need no general parser.

/// Escapes text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `<name>text</name>` with the text escaped.
pub fn element(name: &str, text: &str) -> String {
    format!("<{name}>{}</{name}>", escape(text))
}

pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An element found by [`children`]: its name (without namespace prefix) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub text: String,
}

/// The root element's name and, in document order, every element named in `wanted`
/// with its unescaped, trimmed text (markup inside such an element is kept as text).
/// `None` when the document has no root element or a wanted element is not closed.
pub fn children(doc: &str, wanted: &[&str]) -> Option<(String, Vec<Found>)> {
    let mut root = None;
    let mut found = Vec::new();
    let mut rest = doc;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        // Declarations, comments and closing tags carry nothing we need.
        if rest.starts_with('?') || rest.starts_with('!') || rest.starts_with('/') {
            continue;
        }
        let end = rest.find('>')?;
        let tag = &rest[..end];
        let self_closing = tag.ends_with('/');
        let raw_name = tag
            .trim_end_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let name = raw_name.rsplit(':').next().unwrap_or(raw_name).to_string();
        rest = &rest[end + 1..];
        if root.is_none() {
            root = Some(name);
            continue;
        }
        if !wanted.contains(&name.as_str()) {
            continue;
        }
        if self_closing {
            found.push(Found {
                name,
                text: String::new(),
            });
            continue;
        }
        let close = format!("</{raw_name}>");
        let stop = rest.find(&close)?;
        found.push(Found {
            name,
            text: unescape(rest[..stop].trim()),
        });
        rest = &rest[stop + close.len()..];
    }
    Some((root?, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips() {
        let s = "a&b<c>\"d'e";
        assert_eq!(escape(s), "a&amp;b&lt;c&gt;&quot;d&apos;e");
        assert_eq!(unescape(&escape(s)), s);
        assert_eq!(unescape("&#65;&#x42;&bogus; & x"), "AB&bogus; & x");
        assert_eq!(element("Name", "x&y"), "<Name>x&amp;y</Name>");
    }

    #[test]
    fn block_lists_are_read_in_order_whatever_the_layout() {
        let doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BlockList>\n\t<Uncommitted>QUE=</Uncommitted>\n<!-- x --><Latest> Qg== </Latest><Committed>Qw==</Committed></BlockList>";
        let (root, items) = children(doc, &["Committed", "Uncommitted", "Latest"]).unwrap();
        assert_eq!(root, "BlockList");
        let got: Vec<(&str, &str)> = items
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Uncommitted", "QUE="),
                ("Latest", "Qg=="),
                ("Committed", "Qw==")
            ]
        );
        assert!(children("<BlockList><Latest>x</BlockList>", &["Latest"]).is_none());
        assert!(children("no xml", &["Latest"]).is_none());
        let (_, parts) = children(
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag></Part></CompleteMultipartUpload>",
            &["PartNumber", "ETag"],
        )
        .unwrap();
        assert_eq!(parts[1].text, "\"e1\"");
    }
}
