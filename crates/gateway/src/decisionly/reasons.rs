//! Casap's reasons as Decisionly's (`docs/QUESTIONNAIRE.md` section 6), one row per reason.
//! Decisionly takes card disputes only: transfer and ACH reasons, ATM deposits, and any
//! transaction that is not a card purchase or an ATM withdrawal are held for staff with the
//! reason written, never sent as something they are not.

use casap_api::{DisputeReason, TransactionType};

/// Where a Casap reason goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// This Decisionly reason.
    Reason(&'static str),
    /// Not a card dispute: held for staff, with why.
    NotCard(&'static str),
}

/// The Decisionly reason of `reason`; `counterfeit` is the member's answer that the item is
/// counterfeit (a "not as described" dispute then goes as `product_counterfeit`).
pub fn route(reason: DisputeReason, counterfeit: bool) -> Route {
    use DisputeReason as R;
    use Route::{NotCard, Reason};
    match reason {
        R::Unauth => Reason("fraud"),
        R::AtmCashNotDispensed | R::AtmPartialCash => Reason("cash_not_received"),
        R::AtmCashNotDeposited => NotCard("an ATM deposit is not a card transaction"),
        R::MerchantNotReceived => Reason("product_not_received"),
        R::MerchantNotAsDescribed if counterfeit => Reason("product_counterfeit"),
        R::MerchantNotAsDescribed => Reason("product_not_as_described"),
        R::MerchantReturned => Reason("canceled_or_returned"),
        R::MerchantCanceledSubscription => Reason("subscription_canceled"),
        R::MerchantRefundNotReceived => Reason("credit_not_processed"),
        R::MerchantIncorrectAmount => Reason("incorrect_amount"),
        R::MerchantPaidByOtherMeans | R::MerchantDuplicateCharge => Reason("duplicate_charge"),
        R::TransferNotReceived
        | R::TransferIncorrectRecipient
        | R::TransferIncorrectAmount
        | R::TransferDuplicateCharge
        | R::TransferFailedCancellation => {
            NotCard("a transfer dispute; Decisionly takes card disputes only")
        }
        _ => NotCard("not a reason that can be filed"),
    }
}

/// Why a transaction of `kind` cannot be a Decisionly case, if it cannot.
pub fn card_only(kind: TransactionType) -> Option<&'static str> {
    match kind {
        TransactionType::DebitCard | TransactionType::CreditCard | TransactionType::Atm => None,
        TransactionType::Ach | TransactionType::CreditAch => {
            Some("an ACH debit is not a card transaction")
        }
        TransactionType::Transfer | TransactionType::CreditTransfer => {
            Some("a transfer is not a card transaction")
        }
        TransactionType::CreditAtm => Some("an ATM deposit is not a card transaction"),
        TransactionType::Unknown => Some("the transaction's type is unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DisputeReason as R;

    /// One row per reason, as QUESTIONNAIRE.md section 6 says.
    const TABLE: &[(DisputeReason, Option<&str>)] = &[
        (R::Unauth, Some("fraud")),
        (R::AtmCashNotDispensed, Some("cash_not_received")),
        (R::AtmPartialCash, Some("cash_not_received")),
        (R::AtmCashNotDeposited, None),
        (R::MerchantNotReceived, Some("product_not_received")),
        (R::MerchantNotAsDescribed, Some("product_not_as_described")),
        (R::MerchantReturned, Some("canceled_or_returned")),
        (
            R::MerchantCanceledSubscription,
            Some("subscription_canceled"),
        ),
        (R::MerchantRefundNotReceived, Some("credit_not_processed")),
        (R::MerchantIncorrectAmount, Some("incorrect_amount")),
        (R::MerchantPaidByOtherMeans, Some("duplicate_charge")),
        (R::MerchantDuplicateCharge, Some("duplicate_charge")),
        (R::TransferNotReceived, None),
        (R::TransferIncorrectRecipient, None),
        (R::TransferIncorrectAmount, None),
        (R::TransferDuplicateCharge, None),
        (R::TransferFailedCancellation, None),
    ];

    #[test]
    fn every_fileable_reason_has_a_row_and_goes_where_the_table_says() {
        assert_eq!(TABLE.len(), 17);
        for (reason, expected) in TABLE {
            assert!(reason.is_fileable(), "{reason:?}");
            match (route(*reason, false), expected) {
                (Route::Reason(r), Some(e)) => {
                    assert_eq!(r, *e, "{reason:?}");
                    assert!(decisionly_api::REASONS.contains(&r), "{r} is Decisionly's");
                }
                (Route::NotCard(why), None) => assert!(!why.is_empty()),
                (got, _) => panic!("{reason:?} went to {got:?}"),
            }
        }
    }

    #[test]
    fn counterfeit_goods_are_their_own_reason() {
        assert_eq!(
            route(R::MerchantNotAsDescribed, true),
            Route::Reason("product_counterfeit")
        );
        assert_eq!(
            route(R::MerchantNotReceived, true),
            Route::Reason("product_not_received")
        );
    }

    #[test]
    fn only_card_transactions_are_cases() {
        assert_eq!(card_only(TransactionType::DebitCard), None);
        assert_eq!(card_only(TransactionType::Atm), None);
        for kind in [
            TransactionType::Ach,
            TransactionType::Transfer,
            TransactionType::CreditAtm,
            TransactionType::CreditTransfer,
        ] {
            assert!(card_only(kind).is_some(), "{kind:?}");
        }
    }
}
