//! [`Storage::preview`]: which bytes to fetch for which kind of file, and when to stop.
//! Every read is a range pinned to the version first seen (`If-Match`), and every byte
//! received is counted in `bytes_read`.

use futures::StreamExt;
use object_store::{GetOptions, GetRange, ObjectStoreExt};

use super::parquet_fetch::fetch_parquet;
use super::{Compression, LocalPreview, PreviewKind, PreviewOptions, note_capped, parse_content};
use crate::storage::{Storage, StorageError};
use flowscope_formats::GzipHead;
use flowscope_formats::detect::{inner_name, is_gzip, is_parquet, kind_of};

impl Storage {
    /// A preview of one file, reading as little of it as the format allows.
    pub async fn preview(
        &self,
        path: &str,
        opts: &PreviewOptions,
    ) -> Result<LocalPreview, StorageError> {
        let full = self.object_path(path)?;
        let meta = self
            .store()
            .head(&full)
            .await
            .map_err(|e| self.err(e, path))?;
        let size = meta.size;
        let etag = meta.e_tag.clone();
        let name = path.rsplit('/').next().unwrap_or(path);
        let reader = Ranges {
            storage: self,
            path,
            etag,
        };
        if size == 0 {
            let kind = opts.kind.unwrap_or_else(|| kind_of(name, b""));
            let mut p = LocalPreview::empty(kind, Compression::None, 0);
            p.notes.push("the file is empty".to_string());
            return Ok(p);
        }
        let lower = name.to_ascii_lowercase();
        let mut p = if opts.kind == Some(PreviewKind::Parquet)
            || (opts.kind.is_none() && lower.ends_with(".parquet"))
        {
            parquet(&reader, size, opts).await?
        } else if lower.ends_with(".gz") || lower.ends_with(".gzip") {
            // Compression is found whatever kind the caller named: the kind is the content's.
            gzip(&reader, name, Vec::new(), 0, size, opts).await?
        } else {
            // Unknown until the first bytes are in: sniff them, then go on from there.
            let first = reader.read(0, size.min(opts.head_bytes.max(1))).await?;
            let read = first.len() as u64;
            if is_gzip(name, &first) {
                gzip(&reader, name, first, read, size, opts).await?
            } else if opts.kind.is_none() && is_parquet(name, &first) {
                let mut p = parquet(&reader, size, opts).await?;
                p.bytes_read += read;
                p
            } else {
                text(&reader, name, first, size, opts).await?
            }
        };
        p.object_size = size;
        Ok(p)
    }
}

/// Range reads of one version of one file.
struct Ranges<'a> {
    storage: &'a Storage,
    path: &'a str,
    etag: Option<String>,
}

impl Ranges<'_> {
    async fn read(&self, start: u64, end: u64) -> Result<Vec<u8>, StorageError> {
        if end <= start {
            return Ok(Vec::new());
        }
        let full = self.storage.object_path(self.path)?;
        let opts = GetOptions {
            range: Some(GetRange::Bounded(start..end)),
            if_match: self.etag.clone(),
            ..GetOptions::default()
        };
        let got = async {
            self.storage
                .store()
                .get_opts(&full, opts)
                .await?
                .bytes()
                .await
        }
        .await;
        got.map(|b| b.to_vec())
            .map_err(|e| self.storage.err(e, self.path))
    }
}

