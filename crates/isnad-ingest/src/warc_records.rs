//! WARC: one document per `response` or `resource` record, read one record at a time.
//!
//! Crawls are big (a Common Crawl file is about 1 GB), so records are pulled from a `BufRead`
//! with the warc crate's raw record iterator, which holds one record at a time. A response
//! record's body is an HTTP message: its status and `Content-Type` (with charset) are read
//! here, its `Transfer-Encoding: chunked` and `Content-Encoding: gzip` undone. Records that are
//! not pages (requests, metadata, images, redirects, errors) are passed over silently: they are
//! the normal content of a crawl, not problems. A record that cannot be parsed ends the file,
//! because the stream cannot be resynchronised reliably after it.

use std::io::{BufRead, Read};

use warc::{RawRecordHeader, WarcHeader, WarcReader};

use crate::decode;
use crate::document::Raw;
use crate::error::{Error, InputProblem};
use crate::html;

/// A pull reader over the records of one WARC stream.
pub(crate) struct WarcRecords {
    records: warc::RawRecordIter<Box<dyn BufRead + Send>>,
    path: String,
    number: usize,
    done: bool,
}

impl WarcRecords {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, path: String) -> Self {
        WarcRecords {
            records: WarcReader::new(reader).iter_raw_records(),
            path,
            number: 0,
            done: false,
        }
    }

    pub(crate) fn next_raw(&mut self) -> Option<Result<Raw, InputProblem>> {
        loop {
            if self.done {
                return None;
            }
            let (header, body) = match self.records.next() {
                None => {
                    self.done = true;
                    return None;
                }
                Some(Err(e)) => {
                    self.done = true;
                    let place = format!("{}#record {}", self.path, self.number + 1);
                    let error = match e {
                        warc::Error::ReadData(io) => Error::Io(io),
                        other => Error::Warc(other.to_string()),
                    };
                    return Some(Err(InputProblem::rest_skipped(place, error)));
                }
                Some(Ok(record)) => record,
            };
            self.number += 1;
            if let Some(raw) = self.page(&header, body) {
                return Some(raw);
            }
        }
    }

    fn page(&self, header: &RawRecordHeader, body: Vec<u8>) -> Option<Result<Raw, InputProblem>> {
        let get = |h: WarcHeader| {
            header
                .headers
                .get(&h)
                .map(|v| String::from_utf8_lossy(v).trim().to_owned())
        };
        let kind = get(WarcHeader::WarcType)?.to_ascii_lowercase();
        let id = get(WarcHeader::RecordID)
            .map(|i| i.trim_matches(['<', '>']).to_owned())
            .unwrap_or_else(|| format!("record-{}", self.number));
        let url = get(WarcHeader::TargetURI).map(|u| u.trim_matches(['<', '>']).to_owned());
        let date = get(WarcHeader::Date);
        let place = format!("{}#{}", self.path, id);
        let (content_type, payload) = match kind.as_str() {
            "response" => {
                let http = parse_http(&body)?;
                if !(200..300).contains(&http.status) {
                    return None;
                }
                (http.content_type, http.payload)
            }
            "resource" => (get(WarcHeader::ContentType), body),
            _ => return None,
        };
        let ct = content_type.as_deref().unwrap_or("").to_ascii_lowercase();
        let is_html = ct.contains("html")
            || (ct.is_empty() && crate::sniff::by_content(&payload) == crate::sniff::Format::Html);
        let is_text = ct.starts_with("text/plain");
        if !is_html && !is_text {
            return None;
        }
        if payload.iter().all(u8::is_ascii_whitespace) {
            return Some(Err(InputProblem::skipped(place, Error::Empty)));
        }
        let charset = content_type
            .as_deref()
            .and_then(decode::charset_of_content_type);
        let mut raw = Raw {
            id,
            source: place,
            url: url.clone(),
            ..Raw::default()
        };
        if is_html {
            let page = html::read(&payload, charset, url.as_deref());
            raw.take_page(page);
        } else {
            let decoded = decode::decode(
                &payload,
                charset.map(|c| (c, decode::EncodingSource::Header)),
            );
            raw.diagnostics = decoded.diagnostics();
            raw.text = decoded.text;
        }
        if raw.published.is_none() {
            raw.published = date.map(|d| (d, crate::date::CAPTURE_TIME));
        }
        Some(Ok(raw))
    }
}

struct Http {
    status: u16,
    content_type: Option<String>,
    payload: Vec<u8>,
}

/// Splits an HTTP response into status, `Content-Type` and decoded payload.
fn parse_http(body: &[u8]) -> Option<Http> {
    let (head_end, sep) = find(body, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(body, b"\n\n").map(|i| (i, 2)))?;
    let head = String::from_utf8_lossy(&body[..head_end]);
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let mut content_type = None;
    let mut chunked = false;
    let mut gzip = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_owned()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => gzip = value.to_ascii_lowercase().contains("gzip"),
            _ => {}
        }
    }
    let mut payload = body[head_end + sep..].to_vec();
    if chunked {
        if let Some(p) = dechunk(&payload) {
            payload = p;
        }
    }
    if gzip {
        let mut out = Vec::new();
        if flate2::read::MultiGzDecoder::new(&payload[..])
            .read_to_end(&mut out)
            .is_ok()
        {
            payload = out;
        }
    }
    Some(Http {
        status,
        content_type,
        payload,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = find(data, b"\r\n")?;
        let size_str = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size {
            return None;
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_head_and_chunked_body() {
        let body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1256\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        let http = parse_http(body).unwrap();
        assert_eq!(http.status, 200);
        assert_eq!(
            http.content_type.as_deref(),
            Some("text/html; charset=windows-1256")
        );
        assert_eq!(http.payload, b"hello world");
    }

    #[test]
    fn gzip_content_encoding_is_undone() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all("<p>نص</p>".as_bytes()).unwrap();
        let mut body = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        body.extend(e.finish().unwrap());
        assert_eq!(parse_http(&body).unwrap().payload, "<p>نص</p>".as_bytes());
    }

    #[test]
    fn http_without_head_end_is_none() {
        assert!(parse_http(b"garbage").is_none());
    }
}
