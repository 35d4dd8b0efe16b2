//! Integration tests of isnad-ingest: every format, compression, encoding and cleaning rule,
//! on fixtures written to a temporary directory at test time, plus the shared real data when
//! it is present. Grouped in one binary with a module per area (STYLE.md, point 11).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use isnad_core::{Document, OutletFrom};
use isnad_ingest::{read_inputs, IngestOptions, InputProblem, InputSpec};

const P1: &str =
    "أعلنت وزارة الدفاع اليوم أن قواتها سيطرت على ثلاث قرى في ريف حماة الشمالي بعد اشتباكات عنيفة.";
const P2: &str = "وقال مصدر عسكري إن الاشتباكات أسفرت عن مقتل عشرة مسلحين وإصابة آخرين، فيما انسحب الباقون نحو الشمال.";
const P3: &str =
    "وأضاف المصدر أن وحدات الهندسة بدأت تفكيك الألغام التي زرعها المسلحون في الطرقات قبل انسحابهم.";

fn body() -> String {
    format!("{P1}\n{P2}\n{P3}")
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, bytes).unwrap();
        path
    }
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn read(paths: &[&Path]) -> Vec<Result<Document, InputProblem>> {
    let inputs: Vec<InputSpec> = paths.iter().map(|p| InputSpec::from(*p)).collect();
    read_inputs(&inputs, &IngestOptions::default()).collect()
}

fn docs(paths: &[&Path]) -> Vec<Document> {
    read(paths)
        .into_iter()
        .map(|r| r.unwrap_or_else(|p| panic!("unexpected problem: {p}")))
        .collect()
}

fn one(path: &Path) -> Document {
    let mut d = docs(&[path]);
    assert_eq!(d.len(), 1, "{d:?}");
    d.remove(0)
}

fn problems(results: &[Result<Document, InputProblem>]) -> Vec<String> {
    results
        .iter()
        .filter_map(|r| r.as_ref().err().map(ToString::to_string))
        .collect()
}

fn page(title: &str, site: &str, date: &str, paragraphs: &str) -> String {
    format!(
        r#"<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}">
</head><body><nav><a href="/">الرئيسية</a> <a href="/x">أخبار</a></nav>
<article><h1>{title}</h1>{}</article>
<footer>جميع الحقوق محفوظة</footer></body></html>"#,
        paragraphs
            .lines()
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    )
}

/// One WARC record, written by hand (the warc crate's writer has gotchas, see crates.md).
fn warc_record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2018-06-15T08:30:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(content_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// A crawl: warcinfo, a request (skipped), a windows-1256 response without dates in the page
/// (the WARC-Date is the fallback), a 404 (skipped), and a plain-text resource.
fn warc_records() -> Vec<Vec<u8>> {
    let html = format!(
        "<html><head><title>سيطرة على ثلاث قرى</title></head><body><article><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"
    );
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
    vec![
        warc_record("warcinfo", "00000000-0000-0000-0000-000000000000", "", "application/warc-fields", b"software: test\r\n"),
        warc_record("request", "11111111-1111-1111-1111-111111111111", "http://example.com/a", "application/http; msgtype=request", b"GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n"),
        warc_record(
            "response",
            "22222222-2222-2222-2222-222222222222",
            "http://example.com/a",
            "application/http; msgtype=response",
            &http_response("text/html; charset=windows-1256", &cp1256),
        ),
        warc_record(
            "response",
            "33333333-3333-3333-3333-333333333333",
            "http://example.com/missing",
            "application/http; msgtype=response",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html><body>not found</body></html>",
        ),
        warc_record(
            "resource",
            "44444444-4444-4444-4444-444444444444",
            "file:///notes/b.txt",
            "text/plain; charset=utf-8",
            format!("{P2}\n{P3}").as_bytes(),
        ),
    ]
}

fn check_warc(d: &[Document], source_prefix: &str) {
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0].id, "urn:uuid:22222222-2222-2222-2222-222222222222");
    assert_eq!(d[0].url.as_deref(), Some("http://example.com/a"));
    assert_eq!(d[0].text, body());
    assert_eq!(d[0].title.as_deref(), Some("سيطرة على ثلاث قرى"));
    assert_eq!(d[0].published.as_deref(), Some("2018-06-15"));
    assert!(d[0].source.starts_with(source_prefix), "{}", d[0].source);
    assert!(d[0]
        .source
        .ends_with("#urn:uuid:22222222-2222-2222-2222-222222222222"));
    assert!(
        d[0].diagnostics.iter().any(|x| x.contains("windows-1256")),
        "{:?}",
        d[0].diagnostics
    );
    assert_eq!(d[1].id, "urn:uuid:44444444-4444-4444-4444-444444444444");
    assert_eq!(d[1].text, format!("{P2}\n{P3}"));
}

