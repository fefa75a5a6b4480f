//! The API's enumerations, decoded tolerantly.
//!
//! Every enum has an `Unknown` zero value. A wire value this build does not know (a new status
//! Casap adds tomorrow, a typo, a proto number) decodes as `Unknown` instead of failing the whole
//! response, so that the widget can still show everything else.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident, unknown = $unknown:literal {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            /// The zero value, and every value this build does not know.
            #[default]
            Unknown,
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every known value, in proto order (without `Unknown`).
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The wire spelling.
            pub const fn as_wire(self) -> &'static str {
                match self {
                    $name::Unknown => $unknown,
                    $($name::$variant => $wire,)*
                }
            }

            /// Decodes a wire spelling; anything unknown is `Unknown`.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    _ => $name::Unknown,
                }
            }

            /// Decodes a proto enum number (grpc-gateway's `EnumsAsInts`); unknown is `Unknown`.
            pub fn from_number(n: u64) -> Self {
                usize::try_from(n)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| Self::ALL.get(i).copied())
                    .unwrap_or($name::Unknown)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_wire())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(EnumVisitor(Self::from_wire, Self::from_number, PhantomData))
            }
        }
    };
}

/// Shared visitor: a string or a number decodes, anything else is a type error.
struct EnumVisitor<T>(fn(&str) -> T, fn(u64) -> T, PhantomData<T>);

impl<'de, T: Default> Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an enum value name or number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok((self.1)(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok(u64::try_from(v).map(self.1).unwrap_or_default())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if v.fract() == 0.0 && (0.0..4_294_967_296.0).contains(&v) {
            Ok((self.1)(v as u64))
        } else {
            Ok(T::default())
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
}

wire_enum! {
    /// Whether a transaction has settled.
    TransactionStatus, unknown = "TRANSACTION_STATUS_UNKNOWN" {
        Pending = "TRANSACTION_STATUS_PENDING",
        Settled = "TRANSACTION_STATUS_SETTLED",
    }
}

wire_enum! {
    /// The kind of money movement; decides which dispute reasons apply.
    TransactionType, unknown = "TRANSACTION_TYPE_UNKNOWN" {
        DebitCard = "TRANSACTION_TYPE_DEBIT_CARD",
        CreditCard = "TRANSACTION_TYPE_CREDIT_CARD",
        Atm = "TRANSACTION_TYPE_ATM",
        Ach = "TRANSACTION_TYPE_ACH",
        Transfer = "TRANSACTION_TYPE_TRANSFER",
        CreditAtm = "TRANSACTION_TYPE_CREDIT_ATM",
        CreditAch = "TRANSACTION_TYPE_CREDIT_ACH",
        CreditTransfer = "TRANSACTION_TYPE_CREDIT_TRANSFER",
    }
}

wire_enum! {
    /// The card network that carried a card transaction.
    TransactionNetwork, unknown = "TRANSACTION_NETWORK_UNKNOWN" {
        Visa = "TRANSACTION_NETWORK_VISA",
        Mastercard = "TRANSACTION_NETWORK_MASTERCARD",
        Amex = "TRANSACTION_NETWORK_AMEX",
    }
}

wire_enum! {
    /// Physical or virtual card.
    CardType, unknown = "CARD_TYPE_UNKNOWN" {
        Physical = "CARD_TYPE_PHYSICAL",
        Virtual = "CARD_TYPE_VIRTUAL",
    }
}

