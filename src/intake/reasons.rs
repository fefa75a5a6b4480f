//! Which transactions can be disputed at all, and which look like a duplicate charge. Which
//! reasons fit which types is the catalog's (`survey::Catalog::reasons_for`).

use crate::sorted::Set;

use casap_api::{TransactionDetail, TransactionStatus};

/// Whether a transaction can be selected, and why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eligibility {
    Eligible,
    /// Older than 60 days: selectable, with a warning (late claims are never blocked).
    Late,
    /// Not settled yet: it may still change or drop off.
    Pending,
    /// Already part of an open dispute.
    AlreadyDisputed,
}

impl Eligibility {
    pub const fn selectable(self) -> bool {
        matches!(self, Self::Eligible | Self::Late)
    }
}

/// The 60-day notice window of Reg E and Reg Z, counted here from the transaction's date.
pub const WINDOW_MS: i64 = 60 * 86_400_000;

/// When a transaction happened, in Unix ms (settled, else authorized; 0 when unknown).
pub fn when_ms(t: &TransactionDetail) -> i64 {
    let when = if t.settled_timestamp != 0 {
        t.settled_timestamp
    } else {
        t.authorized_timestamp
    };
    casap_api::timestamp_millis(when)
}

/// How close two charges must be to look like one purchase charged twice.
pub const DUPLICATE_WINDOW_MS: i64 = 3 * 86_400_000;

/// A selected transaction that looks like a duplicate charge, and its likely original: another
/// of the member's transactions with the same merchant, amount and currency, within three
/// days. The original is the earlier of the two.
pub fn duplicate_twin<'a>(
    selected: &[&'a TransactionDetail],
    all: &'a [TransactionDetail],
) -> Option<(&'a TransactionDetail, &'a TransactionDetail)> {
    let same = |a: &TransactionDetail, b: &TransactionDetail| {
        a.uuid != b.uuid
            && a.merchant.trim().eq_ignore_ascii_case(b.merchant.trim())
            && a.amount.amount_in_cents == b.amount.amount_in_cents
            && a.amount.currency == b.amount.currency
            && a.status != TransactionStatus::Pending
            && b.status != TransactionStatus::Pending
            && (when_ms(a) - when_ms(b)).abs() <= DUPLICATE_WINDOW_MS
    };
    selected.iter().find_map(|s| {
        all.iter().find(|t| same(s, t)).map(|t| {
            if when_ms(t) <= when_ms(s) {
                (*s, t)
            } else {
                (t, *s)
            }
        })
    })
}

/// The eligibility of `t` at `now_ms`, given the uuids already in open disputes.
pub fn eligibility(t: &TransactionDetail, now_ms: i64, disputed: &Set<String>) -> Eligibility {
    if disputed.contains(&t.uuid) {
        Eligibility::AlreadyDisputed
    } else if t.status == TransactionStatus::Pending {
        Eligibility::Pending
    } else {
        let when = when_ms(t);
        if when != 0 && now_ms - when > WINDOW_MS {
            Eligibility::Late
        } else {
            Eligibility::Eligible
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eligibility_of_pending_late_and_disputed() {
        let now = 1_800_000_000_000;
        let day = 86_400_000;
        let t = |uuid: &str, status, settled| TransactionDetail {
            uuid: uuid.into(),
            status,
            settled_timestamp: settled,
            ..TransactionDetail::default()
        };
        let disputed: Set<String> = ["d".to_owned()].into();
        let check =
            |txn: TransactionDetail, want| assert_eq!(eligibility(&txn, now, &disputed), want);
        check(
            t("a", TransactionStatus::Settled, now - day),
            Eligibility::Eligible,
        );
        check(
            t("b", TransactionStatus::Settled, now - 61 * day),
            Eligibility::Late,
        );
        check(t("c", TransactionStatus::Pending, 0), Eligibility::Pending);
        check(
            t("d", TransactionStatus::Settled, now - day),
            Eligibility::AlreadyDisputed,
        );
        assert!(Eligibility::Late.selectable());
        assert!(!Eligibility::Pending.selectable());
    }

    #[test]
    fn a_repeated_charge_within_three_days_is_a_duplicate() {
        let day = 86_400_000;
        let t = |uuid: &str, merchant: &str, cents: i64, at: i64| TransactionDetail {
            uuid: uuid.into(),
            merchant: merchant.into(),
            amount: casap_api::Amount {
                amount_in_cents: cents,
                currency: "USD".into(),
            },
            status: TransactionStatus::Settled,
            settled_timestamp: 1_790_000_000_000 + at,
            ..TransactionDetail::default()
        };
        let all = vec![
            t("first", "StreamFlix", 1599, 10 * day),
            t("again", "streamflix ", 1599, 11 * day),
            t("later", "StreamFlix", 1599, 20 * day),
            t("other", "StreamFlix", 1600, 11 * day),
        ];
        let (dup, original) = duplicate_twin(&[&all[1]], &all).unwrap();
        assert_eq!(
            (dup.uuid.as_str(), original.uuid.as_str()),
            ("again", "first")
        );
        // Picking the original finds the repeat, and still names the earlier as original.
        let (dup, original) = duplicate_twin(&[&all[0]], &all).unwrap();
        assert_eq!(
            (dup.uuid.as_str(), original.uuid.as_str()),
            ("again", "first")
        );
        assert!(duplicate_twin(&[&all[2]], &all).is_none(), "9 days apart");
        assert!(duplicate_twin(&[&all[3]], &all).is_none(), "another amount");
    }
}
