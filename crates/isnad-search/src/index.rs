//! The tantivy index: schema, writer, and search with filters and snippets.
//!
//! One document per stored article. Text fields go through the Arabic analyser
//! ([`crate::analyzer`]); everything a filter looks at is a raw (untokenised) term or a fast
//! field, so filters are exact term and range lookups and never depend on the analyser:
//!
//! | field | kind | used for |
//! |---|---|---|
//! | `key` | u64, indexed, stored | the store's key: upsert and delete |
//! | `id`, `published` | stored | hits |
//! | `outlet` | raw, stored; `outlet_key` raw folded | hits; the outlet filter |
//! | `day` | u64 `YYYYMMDD`, indexed, fast (0 when unknown) | date range; newest first |
//! | `title`, `text` | analysed (stemmed), positions, stored | the query; snippets |
//! | `exact` | title and text, fold-only, positions | `exact:"..."` phrases |
//! | `entity` | raw, multi-valued: KB ids as given, names folded | the entity filter |
//! | `claim_type`, `source_kind` | raw, multi-valued | filters |
//! | `copies` | bool, indexed | the reuse filter |

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;

use isnad_core::{ClaimType, SourceKind};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value,
    INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, Index, IndexReader, Order, ReloadPolicy, TantivyDocument, TantivyError, Term,
};

use crate::analyzer::{ArabicTokenizer, EXACT, STEMMED};
use crate::{Error, Result};

/// Memory the writer may fill before it flushes a segment, for all its threads together.
const WRITER_MEMORY: usize = 128 << 20;
/// Length of a snippet, in characters.
const SNIPPET_CHARS: usize = 200;
/// Weight of a match in the title against one in the text.
const TITLE_BOOST: f32 = 2.0;

/// A document as the store hands it to the index.
#[derive(Debug, Clone, Default)]
pub struct IndexedDoc<'a> {
    /// The store's key; upserting the same key replaces the document.
    pub key: u64,
    /// The document's id, as reported.
    pub id: &'a str,
    /// The outlet's name.
    pub outlet: Option<&'a str>,
    /// The publication date, `YYYY-MM-DD` (a longer timestamp is cut to its date).
    pub published: Option<&'a str>,
    /// The headline.
    pub title: Option<&'a str>,
    /// The body text, as printed.
    pub text: &'a str,
    /// KB ids (or corpus ids) of the entities mentioned.
    pub entity_ids: Vec<String>,
    /// Names of the entities mentioned, as written; folded for the filter.
    pub entity_names: Vec<String>,
    /// Types of the claims found.
    pub claim_types: Vec<ClaimType>,
    /// Kinds of the chains' last links: anonymous, person, outlet ...
    pub source_kinds: Vec<SourceKind>,
    /// Whether the document shares text with an earlier-published document.
    pub copies: bool,
}

impl<'a> IndexedDoc<'a> {
    /// The fields an analysed document gives: id, outlet, date, title, text, the KB ids and
    /// names of its entities, its claim types and the kinds of its chains' last links. `copies`
    /// is left false: only the store knows what was published earlier.
    pub fn from_document(key: u64, doc: &'a isnad_core::Document) -> IndexedDoc<'a> {
        let mut entity_ids: Vec<String> = doc
            .entities
            .iter()
            .filter_map(|e| e.kb_id.clone())
            .collect();
        let mut entity_names: Vec<String> = doc
            .entities
            .iter()
            .map(|e| e.name.clone().unwrap_or_else(|| e.text.clone()))
            .collect();
        let mut claim_types: Vec<ClaimType> = doc.claims.iter().map(|c| c.claim_type).collect();
        let mut source_kinds: Vec<SourceKind> = doc
            .attributions
            .iter()
            .map(|a| a.chain.last().map_or(a.source.kind, |l| l.kind))
            .collect();
        for v in [&mut entity_ids, &mut entity_names] {
            v.sort();
            v.dedup();
        }
        claim_types.sort_by_key(|t| t.as_str());
        claim_types.dedup();
        source_kinds.sort_by_key(|k| k.as_str());
        source_kinds.dedup();
        IndexedDoc {
            key,
            id: &doc.id,
            outlet: doc.outlet.as_deref(),
            published: doc.published.as_deref(),
            title: doc.title.as_deref(),
            text: &doc.text,
            entity_ids,
            entity_names,
            claim_types,
            source_kinds,
            copies: false,
        }
    }
}

/// What a search keeps to: every filter set must hold.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// The outlet's name (compared folded: العربيه finds العربية).
    pub outlet: Option<String>,
    /// First day, inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, inclusive, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// A KB id, or a name matched against the entity names after folding.
    pub entity: Option<String>,
    /// A claim type.
    pub claim_type: Option<ClaimType>,
    /// A source kind of a chain's last link.
    pub source_kind: Option<SourceKind>,
    /// Only documents that copy an earlier one.
    pub copies_only: bool,
}

