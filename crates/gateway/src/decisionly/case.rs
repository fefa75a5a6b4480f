//! A filed dispute as Decisionly issuer cases: one case per disputed card transaction,
//! `case_id` = `{case number}-{n}` (so a resend after a crash `PUT`s the same cases: exactly
//! once per case). A case missing a field Decisionly requires is [`Held`] with the field named,
//! never sent incomplete.

use std::collections::BTreeMap;

use casap_api::{CreateDisputeRequest, TransactionNetwork, TransactionType};
use decisionly_api::{Card, Cardholder, Case, Dispute, Merchant, Transaction};

use super::enrichment::{CardFacts, Table};
use super::evidence::{Answers, issuer_evidence};
use super::reasons::{Route, card_only, route};
use crate::mapping::iso_utc;

/// Why the dispute cannot become cases: shown to staff as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held(pub String);

/// The dispute as the gateway stored it.
pub struct Filed<'a> {
    pub dispute_uuid: &'a str,
    pub short_id: &'a str,
    pub request: &'a CreateDisputeRequest,
    pub received_ms: i64,
    /// Where the member's whole explanation (and documents) can be read.
    pub evidence_url: &'a str,
}

/// The cases, in the order of the dispute's transactions.
pub fn cases(f: &Filed<'_>, facts: &Table) -> Result<Vec<(String, Case)>, Held> {
    let req = f.request;
    let list = req.questionnaire_answers.as_slice();
    let answers = Answers::new(list);
    let reason = match route(req.reason, answers.counterfeit()) {
        Route::Reason(r) => r,
        Route::NotCard(why) => return Err(Held(format!("{why} ({})", req.reason.as_wire()))),
    };
    let customer = &req.customer;
    for (field, v) in [("name", &customer.name), ("email", &customer.email)] {
        if v.trim().is_empty() {
            return Err(Held(format!(
                "cardholder.{field} is required and the online-banking page did not give the \
                 member's {field}"
            )));
        }
    }
    let answer = |id: &str| {
        list.iter()
            .find(|a| a.question_id == id)
            .map(|a| a.answer.as_str())
    };
    let single = req.transaction_details.len() == 1;
    let mut custom_fields = BTreeMap::from([
        ("dispute_uuid".to_owned(), f.dispute_uuid.to_owned()),
        ("case_number".to_owned(), f.short_id.to_owned()),
    ]);
    for (key, id) in [
        ("questionnaire_version", "questionnaire_version"),
        ("attestation", "attestation"),
        ("attestation_signed_name", "attestation_signed_name"),
        ("attestation_signed_at", "attestation_signed_at"),
    ] {
        if let Some(v) = answer(id) {
            custom_fields.insert(key.to_owned(), v.to_owned());
        }
    }
    let mut out = Vec::new();
    for (i, t) in req.transaction_details.iter().enumerate() {
        let which = format!("transaction {} ({})", i + 1, t.uuid);
        if let Some(why) = card_only(t.kind) {
            return Err(Held(format!(
                "{which}: {why}; Decisionly takes card disputes only"
            )));
        }
        let known = facts.get(&t.uuid);
        let missing = |field: &str| Held(format!("{which}: {field} is required and not known"));
        let need = |v: Option<String>, field: &str| {
            v.filter(|s| !s.trim().is_empty())
                .ok_or_else(|| missing(field))
        };
        let network = match t.network {
            TransactionNetwork::Visa => Some("visa".to_owned()),
            TransactionNetwork::Mastercard => Some("mastercard".to_owned()),
            TransactionNetwork::Amex => Some("amex".to_owned()),
            TransactionNetwork::Unknown => known.network.clone(),
        };
        let CardFacts {
            category_code,
            last4,
            expiry_month,
            expiry_year,
            arn,
            switch_serial_number,
            system,
            ..
        } = known;
        let arn = Some(t.arn.clone()).filter(|a| !a.is_empty()).or(arn);
        if arn.is_none() && switch_serial_number.is_none() {
            return Err(Held(format!(
                "{which}: either arn or switch_serial_number is required and neither is known"
            )));
        }
        let settled = t.transaction_settled_amount.as_ref().unwrap_or(&t.amount);
        let currency = if settled.currency.is_empty() {
            "USD"
        } else {
            &settled.currency
        };
        let raw_time = if t.settled_timestamp != 0 {
            t.settled_timestamp
        } else {
            t.authorized_timestamp
        };
        if raw_time <= 0 {
            return Err(missing("transaction.date"));
        }
        let disputed = answer("disputed_amount")
            .filter(|_| single)
            .and_then(|a| a.parse::<i64>().ok())
            .unwrap_or(settled.amount_in_cents);
        let case = Case {
            reason: reason.to_owned(),
            cardholder: Cardholder {
                name: customer.name.clone(),
                email: customer.email.clone(),
                issuer_id: customer.uuid.clone(),
                kind: Some("individual".into()),
            },
            merchant: Merchant {
                name: need(Some(t.merchant.clone()), "merchant.name")?,
                category_code,
                issuer_id: None,
            },
            transaction: Transaction {
                date: iso_utc(casap_api::timestamp_millis(raw_time)),
                amount: settled.amount_in_cents,
                currency: currency.to_owned(),
                card: Card {
                    network: need(network, "transaction.card.network")?,
                    last4: need(last4, "transaction.card.last4")?,
                    kind: Some(
                        if t.kind == TransactionType::CreditCard {
                            "credit"
                        } else {
                            "debit"
                        }
                        .into(),
                    ),
                    expiry_month: expiry_month
                        .ok_or_else(|| missing("transaction.card.expiry_month"))?,
                    expiry_year: expiry_year
                        .ok_or_else(|| missing("transaction.card.expiry_year"))?,
                    issuer_id: Some(t.card_id.clone()).filter(|c| !c.is_empty()),
                },
                arn,
                switch_serial_number,
                issuer_id: Some(t.uuid.clone()),
                system,
            },
            dispute: Dispute {
                date: iso_utc(f.received_ms),
                amount: disputed,
                currency: currency.to_owned(),
                raised_by: Some("cardholder".into()),
            },
            case_id: Some(format!("{}-{}", f.short_id, i + 1)),
            issuer_evidence: issuer_evidence(&answers, currency, f.evidence_url),
            custom_fields: custom_fields.clone(),
            status: None,
            closed_reason: None,
        };
        let problems = case.problems();
        if !problems.is_empty() {
            return Err(Held(format!("{which}: {}", problems.join("; "))));
        }
        out.push((format!("{}-{}", f.short_id, i + 1), case));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decisionly::enrichment::HEADER;
    use casap_api::{Amount, Customer, DisputeReason, QuestionnaireAnswer, TransactionDetail};

    fn txn(uuid: &str, kind: TransactionType) -> TransactionDetail {
        TransactionDetail {
            uuid: uuid.into(),
            settled_timestamp: 1_795_000_000_000,
            amount: Amount {
                amount_in_cents: 24_999,
                currency: "USD".into(),
            },
            merchant: "Gadget Galaxy".into(),
            kind,
            network: TransactionNetwork::Visa,
            ..TransactionDetail::default()
        }
    }

    fn request(
        reason: DisputeReason,
        t: Vec<TransactionDetail>,
        answers: &[(&str, &str)],
    ) -> CreateDisputeRequest {
        CreateDisputeRequest {
            org_uuid: "org".into(),
            transaction_details: t,
            customer: Customer {
                uuid: "mbr-ana".into(),
                name: "Ana Reyes".into(),
                email: "ana@example.org".into(),
                ..Customer::default()
            },
            reason,
            questionnaire_answers: answers
                .iter()
                .map(|(id, a)| QuestionnaireAnswer {
                    question_id: (*id).into(),
                    question: String::new(),
                    answer: (*a).into(),
                })
                .collect(),
        }
    }

    fn table() -> Table {
        Table::from_csv(&format!(
            "{HEADER}\nt1,5732,4242,9,2029,,74000000000000000000001,,dual_message\nt2,5411,4242,9,2029,,,242025095,single_message\n"
        ))
        .unwrap()
    }

    fn build(req: &CreateDisputeRequest) -> Result<Vec<(String, Case)>, Held> {
        cases(
            &Filed {
                dispute_uuid: "d-1",
                short_id: "CSP-1001",
                request: req,
                received_ms: 1_795_100_000_000,
                evidence_url: "https://gw/evidence/d-1?exp=1&sig=s",
            },
            &table(),
        )
    }

    #[test]
    fn one_valid_case_per_card_transaction() {
        let req = request(
            DisputeReason::Unauth,
            vec![
                txn("t1", TransactionType::DebitCard),
                txn("t2", TransactionType::CreditCard),
            ],
            &[
                ("card_status", "lost"),
                ("date_learned_lost", "2026-11-17"),
                ("questionnaire_version", "casap-default-2026-11.1"),
                ("attestation_signed_name", "Ana Reyes"),
            ],
        );
        let cases = build(&req).unwrap();
        let ids: Vec<&str> = cases.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["CSP-1001-1", "CSP-1001-2"]);
        let (_, a) = &cases[0];
        assert_eq!(a.reason, "fraud");
        assert_eq!(a.problems(), Vec::<String>::new());
        assert_eq!(a.transaction.card.last4, "4242");
        assert_eq!(a.transaction.card.kind.as_deref(), Some("debit"));
        assert_eq!(
            a.transaction.arn.as_deref(),
            Some("74000000000000000000001")
        );
        assert_eq!(a.transaction.date, "2026-11-18T11:06:40Z");
        assert_eq!(a.dispute.date, "2026-11-19T14:53:20Z");
        assert_eq!(a.merchant.category_code.as_deref(), Some("5732"));
        assert_eq!(a.cardholder.issuer_id, "mbr-ana");
        assert_eq!(a.custom_fields["dispute_uuid"], "d-1");
        assert_eq!(
            a.custom_fields["questionnaire_version"],
            "casap-default-2026-11.1"
        );
        assert_eq!(a.custom_fields["attestation_signed_name"], "Ana Reyes");
        let card = a.issuer_evidence.card.as_ref().unwrap();
        assert_eq!(card.possession_at_transaction.as_deref(), Some("lost"));
        let (_, b) = &cases[1];
        assert_eq!(b.transaction.card.kind.as_deref(), Some("credit"));
        assert_eq!(
            b.transaction.switch_serial_number.as_deref(),
            Some("242025095")
        );
    }

    #[test]
    fn missing_enrichment_is_held_with_the_field_named() {
        let req = request(
            DisputeReason::Unauth,
            vec![txn("t9", TransactionType::DebitCard)],
            &[],
        );
        assert_eq!(
            build(&req).unwrap_err(),
            Held("transaction 1 (t9): either arn or switch_serial_number is required and neither is known".into())
        );
        let mut with_arn = txn("t9", TransactionType::DebitCard);
        with_arn.arn = "74000000000000000000009".into();
        let req = request(DisputeReason::Unauth, vec![with_arn], &[]);
        assert_eq!(
            build(&req).unwrap_err(),
            Held("transaction 1 (t9): transaction.card.last4 is required and not known".into())
        );
    }

    #[test]
    fn transfers_and_ach_are_held_not_sent() {
        let req = request(
            DisputeReason::TransferNotReceived,
            vec![txn("t1", TransactionType::Transfer)],
            &[],
        );
        assert!(build(&req).unwrap_err().0.contains("card disputes only"));
        let req = request(
            DisputeReason::Unauth,
            vec![txn("t1", TransactionType::Ach)],
            &[],
        );
        assert!(build(&req).unwrap_err().0.contains("ACH debit"));
    }

    #[test]
    fn a_single_transaction_disputes_the_amount_the_member_gave() {
        let req = request(
            DisputeReason::MerchantIncorrectAmount,
            vec![txn("t1", TransactionType::DebitCard)],
            &[("disputed_amount", "5000"), ("correct_amount", "19999")],
        );
        let (_, c) = &build(&req).unwrap()[0];
        assert_eq!(c.reason, "incorrect_amount");
        assert_eq!(c.dispute.amount, 5000);
        assert_eq!(
            c.issuer_evidence.amount_correction.as_ref().unwrap().amount,
            19_999
        );
    }
}
