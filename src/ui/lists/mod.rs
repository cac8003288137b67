//! The list pane, drawn once for every feature's rows (flows, runs, zones' files, AWS
//! workflows…): each feature only says what its rows and columns are.

pub mod view;
