//! Users' own files: overriding and extending the bundled entries, and errors that name the line.

use super::{best, id};
use isnad_kb::{Error, KbBuilder, Role};

#[test]
fn a_user_file_overrides_and_extends_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.tsv");
    std::fs::write(
        &path,
        "# my additions\n\
         id\ttype\trole\tname_ar\tname_en\taliases\twikidata\tcoords\tparents\tattrs\n\
         isnad:isis\t\t\t\t\tالدواعش|عصابات التنظيم\n\
         isnad:sohr\t\toutlet\n\
         isnad:qamishli-hospital\tFAC\tbuilding\tالمشفى الوطني في القامشلي\tQamishli National Hospital\tمشفى القامشلي الوطني\t\t~37.05,41.22\tgeonames:173377\n\
         geonames:173811\t\t\t\t\t-حسكة\n",
    )
    .unwrap();
    let kb = KbBuilder::new()
        .bundled()
        .file(&path)
        .unwrap()
        .build()
        .unwrap();

    // New aliases add to the old ones, which stay.
    assert_eq!(best(&kb, "الدواعش").as_deref(), Some("isnad:isis"));
    assert_eq!(best(&kb, "داعش").as_deref(), Some("isnad:isis"));
    assert_eq!(
        kb.get("isnad:isis").unwrap().name_ar,
        "تنظيم الدولة الإسلامية"
    );
    // A filled cell replaces the old value; the empty ones keep theirs.
    let sohr = kb.get("isnad:sohr").unwrap();
    assert_eq!(sohr.role, Some(Role::Outlet));
    assert_eq!(sohr.name_ar, "المرصد السوري لحقوق الإنسان");
    assert!(kb.outlets().any(|e| e.id == "isnad:sohr"));
    // A new entry, inside a bundled place.
    let hospital = kb.lookup("مشفى القامشلي الوطني")[0];
    assert!(kb.is_within(hospital, id(&kb, "isnad:sy-gov-hasakah")));
    // `-alias` takes an alias away.
    assert!(kb.lookup("حسكة").is_empty());
    assert_eq!(best(&kb, "الحسكة").as_deref(), Some("geonames:173811"));
}

/// The error of building the bundled data plus `text` as the file `mine.tsv`.
fn error_of(text: &str) -> Error {
    match KbBuilder::new()
        .bundled()
        .text("mine.tsv", text)
        .and_then(KbBuilder::build)
    {
        Ok(_) => panic!("{text:?} was accepted"),
        Err(e) => e,
    }
}

#[test]
fn a_malformed_line_is_an_error_naming_the_file_and_line() {
    let cases = [
        (
            "isnad:x\tORG\toutlet\tس\n\nisnad:y\tPLACE\t\tص\n",
            3,
            "type",
        ),
        (
            "# comment\nisnad:x\tLOC\t\tس\t\t\t\t36.5;40.7\n",
            2,
            "coords",
        ),
        ("isnad:x\tLOC\t\tس\t\t\t\t~95,40\n", 1, "out of range"),
        ("isnad:x\tLOC\toutlet\tس\n", 1, "does not fit"),
        ("isnad:x\tORG\tcartel\tس\n", 1, "role"),
        ("isnad:x\tORG\t\n", 1, "Arabic name"),
        ("isnad:new\t\t\t\t\tجديد\n", 1, "needs a type"),
        ("isnad:x y\tORG\t\tس\n", 1, "malformed"),
        ("wikidata:Q12\tORG\t\tس\t\t\tQ1x\n", 1, "wikidata"),
        ("isnad:x\tORG\t\tس\t\t\t\t\t\tcolour=red\n", 1, "attribute"),
        ("isnad:x\tORG\t\tس\t\t\t\t\t\t\textra\n", 1, "cells"),
    ];
    for (text, line, what) in cases {
        match error_of(text) {
            Error::Line {
                file,
                line: l,
                what: w,
            } => {
                assert_eq!((file.as_str(), l), ("mine.tsv", line), "{text:?}: {w}");
                assert!(
                    w.contains(what),
                    "{text:?}: {w:?} does not mention {what:?}"
                );
            }
            e => panic!("{text:?}: {e}"),
        }
    }
    // The message reads file:line: what.
    let shown =
        error_of("isnad:x\tORG\t\tس\n\nisnad:z\tORG\t\tع\t\t\t\t\tisnad:nowhere\n").to_string();
    assert!(
        shown.starts_with("mine.tsv:3: parent isnad:nowhere"),
        "{shown}"
    );
}

#[test]
fn cycles_are_refused() {
    let e = error_of(
        "isnad:a\tLOC\tregion\tأ\t\t\t\t\tisnad:b\nisnad:b\tLOC\tregion\tب\t\t\t\t\tisnad:a\n",
    );
    assert!(matches!(e, Error::Cycle { .. }), "{e}");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let e = KbBuilder::new().file("/nonexistent/kb.tsv").unwrap_err();
    assert!(matches!(e, Error::Io { .. }));
    assert!(e.to_string().contains("/nonexistent/kb.tsv"));
}
