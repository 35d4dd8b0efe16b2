//! Sentence parses as the rule stages read them: syntactic words with their part of speech,
//! features, lemma, head and relation, and the questions roles are read with (a word's
//! children, its preposition, the phrase it heads).
//!
//! A document's sentences are parsed when a stage first asks for one and kept for the next
//! stage ([`Parses`]): attributions and claims read the same trees, and a sentence that holds
//! no cue and no trigger is never parsed, which keeps the pipeline's speed.

use std::cell::OnceCell;
use std::ops::Range;

use isnad_core::{SyntaxSentence, SyntaxWord};
use isnad_syntax::tagger::Tagged;
use isnad_syntax::{Deprel, Scheme, SynToken, Syntax, Upos, Voice, Word};
use isnad_text::{CharIndex, TextLayer};

/// One parsed sentence.
#[derive(Debug, Clone, Default)]
pub struct Parse {
    /// The syntactic words: span, folded form and text-layer token.
    pub words: Vec<SynToken>,
    /// What the analysis says of each word; heads count from 1 (0 is the root).
    pub analysis: Vec<Word>,
    /// Each word's dependents, in order.
    children: Vec<Vec<usize>>,
}

/// One sentence's syntactic words with the tagger's part of speech and features, as no stage
/// has constrained them yet: what the entity tagger reads, and where the sentence's parse
/// starts from when it is asked for.
#[derive(Debug, Clone, Default)]
pub struct Tagging {
    /// The syntactic words: span, folded form and text-layer token.
    pub words: Vec<SynToken>,
    /// Each word's part of speech and features.
    pub tags: Vec<Tagged>,
}

impl Tagging {
    /// Tags the syntactic words of `range` (bytes of the original text).
    pub fn new(syntax: &Syntax, layer: &TextLayer, range: Range<usize>) -> Tagging {
        let words = isnad_syntax::syntactic_words(layer, range);
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        let tags = syntax.tag_only(&forms, Scheme::Ud);
        Tagging { words, tags }
    }
}

impl Parse {
    /// Parses the syntactic words of `range` (bytes of the original text), none of those
    /// inside `nominal` (spans known to be nominal, such as dates) taken for a verb.
    pub fn new(
        syntax: &Syntax,
        layer: &TextLayer,
        range: Range<usize>,
        nominal: &[Range<usize>],
    ) -> Parse {
        Parse::with_tagging(syntax, layer, range, nominal, None)
    }

    /// [`Parse::new`], starting from the sentence's tags where they were made already: they
    /// are kept unless a word they take for a verb lies in `nominal` (then the sentence is
    /// tagged again, as [`Parse::new`] tags it; otherwise that tagging would give the same
    /// tags, since the constraint changes nothing until it is broken).
    fn with_tagging(
        syntax: &Syntax,
        layer: &TextLayer,
        range: Range<usize>,
        nominal: &[Range<usize>],
        tagging: Option<&Tagging>,
    ) -> Parse {
        let words = match tagging {
            Some(t) => t.words.clone(),
            None => isnad_syntax::syntactic_words(layer, range),
        };
        let forms: Vec<String> = words.iter().map(|w| w.form.clone()).collect();
        let not_verb: Vec<bool> = words
            .iter()
            .map(|w| {
                nominal
                    .iter()
                    .any(|n| n.start <= w.span.start && w.span.end <= n.end)
            })
            .collect();
        let kept = tagging.filter(|t| {
            t.tags
                .iter()
                .zip(&not_verb)
                .all(|(t, &nv)| !nv || !matches!(t.upos, Upos::Verb | Upos::Aux))
        });
        let analysis = match kept {
            Some(t) => syntax.analyze_tagged(&forms, Scheme::Ud, t.tags.clone()),
            None => syntax.analyze_folded_with(&forms, Scheme::Ud, &not_verb),
        };
        let mut children = vec![Vec::new(); words.len()];
        for (d, w) in analysis.iter().enumerate() {
            if let Some(h) = w.head.checked_sub(1) {
                children[h].push(d);
            }
        }
        Parse {
            words,
            analysis,
            children,
        }
    }

