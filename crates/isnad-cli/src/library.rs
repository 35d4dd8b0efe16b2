//! The data directory and the commands that write or print it: `isnad ingest` and
//! `isnad report`.
//!
//! A data directory holds the store (`store.sqlite`, behind the `isnad_store::Store` trait)
//! and the search index beside it (`index/`). The store is the source of truth: a document
//! joins the search-index queue in the same transaction that stores it and leaves the queue
//! once the index has committed it, so a crash between the two is repaired by the next
//! command that opens the directory for writing, and a lost index is rebuilt from the store.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::{Context, Result};
use clap::Args;
use isnad_core::Document;
use isnad_link::Fingerprint;
use isnad_search::{IndexedDoc, SearchIndex};
use isnad_store::{Batch, DocKey, Linker, SqliteStore, Store, WriteLock};

use crate::analyze::{Corpus, CorpusArgs};
use crate::output::{self, Format};

/// Documents stored per transaction.
const INGEST_BATCH: usize = 256;

/// Documents indexed between two commits of the search index.
const INDEX_COMMIT_EVERY: usize = 2048;

/// The `--data` argument every command that reads or writes a store takes.
#[derive(Args, Clone)]
pub struct DataArgs {
    /// The data directory [default: isnad/ under the user's data directory, e.g.
    /// ~/.local/share/isnad].
    #[arg(long, value_name = "DIR", env = "ISNAD_DATA")]
    pub data: Option<PathBuf>,
}

impl DataArgs {
    /// The directory to use.
    pub fn dir(&self) -> Result<PathBuf> {
        match &self.data {
            Some(d) => Ok(d.clone()),
            None => dirs::data_dir()
                .map(|d| d.join("isnad"))
                .context("no user data directory is known here; give one with --data DIR"),
        }
    }
}

/// An open data directory.
pub struct Library {
    /// The store.
    pub store: Box<dyn Store>,
    /// The full-text index.
    pub index: SearchIndex,
    /// The index's writer, while writing.
    writer: Option<isnad_search::IndexWriter>,
    /// Documents indexed since the index's last commit.
    uncommitted: HashSet<DocKey>,
    /// Held while writing.
    _lock: Option<WriteLock>,
}

impl Library {
    /// Opens a data directory to write to, creating it when missing.
    pub fn open_for_writing(dir: &Path) -> Result<Library> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        let lock = WriteLock::acquire(dir)?;
        let mut store = open_store(dir)?;
        let index_dir = dir.join(INDEX_DIR);
        let index = match SearchIndex::open(&index_dir) {
            Ok(index) => index,
            Err(isnad_search::Error::Index(problem)) => {
                // The store is the source of truth: an unreadable index is rebuilt from it.
                eprintln!("isnad: the search index is unreadable ({problem}); rebuilding it from the store");
                std::fs::remove_dir_all(&index_dir)
                    .with_context(|| format!("cannot remove {}", index_dir.display()))?;
                store.requeue_all()?;
                SearchIndex::open(&index_dir)?
            }
            Err(e) => return Err(e.into()),
        };
        if index.num_docs()? == 0 && store.stats()?.documents > 0 {
            store.requeue_all()?;
        }
        let writer = index.writer()?;
        let mut library = Library {
            store,
            index,
            writer: Some(writer),
            uncommitted: HashSet::new(),
            _lock: Some(lock),
        };
        // Finish what a crashed run left: documents stored but not yet indexed.
        library.sync_index()?;
        Ok(library)
    }

    /// Indexes every document on the store's queue (what a crashed run left, or a whole
    /// store whose index was lost), reading them back from the store, and commits.
    pub fn sync_index(&mut self) -> Result<usize> {
        let queue = self.store.index_queue()?;
        for keys in queue.chunks(1024) {
            let docs = self.store.documents(keys)?;
            let copiers = self.store.copiers(keys)?;
            let writer = self.writer()?;
            for (doc, &key) in docs.iter().zip(keys) {
                let mut entry = IndexedDoc::from_document(key as u64, doc);
                entry.copies = copiers.contains(&key);
                writer.upsert(&entry)?;
            }
            self.uncommitted.extend(keys);
        }
        self.commit_index()?;
        Ok(queue.len())
    }

    /// Indexes a batch just written, from memory: its documents, and the stored documents
    /// its reuse pairs show to be copies. Commits once enough documents wait.
    pub fn index_batch(&mut self, batch: &Batch) -> Result<()> {
        let copiers: HashSet<DocKey> = batch
            .reuse
            .iter()
            .filter_map(|(a, b, r)| isnad_store::copier(*a, *b, r))
            .collect();
        let fresh: HashSet<DocKey> = batch.documents.iter().map(|d| d.key).collect();
        let older: Vec<DocKey> = copiers
            .iter()
            .copied()
            .filter(|k| !fresh.contains(k))
            .collect();
        let older_docs = self.store.documents(&older)?;
        let writer = self.writer()?;
        for d in &batch.documents {
            let mut entry = IndexedDoc::from_document(d.key as u64, &d.document);
            entry.copies = copiers.contains(&d.key);
            writer.upsert(&entry)?;
        }
        for (doc, &key) in older_docs.iter().zip(&older) {
            let mut entry = IndexedDoc::from_document(key as u64, doc);
            entry.copies = true;
            writer.upsert(&entry)?;
        }
        self.uncommitted.extend(fresh.iter().chain(&older));
        if self.uncommitted.len() >= INDEX_COMMIT_EVERY {
            self.commit_index()?;
        }
        Ok(())
    }

    /// Commits the index and takes what it now holds off the store's queue. A crash before
    /// this leaves them queued; upserting again is idempotent.
    pub fn commit_index(&mut self) -> Result<()> {
        if self.uncommitted.is_empty() {
            return Ok(());
        }
        self.writer()?.commit()?;
        let done: Vec<DocKey> = self.uncommitted.drain().collect();
        self.store.dequeue(&done)?;
        Ok(())
    }

    fn writer(&mut self) -> Result<&mut isnad_search::IndexWriter> {
        self.writer
            .as_mut()
            .context("the data directory is open for reading only")
    }

    /// Opens an existing data directory to read.
    pub fn open_for_reading(dir: &Path) -> Result<Library> {
        if !dir.join(STORE_FILE).exists() {
            anyhow::bail!(
                "no store in {}: run `isnad ingest --data {} PATH...` first",
                dir.display(),
                dir.display()
            );
        }
        let store = open_store(dir)?;
        let index = SearchIndex::open(&dir.join(INDEX_DIR))?;
        let waiting = store.index_queue()?.len();
        if waiting > 0 {
            eprintln!(
                "isnad: warning: {waiting} stored document(s) are not in the search index yet (an ingest is running, or one stopped); run `isnad ingest` again to finish"
            );
        }
        Ok(Library {
            store,
            index,
            writer: None,
            uncommitted: HashSet::new(),
            _lock: None,
        })
    }
}

