//! The one reader of isnad's data files: every lexicon, pattern list and table under a crate's
//! `data/` (and the word-cluster file) is read line by line through [`entries`], so that a
//! comment means the same thing in all of them.
//!
//! The rule: a `#` at the start of a line or after a whitespace character (a space or a tab)
//! starts a comment that runs to the end of the line. A `#` inside a word (`C#`, `a#b`) is
//! text. What is left of the line is trimmed; a line with nothing left is no entry. Lines are
//! numbered from 1, for error messages.
//!
//! The rule is the same for whole-line comments (`# why this group`), comments after an entry
//! (`قالت # a reporting verb`) and tab-separated tables (a cell cannot begin with `#`). The
//! formats inside an entry (`|`-separated cells, tab-separated columns, a regular expression)
//! are each reader's own.

/// One line of a data file, its comment cut off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The line's number, from 1.
    pub line: usize,
    /// What comes before the comment, trimmed; empty on a blank or comment-only line.
    pub text: &'a str,
    /// The comment, after its `#`, trimmed; `None` when the line has none.
    pub comment: Option<&'a str>,
}

/// Cuts one line at its comment: `(text, comment)`, both trimmed.
fn split(line: &str) -> (&str, Option<&str>) {
    let mut after_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && after_space {
            return (line[..i].trim(), Some(line[i + 1..].trim()));
        }
        after_space = c.is_whitespace();
    }
    (line.trim(), None)
}

/// Every line of a data file, blank and comment-only lines included (their `text` is empty):
/// for formats in which a comment line means something, such as a group header that must be
/// preceded by its reason.
pub fn lines(src: &str) -> impl Iterator<Item = Entry<'_>> {
    src.lines().enumerate().map(|(i, line)| {
        let (text, comment) = split(line);
        Entry {
            line: i + 1,
            text,
            comment,
        }
    })
}

/// The entries of a data file: its lines without their comments, blank ones skipped.
pub fn entries(src: &str) -> impl Iterator<Item = Entry<'_>> {
    lines(src).filter(|e| !e.text.is_empty())
}

/// The whitespace-separated words of a data file's entries, in order: for word lists.
pub fn words(src: &str) -> impl Iterator<Item = &str> {
    entries(src).flat_map(|e| e.text.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_at_the_start_or_after_whitespace_starts_a_comment() {
        let src = "# a header\n\nقالت # a verb\n  أفاد\t# indented, tab\nC#  x#y\n\t\n#\n";
        let got: Vec<(usize, &str, Option<&str>)> =
            lines(src).map(|e| (e.line, e.text, e.comment)).collect();
        assert_eq!(
            got,
            [
                (1, "", Some("a header")),
                (2, "", None),
                (3, "قالت", Some("a verb")),
                (4, "أفاد", Some("indented, tab")),
                (5, "C#  x#y", None),
                (6, "", None),
                (7, "", Some("")),
            ]
        );
        let texts: Vec<(usize, &str)> = entries(src).map(|e| (e.line, e.text)).collect();
        assert_eq!(texts, [(3, "قالت"), (4, "أفاد"), (5, "C#  x#y")]);
        assert_eq!(
            words(src).collect::<Vec<_>>(),
            ["قالت", "أفاد", "C#", "x#y"]
        );
    }

    #[test]
    fn tab_separated_cells_keep_their_inner_tabs_and_windows_line_ends_go() {
        let src = "id\ttype\r\nisnad:x\t\tORG\t# note\r\n";
        let texts: Vec<&str> = entries(src).map(|e| e.text).collect();
        assert_eq!(texts, ["id\ttype", "isnad:x\t\tORG"]);
    }
}
