//! The vocabulary of the analysis: universal parts of speech, the morphological features that
//! matter for reading roles, and dependency relations, as closed enums with the names UD gives
//! them (`FromStr` and `Display` read and write those names).
//!
//! The two treebanks the model learns from name a few things differently (see
//! [`crate::treebank`]); the enums hold the UD v2 names, plus the v1 `CONJ`, which PADT-style
//! output still needs.

use std::fmt;
use std::str::FromStr;

/// An unknown name for a closed set: what was given and which set it was read for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The set (`UPOS`, `Case`, `DEPREL` ...).
    pub set: &'static str,
    /// What was given.
    pub given: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {} value", self.given, self.set)
    }
}

impl std::error::Error for UnknownName {}

/// A closed set of names: an enum whose variants read and write as the given strings, with
/// their number in declaration order (the models store that number).
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $set:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The name UD gives it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// Its place in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// The value at `i` of [`Self::ALL`].
            pub fn from_index(i: usize) -> Option<$name> {
                Self::ALL.get(i).copied()
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName { set: $set, given: s.to_owned() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// Universal part of speech (UD v2), and the v1 `CONJ` that PADT v1 uses for both kinds
    /// of conjunction.
    Upos, "UPOS" {
        /// Adjective.
        Adj = "ADJ",
        /// Adposition (preposition).
        Adp = "ADP",
        /// Adverb.
        Adv = "ADV",
        /// Auxiliary (كان in UD v2).
        Aux = "AUX",
        /// Coordinating conjunction.
        Cconj = "CCONJ",
        /// Determiner.
        Det = "DET",
        /// Interjection.
        Intj = "INTJ",
        /// Noun.
        Noun = "NOUN",
        /// Numeral.
        Num = "NUM",
        /// Particle.
        Part = "PART",
        /// Pronoun.
        Pron = "PRON",
        /// Proper noun.
        Propn = "PROPN",
        /// Punctuation.
        Punct = "PUNCT",
        /// Subordinating conjunction.
        Sconj = "SCONJ",
        /// Symbol.
        Sym = "SYM",
        /// Verb.
        Verb = "VERB",
        /// Other (PADT v1: words its analyser did not know, mostly names).
        X = "X",
        /// Conjunction of either kind (UD v1, PADT).
        Conj = "CONJ",
    }
);

impl Upos {
    /// Whether it heads a noun phrase (noun, proper noun, pronoun, numeral, adjective used
    /// as a noun is left out).
    pub fn is_nominal(self) -> bool {
        matches!(
            self,
            Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num | Upos::X
        )
    }
}

named_enum!(
    /// Grammatical case.
    Case, "Case" {
        /// Nominative.
        Nom = "Nom",
        /// Accusative.
        Acc = "Acc",
        /// Genitive.
        Gen = "Gen",
    }
);

named_enum!(
    /// Definiteness; `Cons` is the construct state (PADT v1 calls it `Red`, reduced).
    Definite, "Definite" {
        /// Definite (the article, or a name).
        Def = "Def",
        /// Indefinite.
        Ind = "Ind",
        /// Construct state: the first noun of an idafa.
        Cons = "Cons",
        /// Complex (PADT: a construct whose dependent is definite).
        Com = "Com",
    }
);

named_enum!(
    /// Grammatical gender.
    Gender, "Gender" {
        /// Masculine.
        Masc = "Masc",
        /// Feminine.
        Fem = "Fem",
    }
);

named_enum!(
    /// Grammatical number.
    Number, "Number" {
        /// Singular.
        Sing = "Sing",
        /// Dual.
        Dual = "Dual",
        /// Plural.
        Plur = "Plur",
    }
);

named_enum!(
    /// Grammatical person.
    Person, "Person" {
        /// First person.
        First = "1",
        /// Second person.
        Second = "2",
        /// Third person.
        Third = "3",
    }
);

named_enum!(
    /// Voice.
    Voice, "Voice" {
        /// Active.
        Act = "Act",
        /// Passive.
        Pass = "Pass",
    }
);

named_enum!(
    /// Aspect of a verb.
    Aspect, "Aspect" {
        /// Imperfective (present).
        Imp = "Imp",
        /// Perfective (past).
        Perf = "Perf",
    }
);

named_enum!(
    /// Mood of an imperfective verb.
    Mood, "Mood" {
        /// Indicative.
        Ind = "Ind",
        /// Subjunctive (after أن، لن).
        Sub = "Sub",
        /// Jussive (after لم).
        Jus = "Jus",
    }
);

/// The morphological features the tagger predicts: those that say who does what to whom
/// (case, definiteness, agreement, voice, aspect, mood). `None` where a word has no value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Feats {
    /// Aspect.
    pub aspect: Option<Aspect>,
    /// Case.
    pub case: Option<Case>,
    /// Definiteness.
    pub definite: Option<Definite>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Mood.
    pub mood: Option<Mood>,
    /// Number.
    pub number: Option<Number>,
    /// Person.
    pub person: Option<Person>,
    /// Voice.
    pub voice: Option<Voice>,
}

