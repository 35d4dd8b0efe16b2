//! Who copied whom in a reuse pair: the direction, and the evidence that decided it.
//!
//! The contract prints a pair's direction as `"a->b"`, `"b->a"` or null. In code it is a
//! [`ReuseDirection`] (null is `None`), so that no caller compares strings. The reason is an
//! extension of the contract, `direction_reason`: a short string a program can switch on
//! (`"published"`, `"credit"`, `"undecided: same day, no credit, each adds text"`), typed here as
//! a [`DirectionReason`]. Both print with `Display` and read back with `FromStr`; serde uses the
//! same strings.
//!
//! How the evidence is weighed is `isnad_link::direction`'s business; this module only names
//! the outcomes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which document of a reuse pair reused the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReuseDirection {
    /// `a` came first and `b` reused it: `"a->b"`.
    #[serde(rename = "a->b")]
    AToB,
    /// `b` came first and `a` reused it: `"b->a"`.
    #[serde(rename = "b->a")]
    BToA,
}

impl ReuseDirection {
    /// The contract's spelling: `"a->b"` or `"b->a"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReuseDirection::AToB => "a->b",
            ReuseDirection::BToA => "b->a",
        }
    }

    /// The same direction with `a` and `b` swapped.
    pub fn reversed(self) -> ReuseDirection {
        match self {
            ReuseDirection::AToB => ReuseDirection::BToA,
            ReuseDirection::BToA => ReuseDirection::AToB,
        }
    }
}

impl fmt::Display for ReuseDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReuseDirection {
    type Err = ParseDirectionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "a->b" => Ok(ReuseDirection::AToB),
            "b->a" => Ok(ReuseDirection::BToA),
            _ => Err(ParseDirectionError::new("reuse direction", s)),
        }
    }
}

/// A string that is not one of the spellings of [`ReuseDirection`] or [`DirectionReason`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDirectionError {
    what: &'static str,
    value: String,
}

impl ParseDirectionError {
    fn new(what: &'static str, value: &str) -> Self {
        ParseDirectionError {
            what,
            value: value.to_owned(),
        }
    }
}

impl fmt::Display for ParseDirectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {}", self.value, self.what)
    }
}

impl std::error::Error for ParseDirectionError {}

/// What decided a pair's direction, or why nothing did.
///
/// Printed as `published`, `time_of_day`, `credit`, `containment`, or `undecided: ` followed by
/// what each kind of evidence found, comma-separated ([`Undecided`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DirectionReason {
    /// The publication dates differ: the earlier came first.
    Published,
    /// Same day, but both give a time of day and the times tell.
    TimeOfDay,
    /// One document credits the other's outlet as its source.
    Credit,
    /// The shorter text lies nearly whole inside the longer, which added to it.
    Containment,
    /// Nothing decided it.
    Undecided(Undecided),
}

/// What each kind of evidence found when none decided the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Undecided {
    /// What the publication dates and times say.
    pub when: SameWhen,
    /// What the credits say.
    pub credit: CreditFound,
    /// What the shared passages say; `None` when the credits settled that neither copied the
    /// other (both credit one source), so the texts were not weighed.
    pub texts: Option<TextsFound>,
}

/// Why the dates did not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SameWhen {
    /// `same day`: both dates are known and equal, and no time of day tells them apart.
    SameDay,
    /// `same time`: both give a time of day and the times are equal (or too close to order
    /// across time zones).
    SameTime,
    /// `no date`: at least one of the two has no publication date.
    NoDate,
}

/// Why the credits did not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CreditFound {
    /// `no credit`: neither credits the other's outlet, and they credit no source in common.
    None,
    /// `same outlet`: both come from one outlet, so a credit cannot point from one to the
    /// other.
    SameOutlet,
    /// `both credit one source`: both credit the same agency or outlet, so both copied it and
    /// neither need have copied the other.
    CommonSource,
    /// `each credits the other`: the credits contradict each other.
    Mutual,
}

/// Why the shared passages did not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextsFound {
    /// `near-identical texts`: the passages cover nearly all of both, so neither added to
    /// the other.
    NearIdentical,
    /// `each adds text`: the shorter text, too, has much that the longer lacks, so neither
    /// lies inside the other.
    EachAdds,
}

impl SameWhen {
    fn as_str(self) -> &'static str {
        match self {
            SameWhen::SameDay => "same day",
            SameWhen::SameTime => "same time",
            SameWhen::NoDate => "no date",
        }
    }
}

impl CreditFound {
    fn as_str(self) -> &'static str {
        match self {
            CreditFound::None => "no credit",
            CreditFound::SameOutlet => "same outlet",
            CreditFound::CommonSource => "both credit one source",
            CreditFound::Mutual => "each credits the other",
        }
    }
}

impl TextsFound {
    fn as_str(self) -> &'static str {
        match self {
            TextsFound::NearIdentical => "near-identical texts",
            TextsFound::EachAdds => "each adds text",
        }
    }
}

