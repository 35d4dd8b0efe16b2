//! Readers of isnad: from files on disk (or standard input) to [`isnad_core::Document`]s.
//!
//! Ingest is where the engine meets the mess of the world: scraped corpora in JSON Lines,
//! saved pages, crawls in WARC, all possibly gzipped, in UTF-8, UTF-16 or the legacy Arabic code
//! pages, with cookie banners and share bars inside the text and the outlet named only in a
//! byline. This crate turns all of that into clean documents with their outlet, date and title,
//! and says in each document's `diagnostics` what it changed or doubted. It is one of the few
//! layers that does IO, so it is one of the few that returns errors ([`InputProblem`]); a bad
//! file, line or record never stops a batch.
//!
//! ```no_run
//! use isnad_ingest::{read_inputs, IngestOptions, InputSpec};
//!
//! let inputs = [InputSpec::parse("corpus/"), InputSpec::parse("-")];
//! for item in read_inputs(&inputs, &IngestOptions::default()) {
//!     match item {
//!         Ok(doc) => println!("{} {:?}", doc.id, doc.outlet),
//!         Err(problem) => eprintln!("{problem}"),
//!     }
//! }
//! ```
//!
//! Reading streams: directories are listed (sorted, hidden entries skipped) but files are opened
//! one at a time, and JSON Lines and WARC files are read one line or record at a time, so a
//! multi-gigabyte input never sits in memory. Single-document formats (text, HTML) are read
//! whole, up to [`IngestOptions::max_document_bytes`].
//!
//! The steps after reading are shared by every format and live in one place (`document.rs`):
//! line endings, page furniture ([`furniture`]), source lines and bylines ([`byline`]),
//! metadata outlet and credited outlet, date ([`date`]).

mod batches;
pub mod byline;
pub mod date;
pub mod decode;
mod document;
pub mod error;
pub mod furniture;
mod html;
mod jsonl;
pub mod outlets;
pub mod sniff;
mod warc_records;

use std::collections::{HashMap, VecDeque};
use std::fs;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use isnad_core::Document;

pub use batches::read_in_batches;
pub use error::{Action, Error, InputProblem, Result};
pub use sniff::Format;

/// How many bytes are looked at to decide gzip, format and binary.
const HEAD_BYTES: usize = 8192;

/// One input named by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSpec {
    /// A file or a directory (read recursively).
    Path(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
}

impl InputSpec {
    /// `-` is standard input; anything else is a path.
    pub fn parse(arg: &str) -> Self {
        if arg == "-" {
            InputSpec::Stdin
        } else {
            InputSpec::Path(PathBuf::from(arg))
        }
    }
}

impl From<&str> for InputSpec {
    fn from(arg: &str) -> Self {
        InputSpec::parse(arg)
    }
}

impl From<PathBuf> for InputSpec {
    fn from(path: PathBuf) -> Self {
        InputSpec::Path(path)
    }
}

impl From<&Path> for InputSpec {
    fn from(path: &Path) -> Self {
        InputSpec::Path(path.to_owned())
    }
}

/// Settings of a reading run.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IngestOptions {
    /// Largest single-document input (text or HTML file, after decompression), in bytes.
    pub max_document_bytes: u64,
    /// Remove page furniture lines (cookie notices, "read also", share bars ...).
    pub remove_furniture: bool,
    /// Read and remove source lines and bylines (`المصدر: ...`, `RT :`, `(سانا)`).
    pub read_source_lines: bool,
    /// Look for a dateline in the text when the metadata gives no date.
    pub read_text_dates: bool,
    /// Format to assume for standard input instead of sniffing it.
    pub stdin_format: Option<Format>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_document_bytes: 64 * 1024 * 1024,
            remove_furniture: true,
            read_source_lines: true,
            read_text_dates: true,
            stdin_format: None,
        }
    }
}

/// Reads every input in order and yields documents and problems as they come.
///
/// Directories are read recursively in sorted order, skipping hidden entries; `-` reads
/// standard input. Ids are made unique within the run (`-2`, `-3` suffixes, with a diagnostic).
pub fn read_inputs(inputs: &[InputSpec], options: &IngestOptions) -> Documents {
    Documents {
        pending: inputs
            .iter()
            .map(|i| match i {
                InputSpec::Path(p) => Pending::Path(p.clone()),
                InputSpec::Stdin => Pending::Stdin,
            })
            .collect(),
        current: None,
        options: options.clone(),
        seen: HashMap::new(),
    }
}

