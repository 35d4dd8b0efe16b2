//! Training the CRF (`isnad train ner`).
//!
//! Data: ANERcorp's `train.conll`; its last tenth of sentences is the dev split, on which the
//! settings were chosen and which the report scores (`test.conll` is never read here). With
//! `full`, the final model is trained on every training sentence with the same settings.
//! [`train_priors`] first trains the context model of the label priors (`priors.rs`) on the
//! same sentences and tags the news corpus with it; the tagger then reads the priors it wrote.
//!
//! The trainer is crfs' L-BFGS with elastic-net regularisation (L1 keeps the model small:
//! most of the million candidate features get weight zero and are not written). It is
//! deterministic: same data, same settings, same model. Sentences are packed eight to an
//! instance for training (features are computed per sentence first, so no window crosses a
//! sentence edge); crfs' gradient loop is linear in features per instance, so this cuts
//! training time by about eight, at the price of a transition between sentences, which is
//! almost always `O → O`.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crfs::{Attribute, Trainer};
use isnad_kb::Kb;

use super::clusters::Clusters;
use super::conll::{self, Score};
use super::features::{self, FeatureContext, Features};
use super::gazetteer::Gazetteer;
use super::patterns::Patterns;
use super::words::Word;

/// Default L1 coefficient.
pub const DEFAULT_C1: f64 = 0.05;
/// Default L2 coefficient.
pub const DEFAULT_C2: f64 = 0.01;
/// Default number of L-BFGS iterations.
pub const DEFAULT_ITERATIONS: usize = 200;

/// The margins on `O` whose dev scores the report lists (see [`super::model::OUTSIDE_MARGIN`]).
const MARGINS: [f64; 7] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5];

/// How many sentences make one training instance.
const PACK: usize = 8;

/// Training settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// L1 coefficient.
    pub c1: f64,
    /// L2 coefficient.
    pub c2: f64,
    /// L-BFGS iterations.
    pub iterations: usize,
    /// Train on the dev split too.
    pub full: bool,
    /// ANERcorp's `gazetteers/` folder: when given, every second training sentence with a
    /// person, place or organisation is added once more with those names replaced by names of
    /// the same type from the lists (see the module docs).
    pub gazetteers: Option<std::path::PathBuf>,
    /// Give the tagger the syntax tagger's part of speech and features of each word
    /// (`pos.rs`). Off for the committed model: +0.008 F1 on the dev split, none on test, and
    /// tagging 2.6 times slower, under the speed target (see `docs/accuracy.md`).
    pub pos: bool,
}

/// ANERGazet's three lists: (type, names).
/// Names of one type: the type and each name's words.
type NameList = (&'static str, Vec<Vec<String>>);

fn load_gazetteers(dir: &Path) -> io::Result<Vec<NameList>> {
    let mut out = Vec::new();
    for (ty, file) in [
        ("PERS", "AlignedPersGazetteer.txt"),
        ("LOC", "AlignedLocGazetteer.txt"),
        ("ORG", "AlignedOrgGazetteer.txt"),
    ] {
        let text = std::fs::read_to_string(dir.join(file))?;
        let names: Vec<Vec<String>> = text
            .lines()
            .map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| !w.is_empty() && !w[0].starts_with('='))
            .collect();
        out.push((ty, names));
    }
    Ok(out)
}

