//! The three shapes of the report: one JSON object, JSON Lines, and a readable summary.
//!
//! All three are written as documents arrive, so memory does not grow with the corpus: the
//! JSON object is opened, each document appended, and the cross-document parts (reuse,
//! clusters) written when the corpus is complete. The JSON printed is exactly
//! `serde_json::to_string(&Report)` would print for the same content; a test holds that.

use std::io::{self, Write};

use clap::ValueEnum;
use isnad_core::{Cluster, Document, ReportLine, Reuse, ReuseDirection, REPORT_FORMAT};

/// Output formats of `isnad analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One `isnad-report/1` JSON object.
    Json,
    /// One `{"type", "data"}` JSON object per line, documents first.
    Jsonl,
    /// A readable summary (the default on a terminal).
    Text,
}

/// Receives the report piece by piece.
pub trait Sink {
    /// Writes one analysed document.
    fn document(&mut self, doc: &Document) -> io::Result<()>;
    /// Writes the cross-document results and closes the report.
    fn finish(&mut self, reuse: &[Reuse], clusters: &[Cluster]) -> io::Result<()>;
}

/// The sink a report command writes to: `format`, or text on a terminal and JSON
/// otherwise; to the file `path`, or standard output.
pub fn open_sink(
    format: Option<Format>,
    path: Option<&std::path::Path>,
) -> anyhow::Result<Box<dyn Sink>> {
    use anyhow::Context;
    let to_terminal = path.is_none() && crate::stdout_is_terminal();
    let format = format.unwrap_or(if to_terminal {
        Format::Text
    } else {
        Format::Json
    });
    let writer: Box<dyn Write> = match path {
        Some(path) => Box::new(io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    Ok(sink(format, writer))
}

/// The sink for `format`, writing to `out`.
pub fn sink<'w>(format: Format, out: Box<dyn Write + 'w>) -> Box<dyn Sink + 'w> {
    match format {
        Format::Json => Box::new(JsonSink { out, count: 0 }),
        Format::Jsonl => Box::new(JsonlSink { out }),
        Format::Text => Box::new(TextSink { out, count: 0 }),
    }
}

struct JsonSink<'w> {
    out: Box<dyn Write + 'w>,
    count: usize,
}

impl Sink for JsonSink<'_> {
    fn document(&mut self, doc: &Document) -> io::Result<()> {
        if self.count == 0 {
            write!(self.out, "{{\"format\":\"{REPORT_FORMAT}\",\"documents\":[")?;
        } else {
            self.out.write_all(b",")?;
        }
        self.count += 1;
        serde_json::to_writer(&mut self.out, doc)?;
        Ok(())
    }

    fn finish(&mut self, reuse: &[Reuse], clusters: &[Cluster]) -> io::Result<()> {
        if self.count == 0 {
            write!(self.out, "{{\"format\":\"{REPORT_FORMAT}\",\"documents\":[")?;
        }
        self.out.write_all(b"],\"reuse\":")?;
        serde_json::to_writer(&mut self.out, reuse)?;
        self.out.write_all(b",\"clusters\":")?;
        serde_json::to_writer(&mut self.out, clusters)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}

struct JsonlSink<'w> {
    out: Box<dyn Write + 'w>,
}

impl JsonlSink<'_> {
    fn line(&mut self, line: &ReportLine) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, line)?;
        self.out.write_all(b"\n")
    }
}

impl Sink for JsonlSink<'_> {
    fn document(&mut self, doc: &Document) -> io::Result<()> {
        // The enum owns its document; cloning one document at a time keeps memory flat.
        self.line(&ReportLine::Document(Box::new(doc.clone())))
    }

    fn finish(&mut self, reuse: &[Reuse], clusters: &[Cluster]) -> io::Result<()> {
        for r in reuse {
            self.line(&ReportLine::Reuse(r.clone()))?;
        }
        for c in clusters {
            self.line(&ReportLine::Cluster(c.clone()))?;
        }
        self.out.flush()
    }
}

/// A readable Arabic summary: per document, its metadata, counts and each finding in one line.
struct TextSink<'w> {
    out: Box<dyn Write + 'w>,
    count: usize,
}

