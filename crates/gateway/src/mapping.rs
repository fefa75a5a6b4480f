//! A dispute filed by a member, as Casap's server API takes it (`POST /api/dispute`,
//! `docs/seeds/001_casap_server_api.txt`). Pure: no I/O, tested natively.
//!
//! - Amounts in cents (`transactedAmount` the authorised amount, `settledAmount` the settled
//!   one, or the authorised one when there is none); the back end has no currency field, so
//!   anything but USD is held.
//! - `transactionTimestamp` in epoch seconds (the member API's are milliseconds or seconds:
//!   `docs/API.md`, "Tolerant decoding"); the settled time, else the authorised one.
//! - `network` 1 Visa, 2 Mastercard, 3 Amex; `transactionType` 1 debit card, 2 credit card,
//!   3 ACH, 4 ATM.
//! - `thirdPartyTicketID` the case number (every resend carries it: duplicates are matchable),
//!   `thirdPartyTicketUrl` the staff page of the case.
//! - `notes.comment`: the reason, every answer as asked (the signed attestation among them),
//!   and where the evidence is; `notes.fileUrls`: the signed link to the case's documents,
//!   where documents uploaded later appear too.
//!
//! What cannot be said in the back end's terms (a transfer has no `transactionType`, an ACH
//! debit no `network`, a missing email) is [`Unmappable`]: held for staff with the reason,
//! never dropped and never sent wrong.

use casap_api::server::{
    NETWORK_AMEX, NETWORK_MASTERCARD, NETWORK_VISA, ServerCustomer, ServerDisputeRequest,
    ServerDisputeV1, ServerNotes, ServerTransaction, TYPE_ACH, TYPE_ATM, TYPE_CREDIT, TYPE_DEBIT,
};
use casap_api::{
    CreateDisputeRequest, DisputeReason, TransactionDetail, TransactionNetwork, TransactionType,
};

/// What the mapping needs beside the dispute.
pub struct Target<'a> {
    /// `orgUUID` at the back end.
    pub org_uuid: &'a str,
    /// The notes' author (the Casap user the gateway files as).
    pub author: &'a str,
    /// The staff page of the case.
    pub case_url: &'a str,
    /// The signed link to the case's documents.
    pub evidence_url: &'a str,
}

/// The dispute as stored at the gateway.
pub struct Source<'a> {
    pub short_id: &'a str,
    pub request: &'a CreateDisputeRequest,
    /// When the gateway received it (Unix milliseconds).
    pub received_ms: i64,
}

/// Why a dispute cannot be sent to this back end: shown to staff as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmappable(pub String);

/// The `/api/dispute` body for `src`.
pub fn to_casap_server(
    src: &Source<'_>,
    to: &Target<'_>,
) -> Result<ServerDisputeRequest, Unmappable> {
    let req = src.request;
    let customer = &req.customer;
    for (field, value) in [
        ("name", &customer.name),
        ("email", &customer.email),
        ("accountId", &customer.account_uuid),
    ] {
        if value.trim().is_empty() {
            return Err(Unmappable(format!(
                "customerInfo.{field} is required by Casap's server API and the online-banking \
                 page did not give the member's {field}"
            )));
        }
    }
    let transaction_details = req
        .transaction_details
        .iter()
        .enumerate()
        .map(|(i, t)| transaction(i, t, src.short_id, to.case_url))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ServerDisputeRequest {
        version: 1,
        v1: ServerDisputeV1 {
            org_uuid: to.org_uuid.to_owned(),
            transaction_details,
            customer_info: ServerCustomer {
                name: customer.name.clone(),
                email: customer.email.clone(),
                account_id: customer.account_uuid.clone(),
                risk: None,
            },
            notes: Some(ServerNotes {
                comment: comment(src, to),
                author: to.author.to_owned(),
                timestamp: src.received_ms.div_euclid(1000),
                file_urls: vec![to.evidence_url.to_owned()],
            }),
        },
    })
}

