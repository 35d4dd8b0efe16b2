//! The search index end to end: small Arabic documents in a temporary directory, searched the
//! way `isnad search` will.

use isnad_core::{ClaimType, SourceKind};
use isnad_search::{Error, Filters, IndexedDoc, SearchIndex};

/// A document with just an id and a text; tests set the other fields they need.
fn doc<'a>(key: u64, id: &'a str, text: &'a str) -> IndexedDoc<'a> {
    IndexedDoc {
        key,
        id,
        text,
        ..IndexedDoc::default()
    }
}

/// An index in a fresh temporary directory holding `docs`, committed.
fn index_of(docs: &[IndexedDoc]) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    for d in docs {
        writer.upsert(d).unwrap();
    }
    writer.commit().unwrap();
    (dir, index)
}

/// The ids found for `query` under `filters`, in rank order.
fn ids(index: &SearchIndex, query: &str, filters: &Filters) -> Vec<String> {
    let hits = index.search(query, filters, 20).unwrap();
    assert_eq!(hits.total, hits.hits.len(), "all hits fit in the limit");
    hits.hits.into_iter().map(|h| h.id).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn none() -> Filters {
    Filters::default()
}

#[test]
fn clitic_and_spelling_variants_match() {
    let (_dir, index) = index_of(&[
        doc(1, "with-bi", "قصف مدفعي بالحسكة صباح اليوم"),
        doc(2, "with-wa", "وصل وفد إلى القامشلي والحسكة"),
        doc(3, "harakat", "قالت مصادر إن الحَسَكَةِ شهدت اشتباكات"),
        doc(4, "other", "اجتماع في دمشق"),
    ]);
    for query in ["الحسكة", "بالحسكة", "حسكه", "والحسكةِ"] {
        assert_eq!(
            sorted(ids(&index, query, &none())),
            ["harakat", "with-bi", "with-wa"],
            "query {query}"
        );
    }
}

#[test]
fn ministry_does_not_match_visited() {
    let (_dir, index) = index_of(&[
        doc(1, "ministry", "أعلنت وزارة الصحة حصيلة جديدة"),
        doc(2, "to-the-ministry", "قدم طلبا للوزارة أمس"),
        doc(3, "visited", "زار الرئيس المدينة أمس"),
    ]);
    assert_eq!(
        sorted(ids(&index, "وزارة", &none())),
        ["ministry", "to-the-ministry"]
    );
    assert_eq!(
        sorted(ids(&index, "الوزارة", &none())),
        ["ministry", "to-the-ministry"]
    );
    assert_eq!(ids(&index, "زار", &none()), ["visited"]);
}

#[test]
fn phrases_need_the_words_in_order() {
    let (_dir, index) = index_of(&[
        doc(1, "phrase", "قالت وزارة الصحة في غزة إن الحصيلة ارتفعت"),
        doc(2, "apart", "وزارة الدفاع تتحدث عن الصحة العامة"),
    ]);
    // Words are ANDed; the phrase needs them adjacent.
    assert_eq!(
        sorted(ids(&index, "وزارة الصحة", &none())),
        ["apart", "phrase"]
    );
    assert_eq!(ids(&index, "\"وزارة الصحة\"", &none()), ["phrase"]);
    assert_eq!(ids(&index, "\"الوزارة الصحة\"", &none()), ["phrase"]);
    // The stop word في keeps its position, so a phrase across it still matches.
    assert_eq!(ids(&index, "\"الصحة في غزة\"", &none()), ["phrase"]);
    assert_eq!(ids(&index, "\"الصحة غزة\"", &none()), Vec::<String>::new());
}

#[test]
fn exact_field_matches_words_as_written() {
    let (_dir, index) = index_of(&[
        doc(1, "article", "قالت الوزارةُ في بيان إن وزارة الصحة تعمل"),
        doc(2, "bare", "وزارة صحة جديدة"),
    ]);
    assert_eq!(ids(&index, "exact:\"وزارة الصحة\"", &none()), ["article"]);
    assert_eq!(ids(&index, "exact:الوزارة", &none()), ["article"]);
    // The stemmed fields would find both; the exact field does not drop the article.
    assert_eq!(ids(&index, "exact:صحة", &none()), ["bare"]);
    // And the snippet highlights the exact match.
    let hits = index.search("exact:\"وزارة الصحة\"", &none(), 5).unwrap();
    assert!(
        hits.hits[0].snippet.contains("<b>وزارة</b> <b>الصحة</b>"),
        "{}",
        hits.hits[0].snippet
    );
}

#[test]
fn or_and_not() {
    let (_dir, index) = index_of(&[
        doc(1, "damascus", "اجتماع في دمشق"),
        doc(2, "aleppo", "قصف في حلب"),
        doc(3, "both", "من دمشق إلى حلب"),
    ]);
    assert_eq!(ids(&index, "دمشق حلب", &none()), ["both"]);
    assert_eq!(
        sorted(ids(&index, "دمشق OR حلب", &none())),
        ["aleppo", "both", "damascus"]
    );
    assert_eq!(ids(&index, "دمشق -حلب", &none()), ["damascus"]);
    assert_eq!(ids(&index, "حلب NOT بدمشق", &none()), ["aleppo"]);
}

#[test]
fn title_matches_count_and_latin_is_lowercased() {
    let (_dir, index) = index_of(&[
        IndexedDoc {
            title: Some("تقرير عن The Voice"),
            ..doc(1, "title", "برنامج غنائي")
        },
        doc(2, "body", "برنامج THE VOICE الغنائي"),
    ]);
    assert_eq!(sorted(ids(&index, "voice", &none())), ["body", "title"]);
    assert_eq!(ids(&index, "title:تقرير", &none()), ["title"]);
    // A match only in the title: the snippet is the start of the text.
    let hits = index.search("تقرير", &none(), 5).unwrap();
    assert_eq!(hits.hits[0].snippet, "برنامج غنائي");
}

/// Six documents that differ in every filtered field.
fn filtered_corpus() -> (tempfile::TempDir, SearchIndex) {
    let base = |key, id| doc(key, id, "قصف على مدينة الحسكة");
    index_of(&[
        IndexedDoc {
            outlet: Some("العربية"),
            published: Some("2018-02-18"),
            entity_ids: vec!["Q1".into()],
            entity_names: vec!["قوات سوريا الديمقراطية".into()],
            claim_types: vec![ClaimType::Attack],
            source_kinds: vec![SourceKind::Anonymous],
            ..base(1, "a")
        },
        IndexedDoc {
            outlet: Some("الجزيرة"),
            published: Some("2018-03-01"),
            entity_ids: vec!["Q2".into()],
            entity_names: vec!["تنظيم الدولة".into()],
            claim_types: vec![ClaimType::Kill, ClaimType::Attack],
            source_kinds: vec![SourceKind::Person],
            copies: true,
            ..base(2, "b")
        },
        IndexedDoc {
            outlet: Some("العربية"),
            published: Some("2018-04-10"),
            source_kinds: vec![SourceKind::Outlet, SourceKind::Anonymous],
            copies: true,
            ..base(3, "c")
        },
        IndexedDoc {
            outlet: Some("سبوتنيك"),
            published: None,
            ..base(4, "undated")
        },
    ])
}

#[test]
fn outlet_filter_is_folded() {
    let (_dir, index) = filtered_corpus();
    let by = |outlet: &str| Filters {
        outlet: Some(outlet.into()),
        ..none()
    };
    assert_eq!(sorted(ids(&index, "الحسكة", &by("العربية"))), ["a", "c"]);
    assert_eq!(sorted(ids(&index, "الحسكة", &by("العربيه"))), ["a", "c"]);
    assert_eq!(ids(&index, "الحسكة", &by("الجزيرة")), ["b"]);
    assert!(ids(&index, "الحسكة", &by("الميادين")).is_empty());
}

#[test]
fn date_range_is_inclusive_and_skips_undated() {
    let (_dir, index) = filtered_corpus();
    let range = |from: Option<&str>, to: Option<&str>| Filters {
        from: from.map(String::from),
        to: to.map(String::from),
        ..none()
    };
    let q = "الحسكة";
    assert_eq!(
        sorted(ids(
            &index,
            q,
            &range(Some("2018-02-18"), Some("2018-03-01"))
        )),
        ["a", "b"]
    );
    assert_eq!(
        sorted(ids(&index, q, &range(Some("2018-03-01"), None))),
        ["b", "c"]
    );
    assert_eq!(ids(&index, q, &range(None, Some("2018-02-18"))), ["a"]);
    let bad = index.search(q, &range(Some("18/02/2018"), None), 10);
    assert!(matches!(bad, Err(Error::Query(m)) if m.contains("18/02/2018")));
}

#[test]
fn entity_filter_takes_an_id_or_a_folded_name() {
    let (_dir, index) = filtered_corpus();
    let by = |entity: &str| Filters {
        entity: Some(entity.into()),
        ..none()
    };
    assert_eq!(ids(&index, "الحسكة", &by("Q1")), ["a"]);
    assert_eq!(ids(&index, "الحسكة", &by("قوات سوريا الديمقراطية")), ["a"]);
    assert_eq!(ids(&index, "الحسكة", &by(" تنظيم  الدوله ")), ["b"]);
    assert!(ids(&index, "الحسكة", &by("Q3")).is_empty());
}

#[test]
fn claim_type_source_kind_and_copies_filters() {
    let (_dir, index) = filtered_corpus();
    let claim = Filters {
        claim_type: Some(ClaimType::Attack),
        ..none()
    };
    assert_eq!(sorted(ids(&index, "الحسكة", &claim)), ["a", "b"]);
    let anonymous = Filters {
        source_kind: Some(SourceKind::Anonymous),
        ..none()
    };
    assert_eq!(sorted(ids(&index, "الحسكة", &anonymous)), ["a", "c"]);
    let copies = Filters {
        copies_only: true,
        ..none()
    };
    assert_eq!(sorted(ids(&index, "الحسكة", &copies)), ["b", "c"]);
    let all_of_them = Filters {
        outlet: Some("العربية".into()),
        source_kind: Some(SourceKind::Anonymous),
        copies_only: true,
        ..none()
    };
    assert_eq!(ids(&index, "الحسكة", &all_of_them), ["c"]);
}

#[test]
fn empty_query_lists_filtered_documents_newest_first() {
    let (_dir, index) = filtered_corpus();
    assert_eq!(ids(&index, "", &none()), ["c", "b", "a", "undated"]);
    let arabiya = Filters {
        outlet: Some("العربية".into()),
        ..none()
    };
    let hits = index.search("  ", &arabiya, 1).unwrap();
    assert_eq!(hits.total, 2);
    assert_eq!(hits.hits[0].id, "c");
    assert_eq!(hits.hits[0].published.as_deref(), Some("2018-04-10"));
    assert_eq!(hits.hits[0].score, 0.0);
}

#[test]
fn upsert_is_idempotent_and_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    writer.upsert(&doc(7, "d7", "نص أول عن حلب")).unwrap();
    writer.upsert(&doc(7, "d7", "نص أول عن حلب")).unwrap();
    writer.commit().unwrap();
    assert_eq!(index.num_docs().unwrap(), 1);
    writer.upsert(&doc(7, "d7", "نص ثان عن دمشق")).unwrap();
    writer.commit().unwrap();
    assert_eq!(index.num_docs().unwrap(), 1);
    assert!(ids(&index, "حلب", &none()).is_empty());
    let hits = index.search("دمشق", &none(), 10).unwrap();
    assert_eq!((hits.hits[0].key, hits.hits[0].id.as_str()), (7, "d7"));
    writer.delete(7).unwrap();
    writer.commit().unwrap();
    assert_eq!(index.num_docs().unwrap(), 0);
}