/// The feature groups of [`Feats`], in UD's order (alphabetical by name): the tagger predicts
/// one value of each, or none.
pub const FEATURE_NAMES: [&str; 8] = [
    "Aspect", "Case", "Definite", "Gender", "Mood", "Number", "Person", "Voice",
];

impl Feats {
    /// How many values group `g` of [`FEATURE_NAMES`] has (not counting "none").
    pub fn group_size(g: usize) -> usize {
        [
            Aspect::ALL.len(),
            Case::ALL.len(),
            Definite::ALL.len(),
            Gender::ALL.len(),
            Mood::ALL.len(),
            Number::ALL.len(),
            Person::ALL.len(),
            Voice::ALL.len(),
        ][g]
    }

    /// The value of each group as a class: 0 for none, else 1 + the value's index.
    pub fn classes(&self) -> [usize; 8] {
        fn class<T: Copy>(v: Option<T>, index: impl Fn(T) -> usize) -> usize {
            v.map_or(0, |v| 1 + index(v))
        }
        [
            class(self.aspect, Aspect::index),
            class(self.case, Case::index),
            class(self.definite, Definite::index),
            class(self.gender, Gender::index),
            class(self.mood, Mood::index),
            class(self.number, Number::index),
            class(self.person, Person::index),
            class(self.voice, Voice::index),
        ]
    }

    /// The features whose classes (as [`Feats::classes`] gives them) are `classes`.
    pub fn from_classes(classes: [usize; 8]) -> Feats {
        fn value<T>(c: usize, from: impl Fn(usize) -> Option<T>) -> Option<T> {
            c.checked_sub(1).and_then(from)
        }
        Feats {
            aspect: value(classes[0], Aspect::from_index),
            case: value(classes[1], Case::from_index),
            definite: value(classes[2], Definite::from_index),
            gender: value(classes[3], Gender::from_index),
            mood: value(classes[4], Mood::from_index),
            number: value(classes[5], Number::from_index),
            person: value(classes[6], Person::from_index),
            voice: value(classes[7], Voice::from_index),
        }
    }

    /// Reads the FEATS column of CoNLL-U (`Case=Nom|Definite=Def`), keeping the features this
    /// type holds and the values it knows (PADT's `Definite=Red` is read as `Cons`), and
    /// ignoring the rest.
    pub fn parse_conllu(s: &str) -> Feats {
        let mut f = Feats::default();
        for pair in s.split('|') {
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            match name {
                "Aspect" => f.aspect = value.parse().ok(),
                "Case" => f.case = value.parse().ok(),
                "Definite" => {
                    f.definite = if value == "Red" {
                        Some(Definite::Cons)
                    } else {
                        value.parse().ok()
                    }
                }
                "Gender" => f.gender = value.parse().ok(),
                "Mood" => f.mood = value.parse().ok(),
                "Number" => f.number = value.parse().ok(),
                "Person" => f.person = value.parse().ok(),
                "Voice" => f.voice = value.parse().ok(),
                _ => {}
            }
        }
        f
    }
}

impl fmt::Display for Feats {
    /// The FEATS column: `Name=Value` pairs in UD's order joined by `|`, or `_` when empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values: [Option<&str>; 8] = [
            self.aspect.map(Aspect::as_str),
            self.case.map(Case::as_str),
            self.definite.map(Definite::as_str),
            self.gender.map(Gender::as_str),
            self.mood.map(Mood::as_str),
            self.number.map(Number::as_str),
            self.person.map(Person::as_str),
            self.voice.map(Voice::as_str),
        ];
        let mut any = false;
        for (name, value) in FEATURE_NAMES.iter().zip(values) {
            if let Some(value) = value {
                if any {
                    f.write_str("|")?;
                }
                write!(f, "{name}={value}")?;
                any = true;
            }
        }
        if !any {
            f.write_str("_")?;
        }
        Ok(())
    }
}