/// The result of a search.
#[derive(Debug, Clone, Serialize)]
pub struct Hits {
    /// The best hits, best first (newest first for a query without words).
    pub hits: Vec<Hit>,
    /// How many documents matched in all.
    pub total: usize,
}

/// One matching document.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The store's key.
    #[serde(skip)]
    pub key: u64,
    /// The document's id.
    pub id: String,
    /// The outlet's name.
    pub outlet: Option<String>,
    /// The publication date.
    pub published: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// HTML: a passage of the text, the matched words in `<b>…</b>`, everything else escaped.
    pub snippet: String,
    /// The relevance score (0 when listing without query words).
    pub score: f32,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    key: Field,
    id: Field,
    outlet: Field,
    outlet_key: Field,
    published: Field,
    day: Field,
    title: Field,
    text: Field,
    exact: Field,
    entity: Field,
    claim_type: Field,
    source_kind: Field,
    copies: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |tokenizer: &str| {
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
    };
    let stemmed = TextOptions::default()
        .set_indexing_options(analysed(STEMMED))
        .set_stored();
    let fields = Fields {
        key: b.add_u64_field("key", INDEXED | STORED),
        id: b.add_text_field("id", STRING | STORED),
        outlet: b.add_text_field("outlet", STORED),
        outlet_key: b.add_text_field("outlet_key", STRING),
        published: b.add_text_field("published", STORED),
        day: b.add_u64_field("day", NumericOptions::default().set_indexed().set_fast()),
        title: b.add_text_field("title", stemmed.clone()),
        text: b.add_text_field("text", stemmed),
        exact: b.add_text_field(
            "exact",
            TextOptions::default().set_indexing_options(analysed(EXACT)),
        ),
        entity: b.add_text_field("entity", STRING),
        claim_type: b.add_text_field("claim_type", STRING),
        source_kind: b.add_text_field("source_kind", STRING),
        copies: b.add_bool_field("copies", INDEXED),
    };
    (b.build(), fields)
}

