//! Dates and the rules members are shown (QUESTIONNAIRE.md section 5): the lost-or-stolen
//! liability tier under Reg E, and Reg Z's cap for credit cards. Calendar arithmetic on
//! `YYYY-MM-DD` strings, no time zones: the caller supplies the member's today.

use casap_api::TransactionType;

use super::Answers;

pub use casap_api::time::{day_number, iso_utc};

/// `YYYY-MM-DD` with a real month and day, from 1900 on.
pub fn is_iso_date(s: &str) -> bool {
    day_number(s).is_some()
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
