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