mod formats {
    use super::*;

    #[test]
    fn plain_text_file() {
        let f = Fixture::new();
        let path = f.write("000_7cc05d779f669368.txt", body());
        let d = one(&path);
        assert_eq!(d.id, "000_7cc05d779f669368");
        assert_eq!(d.source, path.display().to_string());
        assert_eq!(d.text, body());
        assert_eq!(d.language, "und");
        assert!(d.outlet.is_none() && d.outlet_from.is_none() && d.published.is_none());
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    }

    #[test]
    fn blank_lines_and_crlf_become_single_newlines() {
        let f = Fixture::new();
        let path = f.write("a.txt", format!("\r\n{P1}\r\n\r\n{P2}\r\n\r\n\r\n{P3}\r\n"));
        assert_eq!(one(&path).text, body());
    }

    #[test]
    fn html_file() {
        let f = Fixture::new();
        let path = f.write(
            "page.html",
            page(
                "سيطرة على ثلاث قرى",
                "موقع الخبر",
                "2018-06-15T10:00:00+03:00",
                &body(),
            ),
        );
        let d = one(&path);
        assert_eq!(d.id, "page");
        assert_eq!(d.text, body());
        assert_eq!(d.title.as_deref(), Some("سيطرة على ثلاث قرى"));
        assert_eq!(d.outlet.as_deref(), Some("موقع الخبر"));
        assert_eq!(d.outlet_from, Some(OutletFrom::Metadata));
        assert_eq!(d.published.as_deref(), Some("2018-06-15"));
        assert_eq!(d.language, "ar");
    }

    #[test]
    fn jsonl_file_with_fields_html_and_missing_ids() {
        let f = Fixture::new();
        let lines = [
            serde_json::json!({"id": "x1", "outlet": "سكاي نيوز عربية", "published": "2018-06-15", "url": "https://example.com/x1", "title": "عنوان", "author": "أبوظبي - سكاي نيوز عربية", "text": body(), "category": "ignored"}),
            serde_json::json!({"outlet": "فرانس 24", "text": P1}),
            serde_json::json!({"id": 42, "html": page("عنوان الصفحة", "موقع الخبر", "2018/06/14", &body())}),
        ];
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let path = f.write("batch.jsonl", text);
        let d = docs(&[&path]);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].id, "x1");
        assert_eq!(d[0].outlet.as_deref(), Some("سكاي نيوز عربية"));
        assert_eq!(d[0].outlet_from, Some(OutletFrom::Metadata));
        assert_eq!(d[0].published.as_deref(), Some("2018-06-15"));
        assert_eq!(d[0].url.as_deref(), Some("https://example.com/x1"));
        assert_eq!(d[0].title.as_deref(), Some("عنوان"));
        assert_eq!(d[0].author.as_deref(), Some("أبوظبي - سكاي نيوز عربية"));
        assert_eq!(d[0].text, body());
        assert_eq!(d[0].source, format!("{}:line 1", path.display()));
        assert_eq!(d[1].id, "batch:2");
        assert_eq!(d[2].id, "42");
        assert_eq!(d[2].text, body());
        assert_eq!(d[2].outlet.as_deref(), Some("موقع الخبر"));
        assert_eq!(d[2].published.as_deref(), Some("2018-06-14"));
    }

    #[test]
    fn malformed_jsonl_lines_are_problems_and_the_good_ones_come_through() {
        let f = Fixture::new();
        let good = |id: &str| serde_json::json!({"id": id, "text": P1}).to_string();
        let text = format!(
            "{}\n{{\"id\": \"broken\", \"text\": \n\n{}\n{}\n[1, 2]\n{}\n",
            good("g1"),
            serde_json::json!({"id": "nobody", "title": "بلا نص"}),
            good("g2"),
            good("g3"),
        );
        let path = f.write("mixed.ndjson", text);
        let results = read(&[&path]);
        let ids: Vec<&str> = results
            .iter()
            .filter_map(|r| r.as_ref().ok().map(|d| d.id.as_str()))
            .collect();
        assert_eq!(ids, ["g1", "g2", "g3"]);
        let p = problems(&results);
        assert_eq!(p.len(), 3, "{p:?}");
        let shown = path.display().to_string();
        assert!(
            p[0].starts_with(&format!("{shown}:line 2: not valid JSON")),
            "{}",
            p[0]
        );
        assert!(p[0].ends_with("; skipped"));
        assert_eq!(
            p[1],
            format!("{shown}:line 4: no \"text\" or \"html\" field; skipped")
        );
        assert!(p[2].starts_with(&format!(
            "{shown}:line 6: not valid JSON (not a JSON object)"
        )));
    }

    #[test]
    fn warc_file() {
        let f = Fixture::new();
        let path = f.write("crawl.warc", warc_records().concat());
        check_warc(&docs(&[&path]), &path.display().to_string());
    }

    #[test]
    fn truncated_warc_yields_the_good_records_then_a_problem() {
        let f = Fixture::new();
        let mut bytes = warc_records()[..3].concat();
        bytes.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nshort",
        );
        let path = f.write("cut.warc", bytes);
        let results = read(&[&path]);
        assert!(results[0].is_ok());
        let p = problems(&results);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("rest of the file skipped"), "{}", p[0]);
    }

    #[test]
    fn content_is_sniffed_without_a_known_extension() {
        let f = Fixture::new();
        let html = f.write("page", page("عنوان", "موقع", "2018-06-15", &body()));
        let jsonl = f.write(
            "records.data",
            format!("{}\n", serde_json::json!({"id": "j", "text": P1})),
        );
        let warc = f.write("crawl.bin", warc_records().concat());
        let text = f.write("notes.md", body());
        let d = docs(&[&html, &jsonl, &warc, &text]);
        assert_eq!(d.len(), 5);
        assert_eq!(d[0].title.as_deref(), Some("عنوان"));
        assert_eq!(d[0].text, body());
        assert_eq!(d[1].id, "j");
        assert_eq!(d[2].id, "urn:uuid:22222222-2222-2222-2222-222222222222");
        assert_eq!(d[4].id, "notes");
        assert_eq!(d[4].text, body());
    }
}

