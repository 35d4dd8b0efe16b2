//! One HTML page: charset, metadata, main text.
//!
//! Metadata is read with scraper from the tags outlets actually fill (`og:*`, `article:*`,
//! `<meta name="author">`, `<html lang>`) and from JSON-LD (`NewsArticle` and its kin, also
//! inside `@graph`), because those are stated by the publisher and beat anything inferred.
//! The main text comes from dom_smoothie, a port of Firefox's Readability. Readability keeps
//! whatever sits inside the article container, and Arabic news sites put their "read also"
//! (اقرأ أيضاً) lists, share bars and related-article boxes exactly there, so the page is first
//! pruned: elements whose class or id names such furniture, and "read also" blocks with the list
//! that follows them, are detached before extraction. What survives still goes through the line
//! furniture filter of [`crate::furniture`].

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use dom_smoothie::{Config, Readability, TextMode};
use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::decode::{self, EncodingSource};

/// What a page gave.
#[derive(Debug, Default, Clone)]
pub(crate) struct Page {
    pub text: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<(String, &'static str)>,
    pub author: Option<String>,
    pub language: Option<String>,
    pub diagnostics: Vec<String>,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// The charset a page declares in its first 4 KiB (`<meta charset>` or `http-equiv`).
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static RE: OnceLock<regex::bytes::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#)
            .unwrap()
    });
    let head = &bytes[..bytes.len().min(4096)];
    let c = re.captures(head)?;
    encoding_rs::Encoding::for_label(&c[1])
}

/// Decodes and reads one page. `http_charset` comes from a WARC record's HTTP header.
pub(crate) fn read(
    bytes: &[u8],
    http_charset: Option<&'static encoding_rs::Encoding>,
    url: Option<&str>,
) -> Page {
    let declared = http_charset
        .map(|e| (e, EncodingSource::Header))
        .or_else(|| meta_charset(bytes).map(|e| (e, EncodingSource::Meta)));
    let decoded = decode::decode(bytes, declared);
    let mut page = match catch_unwind(AssertUnwindSafe(|| read_str(&decoded.text, url))) {
        Ok(page) => page,
        Err(_) => Page {
            text: String::new(),
            diagnostics: vec!["HTML parser failed on this page".to_owned()],
            ..Page::default()
        },
    };
    let mut diagnostics = decoded.diagnostics();
    diagnostics.append(&mut page.diagnostics);
    page.diagnostics = diagnostics;
    page
}

fn meta(doc: &Html, selector: &str) -> Option<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr("content"))
        .map(|s| s.trim().to_owned())
        .find(|s| !s.is_empty())
}

