//! Reading in batches that are analysed while the next batch is read: `isnad analyze` and
//! the pipeline benchmark share this loop, so the benchmark measures what the CLI does.

use std::thread::ScopedJoinHandle;

use isnad_core::Document;

use crate::{read_inputs, IngestOptions, InputProblem, InputSpec};

/// Reads `inputs` in batches of `size` documents. Each full batch goes to `analyse` on a
/// thread of its own while this thread reads on; its result goes to `done`, in input order,
/// once the next batch has started, so at most two batches are in analysis at once (the
/// last, short batch is analysed on this thread). `problem` hears of every input that could
/// not be read. The first error from `done` ends the reading and is returned; a panic in
/// `analyse` goes on in the caller's thread.
pub fn read_in_batches<R: Send, E>(
    inputs: &[InputSpec],
    options: &IngestOptions,
    size: usize,
    analyse: impl Fn(Vec<Document>) -> R + Sync,
    mut problem: impl FnMut(InputProblem),
    mut done: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let size = size.max(1);
    let analyse = &analyse;
    std::thread::scope(|scope| {
        let mut in_analysis: Option<ScopedJoinHandle<'_, R>> = None;
        let mut batch = Vec::with_capacity(size);
        for item in read_inputs(inputs, options) {
            match item {
                Ok(doc) => {
                    batch.push(doc);
                    if batch.len() == size {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(size));
                        let started = scope.spawn(move || analyse(full));
                        if let Some(previous) = in_analysis.replace(started) {
                            done(joined(previous))?;
                        }
                    }
                }
                Err(p) => problem(p),
            }
        }
        if let Some(previous) = in_analysis.take() {
            done(joined(previous))?;
        }
        done(analyse(batch))
    })
}

/// What a batch's analysis thread returned; a panic there goes on here.
fn joined<R>(handle: ScopedJoinHandle<'_, R>) -> R {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_come_back_whole_and_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(dir.path().join(format!("{i}.txt")), format!("نص رقم {i}")).unwrap();
        }
        std::fs::write(dir.path().join("5.txt"), [0u8, 159, 146, 150]).unwrap();
        let (mut problems, mut batches) = (0, Vec::new());
        let result: Result<(), ()> = read_in_batches(
            &[InputSpec::Path(dir.path().to_owned())],
            &IngestOptions::default(),
            2,
            |batch| batch.into_iter().map(|d| d.id).collect::<Vec<_>>(),
            |_| problems += 1,
            |ids| {
                batches.push(ids);
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(problems, 1, "the binary file is a problem, not a document");
        assert_eq!(batches, [vec!["0", "1"], vec!["2", "3"], vec!["4"]]);
    }

    #[test]
    fn an_error_from_done_ends_the_reading() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..6 {
            std::fs::write(dir.path().join(format!("{i}.txt")), "نص").unwrap();
        }
        let mut seen = 0;
        let result = read_in_batches(
            &[InputSpec::Path(dir.path().to_owned())],
            &IngestOptions::default(),
            1,
            |batch| batch.len(),
            |_| {},
            |n| {
                seen += n;
                if seen == 2 {
                    Err("full")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("full"));
        assert_eq!(seen, 2);
    }
}
