//! Deciding what a file is: by extension, then by content.
//!
//! Extensions are trusted when they are known (`.txt`, `.html`, `.jsonl`, `.warc`, each also
//! under `.gz`), because sniffing can be fooled by a text that happens to begin with `{`.
//! Unknown or missing extensions are sniffed from the first bytes. Binary data is refused early
//! so that a stray image or archive in a corpus directory becomes one clear problem instead of
//! a document full of mojibake.

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: one document.
    Text,
    /// One HTML page: one document, main text extracted.
    Html,
    /// JSON Lines: one document per line.
    Jsonl,
    /// WARC: one document per response or resource record.
    Warc,
}

/// The format named by a file name's last extension (after any `.gz` was removed).
pub fn by_extension(name: &str) -> Option<Format> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => Format::Text,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "jsonl" | "ndjson" => Format::Jsonl,
        "warc" => Format::Warc,
        _ => return None,
    })
}

/// The format suggested by the first bytes of the content (already decompressed).
pub fn by_content(head: &[u8]) -> Format {
    let head = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(head) {
        if enc == encoding_rs::UTF_8 {
            head[bom..].to_vec()
        } else {
            // UTF-16: sniff its ASCII projection.
            enc.decode_without_bom_handling(&head[bom..])
                .0
                .chars()
                .map(|c| if c.is_ascii() { c as u8 } else { b'?' })
                .collect()
        }
    } else {
        head.to_vec()
    };
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let body = &head[start..];
    if body.starts_with(b"WARC/1.") || body.starts_with(b"WARC/0.") {
        return Format::Warc;
    }
    if body.first() == Some(&b'{') {
        return Format::Jsonl;
    }
    let lower: Vec<u8> = body.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.first() == Some(&b'<') && (has(b"<html") || has(b"<head") || has(b"<body")))
    {
        return Format::Html;
    }
    Format::Text
}

/// Why `head` (the first 8 KiB of an input) is not text, or `None` when it looks like text.
pub fn binary_reason(head: &[u8]) -> Option<String> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(head) {
        if enc != encoding_rs::UTF_8 {
            return None; // UTF-16 is full of NUL bytes by design.
        }
    }
    if head.contains(&0) {
        return Some("binary data: NUL bytes in the first 8 KiB".to_owned());
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if !head.is_empty() && control * 100 / head.len() >= 5 {
        return Some(format!(
            "binary data: {}% control characters in the first 8 KiB",
            control * 100 / head.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(by_extension("a.TXT"), Some(Format::Text));
        assert_eq!(by_extension("dir.d/a.htm"), Some(Format::Html));
        assert_eq!(by_extension("a.ndjson"), Some(Format::Jsonl));
        assert_eq!(by_extension("a.warc"), Some(Format::Warc));
        assert_eq!(by_extension("a.md"), None);
        assert_eq!(by_extension("README"), None);
    }

    #[test]
    fn content() {
        assert_eq!(by_content(b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(by_content(b"<html lang=\"ar\">"), Format::Html);
        assert_eq!(by_content(b"<meta charset=utf-8><body>"), Format::Html);
        assert_eq!(by_content(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(by_content(b"{\"id\": 1}\n"), Format::Jsonl);
        assert_eq!(by_content("قتل ثلاثة".as_bytes()), Format::Text);
        assert_eq!(by_content(b"<3 is a heart"), Format::Text);
    }

    #[test]
    fn binary() {
        assert!(binary_reason(b"PNG\0\0\x01").unwrap().contains("NUL"));
        assert!(binary_reason(&[1, 2, 3, 4, 5, 65, 66])
            .unwrap()
            .contains("control"));
        assert_eq!(binary_reason("نص عادي\n".as_bytes()), None);
        assert_eq!(binary_reason(&[0xFF, 0xFE, b'a', 0]), None);
    }
}