mod gzip {
    use super::*;

    #[test]
    fn gzip_of_each_format() {
        let f = Fixture::new();
        let txt = f.write("t.txt.gz", gz(body().as_bytes()));
        let html = f.write(
            "a.html.gz",
            gz(page("عنوان", "موقع", "2018-06-15", &body()).as_bytes()),
        );
        let jsonl = f.write(
            "j.jsonl.gz",
            gz(format!("{}\n", serde_json::json!({"text": P1})).as_bytes()),
        );
        let d = docs(&[&txt, &html, &jsonl]);
        assert_eq!(d.len(), 3);
        assert_eq!(
            (d[0].id.as_str(), d[0].text.as_str()),
            ("t", body().as_str())
        );
        assert_eq!(d[1].id, "a");
        assert_eq!(d[1].text, body());
        assert_eq!(d[2].id, "j:1");
    }

    #[test]
    fn multi_member_warc_gz_one_member_per_record() {
        let f = Fixture::new();
        let bytes: Vec<u8> = warc_records().iter().flat_map(|r| gz(r)).collect();
        let path = f.write("crawl.warc.gz", bytes);
        check_warc(&docs(&[&path]), &path.display().to_string());
    }

    #[test]
    fn gzip_without_gz_extension_and_inner_format_by_sniffing() {
        let f = Fixture::new();
        let path = f.write(
            "blob",
            gz(format!("{}\n", serde_json::json!({"id": "s", "text": P1})).as_bytes()),
        );
        assert_eq!(one(&path).id, "s");
    }

    #[test]
    fn corrupt_gzip_is_a_problem() {
        let f = Fixture::new();
        let mut bytes = gz(body().repeat(50).as_bytes());
        let n = bytes.len();
        bytes.truncate(n / 2);
        let path = f.write("cut.txt.gz", bytes);
        let p = problems(&read(&[&path]));
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("gzip"), "{}", p[0]);
    }
}

