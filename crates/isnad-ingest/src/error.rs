//! Errors of the ingest layer.
//!
//! Ingest is one of the few layers that does IO, so it is one of the few that returns errors
//! (STYLE.md, point 8). Two types carry them: [`Error`] says *what* is wrong with some bytes, and
//! [`InputProblem`] adds *where* (file, line or record) and *what was done about it*. The reader
//! never stops a batch for a problem: it yields the [`InputProblem`] and goes on with the next
//! line, record or file.

use std::fmt;

/// What is wrong with an input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The operating system refused to open or read the input.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The input holds no bytes (or only whitespace).
    #[error("empty")]
    Empty,
    /// The bytes are not text: NUL bytes or many control characters.
    #[error("not text ({0})")]
    Binary(String),
    /// The input is larger than [`crate::IngestOptions::max_document_bytes`].
    #[error("too large (over the limit of {limit} bytes)")]
    TooLarge {
        /// The configured limit.
        limit: u64,
    },
    /// A JSON Lines line is not a JSON object.
    #[error("not valid JSON ({0})")]
    Json(String),
    /// A JSON Lines object has neither a `text` nor an `html` field.
    #[error("no \"text\" or \"html\" field")]
    NoBody,
    /// A WARC file could not be parsed from this point on.
    #[error("malformed WARC record ({0})")]
    Warc(String),
    /// A gzip stream is corrupt or truncated.
    #[error("corrupt gzip data ({0})")]
    Gzip(String),
    /// A document was read but no text was left after extraction and cleaning.
    #[error("no text left after extraction")]
    NoText,
}

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What the reader did about a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// The file, line or record was skipped; reading went on.
    Skipped,
    /// The rest of the file was skipped (its stream could not be resynchronised).
    RestSkipped,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Skipped => "skipped",
            Action::RestSkipped => "rest of the file skipped",
        })
    }
}

/// One input, or one part of it, that did not become a document.
///
/// Displays as `examples/bad.bin: not text (binary data: NUL bytes in the first 8 KiB); skipped`.
#[derive(Debug, thiserror::Error)]
#[error("{place}: {error}; {action}")]
#[non_exhaustive]
pub struct InputProblem {
    /// The file path (or `-` for standard input), with `:line N` or `#record` when the problem
    /// is one line of a JSON Lines file or one WARC record.
    pub place: String,
    /// What is wrong.
    #[source]
    pub error: Error,
    /// What the reader did about it.
    pub action: Action,
}

impl InputProblem {
    /// A problem at `place`, skipped.
    pub fn skipped(place: impl Into<String>, error: Error) -> Self {
        InputProblem {
            place: place.into(),
            error,
            action: Action::Skipped,
        }
    }

    /// A problem at `place` after which the rest of the file was given up.
    pub fn rest_skipped(place: impl Into<String>, error: Error) -> Self {
        InputProblem {
            place: place.into(),
            error,
            action: Action::RestSkipped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_place_error_and_action() {
        let p = InputProblem::skipped(
            "examples/bad.bin",
            Error::Binary("binary data: NUL bytes in the first 8 KiB".into()),
        );
        assert_eq!(
            p.to_string(),
            "examples/bad.bin: not text (binary data: NUL bytes in the first 8 KiB); skipped"
        );
        let p = InputProblem::skipped("a.txt", Error::Empty);
        assert_eq!(p.to_string(), "a.txt: empty; skipped");
    }
}
