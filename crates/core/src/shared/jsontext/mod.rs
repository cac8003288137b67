//! JSON as text being edited: a scanner that maps parsed values back to their offsets
//! (serde_json keeps no spans), offset ↔ line and column, JSON pointers, the problems a
//! checker finds pointed at their line ([`Finding`]), and the before/after line diff
//! (`diff`). Shared by every editor spec: Flow Service patches and AWS requests.

pub mod diff;

/// How bad a finding is: an error blocks sending, a warning only says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem, pointed at the text: 1-based line and column of the editor text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Where one member of a JSON object sits in the text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberSpan {
    pub key: String,
    pub key_at: usize,
    pub value_at: usize,
}

/// Where one top-level array element starts, with its members when it is an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElementSpan {
    pub at: usize,
    pub members: Vec<MemberSpan>,
}

impl ElementSpan {
    /// The last occurrence wins, as it does when serde_json builds the map.
    pub fn member(&self, key: &str) -> Option<&MemberSpan> {
        self.members.iter().rev().find(|m| m.key == key)
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// `i` is at an opening quote; returns the offset just past the closing one (or the end).
fn skip_string(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// Skips one value of any kind. Always advances by at least one byte, so the callers'
/// loops end even on text that is not JSON.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        None => b.len(),
        Some(b'"') => skip_string(b, i),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&c) = b.get(j) {
                match c {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        Some(_) => {
            let mut j = i;
            while let Some(&c) = b.get(j) {
                if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            j.max(i + 1)
        }
    }
}

/// The members of the object whose `{` is at `i`.
fn members_at(text: &str, i: usize) -> Vec<MemberSpan> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut j = i + 1;
    loop {
        j = skip_ws(b, j);
        if b.get(j) != Some(&b'"') {
            break;
        }
        let key_at = j;
        let end = skip_string(b, j);
        // Decoding through serde_json resolves escapes such as `"p\u0061th"`.
        let key = text
            .get(key_at..end)
            .and_then(|s| serde_json::from_str::<String>(s).ok())
            .unwrap_or_default();
        j = skip_ws(b, end);
        if b.get(j) != Some(&b':') {
            break;
        }
        j = skip_ws(b, j + 1);
        let value_at = j;
        out.push(MemberSpan {
            key,
            key_at,
            value_at,
        });
        j = skip_ws(b, skip_value(b, j));
        if b.get(j) != Some(&b',') {
            break;
        }
        j += 1;
    }
    out
}

/// The elements of the top-level array, in order; empty when the text is not an array.
pub fn array_elements(text: &str) -> Vec<ElementSpan> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'[') {
        return out;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        match b.get(i) {
            None | Some(b']') => break,
            Some(b'{') => out.push(ElementSpan {
                at: i,
                members: members_at(text, i),
            }),
            Some(_) => out.push(ElementSpan {
                at: i,
                members: Vec::new(),
            }),
        }
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) != Some(&b',') {
            break;
        }
        i += 1;
    }
    out
}

/// The members of the top-level object; empty when the text is not an object.
pub fn object_members(text: &str) -> Vec<MemberSpan> {
    let i = skip_ws(text.as_bytes(), 0);
    if text.as_bytes().get(i) == Some(&b'{') {
        members_at(text, i)
    } else {
        Vec::new()
    }
}

/// 1-based line and column (in chars) of a byte offset; offsets past the end clamp to it.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut off = offset.min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = text.get(..off).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The byte offset of serde_json's (1-based line, 1-based byte column) position.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|rest| rest.find('\n')) {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    let line_len = text
        .get(start..)
        .map_or(0, |rest| rest.find('\n').unwrap_or(rest.len()));
    start + column.saturating_sub(1).min(line_len)
}

/// Splits a JSON pointer (RFC 6901) into unescaped tokens; `Err` says what is wrong.
pub fn parse_pointer(s: &str) -> Result<Vec<String>, String> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = s.strip_prefix('/') else {
        return Err(format!(
            "`{s}` is not a JSON pointer: it must start with `/`, as in \"/name\""
        ));
    };
    rest.split('/')
        .map(|t| {
            unescape(t).ok_or_else(|| {
                format!("`{s}` has a bad escape: `~` must be followed by 0 (for ~) or 1 (for /)")
            })
        })
        .collect()
}

fn unescape(t: &str) -> Option<String> {
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

pub fn escape_token(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

pub fn join_pointer(tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", escape_token(t)))
        .collect()
}

/// Levenshtein distance over chars, for "did you mean" hints. Long strings are never
/// typos of a key, and skipping them keeps the cost bounded.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word` within 2 edits (and closer than the word's own length,
/// so a one-letter typo does not suggest every short key).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = 2.min(word.chars().count().saturating_sub(1));
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
