//! The vocabulary of isnad.
//!
//! Every other crate speaks in these types: a [`Document`] as it is printed in the report, the
//! spans found in it ([`Entity`], [`Quantity`], [`Time`], [`Attribution`], [`Claim`],
//! [`Framing`]) and the cross-document results ([`Reuse`], [`Cluster`]). They serialise to the
//! `isnad-report/1` contract in `../shared/spec/report-format.md` field for field; fields the
//! contract does not name are extensions and are only ever added, never renamed.
//!
//! This crate does no IO and depends on nothing of ours (an architecture invariant).
//!
//! All `start`/`end` offsets here are **Unicode code points** into the document's `text`, as
//! the contract says; the text layer converts from byte offsets at the edge.

use serde::{Deserialize, Serialize};

#[macro_use]
mod names;
mod direction;
mod report;

pub use direction::{
    CreditFound, DirectionReason, ParseDirectionError, ReuseDirection, SameWhen, TextsFound,
    Undecided,
};
pub use names::UnknownName;
pub use report::{Report, ReportLine, REPORT_FORMAT};

/// A half-open range of code points into a document's `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the range.
    pub start: usize,
    /// One past the last code point of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (code points).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A span together with the text it covers, as the report prints cues and triggers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Exactly `text[start..end]` of the document, in code points.
    pub text: String,
}

/// Where a document's `outlet` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutletFrom {
    /// Given by the input: a JSONL field, an HTML meta tag or JSON-LD publisher.
    Metadata,
    /// Read from the article text: a byline or a source line.
    Text,
}

/// One analysed document, as printed in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: given by the input, or the file name without its extension.
    pub id: String,
    /// File path, URL or record id the document came from.
    pub source: String,
    /// The publishing outlet, when known.
    pub outlet: Option<String>,
    /// Where `outlet` came from.
    pub outlet_from: Option<OutletFrom>,
    /// Publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// BCP-47 language tag (`ar` for Arabic).
    pub language: String,
    /// The article body after boilerplate removal; all offsets point into it.
    pub text: String,
    /// Extension: the publication time, when the input gives a time of day with the date:
    /// `YYYY-MM-DDTHH:MM:SS`, then `Z` or the offset (`+03:00`) when the input gives one. Its
    /// date is `published`. Reuse direction reads it to order two articles of one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// Extension: the article's URL, when the input gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Extension: the byline, when the input gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Extension: another outlet the text credits as its source (`المصدر: سبوتنيك`). It becomes
    /// the first cited link of every attribution chain in the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited: Option<Credit>,
    /// Every entity mention (not one per entity).
    pub entities: Vec<Entity>,
    /// Figures stated in the text.
    pub quantities: Vec<Quantity>,
    /// Date and time expressions.
    pub times: Vec<Time>,
    /// Who is said to have said what.
    pub attributions: Vec<Attribution>,
    /// Reported events with their roles.
    pub claims: Vec<Claim>,
    /// Loaded language and persuasion techniques.
    pub framing: Vec<Framing>,
    /// What went wrong or was uncertain for this document, in plain words.
    pub diagnostics: Vec<String>,
    /// Extension: each sentence's syntax, written only when asked for (`isnad analyze
    /// --syntax`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub syntax: Vec<SyntaxSentence>,
    /// Extension: what the article is about, as a classifier learnt from the news corpus'
    /// sections reads it; a sports story's "attacks" and "transfers" are no conflict events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
}

/// What an article is about: the sections of the news corpus the classifier learnt from
/// (its two news sections, the Middle East and the world, are one topic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    /// Politics, conflict and society: the news sections.
    News,
    /// Sport.
    Sport,
    /// Economy and business.
    Economy,
    /// Technology and science.
    Technology,
    /// Culture, art and entertainment.
    Culture,
}

// Listed in the topic classifier's class order (`isnad_extract::topic`, models/topic.bin):
// reordering them would mislabel the committed model.
spelt_enum!(Topic, "topic", "topics", {
    News => "news",
    Sport => "sport",
    Economy => "economy",
    Technology => "technology",
    Culture => "culture",
});

impl Document {
    /// The attribution a claim is reported under, or `None` when the outlet asserts it.
    pub fn attribution_of(&self, claim: &Claim) -> Option<&Attribution> {
        let id = claim.attribution.as_ref()?;
        self.attributions.iter().find(|a| &a.id == id)
    }

