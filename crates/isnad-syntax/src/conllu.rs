//! CoNLL-U, the treebanks' format: read it for training and for `isnad parse`, write it back with
//! the columns the analysis fills.
//!
//! A sentence is a block of lines ended by a blank line: `#` comments, then one line per word
//! with ten tab-separated columns (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC).
//! Multi-word token lines (`3-4`) and empty nodes (`5.1`) are kept as they are, so that a file
//! written back has the same lines in the same order; only words are analysed. A word line
//! with fewer columns than ten (ID and FORM at least) is read with the rest empty (`_`), so a
//! list of words is enough input.

use std::fmt;

/// One line of a sentence block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A comment, without its `#`.
    Comment(String),
    /// A syntactic word.
    Word(Box<Row>),
    /// A multi-word token or an empty node, kept verbatim.
    Other(String),
}

/// The ten columns of a word line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC.
    pub cols: [String; 10],
}

impl Row {
    /// The word as written (FORM).
    pub fn form(&self) -> &str {
        &self.cols[1]
    }
}

/// A sentence: its lines in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comments, words and other lines, in the order read.
    pub lines: Vec<Line>,
}

impl Sentence {
    /// Its words, in order.
    pub fn words(&self) -> impl Iterator<Item = &Row> {
        self.lines.iter().filter_map(|l| match l {
            Line::Word(r) => Some(&**r),
            _ => None,
        })
    }

    /// Its words, in order, to fill in.
    pub fn words_mut(&mut self) -> impl Iterator<Item = &mut Row> {
        self.lines.iter_mut().filter_map(|l| match l {
            Line::Word(r) => Some(&mut **r),
            _ => None,
        })
    }
}

/// A line that is not CoNLL-U.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluError {
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ConlluError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

impl std::error::Error for ConlluError {}

/// Reads every sentence of `text`.
pub fn read(text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.lines.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            current.lines.push(Line::Comment(comment.to_owned()));
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let id = cells[0];
        if id.contains('-') || id.contains('.') {
            current.lines.push(Line::Other(line.to_owned()));
            continue;
        }
        if id.parse::<usize>().is_err() {
            return Err(ConlluError {
                line: n + 1,
                problem: format!("the first column should be a word number, not `{id}`"),
            });
        }
        if cells.len() < 2 || cells[1].is_empty() {
            return Err(ConlluError {
                line: n + 1,
                problem: "a word line needs at least ID and FORM, separated by a tab".into(),
            });
        }
        if cells.len() > 10 {
            return Err(ConlluError {
                line: n + 1,
                problem: format!("a word line has 10 columns, this one {}", cells.len()),
            });
        }
        let cols = std::array::from_fn(|i| cells.get(i).copied().unwrap_or("_").to_owned());
        current.lines.push(Line::Word(Box::new(Row { cols })));
    }
    if !current.lines.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Appends `sentence` to `out`, ended by a blank line.
pub fn write(sentence: &Sentence, out: &mut String) {
    for line in &sentence.lines {
        match line {
            Line::Comment(c) => {
                out.push('#');
                out.push_str(c);
            }
            Line::Word(row) => out.push_str(&row.cols.join("\t")),
            Line::Other(o) => out.push_str(o),
        }
        out.push('\n');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "# sent_id = 1\n# text = وقال إنه\n1-2\tوقال\t_\t_\t_\t_\t_\t_\t_\t_\n1\tو\tو\tCCONJ\t_\t_\t2\tcc\t_\t_\n2\tقال\tقال\tVERB\t_\t_\t0\troot\t_\t_\n3\tإنه\t_\t_\t_\t_\t_\t_\t_\t_\n";

    #[test]
    fn lines_come_back_as_they_were() {
        let sentences = read(&format!("{BLOCK}\n{BLOCK}")).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].words().count(), 3);
        let mut out = String::new();
        write(&sentences[0], &mut out);
        assert_eq!(out, format!("{BLOCK}\n"));
    }

    #[test]
    fn a_list_of_words_is_enough() {
        let s = read("1\tقال\n2\tمصدر\n").unwrap();
        let words: Vec<&str> = s[0].words().map(Row::form).collect();
        assert_eq!(words, ["قال", "مصدر"]);
        assert_eq!(s[0].words().next().unwrap().cols[3], "_");
    }

    #[test]
    fn a_line_that_is_not_conllu_is_named() {
        let err = read("1\tقال\nقال مصدر\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().contains("word number"));
    }
}
