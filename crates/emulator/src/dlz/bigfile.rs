//! A large CSV whose bytes are computed from their offset, so the landing zone can hold
//! 64 MB and 1 GiB files without storing them.
//!
//! Every data row has the same width, so the row covering any offset is a division away;
//! a range read renders only the rows it touches. Values are a pure function of the row
//! number and seed, which keeps Range reads stable across calls.

use bytes::{BufMut, Bytes, BytesMut};

const HEADER: &[u8] =
    b"session_id,visitor_id,started_at,country,landing_page,hits,time_on_site_ms,revenue\n";
/// 32 + 12 + 20 + 2 + 10 + 3 + 6 + 7 characters, 7 commas and a newline. Numbers
/// keep a fixed width by range (hits 100..=999) rather than zero padding where padding
/// would make them look like identifiers.
const ROW_LEN: u64 = 100;
const COUNTRIES: [&str; 12] = [
    "US", "US", "US", "CA", "GB", "DE", "FR", "NL", "ES", "IT", "JP", "AU",
];
const PAGES: [&str; 8] = [
    "/p/WJ-1001",
    "/p/YP-2001",
    "/p/TS-3001",
    "/p/SH-4001",
    "/p/BG-5001",
    "/p/AC-6001",
    "/c/outdoor",
    "/c/running",
];
/// 2026-09-01T00:00:00Z: sessions are laid out forward from here, a few seconds apart.
const FIRST_SESSION_MS: i64 = 1_788_220_800_000;
/// 2026-10-01T00:00:00Z: the month-long clickstream export starts here.
const CLICKSTREAM_MS: i64 = 1_790_812_800_000;

#[derive(Clone, Copy, Debug)]
pub(super) struct BigCsv {
    seed: u64,
    rows: u64,
    first_ms: i64,
    /// Time between two sessions, so the rows span a plausible period for their count.
    step_ms: i64,
}

impl BigCsv {
    pub(super) fn new(seed: u64, rows: u64) -> Self {
        BigCsv {
            seed,
            rows,
            first_ms: FIRST_SESSION_MS,
            step_ms: 3_000,
        }
    }

    /// Ten million sessions fit in October 2026 at one every 240 ms.
    pub(super) fn clickstream(seed: u64, rows: u64) -> Self {
        BigCsv {
            seed: seed ^ 0xc11c,
            rows,
            first_ms: CLICKSTREAM_MS,
            step_ms: 240,
        }
    }

    pub(super) fn size(&self) -> u64 {
        HEADER.len() as u64 + self.rows * ROW_LEN
    }

    /// Bytes `start..start+len` (the caller has clamped the range to the size).
    pub(super) fn read_range(&self, start: u64, len: u64) -> Bytes {
        let end = (start + len).min(self.size());
        let mut out = BytesMut::with_capacity((end.saturating_sub(start)) as usize);
        let header_len = HEADER.len() as u64;
        let mut pos = start;
        if pos < header_len {
            let stop = end.min(header_len);
            out.put_slice(&HEADER[pos as usize..stop as usize]);
            pos = stop;
        }
        let mut row = [0u8; ROW_LEN as usize];
        while pos < end {
            let index = (pos - header_len) / ROW_LEN;
            let row_start = header_len + index * ROW_LEN;
            self.render_row(index, &mut row);
            let from = (pos - row_start) as usize;
            let to = ((end - row_start).min(ROW_LEN)) as usize;
            out.put_slice(&row[from..to]);
            pos = row_start + to as u64;
        }
        out.freeze()
    }

    fn render_row(&self, index: u64, row: &mut [u8; ROW_LEN as usize]) {
        let a = splitmix(self.seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let b = splitmix(a);
        let c = splitmix(b);
        let jitter = (c % 3) as i64 * self.step_ms / 3;
        let started = self.first_ms + (index as i64) * self.step_ms + jitter;
        let when = chrono::DateTime::from_timestamp_millis(started)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let hits = 100 + c % 900;
        let time_on_site = 100_000 + (c >> 8) % 900_000;
        let revenue_cents = if (c >> 20).is_multiple_of(5) {
            (c >> 24) % 50_000
        } else {
            0
        };
        let text = format!(
            "{a:016x}{b:016x},V{visitor:011},{when},{country},{page},{hits},{time_on_site},{euros:04}.{cents:02}\n",
            visitor = (b >> 20) % 100_000_000_000,
            country = COUNTRIES[(c % COUNTRIES.len() as u64) as usize],
            page = PAGES[((c >> 4) % PAGES.len() as u64) as usize],
            euros = revenue_cents / 100,
            cents = revenue_cents % 100,
        );
        // Every field is fixed-width by construction; a wrong width would shift all
        // later offsets, so it is padded or cut rather than trusted blindly.
        let bytes = text.as_bytes();
        let n = bytes.len().min(row.len());
        row[..n].copy_from_slice(&bytes[..n]);
        row[n..].fill(b' ');
        row[row.len() - 1] = b'\n';
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_exactly_row_len_wide() {
        let g = BigCsv::new(7, 1_000);
        for i in [0, 1, 17, 999] {
            let mut row = [0u8; ROW_LEN as usize];
            g.render_row(i, &mut row);
            let text = std::str::from_utf8(&row).unwrap();
            assert_eq!(text.matches(',').count(), 7, "{text}");
            assert!(!text.contains("  "), "row {i} is padded: {text:?}");
            assert!(text.ends_with('\n'));
        }
    }

    #[test]
    fn ranges_compose_across_row_and_header_boundaries() {
        let g = BigCsv::new(3, 10_000);
        let whole = g.read_range(0, 5_000);
        let a = g.read_range(0, 1_234);
        let b = g.read_range(1_234, 5_000 - 1_234);
        assert_eq!([a, b].concat(), whole.to_vec());
        assert!(whole.starts_with(HEADER));
    }
}