/// Reads one already opened stream (an upload, a pipe) named `name`: the name's extension
/// decides the format when it is known, otherwise the content does.
pub fn read_reader(name: &str, reader: Box<dyn Read + Send>, options: &IngestOptions) -> Documents {
    Documents {
        pending: VecDeque::from([Pending::Reader(name.to_owned(), reader)]),
        current: None,
        options: options.clone(),
        seen: HashMap::new(),
    }
}

enum Pending {
    /// A file or directory (hidden names are only skipped inside directories).
    Path(PathBuf),
    Stdin,
    Reader(String, Box<dyn Read + Send>),
}

enum Records {
    One(Option<std::result::Result<document::Raw, InputProblem>>),
    Jsonl(jsonl::JsonlRecords),
    Warc(warc_records::WarcRecords),
}

impl Records {
    fn next_raw(&mut self) -> Option<std::result::Result<document::Raw, InputProblem>> {
        match self {
            Records::One(item) => item.take(),
            Records::Jsonl(r) => r.next_raw(),
            Records::Warc(r) => r.next_raw(),
        }
    }
}

/// The stream of documents and problems of a reading run; see [`read_inputs`].
pub struct Documents {
    pending: VecDeque<Pending>,
    current: Option<Records>,
    options: IngestOptions,
    seen: HashMap<String, usize>,
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documents")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl Iterator for Documents {
    type Item = std::result::Result<Document, InputProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(records) = &mut self.current {
                match records.next_raw() {
                    Some(Ok(raw)) => {
                        let place = raw.source.clone();
                        match document::finish(raw, &self.options) {
                            Some(doc) => return Some(Ok(self.unique(doc))),
                            None => return Some(Err(InputProblem::skipped(place, Error::NoText))),
                        }
                    }
                    Some(Err(problem)) => return Some(Err(problem)),
                    None => self.current = None,
                }
            }
            let next = self.pending.pop_front()?;
            match self.open(next) {
                Ok(Some(records)) => self.current = Some(records),
                Ok(None) => {}
                Err(problem) => return Some(Err(problem)),
            }
        }
    }
}

impl Documents {
    /// Makes `doc.id` unique within the run.
    fn unique(&mut self, mut doc: Document) -> Document {
        let count = self.seen.entry(doc.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            let mut n = *count;
            let mut candidate = format!("{}-{n}", doc.id);
            while self.seen.contains_key(&candidate) {
                n += 1;
                candidate = format!("{}-{n}", doc.id);
            }
            self.seen.insert(candidate.clone(), 1);
            doc.diagnostics.push(format!(
                "id \"{}\" already used in this run; renamed \"{candidate}\"",
                doc.id
            ));
            doc.id = candidate;
        }
        doc
    }

    /// Opens one pending input: lists a directory, or starts reading a stream.
    fn open(&mut self, pending: Pending) -> std::result::Result<Option<Records>, InputProblem> {
        let (name, reader): (String, Box<dyn Read + Send>) = match pending {
            Pending::Path(path) => {
                let shown = path.display().to_string();
                let meta =
                    fs::metadata(&path).map_err(|e| InputProblem::skipped(&shown, Error::Io(e)))?;
                if meta.is_dir() {
                    let entries =
                        list_dir(&path).map_err(|e| InputProblem::skipped(&shown, Error::Io(e)))?;
                    for entry in entries.into_iter().rev() {
                        self.pending.push_front(Pending::Path(entry));
                    }
                    return Ok(None);
                }
                let file = fs::File::open(&path)
                    .map_err(|e| InputProblem::skipped(&shown, Error::Io(e)))?;
                (shown, Box::new(file))
            }
            Pending::Stdin => ("-".to_owned(), Box::new(io::stdin())),
            Pending::Reader(name, reader) => (name, reader),
        };
        self.open_stream(name, reader).map(Some)
    }

