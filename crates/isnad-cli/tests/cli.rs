//! End-to-end tests of the `isnad` binary, run as a user runs it.
//!
//! One test binary with a function per behaviour (ripgrep's `tests/tests.rs` layout). Tests on
//! real articles read `../shared/data` and say so plainly when it is missing.

use serde_json::Value;

mod common;

use common::{isnad, isnad_with_stdin, json_report, repo_root, shared_data};

/// Every `start`/`end` pair anywhere in a document slices its text in code points, and the
/// slice equals the `text` printed beside it.
fn check_offsets(doc: &Value) {
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    fn walk(v: &Value, text: &[char], id: &str) {
        match v {
            Value::Object(map) => {
                if let (Some(s), Some(e)) = (map.get("start"), map.get("end")) {
                    let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                    assert!(
                        s <= e && e <= text.len(),
                        "{id}: span {s}..{e} outside text of {} chars",
                        text.len()
                    );
                    if let Some(Value::String(t)) = map.get("text") {
                        let slice: String = text[s..e].iter().collect();
                        assert_eq!(&slice, t, "{id}: span {s}..{e} does not slice its text");
                    }
                }
                for child in map.values() {
                    walk(child, text, id);
                }
            }
            Value::Array(items) => items.iter().for_each(|c| walk(c, text, id)),
            _ => {}
        }
    }
    let id = doc["id"].as_str().unwrap();
    for key in [
        "entities",
        "quantities",
        "times",
        "attributions",
        "claims",
        "framing",
    ] {
        walk(&doc[key], &text, id);
    }
}

fn docs(report: &Value) -> &Vec<Value> {
    report["documents"].as_array().unwrap()
}

fn doc<'r>(report: &'r Value, id: &str) -> &'r Value {
    docs(report)
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no document {id} in the report"))
}

