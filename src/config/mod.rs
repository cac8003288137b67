//! Configuration: the settings file with named profiles, aepp JSON files, environment overrides.
//!
//! [`load`] reads files and `FLOWSCOPE_*` variables and calls the pure [`resolve`], which
//! returns a [`Target`] (the demo, or a remote [`crate::api::ClientConfig`]) plus warnings
//! for the caller to show. Nothing here prints, and secrets stay [`crate::model::Secret`]s.

mod aepp;
mod error;
pub mod keymap;
mod load;
mod resolve;
mod settings;

pub use aepp::{AeppFile, parse_aepp};
pub use error::{ConfigError, ConfigWarning};
pub use load::{env_vars, load, load_with, profile_names, read_config_file, settings_path};
pub use resolve::{ConfigFile, Flags, Inputs, Resolved, Target, resolve};
pub use settings::{Profile, Scopes, Settings};
