//! Attribution chains: who is said to have said what, through whom.
//!
//! Arabic news attributes with a small grammar that rules capture well:
//!
//! - a reporting verb, usually before its subject (VSO): `قالت مصادر محلية إن ...`,
//!   `أفاد المرصد السوري لحقوق الإنسان بأن ...`, in any person, tense or voice, or as a
//!   participle that continues the sentence's attribution (`مضيفاً أن ...`);
//! - a prepositional cue: `وفق ما ذكرت وكالة ...`, `بحسب المرصد`, `نقلاً عن الوزارة`,
//!   `على لسان ...`, whose content is the clause before it (or after, when it opens the
//!   sentence);
//! - nesting: `نقلت وكالة سبوتنيك عن مصادر خاصة أن ...` is two links; `... لوكالة X` says the
//!   source told X; a trailing `وفق ما ذكرت X` says X relayed the whole statement;
//! - continuation: a verb without a subject (`وأضافت أن ...`) or with a generic definite one
//!   (`وقالت المصادر للوكالة إن ...`, `وأشارت الصحيفة إلى ...`) continues an earlier chain.
//!
//! The chain always starts with the publishing outlet and, when the document credits another
//! outlet for its copy (`المصدر: سبوتنيك`, read at ingest), that outlet next.
//!
//! Sources are typed from the knowledge base when it knows them, otherwise from their head noun
//! (`data/attribution/sources.txt`): مصادر → anonymous, وزارة → official, بيان → document,
//! وكالة → outlet. A short phrase without an article that nothing else explains is taken as a
//! person's name.

mod lexicon;

use crate::hash::FxHashSet as HashSet;
use std::ops::{ControlFlow, Range};
use std::sync::{Arc, LazyLock};

use isnad_core::{
    Attribution, ChainLink, Document, EntityType, Source, SourceKind, Span, TextSpan,
};
use isnad_kb::{EntryId, Kb};
use isnad_syntax::{Deprel, Syntax, Upos};
use isnad_text::{fold, CharIndex, TextLayer};

pub use lexicon::{Lexicon, Takes, VerbForm};

use crate::syntax::Parses;
use crate::words::{byte_offsets, without_article, word_set, Word, Words};
use crate::Stage;

/// Fills `Document::attributions`.
pub struct AttributionStage {
    kb: Arc<Kb>,
    lexicon: Lexicon,
}

impl AttributionStage {
    /// A stage that types and links sources with `kb`.
    pub fn new(kb: Arc<Kb>) -> Self {
        AttributionStage {
            kb,
            lexicon: Lexicon::bundled(),
        }
    }
}

impl Stage for AttributionStage {
    fn name(&self) -> &'static str {
        "attributions"
    }

    fn run(&self, doc: &mut Document, layer: &TextLayer) {
        self.run_with(doc, &Parses::new(layer, Syntax::bundled()));
    }

    fn run_with(&self, doc: &mut Document, parses: &Parses<'_>) {
        let layer = parses.layer();
        let words = Words::new(&doc.text, layer);
        let byte_of = byte_offsets(&doc.text);
        parses.mark_nominal(|| {
            doc.times
                .iter()
                .map(|t| byte_of(t.start)..byte_of(t.end))
                .collect()
        });
        let mut reader = Reader {
            stage: self,
            text: &doc.text,
            words: &words,
            parses,
            publisher: doc
                .outlet
                .as_deref()
                .map(|o| self.link_for(o, SourceKind::Outlet)),
            found: Vec::new(),
            entities: {
                let byte = byte_offsets(&doc.text);
                doc.entities
                    .iter()
                    .map(|e| (byte(e.start)..byte(e.end), e.entity_type, e.kb_id.clone()))
                    .collect()
            },
            times: doc
                .times
                .iter()
                .map(|t| byte_of(t.start)..byte_of(t.end))
                .collect(),
        };
        for (s, sentence) in layer.sentences.iter().enumerate() {
            reader.sentence(s, sentence.clone());
        }
        let mut found = reader.found;
        found.sort_by_key(|f| f.cue.start);

        let index = CharIndex::new(&doc.text);
        let mut base = vec![match doc.outlet.as_deref() {
            Some(outlet) => self.link_for(outlet, SourceKind::Outlet),
            None => ChainLink {
                text: None,
                kind: SourceKind::Unspecified,
                kb_id: None,
            },
        }];
        if let Some(credit) = &doc.credited {
            base.push(self.link_for(&credit.text, SourceKind::Outlet));
        }
        let mut attributions: Vec<Attribution> = found
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let mut chain = base.clone();
                for link in f.chain {
                    if chain.last().is_some_and(|last| same_link(last, &link)) {
                        continue;
                    }
                    chain.push(link);
                }
                let cue = text_span(&doc.text, &index, f.cue);
                let (start, end) = index.char_span(f.source.clone());
                let content = index.char_span(f.content);
                Attribution {
                    id: format!("a{}", i + 1),
                    cue,
                    source: Source {
                        start,
                        end,
                        text: doc.text[f.source].to_owned(),
                        kind: f.kind,
                        kb_id: f.kb_id,
                    },
                    chain,
                    content: Span::new(content.0, content.1),
                }
            })
            .collect();
        self.name_generic_outlets(&mut attributions);
        doc.attributions = attributions;
    }
}

