//! Captures what flowscope logs during a test, to check what is logged and that no
//! secret ever is.
//!
//! One global subscriber for the whole test binary, with the explorer's own filter at its
//! most verbose (`FLOWSCOPE_LOG=trace`), writes each line to the buffer the logging
//! thread registered, if any. Scoped subscribers (`set_default`) in tests that run side by
//! side change tracing's shared callsite interest and maximum level as they come and go,
//! and lines went missing; with one global subscriber nothing is ever switched off.

#![allow(dead_code, clippy::unwrap_used)]

use std::cell::RefCell;
use std::sync::{Arc, Mutex, Once};

use tracing_subscriber::fmt::MakeWriter;

thread_local! {
    /// The buffer this thread's log lines go to, while a [`LogBuffer`] captures them.
    static SINK: RefCell<Option<LogBuffer>> = const { RefCell::new(None) };
}

#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

/// Captures this thread's log lines until dropped. Tests run the explorer on a
/// current-thread runtime, so every task of the session logs here.
pub struct Capture {
    pub logs: LogBuffer,
}

impl Drop for Capture {
    fn drop(&mut self) {
        SINK.with(|s| s.borrow_mut().take());
    }
}

/// Starts capturing this thread's log lines.
pub fn capture() -> Capture {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        use tracing_subscriber::prelude::*;
        // Lines are only formatted on threads that capture them: the rest of the suite
        // logs at no cost.
        let capturing =
            tracing_subscriber::filter::filter_fn(|_| SINK.with(|s| s.borrow().is_some()));
        let subscriber = tracing_subscriber::registry()
            .with(flowscope::tui::logging::filter(Some("trace")))
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(ThreadSink)
                    .with_filter(capturing),
            );
        // Another global subscriber would be a bug of the suite: fail loudly.
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
    let logs = LogBuffer::default();
    SINK.with(|s| *s.borrow_mut() = Some(logs.clone()));
    Capture { logs }
}

impl LogBuffer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The writer of the global subscriber: the logging thread's buffer, or nowhere.
struct ThreadSink;

enum Line {
    To(LogBuffer),
    Dropped,
}

impl std::io::Write for Line {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Line::To(b) => b.write(buf),
            Line::Dropped => Ok(buf.len()),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for ThreadSink {
    type Writer = Line;
    fn make_writer(&'a self) -> Self::Writer {
        SINK.with(|s| match &*s.borrow() {
            Some(b) => Line::To(b.clone()),
            None => Line::Dropped,
        })
    }
}
