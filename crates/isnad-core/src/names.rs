//! Enums that the report, the data files and the command line spell as lowercase words.
//!
//! [`ClaimType`](crate::ClaimType) and [`SourceKind`](crate::SourceKind) are written as
//! `transfer` or `anonymous` everywhere a person or a program reads them. `spelt_enum!` gives
//! such an enum, from one table of variant and spelling, the list of its values (`ALL`),
//! `as_str`, `Display` and a `FromStr` whose error names the bad value and every valid one,
//! so that `isnad claims --type atack` can answer with the types there are. Serde keeps its own
//! derive (`rename_all = "lowercase"`); a test checks that both spell each value alike.

use std::fmt;

/// A string that spells no value of an enum: it names the value and lists the valid ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    what: &'static str,
    plural: &'static str,
    value: String,
    valid: Vec<&'static str>,
}

impl UnknownName {
    /// An error for `value`, which is no `what` (`"claim type"`); the valid values are
    /// `valid`, listed as `plural` (`"types"`).
    pub fn new(
        what: &'static str,
        plural: &'static str,
        value: &str,
        valid: impl IntoIterator<Item = &'static str>,
    ) -> Self {
        UnknownName {
            what,
            plural,
            value: value.to_owned(),
            valid: valid.into_iter().collect(),
        }
    }

    /// The string that was not understood.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The spellings that would have been.
    pub fn valid(&self) -> &[&'static str] {
        &self.valid
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} {:?}; valid {}: {}",
            self.what,
            self.value,
            self.plural,
            self.valid.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

/// Implements `ALL`, `as_str`, `Display` and `FromStr` (error [`UnknownName`]) for a
/// fieldless enum from its variants and their spellings, in the order `ALL` lists them.
macro_rules! spelt_enum {
    ($ty:ident, $what:literal, $plural:literal, { $($variant:ident => $name:literal,)+ }) => {
        impl $ty {
            /// Every value, in the order the report's documentation lists them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The report's spelling, which `FromStr` reads back.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        $crate::UnknownName::new(
                            $what,
                            $plural,
                            s,
                            $ty::ALL.iter().map(|v| v.as_str()),
                        )
                    })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::{ClaimType, SourceKind, Topic};

    #[test]
    fn every_claim_type_reads_back_from_its_spelling_and_serde_agrees() {
        assert_eq!(ClaimType::ALL.len(), 16);
        for &t in ClaimType::ALL {
            assert_eq!(t.as_str().parse::<ClaimType>(), Ok(t));
            assert_eq!(t.to_string(), t.as_str());
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
        }
    }

    #[test]
    fn every_source_kind_reads_back_from_its_spelling_and_serde_agrees() {
        assert_eq!(SourceKind::ALL.len(), 7);
        for &k in SourceKind::ALL {
            assert_eq!(k.as_str().parse::<SourceKind>(), Ok(k));
            assert_eq!(k.to_string(), k.as_str());
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
    }

    #[test]
    fn every_topic_reads_back_from_its_spelling_and_serde_agrees() {
        assert_eq!(Topic::ALL.len(), 5);
        for &t in Topic::ALL {
            assert_eq!(t.as_str().parse::<Topic>(), Ok(t));
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
        }
    }

    #[test]
    fn an_unknown_name_is_named_with_every_valid_one() {
        let e = "atack".parse::<ClaimType>().unwrap_err();
        assert_eq!(e.value(), "atack");
        assert_eq!(
            e.to_string(),
            "unknown claim type \"atack\"; valid types: transfer, escape, release, detain, \
             attack, kill, injure, seize, withdraw, deploy, meet, train, supply, theft, \
             surrender, other"
        );
        let e = "Anonymous".parse::<SourceKind>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown source kind \"Anonymous\"; valid kinds: anonymous, person, organization, \
             outlet, official, document, unspecified"
        );
        assert!("".parse::<ClaimType>().is_err());
    }
}
