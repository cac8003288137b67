//! Decompressing only the head of a gzip file, chunk by chunk as it arrives, up to a cap
//! on the output, so a caller can stop reading the network as soon as it has enough.
//! Concatenated gzip members are read as one stream, as `gzip -d` does. Pure and total.

use std::io::Write;

use flate2::write::MultiGzDecoder;

/// Compressed bytes are fed in slices this big so one slice cannot blow far past the cap
/// (deflate expands at most about 1000:1).
const SLICE: usize = 4 * 1024;

pub struct GzipHead {
    decoder: MultiGzDecoder<Vec<u8>>,
    max_out: usize,
    /// The decoder refused the input (not gzip, corrupt data): no more is taken.
    error: Option<String>,
    /// The decoder took no more input: the stream ended.
    ended: bool,
}

impl GzipHead {
    pub fn new(max_out: usize) -> GzipHead {
        GzipHead {
            decoder: MultiGzDecoder::new(Vec::new()),
            max_out,
            error: None,
            ended: false,
        }
    }

    /// Decompresses `chunk`, stopping at the cap. Returns whether more input is wanted.
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        for slice in chunk.chunks(SLICE) {
            if !self.wants_more() {
                return false;
            }
            let mut rest = slice;
            while !rest.is_empty() {
                match self.decoder.write(rest) {
                    Ok(0) => {
                        self.ended = true;
                        break;
                    }
                    Ok(n) => rest = rest.get(n..).unwrap_or_default(),
                    Err(e) => {
                        self.error = Some(format!("not readable as gzip: {e}"));
                        return false;
                    }
                }
            }
            // The decoder holds back what it decoded until flushed.
            if let Err(e) = self.decoder.flush() {
                self.error = Some(format!("not readable as gzip: {e}"));
                return false;
            }
            let cap = self.max_out;
            let out = self.decoder.get_mut();
            if out.len() > cap {
                out.truncate(cap);
            }
        }
        self.wants_more()
    }

    pub fn wants_more(&self) -> bool {
        self.error.is_none() && !self.ended && self.decoder.get_ref().len() < self.max_out
    }

    /// Whether the cap was reached (the file holds more than was decoded).
    pub fn is_full(&self) -> bool {
        self.decoder.get_ref().len() >= self.max_out
    }

    /// What was decoded, at most the cap: the decoder may write past it before it
    /// reports damaged data, or while finishing, which `feed` does not trim.
    pub fn output(&self) -> &[u8] {
        let out = self.decoder.get_ref();
        out.get(..self.max_out).unwrap_or(out)
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Call when the compressed input is all there: says whether the gzip stream was
    /// whole (a cut one still gives the data decoded so far).
    pub fn finish(&mut self) -> bool {
        if self.error.is_some() {
            return false;
        }
        match self.decoder.try_finish() {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(format!("the gzip data is cut short or damaged: {e}"));
                false
            }
        }
    }
}

/// Up to `max_out` bytes decompressed from the head of a gzip file (all of it when
/// `at_end`). Returns the bytes, whether they are the whole content, and any problem.
pub fn gunzip_head(
    compressed: &[u8],
    max_out: usize,
    at_end: bool,
) -> (Vec<u8>, bool, Option<String>) {
    let mut g = GzipHead::new(max_out);
    g.feed(compressed);
    let whole = at_end && !g.is_full() && g.finish();
    let error = g.error.clone();
    (g.output().to_vec(), whole, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn whole_and_capped() {
        let data: Vec<u8> = (0..10_000)
            .flat_map(|i| format!("{i},x\n").into_bytes())
            .collect();
        let z = gz(&data);
        let (out, whole, err) = gunzip_head(&z, 1 << 20, true);
        assert_eq!(out, data);
        assert!(whole);
        assert_eq!(err, None);

        let (out, whole, _) = gunzip_head(&z, 100, true);
        assert_eq!(out, &data[..100]);
        assert!(!whole);
    }

    #[test]
    fn fed_in_pieces_stops_when_full() {
        let data = vec![b'a'; 1 << 20];
        let z = gz(&data);
        let mut g = GzipHead::new(10_000);
        let mut fed = 0;
        for piece in z.chunks(7) {
            fed += piece.len();
            if !g.feed(piece) {
                break;
            }
        }
        assert!(g.is_full());
        assert_eq!(g.output().len(), 10_000);
        assert!(fed < z.len(), "read the whole stream");
    }

    #[test]
    fn truncated_gzip_gives_what_it_has() {
        let data: Vec<u8> = (0..5_000)
            .flat_map(|i| format!("{i}\n").into_bytes())
            .collect();
        let z = gz(&data);
        let (out, whole, err) = gunzip_head(&z[..z.len() / 2], 1 << 20, true);
        assert!(!whole);
        assert!(err.unwrap().contains("cut short"));
        assert!(data.starts_with(&out));
    }

    #[test]
    fn concatenated_members_and_garbage() {
        let mut z = gz(b"a\n");
        z.extend(gz(b"b\n"));
        assert_eq!(gunzip_head(&z, 100, true).0, b"a\nb\n");
        let (out, whole, err) = gunzip_head(b"\x1f\x8bnot really gzip at all", 100, true);
        assert!(out.is_empty() && !whole && err.is_some());
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut seed = 5u32;
        let real = gz(b"id,name\n1,a\n2,b\n");
        for len in 0..300 {
            let mut bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) as u8
                })
                .collect();
            let _ = gunzip_head(&bytes, 1000, true);
            // Noise after a real header and some real data.
            bytes.splice(0..0, real[..real.len().min(len / 3 + 3)].iter().copied());
            let _ = gunzip_head(&bytes, 1000, false);
        }
    }
}
