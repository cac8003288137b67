//! One box of a graph as the panes describe it: what it is, what it says and how it is
//! coloured. The layout sees only its size; the canvas draws it.

use crate::shared::nav::ObjKind;
use crate::shared::table::Tone;

/// Whether the object behind a node has arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// Fetch in flight; the node shows what the referring object already said.
    Loading,
    Ready,
    /// The service answered 404: the object was deleted but is still referenced.
    Missing,
    /// Any other error, with the service's code when it gave one.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Column (left to right) or row (top to bottom) of the layered layout.
    pub layer: usize,
    /// The role, drawn in the top border: "source base", "flow", "target", …
    pub label: String,
    /// The full name; the canvas truncates it, the pane's footer shows it whole.
    pub title: String,
    /// Detail lines under the title, each with its colour.
    pub lines: Vec<(String, Tone)>,
    /// Border colour: state and last-run status.
    pub tone: Tone,
    pub state: NodeState,
    /// What Enter opens, when the node is one object.
    pub object: Option<(ObjKind, String)>,
}

impl Node {
    /// Columns the content wants: the widest of title, lines and border label.
    pub fn content_width(&self) -> u16 {
        width(self.title.chars().count()).max(self.detail_width())
    }

    /// Columns the details want (lines and border label, not the title): ids, paths and
    /// schedules are shown whole before a long name is, which the footer shows anyway.
    pub fn detail_width(&self) -> u16 {
        let w = |s: &str| s.chars().count();
        let widest = self
            .lines
            .iter()
            .map(|(l, _)| w(l))
            .chain([w(&self.label) + 2])
            .max()
            .unwrap_or(0);
        width(widest)
    }

    /// Content rows: the title and its lines.
    pub fn content_height(&self) -> u16 {
        u16::try_from(1 + self.lines.len()).unwrap_or(u16::MAX)
    }
}

fn width(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}
