//! The tabular (arithmetical) Islamic calendar.
//!
//! jiff has no Hijri calendar, so this is the civil tabular calendar (30-year cycle with leap
//! years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29; epoch 16 July 622 Julian). Real months begin
//! with the sighting of the new moon, and Saudi Umm al-Qura dates differ from the tabular ones
//! by up to a day or two, so a converted day is approximate (±1-2 days); month and year values
//! are safe.

use jiff::civil::Date;

/// Julian day number of 1 Muharram 1 AH (civil epoch).
const EPOCH: i64 = 1_948_440;
/// Julian day number of 1970-01-01.
const UNIX_JDN: i64 = 2_440_588;

fn jdn_of(y: i64, m: i64, d: i64) -> i64 {
    d + (29 * (m - 1) + (m - 1 + 1) / 2) + (y - 1) * 354 + (3 + 11 * y).div_euclid(30) + EPOCH - 1
}

/// The Gregorian date of Hijri day `d` of month `m` (1-12) of year `y`, or `None` outside
/// the years news refers to (1-2000 AH) or for an impossible day.
pub(crate) fn to_gregorian(y: i64, m: i64, d: i64) -> Option<Date> {
    if !(1..=2000).contains(&y) || !(1..=12).contains(&m) || !(1..=30).contains(&d) {
        return None;
    }
    let days = jdn_of(y, m, d) - UNIX_JDN;
    Date::new(1970, 1, 1)
        .ok()?
        .checked_add(jiff::Span::new().days(days))
        .ok()
}

/// The Hijri (year, month, day) of a Gregorian date.
pub(crate) fn from_gregorian(date: Date) -> Option<(i64, i64, i64)> {
    let epoch = Date::new(1970, 1, 1).ok()?;
    let days = i64::from(date.since((jiff::Unit::Day, epoch)).ok()?.get_days());
    let jdn = days + UNIX_JDN;
    let y = (30 * (jdn - EPOCH) + 10646).div_euclid(10631);
    let mut m = 12;
    while m > 1 && jdn < jdn_of(y, m, 1) {
        m -= 1;
    }
    Some((y, m, jdn - jdn_of(y, m, 1) + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramadan_1439_began_in_mid_may_2018() {
        // Observed start: 16-17 May 2018; the tabular calendar is within a day of it.
        let d = to_gregorian(1439, 9, 1).unwrap();
        assert_eq!((d.year(), d.month()), (2018, 5));
        assert!((15..=17).contains(&d.day()), "{d}");
        assert_eq!(from_gregorian(d), Some((1439, 9, 1)));
    }

    #[test]
    fn round_trips() {
        for (y, m, d) in [(1400, 1, 1), (1445, 3, 24), (1446, 12, 29), (1430, 6, 15)] {
            assert_eq!(
                from_gregorian(to_gregorian(y, m, d).unwrap()),
                Some((y, m, d))
            );
        }
    }
}