/// The folded, whitespace-collapsed form names and outlets are compared in.
fn name_key(name: &str) -> String {
    isnad_text::fold(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `YYYY-MM-DD` (or a longer timestamp starting with one) as `YYYYMMDD`.
fn day_number(date: &str) -> Option<u64> {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|_| date[r].parse::<u64>().unwrap_or(0))
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

fn index_error(e: TantivyError) -> Error {
    Error::Index(e.to_string())
}

impl From<TantivyError> for Error {
    fn from(e: TantivyError) -> Self {
        index_error(e)
    }
}

/// One tantivy index in a directory, with the Arabic analysers registered.
///
/// Cheap to share: searching takes `&self`, and the reader is reloaded on every search so it
/// sees the last commit of any writer, in this process or another.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    parser: QueryParser,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index when missing.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Index(format!(
                "cannot create the index directory {}: {e}",
                dir.display()
            ))
        })?;
        let (schema, fields) = schema();
        let directory = MmapDirectory::open(dir).map_err(|e| {
            Error::Index(format!(
                "cannot open the index directory {}: {e}",
                dir.display()
            ))
        })?;
        let index = Index::open_or_create(directory, schema).map_err(|e| match e {
            TantivyError::SchemaError(m) => Error::Index(format!(
                "the index in {} has another schema ({m}); delete the directory and reindex",
                dir.display()
            )),
            e => Error::Index(format!("cannot open the index in {}: {e}", dir.display())),
        })?;
        index
            .tokenizers()
            .register(STEMMED, TextAnalyzer::from(ArabicTokenizer::stemmed()));
        index
            .tokenizers()
            .register(EXACT, TextAnalyzer::from(ArabicTokenizer::exact()));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, TITLE_BOOST);
        Ok(SearchIndex {
            index,
            reader,
            parser,
            fields,
        })
    }

    /// Takes the index's writer lock. [`Error::Busy`] when another writer holds it (another
    /// process, or another [`IndexWriter`] not yet dropped in this one).
    pub fn writer(&self) -> Result<IndexWriter> {
        let inner = self.index.writer(WRITER_MEMORY).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::Busy(
                "another writer holds the search index's lock; wait for it to finish".into(),
            ),
            e => index_error(e),
        })?;
        Ok(IndexWriter {
            inner,
            fields: self.fields,
        })
    }

    /// Number of documents in the last commit.
    pub fn num_docs(&self) -> Result<u64> {
        self.reader.reload()?;
        Ok(self.reader.searcher().num_docs())
    }

    /// Number of segments in the last commit (each is searched in turn; merges keep it small).
    pub fn num_segments(&self) -> Result<usize> {
        self.reader.reload()?;
        Ok(self.reader.searcher().segment_readers().len())
    }

    /// Searches the title and text (see the crate docs for the syntax) among the documents that
    /// pass `filters`, and returns the best `limit` with snippets. An empty `query` lists the
    /// filtered documents, newest first.
    pub fn search(&self, query: &str, filters: &Filters, limit: usize) -> Result<Hits> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let words = if query.trim().is_empty() {
            None
        } else {
            let parsed = self.parser.parse_query(query).map_err(|e| {
                Error::Query(format!(
                    "cannot read the query {query:?}: {e}. Words are ANDed; use \"...\" for \
                     phrases, OR, NOT or -word, and field:word only with title, text or exact"
                ))
            })?;
            Some(parsed)
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(q) = &words {
            clauses.push((Occur::Must, q.box_clone()));
        }
        for f in self.filter_queries(filters)? {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0))));
        }
        let combined: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let found: Vec<(f32, DocAddress)>;
        let total;
        if limit == 0 {
            found = Vec::new();
            total = searcher.search(&*combined, &Count)?;
        } else if words.is_some() {
            (found, total) = searcher.search(
                &*combined,
                &(TopDocs::with_limit(limit).order_by_score(), Count),
            )?;
        } else {
            let by_day = TopDocs::with_limit(limit).order_by_fast_field::<u64>("day", Order::Desc);
            let (docs, n) = searcher.search(&*combined, &(by_day, Count))?;
            found = docs.into_iter().map(|(_, a)| (0.0, a)).collect();
            total = n;
        }

        let snippets = match &words {
            Some(q) => Some(self.snippet_generators(&searcher, &**q)?),
            None => None,
        };
        let mut hits = Vec::with_capacity(found.len());
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text_of = |f: Field| doc.get_first(f).and_then(|v| v.as_str().map(String::from));
            let text = text_of(self.fields.text).unwrap_or_default();
            let snippet = snippets
                .as_ref()
                .and_then(|gens| {
                    gens.iter()
                        .map(|g| g.snippet(&text))
                        .find(|s| !s.is_empty())
                        .map(|s| s.to_html())
                })
                .unwrap_or_else(|| lead(&text));
            hits.push(Hit {
                key: doc
                    .get_first(self.fields.key)
                    .and_then(|v| v.as_u64())
                    .unwrap_or_default(),
                id: text_of(self.fields.id).unwrap_or_default(),
                outlet: text_of(self.fields.outlet),
                published: text_of(self.fields.published),
                title: text_of(self.fields.title),
                snippet: snippet.replace(['\n', '\r'], " "),
                score,
            });
        }
        Ok(Hits { hits, total })
    }

    /// Snippet generators for the text: the stemmed terms first, then the exact ones (a query
    /// on `exact:` alone would otherwise highlight nothing).
    fn snippet_generators(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
    ) -> Result<Vec<SnippetGenerator>> {
        let mut stemmed = SnippetGenerator::create(searcher, query, self.fields.text)?;
        stemmed.set_max_num_chars(SNIPPET_CHARS);
        let mut gens = vec![stemmed];
        let mut exact_terms = BTreeMap::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.exact {
                if let Some(s) = term.value().as_str() {
                    exact_terms.insert(s.to_owned(), 1.0);
                }
            }
        });
        if !exact_terms.is_empty() {
            let analyzer = TextAnalyzer::from(ArabicTokenizer::exact());
            gens.push(SnippetGenerator::new(
                exact_terms,
                analyzer,
                self.fields.text,
                SNIPPET_CHARS,
            ));
        }
        Ok(gens)
    }

    fn filter_queries(&self, filters: &Filters) -> Result<Vec<Box<dyn Query>>> {
        let f = &self.fields;
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let mut out = Vec::new();
        if let Some(outlet) = &filters.outlet {
            out.push(term(f.outlet_key, &name_key(outlet)));
        }
        let day = |date: &Option<String>, which: &str| -> Result<Option<u64>> {
            date.as_deref()
                .map(|d| {
                    day_number(d.trim()).ok_or_else(|| {
                        Error::Query(format!("the {which} date {d:?} is not YYYY-MM-DD"))
                    })
                })
                .transpose()
        };
        let (from, to) = (day(&filters.from, "from")?, day(&filters.to, "to")?);
        if from.is_some() || to.is_some() {
            // Undated documents (day 0) are outside every range.
            let lo = Term::from_field_u64(f.day, from.unwrap_or(1).max(1));
            let hi = to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_u64(f.day, d))
            });
            out.push(Box::new(RangeQuery::new(Bound::Included(lo), hi)));
        }
        if let Some(entity) = &filters.entity {
            let id = entity.trim();
            let name = name_key(entity);
            out.push(Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(f.entity, id)),
                (Occur::Should, term(f.entity, &name)),
            ])));
        }
        if let Some(t) = filters.claim_type {
            out.push(term(f.claim_type, t.as_str()));
        }
        if let Some(k) = filters.source_kind {
            out.push(term(f.source_kind, k.as_str()));
        }
        if filters.copies_only {
            out.push(Box::new(TermQuery::new(
                Term::from_field_bool(f.copies, true),
                IndexRecordOption::Basic,
            )));
        }
        Ok(out)
    }
}

