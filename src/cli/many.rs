//! The one path of every change that acts on objects by id (enable, disable, trigger,
//! retry, delete): ids from the arguments or standard input, refused under
//! `--read-only` before anything is read, each object read first (a read, retried as
//! reads are) to decide whether it needs the change, one question for all of them, the
//! changes sent through [`crate::api::bulk`] (bounded, each at most once), one journal
//! line per object sent as its answer arrives, a progress line on a terminal, and the
//! summary at the end. Exit 1 when any was refused or unsure.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};

use futures::StreamExt;
use serde::Serialize;
use serde_json::Value;

use super::apply::capitalised;
use super::change::{Changes, Gate};
use super::change_args::ManyArgs;
use super::commands::shown;
use super::error::{CliError, CliResult};
use super::input::read_text;
use super::summary::{Row, write_summary};
use crate::api::aws::AwsError;
use crate::api::bulk::{self, Counts, End, Failure, Plan, Summary};
use crate::api::{ApiError, Client};

/// One kind of change on objects by id. `look` reads an object and says whether to send
/// the change (and what) or why it needs none; `send` sends it, once.
pub(super) trait Act {
    /// What it is sent through: the Flow Service client, the AWS client.
    type Client;
    /// What that client fails with.
    type Error: Refusal;
    /// What one change carries beyond the id (a request body, or nothing).
    type Item;
    /// The service's answer to one change.
    type Answer: Serialize;
    /// The change, lower case, for the question and the progress line: `retry`.
    fn verb(&self) -> &str;
    /// What one object is, singular: `failed run`, `flow`, `base connection`.
    fn noun(&self) -> &str;
    /// Why the skipped ones need nothing, for the question: `not failed`.
    fn skipped_as(&self) -> &str;
    /// The journal's resource: `runs`, `flows`, `connections`, …
    fn resource(&self) -> &str;
    async fn look(&self, c: &Self::Client, id: &str) -> Result<Plan<Self::Item>, Self::Error>;
    /// What is sent, as the journal keeps it: `{"request": "POST …", "body": …}`.
    fn request(&self, id: &str, item: &Self::Item) -> Value;
    async fn send(
        &self,
        c: &Self::Client,
        id: &str,
        item: Self::Item,
    ) -> Result<Self::Answer, Self::Error>;
    /// A done object's line in the summary: `now inProgress`, `run 1f0c…`.
    fn done(&self, answer: &Self::Answer) -> String;
    /// A line said on standard error once the object is read (what uses it, for a
    /// delete), before the question.
    fn note(&self, _item: &Self::Item) -> Option<String> {
        None
    }
    /// The id the journal names: the object's, unless the change made a new one.
    fn journal_id(&self, id: &str, _answer: Option<&Self::Answer>) -> String {
        id.to_string()
    }
}

/// How the change of one object of `A` ended.
type EndOf<A> = End<<A as Act>::Answer, <A as Act>::Error>;

/// An error a change can end with, as the summary shows it.
pub(super) trait Refusal: Failure + std::fmt::Display {
    /// The service's code, or the HTTP status when it sent none.
    fn code(&self) -> String;
    /// The service's message without the code and status the row has a column for; the
    /// whole error when the service sent none (a lost connection, a timeout).
    fn message(&self) -> String;
}

impl Refusal for ApiError {
    fn code(&self) -> String {
        match (ApiError::code(self), self.status()) {
            (Some(code), _) => code.to_string(),
            (None, Some(status)) => format!("HTTP {status}"),
            (None, None) => String::new(),
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::Service { message, .. } | ApiError::Throttled { message, .. }
                if ApiError::code(self).is_some() =>
            {
                message.clone()
            }
            _ => self.to_string(),
        }
    }
}

impl Refusal for AwsError {
    fn code(&self) -> String {
        match (&self.code, self.status) {
            (Some(code), _) => code.clone(),
            (None, Some(status)) => format!("HTTP {status}"),
            (None, None) => String::new(),
        }
    }

    fn message(&self) -> String {
        match self.code {
            Some(_) => self.message.clone(),
            None => self.to_string(),
        }
    }
}

/// Runs `act` over the ids of `args` on the Flow Service, writes the summary, and ends in
/// an error (exit 1) when any object was refused or unsure. The summary is returned for
/// what follows a change (`runs create --wait`).
pub(super) async fn run<A: Act<Client = Client, Error = ApiError>>(
    ch: &Changes<'_>,
    act: &A,
    args: &ManyArgs,
) -> CliResult<Summary<String, A::Answer>> {
    let c = &ch.conn.client;
    run_on(ch, c, c.sandbox_name(), act, args).await
}

