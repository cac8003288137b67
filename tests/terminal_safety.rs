//! The real binary under a pseudo-terminal, exploring the demo: whichever way it ends (a
//! key, a signal, a panic in the loop or in a task), the terminal's modes are back as they
//! were before it started, and the last thing written leaves the alternate screen, shows
//! the cursor and turns the mouse and bracketed paste off. Every wait is for something in
//! the output or for the exit, never for time; the timeouts are only a safety net.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::{LocalFlags, Termios, tcgetattr};
use nix::unistd::Pid;

/// Only a safety net: a healthy run takes a fraction of a second.
const PATIENCE: Duration = Duration::from_secs(30);

const ENTER_ALT: &str = "\x1b[?1049h";
const LEAVE_ALT: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";
/// Everything that must be turned off after the last frame, as crossterm writes it.
const TURNED_OFF: [&str; 8] = [
    "\x1b[?2004l", // bracketed paste
    "\x1b[?1006l", // mouse: SGR coordinates
    "\x1b[?1015l", // mouse: urxvt coordinates
    "\x1b[?1003l", // mouse: any motion
    "\x1b[?1002l", // mouse: button motion
    "\x1b[?1000l", // mouse: clicks
    LEAVE_ALT,
    SHOW_CURSOR,
];
/// What turns them on: none may come after the restore.
const TURNED_ON: [&str; 3] = [ENTER_ALT, "\x1b[?1000h", "\x1b[?2004h"];
/// Written to the slave by the test once the child is gone: after the child's own
/// output in the same queue, so seeing it means all of that was read.
const END_MARK: &str = "<end of the child's output>";

/// Everything the child wrote, and a signal for each new piece.
type Output = Arc<(Mutex<Vec<u8>>, Condvar)>;

struct Session {
    pid: Pid,
    exited: mpsc::Receiver<ExitStatus>,
    master: File,
    slave: OwnedFd,
    output: Output,
    before: Termios,
    _home: tempfile::TempDir,
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
        let size = Winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(&size, None::<&Termios>).unwrap();
        // openpty's descriptors are inherited across exec; their close-on-exec copies are
        // not, so other tests' children cannot hold this terminal open.
        let master = File::from(pty.master.try_clone().unwrap());
        let slave = pty.slave.try_clone().unwrap();
        drop(pty);
        let before = tcgetattr(&slave).unwrap();
        assert!(
            before
                .local_flags
                .contains(LocalFlags::ICANON | LocalFlags::ECHO),
            "a new terminal starts cooked, or raw mode proves nothing"
        );
        let home = tempfile::tempdir().unwrap();
        let dir = |name: &str| home.path().join(name);
        // setsid (which execs in place: same pid) detaches the child from the test's
        // controlling terminal, or crossterm would ask the developer's /dev/tty for its size.
        let mut cmd = Command::new("/usr/bin/setsid");
        cmd.arg(env!("CARGO_BIN_EXE_flowscope"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm-256color")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", dir("config"))
            .env("XDG_STATE_HOME", dir("state"))
            .env("XDG_DATA_HOME", dir("data"))
            .env("XDG_CACHE_HOME", dir("cache"))
            .envs(env.iter().copied())
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        let mut child = cmd.spawn().unwrap();
        let pid = Pid::from_raw(i32::try_from(child.id()).unwrap());
        let (tx, exited) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait().unwrap());
        });
        let output: Output = Arc::default();
        let mut reader = master.try_clone().unwrap();
        let shared = output.clone();
        // Reads until the slave's last descriptor closes (EIO), when the session drops.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                let (bytes, grew) = &*shared;
                bytes.lock().unwrap().extend_from_slice(&buf[..n]);
                grew.notify_all();
            }
        });
        let s = Session {
            pid,
            exited,
            master,
            slave,
            output,
            before,
            _home: home,
        };
        // The status bar of the first frame, after the switch to the alternate screen.
        s.wait_for("the first frame", |out| {
            out.find(ENTER_ALT)
                .is_some_and(|at| out[at..].contains("demo"))
        });
        s
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.0.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        let (bytes, grew) = &*self.output;
        let mut held = bytes.lock().unwrap();
        while !done(&String::from_utf8_lossy(&held)) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no {what} in: {:?}",
                String::from_utf8_lossy(&held)
            );
            held = grew.wait_timeout(held, left).unwrap().0;
        }
    }

    /// The terminal as the running explorer left it: raw, so the test means something.
    fn assert_raw(&self) {
        let now = tcgetattr(&self.slave).unwrap();
        assert!(
            !now.local_flags
                .intersects(LocalFlags::ICANON | LocalFlags::ECHO),
            "raw mode while running: {:?}",
            now.local_flags
        );
    }

    fn type_keys(&mut self, keys: &[u8]) {
        self.master.write_all(keys).unwrap();
    }

    fn signal(&self, signal: Signal) {
        kill(self.pid, signal).unwrap();
    }

    /// Waits for the exit, then for all the output before it.
    fn end(self) -> Ended {
        let status = self
            .exited
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("still running; output: {:?}", self.text()));
        let after = tcgetattr(&self.slave).unwrap();
        File::from(self.slave.try_clone().unwrap())
            .write_all(END_MARK.as_bytes())
            .unwrap();
        self.wait_for("end mark", |out| out.contains(END_MARK));
        let text = self.text();
        let output = text[..text.rfind(END_MARK).unwrap()].to_string();
        Ended {
            status,
            output,
            after,
            before: self.before,
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
