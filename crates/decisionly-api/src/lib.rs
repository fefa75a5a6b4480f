//! Decisionly's issuer cases (`docs/seeds/003_decisionly_issuer_cases.txt`): the body of
//! `PUT /v2/issuer/cases/{case_id}` and the case it answers with, and the field rules the
//! document states ([`Case::problems`]). Serde only: `dispute-gateway` writes these, the
//! sandbox's fake reads and checks them.
//!
//! Enumerations are strings on the wire; the allowed values are the constants below, so an
//! unknown value read back from Decisionly never fails a whole answer.

use serde::{Deserialize, Serialize};

/// `reason`.
pub const REASONS: &[&str] = &[
    "invalid_authorization",
    "fraud",
    "product_not_received",
    "product_not_as_described",
    "product_counterfeit",
    "subscription_canceled",
    "credit_not_processed",
    "duplicate_charge",
    "incorrect_amount",
    "cash_not_received",
    "canceled_or_returned",
    "other",
];
/// `status` of a case.
pub const STATUSES: &[&str] = &[
    "created",
    "chargeback_filed",
    "chargeback_represented",
    "prearb_filed",
    "prearb_rebutted",
    "arbitration_filed",
    "closed",
    "won",
    "lost",
];
/// `closed_reason`.
pub const CLOSED_REASONS: &[&str] = &["accepted", "rejected", "expired", "withdrawn"];
pub const NETWORKS: &[&str] = &["visa", "mastercard", "amex", "discover"];
pub const CARD_TYPES: &[&str] = &["credit", "debit"];
pub const SYSTEMS: &[&str] = &["single_message", "dual_message"];
pub const POSSESSION: &[&str] = &["possessed", "lost", "stolen", "never_received"];
pub const PRODUCT_TYPES: &[&str] = &["merchandise", "service"];
/// Longest `cardholder_explanation`.
pub const MAX_EXPLANATION: usize = 2000;

/// The case as sent (`PUT`) and, with `status` and the rest, as answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub reason: String,
    pub cardholder: Cardholder,
    pub merchant: Merchant,
    pub transaction: Transaction,
    pub dispute: Dispute,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    #[serde(default)]
    pub issuer_evidence: IssuerEvidence,
    #[serde(default)]
    pub custom_fields: std::collections::BTreeMap<String, String>,
    /// Answers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cardholder {
    pub name: String,
    pub email: String,
    pub issuer_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merchant {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub network: String,
    pub last4: String,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub kind: Option<String>,
    pub expiry_month: u32,
    pub expiry_year: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// ISO 8601.
    pub date: String,
    /// Settled amount in cents.
    pub amount: i64,
    pub currency: String,
    pub card: Card,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_serial_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub date: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorTransaction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_serial_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was_successful: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prohibited_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Return {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was_successful: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_provided: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_provided: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was_promised: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cardholder_has_possession: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possession_at_transaction: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerEvidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cardholder_explanation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_explanation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_correction: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_transaction: Option<PriorTransaction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_contact: Option<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "return")]
    pub return_: Option<Return>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<Service>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Product>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<Cancellation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<Refund>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardStatus>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documentation: Vec<String>,
}

fn one_of(out: &mut Vec<String>, field: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value) {
        out.push(format!(
            "{field}: {value:?} is not one of {}",
            allowed.join(", ")
        ));
    }
}

fn max_len(out: &mut Vec<String>, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        out.push(format!("{field}: longer than {max} characters"));
    }
}