/// [`run`] through any client: `place` is what the journal names as the sandbox (an
/// AWS domain, or `appflow`).
pub(super) async fn run_on<A: Act>(
    ch: &Gate,
    c: &A::Client,
    place: &str,
    act: &A,
    args: &ManyArgs,
) -> CliResult<Summary<String, A::Answer, A::Error>> {
    let ids = read_ids(&args.ids)?;
    let (one, many) = (act.noun().to_string(), format!("{}s", act.noun()));
    let nouns = |n: usize| if n == 1 { &one } else { &many };
    let given = match ids.len() {
        1 => "1 id given".to_string(),
        n => format!("{n} ids given"),
    };
    ch.allowed(&format!("{} ({given})", act.verb()))?;
    let progress = Progress::new(&format!("{} {}", act.verb(), nouns(2)), ids.len());
    let mut looked = futures::stream::iter(ids.iter())
        .map(|id| act.look(c, id))
        .buffered(args.concurrency);
    let mut objects = Vec::with_capacity(ids.len());
    let mut unread: HashMap<usize, A::Error> = HashMap::new();
    let mut requests: Vec<Option<Value>> = Vec::with_capacity(ids.len());
    while let Some(plan) = looked.next().await {
        let (index, id) = (objects.len(), ids[objects.len()].clone());
        let plan = match plan {
            Ok(Plan::Send(item)) => {
                if let Some(note) = act.note(&item) {
                    progress.clear();
                    eprintln!("{note}");
                }
                requests.push(Some(act.request(&id, &item)));
                Plan::Send((id.clone(), item))
            }
            Ok(Plan::Skip(why)) => {
                requests.push(None);
                Plan::Skip(why)
            }
            Err(e) => {
                requests.push(None);
                unread.insert(index, e);
                Plan::Skip(String::new())
            }
        };
        objects.push((index, plan));
        progress.line(&format!("reading {}/{}", objects.len(), ids.len()));
    }
    drop(looked);
    let to_send: Vec<&str> = objects
        .iter()
        .filter(|(_, p)| matches!(p, Plan::Send(_)))
        .map(|(i, _)| ids[*i].as_str())
        .collect();
    if !to_send.is_empty() {
        let skipped = ids.len() - to_send.len() - unread.len();
        progress.clear();
        ch.confirm(&question(act, &to_send, skipped, unread.len(), nouns))?;
    }

    let mut counts = Counts::default();
    let mut ended = 0;
    let summary = bulk::run(
        objects,
        args.concurrency,
        |(id, item): (String, A::Item)| async move { act.send(c, &id, item).await },
        |index: &usize, end: &EndOf<A>| {
            if unread.contains_key(index) {
                return;
            }
            ended += 1;
            count(&mut counts, end);
            if let Some(what) = requests.get(*index).cloned().flatten() {
                let answer = match end {
                    End::Done(a) => Some(a),
                    _ => None,
                };
                let id = act.journal_id(&ids[*index], answer);
                ch.journal(place, act.resource(), &id, what, &journaled(end));
            }
            progress.line(&format!("{ended}/{} ({counts})", ids.len() - unread.len()));
        },
    )
    .await;
    progress.clear();
    let ends: Vec<(String, EndOf<A>)> = summary
        .ends
        .into_iter()
        .map(|(index, end)| {
            let end = match unread.remove(&index) {
                Some(e) => End::Refused(e),
                None => end,
            };
            (ids[index].clone(), end)
        })
        .collect();
    let summary = Summary { ends };
    let rows = summary
        .ends
        .iter()
        .map(|(id, end)| row(act, id, end))
        .collect::<CliResult<Vec<Row>>>()?;
    write_summary(args.output, &rows, &summary.counts())?;
    match failure(act, &summary) {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// The ids of the arguments, `-` standing for those on standard input (one a line, blank
/// lines and `#` comments ignored), each once, in the order first given.
fn read_ids(args: &[String]) -> CliResult<Vec<String>> {
    let mut ids = Vec::new();
    let mut stdin_read = false;
    for arg in args {
        if arg == "-" {
            if !stdin_read {
                ids.extend(ids_in(&read_text("-", "ids")?));
                stdin_read = true;
            }
        } else {
            ids.extend(ids_in(arg));
        }
    }
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    if ids.is_empty() {
        return Err(CliError::Usage(
            "no ids given (standard input held none)".into(),
        ));
    }
    Ok(ids)
}

/// The ids in `text`: one a line, trimmed, blank lines and `#` comments left out.
pub(super) fn ids_in(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The question: what it will do to how many, what it leaves, and the first ids.
fn question<'n>(
    act: &impl Act,
    to_send: &[&str],
    skipped: usize,
    unread: usize,
    nouns: impl Fn(usize) -> &'n String,
) -> String {
    const SHOWN: usize = 5;
    let verb = capitalised(act.verb());
    let mut text = match to_send {
        [one] => format!("{verb} {} {one}", nouns(1)),
        _ => format!("{verb} {} {}", to_send.len(), nouns(to_send.len())),
    };
    let mut left = Vec::new();
    if skipped > 0 {
        left.push(format!("{skipped} skipped: {}", act.skipped_as()));
    }
    if unread > 0 {
        left.push(format!("{unread} could not be read"));
    }
    if !left.is_empty() {
        text.push_str(&format!(" ({})", left.join("; ")));
    }
    if to_send.len() > 1 {
        let first: Vec<&str> = to_send.iter().take(SHOWN).copied().collect();
        text.push_str(&format!(": {}", first.join(", ")));
        if to_send.len() > SHOWN {
            text.push_str(&format!(", … ({} more)", to_send.len() - SHOWN));
        }
    }
    text
}

fn count<T, E>(c: &mut Counts, end: &End<T, E>) {
    match end {
        End::Done(_) => c.done += 1,
        End::Skipped(_) => c.skipped += 1,
        End::Refused(_) => c.refused += 1,
        End::Unsure(_) => c.unsure += 1,
    }
}

/// What the journal says of an end: `ok`, the service's error, or the error and that the
/// change may have been applied all the same.
fn journaled<T, E: std::fmt::Display>(end: &End<T, E>) -> String {
    match end {
        End::Done(_) => "ok".into(),
        End::Skipped(why) => format!("skipped: {why}"),
        End::Refused(e) => e.to_string(),
        End::Unsure(e) => format!("{e} {UNSURE}"),
    }
}

const UNSURE: &str =
    "(the answer was lost: it may have been applied; look before sending it again)";

/// One object's line of the summary.
fn row<A: Act>(act: &A, id: &str, end: &EndOf<A>) -> CliResult<Row> {
    let (code, message, answer) = match end {
        End::Done(a) => (String::new(), act.done(a), Some(shown(a)?)),
        End::Skipped(why) => (String::new(), why.clone(), None),
        End::Refused(e) => (e.code(), e.message(), None),
        End::Unsure(e) => (e.code(), format!("{} {UNSURE}", e.message()), None),
    };
    Ok(Row {
        id: id.to_string(),
        end: end.word(),
        code,
        message,
        answer,
    })
}

/// The error the command ends with when any object failed: that object's error when it
/// is the only one, else how many of how many.
fn failure<A: Act>(act: &A, summary: &Summary<String, A::Answer, A::Error>) -> Option<CliError> {
    let failed: Vec<&(String, EndOf<A>)> = summary
        .ends
        .iter()
        .filter(|(_, e)| e.is_failure())
        .collect();
    match failed.as_slice() {
        [] => None,
        [(id, end)] => Some(CliError::Remote(format!(
            "{} {id}: {}",
            act.verb(),
            journaled(end)
        ))),
        _ => Some(CliError::Remote(format!(
            "{} of {} failed ({})",
            failed.len(),
            summary.ends.len(),
            summary.counts()
        ))),
    }
}

/// The line on standard error that says how far a change is, redrawn in place; nothing
/// when standard error is not a terminal (a log file gets the summary only).
struct Progress {
    on: bool,
    /// What is being done: `retry failed runs`.
    what: String,
}

impl Progress {
    fn new(what: &str, total: usize) -> Progress {
        Progress {
            on: total > 0 && std::io::stderr().is_terminal(),
            what: what.to_string(),
        }
    }

    fn line(&self, text: &str) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{}: {text}", self.what);
            let _ = err.flush();
        }
    }

    fn clear(&self) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ids_skip_blank_lines_and_comments() {
        let text = "a1\n\n  # a comment\nb2  # trailing\n\t c3 \n";
        assert_eq!(ids_in(text), ["a1", "b2", "c3"]);
    }

    #[test]
    fn ids_given_twice_are_kept_once_in_their_first_place() {
        let args: Vec<String> = ["b", "a", "b", "c", "a"].map(String::from).to_vec();
        assert_eq!(read_ids(&args).unwrap(), ["b", "a", "c"]);
        assert!(matches!(read_ids(&["#".into()]), Err(CliError::Usage(_))));
    }
}
