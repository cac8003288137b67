//! `determineProperties=true`: what a file is, from its first bytes rather than its name.
//!
//! Compression comes from magic numbers, parquet from its `PAR1` header, JSON from the
//! first non-blank character, and the delimiter from the character that splits the
//! first lines into the same number of fields (the storage client's sniffer).

use super::query::{Compression, FileType};

/// Compression announced by the file's leading bytes.
pub(super) fn compression(head: &[u8]) -> Compression {
    match head {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [b'B', b'Z', b'h', ..] => Compression::Bzip2,
        [b'P', b'K', 3, 4, ..] => Compression::ZipDeflate,
        _ if head.len() > 262 && &head[257..262] == b"ustar" => Compression::Tar,
        _ => Compression::None,
    }
}

pub(super) fn is_parquet(head: &[u8]) -> bool {
    head.starts_with(b"PAR1")
}

/// The type of decompressed content.
pub(super) fn file_type(content: &[u8]) -> FileType {
    if is_parquet(content) {
        return FileType::Parquet;
    }
    // Blanks and a UTF-8 byte-order mark may precede the first value.
    let first = content
        .iter()
        .find(|b| !(b.is_ascii_whitespace() || matches!(**b, 0xef | 0xbb | 0xbf)));
    match first {
        Some(b'{') | Some(b'[') => FileType::Json,
        _ => FileType::Delimited,
    }
}

/// The delimiter of delimited content; `,` when nothing fits better. One sniffer serves
/// the service's detection here and flowscope's own range previews.
pub(super) fn delimiter(content: &[u8]) -> u8 {
    flowscope_formats::delimiter(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_found_by_consistent_field_counts() {
        assert_eq!(delimiter(b"a;b;c\n1;2,5;3\n4;5;6\n"), b';');
        assert_eq!(delimiter(b"a|b\n\"x,y\"|2\n"), b'|');
        assert_eq!(delimiter(b"a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(delimiter(b"a,b\n\"1;2\",3\n"), b',');
        assert_eq!(delimiter(b"just one column\n"), b',');
    }

    #[test]
    fn magic_numbers_decide_compression_and_parquet() {
        assert_eq!(compression(&[0x1f, 0x8b, 8, 0]), Compression::Gzip);
        assert_eq!(compression(b"BZh91AY"), Compression::Bzip2);
        assert_eq!(compression(b"id,name"), Compression::None);
        assert_eq!(file_type(b"PAR1\x15\x04"), FileType::Parquet);
        assert_eq!(file_type(b"  \n[{\"a\":1}]"), FileType::Json);
        assert_eq!(file_type(b"{\"a\":1}\n{\"a\":2}\n"), FileType::Json);
        assert_eq!(file_type(b"a,b\n1,2\n"), FileType::Delimited);
    }
}