    /// How many words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether it has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The head of word `i` (from 0), or `None` for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.analysis[i].head.checked_sub(1)
    }

    /// The relation of word `i` to its head.
    pub fn rel(&self, i: usize) -> Deprel {
        self.analysis[i].rel
    }

    /// The part of speech of word `i`.
    pub fn upos(&self, i: usize) -> Upos {
        self.analysis[i].upos
    }

    /// The lemma of word `i` (folded).
    pub fn lemma(&self, i: usize) -> &str {
        &self.analysis[i].lemma
    }

    /// The folded form of word `i`.
    pub fn form(&self, i: usize) -> &str {
        &self.words[i].form
    }

    /// The dependents of word `i`.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// The first dependent of `i` whose relation passes `test`.
    pub fn child(&self, i: usize, test: impl Fn(Deprel) -> bool) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| test(self.rel(c)))
    }

    /// Whether word `i` is a passive verb or participle.
    pub fn is_passive(&self, i: usize) -> bool {
        self.analysis[i].feats.voice == Some(Voice::Pass)
            || self.children[i]
                .iter()
                .any(|&c| matches!(self.rel(c), Deprel::NsubjPass | Deprel::AuxPass))
    }

    /// The preposition on word `i` (its `case` dependent, folded), e.g. `من`, `الي`, `ب`.
    pub fn preposition(&self, i: usize) -> Option<&str> {
        self.child(i, |r| r == Deprel::Case).map(|c| self.form(c))
    }

    /// The words of the phrase `i` heads, as a contiguous range: `i` and every word below it,
    /// without the leading preposition or conjunction and without what `keep` refuses (a
    /// relative clause, a clause of its own), stopping at punctuation that ends the phrase.
    pub fn phrase(&self, i: usize, keep: impl Fn(&Parse, usize) -> bool) -> Range<usize> {
        let mut lo = i;
        let mut hi = i;
        let mut stack = vec![i];
        while let Some(w) = stack.pop() {
            for &c in &self.children[w] {
                if matches!(self.rel(c), Deprel::Case | Deprel::Cc | Deprel::Mark) && c < i {
                    continue;
                }
                if self.rel(c) == Deprel::Punct || !keep(self, c) {
                    continue;
                }
                lo = lo.min(c);
                hi = hi.max(c);
                stack.push(c);
            }
        }
        // Holes (a refused dependent between two kept ones) are closed over; the edges are
        // trimmed of punctuation, conjunctions and prepositions left dangling.
        while lo < hi
            && (self.upos(hi) == Upos::Punct
                || matches!(self.rel(hi), Deprel::Cc | Deprel::Case | Deprel::Mark))
        {
            hi -= 1;
        }
        while lo < hi
            && matches!(
                self.rel(lo),
                Deprel::Cc | Deprel::Case | Deprel::Mark | Deprel::Punct
            )
        {
            lo += 1;
        }
        lo..hi + 1
    }

    /// Word `i` and every word below it, in order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            out.extend_from_slice(&self.children[out[k]]);
            k += 1;
        }
        out.sort_unstable();
        out
    }

    /// Whether `a` is `b` or below it.
    pub fn dominates(&self, b: usize, a: usize) -> bool {
        let mut x = Some(a);
        let mut steps = 0;
        while let Some(w) = x {
            if w == b {
                return true;
            }
            steps += 1;
            if steps > self.len() {
                return false;
            }
            x = self.head(w);
        }
        false
    }

    /// The bytes of the words `range`.
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        let first = &self.words[range.start];
        let last = &self.words[range.end.max(range.start + 1) - 1];
        first.span.start..last.span.end
    }

    /// The word whose span holds byte `at`, if any.
    pub fn word_at(&self, at: usize) -> Option<usize> {
        let i = self.words.partition_point(|w| w.span.end <= at);
        (i < self.words.len() && self.words[i].span.start <= at).then_some(i)
    }
}

/// The parses of one document's sentences, made on demand, and their tags, which the entity
/// tagger reads for every sentence and a parse made later starts from.
pub struct Parses<'a> {
    layer: &'a TextLayer,
    syntax: &'a Syntax,
    sentences: Vec<OnceCell<Parse>>,
    tagged: Vec<OnceCell<Tagging>>,
    /// Spans known to be nominal (dates), set by the first stage that reads syntax.
    nominal: OnceCell<Vec<Range<usize>>>,
}

