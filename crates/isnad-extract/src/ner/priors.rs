//! Label priors learnt from the news corpus: how often a stem, over all its occurrences in
//! 31,523 articles, stands where names of each type stand.
//!
//! ANERcorp's 125K training words name few of the people and organisations of new text, and
//! a name the tagger never saw tagged has only its own sentence to go by. But the corpus has
//! seen it many times: `رامسفيلد` after `قال` and before `إن`, `انرون` after `شركة`. A *context
//! model*, a CRF trained on ANERcorp with the features of a word's neighbours only
//! ([`super::features::emit_context`]: no form, stem, affix, cluster or gazetteer code of the
//! word itself), tags every sentence of the corpus; the share of a stem's occurrences it
//! tags as a person, a place, an organisation or another name, in buckets, becomes four
//! features of the tagger (`lP`, `lL`, `lO`, `lM`).
//!
//! Because the context model never reads the word it tags, it cannot have memorised the
//! labels of training words: a training word's prior comes from the corpus's contexts exactly
//! as an unseen word's does, so the tagger learns how far to trust priors as they will be at
//! run time (the leak a prior from the full tagger would have, which tags training names
//! right because it has seen them, is what this avoids).
//!
//! The priors are a fifth column of the committed cluster file (four digits, see
//! [`bucket`]), rebuilt by `isnad train ner --priors CORPUS`.

use std::fmt::Write as _;

use isnad_text::{TextLayer, TokenKind};

use super::features::FeatureContext;
use super::model::Crf;
use super::words::Word;
use crate::hash::FxHashMap;

/// The name types the priors count, in the order of the column's digits.
pub const TYPES: [&str; 4] = ["PERS", "LOC", "ORG", "MISC"];

/// The margin on `O` the context model decodes with (see [`super::model::OUTSIDE_MARGIN`]).
/// Seeing only a word's neighbours, the context model is more cautious than the tagger, and
/// priors of names it tags eagerly served the tagger better: dev-split F1 of the tagger
/// (decoding with its own margin, 0.6) with priors counted at context margins 0, 0.6 and 1.2
/// was 0.734, 0.745 and 0.751 (and 0.751 at 2.0 with a fifth, dropped, digit).
pub const CONTEXT_MARGIN: f64 = 1.2;

/// Occurrences a stem needs before its shares say anything.
const MIN_OCCURRENCES: u32 = 5;

/// The bucket of a share of occurrences: 0 under 2%, 1 under 10%, 2 under 30%, 3 under
/// 60%, 4 from 60%.
pub fn bucket(share: f64) -> u8 {
    match share {
        s if s >= 0.6 => 4,
        s if s >= 0.3 => 3,
        s if s >= 0.1 => 2,
        s if s >= 0.02 => 1,
        _ => 0,
    }
}

/// Counts of one stem over the corpus: occurrences, and those tagged as each of [`TYPES`].
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    seen: u32,
    tagged: [u32; 4],
}

/// Tags every sentence of `texts` with the context model `model` and returns the cluster
/// file `clusters_text` with each stem's priors as its fifth column (replacing any there);
/// stems seen fewer than [`MIN_OCCURRENCES`] times get none.
pub fn build<I: IntoIterator<Item = String>>(
    model: &Crf,
    ctx: &FeatureContext<'_>,
    texts: I,
    clusters_text: &str,
) -> String {
    let stems: Vec<&str> = isnad_text::lexicon::entries(clusters_text)
        .filter_map(|e| e.text.split('\t').next())
        .collect();
    let mut counts: FxHashMap<&str, Counts> =
        stems.iter().map(|&s| (s, Counts::default())).collect();
    for text in texts {
        let layer = TextLayer::new(&text);
        for sentence in &layer.sentences {
            let tokens = layer.tokens_in(sentence.clone());
            let words: Vec<Word> = tokens
                .iter()
                .map(|t| Word::new(t, &text, &layer.folded))
                .collect();
            let tags = model.tag_context(ctx, &words);
            for (w, tag) in words.iter().zip(tags) {
                if w.kind != TokenKind::Word {
                    continue;
                }
                let Some(c) = counts.get_mut(&*w.stem) else {
                    continue;
                };
                c.seen += 1;
                if let Some(k) = tag
                    .split_once('-')
                    .and_then(|(_, ty)| TYPES.iter().position(|&t| t == ty))
                {
                    c.tagged[k] += 1;
                }
            }
        }
    }
    let mut out = String::with_capacity(clusters_text.len() + 6 * stems.len());
    // Comment and blank lines are copied as they are.
    for (raw, line) in clusters_text
        .lines()
        .zip(isnad_text::lexicon::lines(clusters_text))
    {
        if line.text.is_empty() {
            out.push_str(raw);
            out.push('\n');
            continue;
        }
        let cells: Vec<&str> = line.text.split('\t').take(4).collect();
        out.push_str(&cells.join("\t"));
        let c = cells.first().and_then(|s| counts.get(s)).copied();
        if let Some(c) = c.filter(|c| c.seen >= MIN_OCCURRENCES) {
            for _ in cells.len()..4 {
                out.push('\t');
            }
            out.push('\t');
            for n in c.tagged {
                let _ = write!(out, "{}", bucket(f64::from(n) / f64::from(c.seen)));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_fall_in_buckets() {
        assert_eq!(bucket(0.0), 0);
        assert_eq!(bucket(0.05), 1);
        assert_eq!(bucket(0.2), 2);
        assert_eq!(bucket(0.45), 3);
        assert_eq!(bucket(0.9), 4);
    }
}
