//! The tagger's features: what a CRF sees of each word.
//!
//! For word *i* (attribute names are short because the model stores them):
//!
//! * identity: the folded word `w`, its stem without clitics `s` (isnad-text's splitter, so
//!   `بالحسكة` shares weights with `الحسكة` and `حسكة`), the proclitics `pre` (`w` و/ف,
//!   `b` ب/ل/ك, `a` the article) and an attached pronoun;
//! * affixes of the stem: prefixes of 2 and 3 letters, suffixes of 1 to 3 (ي of nisba
//!   adjectives, ة, ون/ين of plurals, ستان of country names);
//! * shape: word, Latin, number, punctuation; stem length;
//! * clusters: the fine and coarse cluster of the stem (see `clusters.rs`), the best signal for
//!   names never seen in training;
//! * corpus cues: how often the stem follows a person title, a place word or an organisation
//!   word in the news corpus (`clusters::CUES`), a name lexicon learnt without labels;
//! * label priors: how often the context model tags the stem as a person, place,
//!   organisation or other name over the news corpus (`priors.rs`), in buckets: what the
//!   corpus says of a name ANERcorp never tagged;
//! * gazetteer: whether the word lies in a knowledge-base name found by the longest-match
//!   walk (`g=B-LOC`, `g=I-ORG`, ...), so the model learns how far to trust the KB;
//! * triggers: the pattern words of `data/ner/patterns.txt` (titles, `head` nouns, cues);
//! * syntax: the syntax tagger's part of speech, definiteness, case, number and gender of the
//!   word's stem, tagged in its sentence (`pos.rs`; the word's own only: its neighbours' parts
//!   of speech and bigrams of them did worse on the dev split);
//! * context: identity, cluster, gazetteer and trigger of the words at ±1 and ±2, stems and
//!   affixes of the words at ±1, stem and coarse-cluster bigrams with both neighbours, and
//!   sentence edges.
//!
//! A feature is a template of [`TEMPLATES`] with its values; [`emit`] hands them to a
//! [`Sink`] as numbers (the tagger's lookups) and [`sentence`] spells them out as the names the
//! model stores (training). A new feature is a line in `TEMPLATES` and a call in `emit`, and a
//! retrained model.

use crfs::Attribute;
use isnad_kb::Kb;
use isnad_text::TokenKind;

use super::clusters::Clusters;
use super::gazetteer::{Gazetteer, Match};
use super::patterns::Patterns;
use super::words::Word;

/// Everything feature extraction reads besides the words.
pub(crate) struct FeatureContext<'a> {
    pub kb: &'a Kb,
    pub gazetteer: &'a Gazetteer,
    pub clusters: &'a Clusters,
    pub patterns: &'a Patterns,
}

/// The feature templates: a name and how many values follow it. A feature's name, as the
/// model stores it, is the template's name alone (no values), `name=a` (one) or `name=a|b`
/// (two). [`emit`] gives templates by their index here.
pub(crate) const TEMPLATES: [(&str, u8); 71] = [
    ("b", 0),
    ("w", 1),
    ("s", 1),
    ("pre", 1),
    ("pro", 0),
    ("p2", 1),
    ("p3", 1),
    ("x1", 1),
    ("x2", 1),
    ("x3", 1),
    ("k", 1),
    ("len", 1),
    ("qP", 1),
    ("qL", 1),
    ("qO", 1),
    ("c", 1),
    ("cc", 1),
    ("g", 1),
    ("t", 1),
    ("g|c", 2),
    // Context, by offset -2, -1, +1, +2.
    ("edge-2", 0),
    ("edge-1", 0),
    ("edge1", 0),
    ("edge2", 0),
    ("w-2", 1),
    ("w-1", 1),
    ("w1", 1),
    ("w2", 1),
    ("c-2", 1),
    ("c-1", 1),
    ("c1", 1),
    ("c2", 1),
    ("cc-2", 1),
    ("cc-1", 1),
    ("cc1", 1),
    ("cc2", 1),
    ("g-2", 1),
    ("g-1", 1),
    ("g1", 1),
    ("g2", 1),
    ("t-2", 1),
    ("t-1", 1),
    ("t1", 1),
    ("t2", 1),
    // Only the offsets -1 and +1.
    ("qP-1", 1),
    ("qL-1", 1),
    ("qO-1", 1),
    ("qP1", 1),
    ("qL1", 1),
    ("qO1", 1),
    ("s-1", 1),
    ("s1", 1),
    ("pre-1", 1),
    ("pre1", 1),
    ("x2-1", 1),
    ("x21", 1),
    ("p3-1", 1),
    ("p31", 1),
    // Bigrams with the neighbours.
    ("s-1|s", 2),
    ("cc-1|cc", 2),
    ("s|s1", 2),
    ("cc|cc1", 2),
    // Corpus label priors (person, place, organisation, other).
    ("lP", 1),
    ("lL", 1),
    ("lO", 1),
    ("lM", 1),
    // The syntax tagger's reading of the stem (`pos.rs`): part of speech, definiteness, case,
    // number and gender.
    ("u", 1),
    ("fd", 1),
    ("fc", 1),
    ("fn", 1),
    ("fg", 1),
];