mod encodings {
    use super::*;

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let f = Fixture::new();
        let le = f.write("le.txt", utf16(&body(), true));
        let be = f.write("be.txt", utf16(&body(), false));
        let d = docs(&[&le, &be]);
        assert_eq!(d[0].text, body());
        assert_eq!(d[1].text, body());
        assert!(
            d[0].diagnostics.iter().any(|x| x.contains("UTF-16LE")),
            "{:?}",
            d[0].diagnostics
        );
        assert!(d[1].diagnostics.iter().any(|x| x.contains("UTF-16BE")));
    }

    #[test]
    fn utf16_html_without_extension_is_sniffed() {
        let f = Fixture::new();
        let path = f.write(
            "page16",
            utf16(&page("عنوان", "موقع", "2018-06-15", &body()), true),
        );
        assert_eq!(one(&path).text, body());
    }

    #[test]
    fn windows_1256_text_is_detected() {
        let f = Fixture::new();
        let text = body();
        let (bytes, _, bad) = encoding_rs::WINDOWS_1256.encode(&text);
        assert!(!bad);
        let d = one(&f.write("legacy.txt", bytes));
        assert_eq!(d.text, body());
        assert_eq!(d.diagnostics, ["encoding windows-1256 (detected)"]);
    }

    #[test]
    fn iso_8859_6_text_decodes() {
        // ISO-8859-6 lacks a few letters of Windows-1256 (no پ etc.) but has all of these.
        let text = "قالت مصادر محلية ان القوات انسحبت من القرية صباح اليوم\nواضافت ان الاهالي بدأوا العودة الى منازلهم";
        let (bytes, _, bad) = encoding_rs::ISO_8859_6.encode(text);
        assert!(!bad);
        let f = Fixture::new();
        let d = one(&f.write("iso.txt", bytes));
        assert_eq!(d.text, text);
        assert!(
            d.diagnostics[0].starts_with("encoding ISO-8859-6"),
            "{:?}",
            d.diagnostics
        );
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let f = Fixture::new();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(body().as_bytes());
        let d = one(&f.write("bom.txt", bytes));
        assert_eq!(d.text, body());
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn invalid_bytes_are_replaced_and_counted() {
        let f = Fixture::new();
        let mut bytes = P1.as_bytes().to_vec();
        bytes.extend_from_slice(b"\n\xFF ");
        bytes.extend_from_slice(P2.as_bytes());
        bytes.extend_from_slice(b" \xC3 \x80\n");
        bytes.extend_from_slice(P3.as_bytes());
        let d = one(&f.write("bad.txt", bytes));
        assert_eq!(d.diagnostics, ["3 invalid UTF-8 byte sequences replaced"]);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 3);
    }

    #[test]
    fn invalid_bytes_in_a_jsonl_line_are_counted() {
        let f = Fixture::new();
        let mut bytes = b"{\"id\": \"x\", \"text\": \"".to_vec();
        bytes.extend_from_slice(P1.as_bytes());
        bytes.extend_from_slice(b" \xFF\"}\n");
        let d = one(&f.write("bad.jsonl", bytes));
        assert_eq!(d.diagnostics, ["1 invalid UTF-8 byte sequence replaced"]);
    }
}

mod problems {
    use super::*;

    #[test]
    fn binary_and_empty_files_are_problems_and_the_batch_goes_on() {
        let f = Fixture::new();
        let bin = f.write("bad.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01");
        let empty = f.write("empty.txt", b"");
        let blank = f.write("blank.txt", b"  \n\n ");
        let missing = f.path("missing.txt");
        let good = f.write("good.txt", body());
        let results = read(&[&bin, &empty, &blank, &missing, &good]);
        let p = problems(&results);
        assert_eq!(
            p[0],
            format!(
                "{}: not text (binary data: NUL bytes in the first 8 KiB); skipped",
                bin.display()
            )
        );
        assert_eq!(p[1], format!("{}: empty; skipped", empty.display()));
        assert_eq!(p[2], format!("{}: empty; skipped", blank.display()));
        assert!(
            p[3].starts_with(&format!("{}: cannot read", missing.display())),
            "{}",
            p[3]
        );
        assert_eq!(results.len(), 5);
        assert_eq!(results[4].as_ref().unwrap().text, body());
    }

    #[test]
    fn broken_html_does_not_panic() {
        let f = Fixture::new();
        let a = f.write(
            "a.html",
            format!("<html><body><div><p>{P1}<p>{P2}<div><span>{P3}"),
        );
        let b = f.write(
            "b.html",
            "<html><<<>>></p></div><script>var x = '<p>';</body",
        );
        let c = f.write(
            "c.htm",
            "<!doctype html><html><head><title>x</title><body><table><tr><td><p>نص قصير",
        );
        let results = read(&[&a, &b, &c]);
        assert_eq!(results.len(), 3);
        let d = results[0].as_ref().unwrap();
        assert!(
            d.text.contains("أعلنت وزارة الدفاع") && d.text.contains("وحدات الهندسة"),
            "{}",
            d.text
        );
    }

