//! Sentence and clause segmentation.
//!
//! [`sentences`] returns byte ranges that cover the text exactly: no gaps, no overlap, and
//! whitespace after a sentence belongs to it, so the ranges concatenate back to the input.
//! Leading whitespace belongs to the first sentence; a sentence always has some content.
//!
//! A sentence ends after `.` `!` `?` `؟` `…` `۔` (a run of them, `..`, `?!`, counts as one end,
//! with closing brackets after it) and after a line break. A full stop does not end a
//! sentence
//! * between digits (3.5; ٣٫٥ uses the Arabic decimal separator and is never a candidate);
//! * inside a URL or an email address (a whitespace-free run holding `://`, `www.` or `@`);
//! * when a letter or digit follows it directly (`example.com`, `U.S`), unless both sides are
//!   Arabic words of two letters or more and the first is no abbreviation, which is a missing
//!   space (`الحسكة.وقال`, but `بي.بي.سي`);
//! * after an abbreviation: any single letter (`A.`, `U.S.`, `د.`, `هـ.`, `ج.م.ع.`), or a word
//!   in `data/abbreviations.txt` (`Dr.`, `Inc.`, and Latin letter names written in Arabic:
//!   `سي. إن. إن.`);
//! * after a list number that opens the sentence (`1.`; a list letter, `أ.`, is an initial).
//!
//! Inside quotation marks (“…”, «…», „…“, "…") an end is deferred: if the quote closes, the
//! sentence ends after the closing mark instead; if a line break or the end of the text comes
//! first, the quote was never closed and the ends inside it apply after all.
//!
//! [`clauses`] splits a sentence after `،` `؛` `,` `;` `:` (not between digits, as in 1,000 or
//! 10:30, and not inside URLs), with the same coverage guarantee.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");

fn abbreviations() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| crate::lexicon::words(ABBREVIATIONS).collect())
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Characters that may follow an end and still belong to it.
fn is_closing_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '﴿')
}

/// Whitespace and invisible characters that trail a sentence (not tatweel, which is visible).
fn is_space(c: char) -> bool {
    c.is_whitespace() || (crate::normalize::is_removable(c) && c != '\u{0640}')
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FF}')
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// The end of the whitespace run starting at `i`.
fn skip_space(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if !is_space(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// How far the look-around of one candidate end reaches, so that a long run without spaces
/// (a minified URL, a line of dots) costs linear time, not quadratic.
const WINDOW: usize = 256;

/// How deep quotations are tracked.
const MAX_QUOTE_DEPTH: usize = 4;

fn window_start(text: &str, i: usize) -> usize {
    let mut lo = i.saturating_sub(WINDOW);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    lo
}

fn window_end(text: &str, i: usize) -> usize {
    let mut hi = (i + WINDOW).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    hi
}

/// The whitespace-free run around byte `i` (within the look-around window).
fn chunk_around(text: &str, i: usize) -> &str {
    let lo = window_start(text, i);
    let start = text[lo..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c))
        .map_or(lo, |(j, c)| lo + j + c.len_utf8());
    let hi = window_end(text, i);
    let end = text[i..hi]
        .char_indices()
        .find(|&(_, c)| is_space(c))
        .map_or(hi, |(j, _)| i + j);
    &text[start..end]
}

fn has_content(s: &str) -> bool {
    s.chars().any(|c| !is_space(c))
}

fn is_url_like(chunk: &str) -> bool {
    chunk.contains("://") || chunk.contains("www.") || chunk.contains('@')
}

/// Counts letters in `word`, ignoring tatweel and combining marks.
fn letter_count(word: &str) -> usize {
    word.chars()
        .filter(|c| crate::chars::is_alphabetic(*c) && *c != '\u{0640}')
        .count()
}

/// Whether `part` is a single letter used as an initial: any Arabic letter (optionally with
/// tatweel or marks), or a Latin capital.
fn is_initial(part: &str) -> bool {
    letter_count(part) == 1 && part.chars().all(|c| !c.is_numeric() && !c.is_lowercase())
}

/// The word right before byte `i` (back to whitespace or an opening quote or bracket),
/// including inner full stops.
fn word_before(text: &str, i: usize) -> &str {
    let lo = window_start(text, i);
    let start = text[lo..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c) || matches!(c, '(' | '[' | '«' | '“' | '„' | '"' | '\''))
        .map_or(lo, |(j, c)| lo + j + c.len_utf8());
    &text[start..i]
}