/// A copy of a sentence whose PERS, LOC and ORG names are replaced by names of the same type
/// from the lists, chosen by a seeded generator; `None` when it has no such name.
fn substitute(
    words: &[String],
    tags: &[String],
    lists: &[NameList],
    seed: &mut u64,
) -> Option<(Vec<String>, Vec<String>)> {
    let spans = conll::spans(tags);
    if !spans.iter().any(|s| lists.iter().any(|l| l.0 == s.2)) {
        return None;
    }
    let (mut w2, mut t2) = (Vec::new(), Vec::new());
    let mut at = 0;
    for (s, e, ty) in spans {
        let Some((_, names)) = lists.iter().find(|l| l.0 == ty) else {
            continue;
        };
        w2.extend_from_slice(&words[at..s]);
        t2.extend_from_slice(&tags[at..s]);
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let name = &names[(*seed % names.len() as u64) as usize];
        // Keep a leading clitic of the original (وبغداد → و + the new name).
        for (k, n) in name.iter().enumerate() {
            w2.push(n.clone());
            t2.push(format!("{}-{ty}", if k == 0 { 'B' } else { 'I' }));
        }
        at = e;
    }
    w2.extend_from_slice(&words[at..]);
    t2.extend_from_slice(&tags[at..]);
    Some((w2, t2))
}

/// The training sentences and the dev split of `train_conll`: the first nine tenths and the
/// last tenth, or (with `full`) all of them and the same last tenth.
fn split(train_conll: &str, full: bool) -> (Vec<conll::Sentence>, Vec<conll::Sentence>) {
    let sentences = conll::read(train_conll);
    let at = sentences.len() * 9 / 10;
    let dev = sentences[at..].to_vec();
    let train = if full {
        sentences
    } else {
        sentences[..at].to_vec()
    };
    (train, dev)
}

/// The tables feature extraction reads, with the clusters (and priors) of `clusters_text`.
struct Tables {
    kb: Kb,
    gazetteer: Gazetteer,
    clusters: Clusters,
    patterns: Patterns,
}

impl Tables {
    fn new(clusters_text: &str) -> Tables {
        let kb = Kb::bundled();
        let gazetteer = Gazetteer::new(&kb);
        Tables {
            kb,
            gazetteer,
            clusters: Clusters::parse(clusters_text),
            patterns: Patterns::bundled(),
        }
    }

    fn context(&self) -> FeatureContext<'_> {
        FeatureContext {
            kb: &self.kb,
            gazetteer: &self.gazetteer,
            clusters: &self.clusters,
            patterns: &self.patterns,
        }
    }
}

/// Fits a CRF reading features `which` to `train_set` and writes it to `out`.
fn fit(
    ctx: &FeatureContext<'_>,
    train_set: &[conll::Sentence],
    which: Features,
    settings: &Settings,
    out: &Path,
) -> io::Result<()> {
    let mut trainer = Trainer::lbfgs()
        .with_c1(settings.c1)?
        .with_c2(settings.c2)?
        .with_max_iterations(settings.iterations)?;
    for pack in train_set.chunks(PACK) {
        let mut xs: Vec<Vec<Attribute>> = Vec::new();
        let mut ys: Vec<&str> = Vec::new();
        for (words, tags) in pack {
            let w = super::pos::words(words, which == Features::All && settings.pos);
            xs.extend(features::sentence(ctx, &w, which));
            ys.extend(tags.iter().map(String::as_str));
        }
        trainer.append(&xs, &ys)?;
    }
    trainer.train(out)
}

/// Trains the context model of the label priors (`priors.rs`) on `train_conll` (its first
/// nine tenths, or all with `settings.full`), tags the news `texts` with it and returns
/// `clusters_text` with the priors as its fifth column.
pub fn train_priors<I: IntoIterator<Item = String>>(
    train_conll: &str,
    clusters_text: &str,
    settings: &Settings,
    texts: I,
) -> io::Result<String> {
    let (train_set, _) = split(train_conll, settings.full);
    let tables = Tables::new(clusters_text);
    let ctx = tables.context();
    let path = std::env::temp_dir().join(format!("isnad-context-{}.crfsuite", std::process::id()));
    let fitted = fit(&ctx, &train_set, Features::Context, settings, &path);
    let bytes = fitted.and_then(|()| std::fs::read(&path));
    let _ = std::fs::remove_file(&path);
    let model = super::model::Crf::new(&bytes?)?.with_outside_margin(super::priors::CONTEXT_MARGIN);
    Ok(super::priors::build(&model, &ctx, texts, clusters_text))
}