    fn open_stream(
        &self,
        path: String,
        reader: Box<dyn Read + Send>,
    ) -> std::result::Result<Records, InputProblem> {
        let mut name = file_name(&path);
        let mut head = read_head(reader, &path, false)?;
        let mut gzip = false;
        if head.0.starts_with(&[0x1F, 0x8B]) {
            gzip = true;
            let (bytes, rest) = head;
            let decoder = MultiGzDecoder::new(Cursor::new(bytes).chain(rest));
            head = read_head(Box::new(decoder), &path, true)?;
            if let Some(inner) = name
                .strip_suffix(".gz")
                .or_else(|| name.strip_suffix(".GZ"))
            {
                name = inner.to_owned();
            }
        } else if let Some(inner) = name.strip_suffix(".gz") {
            name = inner.to_owned();
        }
        let (bytes, rest) = head;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(InputProblem::skipped(&path, Error::Empty));
        }
        let format = if path == "-" {
            self.options
                .stdin_format
                .unwrap_or_else(|| sniff::by_content(&bytes))
        } else {
            sniff::by_extension(&name).unwrap_or_else(|| sniff::by_content(&bytes))
        };
        if format != Format::Warc {
            if let Some(reason) = sniff::binary_reason(&bytes) {
                return Err(InputProblem::skipped(&path, Error::Binary(reason)));
            }
        }
        let stem = stem(&name, &path);
        let stream: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(
            64 * 1024,
            Cursor::new(bytes).chain(rest),
        ));
        Ok(match format {
            Format::Jsonl => Records::Jsonl(jsonl::JsonlRecords::new(stream, path, stem, gzip)),
            Format::Warc => Records::Warc(warc_records::WarcRecords::new(stream, path)),
            Format::Text | Format::Html => {
                Records::One(Some(self.read_whole(stream, path, stem, format, gzip)))
            }
        })
    }

    fn read_whole(
        &self,
        stream: Box<dyn BufRead + Send>,
        path: String,
        stem: String,
        format: Format,
        gzip: bool,
    ) -> std::result::Result<document::Raw, InputProblem> {
        let limit = self.options.max_document_bytes;
        let mut bytes = Vec::new();
        stream
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| InputProblem::skipped(&path, read_error(e, gzip)))?;
        if bytes.len() as u64 > limit {
            return Err(InputProblem::skipped(&path, Error::TooLarge { limit }));
        }
        let mut raw = document::Raw {
            id: stem,
            source: path,
            ..document::Raw::default()
        };
        if format == Format::Html {
            let page = html::read(&bytes, None, None);
            raw.take_page(page);
        } else {
            let decoded = decode::decode(&bytes, None);
            raw.diagnostics = decoded.diagnostics();
            raw.text = decoded.text;
        }
        Ok(raw)
    }
}

fn read_error(e: io::Error, gzip: bool) -> Error {
    if gzip && e.kind() != io::ErrorKind::PermissionDenied {
        Error::Gzip(e.to_string())
    } else {
        Error::Io(e)
    }
}

type Head = (Vec<u8>, Box<dyn Read + Send>);

/// Reads up to [`HEAD_BYTES`] from `reader`, returning them with the rest of the stream.
fn read_head(
    mut reader: Box<dyn Read + Send>,
    path: &str,
    gzip: bool,
) -> std::result::Result<Head, InputProblem> {
    let mut head = vec![0; HEAD_BYTES];
    let mut filled = 0;
    while filled < HEAD_BYTES {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(InputProblem::skipped(path, read_error(e, gzip))),
        }
    }
    head.truncate(filled);
    Ok((head, reader))
}

/// The last component of a path (or the whole name).
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// The file name without its extension (`.gz` and the one before it): the id of a one-document
/// file and the prefix of the ids of JSONL lines that have none.
fn stem(name_without_gz: &str, path: &str) -> String {
    if path == "-" {
        return "stdin".to_owned();
    }
    match name_without_gz.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => name_without_gz.to_owned(),
    }
}

/// Entries of a directory, recursively expanded later: sorted by name, hidden ones skipped.
/// Symbolic links to directories are not followed inside a tree (they can loop); a link the
/// user names is.
fn list_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| {
            let link = e.file_type().is_ok_and(|t| t.is_symlink());
            !(link && e.path().is_dir())
        })
        .map(|e| e.path())
        .collect();
    entries.sort();
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(
            stem("000_7cc05d779f669368.txt", "x/000_7cc05d779f669368.txt"),
            "000_7cc05d779f669368"
        );
        assert_eq!(stem("a.html", "a.html.gz"), "a");
        assert_eq!(stem("README", "README"), "README");
        assert_eq!(stem(".hidden", ".hidden"), ".hidden");
        assert_eq!(stem("x.txt", "-"), "stdin");
    }

    #[test]
    fn documents_can_move_to_another_thread() {
        fn send<T: Send>(_: &T) {}
        send(&read_inputs(&[], &IngestOptions::default()));
    }

    #[test]
    fn input_spec_parse() {
        assert_eq!(InputSpec::parse("-"), InputSpec::Stdin);
        assert_eq!(InputSpec::parse("a/b"), InputSpec::Path("a/b".into()));
    }

    #[test]
    fn read_reader_reads_an_in_memory_stream() {
        let bytes = "قتل ثلاثة جنود في هجوم على حاجز.\n".as_bytes().to_vec();
        let docs: Vec<_> = read_reader(
            "upload.txt",
            Box::new(Cursor::new(bytes)),
            &IngestOptions::default(),
        )
        .collect();
        assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "upload");
        assert_eq!(doc.text, "قتل ثلاثة جنود في هجوم على حاجز.");
    }
}
