//! Member-facing names and one-line hints of the dispute reasons.

use casap_api::DisputeReason as R;

use super::{Base, Locale};

/// `(name, hint)` of a reason in `locale`.
pub fn reason_text(locale: Locale, reason: R) -> (&'static str, &'static str) {
    match locale.base() {
        Base::En => en(reason),
        Base::Es => super::pack::reason(Locale::Es, reason).unwrap_or_else(|| en(reason)),
    }
}

fn en(r: R) -> (&'static str, &'static str) {
    match r {
        R::Unauth => (
            "I didn't make this transaction",
            "Someone used your card or account without your permission.",
        ),
        R::AtmCashNotDispensed => (
            "The ATM didn't give me my cash",
            "Your account was charged but no cash came out.",
        ),
        R::AtmPartialCash => (
            "The ATM gave me only part of my cash",
            "You received less than the amount charged.",
        ),
        R::AtmCashNotDeposited => (
            "My ATM deposit wasn't credited correctly",
            "Cash or checks you deposited are missing or short.",
        ),
        R::MerchantNotReceived => (
            "I didn't receive what I paid for",
            "The goods never arrived or the service wasn't provided.",
        ),
        R::MerchantNotAsDescribed => (
            "It wasn't as described or was damaged",
            "What you received was defective, different or counterfeit.",
        ),
        R::MerchantReturned => (
            "I returned it but wasn't refunded",
            "You sent the item back and the merchant kept the money.",
        ),
        R::MerchantCanceledSubscription => (
            "I was charged after I canceled",
            "A subscription or recurring payment continued after cancellation.",
        ),
        R::MerchantRefundNotReceived => (
            "I was promised a refund that never came",
            "The merchant agreed to refund you but hasn't.",
        ),
        R::MerchantIncorrectAmount => (
            "I was charged the wrong amount",
            "The amount differs from what you agreed to pay.",
        ),
        R::MerchantDuplicateCharge => (
            "I was charged twice",
            "The same purchase appears more than once.",
        ),
        R::MerchantPaidByOtherMeans => (
            "I already paid another way",
            "You paid with cash, a check or another card.",
        ),
        R::TransferNotReceived => (
            "The money never arrived",
            "The recipient didn't receive the payment or transfer.",
        ),
        R::TransferIncorrectRecipient => (
            "It went to the wrong person",
            "The money was sent to someone you didn't intend.",
        ),
        R::TransferIncorrectAmount => (
            "The amount was wrong",
            "More or less money moved than you intended.",
        ),
        R::TransferDuplicateCharge => (
            "It went through twice",
            "The same payment or transfer was made more than once.",
        ),
        R::TransferFailedCancellation => (
            "I canceled it but it still went through",
            "A payment you stopped or canceled was made anyway.",
        ),
        _ => ("Other problem", "Something else went wrong."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fileable_reason_has_distinct_wording_in_both_languages() {
        super::super::pack::install(super::super::pack::spanish_for_tests()).unwrap();
        for r in R::ALL.iter().filter(|r| r.is_fileable()) {
            let (en_name, en_hint) = reason_text(Locale::En, *r);
            let (es_name, es_hint) = reason_text(Locale::Es, *r);
            assert_ne!(en_name, "Other problem", "{r:?} has no wording");
            assert_ne!(en_name, es_name, "{r:?}");
            assert_ne!(en_hint, es_hint, "{r:?}");
        }
    }
}
