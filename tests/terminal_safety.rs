//! The real binary under a pseudo-terminal, exploring the demo: whichever way it ends (a
//! key, a signal, a panic in the loop or in a task), the terminal's modes are back as they
//! were before it started, and the last thing written leaves the alternate screen, shows
//! the cursor and turns the mouse, bracketed paste and focus reports off. Every wait is for something in
//! the output or for the exit, never for time; the timeouts are only a safety net.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitStatus;

use nix::sys::signal::Signal;
use nix::sys::termios::{LocalFlags, Termios, tcgetattr};

use crate::support::pty::Pty;

const ENTER_ALT: &str = "\x1b[?1049h";
const LEAVE_ALT: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";
/// Everything that must be turned off after the last frame, as crossterm writes it.
const TURNED_OFF: [&str; 9] = [
    "\x1b[?2004l", // bracketed paste
    "\x1b[?1004l", // focus reports
    "\x1b[?1006l", // mouse: SGR coordinates
    "\x1b[?1015l", // mouse: urxvt coordinates
    "\x1b[?1003l", // mouse: any motion
    "\x1b[?1002l", // mouse: button motion
    "\x1b[?1000l", // mouse: clicks
    LEAVE_ALT,
    SHOW_CURSOR,
];
/// What turns them on: none may come after the restore.
const TURNED_ON: [&str; 4] = [ENTER_ALT, "\x1b[?1000h", "\x1b[?2004h", "\x1b[?1004h"];
/// Written to the slave by the test once the child is gone: after the child's own
/// output in the same queue, so seeing it means all of that was read.
const END_MARK: &str = "<end of the child's output>";

struct Session {
    pty: Pty,
}

struct Ended {
    status: ExitStatus,
    output: String,
    after: Termios,
    before: Termios,
}

impl Session {
    /// Starts `flowscope` on a 100×30 pseudo-terminal with an empty configuration (so the
    /// demo), and waits for its first frame.
    fn start(env: &[(&str, &str)]) -> Session {
        let pty = Pty::start(&[], env, 100, 30);
        assert!(
            pty.before
                .local_flags
                .contains(LocalFlags::ICANON | LocalFlags::ECHO),
            "a new terminal starts cooked, or raw mode proves nothing"
        );
        // The status bar of the first frame, after the switch to the alternate screen.
        pty.wait_for_output("the first frame", |out| {
            out.find(ENTER_ALT)
                .is_some_and(|at| out[at..].contains("demo"))
        });
        Session { pty }
    }

    /// The terminal as the running explorer left it: raw, so the test means something.
    fn assert_raw(&self) {
        let now = tcgetattr(&self.pty.slave).unwrap();
        assert!(
            !now.local_flags
                .intersects(LocalFlags::ICANON | LocalFlags::ECHO),
            "raw mode while running: {:?}",
            now.local_flags
        );
    }

    fn type_keys(&mut self, keys: &[u8]) {
        self.pty.type_keys(keys);
    }

    fn signal(&self, signal: Signal) {
        self.pty.signal(signal);
    }

    /// Waits for the exit, then for all the output before it.
    fn end(self) -> Ended {
        let status = self.pty.exit_status();
        let after = tcgetattr(&self.pty.slave).unwrap();
        self.pty.write_slave(END_MARK.as_bytes());
        self.pty
            .wait_for_output("end mark", |out| out.contains(END_MARK));
        let text = self.pty.text();
        let output = text[..text.rfind(END_MARK).unwrap()].to_string();
        Ended {
            status,
            output,
            after,
            before: self.pty.before.clone(),
        }
    }
}

impl Ended {
    /// The modes are back as before, and after the last thing that took the screen
    /// everything is turned off again, with nothing drawn once the screen is left.
    /// Returns what was written after leaving the alternate screen.
    fn assert_restored(&self) -> &str {
        assert_eq!(self.after, self.before, "termios after the exit");
        let out = &self.output;
        let last_on = TURNED_ON
            .iter()
            .filter_map(|s| out.rfind(s))
            .max()
            .unwrap_or_else(|| panic!("the terminal was never taken: {out:?}"));
        let tail = &out[last_on..];
        for off in TURNED_OFF {
            assert!(
                tail.contains(off),
                "{off:?} missing after the last frame: {tail:?}"
            );
        }
        let left = &tail[tail.find(LEAVE_ALT).unwrap() + LEAVE_ALT.len()..];
        assert!(
            !left.replace(SHOW_CURSOR, "").contains('\x1b'),
            "drawn after leaving the alternate screen: {left:?}"
        );
        left
    }
}

fn quit_with_keys(keys: &[u8]) {
    let mut s = Session::start(&[]);
    s.assert_raw();
    s.type_keys(keys);
    let end = s.end();
    assert_eq!(end.status.code(), Some(0), "{:?}", end.output);
    end.assert_restored();
}

fn quit_with_signal(signal: Signal) {
    let s = Session::start(&[]);
    s.assert_raw();
    s.signal(signal);
    let end = s.end();
    // A handled signal is a quit like any other: status 0, not death by the signal.
    assert_eq!(end.status.code(), Some(0), "{signal}: {:?}", end.output);
    end.assert_restored();
}

/// A panic exits 101 with its message printed on the restored terminal.
fn crash(place: &str, message: &str) {
    let s = Session::start(&[("FLOWSCOPE_DEBUG_PANIC", place)]);
    let end = s.end();
    assert_eq!(end.status.code(), Some(101), "{:?}", end.output);
    let left = end.assert_restored();
    assert!(
        left.contains(message),
        "the panic message after the restore: {:?}",
        end.output
    );
}

#[test]
fn q_quits_and_restores_the_terminal() {
    quit_with_keys(b"q");
}

#[test]
fn ctrl_c_as_a_key_quits_and_restores_the_terminal() {
    // In raw mode ctrl-c is byte 0x03, not SIGINT; the keymap binds it to force_quit.
    quit_with_keys(b"\x03");
}

#[test]
fn sigterm_quits_and_restores_the_terminal() {
    quit_with_signal(Signal::SIGTERM);
}

#[test]
fn sighup_quits_and_restores_the_terminal() {
    quit_with_signal(Signal::SIGHUP);
}

#[test]
fn sigint_as_a_signal_quits_and_restores_the_terminal() {
    quit_with_signal(Signal::SIGINT);
}

#[test]
fn a_panic_in_the_loop_restores_the_terminal_before_its_message() {
    crash("loop", "a deliberate panic in the event loop");
}

#[test]
fn a_panic_in_a_task_ends_the_explorer_and_restores_the_terminal() {
    crash("task", "a deliberate panic in a task");
}