impl AttributionStage {
    /// Whether a link is a medium described, not named: its head noun a medium's and every
    /// other word an adjective (`صحيفة بريطانية`, `وكالة أنباء محلية`).
    fn is_generic_outlet(&self, link: &ChainLink) -> bool {
        let Some(text) = &link.text else { return false };
        if link.kind != SourceKind::Outlet || link.kb_id.is_some() {
            return false;
        }
        let folded = fold(text);
        let mut words = folded.split_whitespace();
        let head_is_medium = words
            .next()
            .is_some_and(|w| self.lexicon.head_kind(w) == Some(SourceKind::Outlet));
        head_is_medium && words.all(|w| w.ends_with('ي') || w.ends_with("يه") || w == "انباء")
    }

    /// A medium first described (`ذكرت صحيفة بريطانية`) and named later in the article
    /// (`وأوضحت ديلي تلغراف`) is that medium in every chain: the first named outlet cited
    /// after it takes its place.
    fn name_generic_outlets(&self, attributions: &mut [Attribution]) {
        for i in 0..attributions.len() {
            let generic: Vec<ChainLink> = attributions[i]
                .chain
                .iter()
                .filter(|l| self.is_generic_outlet(l))
                .cloned()
                .collect();
            for g in generic {
                let named = attributions[i + 1..]
                    .iter()
                    .flat_map(|a| a.chain.iter())
                    .find(|l| {
                        l.kind == SourceKind::Outlet
                            && !self.is_generic_outlet(l)
                            && !same_link(l, &g)
                    })
                    .cloned();
                let Some(named) = named else { continue };
                for a in attributions.iter_mut() {
                    for l in a.chain.iter_mut() {
                        if l.text == g.text {
                            *l = named.clone();
                        }
                    }
                    a.chain.dedup_by(|x, y| same_link(x, y));
                }
            }
        }
    }

    /// A chain link for a name, typed and linked by the KB when it knows it.
    fn link_for(&self, name: &str, default: SourceKind) -> ChainLink {
        let entry = self.kb.lookup(name).first().copied();
        ChainLink {
            text: Some(name.to_owned()),
            kind: entry
                .and_then(|e| self.kb.kind_of_source(e))
                .unwrap_or(default),
            kb_id: entry.map(|e| self.kb.entry(e).id.clone()),
        }
    }
}

/// Head nouns of a medium (`data/attribution/media_heads.txt`), folded.
static MEDIA_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../../data/attribution/media_heads.txt")));

/// Whether two links name the same teller: the same KB entry, or names that are the same
/// once the head noun of a medium (`وكالة`، `صحيفة`، `قناة` ...) and the article are set
/// aside, one inside the other (`سبوتنيك` and `وكالة سبوتنيك`), so that a chain never names
/// one outlet twice in a row.
fn same_link(a: &ChainLink, b: &ChainLink) -> bool {
    if let (Some(x), Some(y)) = (&a.kb_id, &b.kb_id) {
        return x == y;
    }
    let words = |l: &ChainLink| -> Vec<String> {
        l.text
            .as_deref()
            .map(fold)
            .unwrap_or_default()
            .split(|c: char| !c.is_alphanumeric())
            .map(|w| without_article(w).to_owned())
            .filter(|w| !w.is_empty() && !MEDIA_HEADS.contains(w.as_str()))
            .collect()
    };
    let (x, y) = (words(a), words(b));
    if x.is_empty() || y.is_empty() {
        return a.text.as_deref().map(fold) == b.text.as_deref().map(fold);
    }
    let inside = |short: &[String], long: &[String]| long.windows(short.len()).any(|w| w == short);
    if x.len() <= y.len() {
        inside(&x, &y)
    } else {
        inside(&y, &x)
    }
}

fn text_span(text: &str, index: &CharIndex, bytes: Range<usize>) -> TextSpan {
    let (start, end) = index.char_span(bytes.clone());
    TextSpan {
        start,
        end,
        text: text[bytes].to_owned(),
    }
}

/// An attribution before ids and offsets are printed.
#[derive(Clone)]
struct Found {
    cue: Range<usize>,
    source: Range<usize>,
    kind: SourceKind,
    kb_id: Option<String>,
    /// Cited links after the publisher (and credit), ending with the source.
    chain: Vec<ChainLink>,
    content: Range<usize>,
    sentence: usize,
    /// The folded head of the source phrase, for resolving `المصادر`, `الصحيفة` later.
    head: String,
    /// Whether a trailing `وفق ما ذكرت X` put a relay into this chain: the relay belongs to
    /// this statement, not to the source, so later references skip it.
    relayed: bool,
}

/// A source phrase: tokens `first..=last` of the document.
struct Phrase {
    first: usize,
    last: usize,
    entry: Option<EntryId>,
}

struct Reader<'a> {
    stage: &'a AttributionStage,
    text: &'a str,
    words: &'a Words<'a>,
    /// The sentences' parses, made when a sentence holds a cue.
    parses: &'a Parses<'a>,
    publisher: Option<ChainLink>,
    found: Vec<Found>,
    /// Entity mentions found by the entity stage: byte span, type, KB id.
    entities: Vec<(Range<usize>, EntityType, Option<String>)>,
    /// The date expressions the time stage found, as byte spans.
    times: Vec<Range<usize>>,
}

