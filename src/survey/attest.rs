//! The attestation the member signs on the review (QUESTIONNAIRE.md section 5): which texts
//! apply, and how the signature is sent. `standard` always; a reason's own (`fraud` for
//! UNAUTH); `wsud`, the Nacha Written Statement of Unauthorized Debit, only when an ACH debit
//! is among the disputed transactions.

use casap_api::{DisputeReason, QuestionnaireAnswer, TransactionType};

use super::{Catalog, Text};

/// Answer ids the widget writes itself; a catalog may not define questions with them.
const RESERVED: &[&str] = &[
    "attestation",
    "attestation_signed_name",
    "attestation_signed_at",
    "attestation_authentication",
];

pub fn is_reserved(id: &str) -> bool {
    RESERVED.contains(&id)
}

/// The attestations that apply, by name, in the order shown.
pub fn applicable(
    catalog: &Catalog,
    reason: DisputeReason,
    types: &[TransactionType],
) -> Vec<String> {
    let mut out = vec!["standard".to_owned()];
    if let Some(e) = catalog.entry(reason) {
        for a in &e.attestations {
            let wanted = a != "wsud" || types.contains(&TransactionType::Ach);
            if wanted && !out.contains(a) {
                out.push(a.clone());
            }
        }
    }
    out
}

/// The texts of `names`.
pub fn texts<'a>(catalog: &'a Catalog, names: &[String]) -> Vec<&'a Text> {
    names
        .iter()
        .filter_map(|n| catalog.attestations.get(n))
        .collect()
}

/// The signed attestation as answers: what was agreed (in English, for the credit union's
/// staff), the typed name, when (ISO 8601, UTC) and how the member was authenticated.
pub fn answers(
    catalog: &Catalog,
    names: &[String],
    signature: &str,
    signed_at: &str,
) -> Vec<QuestionnaireAnswer> {
    let agreed: Vec<&str> = texts(catalog, names)
        .iter()
        .map(|t| t.en.as_str())
        .collect();
    let a = |id: &str, question: &str, answer: String| QuestionnaireAnswer {
        question_id: id.into(),
        question: question.into(),
        answer,
    };
    vec![
        a("attestation", "Attestation agreed to", agreed.join("\n\n")),
        a(
            "attestation_signed_name",
            "Signed (typed name)",
            signature.trim().to_owned(),
        ),
        a(
            "attestation_signed_at",
            "Signed at (UTC)",
            signed_at.to_owned(),
        ),
        a(
            "attestation_authentication",
            "How the member was authenticated",
            "Signed in to online banking; identity provider token exchanged for a session".into(),
        ),
    ]
}