// Indices into TEMPLATES.
const B: u8 = 0;
const W: u8 = 1;
const S: u8 = 2;
const PRE: u8 = 3;
const PRO: u8 = 4;
const P: u8 = 5;
const X: u8 = 7;
const K: u8 = 10;
const LEN: u8 = 11;
const Q: u8 = 12;
const C: u8 = 15;
const CC: u8 = 16;
const G: u8 = 17;
const T: u8 = 18;
const GC: u8 = 19;
const EDGE: u8 = 20;
const CTX_W: u8 = 24;
const CTX_C: u8 = 28;
const CTX_CC: u8 = 32;
const CTX_G: u8 = 36;
const CTX_T: u8 = 40;
const SIDE_Q: u8 = 44;
const SIDE_S: u8 = 50;
const SIDE_PRE: u8 = 52;
const SIDE_X2: u8 = 54;
const SIDE_P3: u8 = 56;
const S_PREV: u8 = 58;
const CC_PREV: u8 = 59;
const S_NEXT: u8 = 60;
const CC_NEXT: u8 = 61;
const PRIOR: u8 = 62;
const U: u8 = 66;
const FEATS: u8 = 67;

/// Where the features of a sentence go. Values (words, stems, cluster ids, ...) are handed
/// over once a word and come back as numbers, which the features then name; so the tagger
/// looks each value up once, not once for every feature that repeats it.
pub(crate) trait Sink {
    /// A number for the value `s`, for [`Sink::feature`].
    fn value(&mut self, s: &str) -> u32;
    /// The features that follow are word `i`'s.
    fn word(&mut self, i: usize);
    /// One feature of the current word (its weight as an attribute is 1): template `template`
    /// of [`TEMPLATES`] with the values `a` and `b` (as many as it takes; the others are 0).
    fn feature(&mut self, template: u8, a: u32, b: u32);
}

/// A string of up to seven bytes kept inline: a cluster id or a digit.
#[derive(Clone, Copy)]
struct Short {
    len: u8,
    bytes: [u8; 7],
}