wire_enum! {
    /// Why the member disputes. The four parents and `Unknown` are deprecated: never offered.
    DisputeReason, unknown = "DISPUTE_REASON_UNKNOWN" {
        Unauth = "DISPUTE_REASON_UNAUTH",
        /// Deprecated parent.
        MerchantIssue = "DISPUTE_REASON_MERCHANT_ISSUE",
        /// Deprecated parent.
        AtmIssue = "DISPUTE_REASON_ATM_ISSUE",
        /// Deprecated parent.
        AchIssue = "DISPUTE_REASON_ACH_ISSUE",
        /// Deprecated parent.
        TransferIssue = "DISPUTE_REASON_TRANSFER_ISSUE",
        AtmCashNotDispensed = "DISPUTE_REASON_ATM_ISSUE_CASH_NOT_DISPENSED",
        MerchantNotReceived = "DISPUTE_REASON_MERCHANT_ISSUE_GOODS_OR_SERVICES_NOT_RECEIVED",
        MerchantNotAsDescribed = "DISPUTE_REASON_MERCHANT_ISSUE_GOODS_OR_SERVICES_NOT_AS_DESCRIBED",
        MerchantReturned = "DISPUTE_REASON_MERCHANT_ISSUE_RETURNED",
        MerchantCanceledSubscription = "DISPUTE_REASON_MERCHANT_ISSUE_CANCELED_SUBSCRIPTION",
        MerchantRefundNotReceived = "DISPUTE_REASON_MERCHANT_ISSUE_REFUND_NOT_RECEIVED",
        MerchantIncorrectAmount = "DISPUTE_REASON_MERCHANT_ISSUE_CHARGED_INCORRECT_AMOUNT",
        MerchantPaidByOtherMeans = "DISPUTE_REASON_MERCHANT_ISSUE_PAID_BY_OTHER_MEANS",
        TransferNotReceived = "DISPUTE_REASON_TRANSFER_ISSUE_NOT_RECEIVED",
        TransferIncorrectRecipient = "DISPUTE_REASON_TRANSFER_ISSUE_INCORRECT_RECIPIENT",
        TransferIncorrectAmount = "DISPUTE_REASON_TRANSFER_ISSUE_INCORRECT_AMOUNT",
        TransferDuplicateCharge = "DISPUTE_REASON_TRANSFER_ISSUE_DUPLICATE_CHARGE",
        AtmPartialCash = "DISPUTE_REASON_ATM_ISSUE_PARTIAL_CASH",
        MerchantDuplicateCharge = "DISPUTE_REASON_MERCHANT_ISSUE_DUPLICATE_CHARGE",
        AtmCashNotDeposited = "DISPUTE_REASON_ATM_ISSUE_CASH_NOT_DEPOSITED",
        TransferFailedCancellation = "DISPUTE_REASON_TRANSFER_ISSUE_FAILED_CANCELLATION",
    }
}

impl DisputeReason {
    /// Whether the reason may be filed today (not `Unknown`, not a deprecated parent).
    pub const fn is_fileable(self) -> bool {
        !matches!(
            self,
            Self::Unknown
                | Self::MerchantIssue
                | Self::AtmIssue
                | Self::AchIssue
                | Self::TransferIssue
        )
    }
}

wire_enum! {
    /// Overall state of a dispute.
    DisputeStatus, unknown = "DISPUTE_STATUS_UNKNOWN" {
        Open = "DISPUTE_STATUS_OPEN",
        Closed = "DISPUTE_STATUS_CLOSED",
    }
}

wire_enum! {
    /// Where one disputed transaction is in the investigation.
    DisputedTransactionStatus, unknown = "DISPUTED_TRANSACTION_STATUS_UNKNOWN" {
        Open = "DISPUTED_TRANSACTION_STATUS_OPEN",
        Investigating = "DISPUTED_TRANSACTION_STATUS_INVESTIGATING",
        Chargeback = "DISPUTED_TRANSACTION_STATUS_CHARGEBACK",
        FinalDecision = "DISPUTED_TRANSACTION_STATUS_FINAL_DECISION",
        Closed = "DISPUTED_TRANSACTION_STATUS_CLOSED",
    }
}

wire_enum! {
    /// The outcome recorded for a disputed transaction.
    FinalDecisionType, unknown = "RECORD_FINAL_DECISION_TYPE_UNKNOWN" {
        Accepted = "RECORD_FINAL_DECISION_TYPE_ACCEPTED",
        Denied = "RECORD_FINAL_DECISION_TYPE_DENIED",
        Canceled = "RECORD_FINAL_DECISION_TYPE_CANCELED",
    }
}