#[test]
fn snippet_highlights_the_original_word() {
    let (_dir, index) = index_of(&[doc(
        1,
        "d",
        "قالت مصادر <محلية> إن القصف طال بالحَسَكَةِ أمس & اليوم",
    )]);
    let hits = index.search("الحسكة", &none(), 5).unwrap();
    assert_eq!(
        hits.hits[0].snippet,
        "قالت مصادر &lt;محلية&gt; إن القصف طال <b>بالحَسَكَةِ</b> أمس &amp; اليوم"
    );
}

#[test]
fn snippet_of_a_long_text_is_a_passage_around_the_match() {
    let filler = "كلام عام عن الطقس والاقتصاد ".repeat(40);
    let text = format!("{filler}ثم وقع انفجار في مدينة الحسكة ظهرا. {filler}");
    let (_dir, index) = index_of(&[doc(1, "long", &text)]);
    let snippet = &index.search("انفجار", &none(), 1).unwrap().hits[0].snippet;
    assert!(snippet.contains("<b>انفجار</b>"), "{snippet}");
    assert!(snippet.chars().count() < 260, "{snippet}");
}

#[test]
fn bad_queries_say_what_is_wrong() {
    let (_dir, index) = index_of(&[doc(1, "d", "نص")]);
    match index.search("nosuchfield:غزة", &none(), 5) {
        Err(Error::Query(m)) => assert!(m.contains("nosuchfield"), "{m}"),
        other => panic!("expected a query error, got {other:?}"),
    }
    // Stop words alone are a valid query that matches nothing.
    assert_eq!(index.search("في", &none(), 5).unwrap().total, 0);
}

