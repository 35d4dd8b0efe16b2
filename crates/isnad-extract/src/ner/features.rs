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
//! * gazetteer: whether the word lies in a knowledge-base name found by the longest-match
//!   walk (`g=B-LOC`, `g=I-ORG`, ...), so the model learns how far to trust the KB;
//! * triggers: the pattern words of `data/ner/patterns.txt` (titles, `head` nouns, cues);
//! * context: identity, cluster, gazetteer and trigger of the words at ±1 and ±2, stems and
//!   affixes of the words at ±1, stem and coarse-cluster bigrams with both neighbours, and
//!   sentence edges.

use crfs::Attribute;
use isnad_kb::Kb;
use isnad_text::TokenKind;

use super::clusters::Clusters;
use super::gazetteer::Gazetteer;
use super::patterns::Patterns;
use super::words::Word;

/// Everything feature extraction reads besides the words.
pub(crate) struct FeatureContext<'a> {
    pub kb: &'a Kb,
    pub gazetteer: &'a Gazetteer,
    pub clusters: &'a Clusters,
    pub patterns: &'a Patterns,
}

/// Where the features of a sentence go: told of each word in turn, then given each of its
/// features' names (the tagger looks them up at once, training keeps them).
pub(crate) trait Sink {
    /// The features that follow are word `i`'s.
    fn word(&mut self, i: usize);
    /// One feature of the current word (its value is 1).
    fn feature(&mut self, name: &str);
}

/// A string of up to seven bytes kept inline: a cluster id or a one-letter class.
#[derive(Clone, Copy)]
struct Short {
    len: u8,
    bytes: [u8; 7],
}

impl Short {
    fn new(s: &str) -> Short {
        let mut bytes = [0; 7];
        let len = s.len().min(7);
        bytes[..len].copy_from_slice(&s.as_bytes()[..len]);
        Short {
            len: len as u8,
            bytes,
        }
    }

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

/// Per-word values, computed once a sentence and read by the word and its neighbours.
struct Local<'w> {
    w: &'w str,
    s: &'w str,
    pre: &'w str,
    c: Short,
    cc: Short,
    g: &'static str,
    t: &'static str,
    /// Corpus cue buckets (person, place, organisation), as digits; `None` when 0.
    q: [Option<Short>; 3],
    /// Prefixes of the stem of 2 and 3 letters.
    p: [Option<&'w str>; 2],
    /// Suffixes of the stem of 1 to 3 letters.
    x: [Option<&'w str>; 3],
    /// `len=` and the stem's length in letters, up to 8.
    len: &'static str,
}

fn kind_code(k: TokenKind) -> &'static str {
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

const LEN: [&str; 9] = [
    "len=0", "len=1", "len=2", "len=3", "len=4", "len=5", "len=6", "len=7", "len=8",
];

// The names of the context features, by offset -2, -1, +1, +2 (`w-2=`, `w1=`, ...), and by
// cue type; the offsets ±1 only for the features only they have.
const EDGE: [&str; 4] = ["edge-2", "edge-1", "edge1", "edge2"];
const W: [&str; 4] = ["w-2=", "w-1=", "w1=", "w2="];
const C: [&str; 4] = ["c-2=", "c-1=", "c1=", "c2="];
const CC: [&str; 4] = ["cc-2=", "cc-1=", "cc1=", "cc2="];
const G: [&str; 4] = ["g-2=", "g-1=", "g1=", "g2="];
const T: [&str; 4] = ["t-2=", "t-1=", "t1=", "t2="];
const Q: [[&str; 3]; 2] = [["qP-1=", "qL-1=", "qO-1="], ["qP1=", "qL1=", "qO1="]];
const S: [&str; 2] = ["s-1=", "s1="];
const PRE: [&str; 2] = ["pre-1=", "pre1="];
const X2: [&str; 2] = ["x2-1=", "x21="];
const P3: [&str; 2] = ["p3-1=", "p31="];
const Q0: [&str; 3] = ["qP=", "qL=", "qO="];
const P0: [&str; 2] = ["p2=", "p3="];
const X0: [&str; 3] = ["x1=", "x2=", "x3="];

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

/// Writes each feature into one reused buffer and hands it to the sink.
struct Writer<'s, S> {
    buf: String,
    sink: &'s mut S,
}

impl<S: Sink> Writer<'_, S> {
    #[inline]
    fn put(&mut self, parts: &[&str]) {
        self.buf.clear();
        for p in parts {
            self.buf.push_str(p);
        }
        self.sink.feature(&self.buf);
    }
}

/// The attributes of every word of one sentence, as strings (for training).
pub(crate) fn sentence(ctx: &FeatureContext<'_>, words: &[Word]) -> Vec<Vec<Attribute>> {
    struct Collect(Vec<Vec<Attribute>>);
    impl Sink for Collect {
        fn word(&mut self, _: usize) {
            self.0.push(Vec::with_capacity(48));
        }
        fn feature(&mut self, name: &str) {
            if let Some(a) = self.0.last_mut() {
                a.push(Attribute::new(name, 1.0));
            }
        }
    }
    let mut out = Collect(Vec::with_capacity(words.len()));
    emit(ctx, words, &mut out);
    out.0
}

