//! The `:` command line: parsing what was typed into a [`Command`] and completing a partly
//! typed word. Pure, so completion and errors are tested without a terminal.

use crate::shared::nav::Subject;
use crate::shared::nav::Tab;
use crate::shared::theme::ThemeName;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Go(Tab),
    Sandbox(String),
    Profile(String),
    Theme(String),
    /// `:filter EXPR` sets the server-side `property` filter of the list in view.
    ServerFilter(String),
    /// `:graph FLOW_ID`: a flow's graph by id.
    Graph(String),
    /// `:uses KIND ID`: the flows that use an object, e.g. `:uses dataset 5f…`.
    Uses(Subject),
    Overview,
    /// `:journal`: the changes sent from this machine.
    Journal,
    /// `:drafts`: edits not sent yet.
    Drafts,
    /// `:messages`: every message of the session, with its time.
    Messages,
    /// `:status failed`: the Runs pane's status filter (`all` clears it).
    Status(Option<String>),
    /// `:window 7d` or `:window 2026-11-01..2026-11-03`: the Runs pane's time window.
    Window(crate::shared::list::filter::Window),
    /// `:live`: the runs in progress across the sandbox.
    Live,
    /// `:history`: the run history of the flow in view.
    History,
    /// `:bell`: ring the terminal bell when a watched run ends, or stop.
    Bell,
    /// `:watch`: watch the sandbox for runs that fail, or stop (kept per profile).
    Watch,
    /// `:failures`: the runs the watch saw fail.
    Failures,
    Refresh,
    Help,
    Quit,
}

/// Verbs with their aliases; the first is the one completion offers.
const VERBS: &[(&str, &[&str])] = &[
    ("flows", &["flow", "f"]),
    ("runs", &["run"]),
    ("conn", &["connections", "connection", "c"]),
    ("specs", &["spec"]),
    ("dlz", &["landing", "landingzone"]),
    ("workflows", &["wf", "workflow"]),
    ("appflow", &[]),
    ("connectors", &["connector", "profiles"]),
    ("sandbox", &["sb"]),
    ("profile", &[]),
    ("theme", &[]),
    ("filter", &[]),
    ("graph", &[]),
    ("uses", &["used-by", "usedby"]),
    ("overview", &["lineage"]),
    ("journal", &["audit", "log"]),
    ("drafts", &["draft"]),
    ("messages", &["mes", "msgs", "messages"]),
    ("status", &[]),
    ("window", &["since"]),
    ("live", &["inprogress"]),
    ("history", &["hist"]),
    ("bell", &[]),
    ("watch", &[]),
    ("failures", &["failed", "alerts"]),
    ("refresh", &["r"]),
    ("help", &["h"]),
    ("q", &["quit", "q!", "exit"]),
];

/// Names the completer may offer for arguments.
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub sandboxes: Vec<String>,
    pub profiles: Vec<String>,
}

fn canonical(word: &str) -> Option<&'static str> {
    VERBS
        .iter()
        .find(|(v, aliases)| *v == word || aliases.contains(&word))
        .map(|(v, _)| *v)
}

/// Parses `flows`, `:sandbox dev`, `profile work`. Errors are sentences for the status bar.
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim().trim_start_matches(':').trim();
    let (verb, arg) = match line.split_once(char::is_whitespace) {
        Some((v, a)) => (v, a.trim()),
        None => (line, ""),
    };
    if verb.is_empty() {
        return Err("type a command, e.g. :flows or :sandbox dev".into());
    }
    let Some(verb) = canonical(&verb.to_ascii_lowercase()) else {
        return Err(format!("unknown command `{verb}` (tab completes)"));
    };
    let need = |what: &str| -> Result<String, String> {
        if arg.is_empty() {
            Err(format!(":{verb} needs {what}"))
        } else {
            Ok(arg.to_string())
        }
    };
    Ok(match verb {
        "flows" => Command::Go(Tab::Flows),
        "runs" => Command::Go(Tab::Runs),
        "conn" => Command::Go(Tab::Connections),
        "specs" => Command::Go(Tab::Specs),
        "dlz" => Command::Go(Tab::LandingZone),
        "workflows" => Command::Go(Tab::Workflows),
        "appflow" => Command::Go(Tab::AppFlow),
        "connectors" => Command::Go(Tab::Connectors),
        "sandbox" => Command::Sandbox(need("a sandbox name")?),
        "profile" => Command::Profile(need("a profile name")?),
        "theme" => {
            let t = need("dark, light or mono")?;
            if !ThemeName::NAMES.contains(&t.as_str()) {
                return Err(format!("unknown theme `{t}`: dark, light or mono"));
            }
            Command::Theme(t)
        }
        "filter" => Command::ServerFilter(arg.to_string()),
        "graph" => Command::Graph(need("a flow id")?),
        "uses" => Command::Uses(subject(&need("a kind and an id, e.g. dataset ID")?)?),
        "overview" => Command::Overview,
        "journal" => Command::Journal,
        "messages" => Command::Messages,
        "drafts" => Command::Drafts,
        "status" => Command::Status(crate::shared::list::filter::parse_status(arg)?),
        "window" => Command::Window(crate::shared::list::filter::parse_window(arg)?),
        "live" => Command::Live,
        "history" => Command::History,
        "bell" => Command::Bell,
        "watch" => Command::Watch,
        "failures" => Command::Failures,
        "refresh" => Command::Refresh,
        "help" => Command::Help,
        _ => Command::Quit,
    })
}

/// The kinds `:uses` takes, as typed.
const USES_KINDS: &[&str] = &["connection", "source", "target", "spec", "dataset"];

