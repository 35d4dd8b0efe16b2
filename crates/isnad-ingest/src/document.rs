//! From what a reader found to a [`Document`]: the text pipeline every format shares.
//!
//! Readers differ in where text and metadata come from; what happens next is the same for a
//! JSONL line, an HTML page or a WARC record, so it is written once, as an ordered list of
//! steps (STYLE.md, point 3): line endings, page furniture, source lines, metadata outlet and
//! credit, date. Each step that changes the text says so in the diagnostics.

use isnad_core::{Credit, Document, OutletFrom};

use crate::{byline, date, furniture, outlets, IngestOptions};

/// What a reader extracted, before the shared cleaning.
#[derive(Debug, Default, Clone)]
pub(crate) struct Raw {
    pub id: String,
    pub source: String,
    pub text: String,
    pub title: Option<String>,
    /// Outlet given by metadata.
    pub outlet: Option<String>,
    /// Date as the metadata writes it, with where it came from (for diagnostics).
    pub published: Option<(String, &'static str)>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
    pub diagnostics: Vec<String>,
}

impl Raw {
    /// Takes the text and metadata an HTML page gave.
    pub(crate) fn take_page(&mut self, page: crate::html::Page) {
        self.text = page.text;
        self.title = page.title;
        self.outlet = page.outlet;
        self.published = page.published;
        self.author = page.author;
        self.language = page.language;
        self.diagnostics = page.diagnostics;
    }
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
}

/// Runs the shared steps. Returns `None` when no text is left.
pub(crate) fn finish(raw: Raw, options: &IngestOptions) -> Option<Document> {
    let mut diagnostics = raw.diagnostics;

    // 1. Line endings and the BOM a decoder may have left; blank lines carry nothing.
    let mut text = raw.text.replace("\r\n", "\n").replace('\r', "\n");
    if text.starts_with('\u{FEFF}') {
        text.remove(0);
    }
    if text.lines().any(|l| l.trim().is_empty()) {
        text = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }

    // 2. Page furniture.
    if options.remove_furniture {
        let (kept, removed) = furniture::Furniture::builtin().strip(&text);
        if !removed.is_empty() {
            text = kept;
            for line in removed {
                diagnostics.push(format!(
                    "removed page furniture: {}",
                    furniture::quote(&line)
                ));
            }
        }
    }

    // 3. Source lines and bylines.
    let mut outlet = clean(raw.outlet);
    let mut outlet_from = outlet.as_ref().map(|_| OutletFrom::Metadata);
    let mut credited = None;
    let mut author = clean(raw.author);
    if options.read_source_lines {
        let found = byline::read(&text);
        if !found.removed.is_empty() {
            text = found.text;
            for line in &found.removed {
                diagnostics.push(format!("removed source line: {}", furniture::quote(line)));
            }
        }
        if author.is_none() {
            author = found.author;
        }
        for (name, evidence) in found.names {
            match &outlet {
                None => {
                    let canonical = outlets::lookup(&name).map_or(name.clone(), str::to_owned);
                    diagnostics.push(format!("outlet \"{canonical}\" read from the text"));
                    outlet = Some(canonical);
                    outlet_from = Some(OutletFrom::Text);
                }
                Some(publisher) if outlets::same_outlet(publisher, &name) => {}
                Some(_) if credited.is_none() => {
                    diagnostics.push(format!("credits \"{name}\" as its source"));
                    credited = Some(Credit {
                        text: name,
                        kb_id: None,
                        evidence,
                    });
                }
                Some(_) => {}
            }
        }
    }

    // 4. Date: metadata first, then a dateline. The time of day only from metadata that is
    // the publication's own (not a crawler's capture time).
    let mut published = None;
    let mut published_at = None;
    if let Some((value, origin)) = raw.published {
        match date::normalize(&value) {
            Ok(d) => {
                if origin != date::CAPTURE_TIME {
                    published_at = date::time_of_day(&value).filter(|t| t.starts_with(&d));
                }
                published = Some(d);
            }
            Err(why) => diagnostics.push(format!(
                "invalid date {} in {origin} ({why}); ignored",
                furniture::quote(value.trim())
            )),
        }
    }
    if published.is_none() && options.read_text_dates {
        if let Some(found) = date::from_text(&text) {
            let line = text.lines().nth(found.line).unwrap_or("").trim().to_owned();
            diagnostics.push(format!(
                "date {} read from the text: {}",
                found.value,
                furniture::quote(&line)
            ));
            if found.pure {
                diagnostics.push(format!("removed dateline: {}", furniture::quote(&line)));
                text = text
                    .lines()
                    .enumerate()
                    .filter(|(i, _)| *i != found.line)
                    .map(|(_, l)| l)
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            published = Some(found.value);
        }
    }

    let text = text.trim().to_owned();
    if text.is_empty() {
        return None;
    }
    let mut doc = Document::new(raw.id, raw.source, text);
    doc.outlet = outlet;
    doc.outlet_from = outlet_from;
    doc.credited = credited;
    doc.published = published;
    doc.published_at = published_at;
    doc.title = clean(raw.title);
    doc.url = clean(raw.url);
    doc.author = author;
    if let Some(lang) = raw.language {
        doc.language = lang;
    }
    doc.diagnostics = diagnostics;
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Raw {
        Raw {
            id: "t".into(),
            source: "t.txt".into(),
            text: text.into(),
            ..Raw::default()
        }
    }

    #[test]
    fn metadata_outlet_stays_and_the_source_line_is_credited() {
        let mut r = raw("قتل ثلاثة جنود في هجوم على حاجز.\nالمصدر: سبوتنيك");
        r.outlet = Some("عربي اليوم".into());
        let d = finish(r, &IngestOptions::default()).unwrap();
        assert_eq!(d.outlet.as_deref(), Some("عربي اليوم"));
        assert_eq!(d.outlet_from, Some(OutletFrom::Metadata));
        let c = d.credited.unwrap();
        assert_eq!(c.text, "سبوتنيك");
        assert_eq!(c.evidence, "المصدر: سبوتنيك");
        assert_eq!(d.text, "قتل ثلاثة جنود في هجوم على حاجز.");
    }

    #[test]
    fn source_line_sets_the_outlet_without_metadata() {
        let d = finish(raw("RT : قتل ثلاثة جنود."), &IngestOptions::default()).unwrap();
        assert_eq!(d.outlet.as_deref(), Some("RT"));
        assert_eq!(d.outlet_from, Some(OutletFrom::Text));
        assert_eq!(d.text, "قتل ثلاثة جنود.");
        assert!(d.credited.is_none());
    }

    #[test]
    fn a_metadata_time_of_day_is_kept_but_not_a_crawl_time() {
        let mut r = raw("قتل ثلاثة جنود.");
        r.published = Some(("2018-06-15T10:30:00+03:00".into(), "article:published_time"));
        let d = finish(r.clone(), &IngestOptions::default()).unwrap();
        assert_eq!(d.published.as_deref(), Some("2018-06-15"));
        assert_eq!(d.published_at.as_deref(), Some("2018-06-15T10:30:00+03:00"));
        r.published = Some(("2018-06-15T10:30:00Z".into(), date::CAPTURE_TIME));
        let d = finish(r, &IngestOptions::default()).unwrap();
        assert_eq!(d.published.as_deref(), Some("2018-06-15"));
        assert_eq!(d.published_at, None);
    }

    #[test]
    fn invalid_metadata_date_is_a_diagnostic() {
        let mut r = raw("قتل ثلاثة جنود.");
        r.published = Some(("2018-02-30".into(), "the \"published\" field"));
        let d = finish(r, &IngestOptions::default()).unwrap();
        assert_eq!(d.published, None);
        assert!(
            d.diagnostics[0].starts_with("invalid date \"2018-02-30\""),
            "{:?}",
            d.diagnostics
        );
    }

    #[test]
    fn nothing_left_is_none() {
        assert!(finish(raw("عاجل\nشارك"), &IngestOptions::default()).is_none());
    }
}
