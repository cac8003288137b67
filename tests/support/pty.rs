//! The real binary in a pseudo-terminal, as a user starts it: an empty home and no
//! configuration, `TERM=xterm-256color`. Everything it writes is kept as bytes and fed
//! to a terminal emulator (vt100), so a test reads the screen the user would see. Waits
//! are for something on screen or for the exit, never for time; the patience is only a
//! safety net.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::{Termios, tcgetattr};
use nix::unistd::Pid;

/// What the child wrote: the bytes, the screen they draw, and a signal for each piece.
struct Seen {
    bytes: Vec<u8>,
    screen: vt100::Parser,
}

type Output = Arc<(Mutex<Seen>, Condvar)>;

pub struct Pty {
    pub pid: Pid,
    exited: mpsc::Receiver<ExitStatus>,
    master: File,
    pub slave: OwnedFd,
    output: Output,
    /// The terminal's modes before the child started.
    pub before: Termios,
    ended: std::cell::Cell<bool>,
    _home: tempfile::TempDir,
}

impl Pty {
    /// Starts `flowscope ARGS` on a `cols`×`rows` terminal with an empty home (so, with
    /// no `--endpoint`, the demo) and `env` added.
    pub fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let size = Winsize {
            ws_row: rows,
            ws_col: cols,
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
        let home = tempfile::tempdir().unwrap();
        let dir = |name: &str| home.path().join(name);
        // setsid (which execs in place: same pid) detaches the child from the test's
        // controlling terminal, or crossterm would ask the developer's /dev/tty for its size.
        let mut cmd = Command::new("/usr/bin/setsid");
        cmd.arg(env!("CARGO_BIN_EXE_flowscope"))
            .args(args)
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
        let output: Output = Arc::new((
            Mutex::new(Seen {
                bytes: Vec::new(),
                screen: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            }),
            Condvar::new(),
        ));
        let mut reader = master.try_clone().unwrap();
        let shared = output.clone();
        // Reads until the slave's last descriptor closes (EIO), when the session drops.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                let (seen, grew) = &*shared;
                let mut seen = seen.lock().unwrap();
                seen.bytes.extend_from_slice(&buf[..n]);
                seen.screen.process(&buf[..n]);
                grew.notify_all();
            }
        });
        Pty {
            pid,
            exited,
            master,
            slave,
            output,
            before,
            ended: std::cell::Cell::new(false),
            _home: home,
        }
    }

    /// Everything written so far, escape sequences and all.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.0.lock().unwrap().bytes).into_owned()
    }

    /// The screen as the user sees it now, one line per row.
    pub fn screen(&self) -> String {
        self.output.0.lock().unwrap().screen.screen().contents()
    }

    /// Waits until `done` holds for everything written so far.
    pub fn wait_for_output(&self, what: &str, done: impl Fn(&str) -> bool) {
        self.wait(what, Duration::from_secs(30), |seen| {
            done(&String::from_utf8_lossy(&seen.bytes))
        });
    }

    /// Waits up to `within` until `done` holds for the screen; panics with the screen
    /// otherwise.
    pub fn wait_for_screen(&self, what: &str, within: Duration, done: impl Fn(&str) -> bool) {
        self.wait(what, within, |seen| done(&seen.screen.screen().contents()));
    }

    fn wait(&self, what: &str, within: Duration, done: impl Fn(&Seen) -> bool) {
        let deadline = Instant::now() + within;
        let (seen, grew) = &*self.output;
        let mut held = seen.lock().unwrap();
        while !done(&held) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no {what} within {within:?}; the screen:\n{}",
                held.screen.screen().contents()
            );
            held = grew.wait_timeout(held, left).unwrap().0;
        }
    }

    pub fn type_keys(&mut self, keys: &[u8]) {
        self.master.write_all(keys).unwrap();
    }

    pub fn signal(&self, signal: Signal) {
        kill(self.pid, signal).unwrap();
    }

    /// Waits for the exit.
    pub fn exit_status(&self) -> ExitStatus {
        let status = self
            .exited
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("still running; the screen:\n{}", self.screen()));
        self.ended.set(true);
        status
    }

    /// Writes `bytes` to the terminal from the test's side, behind the child's output.
    pub fn write_slave(&self, bytes: &[u8]) {
        File::from(self.slave.try_clone().unwrap())
            .write_all(bytes)
            .unwrap();
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A test that failed midway must not leave the explorer running.
        if !self.ended.get() && self.exited.try_recv().is_err() {
            let _ = kill(self.pid, Signal::SIGKILL);
        }
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN)
}