fn transaction(
    i: usize,
    t: &TransactionDetail,
    short_id: &str,
    case_url: &str,
) -> Result<ServerTransaction, Unmappable> {
    let which = || {
        if t.merchant.trim().is_empty() {
            format!("transaction {} ({})", i + 1, t.uuid)
        } else {
            format!("transaction {} ({}, {})", i + 1, t.merchant, t.uuid)
        }
    };
    let transaction_type = match t.kind {
        TransactionType::DebitCard => TYPE_DEBIT,
        TransactionType::CreditCard => TYPE_CREDIT,
        TransactionType::Ach | TransactionType::CreditAch => TYPE_ACH,
        TransactionType::Atm | TransactionType::CreditAtm => TYPE_ATM,
        TransactionType::Transfer | TransactionType::CreditTransfer => {
            return Err(Unmappable(format!(
                "{} is a transfer; Casap's server API has no transaction type for transfers \
                 (debit, credit, ACH, ATM only)",
                which()
            )));
        }
        TransactionType::Unknown => {
            return Err(Unmappable(format!(
                "{} has no transaction type Casap's server API knows",
                which()
            )));
        }
    };
    let network = match t.network {
        TransactionNetwork::Visa => NETWORK_VISA,
        TransactionNetwork::Mastercard => NETWORK_MASTERCARD,
        TransactionNetwork::Amex => NETWORK_AMEX,
        TransactionNetwork::Unknown => {
            return Err(Unmappable(format!(
                "{} has no card network (Visa, Mastercard or Amex), which Casap's server API \
                 requires",
                which()
            )));
        }
    };
    if t.merchant.trim().is_empty() {
        return Err(Unmappable(format!("{} has no merchant", which())));
    }
    let settled = t.transaction_settled_amount.as_ref().unwrap_or(&t.amount);
    for a in [&t.amount, settled] {
        if !(a.currency.is_empty() || a.currency == "USD") {
            return Err(Unmappable(format!(
                "{} is in {}; Casap's server API takes cents with no currency (USD only)",
                which(),
                a.currency
            )));
        }
    }
    let raw_time = if t.settled_timestamp != 0 {
        t.settled_timestamp
    } else {
        t.authorized_timestamp
    };
    if raw_time <= 0 {
        return Err(Unmappable(format!("{} has no date", which())));
    }
    Ok(ServerTransaction {
        transaction_id: t.uuid.clone(),
        merchant: t.merchant.clone(),
        transacted_amount: t.amount.amount_in_cents,
        settled_amount: settled.amount_in_cents,
        transaction_timestamp: casap_api::timestamp_millis(raw_time).div_euclid(1000),
        network,
        transaction_type,
        third_party_ticket_id: Some(short_id.to_owned()),
        third_party_ticket_url: Some(case_url.to_owned()),
    })
}

/// The notes' comment: readable by the dispute team as it stands.
fn comment(src: &Source<'_>, to: &Target<'_>) -> String {
    let req = src.request;
    let mut out = format!(
        "Reason: {} ({})\nFiled by the member in online banking, case {}, received {}.\n",
        reason_label(req.reason),
        req.reason.as_wire(),
        src.short_id,
        iso_utc(src.received_ms),
    );
    if !req.questionnaire_answers.is_empty() {
        out.push_str("\nAnswers, as asked:\n");
        for a in &req.questionnaire_answers {
            let question = if a.question.trim().is_empty() {
                &a.question_id
            } else {
                &a.question
            };
            out.push_str(&format!("- {}: {}\n", question.trim(), a.answer.trim()));
        }
    }
    out.push_str(&format!(
        "\nDocuments: {} (documents the member adds later appear at the same link).\n\
         Case at the gateway: {}\n",
        to.evidence_url, to.case_url
    ));
    out
}

/// The reason in words.
pub fn reason_label(r: DisputeReason) -> &'static str {
    use DisputeReason as R;
    match r {
        R::Unauth => "Unauthorized transaction",
        R::AtmCashNotDispensed => "ATM: cash not dispensed",
        R::AtmPartialCash => "ATM: only part of the cash dispensed",
        R::AtmCashNotDeposited => "ATM: deposit not credited",
        R::MerchantNotReceived => "Goods or services not received",
        R::MerchantNotAsDescribed => "Goods or services not as described",
        R::MerchantReturned => "Returned merchandise not credited",
        R::MerchantCanceledSubscription => "Canceled subscription still charged",
        R::MerchantRefundNotReceived => "Refund not received",
        R::MerchantIncorrectAmount => "Charged an incorrect amount",
        R::MerchantPaidByOtherMeans => "Paid by other means",
        R::MerchantDuplicateCharge => "Duplicate charge",
        R::TransferNotReceived => "Transfer not received",
        R::TransferIncorrectRecipient => "Transfer to the wrong recipient",
        R::TransferIncorrectAmount => "Transfer of an incorrect amount",
        R::TransferDuplicateCharge => "Duplicate transfer",
        R::TransferFailedCancellation => "Transfer not canceled as asked",
        _ => "Other",
    }
}

pub use casap_api::time::iso_utc;

#[cfg(test)]
mod tests {
    use super::*;
    use casap_api::{Amount, Customer, QuestionnaireAnswer};

    fn txn(kind: TransactionType, network: TransactionNetwork) -> TransactionDetail {
        TransactionDetail {
            uuid: "9b9eb6e0-4925-4fc6-bfe5-9552a03f595d".into(),
            settled_timestamp: 1_692_986_978_000,
            authorized_timestamp: 1_692_900_000_000,
            amount: Amount {
                amount_in_cents: 2399,
                currency: "USD".into(),
            },
            transaction_settled_amount: Some(Amount {
                amount_in_cents: 2499,
                currency: "USD".into(),
            }),
            merchant: "Amazon".into(),
            kind,
            network,
            ..TransactionDetail::default()
        }
    }