#[test]
fn a_second_writer_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let writer = index.writer().unwrap();
    assert!(matches!(index.writer(), Err(Error::Busy(_))));
    // Another handle on the same directory, as a second process would open it.
    let other = SearchIndex::open(dir.path()).unwrap();
    assert!(matches!(other.writer(), Err(Error::Busy(_))));
    drop(writer);
    assert!(other.writer().is_ok());
}

#[test]
fn searches_see_commits_from_another_handle_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let reader = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reader.num_docs().unwrap(), 0);
    {
        let writer_side = SearchIndex::open(dir.path()).unwrap();
        let mut w = writer_side.writer().unwrap();
        w.upsert(&doc(1, "d1", "خبر عن الحسكة")).unwrap();
        w.commit().unwrap();
    }
    assert_eq!(ids(&reader, "الحسكة", &none()), ["d1"]);
    drop(reader);
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.num_docs().unwrap(), 1);
}

#[test]
fn hits_serialise_to_the_report_shape() {
    let (_dir, index) = index_of(&[IndexedDoc {
        outlet: Some("العربية"),
        published: Some("2018-02-18"),
        title: Some("عنوان"),
        ..doc(42, "ant-1", "خبر عن الحسكة")
    }]);
    let hits = index.search("الحسكة", &none(), 5).unwrap();
    let mut json = serde_json::to_value(&hits).unwrap();
    assert!(json["hits"][0]["score"].as_f64().unwrap() > 0.0);
    json["hits"][0]["score"] = 1.into();
    assert_eq!(
        json,
        serde_json::json!({"hits": [{"id": "ant-1", "outlet": "العربية", "published": "2018-02-18",
            "title": "عنوان", "snippet": "خبر عن <b>الحسكة</b>", "score": 1}], "total": 1})
    );
}

#[test]
fn from_document_takes_the_analysis() {
    let mut d = isnad_core::Document::new("x", "x.txt", "نص");
    d.outlet = Some("العربية".into());
    d.published = Some("2018-02-18".into());
    let indexed = IndexedDoc::from_document(3, &d);
    assert_eq!(
        (indexed.key, indexed.id, indexed.outlet, indexed.text),
        (3, "x", Some("العربية"), "نص")
    );
    assert!(indexed.entity_ids.is_empty() && !indexed.copies);
}