/// Writes the features of every word of one sentence into `sink`, word by word, in a fixed
/// order (the order matters to the tagger only as the order its weights are summed in).
pub(crate) fn emit<S: Sink>(ctx: &FeatureContext<'_>, words: &[Word], sink: &mut S) {
    let mut gaz: Vec<Option<&'static str>> = vec![None; words.len()];
    for m in ctx.gazetteer.find(words) {
        let ty = ctx.kb.entry(m.entry).entity_type;
        for (k, g) in gaz.iter_mut().enumerate().take(m.end).skip(m.start) {
            *g = Some(gaz_code(k == m.start, ty));
        }
    }
    let local: Vec<Local<'_>> = words
        .iter()
        .zip(&gaz)
        .map(|(w, g)| {
            let (ids, cues) = ctx.clusters.lookup(&w.stem);
            let (c, cc) = match ids {
                Some((f, c)) => (Short::number(f), Short::number(c)),
                None if w.kind == TokenKind::Word => (Short::new("?"), Short::new("?")),
                None => (Short::new(kind_code(w.kind)), Short::new(kind_code(w.kind))),
            };
            let s = w.stem.as_str();
            Local {
                w: &w.whole,
                s,
                pre: &w.pre,
                c,
                cc,
                g: g.unwrap_or("O"),
                t: ctx.patterns.trigger(w).unwrap_or("-"),
                q: cues.map(|b| (b > 0).then(|| Short::number(u16::from(b)))),
                p: [prefix(s, 2), prefix(s, 3)],
                x: [suffix(s, 1), suffix(s, 2), suffix(s, 3)],
                len: LEN[s.chars().count().min(8)],
            }
        })
        .collect();
    let n = words.len();
    let mut out = Writer {
        buf: String::with_capacity(64),
        sink,
    };
    for i in 0..n {
        let w = &words[i];
        let l = &local[i];
        out.sink.word(i);
        out.put(&["b"]);
        out.put(&["w=", l.w]);
        out.put(&["s=", l.s]);
        out.put(&["pre=", l.pre]);
        if w.pronoun {
            out.put(&["pro"]);
        }
        for (name, p) in P0.iter().zip(l.p) {
            if let Some(p) = p {
                out.put(&[name, p]);
            }
        }
        for (name, x) in X0.iter().zip(l.x) {
            if let Some(x) = x {
                out.put(&[name, x]);
            }
        }
        out.put(&["k=", kind_code(w.kind)]);
        out.put(&[l.len]);
        for (name, q) in Q0.iter().zip(&l.q) {
            if let Some(q) = q {
                out.put(&[name, q.as_str()]);
            }
        }
        out.put(&["c=", l.c.as_str()]);
        out.put(&["cc=", l.cc.as_str()]);
        out.put(&["g=", l.g]);
        out.put(&["t=", l.t]);
        out.put(&["g|c=", l.g, "|", l.cc.as_str()]);
        for (k, d) in [-2isize, -1, 1, 2].into_iter().enumerate() {
            let Some(o) = i.checked_add_signed(d).and_then(|j| local.get(j)) else {
                out.put(&[EDGE[k]]);
                continue;
            };
            out.put(&[W[k], o.w]);
            out.put(&[C[k], o.c.as_str()]);
            out.put(&[CC[k], o.cc.as_str()]);
            out.put(&[G[k], o.g]);
            out.put(&[T[k], o.t]);
            if d.abs() == 1 {
                let side = usize::from(d > 0);
                for (name, q) in Q[side].iter().zip(&o.q) {
                    if let Some(q) = q {
                        out.put(&[name, q.as_str()]);
                    }
                }
                out.put(&[S[side], o.s]);
                out.put(&[PRE[side], o.pre]);
                if let Some(x) = o.x[1] {
                    out.put(&[X2[side], x]);
                }
                if let Some(p) = o.p[1] {
                    out.put(&[P3[side], p]);
                }
            }
        }
        if i > 0 {
            let p = &local[i - 1];
            out.put(&["s-1|s=", p.s, "|", l.s]);
            out.put(&["cc-1|cc=", p.cc.as_str(), "|", l.cc.as_str()]);
        }
        if let Some(nx) = local.get(i + 1) {
            out.put(&["s|s1=", l.s, "|", nx.s]);
            out.put(&["cc|cc1=", l.cc.as_str(), "|", nx.cc.as_str()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_count_letters_not_bytes() {
        assert_eq!(prefix("حسكه", 2), Some("حس"));
        assert_eq!(suffix("حسكه", 1), Some("ه"));
        assert_eq!(suffix("حس", 2), None);
    }
}
