//! One row as a list keeps it, appended to two buffers the list shares among all its
//! rows (so 200,000 rows are a few large allocations, not 400,000 small ones): the text
//! (the cells on screen joined by spaces, which is also what the `/` filter searches,
//! then the id, name and parent when no cell holds them, and the references cells make
//! to other objects' names) and a small table of offsets, colours and numeric sort keys.
//! A run's row takes about 300 bytes this way, against some 25 KB for the parsed object.

use crate::shared::lookup;
use crate::shared::table::{Names, Row, Tone};

/// Cells longer than this are cut: a table shows a few dozen characters of any cell, and
/// the offsets must fit in 16 bits.
const MAX_CELL: usize = 1024;
/// An id, name or parent longer than this is cut (no service sends one).
const MAX_KEY: usize = 4096;
const MAX_CELLS: usize = 32;

/// A packed row, read in place: its text and its table, slices of the buffers a list
/// keeps all its rows in (see [`Owned`] for one row on its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packed<'a> {
    text: &'a str,
    /// `[id_start, id_end, n, end × n, name_start, name_end, parent_start, parent_end,
    ///   t, (column << 8 | tone) × t, k, (column, i64 as 4 words) × k,
    ///   m, (column, start, end) × m]`; the cells come first, each starting one past the
    ///   previous end (the joining space); the id, name and parent point into a cell
    ///   that holds the same text, or past the cells.
    meta: &'a [u16],
}

/// One packed row that owns its buffers: for a row built on its own (tests, names
/// filled in again) before it joins a list's buffers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Owned {
    pub text: String,
    pub meta: Vec<u16>,
}

impl Owned {
    pub fn new(row: &Row, names: &Names) -> Owned {
        let mut out = Owned::default();
        pack(row, names, &mut out.text, &mut out.meta);
        out
    }

    pub fn get(&self) -> Packed<'_> {
        Packed {
            text: &self.text,
            meta: &self.meta,
        }
    }
}

/// The longest prefix of `s` within `max` bytes that ends on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn tone_code(t: Tone) -> u16 {
    match t {
        Tone::Plain => 0,
        Tone::Ok => 1,
        Tone::Failed => 2,
        Tone::Running => 3,
        Tone::Warn => 4,
        Tone::Dim => 5,
    }
}

fn tone_of(code: usize) -> Tone {
    match code {
        1 => Tone::Ok,
        2 => Tone::Failed,
        3 => Tone::Running,
        4 => Tone::Warn,
        5 => Tone::Dim,
        _ => Tone::Plain,
    }
}