/// Whether the full stop at byte `i` ends the sentence that started at `start`.
fn full_stop_ends(text: &str, start: usize, i: usize) -> bool {
    let prev = char_before(text, i);
    let next = char_at(text, i + 1);
    if next == Some('.') {
        return true; // `..` or `...`: an ellipsis.
    }
    if prev.is_some_and(|c| c.is_numeric()) && next.is_some_and(|c| c.is_numeric()) {
        return false;
    }
    let next_is_word = next.is_some_and(crate::chars::is_alphanumeric);
    if next_is_word && is_url_like(chunk_around(text, i)) {
        return false;
    }
    let word = word_before(text, i);
    if next_is_word {
        let glued = prev.is_some_and(is_arabic_letter) && next.is_some_and(is_arabic_letter) && {
            let part = word.rsplit('.').next().unwrap_or(word);
            letter_count(part) >= 2 && !abbreviations().contains(part)
        };
        return glued;
    }
    if word.is_empty() {
        return true;
    }
    // Abbreviations: chains of single letters, or listed words.
    if word.split('.').all(is_initial) {
        return false;
    }
    if abbreviations().contains(word.rsplit('.').next().unwrap_or(word)) {
        return false;
    }
    // A list number or letter opening the sentence.
    if word.len() <= 3
        && word.chars().all(|c| c.is_ascii_digit())
        && text[start..i].trim_start_matches(is_space) == word
    {
        return false;
    }
    true
}

/// Whether the terminator `c` at byte `i` ends the sentence that started at `start`.
fn ends_sentence(text: &str, start: usize, i: usize, c: char) -> bool {
    match c {
        '.' => full_stop_ends(text, start, i),
        // `?` inside a URL query (`?id=3`) is followed by a word character.
        '?' | '!' => !char_at(text, i + 1).is_some_and(|n| n.is_alphanumeric() || n == '='),
        _ => true,
    }
}

/// Where a sentence end that starts with the terminator at `i` stops: after further
/// terminators and closing brackets.
fn end_of_cluster(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if !(is_terminator(c) || is_closing_bracket(c)) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Splits `text` into sentences (see the module docs).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut content;
    // Closing marks expected for the open quotes, innermost last.
    let mut quotes: Vec<char> = Vec::new();
    // Ends found inside the open quotes, to apply if they are never closed.
    let mut pending: Vec<usize> = Vec::new();

    let close = |end: usize, start: &mut usize, content: &mut bool, out: &mut Vec<_>| {
        let end = skip_space(text, end);
        if *content && end > *start {
            out.push(*start..end);
            *start = end;
            *content = false;
        }
        end
    };

    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let len = c.len_utf8();
        if is_line_break(c) {
            for p in pending.drain(..) {
                if p > start {
                    content = true;
                    close(p, &mut start, &mut content, &mut out);
                }
            }
            quotes.clear();
            if start > i {
                // The last deferred end took this line break with its whitespace.
                i = start;
                continue;
            }
            content = has_content(&text[start..i]);
            i = close(i + len, &mut start, &mut content, &mut out);
            continue;
        }
        if is_space(c) {
            i += len;
            continue;
        }
        content = true;
        let mut closed = false;
        match c {
            '»' | '”' | '“' | '"' if quotes.contains(&c) => {
                while quotes.pop().is_some_and(|q| q != c) {}
                closed = true;
            }
            // Nesting deeper than a few levels is noise; ignoring it keeps the stack small.
            _ if quotes.len() >= MAX_QUOTE_DEPTH => {}
            '«' => quotes.push('»'),
            '“' => quotes.push('”'),
            '„' => quotes.push('“'),
            '"' => quotes.push('"'),
            _ => {}
        }
        if closed {
            if quotes.is_empty() && !pending.is_empty() {
                pending.clear();
                let end = end_of_cluster(text, i + len);
                i = close(end, &mut start, &mut content, &mut out);
            } else {
                i += len;
            }
            continue;
        }
        if is_terminator(c) && ends_sentence(text, start, i, c) {
            let end = end_of_cluster(text, i + len);
            if quotes.is_empty() {
                i = close(end, &mut start, &mut content, &mut out);
            } else {
                pending.push(end);
                i = end;
            }
            continue;
        }
        i += len;
    }
    for p in pending {
        if p > start {
            content = true;
            close(p, &mut start, &mut content, &mut out);
        }
    }
    content = has_content(&text[start..]);
    if start < text.len() {
        match out.last_mut() {
            // Trailing whitespace only: it belongs to the last sentence.
            Some(last) if !content => last.end = text.len(),
            _ => out.push(start..text.len()),
        }
    }
    out
}

fn is_clause_separator(c: char) -> bool {
    matches!(c, '،' | '؛' | ',' | ';' | ':' | '؍')
}