    /// A document with the given body and every analysis field empty.
    pub fn new(id: impl Into<String>, source: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            source: source.into(),
            outlet: None,
            outlet_from: None,
            published: None,
            title: None,
            language: "und".to_owned(),
            text: text.into(),
            published_at: None,
            url: None,
            author: None,
            credited: None,
            entities: Vec::new(),
            quantities: Vec::new(),
            times: Vec::new(),
            attributions: Vec::new(),
            claims: Vec::new(),
            framing: Vec::new(),
            diagnostics: Vec::new(),
            syntax: Vec::new(),
            topic: None,
        }
    }
}

/// An outlet credited by a document as the source of its copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The outlet's name as the text writes it (`سبوتنيك`, `وكالات`).
    pub text: String,
    /// The knowledge-base id of the outlet, when linked.
    pub kb_id: Option<String>,
    /// The line of the original input the credit was read from.
    pub evidence: String,
}

/// Entity types of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation: armed groups, parties, agencies, outlets, ministries.
    Org,
    /// A place: countries, cities, regions, neighbourhoods, rivers, deserts.
    Loc,
    /// A facility: prisons, bases, camps, oil fields, dams, airports.
    Fac,
    /// Anything else named.
    Misc,
}

/// One mention of a named entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// Its type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// The knowledge-base entry it links to, when linked.
    pub kb_id: Option<String>,
    /// Canonical Arabic name of the linked entry.
    pub name: Option<String>,
    /// Latitude, for places and facilities.
    pub lat: Option<f64>,
    /// Longitude, for places and facilities.
    pub lon: Option<f64>,
}

/// How exact a stated figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// Stated as an exact figure.
    Exact,
    /// نحو، قرابة، حوالي.
    About,
    /// أكثر من، ما يزيد عن.
    MoreThan,
    /// أقل من، دون.
    LessThan,
    /// لا يقل عن، على الأقل.
    AtLeast,
    /// على الأكثر، لا يزيد عن.
    AtMost,
    /// بين 8 و12: `value` is the lower bound, `value_max` the upper.
    Range,
}

/// A figure stated in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// The value (the lower bound of a range).
    pub value: f64,
    /// How exact it is.
    pub approx: Approx,
    /// The upper bound, for ranges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// What is counted, when the text says it.
    pub unit: Option<String>,
}

/// How precise a resolved time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// A calendar day.
    Day,
    /// A month.
    Month,
    /// A season of a year.
    Season,
    /// A year.
    Year,
    /// Not resolvable to a calendar date.
    Vague,
}

/// A date or time expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Time {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or null when unresolvable.
    pub value: Option<String>,
    /// How precise `value` is.
    pub granularity: Granularity,
}

/// Kinds of source an attribution can rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// مصادر خاصة، مصادر أهلية، ناشطون، شهود عيان.
    Anonymous,
    /// A named person.
    Person,
    /// A named organisation that is neither an outlet nor an official body.
    Organization,
    /// A news agency, channel, paper or site.
    Outlet,
    /// A ministry, army, government body or its spokesperson.
    Official,
    /// A report, statement or study.
    Document,
    /// Not known.
    Unspecified,
}

spelt_enum!(SourceKind, "source kind", "kinds", {
    Anonymous => "anonymous",
    Person => "person",
    Organization => "organization",
    Outlet => "outlet",
    Official => "official",
    Document => "document",
    Unspecified => "unspecified",
});

/// Who an attribution says said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The source as written.
    pub text: String,
    /// Its kind.
    pub kind: SourceKind,
    /// The knowledge-base entry, when linked.
    pub kb_id: Option<String>,
}

/// One link of a chain of transmission.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChainLink {
    /// The link's name as written, or null for an unknown publisher.
    pub text: Option<String>,
    /// Its kind.
    pub kind: SourceKind,
    /// The knowledge-base entry, when linked.
    pub kb_id: Option<String>,
}

/// A place where the text says that someone said something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// Unique within the document (`a1`, `a2` ...).
    pub id: String,
    /// The reporting expression.
    pub cue: TextSpan,
    /// Who is said to have said it.
    pub source: Source,
    /// From the publishing outlet outward to the original source.
    pub chain: Vec<ChainLink>,
    /// What is attributed.
    pub content: Span,
}

/// Event types of claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum ClaimType {
    Transfer,
    Escape,
    Release,
    Detain,
    Attack,
    Kill,
    Injure,
    Seize,
    Withdraw,
    Deploy,
    Meet,
    Train,
    Supply,
    Theft,
    Surrender,
    Other,
}

spelt_enum!(ClaimType, "claim type", "types", {
    Transfer => "transfer",
    Escape => "escape",
    Release => "release",
    Detain => "detain",
    Attack => "attack",
    Kill => "kill",
    Injure => "injure",
    Seize => "seize",
    Withdraw => "withdraw",
    Deploy => "deploy",
    Meet => "meet",
    Train => "train",
    Supply => "supply",
    Theft => "theft",
    Surrender => "surrender",
    Other => "other",
});