    #[test]
    fn too_large_documents_are_problems() {
        let f = Fixture::new();
        let path = f.write("big.txt", body().repeat(10));
        let mut options = IngestOptions::default();
        options.max_document_bytes = 100;
        let results: Vec<_> = read_inputs(&[InputSpec::from(path.as_path())], &options).collect();
        assert!(problems(&results)[0].contains("too large"));
    }
}

mod cleaning {
    use super::*;

    #[test]
    fn furniture_is_removed_with_diagnostics() {
        let f = Fixture::new();
        let text = format!(
            "عاجل\n{P1}\nإقرأ أيضاً: وفد أممي يزور مخيم الركبان\n{P2}\nشارك في الاجتماع ممثلون عن العشائر.\nشارك هذا المقال\nفيسبوك تويتر واتساب\n{P3}\nيستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك.\nجميع الحقوق محفوظة © 2018"
        );
        let d = one(&f.write("f.txt", text));
        assert_eq!(
            d.text,
            format!("{P1}\n{P2}\nشارك في الاجتماع ممثلون عن العشائر.\n{P3}")
        );
        assert_eq!(d.diagnostics.len(), 6, "{:?}", d.diagnostics);
        assert_eq!(d.diagnostics[0], "removed page furniture: \"عاجل\"");
        assert!(d.diagnostics[1].starts_with("removed page furniture: \"إقرأ أيضاً"));
    }

    #[test]
    fn furniture_in_jsonl_text_too() {
        let f = Fixture::new();
        let line = serde_json::json!({"id": "x", "outlet": "موقع", "text": format!("{P1}\nاقرأ ايضا\n{P2}")});
        let d = one(&f.write("x.jsonl", format!("{line}\n")));
        assert_eq!(d.text, format!("{P1}\n{P2}"));
        assert_eq!(d.diagnostics, ["removed page furniture: \"اقرأ ايضا\""]);
    }

    #[test]
    fn html_read_also_lists_share_bars_and_comments_are_dropped() {
        let f = Fixture::new();
        let html = format!(
            r##"<html lang="ar"><body><div class="cookie-consent">يستخدم هذا الموقع ملفات تعريف الارتباط</div>
<article><h1>عنوان</h1><div class="social-share"><a href="#">شارك</a><a href="#">تويتر</a></div>
<p>{P1}</p><p><b>إقرأ أيضا:</b></p><ul><li><a href="/1">انفجار في ريف إدلب</a></li><li><a href="/2">وفد أممي في الركبان</a></li></ul>
<p>{P2}</p><div class="related-articles"><h3>مواضيع ذات صلة</h3><a href="/3">خبر قديم عن حماة</a></div><p>{P3}</p></article>
<div id="comments"><p>تعليق: نتمنى السلامة لأهلنا في حماة وريفها وأن تنتهي هذه الحرب قريبا.</p></div></body></html>"##
        );
        let d = one(&f.write("r.html", html));
        assert_eq!(d.text, body(), "{:?}", d.diagnostics);
    }
}

mod outlets_and_dates {
    use super::*;

    fn from_text(text: &str) -> Document {
        let f = Fixture::new();
        one(&f.write("x.txt", text))
    }

    #[test]
    fn outlet_from_each_byline_form() {
        for (text, outlet, kept) in [
            (format!("RT : {P1}\n{P2}"), "RT", format!("{P1}\n{P2}")),
            (format!("RT: {P1}\n{P2}"), "RT", format!("{P1}\n{P2}")),
            (
                format!("{P1}\n{P2}\nالمصدر: سبوتنيك"),
                "سبوتنيك",
                format!("{P1}\n{P2}"),
            ),
            (
                format!("{P1}\n{P2}\nمصدر الأخبار: عربي اليوم + وكالات"),
                "عربي اليوم",
                format!("{P1}\n{P2}"),
            ),
            (
                format!("{P1}\n{P2}\nإعداد: وكالة الأناضول"),
                "الأناضول",
                format!("{P1}\n{P2}"),
            ),
            (format!("(سانا) {P1}\n{P2}"), "سانا", format!("{P1}\n{P2}")),
            (
                format!("دمشق - (سانا) - {P1}\n{P2}"),
                "سانا",
                format!("{P1}\n{P2}"),
            ),
            (
                format!("{P1}\n{P2}\nالمصدر: وكالات"),
                "وكالات",
                format!("{P1}\n{P2}"),
            ),
        ] {
            let d = from_text(&text);
            assert_eq!(d.outlet.as_deref(), Some(outlet), "{text}");
            assert_eq!(d.outlet_from, Some(OutletFrom::Text));
            assert_eq!(d.text, kept, "{text}");
            assert!(
                d.diagnostics
                    .iter()
                    .any(|x| x.starts_with("removed source line")),
                "{:?}",
                d.diagnostics
            );
        }
    }

