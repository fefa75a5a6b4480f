//! Money as members type it: `12`, `12.5`, `1,234.56`, `1.234,56`, `$ 20`.

/// Parses an amount into whole cents; `None` when it is not a non-negative amount with at most
/// two decimals.
pub fn parse_cents(input: &str) -> Option<i64> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$')
        .collect();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    // The last separator followed by one or two digits is the decimal point; every other
    // separator groups thousands.
    let last_sep = s.rfind(['.', ',']);
    let (whole, frac) = match last_sep.map(|i| (i, s.len() - i - 1)) {
        Some((i, 1..=2)) => (&s[..i], &s[i + 1..]),
        Some((_, 0)) => return None,
        _ => (s.as_str(), ""),
    };
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let units: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    units.checked_mul(100)?.checked_add(cents)
}

/// Cents as a plain decimal for an input field: `1234` → `12.34`.
pub fn format_cents_plain(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}