fn read_str(html: &str, url: Option<&str>) -> Page {
    let mut doc = Html::parse_document(html);
    let mut page = Page::default();

    // Metadata.
    let ld = json_ld(&doc, &mut page.diagnostics);
    page.title = meta(&doc, r#"meta[property="og:title"]"#)
        .or(ld.headline)
        .or_else(|| {
            doc.select(&sel("title"))
                .chain(doc.select(&sel("h1")))
                .map(|t| t.text().collect::<Vec<_>>().join(" "))
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .find(|t| !t.is_empty())
        });
    page.outlet = meta(&doc, r#"meta[property="og:site_name"]"#).or(ld.publisher);
    if let (Some(title), Some(outlet)) = (&page.title, &page.outlet) {
        page.title = Some(strip_site_suffix(title, outlet));
    }
    page.published = meta(&doc, r#"meta[property="article:published_time"]"#)
        .map(|d| (d, "article:published_time"))
        .or(ld.date_published.map(|d| (d, "JSON-LD datePublished")))
        .or_else(|| {
            meta(
                &doc,
                r#"meta[itemprop="datePublished"], meta[name="date"], meta[name="pubdate"]"#,
            )
            .map(|d| (d, "a date meta tag"))
        });
    page.author = meta(&doc, r#"meta[property="article:author"]"#)
        .filter(|a| !a.starts_with("http"))
        .or_else(|| meta(&doc, r#"meta[name="author"]"#))
        .or(ld.author);
    page.language = doc
        .root_element()
        .value()
        .attr("lang")
        .map(|l| {
            l.trim()
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));

    // Prune furniture, then extract.
    let pruned = prune(&mut doc);
    if pruned > 0 {
        page.diagnostics.push(format!(
            "removed {pruned} page element{} (navigation, share, related, comments, read-also)",
            if pruned == 1 { "" } else { "s" }
        ));
    }
    let cleaned = doc.html();
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let article = Readability::new(cleaned.as_str(), url, Some(config.clone()))
        .or_else(|_| Readability::new(cleaned.as_str(), None, Some(config)))
        .and_then(|mut r| r.parse());
    match article {
        Ok(article) => {
            page.text = join_lines(&article.text_content);
            if page.title.is_none() && !article.title.trim().is_empty() {
                page.title = Some(article.title.trim().to_owned());
            }
            // The headline is the title, not the body (Readability keeps an `<h1>` that
            // differs from `<title>`, which is common when the title carries the site name).
            if let Some(title) = &page.title {
                let first = page.text.lines().next().unwrap_or("");
                if isnad_text::fold(first.trim()) == isnad_text::fold(title.trim()) {
                    page.text = page.text.lines().skip(1).collect::<Vec<_>>().join("\n");
                }
            }
            if page.outlet.is_none() {
                page.outlet = article.site_name.filter(|s| !s.trim().is_empty());
            }
            if page.published.is_none() {
                page.published = article.published_time.map(|d| (d, "the page metadata"));
            }
            if page.author.is_none() {
                page.author = article.byline.filter(|s| !s.trim().is_empty());
            }
        }
        Err(e) => {
            page.diagnostics.push(format!(
                "main-text extraction failed ({e}); used every paragraph of the page"
            ));
            page.text = fallback_text(&doc);
        }
    }
    page
}

/// `Headline | Site` or `Headline - Site` → `Headline`.
fn strip_site_suffix(title: &str, site: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some(head) = title.strip_suffix(site).and_then(|t| t.strip_suffix(sep)) {
            if !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

/// Trimmed, non-empty lines joined with `\n`.
fn join_lines(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn fallback_text(doc: &Html) -> String {
    let paragraphs: Vec<String> = doc
        .select(&sel("p, h1, h2, h3, li, blockquote, pre"))
        .map(|p| p.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    if paragraphs.is_empty() {
        let body: String = doc
            .select(&sel("body"))
            .flat_map(|b| b.text())
            .collect::<Vec<_>>()
            .join("\n");
        return join_lines(&body);
    }
    paragraphs.join("\n")
}

#[derive(Default)]
struct LdMeta {
    headline: Option<String>,
    date_published: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
}

const ARTICLE_TYPES: [&str; 7] = [
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
];

fn json_ld(doc: &Html, diagnostics: &mut Vec<String>) -> LdMeta {
    let mut out = LdMeta::default();
    for script in doc.select(&sel(r#"script[type="application/ld+json"]"#)) {
        let raw: String = script.text().collect();
        let value: Value = match serde_json::from_str(raw.trim()) {
            Ok(v) => v,
            Err(e) => {
                diagnostics.push(format!("JSON-LD block ignored: {e}"));
                continue;
            }
        };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                    let is_article = match map.get("@type") {
                        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                        _ => false,
                    };
                    if is_article {
                        out.headline = out.headline.or_else(|| string(map.get("headline")));
                        out.date_published = out
                            .date_published
                            .or_else(|| string(map.get("datePublished")));
                        out.publisher = out.publisher.or_else(|| name(map.get("publisher")));
                        out.author = out.author.or_else(|| name(map.get("author")));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn string(v: Option<&Value>) -> Option<String> {
    v?.as_str()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// `"name"`, `{"name": ...}` or the first of a list of either.
fn name(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Object(map) => string(map.get("name")),
        Value::Array(items) => items.iter().find_map(|i| name(Some(i))),
        _ => None,
    }
}

/// Class or id words that always name page furniture: such a block goes whatever it holds.
fn strong_furniture_attr() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(^|[\s_-])(cookies?|consent|gdpr|related|read-?also|readalso|readmore|more-news|comments?|disqus|newsletter)([\s_-]|$)",
        )
        .unwrap()
    })
}

/// Class or id words that usually name furniture but also appear on article wrappers
/// (`post share-enabled`): such a block goes only when it holds no real paragraphs.
fn weak_furniture_attr() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(^|[\s_-])(share|sharing|social|subscribe|breadcrumbs?|tags|advert|ads|banner|sidebar|popup|modal|nav|navbar|menu|footer|promo)([\s_-]|$)",
        )
        .unwrap()
    })
}

/// Characters of text inside `<p>` elements of `e`.
fn paragraph_text_len(e: ElementRef<'_>) -> usize {
    e.select(&sel("p")).map(text_len).sum()
}

/// Folded openings of "read also" and related-articles blocks.
const READ_ALSO: [&str; 10] = [
    "اقرا ايضا",
    "اقرا كذلك",
    "اقرا المزيد",
    "شاهد ايضا",
    "طالع ايضا",
    "مواضيع ذات صله",
    "اخبار ذات صله",
    "مقالات ذات صله",
    "read also",
    "related",
];

fn text_len(e: ElementRef<'_>) -> usize {
    e.text().map(|t| t.trim().chars().count()).sum()
}

fn link_text_len(e: ElementRef<'_>) -> usize {
    e.select(&sel("a")).map(text_len).sum()
}

/// Detaches furniture elements; returns how many.
fn prune(doc: &mut Html) -> usize {
    let mut doomed: Vec<NodeId> = Vec::new();
    let always = sel("nav, footer, aside, form, script, style, noscript, iframe, template, button");
    doomed.extend(doc.select(&always).map(|e| e.id()));
    for e in doc.select(&sel("[class], [id]")) {
        let name = e.value().name();
        if matches!(name, "html" | "body" | "main" | "article") {
            continue;
        }
        let attrs = format!(
            "{} {}",
            e.value().attr("class").unwrap_or(""),
            e.value().attr("id").unwrap_or("")
        );
        let len = text_len(e);
        let strong = strong_furniture_attr().is_match(&attrs) && len < 20_000;
        let weak = weak_furniture_attr().is_match(&attrs)
            && len < 3000
            && (paragraph_text_len(e) < 200 || link_text_len(e) * 2 >= len);
        if strong || weak {
            doomed.push(e.id());
        }
    }
    for e in doc.select(&sel("p, div, h2, h3, h4, h5, strong, b, span, li, section")) {
        let len = text_len(e);
        if len == 0 || len > 300 {
            continue;
        }
        let text: String = e.text().collect::<String>();
        let folded = isnad_text::fold(text.trim());
        if !READ_ALSO.iter().any(|p| folded.starts_with(p)) {
            continue;
        }
        // Climb from an inline label to its block.
        let mut block = e;
        while matches!(block.value().name(), "strong" | "b" | "span") {
            match block.parent().and_then(ElementRef::wrap) {
                Some(p) if text_len(p) <= 300 => block = p,
                _ => break,
            }
        }
        doomed.push(block.id());
        // The list of links that follows the label.
        if let Some(next) = block.next_siblings().find_map(ElementRef::wrap) {
            if matches!(next.value().name(), "ul" | "ol" | "div")
                && link_text_len(next) * 2 >= text_len(next)
            {
                doomed.push(next.id());
            }
        }
        // A container that is mostly links around the label is the whole related box.
        if let Some(parent) = block.parent().and_then(ElementRef::wrap) {
            if !matches!(parent.value().name(), "body" | "main" | "article" | "html")
                && link_text_len(parent) * 2 >= text_len(parent)
            {
                doomed.push(parent.id());
            }
        }
    }
    doomed.sort();
    doomed.dedup();
    let count = doomed.len();
    for id in doomed {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>عنوان الصفحة | موقع الخبر</title>
<meta property="og:title" content="قوات الأمن تفرج عن عشرين موقوفا في حلب">
<meta property="og:site_name" content="موقع الخبر">
<meta property="article:published_time" content="2018-06-15T10:00:00+03:00">
<meta name="author" content="سامر الحلبي">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"عنوان من JSON-LD","datePublished":"2018-06-14","publisher":{"@type":"Organization","name":"ناشر JSON-LD"},"author":[{"@type":"Person","name":"كاتب JSON-LD"}]}]}</script>
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/syria">سوريا</a></li><li><a href="/world">العالم</a></li></ul></nav>
<div class="cookie-banner">يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. <button>موافق</button></div>
<article>
<h1>قوات الأمن تفرج عن عشرين موقوفا في حلب</h1>
<div class="share-bar"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<p>أفرجت قوات الأمن في مدينة حلب يوم الجمعة عن عشرين موقوفا بعد وساطة قام بها وجهاء محليون استمرت أكثر من أسبوعين، بحسب ما أفاد مصدر محلي.</p>
<p>وقال المصدر إن المفرج عنهم كانوا قد اعتقلوا خلال حملة مداهمات في الأحياء الشرقية من المدينة مطلع الشهر الماضي، وإن بينهم ثلاثة قاصرين.</p>
<p><strong>اقرأ أيضاً:</strong></p>
<ul><li><a href="/a">انفجار في ريف إدلب يوقع قتلى</a></li><li><a href="/b">وفد أممي يزور مخيم الركبان</a></li></ul>
<p>وأضاف أن المفاوضات مستمرة للإفراج عن دفعة ثانية تضم نحو خمسين شخصا، من دون أن يحدد موعدا لذلك، مشيرا إلى أن الأهالي ينتظرون أمام مبنى المحافظة.</p>
<p>وكانت منظمات حقوقية قد طالبت مرارا بالإفراج عن المعتقلين الذين لم توجه إليهم أي تهم، وبالكشف عن مصير المفقودين منذ سنوات.</p>
</article>
<aside class="related"><h3>أخبار ذات صلة</h3><ul><li><a href="/c">خبر آخر عن حلب</a></li></ul></aside>
<section id="comments"><h3>التعليقات</h3><p>تعليق من قارئ: هذا خبر جيد جدا ونتمنى الإفراج عن الجميع قريبا.</p></section>
<footer>جميع الحقوق محفوظة © 2018 موقع الخبر</footer>
</body></html>"##;

    #[test]
    fn extracts_main_text_and_drops_furniture() {
        let page = read(PAGE.as_bytes(), None, Some("https://example.com/a"));
        let t = &page.text;
        assert!(
            t.starts_with("أفرجت قوات الأمن") || t.contains("\nأفرجت قوات الأمن"),
            "{t}"
        );
        assert!(t.contains("وكانت منظمات حقوقية"), "{t}");
        for junk in [
            "الرئيسية",
            "ملفات تعريف",
            "واتساب",
            "اقرأ أيضاً",
            "ريف إدلب",
            "خبر آخر",
            "تعليق من قارئ",
            "جميع الحقوق",
        ] {
            assert!(!t.contains(junk), "{junk} left in {t}");
        }
        assert_eq!(t.lines().filter(|l| l.starts_with('و')).count(), 3, "{t}");
    }

    #[test]
    fn reads_metadata_in_order_of_trust() {
        let page = read(PAGE.as_bytes(), None, None);
        assert_eq!(
            page.title.as_deref(),
            Some("قوات الأمن تفرج عن عشرين موقوفا في حلب")
        );
        assert_eq!(page.outlet.as_deref(), Some("موقع الخبر"));
        assert_eq!(
            page.published.as_ref().map(|p| p.0.as_str()),
            Some("2018-06-15T10:00:00+03:00")
        );
        assert_eq!(page.author.as_deref(), Some("سامر الحلبي"));
        assert_eq!(page.language.as_deref(), Some("ar"));
    }

    #[test]
    fn json_ld_in_graph_fills_what_meta_tags_lack() {
        let bare = PAGE
            .lines()
            .filter(|l| !l.starts_with("<meta property") && !l.starts_with("<meta name"))
            .collect::<Vec<_>>()
            .join("\n");
        let page = read(bare.as_bytes(), None, None);
        assert_eq!(page.title.as_deref(), Some("عنوان من JSON-LD"));
        assert_eq!(page.outlet.as_deref(), Some("ناشر JSON-LD"));
        assert_eq!(
            page.published.as_ref().map(|p| p.0.as_str()),
            Some("2018-06-14")
        );
        assert_eq!(page.author.as_deref(), Some("كاتب JSON-LD"));
    }

    #[test]
    fn line_breaks_inside_paragraphs_become_lines() {
        let html = "<html><body><article><p>أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة حمص يضم مئتي سرير.<br>وقال الوزير إن المستشفى سيبدأ استقبال المرضى مطلع الشهر المقبل بعد استكمال التجهيز.</p></article></body></html>";
        let page = read(html.as_bytes(), None, None);
        assert_eq!(page.text.lines().count(), 2, "{}", page.text);
    }

    #[test]
    fn site_name_suffix_is_cut_from_the_title() {
        assert_eq!(
            strip_site_suffix("عنوان الخبر | موقع الخبر", "موقع الخبر"),
            "عنوان الخبر"
        );
        assert_eq!(strip_site_suffix("عنوان - موقع", "موقع"), "عنوان");
        assert_eq!(strip_site_suffix("موقع", "موقع"), "موقع");
        assert_eq!(strip_site_suffix("عنوان آخر", "موقع"), "عنوان آخر");
    }

    #[test]
    fn an_article_wrapper_with_a_share_class_is_kept() {
        let html = "<html><body><div class=\"post share-enabled\"><p>أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة حمص يضم مئتي سرير ويخدم سكان الريف الشرقي الذين كانوا يقطعون مسافات طويلة للعلاج.</p><p>وقال الوزير إن المستشفى سيبدأ استقبال المرضى مطلع الشهر المقبل بعد استكمال تجهيز غرف العمليات وتدريب الكوادر الطبية الجديدة.</p></div></body></html>";
        let page = read(html.as_bytes(), None, None);
        assert!(page.text.contains("أعلنت وزارة الصحة"), "{}", page.text);
        assert!(page.text.contains("وقال الوزير"), "{}", page.text);
    }

    #[test]
    fn broken_html_does_not_panic() {
        for junk in [
            "<html><body><p>نص بلا إغلاق<div><p>وفقرة أخرى <b>غامقة",
            "<<<>>><p</p><!-- <script>",
            "<html><head><script type=\"application/ld+json\">{not json</script></head><body>نص</body>",
            "",
            "\u{0}\u{1}<html>",
        ] {
            let page = read(junk.as_bytes(), None, None);
            let _ = page.text;
        }
        let page = read(
            "<html><body><p>أعلنت الحكومة عن خطة جديدة لإعادة الإعمار في المدينة.<div><p>وقال الوزير إن الخطة تشمل المدارس".as_bytes(),
            None,
            None,
        );
        assert!(page.text.contains("أعلنت الحكومة"), "{}", page.text);
    }

    #[test]
    fn meta_charset_decides_the_encoding() {
        let html = "<html><head><meta charset=\"windows-1256\"></head><body><p>أعلنت الحكومة عن خطة جديدة.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(html);
        let page = read(&bytes, None, None);
        assert!(page.text.contains("أعلنت الحكومة"), "{}", page.text);
        assert!(page.diagnostics.iter().any(|d| d.contains("windows-1256")));
    }
}