wire_enum! {
    /// Events of a dispute's audit log.
    DisputeEventType, unknown = "DISPUTE_EVENT_TYPE_UNKNOWN" {
        Create = "DISPUTE_EVENT_TYPE_CREATE",
        AssignAgent = "DISPUTE_EVENT_TYPE_ASSIGN_AGENT",
        AddComment = "DISPUTE_EVENT_TYPE_ADD_COMMENT",
        UnassignAgent = "DISPUTE_EVENT_TYPE_UNASSIGN_AGENT",
        UploadPanToken = "DISPUTE_EVENT_TYPE_UPLOAD_PAN_TOKEN",
        UpdatePriority = "DISPUTE_EVENT_TYPE_UPDATE_PRIORITY",
        Reopen = "DISPUTE_EVENT_TYPE_REOPEN",
        ReplaceCard = "DISPUTE_EVENT_TYPE_REPLACE_CARD",
        UploadWsud = "DISPUTE_EVENT_TYPE_UPLOAD_WSUD",
        RecordOdfiResponse = "DISPUTE_EVENT_TYPE_RECORD_ODFI_RESPONSE",
        UpdateDisputeReason = "DISPUTE_EVENT_TYPE_UPDATE_DISPUTE_REASON",
        UploadFile = "DISPUTE_EVENT_TYPE_UPLOAD_FILE",
        Communication = "DISPUTE_EVENT_TYPE_COMMUNICATION",
        /// Not Casap's: `dispute-gateway` records that it sent the dispute to the credit
        /// union's back end (`reference` holds the back end's id once known).
        Forwarded = "DISPUTE_EVENT_TYPE_FORWARDED",
    }
}

wire_enum! {
    /// Events of a disputed transaction's audit log.
    TransactionEventType, unknown = "TRANSACTION_EVENT_TYPE_UNKNOWN" {
        IssueProvisionalCredit = "TRANSACTION_EVENT_TYPE_ISSUE_PROVISIONAL_CREDIT",
        StartChargeback = "TRANSACTION_EVENT_TYPE_START_CHARGEBACK",
        RecordRepresentment = "TRANSACTION_EVENT_TYPE_RECORD_REPRESENTMENT",
        ChallengeRepresentment = "TRANSACTION_EVENT_TYPE_CHALLENGE_REPRESENTMENT",
        FilePreArb = "TRANSACTION_EVENT_TYPE_FILE_PRE_ARB",
        RecordPreArbResponse = "TRANSACTION_EVENT_TYPE_RECORD_PRE_ARB_RESPONSE",
        ChallengePreArbResponse = "TRANSACTION_EVENT_TYPE_CHALLENGE_PRE_ARB_RESPONSE",
        FileArb = "TRANSACTION_EVENT_TYPE_FILE_ARB",
        RecordArbResponse = "TRANSACTION_EVENT_TYPE_RECORD_ARB_RESPONSE",
        CloseChargeback = "TRANSACTION_EVENT_TYPE_CLOSE_CHARGEBACK",
        RecordFinalDecision = "TRANSACTION_EVENT_TYPE_RECORD_FINAL_DECISION",
        ReverseProvisionalCredit = "TRANSACTION_EVENT_TYPE_REVERSE_PROVISIONAL_CREDIT",
        SubmitPcForm = "TRANSACTION_EVENT_TYPE_SUBMIT_PC_FORM",
        ApproveWsudReview = "TRANSACTION_EVENT_TYPE_APPROVE_WSUD_REVIEW",
        /// The API's own misspelling, kept as a distinct value.
        CloseChargbackMisspelled = "TRANSACTION_EVENT_TYPE_CLOSE_CHARGBACK",
        SubmitWsud = "TRANSACTION_EVENT_TYPE_SUBMIT_WSUD",
        UploadWsudFile = "TRANSACTION_EVENT_TYPE_UPLOAD_WSUD_FILE",
        RecordOdfiResponse = "TRANSACTION_EVENT_TYPE_RECORD_ODFI_RESPONSE",
        CheckChargeback = "TRANSACTION_EVENT_TYPE_CHECK_CHARGEBACK",
        SubmitFraudReport = "TRANSACTION_EVENT_TYPE_SUBMIT_FRAUD_REPORT",
    }
}

wire_enum! {
    /// Actions the back office took alongside an event.
    Action, unknown = "ACTION_NONE" {
        IssueProvisionalCredit = "ACTION_ISSUE_PROVISIONAL_CREDIT",
        IssueFinalCredit = "ACTION_ISSUE_FINAL_CREDIT",
        ReverseProvisionalCredit = "ACTION_REVERSE_PROVISIONAL_CREDIT",
        ReplaceCard = "ACTION_REPLACE_CARD",
    }
}