impl Short {
    /// The decimal digits of `n`, as `format!("{n}")` writes them.
    fn number(mut n: u16) -> Short {
        let mut digits = [0; 7];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let mut bytes = [0; 7];
        let len = digits.len() - at;
        bytes[..len].copy_from_slice(&digits[at..]);
        Short {
            len: len as u8,
            bytes,
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

/// Per-word values as the sink numbered them, computed once a sentence and read by the word
/// and its neighbours. All but `g` depend only on the word's forms (see [`word_values`]).
#[derive(Clone, Copy, Default)]
pub(crate) struct Local {
    w: u32,
    s: u32,
    pre: u32,
    c: u32,
    cc: u32,
    /// The gazetteer code, set per sentence.
    pub g: u32,
    t: u32,
    /// Corpus cue buckets (person, place, organisation); `None` when 0.
    q: [Option<u32>; 3],
    /// Corpus label prior buckets (person, place, organisation, other); `None` when 0 or
    /// unknown.
    lp: [Option<u32>; 4],
    /// Prefixes of the stem of 2 and 3 letters.
    p: [Option<u32>; 2],
    /// Suffixes of the stem of 1 to 3 letters.
    x: [Option<u32>; 3],
    /// The word's kind.
    k: u32,
    /// The stem's length in letters, up to 8.
    len: u32,
    /// The stem's part of speech; `None` when the sentence was not tagged (the model reads
    /// none).
    u: Option<u32>,
    /// The stem's definiteness, case, number and gender, where it has them.
    f: [Option<u32>; 4],
}

pub(crate) fn kind_code(k: TokenKind) -> &'static str {
    match k {
        TokenKind::Word => "W",
        TokenKind::Latin => "L",
        TokenKind::Number => "N",
        TokenKind::Punct => "P",
        _ => "S",
    }
}

fn prefix(s: &str, n: usize) -> Option<&str> {
    let mut it = s.char_indices();
    let end = it.nth(n).map_or(s.len(), |(i, _)| i);
    (s.chars().count() > n).then_some(&s[..end])
}

fn suffix(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count <= n {
        return None;
    }
    let start = s.char_indices().nth(count - n).map(|(i, _)| i)?;
    Some(&s[start..])
}

const DIGITS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

/// The gazetteer feature value of a word in a knowledge-base name of type `t`.
fn gaz_code(begin: bool, t: isnad_core::EntityType) -> &'static str {
    use isnad_core::EntityType::*;
    match (begin, t) {
        (true, Per) => "B-PER",
        (false, Per) => "I-PER",
        (true, Org) => "B-ORG",
        (false, Org) => "I-ORG",
        (true, Loc) => "B-LOC",
        (false, Loc) => "I-LOC",
        (true, Fac) => "B-FAC",
        (false, Fac) => "I-FAC",
        (true, _) => "B-MISC",
        (false, _) => "I-MISC",
    }
}

/// Which features a model reads: all of them (the tagger), or only a word's context
/// ([`emit_context`], the context model behind the corpus label priors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Features {
    All,
    Context,
}

/// The attributes of every word of one sentence, as strings (for training).
pub(crate) fn sentence(
    ctx: &FeatureContext<'_>,
    words: &[Word],
    which: Features,
) -> Vec<Vec<Attribute>> {
    struct Collect {
        values: Vec<String>,
        out: Vec<Vec<Attribute>>,
    }
    impl Sink for Collect {
        fn value(&mut self, s: &str) -> u32 {
            self.values.push(s.to_owned());
            self.values.len() as u32 - 1
        }
        fn word(&mut self, _: usize) {
            self.out.push(Vec::with_capacity(48));
        }
        fn feature(&mut self, template: u8, a: u32, b: u32) {
            let (name, arity) = TEMPLATES[template as usize];
            let mut f = name.to_owned();
            if arity > 0 {
                f.push('=');
                f.push_str(&self.values[a as usize]);
            }
            if arity > 1 {
                f.push('|');
                f.push_str(&self.values[b as usize]);
            }
            if let Some(a) = self.out.last_mut() {
                a.push(Attribute::new(f, 1.0));
            }
        }
    }
    let mut out = Collect {
        values: Vec::new(),
        out: Vec::with_capacity(words.len()),
    };
    match which {
        Features::All => emit(ctx, words, &mut out),
        Features::Context => emit_context(ctx, words, &mut out),
    }
    out.out
}

/// The values of word `w` that depend on its forms alone (`g` is left 0, for [`emit`]).
pub(crate) fn word_values<S: Sink>(ctx: &FeatureContext<'_>, w: &Word, sink: &mut S) -> Local {
    let known = ctx.clusters.lookup(&w.stem);
    let (c, cc) = match known.ids {
        Some((f, c)) => (
            sink.value(Short::number(f).as_str()),
            sink.value(Short::number(c).as_str()),
        ),
        None if w.kind == TokenKind::Word => (sink.value("?"), sink.value("?")),
        None => (sink.value(kind_code(w.kind)), sink.value(kind_code(w.kind))),
    };
    let s = &*w.stem;
    Local {
        w: sink.value(&w.whole),
        s: sink.value(s),
        pre: sink.value(&w.pre),
        c,
        cc,
        g: 0,
        t: sink.value(ctx.patterns.trigger(w).unwrap_or("-")),
        q: known
            .cues
            .map(|b| (b > 0).then(|| sink.value(DIGITS[usize::from(b)]))),
        lp: known
            .priors
            .unwrap_or_default()
            .map(|b| (b > 0).then(|| sink.value(DIGITS[usize::from(b)]))),
        p: [prefix(s, 2), prefix(s, 3)].map(|p| p.map(|p| sink.value(p))),
        x: [suffix(s, 1), suffix(s, 2), suffix(s, 3)].map(|x| x.map(|x| sink.value(x))),
        k: sink.value(kind_code(w.kind)),
        len: sink.value(DIGITS[s.chars().count().min(8)]),
        u: w.pos.map(|t| sink.value(t.upos.as_str())),
        f: match w.pos {
            Some(t) => [
                t.feats.definite.map(|v| sink.value(v.as_str())),
                t.feats.case.map(|v| sink.value(v.as_str())),
                t.feats.number.map(|v| sink.value(v.as_str())),
                t.feats.gender.map(|v| sink.value(v.as_str())),
            ],
            None => [None; 4],
        },
    }
}