/// `dataset ID`, `connection ID`, … for `:uses`.
fn subject(arg: &str) -> Result<Subject, String> {
    let (kind, id) = arg
        .split_once(char::is_whitespace)
        .map(|(k, i)| (k, i.trim()))
        .unwrap_or((arg, ""));
    if id.is_empty() {
        return Err(format!(
            ":uses needs a kind and an id: {}",
            USES_KINDS.join(", ")
        ));
    }
    let id = id.to_string();
    Ok(match kind.to_ascii_lowercase().as_str() {
        "connection" | "base" => Subject::Connection(id),
        "source" => Subject::SourceConnection(id),
        "target" => Subject::TargetConnection(id),
        "spec" => Subject::ConnectionSpec(id),
        "dataset" => Subject::Dataset(id),
        other => {
            return Err(format!(
                "`{other}` is not a kind :uses knows: {}",
                USES_KINDS.join(", ")
            ));
        }
    })
}

/// Candidates for the word being typed, best first. The caller shows them and replaces
/// the line with the first on Tab.
pub fn complete(line: &str, known: &Known) -> Vec<String> {
    let line = line.trim_start_matches(':');
    match line.split_once(char::is_whitespace) {
        None => {
            let w = line.to_ascii_lowercase();
            VERBS
                .iter()
                .map(|(v, _)| *v)
                .filter(|v| v.starts_with(&w))
                .map(str::to_string)
                .collect()
        }
        Some((verb, arg)) => {
            let arg = arg.trim_start();
            let pool: Vec<String> = match canonical(&verb.to_ascii_lowercase()) {
                Some("sandbox") => known.sandboxes.clone(),
                Some("profile") => known.profiles.clone(),
                Some("theme") => ThemeName::NAMES.iter().map(|s| s.to_string()).collect(),
                Some("uses") => USES_KINDS.iter().map(|s| s.to_string()).collect(),
                _ => Vec::new(),
            };
            pool.into_iter()
                .filter(|c| c.starts_with(arg))
                .map(|c| format!("{verb} {c}"))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::shared::command::*;

    #[test]
    fn verbs_and_aliases_parse() {
        assert_eq!(parse(":flows"), Ok(Command::Go(Tab::Flows)));
        assert_eq!(parse("conn"), Ok(Command::Go(Tab::Connections)));
        assert_eq!(parse(":dlz"), Ok(Command::Go(Tab::LandingZone)));
        assert_eq!(parse(":q"), Ok(Command::Quit));
        assert_eq!(parse(":quit"), Ok(Command::Quit));
        assert_eq!(parse(":sandbox  dev "), Ok(Command::Sandbox("dev".into())));
        assert_eq!(parse(":profile work"), Ok(Command::Profile("work".into())));
        assert_eq!(
            parse(":filter state==enabled"),
            Ok(Command::ServerFilter("state==enabled".into()))
        );
        assert_eq!(parse(":filter"), Ok(Command::ServerFilter(String::new())));
        assert_eq!(parse(":overview"), Ok(Command::Overview));
        assert_eq!(parse(":journal"), Ok(Command::Journal));
        assert_eq!(parse("drafts"), Ok(Command::Drafts));
        assert_eq!(parse(":graph f-1"), Ok(Command::Graph("f-1".into())));
        assert_eq!(
            parse(":uses dataset 5f00"),
            Ok(Command::Uses(Subject::Dataset("5f00".into())))
        );
        assert_eq!(
            parse(":uses spec s-1"),
            Ok(Command::Uses(Subject::ConnectionSpec("s-1".into())))
        );
    }

    #[test]
    fn uses_says_what_it_needs() {
        assert!(parse(":uses").unwrap_err().contains("kind and an id"));
        assert!(
            parse(":uses dataset")
                .unwrap_err()
                .contains("kind and an id")
        );
        assert!(parse(":uses table t1").unwrap_err().contains("not a kind"));
    }

    #[test]
    fn bad_commands_say_why() {
        assert!(parse(":launch").unwrap_err().contains("unknown command"));
        assert!(parse(":sandbox").unwrap_err().contains("sandbox name"));
        assert!(parse(":theme pink").unwrap_err().contains("unknown theme"));
        assert!(parse(":").is_err());
    }

    #[test]
    fn runs_commands_parse_their_filters() {
        use crate::shared::list::filter::Window;
        assert_eq!(
            parse(":status Failed"),
            Ok(Command::Status(Some("failed".into())))
        );
        assert_eq!(parse(":status all"), Ok(Command::Status(None)));
        assert_eq!(
            parse(":window 12h"),
            Ok(Command::Window(Window::Last(12 * 3_600_000)))
        );
        assert!(parse(":window soon").unwrap_err().contains("12h"));
        assert_eq!(parse(":live"), Ok(Command::Live));
        assert_eq!(parse(":history"), Ok(Command::History));
        assert_eq!(parse(":bell"), Ok(Command::Bell));
    }

    #[test]
    fn completion_offers_verbs_then_arguments() {
        let known = Known {
            sandboxes: vec!["prod".into(), "dev".into(), "dev-2".into()],
            profiles: vec!["work".into()],
        };
        assert_eq!(complete("s", &known), ["specs", "sandbox", "status"]);
        assert_eq!(
            complete(":sandbox d", &known),
            ["sandbox dev", "sandbox dev-2"]
        );
        assert_eq!(complete("profile ", &known), ["profile work"]);
        assert_eq!(complete("theme m", &known), ["theme mono"]);
        assert!(complete("zzz", &known).is_empty());
    }
}
