//! The committed CRF model, loaded once.
//!
//! `models/ner.crfsuite` is a CRFsuite-format file written by `crfs` (`isnad train ner`),
//! compiled into the binary with `include_bytes!` so tagging needs no file at run time. It is
//! parsed on first use and shared by every thread. A missing or unreadable model (an empty
//! file) makes the tagger answer `O` everywhere, and the entity stage says so in a diagnostic.

use std::sync::LazyLock;

use crfs::{Model, Tagger};

static BYTES: &[u8] = include_bytes!("../../models/ner.crfsuite");

static MODEL: LazyLock<Option<Model<'static>>> = LazyLock::new(|| Model::new(BYTES).ok());

static TAGGER: LazyLock<Option<Tagger<'static>>> =
    LazyLock::new(|| MODEL.as_ref().and_then(|m| m.tagger().ok()));

/// The bundled tagger, if the committed model could be read.
pub(crate) fn bundled() -> Option<&'static Tagger<'static>> {
    TAGGER.as_ref()
}

/// Tags one sentence's attributes; `O` everywhere when the tagger fails.
pub(crate) fn tag_with(tagger: Option<&Tagger<'_>>, attrs: &[Vec<crfs::Attribute>]) -> Vec<String> {
    match tagger.and_then(|t| t.tag(attrs).ok()) {
        Some(tags) => tags.into_iter().map(str::to_owned).collect(),
        None => vec!["O".to_owned(); attrs.len()],
    }
}