/// The gazetteer code of each of `n` words of a sentence (`None` outside every knowledge-base
/// name), from the longest-match walk's matches `found`.
pub(crate) fn gazetteer_codes(
    ctx: &FeatureContext<'_>,
    n: usize,
    found: &[Match],
) -> Vec<Option<&'static str>> {
    let mut gaz: Vec<Option<&'static str>> = vec![None; n];
    for m in found {
        let ty = ctx.kb.entry(m.entry).entity_type;
        for (k, g) in gaz.iter_mut().enumerate().take(m.end).skip(m.start) {
            *g = Some(gaz_code(k == m.start, ty));
        }
    }
    gaz
}

/// The values of every word of a sentence, gazetteer codes included.
fn locals<S: Sink>(ctx: &FeatureContext<'_>, words: &[Word], sink: &mut S) -> Vec<Local> {
    let gaz = gazetteer_codes(ctx, words.len(), &ctx.gazetteer.find(words));
    words
        .iter()
        .zip(&gaz)
        .map(|(w, g)| {
            let mut local = word_values(ctx, w, sink);
            local.g = sink.value(g.unwrap_or("O"));
            local
        })
        .collect()
}

/// Writes the features of every word of one sentence into `sink`, word by word, in a fixed
/// order (the order matters to the tagger only as the order its weights are summed in).
/// The order is that of the parts below, which the tagger also replays one by one.
pub(crate) fn emit<S: Sink>(ctx: &FeatureContext<'_>, words: &[Word], sink: &mut S) {
    let local = locals(ctx, words, sink);
    for (i, (w, l)) in words.iter().zip(&local).enumerate() {
        sink.word(i);
        let mut feature = |t, a, b| sink.feature(t, a, b);
        own_features(l, w.pronoun, &mut feature);
        gazetteer_features(l, &mut feature);
        slot_features(i, &local, &mut feature);
        let before = i.checked_sub(1).map(|j| &local[j]);
        bigram_features(before, l, local.get(i + 1), &mut feature);
        own_pos_features(l, &mut feature);
    }
}

/// Writes the features of the *context model* for every word of one sentence: what the
/// word's neighbours say of it, and its clitics, but nothing of the word itself (no form,
/// stem, affixes, cluster, cues or gazetteer code). Tagging the news corpus with a model
/// trained on these gives each stem a label distribution learnt from its contexts alone
/// (`priors.rs`), with nothing the model could have memorised of the training words.
pub(crate) fn emit_context<S: Sink>(ctx: &FeatureContext<'_>, words: &[Word], sink: &mut S) {
    let local = locals(ctx, words, sink);
    for (i, (w, l)) in words.iter().zip(&local).enumerate() {
        sink.word(i);
        let mut feature = |t, a, b| sink.feature(t, a, b);
        feature(B, 0, 0);
        feature(PRE, l.pre, 0);
        if w.pronoun {
            feature(PRO, 0, 0);
        }
        feature(K, l.k, 0);
        slot_features(i, &local, &mut feature);
    }
}

/// What the neighbours of word `i` of a sentence (its values `local`) lend it, slot by slot,
/// and an edge feature for each slot past the sentence's ends.
fn slot_features(i: usize, local: &[Local], feature: &mut impl FnMut(u8, u32, u32)) {
    for (slot, d) in (0u8..).zip(SLOTS) {
        match i.checked_add_signed(d).and_then(|j| local.get(j)) {
            Some(o) => neighbour_features(slot, o, feature),
            None => feature(EDGE + slot, 0, 0),
        }
    }
}

/// The offsets of the context slots, in the order their features are written.
pub(crate) const SLOTS: [isize; 4] = [-2, -1, 1, 2];

/// The feature written for context slot `slot` past the sentence's edge.
pub(crate) fn edge_template(slot: u8) -> u8 {
    EDGE + slot
}