/// Delimited text and JSON: the head, doubled while it holds too few whole rows, up to the
/// cap.
async fn text(
    r: &Ranges<'_>,
    name: &str,
    mut buf: Vec<u8>,
    size: u64,
    opts: &PreviewOptions,
) -> Result<LocalPreview, StorageError> {
    let kind = opts.kind.unwrap_or_else(|| kind_of(name, &buf));
    let cap = opts.max_bytes.max(opts.head_bytes).min(size);
    let mut bytes_read = buf.len() as u64;
    loop {
        let at_end = buf.len() as u64 >= size;
        let p = parse_content(kind, &buf, at_end, opts);
        let shown = p.rows.len().max(p.records.len());
        let enough = at_end || shown >= opts.max_rows;
        let capped = buf.len() as u64 >= cap;
        if enough || capped || kind == PreviewKind::Binary {
            let mut p = p;
            p.bytes_read = bytes_read;
            if !at_end && capped {
                note_capped(&mut p, buf.len());
            }
            return Ok(p);
        }
        let have = buf.len() as u64;
        let next = (have * 2).max(have + 1).min(cap);
        let more = r.read(have, next).await?;
        if more.is_empty() {
            // The file shrank under us: what we have is all there is.
            let mut p = parse_content(kind, &buf, true, opts);
            p.bytes_read = bytes_read;
            return Ok(p);
        }
        bytes_read += more.len() as u64;
        buf.extend_from_slice(&more);
    }
}

/// Gzip: stream the compressed bytes (at most the cap) through a decoder and drop the
/// stream as soon as the decoded text holds enough lines, so the rest is never sent.
async fn gzip(
    r: &Ranges<'_>,
    name: &str,
    head: Vec<u8>,
    from: u64,
    size: u64,
    opts: &PreviewOptions,
) -> Result<LocalPreview, StorageError> {
    let cap = usize::try_from(opts.max_bytes).unwrap_or(usize::MAX);
    let mut decoder = GzipHead::new(cap);
    let mut bytes_read = head.len() as u64;
    let mut received = from;
    let inner = inner_name(name);
    // Lines wanted: a header and the rows, plus one to know whether there are more.
    let lines_wanted = opts.max_rows.saturating_add(2);
    let enough = |d: &GzipHead| {
        let out = d.output();
        let lines = out.iter().filter(|&&c| c == b'\n').count();
        let kind = opts.kind.unwrap_or_else(|| kind_of(inner, out));
        match kind {
            PreviewKind::Json => d.is_full(),
            _ => lines >= lines_wanted,
        }
    };
    let mut wants = decoder.feed(&head) && !enough(&decoder);
    let end = size.min(from.saturating_add(opts.max_bytes));
    if wants && received < end {
        let full = r.storage.object_path(r.path)?;
        let get = GetOptions {
            range: Some(GetRange::Bounded(received..end)),
            if_match: r.etag.clone(),
            ..GetOptions::default()
        };
        let result = r
            .storage
            .store()
            .get_opts(&full, get)
            .await
            .map_err(|e| r.storage.err(e, r.path))?;
        let mut stream = result.into_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| r.storage.err(e, r.path))?;
            bytes_read += chunk.len() as u64;
            received += chunk.len() as u64;
            wants = decoder.feed(&chunk) && !enough(&decoder);
            if !wants {
                break;
            }
        }
        // Dropping the stream closes the connection: the server stops sending.
        drop(stream);
    }
    let all_in = received >= size;
    let whole = all_in && !decoder.is_full() && decoder.error().is_none() && decoder.finish();
    let content = decoder.output();
    let kind = opts.kind.unwrap_or_else(|| kind_of(inner, content));
    let mut p = parse_content(kind, content, whole, opts);
    // The text path says when no row fit under the cap; a decoded stream can be cut the
    // same way.
    if !whole && decoder.is_full() {
        note_capped(&mut p, content.len());
    }
    if let Some(e) = decoder.error() {
        p.notes.insert(0, e.to_string());
    }
    p.compression = Compression::Gzip;
    p.bytes_read = bytes_read;
    Ok(p)
}

