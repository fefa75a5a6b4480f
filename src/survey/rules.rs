//! Dates and the rules members are shown (QUESTIONNAIRE.md section 5): the lost-or-stolen
//! liability tier under Reg E, and Reg Z's cap for credit cards. Calendar arithmetic on
//! `YYYY-MM-DD` strings, no time zones: the caller supplies the member's today.

use casap_api::TransactionType;

use super::Answers;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of `days_from_civil`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DD` with a real month and day, from 1900 on.
pub fn is_iso_date(s: &str) -> bool {
    day_number(s).is_some()
}

/// The day number of a `YYYY-MM-DD` date.
pub fn day_number(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: core::ops::Range<usize>| {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse::<i64>().ok())
            .flatten()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if y < 1900 || !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let n = days_from_civil(y, m, d);
    // Day 31 of a 30-day month rolls over: reject it.
    (civil_from_days(n) == (y, m, d)).then_some(n)
}

/// `YYYY-MM-DD` and `HH:MM:SSZ` of Unix milliseconds, in UTC.
pub fn iso_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The day `n` business days (Monday to Friday; holidays not counted out) after `from`.
pub fn add_business_days(from: i64, n: i64) -> i64 {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day += 1;
        if (day + 3).rem_euclid(7) < 5 {
            left -= 1;
        }
    }
    day
}

/// What the member may owe for unauthorized use of a lost or stolen card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liability {
    /// Reg E, reported within 2 business days of learning of the loss: at most $50.
    Within2BusinessDays,
    /// Reg E, reported later: up to $500.
    After2BusinessDays,
    /// Reg Z (credit card): at most $50.
    CreditCard,
}

/// The tier that applies from `card_status` and `date_learned_lost`, reporting today.
pub fn liability(answers: &Answers, today: &str, types: &[TransactionType]) -> Option<Liability> {
    let status = answers.get("card_status")?;
    if status != "lost" && status != "stolen" {
        return None;
    }
    let learned = day_number(answers.get("date_learned_lost")?)?;
    let today = day_number(today)?;
    if learned > today {
        return None;
    }
    if !types.is_empty() && !super::reg_e(types) {
        return Some(Liability::CreditCard);
    }
    // Notice is timely through the second business day after learning of the loss.
    Some(if today <= add_business_days(learned, 2) {
        Liability::Within2BusinessDays
    } else {
        Liability::After2BusinessDays
    })
}