    fn request(t: Vec<TransactionDetail>) -> CreateDisputeRequest {
        CreateDisputeRequest {
            org_uuid: "org".into(),
            transaction_details: t,
            customer: Customer {
                uuid: "mbr-ana".into(),
                name: "Ana Reyes".into(),
                email: "ana@example.org".into(),
                account_uuid: "acct-1".into(),
                ..Customer::default()
            },
            reason: DisputeReason::Unauth,
            questionnaire_answers: vec![
                QuestionnaireAnswer {
                    question_id: "card_status".into(),
                    question: "Where is your card now?".into(),
                    answer: "I have it".into(),
                },
                QuestionnaireAnswer {
                    question_id: "attest_signature".into(),
                    question: "Signature".into(),
                    answer: "Ana Reyes, 2026-11-28T09:00:00Z".into(),
                },
            ],
        }
    }

    const TO: Target<'static> = Target {
        org_uuid: "76851218-a1e8-418e-9151-8c2d61709521",
        author: "70720526-3cb5-418e-9f9d-a1d07a056061",
        case_url: "https://gw.example/staff/cases/CSP-1001",
        evidence_url: "https://gw.example/evidence/u?exp=1&sig=s",
    };

    fn map(req: &CreateDisputeRequest) -> Result<ServerDisputeRequest, Unmappable> {
        to_casap_server(
            &Source {
                short_id: "CSP-1001",
                request: req,
                received_ms: 1_764_322_791_123,
            },
            &TO,
        )
    }

    #[test]
    fn a_card_dispute_maps_every_field() {
        let req = request(vec![
            txn(TransactionType::DebitCard, TransactionNetwork::Visa),
            TransactionDetail {
                uuid: "t2".into(),
                settled_timestamp: 0,
                authorized_timestamp: 1_692_900_000, // seconds on the wire
                transaction_settled_amount: None,
                ..txn(TransactionType::CreditCard, TransactionNetwork::Amex)
            },
        ]);
        let out = map(&req).unwrap();
        assert_eq!(out.version, 1);
        assert_eq!(out.v1.org_uuid, TO.org_uuid);
        let [a, b] = &out.v1.transaction_details[..] else {
            panic!("two transactions")
        };
        assert_eq!(a.transaction_id, "9b9eb6e0-4925-4fc6-bfe5-9552a03f595d");
        assert_eq!((a.transacted_amount, a.settled_amount), (2399, 2499));
        assert_eq!(a.transaction_timestamp, 1_692_986_978);
        assert_eq!((a.network, a.transaction_type), (1, 1));
        assert_eq!(a.third_party_ticket_id.as_deref(), Some("CSP-1001"));
        assert_eq!(a.third_party_ticket_url.as_deref(), Some(TO.case_url));
        assert_eq!((b.network, b.transaction_type), (3, 2));
        assert_eq!(b.transaction_timestamp, 1_692_900_000);
        assert_eq!(b.settled_amount, 2399);
        assert_eq!(out.v1.customer_info.email, "ana@example.org");
        assert_eq!(out.v1.customer_info.account_id, "acct-1");
        let notes = out.v1.notes.unwrap();
        assert_eq!(notes.timestamp, 1_764_322_791);
        assert_eq!(notes.author, TO.author);
        assert_eq!(notes.file_urls, vec![TO.evidence_url.to_owned()]);
        assert!(
            notes
                .comment
                .contains("Reason: Unauthorized transaction (DISPUTE_REASON_UNAUTH)")
        );
        assert!(
            notes
                .comment
                .contains("- Where is your card now?: I have it\n")
        );
        assert!(
            notes
                .comment
                .contains("- Signature: Ana Reyes, 2026-11-28T09:00:00Z\n")
        );
        assert!(notes.comment.contains("received 2025-11-28T09:39:51Z"));
    }

    #[test]
    fn ach_and_atm_map_when_they_carry_a_network() {
        for (kind, code) in [
            (TransactionType::Ach, 3),
            (TransactionType::CreditAch, 3),
            (TransactionType::Atm, 4),
            (TransactionType::CreditAtm, 4),
        ] {
            let out = map(&request(vec![txn(kind, TransactionNetwork::Mastercard)])).unwrap();
            assert_eq!(out.v1.transaction_details[0].transaction_type, code);
            assert_eq!(out.v1.transaction_details[0].network, 2);
        }
    }

    #[test]
    fn what_the_back_end_cannot_take_is_held_with_the_reason() {
        let transfer = map(&request(vec![txn(
            TransactionType::Transfer,
            TransactionNetwork::Visa,
        )]));
        assert!(transfer.unwrap_err().0.contains("is a transfer"));
        let ach = map(&request(vec![txn(
            TransactionType::Ach,
            TransactionNetwork::Unknown,
        )]));
        assert!(ach.unwrap_err().0.contains("has no card network"));
        let mut euro = txn(TransactionType::DebitCard, TransactionNetwork::Visa);
        euro.amount.currency = "EUR".into();
        assert!(
            map(&request(vec![euro]))
                .unwrap_err()
                .0
                .contains("is in EUR")
        );
        let mut no_email = request(vec![txn(
            TransactionType::DebitCard,
            TransactionNetwork::Visa,
        )]);
        no_email.customer.email.clear();
        assert!(
            map(&no_email)
                .unwrap_err()
                .0
                .starts_with("customerInfo.email is required")
        );
    }

    #[test]
    fn iso_dates_are_utc() {}
}
