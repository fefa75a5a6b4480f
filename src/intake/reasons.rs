//! Which dispute reasons fit which transactions (QUESTIONNAIRE.md section 4), and which
//! transactions can be disputed at all.

use std::collections::BTreeSet;

use casap_api::{DisputeReason as R, TransactionDetail, TransactionStatus, TransactionType as T};

/// Reasons a transaction type can be disputed for, in the order members see them.
pub fn reasons_for_type(kind: T) -> &'static [R] {
    const CARD: &[R] = &[
        R::Unauth,
        R::MerchantNotReceived,
        R::MerchantNotAsDescribed,
        R::MerchantReturned,
        R::MerchantRefundNotReceived,
        R::MerchantCanceledSubscription,
        R::MerchantIncorrectAmount,
        R::MerchantDuplicateCharge,
        R::MerchantPaidByOtherMeans,
    ];
    const ATM_WITHDRAWAL: &[R] = &[R::Unauth, R::AtmCashNotDispensed, R::AtmPartialCash];
    const ATM_DEPOSIT: &[R] = &[R::AtmCashNotDeposited];
    const ACH_DEBIT: &[R] = &[
        R::Unauth,
        R::MerchantCanceledSubscription,
        R::MerchantIncorrectAmount,
        R::MerchantDuplicateCharge,
        R::MerchantPaidByOtherMeans,
        R::TransferNotReceived,
        R::TransferIncorrectRecipient,
        R::TransferIncorrectAmount,
        R::TransferDuplicateCharge,
        R::TransferFailedCancellation,
    ];
    const TRANSFER_OUT: &[R] = &[
        R::Unauth,
        R::TransferNotReceived,
        R::TransferIncorrectRecipient,
        R::TransferIncorrectAmount,
        R::TransferDuplicateCharge,
        R::TransferFailedCancellation,
    ];
    const MONEY_IN: &[R] = &[
        R::TransferNotReceived,
        R::TransferIncorrectAmount,
        R::TransferDuplicateCharge,
    ];
    match kind {
        T::DebitCard | T::CreditCard => CARD,
        T::Atm => ATM_WITHDRAWAL,
        T::CreditAtm => ATM_DEPOSIT,
        T::Ach => ACH_DEBIT,
        T::Transfer => TRANSFER_OUT,
        T::CreditAch | T::CreditTransfer => MONEY_IN,
        T::Unknown => &[R::Unauth],
    }
}

/// Reasons that fit every one of `kinds`, in the order of the first type's list.
pub fn reasons_for(kinds: &[T]) -> Vec<R> {
    let Some((first, rest)) = kinds.split_first() else {
        return Vec::new();
    };
    reasons_for_type(*first)
        .iter()
        .copied()
        .filter(|r| rest.iter().all(|k| reasons_for_type(*k).contains(r)))
        .collect()
}

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

/// The eligibility of `t` at `now_ms`, given the uuids already in open disputes.
pub fn eligibility(t: &TransactionDetail, now_ms: i64, disputed: &BTreeSet<String>) -> Eligibility {
    if disputed.contains(&t.uuid) {
        Eligibility::AlreadyDisputed
    } else if t.status == TransactionStatus::Pending {
        Eligibility::Pending
    } else {
        let when = if t.settled_timestamp != 0 {
            t.settled_timestamp
        } else {
            t.authorized_timestamp
        };
        let when = casap_api::timestamp_millis(when);
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
    fn reasons_follow_the_table() {
        assert_eq!(
            reasons_for(&[T::Atm]),
            [R::Unauth, R::AtmCashNotDispensed, R::AtmPartialCash]
        );
        assert_eq!(reasons_for(&[T::CreditAtm]), [R::AtmCashNotDeposited]);
        assert!(reasons_for(&[T::DebitCard]).contains(&R::MerchantReturned));
        assert!(!reasons_for(&[T::Ach]).contains(&R::MerchantReturned));
        assert!(reasons_for(&[T::Ach]).contains(&R::TransferFailedCancellation));
        assert!(!reasons_for(&[T::DebitCard]).contains(&R::TransferNotReceived));
        assert!(reasons_for(&[]).is_empty());
    }

    #[test]
    fn mixed_selections_get_only_the_common_reasons() {
        assert_eq!(reasons_for(&[T::DebitCard, T::Atm]), [R::Unauth]);
        assert_eq!(
            reasons_for(&[T::DebitCard, T::CreditCard]),
            reasons_for(&[T::DebitCard])
        );
        assert!(reasons_for(&[T::CreditAtm, T::DebitCard]).is_empty());
    }

    #[test]
    fn no_deprecated_reason_is_ever_offered() {
        for kind in T::ALL.iter().chain([&T::Unknown]) {
            for r in reasons_for_type(*kind) {
                assert!(r.is_fileable(), "{kind:?} offers {r:?}");
            }
        }
    }

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
        let disputed: BTreeSet<String> = ["d".to_owned()].into();
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
}