named_enum!(
    /// A dependency relation: the universal relations of UD v2 and the subtypes the Arabic
    /// treebanks use.
    Deprel, "DEPREL" {
        /// Clausal modifier of a noun.
        Acl = "acl",
        /// Relative clause.
        AclRelcl = "acl:relcl",
        /// Adverbial clause modifier.
        Advcl = "advcl",
        /// Adverbial modifier.
        Advmod = "advmod",
        /// Emphasising adverbial modifier.
        AdvmodEmph = "advmod:emph",
        /// Adjectival modifier.
        Amod = "amod",
        /// Apposition.
        Appos = "appos",
        /// Auxiliary.
        Aux = "aux",
        /// Passive auxiliary.
        AuxPass = "aux:pass",
        /// Case marker (a preposition).
        Case = "case",
        /// Coordinating conjunction.
        Cc = "cc",
        /// Preconjunct.
        CcPreconj = "cc:preconj",
        /// Clausal complement.
        Ccomp = "ccomp",
        /// Compound.
        Compound = "compound",
        /// Particle of a compound.
        CompoundPrt = "compound:prt",
        /// Conjunct.
        Conj = "conj",
        /// Copula.
        Cop = "cop",
        /// Clausal subject.
        Csubj = "csubj",
        /// Clausal subject of a passive.
        CsubjPass = "csubj:pass",
        /// Unspecified dependency.
        Dep = "dep",
        /// Determiner.
        Det = "det",
        /// Discourse element.
        Discourse = "discourse",
        /// Dislocated element.
        Dislocated = "dislocated",
        /// Expletive.
        Expl = "expl",
        /// Fixed multiword expression.
        Fixed = "fixed",
        /// Flat multiword expression (names).
        Flat = "flat",
        /// Foreign words.
        Flatforeign = "flat:foreign",
        /// Indirect object.
        Iobj = "iobj",
        /// Marker (a subordinating conjunction).
        Mark = "mark",
        /// Nominal modifier.
        Nmod = "nmod",
        /// Nominal subject.
        Nsubj = "nsubj",
        /// Nominal subject of a passive.
        NsubjPass = "nsubj:pass",
        /// Numeric modifier.
        Nummod = "nummod",
        /// Object.
        Obj = "obj",
        /// Oblique nominal.
        Obl = "obl",
        /// Temporal oblique.
        OblTmod = "obl:tmod",
        /// Orphan in an ellipsis.
        Orphan = "orphan",
        /// Parataxis.
        Parataxis = "parataxis",
        /// Punctuation.
        Punct = "punct",
        /// Root of the sentence.
        Root = "root",
        /// Vocative.
        Vocative = "vocative",
        /// Open clausal complement.
        Xcomp = "xcomp",
    }
);

impl Deprel {
    /// The relation as UD v2 names it, from either version's name (`dobj` → `obj`,
    /// `nsubjpass` → `nsubj:pass`, `name` → `flat`, `mwe` → `fixed`, `neg` → `advmod`,
    /// `foreign` → `flat:foreign`); an unknown subtype falls back to its universal relation.
    pub fn parse_any(s: &str) -> Result<Deprel, UnknownName> {
        let v2 = match s {
            "dobj" => "obj",
            "nsubjpass" => "nsubj:pass",
            "csubjpass" => "csubj:pass",
            "auxpass" => "aux:pass",
            "name" => "flat",
            "mwe" => "fixed",
            "neg" => "advmod",
            "foreign" => "flat:foreign",
            "remnant" => "orphan",
            other => other,
        };
        v2.parse().or_else(|e| match v2.split_once(':') {
            Some((universal, _)) => universal.parse(),
            None => Err(e),
        })
    }

    /// The universal relation, without its subtype (`nsubj:pass` → `nsubj`).
    pub fn universal(self) -> &'static str {
        let s = self.as_str();
        s.split_once(':').map_or(s, |(u, _)| u)
    }

    /// Whether it is a subject (active or passive, nominal or clausal).
    pub fn is_subject(self) -> bool {
        matches!(
            self,
            Deprel::Nsubj | Deprel::NsubjPass | Deprel::Csubj | Deprel::CsubjPass
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_and_write_back() {
        for u in Upos::ALL {
            assert_eq!(u.as_str().parse::<Upos>(), Ok(*u));
        }
        for d in Deprel::ALL {
            assert_eq!(d.as_str().parse::<Deprel>(), Ok(*d));
        }
        assert!("NOUNS".parse::<Upos>().is_err());
    }

    #[test]
    fn v1_relation_names_read_as_v2() {
        assert_eq!(Deprel::parse_any("dobj"), Ok(Deprel::Obj));
        assert_eq!(Deprel::parse_any("nsubjpass"), Ok(Deprel::NsubjPass));
        assert_eq!(Deprel::parse_any("nmod:poss"), Ok(Deprel::Nmod));
        assert!(Deprel::parse_any("subject").is_err());
        assert_eq!(Deprel::NsubjPass.universal(), "nsubj");
    }

    #[test]
    fn feats_round_trip_in_ud_order() {
        let f = Feats::parse_conllu("Voice=Pass|Aspect=Perf|Gender=Fem|Foo=Bar|Definite=Red");
        assert_eq!(
            f.to_string(),
            "Aspect=Perf|Definite=Cons|Gender=Fem|Voice=Pass"
        );
        assert_eq!(Feats::from_classes(f.classes()), f);
        assert_eq!(Feats::default().to_string(), "_");
    }
}