const UNDECIDED: &str = "undecided: ";

impl DirectionReason {
    /// Whether the reason decided a direction.
    pub fn is_decided(&self) -> bool {
        !matches!(self, DirectionReason::Undecided(_))
    }

    /// The kind of reason without its detail: `published`, `time_of_day`, `credit`,
    /// `containment` or `undecided`, for counting.
    pub fn kind(&self) -> &'static str {
        match self {
            DirectionReason::Published => "published",
            DirectionReason::TimeOfDay => "time_of_day",
            DirectionReason::Credit => "credit",
            DirectionReason::Containment => "containment",
            DirectionReason::Undecided(_) => "undecided",
        }
    }
}

impl fmt::Display for DirectionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let DirectionReason::Undecided(u) = self else {
            return f.write_str(self.kind());
        };
        write!(f, "{UNDECIDED}{}, {}", u.when.as_str(), u.credit.as_str())?;
        if let Some(t) = u.texts {
            write!(f, ", {}", t.as_str())?;
        }
        Ok(())
    }
}

impl FromStr for DirectionReason {
    type Err = ParseDirectionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseDirectionError::new("direction reason", s);
        match s {
            "published" => return Ok(DirectionReason::Published),
            "time_of_day" => return Ok(DirectionReason::TimeOfDay),
            "credit" => return Ok(DirectionReason::Credit),
            "containment" => return Ok(DirectionReason::Containment),
            _ => {}
        }
        let rest = s.strip_prefix(UNDECIDED).ok_or_else(bad)?;
        let mut parts = rest.split(", ");
        let mut next = || parts.next().ok_or_else(bad);
        let when_part = next()?;
        let when = [SameWhen::SameDay, SameWhen::SameTime, SameWhen::NoDate]
            .into_iter()
            .find(|w| w.as_str() == when_part)
            .ok_or_else(bad)?;
        let credit_part = next()?;
        let credit = [
            CreditFound::None,
            CreditFound::SameOutlet,
            CreditFound::CommonSource,
            CreditFound::Mutual,
        ]
        .into_iter()
        .find(|c| c.as_str() == credit_part)
        .ok_or_else(bad)?;
        let texts = match parts.next() {
            None => None,
            Some(t) => Some(
                [TextsFound::NearIdentical, TextsFound::EachAdds]
                    .into_iter()
                    .find(|x| x.as_str() == t)
                    .ok_or_else(bad)?,
            ),
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(DirectionReason::Undecided(Undecided {
            when,
            credit,
            texts,
        }))
    }
}

impl Serialize for DirectionReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DirectionReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direction_prints_and_parses_as_the_contract_spells_it() {
        for (d, s) in [
            (ReuseDirection::AToB, "a->b"),
            (ReuseDirection::BToA, "b->a"),
        ] {
            assert_eq!(d.to_string(), s);
            assert_eq!(s.parse::<ReuseDirection>(), Ok(d));
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{s}\""));
        }
        let none: Option<ReuseDirection> = None;
        assert_eq!(serde_json::to_string(&none).unwrap(), "null");
        let e = "a<-b".parse::<ReuseDirection>().unwrap_err();
        assert_eq!(e.to_string(), "`a<-b` is not a reuse direction");
    }

    #[test]
    fn every_reason_reads_back_from_what_it_prints() {
        let undecided = |when, credit, texts| {
            DirectionReason::Undecided(Undecided {
                when,
                credit,
                texts,
            })
        };
        for (reason, text) in [
            (DirectionReason::Published, "published"),
            (DirectionReason::TimeOfDay, "time_of_day"),
            (DirectionReason::Credit, "credit"),
            (DirectionReason::Containment, "containment"),
            (
                undecided(
                    SameWhen::SameDay,
                    CreditFound::None,
                    Some(TextsFound::EachAdds),
                ),
                "undecided: same day, no credit, each adds text",
            ),
            (
                undecided(SameWhen::NoDate, CreditFound::CommonSource, None),
                "undecided: no date, both credit one source",
            ),
            (
                undecided(
                    SameWhen::SameTime,
                    CreditFound::Mutual,
                    Some(TextsFound::NearIdentical),
                ),
                "undecided: same time, each credits the other, near-identical texts",
            ),
        ] {
            assert_eq!(reason.to_string(), text);
            assert_eq!(text.parse::<DirectionReason>(), Ok(reason));
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(
                serde_json::from_str::<DirectionReason>(&json).unwrap(),
                reason
            );
        }
    }

    #[test]
    fn malformed_reasons_are_errors() {
        for s in [
            "",
            "undecided",
            "undecided: same day",
            "undecided: same week, no credit",
            "undecided: same day, no credit, each adds text, more",
            "Published",
        ] {
            assert!(s.parse::<DirectionReason>().is_err(), "{s:?} parsed");
        }
    }
}
