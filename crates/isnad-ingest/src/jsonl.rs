//! JSON Lines: one article per line, read one line at a time.
//!
//! A corpus export can be gigabytes, so lines are pulled through `BufRead` and never collected.
//! A malformed line is one problem naming its line number; the lines after it still come
//! through. Field types are checked leniently (an `id` may be a number; a `null` is absent),
//! and unknown fields are ignored so that exports with extra columns need no conversion.

use std::io::BufRead;

use serde_json::{Map, Value};

use crate::document::Raw;
use crate::error::{Error, InputProblem};
use crate::html;

/// A pull reader over the lines of one JSON Lines stream.
pub(crate) struct JsonlRecords {
    reader: Box<dyn BufRead + Send>,
    path: String,
    stem: String,
    line: usize,
    done: bool,
    gzip: bool,
}

impl JsonlRecords {
    pub(crate) fn new(
        reader: Box<dyn BufRead + Send>,
        path: String,
        stem: String,
        gzip: bool,
    ) -> Self {
        JsonlRecords {
            reader,
            path,
            stem,
            line: 0,
            done: false,
            gzip,
        }
    }

    pub(crate) fn next_raw(&mut self) -> Option<Result<Raw, InputProblem>> {
        let mut buf = Vec::new();
        loop {
            if self.done {
                return None;
            }
            buf.clear();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    let place = format!("{}:line {}", self.path, self.line + 1);
                    let error = if self.gzip {
                        Error::Gzip(e.to_string())
                    } else {
                        Error::Io(e)
                    };
                    return Some(Err(InputProblem::rest_skipped(place, error)));
                }
            }
            self.line += 1;
            let mut bytes = &buf[..];
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse(bytes));
        }
    }

    fn parse(&self, bytes: &[u8]) -> Result<Raw, InputProblem> {
        let place = format!("{}:line {}", self.path, self.line);
        let mut diagnostics = Vec::new();
        let value: Value = match std::str::from_utf8(bytes) {
            Ok(s) => serde_json::from_str(s),
            Err(_) => {
                let decoded = crate::decode::decode_with(
                    encoding_rs::UTF_8,
                    bytes,
                    crate::decode::EncodingSource::Utf8,
                );
                diagnostics.extend(decoded.diagnostics());
                serde_json::from_str(&decoded.text)
            }
        }
        .map_err(|e| InputProblem::skipped(&place, Error::Json(e.to_string())))?;
        let Value::Object(map) = value else {
            return Err(InputProblem::skipped(
                &place,
                Error::Json("not a JSON object".to_owned()),
            ));
        };
        let id = id_field(&map).unwrap_or_else(|| format!("{}:{}", self.stem, self.line));
        let url = str_field(&map, "url");
        let mut raw = Raw {
            id,
            source: place.clone(),
            title: str_field(&map, "title"),
            outlet: str_field(&map, "outlet"),
            published: str_field(&map, "published").map(|d| (d, "the \"published\" field")),
            author: str_field(&map, "author"),
            diagnostics,
            ..Raw::default()
        };
        if let Some(text) = str_field(&map, "text") {
            raw.text = text;
        } else if let Some(markup) = str_field(&map, "html") {
            let page = html::read(markup.as_bytes(), None, url.as_deref());
            raw.text = page.text;
            raw.title = raw.title.or(page.title);
            raw.outlet = raw.outlet.or(page.outlet);
            raw.published = raw.published.or(page.published);
            raw.author = raw.author.or(page.author);
            raw.language = page.language;
            raw.diagnostics.extend(page.diagnostics);
        } else {
            return Err(InputProblem::skipped(&place, Error::NoBody));
        }
        raw.url = url;
        Ok(raw)
    }
}

fn str_field(map: &Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn id_field(map: &Map<String, Value>) -> Option<String> {
    str_field(map, "id").map(|s| s.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn records(input: &str) -> Vec<Result<Raw, InputProblem>> {
        let reader: Box<dyn BufRead + Send> = Box::new(Cursor::new(input.as_bytes().to_vec()));
        let mut r = JsonlRecords::new(reader, "x.jsonl".into(), "x".into(), false);
        std::iter::from_fn(|| r.next_raw()).collect()
    }

    #[test]
    fn lenient_fields_and_line_numbers() {
        let out = records(
            "\u{FEFF}{\"id\": 7, \"title\": null, \"author\": \"\", \"text\": \"نص\"}\n\n{\"text\": \"نص آخر\"}\n",
        );
        let a = out[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.title.as_deref(), a.author.as_deref()),
            ("7", None, None)
        );
        let b = out[1].as_ref().unwrap();
        assert_eq!(
            (b.id.as_str(), b.source.as_str()),
            ("x:3", "x.jsonl:line 3")
        );
    }

    #[test]
    fn problems_name_their_line() {
        let out = records("[]\n{\"id\": \"a\"}\n{\"text\": 5");
        let shown: Vec<String> = out
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert_eq!(
            shown[0],
            "x.jsonl:line 1: not valid JSON (not a JSON object); skipped"
        );
        assert_eq!(
            shown[1],
            "x.jsonl:line 2: no \"text\" or \"html\" field; skipped"
        );
        assert!(shown[2].starts_with("x.jsonl:line 3: not valid JSON"));
    }
}
