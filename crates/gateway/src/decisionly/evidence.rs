//! The questionnaire's answers (`docs/QUESTIONNAIRE.md`; the built-in catalog's question ids
//! and option keys, as the member API carries them) as Decisionly's `issuer_evidence`.
//!
//! Only what the member said is sent; a question not asked or not answered leaves its field
//! out. Dates (`YYYY-MM-DD`) become ISO 8601 midnight UTC; amounts are cents. The member's
//! explanation is cut to Decisionly's 2,000 characters with a link to the whole text, which
//! the gateway keeps.

use std::collections::HashMap;

use casap_api::QuestionnaireAnswer;
use decisionly_api::{
    Cancellation, CardStatus, Contact, Delivery, IssuerEvidence, MAX_EXPLANATION, Money,
    PriorTransaction, Product, Refund, Return, Service, Shipping,
};

/// The answers by question id.
pub struct Answers<'a>(HashMap<&'a str, &'a str>);

impl<'a> Answers<'a> {
    pub fn new(list: &'a [QuestionnaireAnswer]) -> Self {
        Self(
            list.iter()
                .filter(|a| !a.answer.trim().is_empty())
                .map(|a| (a.question_id.as_str(), a.answer.trim()))
                .collect(),
        )
    }

    fn get(&self, id: &str) -> Option<&'a str> {
        self.0.get(id).copied()
    }

    fn text(&self, id: &str) -> Option<String> {
        self.get(id).map(str::to_owned)
    }

    fn yes(&self, id: &str) -> Option<bool> {
        self.get(id).map(|a| a == "yes")
    }

    fn date(&self, id: &str) -> Option<String> {
        self.get(id).map(iso_date)
    }

    fn cents(&self, id: &str) -> Option<i64> {
        self.get(id).and_then(|a| a.parse().ok())
    }

    /// Whether the member said the item is counterfeit.
    pub fn counterfeit(&self) -> bool {
        self.get("problem_type") == Some("counterfeit")
    }
}

/// `2026-11-27` as `2026-11-27T00:00:00Z`; anything else as given.
fn iso_date(d: &str) -> String {
    let b = d.as_bytes();
    if d.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        format!("{d}T00:00:00Z")
    } else {
        d.to_owned()
    }
}

/// Words joined with "; ", `None` when there are none.
fn joined(parts: &[Option<String>]) -> Option<String> {
    let parts: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The explanation, cut to fit with a link to the whole of it when longer.
pub fn explanation(text: &str, full_text_url: &str) -> String {
    if text.chars().count() <= MAX_EXPLANATION {
        return text.to_owned();
    }
    let tail = format!(" [...] (whole text: {full_text_url})");
    let keep = MAX_EXPLANATION.saturating_sub(tail.chars().count());
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&tail);
    out
}