/// Splits the sentence at `sentence` (a range of `text`) into clauses after `،` `؛` `,` `;`
/// `:`. The clauses cover the sentence exactly.
pub fn clauses(text: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[sentence.clone()];
    let base = sentence.start;
    let mut out = Vec::new();
    let mut start = 0;
    let mut content = false;
    for (i, c) in s.char_indices() {
        if i < start {
            continue; // Inside whitespace already taken by the previous clause.
        }
        if is_space(c) {
            continue;
        }
        if !is_clause_separator(c) || !content {
            content = true;
            continue;
        }
        let end = i + c.len_utf8();
        let between_digits = char_before(s, i).is_some_and(|p| p.is_numeric())
            && char_at(s, end).is_some_and(|n| n.is_numeric());
        if between_digits || (c == ':' && s[end..].starts_with("//")) {
            continue;
        }
        if char_at(s, end).is_some_and(|n| !is_space(n)) && is_url_like(chunk_around(s, i)) {
            continue;
        }
        let end = skip_space(s, end);
        out.push(base + start..base + end);
        start = end;
        content = false;
    }
    if start < s.len() || out.is_empty() {
        match out.last_mut() {
            Some(last) if !content => last.end = sentence.end,
            _ => out.push(base + start..sentence.end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `input` and compares the pieces, written between `|`.
    fn check(input: &str, expected: &str) {
        let got: Vec<&str> = sentences(input).into_iter().map(|r| &input[r]).collect();
        let want: Vec<&str> = expected.split('|').filter(|s| !s.is_empty()).collect();
        assert_eq!(got, want, "sentences of {input:?}");
    }

    fn check_clauses(input: &str, expected: &str) {
        let got: Vec<&str> = clauses(input, 0..input.len())
            .into_iter()
            .map(|r| &input[r])
            .collect();
        let want: Vec<&str> = expected.split('|').collect();
        assert_eq!(got, want, "clauses of {input:?}");
    }

    #[test]
    fn basic_ends() {
        check("قال الوزير. وأضاف أنه", "قال الوزير. |وأضاف أنه");
        check("هل انتهى؟ نعم! ربما... لا", "هل انتهى؟ |نعم! |ربما... |لا");
        check("Really?! Yes.", "Really?! |Yes.");
        check("انتظر… ثم", "انتظر… |ثم");
        check("سطر أول\nسطر ثان\n\n", "سطر أول\n|سطر ثان\n\n");
        check("  \nبداية. ", "  \nبداية. ");
        check("(كما قال.) ثم", "(كما قال.) |ثم");
        check("", "");
    }

    #[test]
    fn no_end_inside_numbers_urls_and_abbreviations() {
        check(
            "ارتفع بنسبة 3.5 في المئة. ثم",
            "ارتفع بنسبة 3.5 في المئة. |ثم",
        );
        check("بلغ ٣٫٥ مليون. ثم", "بلغ ٣٫٥ مليون. |ثم");
        check(
            "زوروا www.example.com/a.html للمزيد. شكرا",
            "زوروا www.example.com/a.html للمزيد. |شكرا",
        );
        check("راسلوا info@site.org. شكرا", "راسلوا info@site.org. |شكرا");
        check(
            "رابط https://x.com/?id=3 هنا",
            "رابط https://x.com/?id=3 هنا",
        );
        check(
            "The U.S. Army and Dr. Smith met A. Jones.",
            "The U.S. Army and Dr. Smith met A. Jones.",
        );
        check("قال د. محمد إن", "قال د. محمد إن");
        check("ولد عام 1350 هـ. في دمشق", "ولد عام 1350 هـ. في دمشق");
        check("سنة 2010 م. وفي", "سنة 2010 م. وفي");
        check("انظر ص. 12 من", "انظر ص. 12 من");
        check("عاصمة ج.م.ع. القاهرة", "عاصمة ج.م.ع. القاهرة");
        check("1. البند الأول", "1. البند الأول");
        check("قالت شبكة سي. إن. إن. إن", "قالت شبكة سي. إن. إن. إن");
        check("وفق بي.بي.سي. انتهى", "وفق بي.بي.سي. انتهى");
        // A missing space between two Arabic words is still an end.
        check("الحسكة.وقال", "الحسكة.|وقال");
    }

    #[test]
    fn quotes_defer_ends() {
        check(
            "قال: «الوضع خطير. نحن قلقون». وأضاف",
            "قال: «الوضع خطير. نحن قلقون». |وأضاف",
        );
        check("قال “انتهى الأمر.” ثم غادر.", "قال “انتهى الأمر.” |ثم غادر.");
        check("قال \"لن نتراجع!\" وغادر", "قال \"لن نتراجع!\" |وغادر");
        // The quote runs past a line break: the ends inside it apply.
        check("قال «أولا. ثانيا\nثالثا", "قال «أولا. |ثانيا\n|ثالثا");
        check("«غير مغلق. حقا", "«غير مغلق. |حقا");
    }

    #[test]
    fn long_runs_without_spaces_stay_linear() {
        // With a look-around that scanned the whole run this would take minutes.
        let text = "ا.ب".repeat(20_000) + "x.y".repeat(20_000).as_str();
        let covered: usize = sentences(&text).iter().map(|r| r.len()).sum();
        assert_eq!(covered, text.len());
        assert_eq!(sentences(&".".repeat(100_000)).len(), 1);
    }

    #[test]
    fn clause_splits() {
        check_clauses("قال، ثم أضاف؛ وختم: انتهى", "قال، |ثم أضاف؛ |وختم: |انتهى");
        check_clauses("بلغ 1,000 عند 10:30, ثم", "بلغ 1,000 عند 10:30, |ثم");
        check_clauses("انظر https://a.b/c,d هنا", "انظر https://a.b/c,d هنا");
        check_clauses("، بداية", "، بداية");
    }
}