impl<'a> Parses<'a> {
    /// No sentence parsed yet.
    pub fn new(layer: &'a TextLayer, syntax: &'a Syntax) -> Parses<'a> {
        Parses {
            layer,
            syntax,
            sentences: (0..layer.sentences.len())
                .map(|_| OnceCell::new())
                .collect(),
            tagged: (0..layer.sentences.len())
                .map(|_| OnceCell::new())
                .collect(),
            nominal: OnceCell::new(),
        }
    }

    /// Tells the parser which spans (original bytes) are nominal, such as the dates the
    /// figures stage found; only the first call counts, and only sentences parsed after it.
    pub fn mark_nominal(&self, spans: impl FnOnce() -> Vec<Range<usize>>) {
        self.nominal.get_or_init(spans);
    }

    /// The text layer the parses are made from.
    pub fn layer(&self) -> &'a TextLayer {
        self.layer
    }

    /// The parse of sentence `s` of the layer.
    pub fn sentence(&self, s: usize) -> &Parse {
        self.sentences[s].get_or_init(|| {
            let nominal = self.nominal.get().map_or(&[][..], Vec::as_slice);
            Parse::with_tagging(
                self.syntax,
                self.layer,
                self.layer.sentences[s].clone(),
                nominal,
                self.tagged[s].get(),
            )
        })
    }

    /// The tags of sentence `s` of the layer, before any constraint (see [`Tagging`]).
    pub fn tagging(&self, s: usize) -> &Tagging {
        self.tagged[s]
            .get_or_init(|| Tagging::new(self.syntax, self.layer, self.layer.sentences[s].clone()))
    }

    /// The parses made so far, by sentence.
    pub fn made(&self) -> impl Iterator<Item = (usize, &Parse)> {
        self.sentences
            .iter()
            .enumerate()
            .filter_map(|(s, p)| p.get().map(|p| (s, p)))
    }
}

/// Every sentence's syntax as the report prints it (code points, UD v2 names): the sentences
/// the stages parsed and the others, parsed now.
pub fn report(text: &str, layer: &TextLayer, parses: &Parses<'_>) -> Vec<SyntaxSentence> {
    let index = CharIndex::new(text);
    (0..layer.sentences.len())
        .filter_map(|s| {
            let parse = parses.sentence(s);
            if parse.is_empty() {
                return None;
            }
            let (start, end) = index.char_span(layer.sentences[s].clone());
            let words = parse
                .words
                .iter()
                .zip(&parse.analysis)
                .map(|(w, a)| {
                    let (start, end) = index.char_span(w.span.clone());
                    SyntaxWord {
                        start,
                        end,
                        text: text[w.span.clone()].to_owned(),
                        lemma: a.lemma.clone(),
                        upos: a.upos.to_string(),
                        feats: a.feats.to_string(),
                        head: a.head,
                        deprel: a.rel.to_string(),
                    }
                })
                .collect();
            Some(SyntaxSentence { start, end, words })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_parsed_once_and_only_when_asked() {
        let text = "نقلت القوات الأمريكية 750 معتقلاً من سجن الصناعة. وقال المصدر إن الأمر انتهى.";
        let layer = TextLayer::new(text);
        let parses = Parses::new(&layer, Syntax::bundled());
        assert_eq!(parses.made().count(), 0);
        let first = parses.sentence(0);
        assert_eq!(first.form(0), "نقلت");
        assert_eq!(parses.made().count(), 1);
        let root = (0..first.len()).find(|&i| first.head(i).is_none()).unwrap();
        assert_eq!(first.upos(root), Upos::Verb, "{first:?}");
        assert_eq!(first.lemma(0), "نقل");
    }

    /// A parse made from the tags the entity tagger asked for is the parse made afresh, with
    /// or without spans known to be nominal (a word of a date is tagged again if it was taken
    /// for a verb).
    #[test]
    fn a_parse_from_the_tags_is_the_parse_made_afresh() {
        let text = "وقصفت الطائرات ظهر الثلاثاء مواقع في ريف حلب. وقال المصدر إن الأمر انتهى.";
        let layer = TextLayer::new(text);
        let date = text.find("ظهر").unwrap()..text.find(" مواقع").unwrap();
        // The case worth testing: unconstrained, `ظهر` ("noon", "he appeared") is a verb.
        let tags = Tagging::new(Syntax::bundled(), &layer, layer.sentences[0].clone());
        let noon = tags.words.iter().position(|w| w.form == "ظهر").unwrap();
        assert_eq!(
            tags.tags[noon].upos,
            Upos::Verb,
            "pick a date word taken for a verb"
        );
        for nominal in [vec![], vec![date]] {
            let fresh = Parses::new(&layer, Syntax::bundled());
            fresh.mark_nominal(|| nominal.clone());
            let tagged = Parses::new(&layer, Syntax::bundled());
            for s in 0..layer.sentences.len() {
                tagged.tagging(s);
            }
            tagged.mark_nominal(|| nominal.clone());
            for s in 0..layer.sentences.len() {
                let (a, b) = (fresh.sentence(s), tagged.sentence(s));
                assert_eq!(a.words, b.words);
                assert_eq!(a.analysis, b.analysis, "{nominal:?}");
            }
        }
    }
}
