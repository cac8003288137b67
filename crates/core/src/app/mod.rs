//! app

pub mod effect;
pub mod input;
pub mod receive;
pub mod route;
pub mod state;
pub mod update;
