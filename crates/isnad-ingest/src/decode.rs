//! Bytes to text: BOM, declared charset, UTF-8, then detection.
//!
//! Arabic news still arrives in Windows-1256 and ISO-8859-6 from older sites and archives, and
//! in UTF-16 from office tools. The order follows the HTML standard, because it is also the order
//! of trust: a byte-order mark beats a declared charset (HTTP header, then `<meta charset>`),
//! which beats detection. Bytes that are valid UTF-8, or nearly so, are UTF-8: legacy Arabic
//! encodings put almost every letter above 0x7F, so they are never mostly-valid UTF-8. Anything
//! else goes to chardetng, which is told that Arabic is expected (an Arabic top-level domain);
//! without that hint it can pick a Latin code page for short inputs.
//!
//! Invalid byte sequences are replaced with U+FFFD and *counted*, so that a damaged input is
//! visible in the document's diagnostics instead of silently altered.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_8};

/// How the encoding of some bytes was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// A charset declared by the protocol (an HTTP `Content-Type` header in a WARC record).
    Header,
    /// A `<meta charset>` or `http-equiv` declaration in the HTML.
    Meta,
    /// The bytes are (nearly) valid UTF-8.
    Utf8,
    /// Guessed by chardetng.
    Detected,
}

impl EncodingSource {
    fn describe(self) -> &'static str {
        match self {
            EncodingSource::Bom => "from its byte-order mark",
            EncodingSource::Header => "declared in the HTTP header",
            EncodingSource::Meta => "declared in the HTML",
            EncodingSource::Utf8 => "valid UTF-8",
            EncodingSource::Detected => "detected",
        }
    }
}

/// Decoded text with what it took to get it.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, BOM removed, invalid sequences replaced with U+FFFD.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// How it was chosen.
    pub source: EncodingSource,
    /// Number of invalid byte sequences replaced.
    pub replaced: usize,
}

impl Decoded {
    /// Plain-words diagnostics: the encoding when it is not UTF-8, and the replacements.
    pub fn diagnostics(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.encoding != UTF_8 {
            out.push(format!(
                "encoding {} ({})",
                self.encoding.name(),
                self.source.describe()
            ));
        }
        if self.replaced > 0 {
            out.push(format!(
                "{} invalid {} byte sequence{} replaced",
                self.replaced,
                self.encoding.name(),
                if self.replaced == 1 { "" } else { "s" }
            ));
        }
        out
    }
}

/// Decodes `bytes`, honouring a BOM first, then `declared` (with where it was declared), then
/// UTF-8, then chardetng with an Arabic hint.
pub fn decode(bytes: &[u8], declared: Option<(&'static Encoding, EncodingSource)>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..], EncodingSource::Bom);
    }
    if let Some((encoding, source)) = declared {
        // The HTML standard treats a declared UTF-16 without a BOM as UTF-8: the declaration
        // was read as ASCII, so the bytes cannot be UTF-16.
        let encoding = encoding.output_encoding();
        return decode_with(encoding, bytes, source);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
            source: EncodingSource::Utf8,
            replaced: 0,
        };
    }
    let as_utf8 = decode_with(UTF_8, bytes, EncodingSource::Utf8);
    let non_ascii = as_utf8
        .text
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    if non_ascii >= 10 * as_utf8.replaced {
        return as_utf8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"sa"), Utf8Detection::Deny);
    decode_with(encoding, bytes, EncodingSource::Detected)
}

/// Decodes with a known encoding, counting malformed sequences.
pub fn decode_with(encoding: &'static Encoding, bytes: &[u8], source: EncodingSource) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    let mut rest = bytes;
    let mut replaced = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(rest.len() * 3 + 16),
            DecoderResult::Malformed(_, _) => {
                replaced += 1;
                text.push('\u{FFFD}');
            }
        }
    }
    Decoded {
        text,
        encoding,
        source,
        replaced,
    }
}

/// The encoding named by a `charset=` parameter of a `Content-Type` value, if it names one.
pub fn charset_of_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let value = lower[at + "charset=".len()..]
        .trim_start_matches(['"', '\'', ' '])
        .split(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .next()?;
    Encoding::for_label(value.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_6, UTF_16BE, UTF_16LE, WINDOWS_1256};

    const SENTENCE: &str = "أعلنت وزارة الداخلية اليوم عن إطلاق سراح عشرين موقوفا في مدينة حلب بعد وساطة محلية استمرت أسبوعين.";

    #[test]
    fn windows_1256_is_detected_as_windows_1256() {
        let (bytes, _, _) = WINDOWS_1256.encode(SENTENCE);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, WINDOWS_1256);
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.diagnostics(), vec!["encoding windows-1256 (detected)"]);
    }

    #[test]
    fn iso_8859_6_decodes_correctly() {
        // ISO-8859-6 has no hamza-on-alef ligature problems but lacks some letters of
        // Windows-1256; this sentence uses only letters both have.
        let sentence =
            "قالت مصادر محلية ان القوات انسحبت من القرية صباح اليوم بعد اشتباكات عنيفة مع مسلحين";
        let (bytes, _, unmappable) = ISO_8859_6.encode(sentence);
        assert!(!unmappable);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, ISO_8859_6, "decoded as {}", d.encoding.name());
        assert_eq!(d.text, sentence);
    }

    #[test]
    fn utf16_with_bom_in_both_byte_orders() {
        for (enc, bom) in [(UTF_16LE, [0xFF, 0xFE]), (UTF_16BE, [0xFE, 0xFF])] {
            let mut bytes = bom.to_vec();
            for unit in SENTENCE.encode_utf16() {
                let b = if enc == UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&b);
            }
            let d = decode(&bytes, None);
            assert_eq!(d.encoding, enc);
            assert_eq!(d.text, SENTENCE);
            assert_eq!(d.source, EncodingSource::Bom);
        }
    }

    #[test]
    fn utf8_bom_is_removed() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SENTENCE.as_bytes());
        let d = decode(&bytes, None);
        assert_eq!(d.text, SENTENCE);
        assert!(d.diagnostics().is_empty());
    }

    #[test]
    fn a_few_invalid_bytes_in_utf8_are_counted() {
        let mut bytes = SENTENCE.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        bytes.push(0xC3);
        bytes.push(b' ');
        bytes.push(0x80);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.replaced, 3);
        assert_eq!(
            d.diagnostics(),
            vec!["3 invalid UTF-8 byte sequences replaced"]
        );
    }

    #[test]
    fn declared_charset_wins_over_detection() {
        let (bytes, _, _) = WINDOWS_1256.encode(SENTENCE);
        let d = decode(
            &bytes,
            Some((
                charset_of_content_type("text/html; charset=\"windows-1256\"").unwrap(),
                EncodingSource::Header,
            )),
        );
        assert_eq!(d.encoding, WINDOWS_1256);
        assert_eq!(d.text, SENTENCE);
    }
}