/// The first ~200 characters of `text`, cut at a space, HTML-escaped: the snippet when no
/// query word is in the text (it matched in the title, or there were no words).
fn lead(text: &str) -> String {
    let text = text.trim();
    let cut = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let mut passage = &text[..cut];
    if cut < text.len() {
        if let Some(space) = passage.rfind(char::is_whitespace) {
            if space > cut / 2 {
                passage = &passage[..space];
            }
        }
    }
    let mut out = String::with_capacity(passage.len() + 8);
    for c in passage.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    if cut < text.len() {
        out.push('…');
    }
    out
}

/// The index's writer: changes become visible to searches at [`IndexWriter::commit`].
///
/// Holds tantivy's writer lock until dropped; dropping without a commit discards the changes.
pub struct IndexWriter {
    inner: tantivy::IndexWriter<TantivyDocument>,
    fields: Fields,
}

impl IndexWriter {
    /// Adds `doc`, replacing any document with the same key (also one added since the last
    /// commit), so indexing the same document twice leaves one.
    pub fn upsert(&mut self, doc: &IndexedDoc) -> Result<()> {
        let f = self.fields;
        self.delete(doc.key)?;
        let mut d = TantivyDocument::default();
        d.add_u64(f.key, doc.key);
        d.add_text(f.id, doc.id);
        if let Some(outlet) = doc.outlet {
            d.add_text(f.outlet, outlet);
            d.add_text(f.outlet_key, name_key(outlet));
        }
        if let Some(published) = doc.published {
            d.add_text(f.published, published);
        }
        d.add_u64(f.day, doc.published.and_then(day_number).unwrap_or(0));
        if let Some(title) = doc.title {
            d.add_text(f.title, title);
            d.add_text(f.exact, title);
        }
        d.add_text(f.text, doc.text);
        d.add_text(f.exact, doc.text);
        for id in &doc.entity_ids {
            d.add_text(f.entity, id.trim());
        }
        for name in &doc.entity_names {
            d.add_text(f.entity, name_key(name));
        }
        for t in &doc.claim_types {
            d.add_text(f.claim_type, t.as_str());
        }
        for k in &doc.source_kinds {
            d.add_text(f.source_kind, k.as_str());
        }
        d.add_bool(f.copies, doc.copies);
        self.inner.add_document(d)?;
        Ok(())
    }

    /// Deletes the document with this key, if any.
    pub fn delete(&mut self, key: u64) -> Result<()> {
        self.inner
            .delete_term(Term::from_field_u64(self.fields.key, key));
        Ok(())
    }

    /// Makes every change since the last commit durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        self.inner.commit()?;
        Ok(())
    }

    /// Releases the lock after the background segment merges have finished (dropping the
    /// writer releases it at once and leaves merges for the next writer). Uncommitted changes
    /// are discarded.
    pub fn wait_merging_threads(self) -> Result<()> {
        self.inner.wait_merging_threads()?;
        Ok(())
    }
}

/// Runs `text` through a registered tokenizer of the index (for tests of the wiring).
#[cfg(test)]
fn registered_terms(index: &SearchIndex, tokenizer: &str, text: &str) -> Vec<String> {
    use tantivy::tokenizer::TokenStream;
    let mut analyzer = index.index.tokenizers().get(tokenizer).expect("registered");
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(day_number("2018-02-18"), Some(20180218));
        assert_eq!(day_number("2018-02-18T10:00:00Z"), Some(20180218));
        assert_eq!(day_number("18-02-2018"), None);
        assert_eq!(day_number("2018-13-01"), None);
        assert_eq!(day_number("2018-1-01"), None);
    }

    #[test]
    fn lead_is_cut_at_a_space_and_escaped() {
        assert_eq!(lead(" a <b> & c "), "a &lt;b&gt; &amp; c");
        let long = "كلمة ".repeat(100);
        let got = lead(&long);
        assert!(got.ends_with("كلمة…"), "{got}");
        assert!(got.chars().count() <= SNIPPET_CHARS + 1);
    }

    #[test]
    fn analysers_are_registered() {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(dir.path()).unwrap();
        assert_eq!(registered_terms(&index, STEMMED, "بالحسكة"), ["حسك"]);
        assert_eq!(registered_terms(&index, EXACT, "بالحسكة"), ["بالحسكه"]);
    }
}