/// Complementisers that open reported content: أن، إن، بأن، أنه، إنها ...
fn is_complementizer(w: &str) -> bool {
    let rest = w
        .strip_prefix("بان")
        .or_else(|| w.strip_prefix("لان"))
        .or_else(|| w.strip_prefix("ان"));
    matches!(
        rest,
        Some("" | "ه" | "ها" | "هم" | "هما" | "هن" | "نا" | "ني")
    )
}

/// Words that end a source phrase: prepositions, time words, adverbs, the quotation noun
/// (`data/attribution/phrase_stops.txt`).
static PHRASE_STOPS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../../data/attribution/phrase_stops.txt")));

/// Verbal nouns that start the object of an announcement (`أعلنت الوزارة مقتل ...`); a word
/// starting with one ends the source phrase (`data/attribution/object_nouns.txt`).
static OBJECT_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    isnad_text::lexicon::words(include_str!("../../data/attribution/object_nouns.txt")).collect()
});

/// Nouns of saying that carry their speaker as a genitive: `تهديدات أنقرة`, `اتهامات دمشق`
/// (`data/attribution/nominal_cues.txt`).
static NOMINAL_CUES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../../data/attribution/nominal_cues.txt")));

/// Words that end a source phrase.
fn is_phrase_stop(w: &str) -> bool {
    PHRASE_STOPS.contains(w)
        || is_complementizer(w)
        || OBJECT_NOUNS.iter().any(|o| w.starts_with(o))
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '»' | '“' | '”' | '\'')
}

