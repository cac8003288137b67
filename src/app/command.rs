//! The `:` command line: parsing what was typed into a [`Command`] and completing a partly
//! typed word. Pure, so completion and errors are tested without a terminal.

use super::action::Tab;
use super::theme_name_list;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Go(Tab),
    Sandbox(String),
    Profile(String),
    Theme(String),
    /// `:filter EXPR` sets the server-side `property` filter of the list in view.
    ServerFilter(String),
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
    ("sandbox", &["sb"]),
    ("profile", &[]),
    ("theme", &[]),
    ("filter", &[]),
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
        "sandbox" => Command::Sandbox(need("a sandbox name")?),
        "profile" => Command::Profile(need("a profile name")?),
        "theme" => {
            let t = need("dark, light or mono")?;
            if !theme_name_list().contains(&t.as_str()) {
                return Err(format!("unknown theme `{t}`: dark, light or mono"));
            }
            Command::Theme(t)
        }
        "filter" => Command::ServerFilter(arg.to_string()),
        "refresh" => Command::Refresh,
        "help" => Command::Help,
        _ => Command::Quit,
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
                Some("theme") => theme_name_list().iter().map(|s| s.to_string()).collect(),
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
    use super::*;

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
    }

    #[test]
    fn bad_commands_say_why() {
        assert!(parse(":launch").unwrap_err().contains("unknown command"));
        assert!(parse(":sandbox").unwrap_err().contains("sandbox name"));
        assert!(parse(":theme pink").unwrap_err().contains("unknown theme"));
        assert!(parse(":").is_err());
    }

    #[test]
    fn completion_offers_verbs_then_arguments() {
        let known = Known {
            sandboxes: vec!["prod".into(), "dev".into(), "dev-2".into()],
            profiles: vec!["work".into()],
        };
        assert_eq!(complete("s", &known), ["specs", "sandbox"]);
        assert_eq!(
            complete(":sandbox d", &known),
            ["sandbox dev", "sandbox dev-2"]
        );
        assert_eq!(complete("profile ", &known), ["profile work"]);
        assert_eq!(complete("theme m", &known), ["theme mono"]);
        assert!(complete("zzz", &known).is_empty());
    }
}
