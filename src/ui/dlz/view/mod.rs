//! One file per landing-zone pane: the zones overview (`zones`), a zone's credentials
//! (`creds`), a file's preview (`preview`), and the downloads and uploads (`transfers`).
//! A zone's storage is a list and draws as one (`ui::lists::view`).

pub mod creds;
pub mod preview;
pub mod transfers;
pub mod zones;