/// Offsets fit in 16 bits: every piece is cut above, so the text stays under 64 KiB.
fn at(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Appends `row` to `text` and its table to `meta`, filling in the names its cells refer
/// to from `names`. Offsets in the table count from where the row's text starts.
pub fn pack(row: &Row, names: &Names, out: &mut String, table: &mut Vec<u16>) {
    let cells = &row.cells[..row.cells.len().min(MAX_CELLS)];
    let mut text = String::with_capacity(cells.iter().map(|c| c.len() + 1).sum::<usize>() + 8);
    let mut meta: Vec<u16> = Vec::with_capacity(12 + cells.len() * 2);
    // The id's place is filled in below: a cell (ID) or appended.
    meta.extend([0, 0]);
    meta.push(at(cells.len()));
    let mut shown = Vec::with_capacity(cells.len());
    for (c, cell) in cells.iter().enumerate() {
        if c > 0 {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(cut(&lookup::resolve(cell, names), MAX_CELL));
        shown.push((start, text.len()));
        meta.push(at(text.len()));
    }
    // The id and the name are most often cells (ID, NAME): point there rather than hold
    // them twice.
    let id = cut(&row.id, MAX_KEY);
    let id_at = match shown.iter().find(|&&(a, b)| &text[a..b] == id) {
        Some(&range) => range,
        None => append(&mut text, id),
    };
    meta[0] = at(id_at.0);
    meta[1] = at(id_at.1);
    let name = cut(&row.name, MAX_KEY);
    let name_at = match shown.iter().find(|&&(a, b)| &text[a..b] == name) {
        Some(&range) => range,
        None => append(&mut text, name),
    };
    meta.extend([at(name_at.0), at(name_at.1)]);
    let parent = append(&mut text, cut(&row.parent, MAX_KEY));
    meta.extend([at(parent.0), at(parent.1)]);
    let tones: Vec<_> = row.tones.iter().filter(|(c, _)| *c < 256).collect();
    meta.push(at(tones.len()));
    meta.extend(tones.iter().map(|(c, t)| at(*c) << 8 | tone_code(*t)));
    let nums: Vec<(usize, i64)> = row
        .nums
        .iter()
        .enumerate()
        .filter_map(|(c, n)| Some((c, (*n)?)))
        .collect();
    meta.push(at(nums.len()));
    for (c, n) in nums {
        let w = n.to_le_bytes();
        meta.push(at(c));
        meta.extend(w.chunks(2).map(|p| u16::from_le_bytes([p[0], p[1]])));
    }
    let refs: Vec<_> = cells
        .iter()
        .enumerate()
        .filter(|(_, cell)| lookup::refers(cell))
        .collect();
    meta.push(at(refs.len()));
    for (c, cell) in refs {
        let (a, b) = append(&mut text, cut(cell, MAX_CELL));
        meta.extend([at(c), at(a), at(b)]);
    }
    out.push_str(&text);
    table.extend(meta);
}

impl<'a> Packed<'a> {
    /// A row read from `text` and `meta` (as [`pack`] wrote them).
    pub fn at(text: &'a str, meta: &'a [u16]) -> Packed<'a> {
        Packed { text, meta }
    }

    fn word(&self, i: usize) -> usize {
        usize::from(self.meta.get(i).copied().unwrap_or(0))
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(a..b).unwrap_or("")
    }

    pub fn id(&self) -> &'a str {
        self.slice(self.word(0), self.word(1))
    }

    /// How many cells the row has.
    pub fn width(&self) -> usize {
        self.word(2)
    }

    /// The text of cell `c` as shown (names filled in); "" past the last cell.
    pub fn cell(&self, c: usize) -> &'a str {
        if c >= self.width() {
            return "";
        }
        let start = if c == 0 { 0 } else { self.word(3 + c - 1) + 1 };
        self.slice(start, self.word(3 + c))
    }

    pub fn cells(self) -> impl Iterator<Item = &'a str> {
        (0..self.width()).map(move |c| self.cell(c))
    }

    /// The visible text the `/` filter searches: the cells joined by spaces.
    pub fn haystack(&self) -> &'a str {
        match self.width() {
            0 => "",
            n => self.slice(0, self.word(3 + n - 1)),
        }
    }

    fn tail(&self) -> usize {
        3 + self.width()
    }

    pub fn name(&self) -> &'a str {
        let t = self.tail();
        self.slice(self.word(t), self.word(t + 1))
    }

    /// The object this row belongs to (a run's flow); "" for none.
    pub fn parent(&self) -> &'a str {
        let t = self.tail() + 2;
        self.slice(self.word(t), self.word(t + 1))
    }

    fn tones_at(&self) -> usize {
        self.tail() + 4
    }

    pub fn tones(self) -> impl Iterator<Item = (usize, Tone)> + 'a {
        let at = self.tones_at();
        (0..self.word(at)).map(move |i| {
            let w = self.word(at + 1 + i);
            (w >> 8, tone_of(w & 0xff))
        })
    }

    /// The colour of cell `c`.
    pub fn tone(&self, c: usize) -> Tone {
        self.tones()
            .find(|(col, _)| *col == c)
            .map_or(Tone::Plain, |(_, t)| t)
    }

    fn nums_at(&self) -> usize {
        let t = self.tones_at();
        t + 1 + self.word(t)
    }

    fn nums(self) -> impl Iterator<Item = (usize, i64)> + 'a {
        let at = self.nums_at();
        (0..self.word(at)).map(move |i| {
            let base = at + 1 + i * 5;
            let mut bytes = [0u8; 8];
            for (k, pair) in bytes.chunks_mut(2).enumerate() {
                pair.copy_from_slice(
                    &self
                        .meta
                        .get(base + 1 + k)
                        .copied()
                        .unwrap_or(0)
                        .to_le_bytes(),
                );
            }
            (self.word(base), i64::from_le_bytes(bytes))
        })
    }

    /// The numeric sort key of column `c` (a duration in ms, a count, a time), if any.
    pub fn num(&self, c: usize) -> Option<i64> {
        self.nums().find(|(col, _)| *col == c).map(|(_, n)| n)
    }

    fn refs(self) -> impl Iterator<Item = (usize, &'a str)> {
        let n = self.nums_at();
        let at = n + 1 + self.word(n) * 5;
        (0..self.word(at)).map(move |i| {
            let base = at + 1 + i * 3;
            (
                self.word(base),
                self.slice(self.word(base + 1), self.word(base + 2)),
            )
        })
    }

    /// Whether a cell names another object, so that new names change the row.
    pub fn refers(&self) -> bool {
        self.refs().next().is_some()
    }

    /// The row as its schema built it, references kept: packing it again with other
    /// names gives the row those names make.
    pub fn unpack(&self) -> Row {
        let mut cells: Vec<String> = self.cells().map(str::to_string).collect();
        for (c, cell) in self.refs() {
            if let Some(slot) = cells.get_mut(c) {
                *slot = cell.to_string();
            }
        }
        let mut nums = Vec::new();
        for (c, n) in self.nums() {
            if nums.len() <= c {
                nums.resize(c + 1, None);
            }
            nums[c] = Some(n);
        }
        let mut row = Row::new(
            self.id().to_string(),
            self.name().to_string(),
            cells,
            nums,
            self.tones().collect(),
        );
        row.parent = self.parent().to_string();
        row
    }

    /// Bytes this row takes in its list's buffers.
    pub fn size(&self) -> usize {
        self.text.len() + self.meta.len() * 2
    }
}

