//! The topic classifier on articles of the news corpus it was not trained on: `isnad train
//! topic` holds out every tenth line of `shared/data/news/ant_multisource.jsonl.gz` (the
//! first, eleventh ...), and this test scores the committed model on the first 1,200 of them.
//! It prints "skipped" and passes when the shared data is not there.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use isnad_core::Topic;
use isnad_extract::topic::{features, of_section, TopicModel};
use isnad_text::TextLayer;

#[test]
fn held_out_articles_get_their_section() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/news/ant_multisource.jsonl.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        println!("skipped: {} missing", path.display());
        return;
    };
    let model = TopicModel::bundled().expect("the committed topic model loads");
    let (mut right, mut total, mut news, mut news_as_sport, mut sport, mut sport_found) =
        (0, 0, 0, 0, 0, 0);
    let mut feats = Vec::new();
    let lines = BufReader::new(flate2::read::MultiGzDecoder::new(file)).lines();
    for line in lines.step_by(10).take(1200) {
        let doc: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let (Some(text), Some(category)) = (doc["text"].as_str(), doc["category"].as_str()) else {
            continue;
        };
        let Some(gold) = of_section(category) else {
            continue;
        };
        features(&TextLayer::new(text), &mut feats);
        let guess = model.classify(&feats);
        total += 1;
        right += usize::from(guess == gold);
        if gold == Topic::News {
            news += 1;
            news_as_sport += usize::from(guess == Topic::Sport);
        }
        if gold == Topic::Sport {
            sport += 1;
            sport_found += usize::from(guess == Topic::Sport);
        }
    }
    let accuracy = right as f64 / total as f64;
    println!(
        "{total} articles: accuracy {accuracy:.3}; sport found {sport_found}/{sport}; \
         news taken for sport {news_as_sport}/{news}"
    );
    assert!(total >= 1000, "only {total} articles read");
    assert!(accuracy >= 0.88, "accuracy {accuracy:.3}");
    assert!(sport_found as f64 >= 0.93 * sport as f64);
    // A news article taken for sport loses its conflict events: that must stay rare.
    assert!(news_as_sport as f64 <= 0.03 * news as f64);
}