const STORE_FILE: &str = "store.sqlite";
const INDEX_DIR: &str = "index";

fn open_store(dir: &Path) -> Result<Box<dyn Store>> {
    let path = dir.join(STORE_FILE);
    let store = SqliteStore::open(&path)
        .with_context(|| format!("cannot open the store {}", path.display()))?;
    Ok(Box::new(store))
}

/// Arguments of `isnad ingest`.
#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    corpus: CorpusArgs,

    #[command(flatten)]
    data: DataArgs,
}

/// What one ingest run did.
#[derive(Default)]
struct IngestCounts {
    stored: usize,
    already: usize,
    reuse: usize,
    clusters: usize,
}

/// Runs `isnad ingest`: analyse, link against the stored corpus, store, index.
///
/// Analysis runs on the worker pool while a writer thread links, stores and indexes the
/// previous batch, so the store's serial work hides behind the analysis.
pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let dir = args.data.dir()?;
    let mut library = Library::open_for_writing(&dir)?;
    let corpus = Corpus::new(&args.corpus)?;
    let linker = Linker::new(&corpus.kb);
    let (run, (counts, stats)) = std::thread::scope(|scope| -> Result<_> {
        let (batches, received) = mpsc::sync_channel::<Vec<(Document, Fingerprint)>>(1);
        let writer = scope.spawn(move || -> Result<(IngestCounts, isnad_store::Stats)> {
            let mut counts = IngestCounts::default();
            for batch in received {
                let at = jiff::Timestamp::now().to_string();
                let prepared = linker.prepare(library.store.as_ref(), batch, &at)?;
                counts.already += prepared.already_stored.len();
                counts.stored += prepared.batch.documents.len();
                counts.reuse += prepared.batch.reuse.len();
                counts.clusters += prepared.batch.clusters_added.len();
                library.store.write(&prepared.batch)?;
                library.index_batch(&prepared.batch)?;
            }
            library.commit_index()?;
            Ok((counts, library.store.stats()?))
        });
        let mut pending = Vec::with_capacity(INGEST_BATCH);
        let stopped = || anyhow::anyhow!("the store writer stopped");
        let run = corpus.run(|doc, fingerprint| {
            pending.push((doc.clone(), fingerprint));
            if pending.len() == INGEST_BATCH {
                batches
                    .send(std::mem::take(&mut pending))
                    .map_err(|_| stopped())?;
            }
            Ok(())
        });
        if !pending.is_empty() && run.is_ok() {
            let _ = batches.send(pending);
        }
        drop(batches);
        // The writer's error, when it stopped, says more than the reader's.
        let counts = writer.join().expect("the store writer does not panic")?;
        Ok((run?, counts))
    })?;
    corpus.finish(&run);
    if !args.corpus.quiet() {
        eprintln!(
            "isnad: stored {} new document(s), {} already in the store; {} new reuse pair(s), {} cluster(s) formed or updated",
            counts.stored, counts.already, counts.reuse, counts.clusters
        );
        eprintln!(
            "isnad: {} holds {} documents, {} claims, {} reuse pairs, {} clusters ({})",
            dir.display(),
            stats.documents,
            stats.claims,
            stats.reuse,
            stats.clusters,
            human_size(dir_size(&dir))
        );
    }
    Ok(run.exit_code())
}

/// Arguments of `isnad report`.
#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    data: DataArgs,

    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs `isnad report`: the stored corpus's report, in the format `isnad analyze` prints.
pub fn report(args: ReportArgs) -> Result<ExitCode> {
    let library = Library::open_for_reading(&args.data.dir()?)?;
    let mut sink = output::open_sink(args.format, args.output.as_deref())?;
    library.store.for_each_document(&mut |_, doc| {
        sink.document(&doc)
            .map_err(|e| isnad_store::Error::Io(format!("cannot write the report: {e}")))
    })?;
    let pairs = library.store.reuse_pairs()?;
    let clusters = library.store.clusters()?;
    sink.finish(&pairs, &clusters)
        .context("cannot write the report")?;
    Ok(ExitCode::SUCCESS)
}

/// Bytes under `dir`, files only.
fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn human_size(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
