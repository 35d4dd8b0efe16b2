//! The one error type of the crate.
//!
//! Loading is the only part of the knowledge base that can fail: reading a file, or a line of a
//! data file that does not say what it should. Every parse error names the file and the line, so
//! that a person editing their own entries can go straight to the mistake.

use std::path::PathBuf;

/// Everything that can go wrong while building a [`crate::Kb`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened or read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A line of a data file or a GeoNames dump is malformed.
    #[error("{file}:{line}: {what}")]
    Line {
        /// The file (a path, or `bundled:<name>` for the data compiled into the crate).
        file: String,
        /// The line number, counting from 1.
        line: usize,
        /// What is wrong with it, in plain words.
        what: String,
    },
    /// The entries' parents form a cycle, so containment has no meaning for them.
    #[error("{file}:{line}: entry {id} is its own ancestor (a cycle through its parents)")]
    Cycle {
        /// The file of one entry on the cycle.
        file: String,
        /// Its line.
        line: usize,
        /// Its id.
        id: String,
    },
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
