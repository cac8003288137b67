//! One file per pane of the runs feature: a run read for people (`run`), a flow's newest
//! runs as a chart (`history`), and the trigger form drawn over the pane (`trigger`).

pub mod history;
pub mod run;
pub mod trigger;