    #[test]
    fn agencies_after_a_source_are_credited() {
        let d = from_text(&format!("{P1}\nمصدر الأخبار: عربي اليوم + وكالات"));
        assert_eq!(d.outlet.as_deref(), Some("عربي اليوم"));
        assert_eq!(d.credited.as_ref().map(|c| c.text.as_str()), Some("وكالات"));
    }

    #[test]
    fn metadata_outlet_stays_and_the_credited_one_is_recorded() {
        let f = Fixture::new();
        let line = serde_json::json!({"id": "c", "outlet": "عربي اليوم", "text": format!("{P1}\n{P2}\nالمصدر: سبوتنيك")});
        let d = one(&f.write("c.jsonl", format!("{line}\n")));
        assert_eq!(d.outlet.as_deref(), Some("عربي اليوم"));
        assert_eq!(d.outlet_from, Some(OutletFrom::Metadata));
        let c = d.credited.expect("credited");
        assert_eq!(c.text, "سبوتنيك");
        assert_eq!(c.kb_id, None);
        assert_eq!(c.evidence, "المصدر: سبوتنيك");
        assert_eq!(d.text, format!("{P1}\n{P2}"));
    }

    #[test]
    fn a_source_line_naming_the_publisher_is_not_a_credit() {
        let f = Fixture::new();
        let line =
            serde_json::json!({"id": "c", "outlet": "روسيا اليوم", "text": format!("RT : {P1}")});
        let d = one(&f.write("c.jsonl", format!("{line}\n")));
        assert_eq!(d.outlet.as_deref(), Some("روسيا اليوم"));
        assert!(d.credited.is_none());
        assert_eq!(d.text, P1);
    }

    #[test]
    fn dates_from_datelines() {
        let d = from_text(&format!("الجمعة ١٥ حزيران/يونيو ٢٠١٨\n{P1}\n{P2}"));
        assert_eq!(d.published.as_deref(), Some("2018-06-15"));
        assert_eq!(d.text, format!("{P1}\n{P2}"));
        let d = from_text(&format!("{P1}\n{P2}\nنشر في 2018/06/14"));
        assert_eq!(d.published.as_deref(), Some("2018-06-14"));
        assert_eq!(d.text, format!("{P1}\n{P2}"));
        // A byline with a date is kept: only pure datelines are removed.
        let d = from_text(&format!("دمشق - 15 يونيو 2018 - {P1}\n{P2}"));
        assert_eq!(d.published.as_deref(), Some("2018-06-15"));
        assert!(d.text.starts_with("دمشق - 15 يونيو 2018"));
    }

    #[test]
    fn metadata_dates_in_every_shape() {
        let f = Fixture::new();
        let lines: String = [
            "2018-06-15T23:30:00+03:00",
            "2018/06/15",
            "15/06/2018",
            "15 يونيو 2018",
            "الجمعة 15 حزيران/يونيو 2018",
            "2018-13-40",
        ]
        .iter()
        .map(|d| format!("{}\n", serde_json::json!({"published": d, "text": P1})))
        .collect();
        let d = docs(&[&f.write("dates.jsonl", lines)]);
        let got: Vec<Option<&str>> = d.iter().map(|d| d.published.as_deref()).collect();
        assert_eq!(got[..5], [Some("2018-06-15"); 5]);
        assert_eq!(got[5], None);
        assert!(
            d[5].diagnostics[0].starts_with("invalid date \"2018-13-40\""),
            "{:?}",
            d[5].diagnostics
        );
    }
}

mod ids_and_order {
    use super::*;

