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

/// Per-word values that context features repeat.
struct Local {
    w: String,
    s: String,
    c: String,
    cc: String,
    g: String,
    t: &'static str,
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

/// The attributes of every word of one sentence.
pub(crate) fn sentence(ctx: &FeatureContext<'_>, words: &[Word]) -> Vec<Vec<Attribute>> {
    let mut gaz = vec![String::new(); words.len()];
    for m in ctx.gazetteer.find(words) {
        let ty = type_code(ctx.kb.entry(m.entry).entity_type);
        for (k, g) in gaz.iter_mut().enumerate().take(m.end).skip(m.start) {
            *g = format!("{}-{ty}", if k == m.start { 'B' } else { 'I' });
        }
    }
    let local: Vec<Local> = words
        .iter()
        .zip(&gaz)
        .map(|(w, g)| {
            let (c, cc) = match ctx.clusters.get(&w.stem) {
                Some((f, c)) => (f.to_string(), c.to_string()),
                None if w.kind == TokenKind::Word => ("?".to_owned(), "?".to_owned()),
                None => (kind_code(w.kind).to_owned(), kind_code(w.kind).to_owned()),
            };
            Local {
                w: w.whole.clone(),
                s: w.stem.clone(),
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
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let w = &words[i];
        let l = &local[i];
        let mut a = Vec::with_capacity(48);
        let mut push = |name: String| a.push(Attribute::new(name, 1.0));
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
        out.push(a);
    }
    out
}

fn type_code(t: isnad_core::EntityType) -> &'static str {
    use isnad_core::EntityType::*;
    match t {
        Per => "PER",
        Org => "ORG",
        Loc => "LOC",
        Fac => "FAC",
        _ => "MISC",
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
