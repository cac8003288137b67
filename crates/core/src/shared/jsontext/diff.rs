//! Line diff of the object before and after a patch, for the patch editor's preview. The
//! preview masks secrets on both sides, and a secret the patch changes still shows as a
//! changed line (the mask, marked changed), never as one of the unchanged ones.

use serde_json::Value;

use flowscope_model::redact::{MASK, is_secret_key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    pub change: Change,
    pub text: String,
}

/// Past this many differing lines on either side the diff falls back to "all removed, then
/// all added": the preview is redrawn while typing and must not go quadratic.
const MAX_LINES: usize = 5_000;
/// Cap on the LCS table (cells of u16, so at most 8 MB).
const MAX_CELLS: usize = 4_000_000;

/// Line diff of the pretty-printed (serde_json::to_string_pretty) before and after, for
/// the preview: unchanged runs longer than 2*context are folded into one Same line
/// "… N unchanged lines …". Bounded: the common head and tail are matched in linear time,
/// and a differing middle over 5,000 lines (or too large a table) is shown as replaced
/// (all removed, then all added) rather than going quadratic.
pub fn diff(before: &Value, after: &Value, context: usize) -> Vec<DiffLine> {
    let before = serde_json::to_string_pretty(before).unwrap_or_default();
    let after = serde_json::to_string_pretty(after).unwrap_or_default();
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    fold(&line_diff(&a, &b), context)
}

/// The preview of an edit: `before` is the object as the editor holds it (secrets already
/// masked), `after` the same with the edit applied (holding the new secrets the edit
/// typed). Secrets in `after` are masked, and each one that differs from what `before`
/// holds at its place reads `"••••" (changed)`: both sides show only the mask, so without
/// the mark the line diff would see no change at all.
pub fn preview(before: &Value, after: &Value, context: usize) -> Vec<DiffLine> {
    let mut lines = diff(before, &mask_marking_changes(Some(before), after), context);
    let marked = format!("\"{MASK}{CHANGED}\"");
    let shown = format!("\"{MASK}\" (changed)");
    for l in &mut lines {
        if l.text.contains(&marked) {
            l.text = l.text.replace(&marked, &shown);
        }
    }
    lines
}

/// Put after the mask of a changed secret while the lines are compared: a private-use
/// character, which serde_json writes as is and no service value holds.
const CHANGED: char = '\u{E000}';

/// `after` with each string or number under a secret key masked (as `redact::masked`
/// does), the mask marked with [`CHANGED`] where `before` holds something else there.
fn mask_marking_changes(before: Option<&Value>, after: &Value) -> Value {
    match after {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let old = before.and_then(|b| b.get(k));
                    let v = if is_secret_key(k) && (v.is_string() || v.is_number()) {
                        // A secret the edit adds shows as an added line as it is.
                        let changed = old.is_some_and(|o| o != v);
                        Value::String(if changed {
                            format!("{MASK}{CHANGED}")
                        } else {
                            MASK.to_string()
                        })
                    } else {
                        mask_marking_changes(old, v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| mask_marking_changes(before.and_then(|b| b.get(i)), v))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn line_diff<'t>(a: &[&'t str], b: &[&'t str]) -> Vec<(Change, &'t str)> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut out: Vec<(Change, &str)> = a[..head].iter().map(|l| (Change::Same, *l)).collect();
    let too_big = mid_a.len() > MAX_LINES
        || mid_b.len() > MAX_LINES
        || (mid_a.len() + 1).saturating_mul(mid_b.len() + 1) > MAX_CELLS;
    if too_big {
        out.extend(mid_a.iter().map(|l| (Change::Removed, *l)));
        out.extend(mid_b.iter().map(|l| (Change::Added, *l)));
    } else {
        lcs(mid_a, mid_b, &mut out);
    }
    out.extend(a[a.len() - tail..].iter().map(|l| (Change::Same, *l)));
    out
}

/// Classic LCS table over suffixes, walked from the front; removals before additions at
/// each change so a replaced line reads as "-old" then "+new".
fn lcs<'t>(a: &[&'t str], b: &[&'t str], out: &mut Vec<(Change, &'t str)>) {
    let width = b.len() + 1;
    // Lengths fit u16: both sides are at most MAX_LINES.
    let mut table = vec![0u16; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push((Change::Same, a[i]));
            i += 1;
            j += 1;
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            out.push((Change::Removed, a[i]));
            i += 1;
        } else {
            out.push((Change::Added, b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| (Change::Removed, *l)));
    out.extend(b[j..].iter().map(|l| (Change::Added, *l)));
}

/// Folds each run of unchanged lines longer than 2*context, keeping `context` lines next
/// to each change (none on the side of a run that touches the start or the end).
fn fold(lines: &[(Change, &str)], context: usize) -> Vec<DiffLine> {
    let line = |change: Change, text: &str| DiffLine {
        change,
        text: text.to_string(),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].0 != Change::Same {
            out.push(line(lines[i].0, lines[i].1));
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].0 == Change::Same {
            i += 1;
        }
        let run = &lines[start..i];
        if run.len() <= context.saturating_mul(2) {
            out.extend(run.iter().map(|(c, t)| line(*c, t)));
            continue;
        }
        let keep_head = if start == 0 { 0 } else { context };
        let keep_tail = if i == lines.len() { 0 } else { context };
        let hidden = run.len() - keep_head - keep_tail;
        out.extend(run[..keep_head].iter().map(|(c, t)| line(*c, t)));
        let plural = if hidden == 1 { "" } else { "s" };
        out.push(line(
            Change::Same,
            &format!("… {hidden} unchanged line{plural} …"),
        ));
        out.extend(
            run[run.len() - keep_tail..]
                .iter()
                .map(|(c, t)| line(*c, t)),
        );
    }
    out
}