async fn parquet(
    r: &Ranges<'_>,
    size: u64,
    opts: &PreviewOptions,
) -> Result<LocalPreview, StorageError> {
    let got = fetch_parquet(
        r.storage,
        r.path,
        size,
        r.etag.clone(),
        opts.max_rows,
        opts.head_bytes,
    )
    .await?;
    let mut p = LocalPreview::empty(PreviewKind::Parquet, Compression::None, size);
    p.columns = got.columns;
    p.rows = got.rows;
    p.bytes_read = got.bytes_read;
    p.truncated = got.more_rows;
    p.notes = got.notes;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::Arc;

    use object_store::memory::InMemory;
    use object_store::path::Path;

    use flowscope_model::DlzProvider;

    async fn storage(files: &[(&str, Vec<u8>)]) -> Storage {
        let mem = Arc::new(InMemory::new());
        for (name, bytes) in files {
            mem.put(&Path::from(*name), bytes.clone().into())
                .await
                .unwrap();
        }
        Storage::from_parts(mem, DlzProvider::Azure, "c", "", "mem")
    }

    fn csv(rows: usize) -> Vec<u8> {
        let mut out = b"id,text\n".to_vec();
        for i in 0..rows {
            writeln!(out, "{i},{}", "x".repeat(90)).unwrap();
        }
        out
    }

    #[tokio::test]
    async fn a_text_head_grows_only_until_the_rows_are_there() {
        let data = csv(1_000);
        let s = storage(&[("a.csv", data.clone())]).await;
        let opts = PreviewOptions {
            max_rows: 50,
            head_bytes: 1024,
            ..PreviewOptions::default()
        };
        let p = s.preview("a.csv", &opts).await.unwrap();
        assert_eq!(p.rows.len(), 50);
        assert!(p.truncated);
        // 1 KiB, then 2, 4, 8: the first read that holds 50 rows of ~100 bytes.
        assert_eq!(p.bytes_read, 8 * 1024);
        assert_eq!(p.object_size, data.len() as u64);

        // A small file is read whole, once.
        let s = storage(&[("b.csv", csv(3))]).await;
        let p = s
            .preview("b.csv", &PreviewOptions::default())
            .await
            .unwrap();
        assert_eq!((p.rows.len(), p.truncated), (3, false));
        assert_eq!(p.bytes_read, p.object_size);
    }

    #[tokio::test]
    async fn gzip_stops_at_the_cap_and_parquet_reads_one_row_group() {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for i in 0..200_000u32 {
            writeln!(z, "{i},{:x}", i.wrapping_mul(2_654_435_761)).unwrap();
        }
        let gz = z.finish().unwrap();
        let s = storage(&[("events", gz.clone())]).await;
        let opts = PreviewOptions {
            max_rows: 10,
            max_bytes: 64 * 1024,
            ..PreviewOptions::default()
        };
        let p = s.preview("events", &opts).await.unwrap();
        assert_eq!(p.compression, Compression::Gzip);
        assert_eq!(p.rows.len(), 10);
        assert!(p.bytes_read <= 64 * 1024, "{}", p.bytes_read);
        assert!(p.bytes_read < gz.len() as u64);
        // A kind named by the caller is the content's: the gzip is still unpacked.
        let named = PreviewOptions {
            kind: Some(PreviewKind::Delimited { delimiter: b',' }),
            ..opts
        };
        let p = s.preview("events", &named).await.unwrap();
        assert_eq!((p.compression, p.rows.len()), (Compression::Gzip, 10));
    }

    #[tokio::test]
    async fn empty_binary_and_missing_files() {
        let s = storage(&[("e.csv", Vec::new()), ("b.bin", vec![0, 1, 2, 3, 0, 0])]).await;
        let p = s
            .preview("e.csv", &PreviewOptions::default())
            .await
            .unwrap();
        assert!(p.notes.iter().any(|n| n.contains("empty")), "{:?}", p.notes);
        assert_eq!(p.bytes_read, 0);
        let p = s
            .preview("b.bin", &PreviewOptions::default())
            .await
            .unwrap();
        assert_eq!(p.kind, PreviewKind::Binary);
        let e = s
            .preview("nope.csv", &PreviewOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(e, StorageError::NotFound { .. }), "{e:?}");
    }
}
