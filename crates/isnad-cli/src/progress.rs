//! Progress on stderr for long runs: a spinner with the document count and rate, shown only
//! when stderr is a terminal and `--quiet` is not given. Warnings about bad inputs go through
//! here so they print above the bar instead of tearing it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress and warnings of one run.
pub struct Progress {
    bar: ProgressBar,
    quiet: bool,
}

impl Progress {
    /// A progress display; hidden when `quiet` or when stderr is not a terminal.
    pub fn new(quiet: bool) -> Self {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = if visible {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos} documents analysed ({per_sec}, {elapsed}) {msg}",
                )
                .expect("the progress template is valid"),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress { bar, quiet }
    }

    /// Counts `n` more documents done.
    pub fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    /// Prints a warning about one input, above the bar. Warnings show even without a terminal;
    /// only `--quiet` hides them.
    pub fn warn(&self, message: &str) {
        if self.quiet {
            return;
        }
        self.bar.suspend(|| eprintln!("isnad: warning: {message}"));
    }

    /// Removes the bar and prints the closing line (unless quiet).
    pub fn finish(&self, documents: usize, failed: usize) {
        self.bar.finish_and_clear();
        if self.quiet {
            return;
        }
        if failed > 0 {
            eprintln!("isnad: {documents} documents analysed; {failed} inputs could not be read (see the warnings above)");
        } else if std::io::stderr().is_terminal() {
            eprintln!("isnad: {documents} documents analysed");
        }
    }
}