impl Sink for TextSink<'_> {
    fn document(&mut self, doc: &Document) -> io::Result<()> {
        self.count += 1;
        let out = &mut self.out;
        writeln!(out, "── {} ─ {}", self.count, doc.id)?;
        let outlet = doc.outlet.as_deref().unwrap_or("وسيلة غير معروفة");
        let published = doc.published.as_deref().unwrap_or("تاريخ غير معروف");
        writeln!(
            out,
            "   الناشر: {outlet} · التاريخ: {published} · اللغة: {}",
            doc.language
        )?;
        if let Some(title) = &doc.title {
            writeln!(out, "   العنوان: {title}")?;
        }
        if let Some(credit) = &doc.credited {
            writeln!(out, "   المصدر المذكور: {}", credit.text)?;
        }
        writeln!(
            out,
            "   كيانات {} · أرقام {} · تواريخ {} · إسنادات {} · ادعاءات {} · تأطير {} · {} حرفاً",
            doc.entities.len(),
            doc.quantities.len(),
            doc.times.len(),
            doc.attributions.len(),
            doc.claims.len(),
            doc.framing.len(),
            doc.text.chars().count()
        )?;
        for a in &doc.attributions {
            let chain: Vec<&str> = a
                .chain
                .iter()
                .map(|l| l.text.as_deref().unwrap_or("؟"))
                .collect();
            writeln!(out, "   إسناد: {} ← «{}»", chain.join(" ← "), a.cue.text)?;
        }
        for c in &doc.claims {
            let how = match c.modality {
                isnad_core::Modality::Asserted => "",
                isnad_core::Modality::Reported => " (منسوب)",
                isnad_core::Modality::Hedged => " (غير مؤكد)",
                isnad_core::Modality::Negated => " (منفي)",
            };
            writeln!(out, "   ادعاء: {}{how}", c.summary)?;
        }
        for q in &doc.quantities {
            let approx = match q.approx {
                isnad_core::Approx::Exact => "",
                isnad_core::Approx::About => "نحو ",
                isnad_core::Approx::MoreThan => "أكثر من ",
                isnad_core::Approx::LessThan => "أقل من ",
                isnad_core::Approx::AtLeast => "على الأقل ",
                isnad_core::Approx::AtMost => "على الأكثر ",
                isnad_core::Approx::Range => "بين ",
            };
            let upper = q.value_max.map(|m| format!(" و{m}")).unwrap_or_default();
            let unit = q
                .unit
                .as_deref()
                .map(|u| format!(" [{u}]"))
                .unwrap_or_default();
            writeln!(out, "   رقم: {} = {approx}{}{upper}{unit}", q.text, q.value)?;
        }
        for t in &doc.times {
            let value = t.value.as_deref().unwrap_or("غير محدد");
            writeln!(out, "   تاريخ: {} = {value}", t.text)?;
        }
        for d in &doc.diagnostics {
            writeln!(out, "   ملاحظة: {d}")?;
        }
        Ok(())
    }

    fn finish(&mut self, reuse: &[Reuse], clusters: &[Cluster]) -> io::Result<()> {
        let out = &mut self.out;
        writeln!(out, "══ {} وثيقة", self.count)?;
        writeln!(out, "   نصوص منقولة: {} زوج", reuse.len())?;
        for r in reuse {
            let arrow = match r.direction {
                Some(ReuseDirection::AToB) => format!("{} ← {}", r.b, r.a),
                Some(ReuseDirection::BToA) => format!("{} ← {}", r.a, r.b),
                None => format!("{} ↔ {}", r.a, r.b),
            };
            write!(out, "   نقل: {arrow} ({:.0}%)", r.score * 100.0)?;
            match &r.direction_reason {
                Some(reason) => writeln!(out, " · السبب: {reason}")?,
                None => writeln!(out)?,
            }
        }
        writeln!(out, "   أحداث مشتركة: {} مجموعة", clusters.len())?;
        for c in clusters {
            writeln!(
                out,
                "   حدث: {} · {} عضو · مصادر مستقلة: {}",
                c.summary,
                c.members.len(),
                c.independent_sources
            )?;
            for conflict in &c.conflicts {
                let values: Vec<String> = conflict
                    .values
                    .iter()
                    .map(|v| format!("{} ({})", v.value, v.members.join("، ")))
                    .collect();
                writeln!(out, "     خلاف في {}: {}", conflict.role, values.join(" / "))?;
            }
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isnad_core::Report;

    fn render(format: Format, docs: &[Document]) -> String {
        let mut buf = Vec::new();
        {
            let mut sink = sink(format, Box::new(&mut buf));
            for d in docs {
                sink.document(d).unwrap();
            }
            sink.finish(&[], &[]).unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn the_text_summary_says_who_copied_whom_and_why() {
        let pair = |direction, reason: &str| Reuse {
            a: "wire".into(),
            b: "copy".into(),
            score: 0.9,
            direction,
            direction_reason: Some(reason.parse().unwrap()),
            passages: Vec::new(),
            same_outlet: false,
        };
        let mut buf = Vec::new();
        {
            let mut sink = sink(Format::Text, Box::new(&mut buf));
            let pairs = [
                pair(Some(ReuseDirection::AToB), "credit"),
                pair(None, "undecided: same day, no credit, each adds text"),
            ];
            sink.finish(&pairs, &[]).unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        assert!(
            text.contains("نقل: copy ← wire (90%) · السبب: credit"),
            "{text}"
        );
        assert!(
            text.contains("نقل: wire ↔ copy (90%) · السبب: undecided: same day"),
            "{text}"
        );
    }

    #[test]
    fn streamed_json_equals_the_serialised_report() {
        let docs = vec![
            Document::new("a", "a.txt", "نص أول"),
            Document::new("b", "b.txt", "نص ثان"),
        ];
        let printed = render(Format::Json, &docs);
        let expected = serde_json::to_string(&Report::new(docs)).unwrap();
        assert_eq!(printed.trim_end(), expected);
    }

    #[test]
    fn an_empty_report_is_still_valid_json() {
        let printed = render(Format::Json, &[]);
        let report: Report = serde_json::from_str(&printed).unwrap();
        assert!(report.documents.is_empty());
    }

    #[test]
    fn jsonl_puts_one_tagged_object_per_line() {
        let docs = vec![Document::new("a", "a.txt", "نص")];
        let printed = render(Format::Jsonl, &docs);
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines.len(), 1);
        let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(v["type"], "document");
        assert_eq!(v["data"]["id"], "a");
    }
}