impl Reader<'_> {
    fn w(&self, i: usize) -> &Word<'_> {
        &self.words.words[i]
    }

    fn sentence(&mut self, s: usize, sentence: Range<usize>) {
        let range = self.words.range(&sentence);
        let mut i = range.start;
        while i < range.end {
            let next = self
                .prepositional(s, &sentence, range.clone(), i)
                .or_else(|| self.verbal(s, &sentence, range.clone(), i))
                .or_else(|| self.nominal(s, &sentence, range.clone(), i));
            i = next.unwrap_or(i + 1).max(i + 1);
        }
    }

    /// A noun of saying followed by who said it (`تهديدات أنقرة بشن عملية`,
    /// `تحذيرات دولية بشأن ...`): the source is the genitive after the noun, or, when only an
    /// adjective follows, the noun phrase itself; the content must follow at once.
    fn nominal(
        &mut self,
        s: usize,
        sentence: &Range<usize>,
        range: Range<usize>,
        i: usize,
    ) -> Option<usize> {
        let end = range.end;
        let stem = without_article(&self.w(i).c);
        if !NOMINAL_CUES.contains(stem) || i + 1 >= end {
            return None;
        }
        let next = self.w(i + 1);
        let adjective = !next.article
            && next.prep.is_none()
            && (next.w.ends_with("يه") || next.w.ends_with("يين"))
            && self.kb_name(i + 1, end).is_none();
        let (source, kind, kb_id, chain, head, after) = if adjective {
            let span = self.w(i).core.start..next.span.end;
            let link = ChainLink {
                text: Some(self.text[span.clone()].to_owned()),
                kind: SourceKind::Unspecified,
                kb_id: None,
            };
            (
                span,
                SourceKind::Unspecified,
                None,
                vec![link],
                self.w(i).c.to_string(),
                i + 2,
            )
        } else {
            let p = self.phrase(i + 1, end)?;
            let (kind, kb_id, chain) = self.resolve(&p);
            if kind == SourceKind::Unspecified {
                return None;
            }
            (
                self.phrase_bytes(&p),
                kind,
                kb_id,
                chain,
                self.w(p.first).c.to_string(),
                p.last + 1,
            )
        };
        let opens = after < end && {
            let w = self.w(after);
            // ب on a short verbal noun stays unsplit (`بشن`): the letter is enough here.
            w.prep == Some('ب')
                || w.w.starts_with('ب')
                || ["من", "بشان", "حول", "ضد"].contains(&w.w)
                || is_complementizer(w.w)
        };
        if !opens {
            return None;
        }
        self.push(Found {
            cue: self.w(i).core.clone(),
            source,
            kind,
            kb_id,
            chain,
            content: self.content_from(after, sentence),
            sentence: s,
            head,
            relayed: false,
        });
        Some(after)
    }

    /// The phrase that opens the clause before the verb at `i`: after a comma, `أن`, `كان` or
    /// the sentence start, with `قد` allowed between it and the verb, and known to the KB or
    /// headed by a source noun (a bare phrase here is too often the object of something else).
    fn subject_before(&self, i: usize, start: usize) -> Option<Phrase> {
        let mut last = i.checked_sub(1)?;
        if last >= start && self.w(last).w == "قد" {
            last = last.checked_sub(1)?;
        }
        if last < start || is_phrase_stop(self.w(last).w) || self.w(last).punct.is_some() {
            return None;
        }
        let mut first = last;
        while first > start && last - first < 5 {
            let before = self.w(first - 1);
            if before.punct.is_some()
                || is_phrase_stop(before.w)
                || ["كان", "كانت", "وكان", "وكانت", "كانوا"].contains(&before.w)
                || self.stage.lexicon.verb(before.w).is_some()
            {
                break;
            }
            first -= 1;
        }
        let word = self.w(first);
        if word.punct.is_some() || is_phrase_stop(word.w) || word.prep.is_some() {
            return None;
        }
        let entry = self.kb_name(first, last + 1).map(|(_, e)| e);
        let known = entry.is_some() || self.stage.lexicon.head_kind(&word.c).is_some();
        known.then(|| self.without_dates(Phrase { first, last, entry }))
    }

    /// The subject of the cue verb at token `i`, from the parse of sentence `s`: the tokens its
    /// phrase covers (conjuncts, appositions and prepositional phrases kept; a clause of its
    /// own, a relative clause or punctuation at its edges left out), within `start..end`.
    fn tree_subject(&self, s: usize, i: usize, start: usize, end: usize) -> Option<Phrase> {
        let parse = self.parses.sentence(s);
        let verb = (0..parse.len())
            .filter(|&w| parse.words[w].token == i)
            .find(|&w| {
                matches!(
                    parse.upos(w),
                    Upos::Verb | Upos::Aux | Upos::Noun | Upos::Adj
                )
            })?;
        let subject = parse.child(verb, |r| r == Deprel::Nsubj)?;
        // A pronoun, a relative pronoun or a demonstrative is no source of its own (`ذلك`).
        if matches!(
            parse.upos(subject),
            Upos::Pron | Upos::Det | Upos::Num | Upos::Sconj
        ) {
            return None;
        }
        let range = parse.phrase(subject, |p, c| {
            !matches!(
                p.rel(c),
                Deprel::Ccomp
                    | Deprel::Advcl
                    | Deprel::Parataxis
                    | Deprel::AclRelcl
                    | Deprel::Acl
                    | Deprel::Punct
            ) && (p.upos(c) != Upos::Verb || p.rel(c) == Deprel::Conj)
        });
        let first = parse.words[range.start].token;
        let mut last = parse.words[range.end - 1].token;
        // The content's complementiser (`إنه`) is never part of the source.
        if let Some(k) = (first..=last).find(|&k| k > first && is_complementizer(self.w(k).w)) {
            last = k - 1;
        }
        if first < start || last >= end || first == i || (first..=last).contains(&i) {
            return None;
        }
        // Two names side by side are subject and object the parser joined (`اتهمت سوريا
        // إسرائيل`): the subject is the first.
        if let Some((j, _)) = self.kb_name(first, last + 1) {
            if j < last && self.kb_name(j + 1, last + 1).is_some() {
                last = j;
            }
        }
        // At most eight words: a longer "subject" is a parse gone astray.
        if last - first >= 8 {
            return None;
        }
        let word = self.w(first);
        if word.punct.is_some() || is_phrase_stop(word.w) {
            return None;
        }
        let entry = self.kb_name(first, last + 1).map(|(_, e)| e);
        Some(self.without_dates(Phrase { first, last, entry }))
    }

    /// A short phrase shaped like a personal name: `عبد`/`أبو`/`ابن` first (`عبد الرحمن`), or
    /// two words without article or clitic (`رامي عبد الرحمن`, `سيرغي لافروف`).
    fn looks_like_a_name(&self, p: &Phrase) -> bool {
        let first = self.w(p.first);
        ["عبد", "ابو", "ابن", "بن", "ام"].contains(&&*first.c)
            || (!first.article && !self.w(p.first + 1).article && first.prep.is_none())
    }

    /// The longest KB name starting at token `i` (within `end`), up to six tokens.
    fn kb_name(&self, i: usize, end: usize) -> Option<(usize, EntryId)> {
        let mut best = None;
        self.words.name_keys(i, end.min(i + 6), |j, key| {
            if j > i && self.w(j).punct.is_some() {
                return ControlFlow::Break(());
            }
            if let Some(&entry) = self.stage.kb.lookup_key(key).first() {
                best = Some((j, entry));
            }
            ControlFlow::Continue(())
        });
        best
    }

    /// Reads a source phrase starting at token `i`; stops at prepositions, complementisers,
    /// time words, punctuation and other cues, but never inside a name the KB knows.
    fn phrase(&self, i: usize, end: usize) -> Option<Phrase> {
        // A name in quotation marks (`وأوضحت "ديلي تلغراف" أن`): read inside the quotes.
        if i < end && self.w(i).punct.is_some_and(is_quote) {
            let mut p = self.phrase(i + 1, end)?;
            let close = (p.first..end).find(|&k| self.w(k).punct.is_some_and(is_quote));
            if let Some(k) = close.filter(|&k| k <= p.last + 1) {
                p.last = p.last.min(k - 1);
            }
            return Some(p);
        }
        if i >= end || self.w(i).punct.is_some() || is_phrase_stop(self.w(i).w) {
            return None;
        }
        // A figure is what was said, never who said it (`عن نقل 120 محتجزاً`).
        if self.w(i).w.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let named = self.kb_name(i, end);
        let mut last = named.map_or(i, |(j, _)| j);
        let mut j = last + 1;
        while j < end && j <= i + 7 {
            let word = self.w(j);
            // A quoted name inside the phrase (`لشبكة "إن بي سي نيوز"`) belongs to it.
            if word.punct.is_some_and(is_quote) {
                let close =
                    (j + 1..end.min(j + 7)).find(|&k| self.w(k).punct.is_some_and(is_quote));
                if let Some(k) = close.filter(|&k| k > j + 1) {
                    last = k;
                    j = k + 1;
                    continue;
                }
            }
            // `المتحدث باسم التحالف`: the office spoken for belongs to the speaker.
            let on_behalf = word.w == "باسم" && j + 1 < end;
            if !on_behalf
                && (word.punct.is_some()
                    || is_phrase_stop(word.w)
                    || word.prep == Some('ل')
                    || word.prep == Some('ب')
                    || self.stage.lexicon.verb(word.w).is_some()
                    || word.w.chars().any(|c| c.is_ascii_digit()))
            {
                break;
            }
            // After a name the KB knows, only its adjectives follow (`وكالة الأنباء السورية
            // الرسمية`); anything else is the rest of the sentence (`تركيا بشن عملية`).
            let adjective = word.article && (word.w.ends_with('ي') || word.w.ends_with("يه"));
            if named.is_some() && !adjective {
                break;
            }
            last = j;
            j += 1;
        }
        // A phrase that is a KB name followed by another KB name is two phrases
        // (`اتهمت سوريا إسرائيل`): keep the first.
        if let Some((named_end, _)) = named {
            if named_end < last && self.kb_name(named_end + 1, last + 1).is_some() {
                last = named_end;
            }
        }
        Some(self.without_dates(Phrase {
            first: i,
            last,
            entry: named.filter(|(j, _)| *j <= last).map(|(_, e)| e),
        }))
    }

    /// The phrase without the date it ends with (`وزير الأمن جلعاد أردان الأحد`): a date
    /// says when the source spoke, it is not part of who spoke.
    fn without_dates(&self, mut p: Phrase) -> Phrase {
        let last = p.last;
        while p.last > p.first {
            let span = &self.w(p.last).span;
            let dated = self
                .times
                .iter()
                .any(|t| t.start <= span.start && span.end <= t.end);
            if !dated && self.w(p.last).punct.is_none() {
                break;
            }
            p.last -= 1;
        }
        if p.last < last && p.entry.is_some() && self.kb_name(p.first, p.last + 1).is_none() {
            p.entry = None;
        }
        p
    }

    fn phrase_bytes(&self, p: &Phrase) -> Range<usize> {
        self.w(p.first).core.start..self.w(p.last).span.end
    }

    /// Kind, KB id and chain link of a fresh (non-anaphoric) phrase.
    fn classify(&self, p: &Phrase) -> (SourceKind, Option<String>, ChainLink) {
        let text = &self.text[self.phrase_bytes(p)];
        let head = &self.w(p.first).c;
        let lexicon = &self.stage.lexicon;
        let kb = &self.stage.kb;
        let from_kb = p.entry.and_then(|e| kb.kind_of_source(e));
        let from_head = lexicon
            .head_kind(head)
            .or_else(|| lexicon.head_kind(head.strip_prefix("ال").unwrap_or(head)));
        let length = p.last - p.first + 1;
        // A role noun followed by a name without article is a named person
        // (`مدير المرصد رامي عبد الرحمن`).
        // An adjective (a nisba, `رفيع`) is no name: `مسؤول أمريكي رفيع المستوى` is an
        // official, `وزير الخارجية سيرغي لافروف` a person.
        let is_name_word = |k: usize| {
            let word = self.w(k);
            let c = without_article(&word.c);
            !word.article
                && word.prep.is_none()
                && lexicon.head_kind(&word.c).is_none()
                && !c.ends_with('ي')
                && !c.ends_with("يه")
                && !["رفيع", "كبير", "سابق", "بارز", "رسمي"].contains(&c)
        };
        let named_person = length >= 3
            && from_head == Some(SourceKind::Official)
            && p.entry.is_none()
            && (p.first + 2..=p.last).any(is_name_word);
        // What the entity stage found at the head of the phrase, when the KB has no entry.
        let head_span = self.w(p.first).core.clone();
        let mention = self
            .entities
            .iter()
            .find(|(span, _, _)| span.start <= head_span.start && head_span.start < span.end);
        let from_mention = match mention.map(|(_, t, _)| *t) {
            Some(EntityType::Per) => Some(SourceKind::Person),
            Some(EntityType::Org) => Some(SourceKind::Organization),
            // A place that speaks is its government (`أعلنت دمشق`, `تهديدات أنقرة`).
            Some(EntityType::Loc) => Some(SourceKind::Official),
            _ => None,
        };
        let kind = if named_person {
            SourceKind::Person
        } else if let Some(kind) = from_kb.or(from_head) {
            kind
        } else if let Some(kind) = from_mention {
            kind
        } else if (2..=4).contains(&length) && self.looks_like_a_name(p) {
            SourceKind::Person
        } else {
            SourceKind::Unspecified
        };
        let kb_id = p.entry.map(|e| kb.entry(e).id.clone());
        let link = ChainLink {
            text: Some(text.to_owned()),
            kind,
            kb_id: kb_id.clone(),
        };
        (kind, kb_id, link)
    }

    /// A definite generic phrase (`المصادر`, `الصحيفة`, `الوكالة`, `المسؤولان`) refers back:
    /// to the latest attribution whose source has the same head, or else to the latest link of
    /// the same kind in an earlier chain (`الوكالة` after `نقلت وكالة X عن ...` is X). Returns
    /// the kind, KB id and chain up to that link.
    fn antecedent(&self, p: &Phrase) -> Option<(SourceKind, Option<String>, Vec<ChainLink>)> {
        let word = self.w(p.first);
        if p.last != p.first || !word.article || p.entry.is_some() {
            return None;
        }
        let kind = self.stage.lexicon.head_kind(&word.c)?;
        let stem = without_article(&word.c);
        let same_head = |f: &&Found| without_article(&f.head) == stem;
        let prior = self
            .found
            .iter()
            .rev()
            .filter(|f| !f.relayed)
            .find(same_head);
        if let Some(f) = prior.or_else(|| self.found.iter().rev().find(same_head)) {
            // `الوزير` names the office its holder speaks from: an official, whoever the
            // antecedent's name made him.
            let kind = if kind == SourceKind::Official {
                kind
            } else {
                f.kind
            };
            return Some((kind, f.kb_id.clone(), f.chain.clone()));
        }
        // `الوزارة` after `وزارة الدفاع الروسية` was named, though not as a source: the
        // latest name of an organisation with the same head before the phrase.
        let at = word.span.start;
        let named = self
            .entities
            .iter()
            .filter(|(span, t, _)| span.end <= at && *t == EntityType::Org)
            .filter(|(span, _, _)| {
                self.words
                    .at(span.start)
                    .is_some_and(|w| without_article(&w.c) == stem)
            })
            .max_by_key(|(span, _, _)| span.start);
        if let Some((span, _, kb_id)) = named {
            let link = ChainLink {
                text: Some(self.text[span.clone()].to_owned()),
                kind,
                kb_id: kb_id.clone(),
            };
            return Some((kind, kb_id.clone(), vec![link]));
        }
        for f in self.found.iter().rev() {
            if let Some(at) = f.chain.iter().rposition(|l| l.kind == kind) {
                let link = &f.chain[at];
                return Some((kind, link.kb_id.clone(), f.chain[..=at].to_vec()));
            }
        }
        None
    }

    /// Whether a chain link names the publishing outlet itself.
    fn is_publisher(&self, link: &ChainLink) -> bool {
        self.publisher.as_ref().is_some_and(|p| same_link(p, link))
    }

    /// Resolves a phrase to (source kind, kb id, cited chain ending with it).
    fn resolve(&self, p: &Phrase) -> (SourceKind, Option<String>, Vec<ChainLink>) {
        if let Some(prior) = self.antecedent(p) {
            return prior;
        }
        let (kind, kb_id, link) = self.classify(p);
        (kind, kb_id, vec![link])
    }

    /// The token index after `i` skipping commas, time words and short "في بيان" phrases, to
    /// find what introduces the content.
    fn introducer(&self, from: usize, end: usize, takes: Takes) -> Option<usize> {
        let mut j = from;
        let mut limit = from + 10;
        while j < end && j < limit {
            let word = self.w(j);
            let w = word.w;
            // A relative clause on the source (`وحدات حماية الشعب، التي تعتبرها أنقرة ...،
            // أنها قررت`) is passed over to the comma that closes it.
            if j > from
                && self.w(j - 1).punct.is_some()
                && [
                    "التي",
                    "الذي",
                    "الذين",
                    "اللذين",
                    "اللتين",
                    "اللذان",
                    "اللتان",
                ]
                .contains(&w)
            {
                if let Some(close) = (j + 1..end.min(j + 30))
                    .find(|&k| self.w(k).punct.is_some_and(|c| c == '،' || c == ','))
                {
                    limit = close + 10;
                    j = close + 1;
                    continue;
                }
            }
            let hit = match takes {
                Takes::That => is_complementizer(w) || w == "عن",
                Takes::About => w == "عن",
                Takes::To => w == "الي" || is_complementizer(w),
                Takes::Of => w == "من" || is_complementizer(w),
                Takes::On => w == "علي" || is_complementizer(w),
                Takes::By => word.prep == Some('ب') || is_complementizer(w),
            };
            if hit || word.punct == Some(':') || word.punct.is_some_and(is_quote) {
                return Some(j);
            }
            if w == "قوله" || w == "قولها" || w == "قولهم" {
                return Some(j);
            }
            j += 1;
        }
        None
    }

    /// The content starting at token `j`: to the end of the sentence, or, when it opens a
    /// quotation that runs on, to the closing quote.
    fn content_from(&self, j: usize, sentence: &Range<usize>) -> Range<usize> {
        let start = self.w(j).span.start;
        let end = sentence_end(self.text, sentence);
        let rest = self.text[start..].trim_start_matches([':', ' ']);
        let open_at = self.text.len() - rest.len();
        let close = match rest.chars().next() {
            Some('«') => '»',
            Some('“') => '”',
            Some('"') => '"',
            _ => return start..end,
        };
        let body = open_at + close.len_utf8().max(1);
        match self.text.get(body..).and_then(|t| t.find(close)) {
            Some(k) if k < 1500 => start..end.max(body + k + close.len_utf8()),
            _ => start..end,
        }
    }

    /// `... لوكالة X` after a source: the source told X, which relayed it, so X goes into the
    /// chain before the source (unless X is the publisher itself). Returns the token after it.
    fn recipient(&self, after: usize, end: usize, chain: &mut Vec<ChainLink>) -> usize {
        if after >= end || self.w(after).prep != Some('ل') || is_phrase_stop(&self.w(after).c) {
            return after;
        }
        let Some(p) = self.phrase(after, end) else {
            return after;
        };
        let (kind, _, relayed) = self.resolve(&p);
        if let Some(r) = relayed.last().filter(|r| {
            kind == SourceKind::Outlet
                && !self.is_publisher(r)
                && !chain.iter().any(|l| same_link(l, r))
        }) {
            let at = chain.len().saturating_sub(1);
            chain.insert(at, r.clone());
        }
        p.last + 1
    }

    /// A verb cue at token `i`: returns the token to continue from.
    fn verbal(
        &mut self,
        s: usize,
        sentence: &Range<usize>,
        range: Range<usize>,
        i: usize,
    ) -> Option<usize> {
        // The splitter keeps و/ف on words it is unsure of (`وأوضحت`): try without it too.
        let w = &self.w(i).w;
        let verb = self
            .stage
            .lexicon
            .verb(w)
            .or_else(|| {
                let rest = isnad_text::strip_clitic(w, &['و', 'ف'], 3)?;
                self.stage.lexicon.verb(rest)
            })?
            .clone();
        if self.w(i).prep.is_some() {
            return None;
        }
        let cue = self.w(i).core.clone();
        let end = range.end;
        // A damma on the first letter marks the passive where the text is vocalised
        // (`أُعلن مقتله`): an event was made known, nobody is said to speak.
        if self.text[cue.clone()].chars().nth(1) == Some('\u{064F}') {
            return None;
        }
        // `قيل إن`, `أفيد بأن`: the content follows at once.
        if verb.passive {
            let j = self.introducer(i + 1, end.min(i + 3), Takes::That)?;
            self.push(Found {
                cue: cue.clone(),
                source: cue,
                kind: SourceKind::Unspecified,
                kb_id: None,
                chain: Vec::new(),
                content: self.content_from(j, sentence),
                sentence: s,
                head: String::new(),
                relayed: false,
            });
            return Some(j);
        }
        // A participle, or a verb followed by a preposition (`قال لها`), has no subject of
        // its own.
        let subjectless = verb.participle
            || (i + 1 < end && self.w(i + 1).prep.is_some() && self.w(i + 1).punct.is_none());
        let phrase = if subjectless {
            None
        } else {
            // The subject the tree gives the cue verb ends where its phrase ends, not where a
            // stop word happens to be (`حزب X استمرار الإدارة ...` ran on into the content);
            // the words' rules read it when the tree gives none.
            self.tree_subject(s, i, range.start, end)
                .or_else(|| self.phrase(i + 1, end))
        };
        // A subject before the verb (`وكانت الولايات المتحدة وفرنسا قد هددتا`): when nothing
        // follows the verb as its subject, a clause-initial phrase before it is the speaker.
        let phrase = match phrase {
            None if !verb.participle => self.subject_before(i, range.start),
            found => found,
        };
        let (source, kind, kb_id, mut chain, head, mut after) = match &phrase {
            Some(p) => {
                let (kind, kb_id, chain) = self.resolve(p);
                let head = self.w(p.first).c.to_string();
                // A subject before the verb leaves the content after the verb.
                let mut after = (p.last + 1).max(i + 1);
                if after < end && self.w(after).punct.is_some_and(is_quote) && p.first > i + 1 {
                    after += 1;
                }
                (self.phrase_bytes(p), kind, kb_id, chain, head, after)
            }
            None => {
                // No subject: the verb continues the latest attribution nearby.
                let prior = self
                    .found
                    .iter()
                    .rev()
                    .find(|f| s.saturating_sub(f.sentence) <= 3)?
                    .clone();
                (
                    prior.source,
                    prior.kind,
                    prior.kb_id,
                    prior.chain,
                    prior.head,
                    i + 1,
                )
            }
        };
        let mut source = source;
        let mut kind = kind;
        let mut kb_id = kb_id;
        let mut head = head;
        // `نقلت X عن Y` and `... نقلاً عن Y`: Y told X.
        // `قد ذكرت، نقلاً عن مصادر محلية، أن`: commas may stand around the relay.
        let mut k = after;
        while k < end && self.w(k).punct.is_some_and(|c| c == '،' || c == ',') {
            k += 1;
        }
        let via = if verb.lemma == "نقل" && after < end && self.w(after).w == "عن" {
            Some(after + 1)
        } else if k + 1 < end && self.w(k).w == "نقلا" && self.w(k + 1).w == "عن" {
            Some(k + 2)
        } else {
            None
        };
        // `نقل` without `عن` is moving people or goods, not relaying a report.
        if verb.lemma == "نقل" && via.is_none() {
            return None;
        }
        if let Some(y) = via {
            if let Some(p) = self.phrase(y, end) {
                let (k, id, sub) = self.resolve(&p);
                chain.extend(sub);
                source = self.phrase_bytes(&p);
                kind = k;
                kb_id = id;
                head = self.w(p.first).c.to_string();
                after = p.last + 1;
            }
        }
        after = self.recipient(after, end, &mut chain);
        let content_start = match self.introducer(after, end, verb.takes) {
            Some(j) => j,
            // Verbs of announcing take a direct object (`أعلنت إسرائيل قصف ...`).
            None if phrase.is_some()
                && [
                    "أعلن",
                    "نفى",
                    "أكد",
                    "كشف",
                    "اتهم",
                    "هدد",
                    "وثق",
                    "اعتبر",
                    "أدان",
                    "وصف",
                    "ندد",
                    "توعد",
                    "تعهد",
                ]
                .contains(&verb.lemma.as_str())
                && after < end =>
            {
                after
            }
            None => return None,
        };
        self.push(Found {
            cue,
            source,
            kind,
            kb_id,
            chain,
            content: self.content_from(content_start, sentence),
            sentence: s,
            head,
            relayed: false,
        });
        // Read on from the end of the source: a cue inside a relative clause between it and
        // the content (`التي تعتبرها أنقرة`) is an attribution of its own.
        Some(after.min(content_start))
    }

    /// A prepositional cue at token `i` (`وفق ما ذكرت X`, `بحسب X`, `نقلاً عن X`, `على لسان X`).
    fn prepositional(
        &mut self,
        s: usize,
        sentence: &Range<usize>,
        range: Range<usize>,
        i: usize,
    ) -> Option<usize> {
        let end = range.end;
        let w = self.w(i).w;
        let next = |k: usize| (i + k < end).then(|| self.w(i + k));
        let mut j = match w {
            "وفق" | "وفقا" | "طبقا" | "تبعا" | "استنادا" => {
                let n = next(1)?;
                if n.w == "ما" || n.w == "لما" || n.w == "الي" {
                    i + 2
                } else if n.prep == Some('ل') || w == "وفق" {
                    i + 1
                } else {
                    return None;
                }
            }
            "بحسب" | "حسب" | "حسبما" | "بحسبما" => match next(1) {
                Some(n) if n.w == "ما" => i + 2,
                _ => i + 1,
            },
            "نقلا" if next(1).is_some_and(|n| n.w == "عن") => i + 2,
            "علي" if next(1).is_some_and(|n| n.w == "لسان") => i + 2,
            _ => return None,
        };
        // `وفق ما ذكرت` / `بحسب ما أفاد` / `وفقاً لما نقلته`: a verb before the source.
        if j < end {
            let v = &self.w(j).w;
            let bare = v.trim_end_matches("ته").trim_end_matches('ه');
            if self.stage.lexicon.verb(v).is_some() || self.stage.lexicon.verb(bare).is_some() {
                j += 1;
            }
        }
        let p = self.phrase(j, end)?;
        let cue = self.w(i).core.start..self.w(j - 1).span.end;
        let (kind, kb_id, mut chain) = self.resolve(&p);
        if kind == SourceKind::Unspecified {
            // `وفقاً لقانون ...`: according to something that is not a source.
            return None;
        }
        let source = self.phrase_bytes(&p);
        let head = self.w(p.first).c.to_string();
        let after = self.recipient(p.last + 1, end, &mut chain);
        // The cue opens the sentence: the content follows it; otherwise it is what came before.
        let opens =
            i == range.start || (i == range.start + 1 && self.w(range.start).punct.is_some());
        let content = if opens {
            let mut k = after;
            while k < end
                && (self.w(k).punct.is_some() || self.w(k).w == "فان" || self.w(k).w == "ان")
            {
                k += 1;
            }
            if k >= end {
                return Some(p.last + 1);
            }
            self.w(k).span.start..sentence_end(self.text, sentence)
        } else {
            let before = self.text[sentence.start..self.w(i).span.start]
                .trim_end_matches([' ', '،', ',', '\n']);
            let start = sentence.start
                + (self.text[sentence.start..].len()
                    - self.text[sentence.start..].trim_start().len());
            start..sentence.start + before.len()
        };
        if content.is_empty() {
            return Some(p.last + 1);
        }
        // A statement already attributed in this sentence was relayed by this source: the
        // outlet goes into that chain, before the speaker.
        if kind == SourceKind::Outlet && !opens {
            if let Some(link) = chain.last().cloned() {
                for f in self.found.iter_mut().rev().take_while(|f| f.sentence == s) {
                    if f.content.start < cue.start && !f.chain.iter().any(|l| same_link(l, &link)) {
                        f.chain
                            .insert(f.chain.len().saturating_sub(1), link.clone());
                        f.relayed = true;
                        f.content.end = f.content.end.min(content.end);
                    }
                }
            }
        }
        self.push(Found {
            cue,
            source,
            kind,
            kb_id,
            chain,
            content,
            sentence: s,
            head,
            relayed: false,
        });
        Some(p.last + 1)
    }

    fn push(&mut self, f: Found) {
        if !self.found.iter().any(|g| g.cue == f.cue) {
            self.found.push(f);
        }
    }
}

/// The end of a sentence without its trailing whitespace.
fn sentence_end(text: &str, sentence: &Range<usize>) -> usize {
    sentence.start + text[sentence.clone()].trim_end().len()
}

#[cfg(test)]
mod tests;