/// Trains a model on `train_conll` with the clusters in `clusters_text`, writes it to `out`
/// and returns a report of the dev scores.
pub fn train(
    train_conll: &str,
    clusters_text: &str,
    settings: &Settings,
    out: &Path,
) -> io::Result<String> {
    let (mut train_set, dev) = split(train_conll, settings.full);
    if let Some(dir) = &settings.gazetteers {
        let lists = load_gazetteers(dir)?;
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let extra: Vec<conll::Sentence> = train_set
            .iter()
            .filter_map(|(w, t)| substitute(w, t, &lists, &mut seed))
            .step_by(2)
            .collect();
        train_set.extend(extra);
    }
    let tables = Tables::new(clusters_text);
    let ctx = tables.context();
    fit(&ctx, &train_set, Features::All, settings, out)?;
    let bytes = std::fs::read(out)?;
    let dev_words: Vec<Vec<Word>> = dev
        .iter()
        .map(|(words, _)| super::pos::words(words, settings.pos))
        .collect();
    let score_of = |model: &super::model::Crf| {
        let mut score = Score::default();
        for ((_, tags), w) in dev.iter().zip(&dev_words) {
            score.add(tags, &super::model::tag_with(Some(model), &ctx, w));
        }
        score
    };
    // Read once; it decodes with the chosen margin until the table below sets others.
    let mut model = super::model::Crf::new(&bytes)?;
    let score = score_of(&model);
    let mut report = String::new();
    let _ = writeln!(
        report,
        "trained on {} sentences ({} clusters, c1 {}, c2 {}, {} iterations); model {} bytes",
        train_set.len(),
        tables.clusters.len(),
        settings.c1,
        settings.c2,
        settings.iterations,
        bytes.len()
    );
    let _ = writeln!(
        report,
        "dev split (last {} training sentences{}):",
        dev.len(),
        if settings.full {
            ", seen in training: not a fair score"
        } else {
            ""
        }
    );
    report.push_str(&score.to_string());
    let _ = writeln!(
        report,
        "F1 of the dev split by margin on `O` (decoding uses {}):",
        super::model::OUTSIDE_MARGIN
    );
    for margin in MARGINS {
        model = model.with_outside_margin(margin);
        let _ = writeln!(report, "  {margin:.2}  {:.3}", score_of(&model).all.f1());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A context model learns that the word after `قال الرئيس` is a person, so a name it was
    /// never trained on, seen in that context across a corpus, gets a high person prior,
    /// and a word seen only after `في` none.
    #[test]
    fn priors_come_from_the_contexts_of_the_corpus() {
        let mut conll = String::new();
        for name in ["زيد", "عمرو", "خالد", "بكر", "سعيد", "وليد"] {
            for _ in 0..4 {
                conll.push_str(&format!(
                    "قال O\nالرئيس O\n{name} B-PERS\nإن O\nالوضع O\nصعب O\n\n"
                ));
            }
            conll.push_str("وصل O\nالوفد O\nإلى O\nالمدينة O\nأمس O\n\n");
        }
        let clusters = "# test\nكاظم\t1\t1\t000\nالوفد\t2\t2\t000\nمدينه\t3\t3\t000\n";
        let texts = (0..10)
            .map(|_| "قال الرئيس كاظم إن الوضع صعب . وصل الوفد إلى المدينة أمس .".to_owned());
        let settings = Settings {
            c1: 0.0,
            c2: 0.1,
            iterations: 50,
            full: true,
            gazetteers: None,
            pos: false,
        };
        let file = train_priors(&conll, clusters, &settings, texts).unwrap();
        let clusters = Clusters::parse(&file);
        let person = clusters.priors("كاظم").expect("كاظم has priors")[0];
        assert_eq!(person, 4, "{file}");
        assert_eq!(clusters.priors("مدينه").map(|p| p[0]), Some(0), "{file}");
    }
}
