//! Made-up articles and claims for the tests of every part of clustering.

use isnad_core::{
    Approx, Attribution, ChainLink, Claim, ClaimType, Document, Modality, RoleCount, RoleTime,
    RoleValue, Roles, Source, SourceKind, Span, TextSpan,
};
use isnad_kb::Kb;

use super::ClusterBuilder;

pub(super) fn known(text: &str, id: &str) -> RoleValue {
    RoleValue {
        text: text.to_owned(),
        kb_id: Some(id.to_owned()),
    }
}

pub(super) fn unknown(text: &str) -> RoleValue {
    RoleValue {
        text: text.to_owned(),
        kb_id: None,
    }
}

pub(super) fn count(value: f64, approx: Approx) -> Option<RoleCount> {
    Some(RoleCount { value, approx })
}

pub(super) fn day(value: &str) -> Option<RoleTime> {
    Some(RoleTime {
        value: Some(value.to_owned()),
    })
}

/// An article of `outlet` with one claim of `claim_type`, told on the word of `source`
/// (a name and its KB id) when one is given.
pub(super) fn article(
    id: &str,
    outlet: &str,
    claim_type: ClaimType,
    roles: Roles,
    source: Option<(&str, &str)>,
) -> Document {
    let mut doc = Document::new(id, id, "نص");
    doc.outlet = Some(outlet.to_owned());
    doc.published = Some("2018-05-27".to_owned());
    let attribution = source.map(|(text, kb_id)| {
        let link = |text: &str, kind, kb_id: Option<&str>| ChainLink {
            text: Some(text.to_owned()),
            kind,
            kb_id: kb_id.map(str::to_owned),
        };
        doc.attributions.push(Attribution {
            id: "a1".to_owned(),
            cue: TextSpan {
                start: 0,
                end: 1,
                text: "قال".to_owned(),
            },
            source: Source {
                start: 0,
                end: 1,
                text: text.to_owned(),
                kind: SourceKind::Official,
                kb_id: Some(kb_id.to_owned()),
            },
            chain: vec![
                link(outlet, SourceKind::Outlet, None),
                link(text, SourceKind::Official, Some(kb_id)),
            ],
            content: Span::new(0, 1),
        });
        "a1".to_owned()
    });
    doc.claims.push(Claim {
        id: "c1".to_owned(),
        claim_type,
        cameo: String::new(),
        trigger: TextSpan {
            start: 0,
            end: 1,
            text: "هجوم".to_owned(),
        },
        sentence: Span::new(0, 1),
        roles,
        attribution,
        modality: Modality::Reported,
        summary: String::new(),
    });
    doc
}

/// The clusters of the articles, each as its conflicting roles.
pub(super) fn conflict_roles(docs: &[Document]) -> Vec<Vec<String>> {
    let mut builder = ClusterBuilder::new();
    for doc in docs {
        builder.add(doc);
    }
    builder
        .finish(&[], &Kb::bundled())
        .into_iter()
        .map(|c| c.conflicts.into_iter().map(|c| c.role).collect())
        .collect()
}

/// An attack by the Islamic State in Deir ez-Zor, with the given count, time and place.
pub(super) fn attack_in_deir_ez_zor(count: Option<RoleCount>, time: Option<RoleTime>) -> Roles {
    Roles {
        agent: vec![known("تنظيم الدولة الإسلامية", "isnad:isis")],
        location: vec![known("محافظة دير الزور", "isnad:sy-gov-deir-ez-zor")],
        count,
        time,
        ..Roles::default()
    }
}

/// `doc` with the claim of `other` added after its own, as `c2` told on `a2`.
pub(super) fn with_second(mut doc: Document, mut other: Document) -> Document {
    let mut claim = other.claims.remove(0);
    claim.id = "c2".to_owned();
    claim.trigger.start = 10;
    if let Some(mut attribution) = other.attributions.pop() {
        attribution.id = "a2".to_owned();
        claim.attribution = Some("a2".to_owned());
        doc.attributions.push(attribution);
    }
    doc.claims.push(claim);
    doc
}

/// An article of `outlet` with `text` and one claim at each trigger word, in order.
pub(super) fn told(
    id: &str,
    outlet: &str,
    text: &str,
    claims: Vec<(&str, ClaimType, Roles)>,
) -> Document {
    let mut doc = Document::new(id, id, text);
    doc.outlet = Some(outlet.to_owned());
    doc.published = Some("2018-05-28".to_owned());
    let chars: Vec<char> = text.chars().collect();
    let mut from = 0;
    for (n, (word, claim_type, roles)) in claims.into_iter().enumerate() {
        let w: Vec<char> = word.chars().collect();
        let start = (from..chars.len())
            .find(|&s| chars[s..].starts_with(&w))
            .expect("trigger in text");
        from = start + w.len();
        doc.claims.push(Claim {
            id: format!("c{}", n + 1),
            claim_type,
            cameo: String::new(),
            trigger: TextSpan {
                start,
                end: from,
                text: word.to_owned(),
            },
            sentence: Span::new(0, chars.len()),
            roles,
            attribution: None,
            modality: Modality::Reported,
            summary: String::new(),
        });
    }
    doc
}
