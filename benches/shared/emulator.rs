//! What the process benches share: `flowscope emulate` started as a process of its own.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `flowscope emulate` on a free port, seed 42, with `args` (sizes), and waits for
/// its `listening on` line. Returns the process and its base URL.
pub fn start(bin: &str, args: &[&str]) -> Result<(Child, String), String> {
    let mut child = Command::new(bin)
        .args(["emulate", "--listen", "127.0.0.1:0", "--seed", "42"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the emulator: {e}"))?;
    let stdout = child.stdout.take().ok_or("no emulator stdout")?;
    let mut lines = BufReader::new(stdout);
    let mut first = String::new();
    lines.read_line(&mut first).map_err(|e| e.to_string())?;
    // The rest (the AWS endpoint hints) is drained: a closed pipe would end the emulator.
    std::thread::spawn(move || lines.lines().for_each(drop));
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("unexpected first line: {first:?}"))?
        .to_string();
    Ok((child, url))
}