impl ClaimType {
    /// The event type's name in Arabic, for one-line renderings.
    pub fn arabic_name(self) -> &'static str {
        match self {
            ClaimType::Transfer => "نقل",
            ClaimType::Escape => "فرار",
            ClaimType::Release => "إفراج",
            ClaimType::Detain => "احتجاز",
            ClaimType::Attack => "هجوم",
            ClaimType::Kill => "قتل",
            ClaimType::Injure => "إصابة",
            ClaimType::Seize => "سيطرة",
            ClaimType::Withdraw => "انسحاب",
            ClaimType::Deploy => "انتشار",
            ClaimType::Meet => "لقاء",
            ClaimType::Train => "تدريب",
            ClaimType::Supply => "دعم",
            ClaimType::Theft => "سرقة",
            ClaimType::Surrender => "استسلام",
            ClaimType::Other => "حدث",
        }
    }

    /// The nearest CAMEO root code of this event type.
    pub fn cameo(self) -> &'static str {
        match self {
            ClaimType::Transfer => "18",
            ClaimType::Escape => "18",
            ClaimType::Release => "08",
            ClaimType::Detain => "17",
            ClaimType::Attack => "19",
            ClaimType::Kill => "18",
            ClaimType::Injure => "18",
            ClaimType::Seize => "19",
            ClaimType::Withdraw => "08",
            ClaimType::Deploy => "15",
            ClaimType::Meet => "04",
            ClaimType::Train => "15",
            ClaimType::Supply => "07",
            ClaimType::Theft => "17",
            ClaimType::Surrender => "08",
            ClaimType::Other => "01",
        }
    }
}

/// How a claim is put.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact in the outlet's own voice.
    Asserted,
    /// Attributed to a source.
    Reported,
    /// قد، من الممكن، يبدو، ربما، يُزعم.
    Hedged,
    /// نفى، لم.
    Negated,
}

/// A role filler of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleValue {
    /// As written.
    pub text: String,
    /// The knowledge-base entry, when linked.
    pub kb_id: Option<String>,
}

/// The number of patients of a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleCount {
    /// The figure.
    pub value: f64,
    /// How exact it is.
    pub approx: Approx,
}

/// The time of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleTime {
    /// An ISO date as in [`Time::value`].
    pub value: Option<String>,
}

/// The roles of a claim; every one is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Roles {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agent: Vec<RoleValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patient: Vec<RoleValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin: Vec<RoleValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination: Vec<RoleValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location: Vec<RoleValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub means: Vec<RoleValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<RoleCount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<RoleTime>,
}

/// A reported event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Unique within the document (`c1`, `c2` ...).
    pub id: String,
    /// The event type.
    #[serde(rename = "type")]
    pub claim_type: ClaimType,
    /// Extension: the nearest CAMEO root code of `type`.
    pub cameo: String,
    /// The word that names the event.
    pub trigger: TextSpan,
    /// The sentence it was read from.
    pub sentence: Span,
    /// Who did what to whom, how many, where, how, when.
    pub roles: Roles,
    /// The id of the attribution whose content contains it, or null when asserted.
    pub attribution: Option<String>,
    /// How it is put.
    pub modality: Modality,
    /// Extension: the claim in one line of Arabic, built from its type and roles.
    #[serde(default)]
    pub summary: String,
}

impl Roles {
    /// Who takes part: the agents, then the patients.
    pub fn parties(&self) -> impl Iterator<Item = &RoleValue> {
        self.agent.iter().chain(&self.patient)
    }

    /// The parties, then the places: origin, destination and location.
    pub fn parties_and_places(&self) -> impl Iterator<Item = &RoleValue> {
        self.parties()
            .chain(&self.origin)
            .chain(&self.destination)
            .chain(&self.location)
    }

    /// One line of Arabic from the roles: `قوات التحالف — 120 محتجزاً من سجن غويران إلى
    /// قاعدة عسكرية (2026-03-09)`. Empty roles are left out.
    pub fn render(&self) -> String {
        let mut line = String::new();
        let mut push = |sep: &str, text: &str| {
            // A dash only joins two parts; a preposition also opens the line.
            if !line.is_empty() {
                line.push_str(sep);
            } else if sep.trim() != "—" {
                line.push_str(sep.trim_start());
            }
            line.push_str(text);
        };
        if let Some(agent) = self.agent.first() {
            push("", &agent.text);
        }
        if let Some(patient) = self.patient.first() {
            push(" — ", &patient.text);
        } else if let Some(count) = &self.count {
            push(" — ", &count.value.to_string());
        }
        if let Some(origin) = self.origin.first() {
            push(" من ", &origin.text);
        }
        if let Some(destination) = self.destination.first() {
            push(" إلى ", &destination.text);
        }
        if let Some(location) = self.location.first() {
            push(" في ", &location.text);
        }
        if let Some(means) = self.means.first() {
            push(" عبر ", &means.text);
        }
        if let Some(time) = self.time.as_ref().and_then(|t| t.value.as_deref()) {
            push(" ", &format!("({time})"));
        }
        line
    }
}

