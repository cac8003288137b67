//! The yes/no question before anything changes: the exact request, what will happen and
//! any warning, with what `y` does spelled out ("send", "overwrite", "delete"). The
//! question knows nothing of who asked: it carries the reply to hand back, answered yes
//! or no, and the app routes that reply to the feature that made it.

use crate::shared::table::Tone;

#[derive(Debug)]
pub struct Ask<R> {
    pub title: String,
    pub lines: Vec<(Tone, String)>,
    /// What `y` does, as the question's key line says it.
    pub yes: &'static str,
    /// Handed back with the answer.
    pub reply: R,
    pub scroll: usize,
}

impl<R> Ask<R> {
    pub fn new(
        title: impl Into<String>,
        yes: &'static str,
        lines: Vec<(Tone, String)>,
        reply: R,
    ) -> Ask<R> {
        Ask {
            title: title.into(),
            lines,
            yes,
            reply,
            scroll: 0,
        }
    }

    /// The same question carrying another reply (a feature's reply wrapped for the app).
    pub fn map<Q>(self, f: impl FnOnce(R) -> Q) -> Ask<Q> {
        Ask {
            title: self.title,
            lines: self.lines,
            yes: self.yes,
            reply: f(self.reply),
            scroll: self.scroll,
        }
    }
}