/// `issuer_evidence` from the answers; `currency` of the dispute (for amounts);
/// `full_text_url` where the whole explanation is kept.
pub fn issuer_evidence(a: &Answers<'_>, currency: &str, full_text_url: &str) -> IssuerEvidence {
    let card = a.get("card_status").map(|status| {
        let (possession, has) = match status {
            "lost" => ("lost", false),
            "stolen" => ("stolen", false),
            "never_received" => ("never_received", false),
            _ => ("possessed", true),
        };
        CardStatus {
            lost_date: a.date("date_learned_lost"),
            // A card reported lost or stolen, or one the member agreed to replace, is blocked.
            is_active: Some(has && a.yes("card_block_ack") != Some(true)),
            cardholder_has_possession: Some(has),
            possession_at_transaction: Some(possession.to_owned()),
        }
    });
    let merchant_contact = a.yes("merchant_contacted").map(|contacted| {
        if contacted {
            Contact {
                date: a.date("merchant_contact_date"),
                was_successful: a.get("merchant_response").map(|r| r != "no_reply"),
                description: joined(&[
                    a.get("merchant_contact_method")
                        .map(|m| format!("contacted by {m}")),
                    a.get("merchant_response")
                        .map(|r| format!("merchant's answer: {r}")),
                    a.text("merchant_response_detail"),
                ]),
                prohibited_reason: None,
            }
        } else {
            Contact {
                was_successful: Some(false),
                prohibited_reason: a.text("merchant_not_contacted_reason"),
                ..Contact::default()
            }
        }
    });
    let product = joined(&[a.text("purchase_description")]).map(|description| Product {
        description: Some(description),
        condition: joined(&[a.text("problem_type"), a.text("problem_detail")]),
        kind: a.get("purchase_type").map(|t| {
            if t == "merchandise" {
                "merchandise"
            } else {
                "service"
            }
            .to_owned()
        }),
        order_id: None,
    });
    let delivery =
        (a.get("expected_date").is_some() || a.get("received_date").is_some()).then(|| Delivery {
            date: a.date("received_date"),
            expected_date: a.date("expected_date"),
        });
    let service = a
        .date("service_cancel_date")
        .map(|d| Service { end_date: Some(d) });
    let returned = a.get("return_status");
    let return_ = (returned.is_some() || a.get("return_date").is_some()).then(|| {
        let tracking = a
            .text("return_tracking")
            .or_else(|| a.text("tracking_number"));
        let carrier = a
            .get("return_method")
            .filter(|m| ["usps", "ups", "fedex", "dhl"].contains(m))
            .map(str::to_owned);
        Return {
            date: a
                .date("return_date")
                .or_else(|| a.date("return_attempt_date")),
            was_successful: Some(returned.is_none_or(|r| r == "returned")),
            description: joined(&[a.text("return_reason"), a.text("return_blocker")]),
            policy_provided: match a.get("return_policy_disclosed") {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            shipping: (carrier.is_some() || tracking.is_some()).then_some(Shipping {
                carrier,
                tracking_number: tracking,
            }),
        }
    });
    let cancellation = a.get("cancellation_date").map(|_| Cancellation {
        id: a.text("cancellation_confirmation"),
        date: a.date("cancellation_date"),
        description: joined(&[
            a.get("cancellation_method")
                .map(|m| format!("canceled by {m}")),
            a.get("cancellation_scope").map(|s| format!("scope: {s}")),
        ]),
        policy_provided: None,
    });
    let refund = a.get("refund_evidence").map(|evidence| Refund {
        was_promised: Some(true),
        promise_date: a.date("promised_refund_date"),
        description: joined(&[
            Some(format!("shown by: {evidence}")),
            a.date("refund_doc_date").map(|d| format!("dated {d}")),
            a.cents("expected_refund_amount")
                .map(|c| format!("{c} cents expected")),
        ]),
    });
    IssuerEvidence {
        cardholder_explanation: a
            .get("member_explanation")
            .map(|t| explanation(t, full_text_url)),
        amount_correction: a.cents("correct_amount").map(|amount| Money {
            amount,
            currency: currency.to_owned(),
        }),
        prior_transaction: a
            .text("original_transaction_ref")
            .map(|t| PriorTransaction {
                issuer_id: Some(t),
                ..PriorTransaction::default()
            }),
        merchant_contact,
        return_,
        delivery,
        service,
        product,
        cancellation,
        refund,
        card,
        ..IssuerEvidence::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = include_str!("../../../../catalog/default.json");

    /// Answers as the widget sends them, each question id and option key checked against the
    /// built-in catalog (so a renamed question breaks this test, not a member's case).
    fn answers(pairs: &[(&str, &str)]) -> Vec<QuestionnaireAnswer> {
        let catalog: serde_json::Value = serde_json::from_str(CATALOG).unwrap();
        pairs
            .iter()
            .map(|(id, answer)| {
                let q = &catalog["questions"][id];
                assert!(q.is_object(), "{id} is not a question of the catalog");
                if let Some(options) = q["options"].as_array() {
                    assert!(
                        options.iter().any(|o| o["key"] == *answer),
                        "{answer} is not an option of {id}"
                    );
                }
                QuestionnaireAnswer {
                    question_id: (*id).into(),
                    question: String::new(),
                    answer: (*answer).into(),
                }
            })
            .collect()
    }

    fn evidence(pairs: &[(&str, &str)]) -> IssuerEvidence {
        let list = answers(pairs);
        issuer_evidence(
            &Answers::new(&list),
            "USD",
            "https://gw/evidence/d?exp=1&sig=s",
        )
    }

    #[test]
    fn a_lost_card() {
        let e = evidence(&[
            ("card_status", "lost"),
            ("date_learned_lost", "2026-11-20"),
            ("recognizes_merchant", "no"),
            ("member_explanation", "Lost it on the bus."),
        ]);
        assert_eq!(
            e.card,
            Some(CardStatus {
                lost_date: Some("2026-11-20T00:00:00Z".into()),
                is_active: Some(false),
                cardholder_has_possession: Some(false),
                possession_at_transaction: Some("lost".into()),
            })
        );
        assert_eq!(
            e.cardholder_explanation.as_deref(),
            Some("Lost it on the bus.")
        );
        assert_eq!(e.merchant_contact, None);
    }

    #[test]
    fn goods_not_received_after_contacting_the_merchant() {
        let e = evidence(&[
            ("purchase_description", "A lamp"),
            ("purchase_type", "merchandise"),
            ("merchant_contacted", "yes"),
            ("merchant_contact_date", "2026-11-10"),
            ("merchant_contact_method", "email"),
            ("merchant_response", "promised_fix_not_done"),
            ("expected_date", "2026-11-01"),
            ("delivery_problem", "never_arrived"),
        ]);
        assert_eq!(
            e.delivery.unwrap().expected_date.as_deref(),
            Some("2026-11-01T00:00:00Z")
        );
        let c = e.merchant_contact.unwrap();
        assert_eq!(c.date.as_deref(), Some("2026-11-10T00:00:00Z"));
        assert_eq!(c.was_successful, Some(true));
        assert_eq!(
            c.description.as_deref(),
            Some("contacted by email; merchant's answer: promised_fix_not_done")
        );
        let p = e.product.unwrap();
        assert_eq!(
            (p.description.as_deref(), p.kind.as_deref()),
            (Some("A lamp"), Some("merchandise"))
        );
    }

    #[test]
    fn a_merchant_not_contacted_says_why() {
        let e = evidence(&[
            ("merchant_contacted", "no"),
            ("merchant_not_contacted_reason", "out_of_business"),
        ]);
        let c = e.merchant_contact.unwrap();
        assert_eq!(c.was_successful, Some(false));
        assert_eq!(c.prohibited_reason.as_deref(), Some("out_of_business"));
    }

    #[test]
    fn incorrect_amount_and_duplicate_charge() {
        let e = evidence(&[("correct_amount", "1999"), ("amount_basis", "receipt")]);
        assert_eq!(
            e.amount_correction,
            Some(Money {
                amount: 1999,
                currency: "USD".into()
            })
        );
        let e = evidence(&[
            ("original_transaction_ref", "txn-ana-04"),
            ("single_purchase_confirmed", "yes"),
        ]);
        assert_eq!(
            e.prior_transaction.unwrap().issuer_id.as_deref(),
            Some("txn-ana-04")
        );
    }

    #[test]
    fn a_return_by_carrier_with_tracking() {
        let e = evidence(&[
            ("return_date", "2026-11-02"),
            ("return_method", "ups"),
            ("return_tracking", "1Z999"),
            ("return_policy_disclosed", "yes"),
            ("return_reason", "Too small"),
        ]);
        let r = e.return_.unwrap();
        assert_eq!(r.was_successful, Some(true));
        assert_eq!(r.policy_provided, Some(true));
        assert_eq!(
            r.shipping,
            Some(Shipping {
                carrier: Some("ups".into()),
                tracking_number: Some("1Z999".into())
            })
        );
    }

    #[test]
    fn a_canceled_subscription_a_promised_refund_and_a_service_ended() {
        let e = evidence(&[
            ("cancellation_date", "2026-10-01"),
            ("cancellation_method", "website_or_app"),
            ("cancellation_confirmation", "CX-77"),
            ("cancellation_scope", "whole_account"),
        ]);
        let c = e.cancellation.unwrap();
        assert_eq!(c.id.as_deref(), Some("CX-77"));
        assert_eq!(c.date.as_deref(), Some("2026-10-01T00:00:00Z"));
        assert_eq!(
            c.description.as_deref(),
            Some("canceled by website_or_app; scope: whole_account")
        );
        let e = evidence(&[
            ("refund_evidence", "credit_slip"),
            ("refund_doc_date", "2026-10-02"),
            ("expected_refund_amount", "2599"),
            ("promised_refund_date", "2026-10-09"),
        ]);
        let r = e.refund.unwrap();
        assert_eq!(r.was_promised, Some(true));
        assert_eq!(r.promise_date.as_deref(), Some("2026-10-09T00:00:00Z"));
        assert_eq!(
            r.description.as_deref(),
            Some("shown by: credit_slip; dated 2026-10-02T00:00:00Z; 2599 cents expected")
        );
        let e = evidence(&[
            ("service_canceled", "yes"),
            ("service_cancel_date", "2026-10-03"),
        ]);
        assert_eq!(
            e.service.unwrap().end_date.as_deref(),
            Some("2026-10-03T00:00:00Z")
        );
        // An ATM dispute has no evidence block of its own: only the explanation.
        let e = evidence(&[
            ("amount_requested", "20000"),
            ("member_explanation", "No cash."),
        ]);
        assert_eq!(
            e,
            IssuerEvidence {
                cardholder_explanation: Some("No cash.".into()),
                ..IssuerEvidence::default()
            }
        );
    }

    #[test]
    fn counterfeit_is_recognised() {
        let list = answers(&[("problem_type", "counterfeit")]);
        assert!(Answers::new(&list).counterfeit());
    }

    #[test]
    fn a_long_explanation_is_cut_with_a_link_to_the_whole() {
        let long = "word ".repeat(500); // 2,500 characters
        let e = evidence(&[("member_explanation", &long)]);
        let sent = e.cardholder_explanation.unwrap();
        assert_eq!(sent.chars().count(), MAX_EXPLANATION);
        assert!(
            sent.ends_with("(whole text: https://gw/evidence/d?exp=1&sig=s)"),
            "{sent}"
        );
        assert!(long.starts_with(sent.split(" [...]").next().unwrap()));
    }
}