/// Whether a template reads the syntax tagger's reading of a word (`pos.rs`): a model without
/// any such feature need not have its sentences tagged.
pub(crate) fn reads_pos(template: u8) -> bool {
    template >= U
}

/// Whether a template reads the gazetteer code (which depends on the sentence, not only on
/// the word's forms).
pub(crate) fn reads_gazetteer(template: u8) -> bool {
    template == G || template == GC || (CTX_G..CTX_G + 4).contains(&template)
}

/// A word's features that depend on its forms alone and come before its gazetteer code:
/// bias, word, stem, clitics, affixes, shape, corpus cues and clusters.
pub(crate) fn own_features(l: &Local, pronoun: bool, feature: &mut impl FnMut(u8, u32, u32)) {
    feature(B, 0, 0);
    feature(W, l.w, 0);
    feature(S, l.s, 0);
    feature(PRE, l.pre, 0);
    if pronoun {
        feature(PRO, 0, 0);
    }
    for (t, p) in (P..).zip(l.p) {
        if let Some(p) = p {
            feature(t, p, 0);
        }
    }
    for (t, x) in (X..).zip(l.x) {
        if let Some(x) = x {
            feature(t, x, 0);
        }
    }
    feature(K, l.k, 0);
    feature(LEN, l.len, 0);
    for (t, q) in (Q..).zip(l.q) {
        if let Some(q) = q {
            feature(t, q, 0);
        }
    }
    feature(C, l.c, 0);
    feature(CC, l.cc, 0);
    for (t, p) in (PRIOR..).zip(l.lp) {
        if let Some(p) = p {
            feature(t, p, 0);
        }
    }
}

/// A word's gazetteer code, its trigger, and the code with its coarse cluster.
pub(crate) fn gazetteer_features(l: &Local, feature: &mut impl FnMut(u8, u32, u32)) {
    feature(G, l.g, 0);
    feature(T, l.t, 0);
    feature(GC, l.g, l.cc);
}

/// Those of [`gazetteer_features`] that read the sentence ([`reads_gazetteer`]), for word `l`
/// whose gazetteer code in the sentence is `g`.
pub(crate) fn own_gazetteer_features(g: u32, l: &Local, feature: &mut impl FnMut(u8, u32, u32)) {
    feature(G, g, 0);
    feature(GC, g, l.cc);
}

/// The one of [`neighbour_features`] that reads the sentence ([`reads_gazetteer`]), for a
/// neighbour in slot `slot` whose gazetteer code in the sentence is `g`.
pub(crate) fn neighbour_gazetteer_feature(
    slot: u8,
    g: u32,
    feature: &mut impl FnMut(u8, u32, u32),
) {
    feature(CTX_G + slot, g, 0);
}

/// What word `o` lends the word whose context slot `slot` (of [`SLOTS`]) it fills.
pub(crate) fn neighbour_features(slot: u8, o: &Local, feature: &mut impl FnMut(u8, u32, u32)) {
    feature(CTX_W + slot, o.w, 0);
    feature(CTX_C + slot, o.c, 0);
    feature(CTX_CC + slot, o.cc, 0);
    feature(CTX_G + slot, o.g, 0);
    feature(CTX_T + slot, o.t, 0);
    if SLOTS[slot as usize].abs() == 1 {
        let side = u8::from(SLOTS[slot as usize] > 0);
        for (t, q) in (SIDE_Q + 3 * side..).zip(o.q) {
            if let Some(q) = q {
                feature(t, q, 0);
            }
        }
        feature(SIDE_S + side, o.s, 0);
        feature(SIDE_PRE + side, o.pre, 0);
        if let Some(x) = o.x[1] {
            feature(SIDE_X2 + side, x, 0);
        }
        if let Some(p) = o.p[1] {
            feature(SIDE_P3 + side, p, 0);
        }
    }
}

/// A word's part of speech and features, as the syntax tagger read its stem (none for a word
/// of a sentence not tagged).
pub(crate) fn own_pos_features(l: &Local, feature: &mut impl FnMut(u8, u32, u32)) {
    if let Some(u) = l.u {
        feature(U, u, 0);
    }
    for (t, f) in (FEATS..).zip(l.f) {
        if let Some(f) = f {
            feature(t, f, 0);
        }
    }
}