/// Extension: one sentence's syntactic words with their analysis (UD v2 names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxSentence {
    /// Start of the sentence, in code points.
    pub start: usize,
    /// End of the sentence, in code points.
    pub end: usize,
    /// Its syntactic words, in order.
    pub words: Vec<SyntaxWord>,
}

/// Extension: one syntactic word (a clitic, or a word without its clitics).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxWord {
    /// Start, in code points.
    pub start: usize,
    /// End, in code points.
    pub end: usize,
    /// The word as written.
    pub text: String,
    /// Its lemma, folded.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: String,
    /// Morphological features, as CoNLL-U writes them (`_` when none).
    pub feats: String,
    /// The head's position from 1 in the sentence, 0 for the root.
    pub head: usize,
    /// The relation to the head.
    pub deprel: String,
}

/// A span flagged for a persuasion technique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framing {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The span as written.
    pub text: String,
    /// One of the 23 ArMPro / ArAIEval technique labels.
    pub technique: String,
    /// A few words on why.
    pub note: String,
}

/// An aligned passage shared by two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Passage {
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
}

/// Two documents that share text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reuse {
    /// Id of the first document.
    pub a: String,
    /// Id of the second document.
    pub b: String,
    /// Share of the shorter text covered by aligned passages, in [0, 1].
    pub score: f64,
    /// `a->b` when `b` reused `a` (`a` came first), `b->a`, or null when nothing decides it.
    pub direction: Option<ReuseDirection>,
    /// Extension: what decided `direction`, or why nothing did (see [`DirectionReason`]).
    /// Absent in pairs written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction_reason: Option<DirectionReason>,
    /// The shared passages.
    pub passages: Vec<Passage>,
    /// Both documents come from one outlet.
    pub same_outlet: bool,
}

/// One distinct value of a role in a cluster, with the members behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    /// The value as the members state it.
    pub value: serde_json::Value,
    /// `<document id>#<claim id>` of the members stating it.
    pub members: Vec<String>,
}

/// A role whose members disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The role name (`count`, `destination`, `time` ...).
    pub role: String,
    /// The distinct values.
    pub values: Vec<ConflictValue>,
}

/// Claims in different documents that report the same event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Unique within the report.
    pub id: String,
    /// The event type.
    #[serde(rename = "type")]
    pub claim_type: ClaimType,
    /// `<document id>#<claim id>` of each member.
    pub members: Vec<String>,
    /// One line in Arabic built from the merged roles.
    pub summary: String,
    /// The distinct ultimate sources behind the members' chains.
    pub origins: Vec<ChainLink>,
    /// How many of those origins are independent.
    pub independent_sources: usize,
    /// Roles whose members disagree.
    pub conflicts: Vec<Conflict>,
    /// Extension: the earliest member by publication date (the ClaimReview notion of a
    /// claim's first appearance), null when no member's date is known.
    #[serde(default)]
    pub first_appearance: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_document_serialises_every_contract_field() {
        let doc = Document::new("d1", "x.txt", "نص");
        let value = serde_json::to_value(&doc).unwrap();
        for field in [
            "id",
            "source",
            "outlet",
            "outlet_from",
            "published",
            "title",
            "language",
            "text",
            "entities",
            "quantities",
            "times",
            "attributions",
            "claims",
            "framing",
            "diagnostics",
        ] {
            assert!(value.get(field).is_some(), "missing field {field}");
        }
        assert!(value["outlet"].is_null());
    }

    #[test]
    fn enums_use_the_contract_spelling() {
        assert_eq!(
            serde_json::to_string(&Approx::MoreThan).unwrap(),
            "\"more_than\""
        );
        assert_eq!(serde_json::to_string(&EntityType::Fac).unwrap(), "\"FAC\"");
        assert_eq!(
            serde_json::to_string(&OutletFrom::Metadata).unwrap(),
            "\"metadata\""
        );
        assert_eq!(
            serde_json::to_string(&SourceKind::Anonymous).unwrap(),
            "\"anonymous\""
        );
        assert_eq!(
            serde_json::to_string(&ClaimType::Transfer).unwrap(),
            "\"transfer\""
        );
    }
}
