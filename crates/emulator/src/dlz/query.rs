//! The explore query string, parsed and checked before anything is read.
//!
//! Parameter names are matched case-insensitively and without underscores, because the
//! spec spells `FileType`/`CompressionType`, the docs `fileType`, and aepp sends the
//! non-standard `FILE_TYPE`; booleans arrive as Python reprs (`True`), notes §3 and §7.

use crate::problem::Problem;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectType {
    Root,
    Folder,
    File,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Delimited,
    Json,
    Parquet,
}

impl FileType {
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Delimited => "delimited",
            FileType::Json => "json",
            FileType::Parquet => "parquet",
        }
    }
}

/// The compression types Flow Service names (notes §7); only gzip is decoded here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Bzip2,
    ZipDeflate,
    TarGzip,
    Tar,
}

impl Compression {
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
            Compression::ZipDeflate => "zipDeflate",
            Compression::TarGzip => "tarGzip",
            Compression::Tar => "tar",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "none" | "uncompressed" => Compression::None,
            "gzip" | "gz" => Compression::Gzip,
            "bzip2" => Compression::Bzip2,
            "zipdeflate" | "zip" => Compression::ZipDeflate,
            "targzip" => Compression::TarGzip,
            "tar" => Compression::Tar,
            _ => return None,
        })
    }
}

/// Rows a preview returns unless told otherwise.
pub const DEFAULT_PREVIEW_ROWS: usize = 100;

#[derive(Clone, Debug, PartialEq)]
pub struct ExploreQuery {
    pub object_type: ObjectType,
    /// The path explored, e.g. `dlz-user-container/crm/`; `None` for the root.
    pub object: Option<String>,
    pub file_type: Option<FileType>,
    pub preview: bool,
    pub determine_properties: bool,
    pub column_delimiter: Option<u8>,
    pub compression: Option<Compression>,
    /// `UTF-8` unless given; `ISO-8859-1` is also understood.
    pub encoding: Option<String>,
    pub max_rows: usize,
}

impl ExploreQuery {
    pub fn root() -> Self {
        ExploreQuery {
            object_type: ObjectType::Root,
            object: None,
            file_type: None,
            preview: false,
            determine_properties: false,
            column_delimiter: None,
            compression: None,
            encoding: None,
            max_rows: DEFAULT_PREVIEW_ROWS,
        }
    }

    /// Parses the decoded query pairs; a repeated parameter keeps its last value and
    /// unknown parameters are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, Problem> {
        let mut q = ExploreQuery::root();
        let mut object_type = None;
        for (key, raw) in pairs {
            let value = raw.trim();
            match normalize(key).as_str() {
                "objecttype" => object_type = Some(parse_object_type(value)?),
                "object" => q.object = Some(value.to_string()).filter(|v| !v.is_empty()),
                "filetype" => q.file_type = Some(parse_file_type(value)?),
                "preview" => q.preview = parse_bool(key, value)?,
                "determineproperties" => q.determine_properties = parse_bool(key, value)?,
                // Not trimmed: a tab or space is a legitimate delimiter.
                "columndelimiter" => q.column_delimiter = Some(parse_delimiter(raw)?),
                "compressiontype" => {
                    q.compression = Some(Compression::parse(value).ok_or_else(|| {
                        invalid(format!("Unsupported compressionType '{value}'."))
                    })?)
                }
                "encoding" => q.encoding = Some(parse_encoding(value)?),
                _ => {}
            }
        }
        q.object_type = object_type.ok_or_else(|| {
            Problem::bad_request(1453, "The query parameter objectType is required.")
        })?;
        q.check()?;
        Ok(q)
    }

    /// Cross-parameter rules (notes §7).
    fn check(&self) -> Result<(), Problem> {
        let needs_object = matches!(self.object_type, ObjectType::Folder | ObjectType::File);
        if needs_object && self.object.is_none() {
            return Err(Problem::bad_request(
                1453,
                "The query parameter object is required for objectType folder and file.",
            ));
        }
        if self.object_type == ObjectType::File {
            if self.determine_properties && self.file_type.is_some() {
                return Err(Problem::bad_request(
                    1453,
                    "determineProperties cannot be combined with fileType; send one or the other.",
                ));
            }
            if !self.determine_properties && self.file_type.is_none() {
                return Err(Problem::bad_request(
                    1453,
                    "A file needs either fileType or determineProperties=true.",
                ));
            }
        }
        Ok(())
    }
}

fn normalize(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn invalid(detail: String) -> Problem {
    Problem::bad_request(1452, detail)
}

fn parse_object_type(v: &str) -> Result<ObjectType, Problem> {
    match v.to_ascii_lowercase().as_str() {
        "root" => Ok(ObjectType::Root),
        "folder" => Ok(ObjectType::Folder),
        "file" => Ok(ObjectType::File),
        _ => Err(invalid(format!(
            "Invalid objectType '{v}'; the landing zone supports root, folder and file."
        ))),
    }
}

fn parse_file_type(v: &str) -> Result<FileType, Problem> {
    match v.to_ascii_lowercase().as_str() {
        "delimited" | "csv" => Ok(FileType::Delimited),
        "json" => Ok(FileType::Json),
        "parquet" => Ok(FileType::Parquet),
        _ => Err(invalid(format!(
            "Invalid fileType '{v}'; use delimited, json or parquet."
        ))),
    }
}

fn parse_bool(key: &str, v: &str) -> Result<bool, Problem> {
    match v.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(format!("Invalid boolean '{v}' for {key}."))),
    }
}

fn parse_delimiter(v: &str) -> Result<u8, Problem> {
    match v {
        "\\t" | "tab" | "TAB" => return Ok(b'\t'),
        _ => {}
    }
    match v.as_bytes() {
        [b] if !b.is_ascii_alphanumeric() && *b != b'"' && *b != b'\n' => Ok(*b),
        _ => Err(invalid(format!(
            "Invalid columnDelimiter '{v}'; a single non-alphanumeric character is expected."
        ))),
    }
}

fn parse_encoding(v: &str) -> Result<String, Problem> {
    match v.to_ascii_uppercase().replace('_', "-").as_str() {
        "UTF-8" | "UTF8" => Ok("UTF-8".to_string()),
        "ISO-8859-1" | "LATIN1" | "LATIN-1" => Ok("ISO-8859-1".to_string()),
        _ => Err(invalid(format!(
            "Unsupported encoding '{v}'; use UTF-8 or ISO-8859-1."
        ))),
    }
}