fn append(text: &mut String, s: &str) -> (usize, usize) {
    let start = text.len();
    text.push_str(s);
    (start, text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::table::fixture_names;
    use proptest::prelude::*;

    fn run_row() -> Row {
        let mut row = Row::new(
            "r-1".into(),
            "".into(),
            vec![
                "failed".into(),
                lookup::flow("f-1"),
                "2026-12-06 14:03".into(),
                "2m 5s".into(),
                "10".into(),
                "".into(),
            ],
            vec![
                None,
                None,
                Some(1_793_491_200_000),
                Some(125_000),
                Some(10),
                None,
            ],
            vec![(0, Tone::Failed), (4, Tone::Warn)],
        );
        row.parent = "f-1".into();
        row
    }

    #[test]
    fn a_packed_row_reads_back_what_was_packed_with_names_filled_in() {
        let owned = Owned::new(&run_row(), &fixture_names());
        let p = owned.get();
        assert_eq!(p.id(), "r-1");
        assert_eq!(p.parent(), "f-1");
        assert_eq!(p.name(), "");
        let cells: Vec<&str> = p.cells().collect();
        assert_eq!(
            cells,
            ["failed", "Orders", "2026-12-06 14:03", "2m 5s", "10", ""]
        );
        assert_eq!(p.haystack(), "failed Orders 2026-12-06 14:03 2m 5s 10 ");
        assert_eq!(
            (p.num(2), p.num(3), p.num(5)),
            (Some(1_793_491_200_000), Some(125_000), None)
        );
        assert_eq!(
            (p.tone(0), p.tone(1), p.tone(4)),
            (Tone::Failed, Tone::Plain, Tone::Warn)
        );
        assert!(p.refers());
        assert!(p.size() < 200, "{}", p.size());
    }

    #[test]
    fn names_that_arrive_later_are_filled_in_by_repacking() {
        let first = Owned::new(&run_row(), &Names::default());
        assert_eq!(first.get().cell(1), "f-1");
        let again = Owned::new(&first.get().unpack(), &fixture_names());
        assert_eq!(again.get().cell(1), "Orders");
        assert_eq!(again.get().unpack().cells[1], lookup::flow("f-1"));
    }

    #[test]
    fn long_cells_are_cut_on_a_character_boundary() {
        let long = "é".repeat(2000);
        let row = Row::new("x".into(), long.clone(), vec![long.clone()], vec![], vec![]);
        let owned = Owned::new(&row, &Names::default());
        let p = owned.get();
        assert!(p.cell(0).len() <= MAX_CELL && p.cell(0).starts_with("éé"));
        assert_eq!(p.name(), long);
    }

    proptest! {
        #[test]
        fn any_row_round_trips(
            id in "[a-z0-9-]{0,40}",
            name in ".{0,20}",
            cells in proptest::collection::vec(".{0,30}", 0..12),
            nums in proptest::collection::vec(proptest::option::of(any::<i64>()), 0..12),
            tone_cols in proptest::collection::vec(0usize..12, 0..4),
        ) {
            let tones: Vec<(usize, Tone)> = tone_cols.iter().map(|&c| (c, Tone::Running)).collect();
            let nums: Vec<Option<i64>> = nums.into_iter().take(cells.len()).collect();
            let row = Row::new(id.clone(), name.clone(), cells.clone(), nums.clone(), tones.clone());
            let owned = Owned::new(&row, &Names::default());
            let p = owned.get();
            prop_assert_eq!(p.id(), id.as_str());
            prop_assert_eq!(p.name(), name.as_str());
            let got: Vec<&str> = p.cells().collect();
            let want: Vec<String> = cells.iter().map(|c| lookup::resolve(c, &Names::default()).into_owned()).collect();
            prop_assert_eq!(got, want.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert_eq!(p.haystack(), want.join(" "));
            for (c, n) in nums.iter().enumerate() {
                prop_assert_eq!(p.num(c), *n);
            }
            for (c, t) in &tones {
                prop_assert_eq!(p.tone(*c), *t);
            }
        }
    }
}