#[test]
fn analyze_examples_prints_a_report_that_meets_the_schema() {
    let out = isnad(&["analyze", "examples", "--format", "json"]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_report(&out);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("docs/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
    assert_eq!(report["format"], "isnad-report/1");
    assert_eq!(
        docs(&report).len(),
        6,
        "five files, one of them JSON Lines with two records"
    );
    for d in docs(&report) {
        check_offsets(d);
        assert_eq!(d["language"], "ar", "{}", d["id"]);
    }
}

#[test]
fn the_examples_carry_outlets_dates_and_no_page_furniture() {
    let report = json_report(&isnad(&["analyze", "examples", "--format", "json"]));

    let sindiyan = doc(&report, "sindiyan-2026-03-10");
    assert_eq!(sindiyan["outlet_from"], "text");
    assert!(sindiyan["outlet"].as_str().unwrap().contains("السنديان"));
    assert_eq!(sindiyan["published"], "2026-03-10");
    let text = sindiyan["text"].as_str().unwrap();
    for furniture in [
        "عاجل",
        "إقرأ أيضاً",
        "ملفات تعريف الارتباط",
        "شارك\n",
        "المصدر:",
    ] {
        assert!(
            !text.contains(furniture),
            "furniture {furniture:?} left in {text}"
        );
    }
    assert!(text.contains("نحو 120 محتجزاً"));

    let madar = doc(&report, "madar-2026-03-10");
    assert_eq!(madar["outlet"], "قناة المدار");
    assert_eq!(madar["outlet_from"], "metadata");
    assert_eq!(madar["published"], "2026-03-10");
    let text = madar["text"].as_str().unwrap();
    assert!(text.contains("نقلت وكالة أنباء السنديان"));
    for furniture in [
        "الرئيسية",
        "ملفات تعريف الارتباط",
        "اقرأ أيضاً",
        "تعليق من قارئ",
        "جميع الحقوق محفوظة",
        "فيسبوك",
    ] {
        assert!(
            !text.contains(furniture),
            "furniture {furniture:?} left in the HTML text"
        );
    }

    let shahid = doc(&report, "shahid-2026-0311-17");
    assert_eq!(shahid["outlet"], "صحيفة الشاهد");
    assert_eq!(shahid["credited"]["text"], "قناة المدار");
    assert!(!shahid["text"].as_str().unwrap().contains("المصدر:"));

    let furat = docs(&report)
        .iter()
        .find(|d| d["source"].as_str().unwrap().contains("furat"))
        .expect("the WARC response record is read");
    assert_eq!(furat["outlet"], "شبكة الفرات الإخبارية");
    assert_eq!(furat["published"], "2026-03-12");
    assert!(furat["text"]
        .as_str()
        .unwrap()
        .contains("نفى المتحدث باسم التحالف الدولي"));

    let khabour = doc(&report, "khabour-cp1256");
    let text = khabour["text"].as_str().unwrap();
    assert!(
        text.contains("قرابة مئة وعشرين سجيناً"),
        "Windows-1256 decoded: {text}"
    );
    let diagnostics = khabour["diagnostics"].to_string();
    assert!(
        diagnostics.contains("windows-1256"),
        "the detected encoding is reported: {diagnostics}"
    );
}

#[test]
fn jsonl_output_streams_documents_first() {
    let out = isnad(&["analyze", "examples", "--format", "jsonl"]);
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.iter().filter(|l| l["type"] == "document").count(), 6);
    let first_other = lines
        .iter()
        .position(|l| l["type"] != "document")
        .unwrap_or(lines.len());
    assert!(lines[first_other..].iter().all(|l| l["type"] != "document"));
}

#[test]
fn text_output_is_a_readable_arabic_summary() {
    let out = isnad(&["analyze", "examples/feeds.jsonl", "--format", "text"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("الناشر: الجسر نت"), "{text}");
    assert!(text.contains("2 وثيقة"), "{text}");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let out = isnad_with_stdin(
        &["analyze", "-", "--format", "json"],
        "قالت مصادر محلية إن قافلة من الشاحنات وصلت إلى المدينة صباح اليوم.\n".as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_report(&out);
    assert_eq!(docs(&report).len(), 1);
    assert!(docs(&report)[0]["text"].as_str().unwrap().contains("قافلة"));
}

#[test]
fn bad_inputs_are_named_and_skipped_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "أعلنت وزارة الصحة في بيروت عن افتتاح مستشفى جديد في المدينة.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("image.txt"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3, 0, 0],
    )
    .unwrap();
    std::fs::write(
        dir.path().join("feed.jsonl"),
        "{\"id\": \"ok-1\", \"text\": \"نص الخبر الأول عن المدينة والقافلة.\"}\n{\"id\": broken\n{\"id\": \"ok-2\", \"text\": \"نص الخبر الثاني عن الطريق والقافلة.\"}\n",
    )
    .unwrap();
    let out = isnad(&["analyze", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed input sets exit code 1"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("image.txt"), "{stderr}");
    assert!(stderr.contains("feed.jsonl"), "{stderr}");
    let report = json_report(&out);
    let ids: Vec<&str> = docs(&report)
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"good") && ids.contains(&"ok-1") && ids.contains(&"ok-2"),
        "{ids:?}"
    );
}

#[test]
fn a_missing_path_is_an_error_that_names_it() {
    let out = isnad(&["analyze", "no/such/dir", "--format", "json"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

#[test]
fn gold_articles_keep_their_ids_outlets_dates_and_offsets() {
    let Some(input) = shared_data("gold/dev.input.jsonl") else {
        return;
    };
    let out = isnad(&[
        "analyze",
        input.to_str().unwrap(),
        "--format",
        "json",
        "--threads",
        "2",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_report(&out);
    let originals: Vec<Value> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs(&report).len(), originals.len());
    for (got, original) in docs(&report).iter().zip(&originals) {
        assert_eq!(got["id"], original["id"], "input order is kept");
        assert_eq!(got["outlet"], original["outlet"]);
        assert_eq!(got["outlet_from"], "metadata");
        assert_eq!(got["published"], original["published"]);
        assert_eq!(got["title"], original["title"]);
        assert_eq!(got["language"], "ar");
        assert_eq!(
            got["text"], original["text"],
            "clean articles keep their text"
        );
        check_offsets(got);
    }
}

/// Who copied whom in the gold reuse pairs: each expected pair found has a direction or the
/// reason why not, and a direction never contradicts the dates. Prints the counts by reason
/// that `docs/accuracy.md` reports (the gold sets do not say who copied whom, so the
/// directions themselves are not scored).
#[test]
fn gold_reuse_pairs_get_a_direction_or_the_reason_why() {
    for set in ["dev", "dev2_fit"] {
        let (Some(input), Some(gold)) = (
            shared_data(&format!("gold/{set}.input.jsonl")),
            shared_data(&format!("gold/{set}.gold.json")),
        ) else {
            return;
        };
        let out = isnad(&["analyze", input.to_str().unwrap(), "--format", "json", "-q"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = json_report(&out);
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
        let pair_of = |r: &Value| {
            let mut k = [r["a"].as_str().unwrap(), r["b"].as_str().unwrap()];
            k.sort();
            k.map(str::to_owned)
        };
        let expected: Vec<[String; 2]> = gold["reuse"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["expected"] == true)
            .map(pair_of)
            .collect();
        let mut by_reason = std::collections::BTreeMap::<String, usize>::new();
        for pair in report["reuse"].as_array().unwrap() {
            if !expected.contains(&pair_of(pair)) {
                continue;
            }
            let reason = pair["direction_reason"]
                .as_str()
                .unwrap_or_else(|| panic!("a pair without a reason: {pair}"));
            let parsed: isnad_core::DirectionReason = reason.parse().unwrap();
            assert_eq!(
                parsed.is_decided(),
                !pair["direction"].is_null(),
                "a reason that does not match the direction: {pair}"
            );
            let date = |id: &Value| doc(&report, id.as_str().unwrap())["published"].clone();
            let (da, db) = (date(&pair["a"]), date(&pair["b"]));
            if da.is_string() && db.is_string() && da != db {
                let earlier_first = if da.as_str() < db.as_str() {
                    "a->b"
                } else {
                    "b->a"
                };
                assert_eq!(pair["direction"], earlier_first, "{pair}");
            }
            *by_reason.entry(reason.to_owned()).or_default() += 1;
        }
        let decided: usize = by_reason
            .iter()
            .filter(|(r, _)| !r.starts_with("undecided"))
            .map(|(_, n)| n)
            .sum();
        eprintln!(
            "{set}: {decided} of {} expected reuse pairs get a direction; by reason: {by_reason:?}",
            expected.len()
        );
        assert_eq!(
            by_reason.values().sum::<usize>(),
            expected.len(),
            "every expected pair is found"
        );
    }
}

#[test]
fn the_examples_show_chains_figures_dates_claims_reuse_and_clusters() {
    let report = json_report(&isnad(&["analyze", "examples", "--format", "json"]));

    // The channel cites the agency, which cites local sources: a chain of three.
    let madar = doc(&report, "madar-2026-03-10");
    let first = &madar["attributions"][0];
    let chain: Vec<&str> = first["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        chain,
        ["قناة المدار", "وكالة أنباء السنديان", "مصادر محلية"]
    );
    assert_eq!(first["source"]["kind"], "anonymous");

    // The paper that republishes the channel puts it first in every chain.
    let shahid = doc(&report, "shahid-2026-0311-17");
    for a in shahid["attributions"].as_array().unwrap() {
        assert_eq!(a["chain"][1]["text"], "قناة المدار", "{a}");
    }

    // Figures in words and dates relative to publication.
    let khabour = doc(&report, "khabour-cp1256");
    let values: Vec<f64> = khabour["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["value"].as_f64().unwrap())
        .collect();
    assert!(
        values.contains(&120.0) && values.contains(&2.0),
        "{values:?}"
    );
    let sindiyan = doc(&report, "sindiyan-2026-03-10");
    assert!(
        sindiyan["times"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["value"] == "2026-03-09"),
        "فجر الإثنين is the day before"
    );

    // The transfer is a claim with its roles.
    let transfer = sindiyan["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "transfer")
        .expect("a transfer claim");
    assert_eq!(transfer["roles"]["count"]["value"], 120.0);
    assert_eq!(transfer["roles"]["origin"][0]["text"], "سجن غويران");

    // Who copied whom, and which came first.
    let reuse = report["reuse"].as_array().unwrap();
    let copy = reuse
        .iter()
        .find(|r| {
            let ids = [r["a"].as_str().unwrap(), r["b"].as_str().unwrap()];
            ids.contains(&"madar-2026-03-10") && ids.contains(&"shahid-2026-0311-17")
        })
        .expect("the paper's copy of the channel is found");
    let first_published = if copy["direction"] == "a->b" {
        &copy["a"]
    } else {
        &copy["b"]
    };
    assert_eq!(first_published, "madar-2026-03-10");

    // One event across outlets, resting on fewer independent sources than outlets, with the
    // accounts disagreeing.
    let cluster = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "transfer")
        .max_by_key(|c| c["members"].as_array().unwrap().len())
        .expect("a transfer cluster");
    let members = cluster["members"].as_array().unwrap();
    assert!(members.len() >= 4, "{cluster}");
    assert!(
        cluster["independent_sources"].as_u64().unwrap() < members.len() as u64,
        "{cluster}"
    );
    assert!(
        !cluster["conflicts"].as_array().unwrap().is_empty(),
        "{cluster}"
    );
}

#[test]
fn sources_shows_who_cites_whom_as_a_table_json_and_dot() {
    let out = isnad(&["sources", "examples"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("قناة المدار · 1 وثيقة · ينقل عن: وكالة أنباء السنديان"),
        "{table}"
    );
    assert!(table.contains("«مصادر محلية»"), "{table}");

    let json: Value =
        serde_json::from_slice(&isnad(&["sources", "examples", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(json["format"], "isnad-sources/1");
    let edges = json["graph"]["edges"].as_array().unwrap();
    assert!(
        edges.iter().any(|e| e["count"].as_u64().unwrap() >= 5),
        "{edges:?}"
    );
    assert!(!json["framing"].as_array().unwrap().is_empty());

    let dot = String::from_utf8(isnad(&["sources", "examples", "--format", "dot"]).stdout).unwrap();
    assert!(
        dot.starts_with("digraph provenance") && dot.contains("->"),
        "{dot}"
    );
}

#[test]
fn tag_reads_conll_and_writes_one_iob2_tag_per_token() {
    let input = "أعلنت\tO\nوزارة\tO\nالدفاع\tO\nالروسية\tO\nفي\tO\nموسكو\tO\n\nوصل\tO\nالرئيس\tO\nإلى\tO\nدمشق\tO\n";
    let out = isnad_with_stdin(&["tag", "--format", "conll"], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        12,
        "one line per token and the blank line between sentences: {text}"
    );
    assert_eq!(lines[6], "", "sentences stay apart");
    let tag = |line: &str| line.split_whitespace().nth(1).unwrap_or("").to_owned();
    assert!(lines.iter().filter(|l| !l.is_empty()).all(|l| {
        let t = tag(l);
        t == "O" || ["B-", "I-"].iter().any(|p| t.starts_with(p))
    }));
    assert_eq!(tag(lines[5]), "B-LOC", "{text}");
    assert_eq!(tag(lines[10]), "B-LOC", "{text}");
}

#[test]
fn train_ner_with_a_missing_corpus_names_it_and_keeps_the_cluster_file() {
    let dir = tempfile::tempdir().unwrap();
    let train = dir.path().join("train.conll");
    std::fs::write(&train, "قال O\nالرئيس O\nزيد B-PERS\n\n").unwrap();
    let clusters = dir.path().join("clusters.tsv");
    let before = "# clusters\nدمشق\t3\t1\t020\t0400\n";
    std::fs::write(&clusters, before).unwrap();
    for flag in ["--clusters", "--priors"] {
        let out = isnad(&[
            "train",
            "ner",
            "--train",
            train.to_str().unwrap(),
            flag,
            "no/such/corpus.jsonl.gz",
            "--clusters-out",
            clusters.to_str().unwrap(),
            "--clusters-only",
        ]);
        assert_ne!(out.status.code(), Some(0), "{flag}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("no/such/corpus.jsonl.gz"),
            "{flag}: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(&clusters).unwrap(),
            before,
            "{flag}"
        );
    }
}

/// `isnad parse` fills a CoNLL-U file's analysis columns and keeps its lines and words; the
/// shared scorer reads what it writes, and the syntax block of a report is the same analysis.
#[test]
fn parse_writes_conllu_the_scorer_reads() {
    let input = "# sent_id = 1\n1\tنقلت\t_\t_\t_\t_\t_\t_\t_\t_\n2\tالقوات\t_\t_\t_\t_\t_\t_\t_\t_\n3\t750\t_\t_\t_\t_\t_\t_\t_\t_\n4\tمعتقلا\t_\t_\t_\t_\t_\t_\t_\t_\n5\t.\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\n";
    let out = isnad_with_stdin(&["parse", "--format", "conllu"], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(text.starts_with("# sent_id = 1\n"), "{text}");
    assert_eq!(rows.len(), 5);
    let forms: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    assert_eq!(forms, ["نقلت", "القوات", "750", "معتقلا", "."]);
    assert_eq!(rows[4][9], "SpaceAfter=No", "MISC is kept");
    let roots = rows.iter().filter(|r| r[6] == "0").count();
    assert_eq!(roots, 1, "one root: {text}");
    assert!(rows.iter().all(|r| r[6].parse::<usize>().unwrap() <= 5));
    assert_eq!(rows[0][3], "VERB");
    assert_eq!(rows[0][2], "نقل", "the lemma");
    assert_eq!(rows[1][7], "nsubj", "{text}");

    // Plain text is cut into syntactic words first: و and ل are words of their own.
    let out = isnad_with_stdin(
        &["parse", "--input-format", "text"],
        "وللقوات حق.".as_bytes(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let forms: Vec<&str> = text
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|l| l.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(forms, ["و", "ل", "لقوات", "حق", "."]);

    // A treebank sentence round-trips through the shared scorer.
    let Some(pud) = shared_data("ud/ar_pud_800.conllu") else {
        return;
    };
    let gold: String = std::fs::read_to_string(&pud)
        .unwrap()
        .split("\n\n")
        .take(20)
        .map(|block| format!("{block}\n\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let gold_path = dir.path().join("gold.conllu");
    std::fs::write(&gold_path, &gold).unwrap();
    let out = isnad(&["parse", gold_path.to_str().unwrap()]);
    assert!(out.status.success());
    let pred_path = dir.path().join("pred.conllu");
    std::fs::write(&pred_path, &out.stdout).unwrap();
    let scored = std::process::Command::new("python3")
        .arg(repo_root().join("../shared/eval/score.py"))
        .args([
            "ud",
            gold_path.to_str().unwrap(),
            pred_path.to_str().unwrap(),
            "--json",
        ])
        .output();
    let Ok(scored) = scored else {
        eprintln!("skipped: python3 is not available to run the scorer");
        return;
    };
    let scores: Value = serde_json::from_slice(&scored.stdout).expect("the scorer's JSON");
    assert_eq!(scores["sentences_misaligned"], 0, "{scores}");
    assert!(scores["uas"].as_f64().unwrap() > 0.7, "{scores}");
}
