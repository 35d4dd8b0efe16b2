//! One writer per data directory.
//!
//! SQLite serialises writers on its own, but the search index beside it has one writer too,
//! and a batch spans both. An advisory lock on `DIR/lock` (the operating system drops it when
//! the process dies, even by `kill -9`, so a crash never leaves a stale lock) makes a second
//! writing process fail at once with [`Error::Busy`], naming the process that holds it.
//! Readers take no lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::{Error, Result};

/// Held while a process writes to a data directory; released on drop or exit.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the write lock of `dir`, or fails with [`Error::Busy`] when another process
    /// holds it.
    pub fn acquire(dir: &Path) -> Result<WriteLock> {
        let path = dir.join("lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::Io(format!("cannot open {}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(Error::Busy(if holder.is_empty() {
                    format!("{} is locked", path.display())
                } else {
                    format!("process {holder} holds {}", path.display())
                }));
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::Io(format!("cannot lock {}: {e}", path.display())))
            }
        }
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = write!(file, "{}", std::process::id());
        let _ = file.flush();
        Ok(WriteLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_the_store_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriteLock::acquire(dir.path()).unwrap();
        let err = WriteLock::acquire(dir.path()).unwrap_err();
        assert!(matches!(err, Error::Busy(_)), "{err}");
        assert!(
            err.to_string().contains(&std::process::id().to_string()),
            "{err}"
        );
        drop(first);
        WriteLock::acquire(dir.path()).unwrap();
    }
}