/// The stem and coarse-cluster bigrams of word `l` with the words before and after it.
pub(crate) fn bigram_features(
    before: Option<&Local>,
    l: &Local,
    after: Option<&Local>,
    feature: &mut impl FnMut(u8, u32, u32),
) {
    if let Some(p) = before {
        feature(S_PREV, p.s, l.s);
        feature(CC_PREV, p.cc, l.cc);
    }
    if let Some(nx) = after {
        feature(S_NEXT, l.s, nx.s);
        feature(CC_NEXT, l.cc, nx.cc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_reading_features_are_those_the_full_lists_filter() {
        let mut l = Local::default();
        (l.w, l.s, l.c, l.cc, l.g, l.t) = (1, 2, 3, 4, 5, 6);
        let mut all = Vec::new();
        gazetteer_features(&l, &mut |t, a, b| all.push((t, a, b)));
        all.retain(|f| reads_gazetteer(f.0));
        let mut direct = Vec::new();
        own_gazetteer_features(l.g, &l, &mut |t, a, b| direct.push((t, a, b)));
        assert_eq!(all, direct);
        for slot in 0..SLOTS.len() as u8 {
            let mut all = Vec::new();
            neighbour_features(slot, &l, &mut |t, a, b| all.push((t, a, b)));
            all.retain(|f| reads_gazetteer(f.0));
            let mut direct = Vec::new();
            neighbour_gazetteer_feature(slot, l.g, &mut |t, a, b| direct.push((t, a, b)));
            assert_eq!(all, direct, "slot {slot}");
        }
    }

    #[test]
    fn affixes_count_letters_not_bytes() {
        assert_eq!(prefix("حسكه", 2), Some("حس"));
        assert_eq!(suffix("حسكه", 1), Some("ه"));
        assert_eq!(suffix("حس", 2), None);
    }

    #[test]
    fn template_names_are_unique_and_the_indices_match() {
        let names: std::collections::HashSet<&str> = TEMPLATES.iter().map(|t| t.0).collect();
        assert_eq!(names.len(), TEMPLATES.len());
        for (t, name) in [
            (GC, "g|c"),
            (EDGE, "edge-2"),
            (CTX_W, "w-2"),
            (CTX_T + 3, "t2"),
            (SIDE_Q + 3, "qP1"),
            (SIDE_P3 + 1, "p31"),
            (S_PREV, "s-1|s"),
            (CC_NEXT, "cc|cc1"),
        ] {
            assert_eq!(TEMPLATES[t as usize].0, name);
        }
    }

    /// The features as they were written before templates (one `format!` each), and those of
    /// the part of speech after them: [`sentence`] must give exactly these, in this order.
    fn reference(ctx: &FeatureContext<'_>, words: &[Word]) -> Vec<Vec<String>> {
        let mut gaz = vec![String::new(); words.len()];
        for m in ctx.gazetteer.find(words) {
            let ty = &gaz_code(true, ctx.kb.entry(m.entry).entity_type)[2..];
            for (k, g) in gaz.iter_mut().enumerate().take(m.end).skip(m.start) {
                *g = format!("{}-{ty}", if k == m.start { 'B' } else { 'I' });
            }
        }
        struct L {
            w: String,
            s: String,
            c: String,
            cc: String,
            g: String,
            t: &'static str,
        }
        let local: Vec<L> = words
            .iter()
            .zip(&gaz)
            .map(|(w, g)| {
                let (c, cc) = match ctx.clusters.get(&w.stem) {
                    Some((f, c)) => (f.to_string(), c.to_string()),
                    None if w.kind == TokenKind::Word => ("?".to_owned(), "?".to_owned()),
                    None => (kind_code(w.kind).to_owned(), kind_code(w.kind).to_owned()),
                };
                L {
                    w: w.whole.to_string(),
                    s: w.stem.to_string(),
                    c,
                    cc,
                    g: if g.is_empty() {
                        "O".to_owned()
                    } else {
                        g.clone()
                    },
                    t: ctx.patterns.trigger(w).unwrap_or("-"),
                }
            })
            .collect();
        let n = words.len();
        let mut out = Vec::new();
        for i in 0..n {
            let w = &words[i];
            let l = &local[i];
            let mut a: Vec<String> = Vec::new();
            let mut push = |name: String| a.push(name);
            push("b".to_owned());
            push(format!("w={}", l.w));
            push(format!("s={}", l.s));
            push(format!("pre={}", w.pre));
            if w.pronoun {
                push("pro".to_owned());
            }
            for k in 2..=3 {
                if let Some(p) = prefix(&l.s, k) {
                    push(format!("p{k}={p}"));
                }
            }
            for k in 1..=3 {
                if let Some(x) = suffix(&l.s, k) {
                    push(format!("x{k}={x}"));
                }
            }
            push(format!("k={}", kind_code(w.kind)));
            push(format!("len={}", l.s.chars().count().min(8)));
            let cues = ctx.clusters.cues(&l.s);
            for (k, b) in ["P", "L", "O"].iter().zip(cues) {
                if b > 0 {
                    push(format!("q{k}={b}"));
                }
            }
            push(format!("c={}", l.c));
            push(format!("cc={}", l.cc));
            let priors = ctx.clusters.priors(&l.s).unwrap_or_default();
            for (k, b) in ["P", "L", "O", "M"].iter().zip(priors) {
                if b > 0 {
                    push(format!("l{k}={b}"));
                }
            }
            push(format!("g={}", l.g));
            push(format!("t={}", l.t));
            push(format!("g|c={}|{}", l.g, l.cc));
            for d in [-2i32, -1, 1, 2] {
                let j = i as i32 + d;
                if j < 0 || j >= n as i32 {
                    push(format!("edge{d}"));
                    continue;
                }
                let o = &local[j as usize];
                push(format!("w{d}={}", o.w));
                push(format!("c{d}={}", o.c));
                push(format!("cc{d}={}", o.cc));
                push(format!("g{d}={}", o.g));
                push(format!("t{d}={}", o.t));
                if d.abs() == 1 {
                    let cues = ctx.clusters.cues(&o.s);
                    for (k, b) in ["P", "L", "O"].iter().zip(cues) {
                        if b > 0 {
                            push(format!("q{k}{d}={b}"));
                        }
                    }
                    push(format!("s{d}={}", o.s));
                    push(format!("pre{d}={}", words[j as usize].pre));
                    if let Some(x) = suffix(&o.s, 2) {
                        push(format!("x2{d}={x}"));
                    }
                    if let Some(p) = prefix(&o.s, 3) {
                        push(format!("p3{d}={p}"));
                    }
                }
            }
            if i > 0 {
                push(format!("s-1|s={}|{}", local[i - 1].s, l.s));
                push(format!("cc-1|cc={}|{}", local[i - 1].cc, l.cc));
            }
            if i + 1 < n {
                push(format!("s|s1={}|{}", l.s, local[i + 1].s));
                push(format!("cc|cc1={}|{}", l.cc, local[i + 1].cc));
            }
            if let Some(t) = w.pos {
                let f = t.feats;
                push(format!("u={}", t.upos));
                let named = [
                    ("fd", f.definite.map(|v| v.as_str())),
                    ("fc", f.case.map(|v| v.as_str())),
                    ("fn", f.number.map(|v| v.as_str())),
                    ("fg", f.gender.map(|v| v.as_str())),
                ];
                for (name, v) in named {
                    if let Some(v) = v {
                        push(format!("{name}={v}"));
                    }
                }
            }
            out.push(a);
        }
        out
    }

    #[test]
    fn the_features_are_those_the_model_was_trained_on() {
        let kb = Kb::bundled();
        let gazetteer = Gazetteer::new(&kb);
        let clusters = Clusters::bundled();
        let patterns = Patterns::bundled();
        let ctx = FeatureContext {
            kb: &kb,
            gazetteer: &gazetteer,
            clusters: &clusters,
            patterns: &patterns,
        };
        for text in [
            "قال الرئيس الأمريكي دونالد ترامب إن قوات سوريا الديمقراطية وصلت بالحسكة .",
            "وأعلنت وزارة الدفاع في دمشق عن 12 قتيلا | و CNN .",
            "كتبوه",
            "",
        ] {
            let split: Vec<&str> = text.split(' ').collect();
            // Without the syntax tagger's reading (a model that does not read it) and with.
            for read in [false, true] {
                let words = super::super::pos::words(&split, read);
                assert!(text.is_empty() || words.iter().all(|w| w.pos.is_some() == read));
                let got: Vec<Vec<String>> = sentence(&ctx, &words, Features::All)
                    .into_iter()
                    .map(|a| a.into_iter().map(|a| a.name).collect())
                    .collect();
                assert_eq!(got, reference(&ctx, &words), "{text}");
            }
        }
    }
}