    #[test]
    fn duplicate_ids_are_suffixed() {
        let f = Fixture::new();
        let a = f.write("one/a.txt", P1);
        let b = f.write("two/a.txt", P2);
        let c = f.write("three/a.html", page("x", "y", "2018-06-15", P3));
        let d = docs(&[&a, &b, &c]);
        let ids: Vec<&str> = d.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-2", "a-3"]);
        assert!(d[0].diagnostics.is_empty());
        assert_eq!(
            d[1].diagnostics,
            ["id \"a\" already used in this run; renamed \"a-2\""]
        );
    }

    #[test]
    fn directories_are_read_recursively_in_sorted_order_skipping_hidden() {
        let f = Fixture::new();
        f.write("c.txt", P1);
        f.write("a/z.txt", P1);
        f.write("a/b/y.txt", P1);
        f.write("b.txt", P1);
        f.write(".hidden.txt", P1);
        f.write(".git/config.txt", P1);
        f.write("a/.secret/x.txt", P1);
        let d = docs(&[f.dir.path()]);
        let ids: Vec<&str> = d.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["y", "z", "b", "c"]);
    }
}

mod stdin {
    use super::*;
    use std::process::{Command, Stdio};

    const CHILD: &str = "ISNAD_INGEST_STDIN_CHILD";

    /// Runs only inside the child process started by `dash_reads_standard_input`.
    #[test]
    fn stdin_child() {
        if std::env::var_os(CHILD).is_none() {
            return;
        }
        for item in read_inputs(&[InputSpec::parse("-")], &IngestOptions::default()) {
            match item {
                Ok(d) => println!("DOC {} {} {}", d.id, d.source, d.text.lines().count()),
                Err(p) => println!("PROBLEM {p}"),
            }
        }
    }

    #[test]
    fn dash_reads_standard_input() {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "stdin::stdin_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let input = format!(
            "{}\nnot json\n{}\n",
            serde_json::json!({"id": "a", "text": body()}),
            serde_json::json!({"text": P1})
        );
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let out = String::from_utf8_lossy(&out.stdout);
        assert!(out.contains("DOC a -:line 1 3"), "{out}");
        assert!(out.contains("PROBLEM -:line 2: not valid JSON"), "{out}");
        assert!(out.contains("DOC stdin:3 -:line 3 1"), "{out}");
    }
}

mod real_data {
    use super::*;

    fn shared(rel: &str) -> Option<PathBuf> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data")
            .join(rel);
        if path.exists() {
            Some(path)
        } else {
            println!("skipped: {} missing", path.display());
            None
        }
    }

    #[test]
    fn gold_dev_input_reads_unchanged() {
        let Some(path) = shared("gold/dev.input.jsonl") else {
            return;
        };
        let raw: Vec<serde_json::Value> = fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let d = docs(&[&path]);
        assert_eq!(d.len(), raw.len());
        for (doc, want) in d.iter().zip(&raw) {
            assert_eq!(doc.id, want["id"].as_str().unwrap());
            assert_eq!(doc.outlet.as_deref(), want["outlet"].as_str());
            assert_eq!(doc.outlet_from, Some(OutletFrom::Metadata));
            assert_eq!(doc.published.as_deref(), want["published"].as_str());
            assert_eq!(doc.title.as_deref(), want["title"].as_str());
            assert_eq!(doc.text, want["text"].as_str().unwrap(), "{}", doc.id);
            assert!(
                doc.diagnostics.is_empty(),
                "{}: {:?}",
                doc.id,
                doc.diagnostics
            );
            assert!(doc.credited.is_none(), "{}", doc.id);
        }
    }

    #[test]
    fn streams_two_thousand_ant_records() {
        let Some(path) = shared("news/ant_multisource.jsonl.gz") else {
            return;
        };
        let (mut n, mut empty) = (0, 0);
        for item in read_inputs(
            &[InputSpec::from(path.as_path())],
            &IngestOptions::default(),
        )
        .take(2000)
        {
            match item {
                Ok(doc) => {
                    assert!(!doc.text.is_empty());
                    assert!(doc.outlet.is_some());
                    assert!(doc.published.is_some(), "{}", doc.id);
                    n += 1;
                }
                // A few records of this corpus hold nothing but a disclaimer or a copyright
                // line; they are reported, not errors of the reader.
                Err(p) if matches!(p.error, isnad_ingest::Error::NoText) => empty += 1,
                Err(p) => panic!("{p}"),
            }
        }
        assert_eq!(n + empty, 2000);
        assert!(empty <= 20, "{empty} records without text");
    }
}
