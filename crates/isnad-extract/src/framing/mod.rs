//! Framing: loaded language and persuasion techniques, flagged even-handedly.
//!
//! Spans get one of the 23 technique labels of ArMPro / ArAIEval ([`TECHNIQUES`]) and a note
//! saying why. Two layers, run by [`FramingStage`]:
//!
//! 1. **Lexicons** (`lexicon.rs`, `data/framing/*.txt`): what the words alone show. Loaded
//!    labels (`الاحتلال`, `ميليشيا`, `إرهابيي`, `عملائها`), moral and horror adjectives
//!    (`الخبيثة`, `الغاشم`, `الوحشي`), doubt markers (`المزعوم`, `ما يسمى`), absolute grading
//!    (`غير مسبوق`), appeals (`شهد شاهد من أهلها`, `قبل فوات الأوان`, `خط أحمر`) and chants. Each
//!    group in the files has a `#` comment saying why; entries match folded, clitic-stripped
//!    tokens. Note: `lexicon labels.txt: ميليشي*`.
//! 2. **A classifier** (`model.rs`, `features.rs`, `models/framing.bin`): what needs context.
//!    One-vs-rest logistic regression over hashed word and character n-grams, trained in Rust on
//!    ArAIEval 2023 task 1 train (`isnad train framing`), thresholds tuned on the development
//!    sets. It scores each paragraph (text between line breaks) as a whole, since its training
//!    data are paragraphs and tweets; a label above its threshold is attached to the sentence
//!    of the paragraph that scores highest for it, and the note says so:
//!    `classifier p=0.81 for Loaded_Language (paragraph; span = its top sentence, p=0.77)`.
//!
//! **Even-handed by construction.** Lexicon entries describe wording, never a named side, so
//! `الاحتلال الأمريكي` and `الاحتلال الروسي` both match `الاحتلال`. The classifier never sees
//! which side a sentence names: every side name (single-word names of `isnad-kb`, nisba
//! adjectives and actor words of `data/framing/sides.txt`) becomes one placeholder before
//! features are taken, so sentences that differ only by the side they name score alike. The
//! test `tests/framing.rs` holds mirrored pairs and checks both layers.
//!
//! [`profile`] sums a set of documents' framing per outlet: techniques per 1,000 words and the
//! most used lexicon terms.

pub mod features;
pub mod lexicon;
pub mod model;
mod profile;
mod stage;

pub use lexicon::Lexicon;
pub use model::Model;
pub use profile::{document_profile, profile, FramingProfile, TechniqueRate, TermCount};
pub use stage::FramingStage;

/// The 23 persuasion-technique labels of ArMPro / ArAIEval, in their published order.
pub const TECHNIQUES: [&str; 23] = [
    "Appeal_to_Authority",
    "Appeal_to_Fear-Prejudice",
    "Appeal_to_Hypocrisy",
    "Appeal_to_Popularity",
    "Appeal_to_Time",
    "Appeal_to_Values",
    "Causal_Oversimplification",
    "Consequential_Oversimplification",
    "Conversation_Killer",
    "Doubt",
    "Exaggeration-Minimisation",
    "False_Dilemma-No_Choice",
    "Flag_Waving",
    "Guilt_by_Association",
    "Loaded_Language",
    "Name_Calling-Labeling",
    "Obfuscation-Vagueness-Confusion",
    "Questioning_the_Reputation",
    "Red_Herring",
    "Repetition",
    "Slogans",
    "Straw_Man",
    "Whataboutism",
];

/// The committed classifier, embedded in the binary (empty while none has been trained).
pub const BUNDLED_MODEL: &[u8] = include_bytes!("../../models/framing.bin");
