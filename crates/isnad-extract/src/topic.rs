//! What an article is about (news, sport, economy, technology, culture), learnt from the
//! sections the news corpus files its 31,523 articles under.
//!
//! Conflict words live double lives: a football side "attacks" (`هجوم`، `المهاجم`), "seizes"
//! the ball, "kills" a match, a club "transfers" a player. Whether a sentence tells of war or
//! of a match is rarely in the sentence itself and almost always in the article: so the claims
//! stage asks the article's topic, and a sports story reports no conflict events. The topic is
//! read from the words of the text, not from a list of teams: a linear model (averaged
//! perceptron) over the folded stems of the first [`WORDS`] words, trained by `isnad train
//! topic` on the corpus' own section labels (`docs/accuracy.md` has its figures).

use std::sync::LazyLock;

use isnad_core::{Document, Topic};
use isnad_syntax::features::{hash_str, mix};
use isnad_syntax::perceptron::{best, Table, Trainer, Weights};
use isnad_syntax::Scheme;
use isnad_text::{TextLayer, TokenKind};

use crate::Stage;

/// The committed model (`isnad train topic`).
static BUNDLED: &[u8] = include_bytes!("../models/topic.bin");

/// How many words of an article the model reads: the topic is plain from its opening, and a
/// bound keeps long articles cheap.
pub const WORDS: usize = 400;

/// How far the best topic must outscore news for an article to be taken off the news: news is
/// what the engine is for, and a doubt keeps an article there.
pub const MARGIN: f32 = 0.0;

/// The features of an article: each distinct folded stem among its first [`WORDS`] words.
pub fn features(layer: &TextLayer, out: &mut Vec<u32>) {
    out.clear();
    for t in layer
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .take(WORDS)
    {
        out.push(mix(1100, &[hash_str(layer.folded.of(t.stem_span()))]));
    }
    out.sort_unstable();
    out.dedup();
    out.push(mix(1101, &[]));
}

/// The topic classifier.
pub struct TopicModel {
    table: Table,
}

impl TopicModel {
    /// The model of `weights`.
    pub fn new(weights: &Weights) -> TopicModel {
        TopicModel {
            table: weights.for_scheme(Scheme::Ud),
        }
    }

    /// The committed model, or `None` when the committed file is empty or unreadable.
    pub fn bundled() -> Option<&'static TopicModel> {
        static MODEL: LazyLock<Option<TopicModel>> = LazyLock::new(|| {
            Weights::from_bytes(BUNDLED)
                .ok()
                .map(|w| TopicModel::new(&w))
        });
        MODEL.as_ref()
    }

    /// The topic of an article's features ([`features`]), news unless another outscores it
    /// by more than the margin.
    pub fn classify(&self, features: &[u32]) -> Topic {
        self.classify_with(features, MARGIN)
    }

    /// [`TopicModel::classify`] with another margin (for choosing it).
    pub fn classify_with(&self, features: &[u32], margin: f32) -> Topic {
        let mut scores = [0f32; Topic::ALL.len()];
        self.table.score(features, &mut scores);
        match best(&scores, |_| true) {
            Some(c) if scores[c] - scores[0] > margin => Topic::ALL[c],
            _ => Topic::News,
        }
    }
}

/// Learns the classifier from articles' features and topics, in the order given, over
/// `epochs` passes.
pub fn train(examples: &[(Vec<u32>, Topic)], epochs: usize) -> Weights {
    let mut trainer = Trainer::new();
    let mut scores = [0f32; Topic::ALL.len()];
    for _ in 0..epochs {
        for (feats, topic) in examples {
            let gold = class_of(*topic);
            scores.fill(0.0);
            trainer.score(feats, Scheme::Ud, &mut scores);
            let guess = best(&scores, |_| true).unwrap_or(0);
            if guess != gold {
                trainer.update(feats, Scheme::Ud, gold, 1.0);
                trainer.update(feats, Scheme::Ud, guess, -1.0);
            }
            trainer.tick();
        }
    }
    trainer.average()
}

/// The topic of one of the news corpus' sections (`category`), if it has one: its two news
/// sections, the Middle East and the world, are one topic.
pub fn of_section(section: &str) -> Option<Topic> {
    Some(match section {
        "middleEast" | "internationalNews" => Topic::News,
        "sport" => Topic::Sport,
        "economy" => Topic::Economy,
        "technology" => Topic::Technology,
        "culture" => Topic::Culture,
        _ => return None,
    })
}

/// The class number of a topic.
pub fn class_of(topic: Topic) -> usize {
    Topic::ALL
        .iter()
        .position(|&t| t == topic)
        .expect("every topic is in ALL")
}

/// Sets `Document::topic` for Arabic text.
pub struct TopicStage;

impl Stage for TopicStage {
    fn name(&self) -> &'static str {
        "topic"
    }

    fn run(&self, doc: &mut Document, layer: &TextLayer) {
        if doc.language != "ar" {
            return;
        }
        let Some(model) = TopicModel::bundled() else {
            return;
        };
        let mut feats = Vec::with_capacity(WORDS + 1);
        features(layer, &mut feats);
        doc.topic = Some(model.classify(&feats));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic_of(text: &str) -> Topic {
        let mut doc = Document::new("t", "t", text);
        doc.language = "ar".to_owned();
        TopicStage.run(&mut doc, &TextLayer::new(text));
        doc.topic.expect("an Arabic text gets a topic")
    }

    #[test]
    fn a_match_report_is_sport_and_a_raid_is_news() {
        assert_eq!(
            topic_of(
                "فاز الفريق على ضيفه بثلاثة أهداف مقابل هدف في مباراة الدوري، وسجل المهاجم \
                 هدفين في الشوط الثاني ليرفع رصيد فريقه إلى 40 نقطة في صدارة الترتيب."
            ),
            Topic::Sport
        );
        assert_eq!(
            topic_of(
                "قصفت الطائرات الحربية مواقع المسلحين في ريف المدينة، وقالت مصادر محلية إن \
                 عشرة مدنيين قتلوا وأصيب آخرون، فيما نزحت عشرات العائلات نحو الحدود."
            ),
            Topic::News
        );
    }

    #[test]
    fn only_arabic_text_gets_a_topic() {
        let text = "The team won the match.";
        let mut doc = Document::new("t", "t", text);
        doc.language = "en".to_owned();
        TopicStage.run(&mut doc, &TextLayer::new(text));
        assert_eq!(doc.topic, None);
    }

    #[test]
    fn training_separates_two_topics_and_news_wins_a_doubt() {
        let f = |words: &[&str]| {
            let mut out = Vec::new();
            features(&TextLayer::new(&words.join(" ")), &mut out);
            out
        };
        let examples = vec![
            (f(&["مباراة", "هدف", "الدوري"]), Topic::Sport),
            (f(&["قصف", "مسلحين", "قتلى"]), Topic::News),
            (f(&["هدف", "لاعب", "مباراة"]), Topic::Sport),
            (f(&["غارة", "قتلى", "مسلحين"]), Topic::News),
        ];
        let model = TopicModel::new(&train(&examples, 5));
        assert_eq!(model.classify(&f(&["مباراة", "لاعب"])), Topic::Sport);
        assert_eq!(model.classify(&f(&["غارة", "قصف"])), Topic::News);
        // A model that knows nothing leaves everything in the news.
        let blank = TopicModel::new(&Weights::default());
        assert_eq!(blank.classify(&f(&["مباراة"])), Topic::News);
    }
}