impl Case {
    /// Every rule of the document this case breaks, each naming its field (empty: valid).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        one_of(&mut out, "reason", &self.reason, REASONS);
        for (field, v) in [
            ("cardholder.name", &self.cardholder.name),
            ("merchant.name", &self.merchant.name),
            ("transaction.date", &self.transaction.date),
            ("dispute.date", &self.dispute.date),
        ] {
            if v.trim().is_empty() {
                out.push(format!("{field}: required"));
            }
        }
        max_len(&mut out, "cardholder.name", &self.cardholder.name, 250);
        max_len(&mut out, "cardholder.email", &self.cardholder.email, 320);
        max_len(
            &mut out,
            "cardholder.issuer_id",
            &self.cardholder.issuer_id,
            250,
        );
        if let Some(k) = &self.cardholder.kind {
            one_of(&mut out, "cardholder.type", k, &["individual", "company"]);
        }
        max_len(&mut out, "merchant.name", &self.merchant.name, 250);
        if let Some(mcc) = &self.merchant.category_code
            && !(mcc.len() == 4 && mcc.bytes().all(|b| b.is_ascii_digit()))
        {
            out.push("merchant.category_code: four digits".into());
        }
        let t = &self.transaction;
        if t.amount < 1 {
            out.push("transaction.amount: must be at least 1".into());
        }
        if t.currency.len() != 3 {
            out.push("transaction.currency: a 3-letter code".into());
        }
        one_of(
            &mut out,
            "transaction.card.network",
            &t.card.network,
            NETWORKS,
        );
        if !(t.card.last4.len() == 4 && t.card.last4.bytes().all(|b| b.is_ascii_digit())) {
            out.push("transaction.card.last4: four digits".into());
        }
        if let Some(k) = &t.card.kind {
            one_of(&mut out, "transaction.card.type", k, CARD_TYPES);
        }
        if !(1..=12).contains(&t.card.expiry_month) {
            out.push("transaction.card.expiry_month: from 1 to 12".into());
        }
        if t.card.expiry_year < 2000 {
            out.push("transaction.card.expiry_year: a four-digit year".into());
        }
        let arn = t.arn.as_deref().filter(|a| !a.is_empty());
        let ssn = t.switch_serial_number.as_deref().filter(|s| !s.is_empty());
        if arn.is_none() && ssn.is_none() {
            out.push("transaction: either arn or switch_serial_number is required".into());
        }
        if let Some(a) = arn {
            max_len(&mut out, "transaction.arn", a, 23);
        }
        if let Some(s) = ssn {
            max_len(&mut out, "transaction.switch_serial_number", s, 9);
        }
        if let Some(s) = &t.system {
            one_of(&mut out, "transaction.system", s, SYSTEMS);
        }
        if self.dispute.amount < 1 {
            out.push("dispute.amount: must be at least 1".into());
        }
        if let Some(r) = &self.dispute.raised_by {
            one_of(&mut out, "dispute.raised_by", r, &["cardholder", "issuer"]);
        }
        if let Some(id) = &self.case_id {
            max_len(&mut out, "case_id", id, 126);
        }
        let e = &self.issuer_evidence;
        if let Some(x) = &e.cardholder_explanation {
            max_len(
                &mut out,
                "issuer_evidence.cardholder_explanation",
                x,
                MAX_EXPLANATION,
            );
        }
        if let Some(x) = &e.issuer_explanation {
            max_len(&mut out, "issuer_evidence.issuer_explanation", x, 1000);
        }
        if let Some(p) = e
            .card
            .as_ref()
            .and_then(|c| c.possession_at_transaction.as_deref())
        {
            one_of(
                &mut out,
                "issuer_evidence.card.possession_at_transaction",
                p,
                POSSESSION,
            );
        }
        if let Some(k) = e.product.as_ref().and_then(|p| p.kind.as_deref()) {
            one_of(&mut out, "issuer_evidence.product.type", k, PRODUCT_TYPES);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document's example, as written.
    fn example() -> Case {
        serde_json::from_value(serde_json::json!({
            "reason": "fraud",
            "cardholder": { "name": "Jane Smith", "email": "jane@example.com", "issuer_id": "9529456289", "type": "individual" },
            "merchant": { "name": "FoodHub", "category_code": "5812", "issuer_id": "8201132789" },
            "transaction": {
                "date": "2025-01-15T00:00:00.000Z", "amount": 2990, "currency": "USD",
                "card": { "network": "visa", "last4": "4242", "type": "credit", "expiry_month": 12, "expiry_year": 2028, "issuer_id": "b5te" },
                "arn": "48162855246353338636162", "switch_serial_number": "242025095", "issuer_id": "85cf", "system": "dual_message"
            },
            "dispute": { "date": "2025-02-01T00:00:00.000Z", "amount": 2990, "currency": "USD", "raised_by": "cardholder" },
            "case_id": "case_abc123",
            "issuer_evidence": { "card": { "possession_at_transaction": "possessed" }, "return": { "shipping": { "carrier": "ups" } } },
            "custom_fields": {}
        }))
        .unwrap()
    }

    #[test]
    fn the_documents_example_is_valid_and_round_trips() {
        let c = example();
        assert_eq!(c.problems(), Vec::<String>::new());
        let again: Case = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(again, c);
        assert!(serde_json::to_string(&c).unwrap().contains("\"return\":{"));
    }

    #[test]
    fn every_stated_rule_is_checked_with_its_field() {
        let mut c = example();
        c.reason = "stolen_goods".into();
        c.transaction.card.expiry_month = 13;
        c.transaction.amount = 0;
        c.transaction.arn = None;
        c.transaction.switch_serial_number = Some(String::new());
        c.transaction.card.network = "jcb".into();
        c.issuer_evidence.cardholder_explanation = Some("x".repeat(2001));
        c.issuer_evidence.card = Some(CardStatus {
            possession_at_transaction: Some("borrowed".into()),
            ..CardStatus::default()
        });
        let p = c.problems().join("\n");
        for field in [
            "reason:",
            "transaction.card.expiry_month",
            "transaction.amount",
            "either arn or switch_serial_number",
            "transaction.card.network",
            "cardholder_explanation: longer than 2000",
            "possession_at_transaction",
        ] {
            assert!(p.contains(field), "{field} in {p}");
        }
    }
}
