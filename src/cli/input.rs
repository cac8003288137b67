//! What commands read from the user: a file or standard input (`-`), and JSON whose
//! errors point at the line and column, so a typo in a 200-line plan is found at once.

use std::io::Read;

use serde::de::DeserializeOwned;

use super::error::{CliError, CliResult};

/// The text of `source`: a file, or standard input for `-`. `what` names it in errors.
pub fn read_text(source: &str, what: &str) -> CliResult<String> {
    if source == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(source)
            .map_err(|e| CliError::Usage(format!("cannot read {what} {source}: {e}")))
    }
}

/// `text` read as JSON into `T`; an error says `source:line:column` and what is wrong.
pub fn parse_json<T: DeserializeOwned>(source: &str, text: &str, what: &str) -> CliResult<T> {
    serde_json::from_str(text)
        .map_err(|e| CliError::Usage(format!("{source}:{}:{}: {what}: {e}", e.line(), e.column())))
}
