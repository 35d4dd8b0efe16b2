//! Reading the word lists in `data/`: whitespace-separated words, `#` starts a comment that
//! runs to the end of the line.

/// The words of a list, in order.
pub(crate) fn words(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
}
