//! The built-in questions (a first version; QUESTIONNAIRE.md sections 2 and 3). Question ids
//! are stable: a wording change keeps the id, a meaning change gets a new one.

use casap_api::DisputeReason as R;

use super::{Choice, Kind, Question, ShowIf, Text};

/// Sent as the `questionnaire_version` answer.
pub const CATALOG_VERSION: &str = "2026-11-builtin-1";

fn q(id: &str, kind: Kind, required: bool, en: &str, es: &str) -> Question {
    Question {
        id: id.to_owned(),
        kind,
        required,
        label: Text::new(en, es),
        show_if: None,
    }
}

fn when(mut question: Question, on: &str, values: &[&str]) -> Question {
    question.show_if = Some(ShowIf {
        question: on.to_owned(),
        one_of: values.iter().map(|v| (*v).to_owned()).collect(),
    });
    question
}

fn choice(options: &[(&str, &str, &str)]) -> Kind {
    Kind::Choice(
        options
            .iter()
            .map(|(key, en, es)| Choice {
                key: (*key).to_owned(),
                label: Text::new(en, es),
            })
            .collect(),
    )
}

fn merchant_block() -> Vec<Question> {
    vec![
        q(
            "purchase_description",
            Kind::Text { max: 500 },
            true,
            "What did you buy?",
            "¿Qué compró?",
        ),
        q(
            "merchant_contacted",
            Kind::YesNo,
            true,
            "Have you contacted the merchant about this?",
            "¿Se comunicó con el comercio sobre esto?",
        ),
        when(
            q(
                "merchant_contact_date",
                Kind::Date,
                true,
                "When did you contact them?",
                "¿Cuándo se comunicó con ellos?",
            ),
            "merchant_contacted",
            &["yes"],
        ),
        when(
            q(
                "merchant_response",
                choice(&[
                    ("no_reply", "They did not reply", "No respondieron"),
                    ("refused", "They refused to help", "Se negaron a ayudar"),
                    (
                        "promised_fix_not_done",
                        "They promised a fix that did not happen",
                        "Prometieron una solución que no llegó",
                    ),
                    (
                        "partial_fix",
                        "They fixed part of it",
                        "Resolvieron una parte",
                    ),
                    ("other", "Something else", "Otra cosa"),
                ]),
                true,
                "What did the merchant say?",
                "¿Qué respondió el comercio?",
            ),
            "merchant_contacted",
            &["yes"],
        ),
    ]
}

fn atm_location() -> Question {
    q(
        "atm_location",
        Kind::Text { max: 200 },
        true,
        "Where is the ATM?",
        "¿Dónde está el cajero automático?",
    )
}

/// The questions specific to `reason`, before the common ones.
fn specific(reason: R) -> Vec<Question> {
    match reason {
        R::Unauth => vec![
            q(
                "card_status",
                choice(&[
                    ("still_have_card", "I still have it", "Todavía la tengo"),
                    ("lost", "It was lost", "La perdí"),
                    ("stolen", "It was stolen", "Me la robaron"),
                    ("never_received", "I never received it", "Nunca la recibí"),
                ]),
                true,
                "Where is your card?",
                "¿Dónde está su tarjeta?",
            ),
            q(
                "recognizes_merchant",
                Kind::YesNo,
                true,
                "Do you recognize the merchant?",
                "¿Reconoce al comercio?",
            ),
            q(
                "allowed_anyone_to_use",
                Kind::YesNo,
                true,
                "Did you let anyone use your card or account?",
                "¿Permitió que alguien usara su tarjeta o cuenta?",
            ),
            when(
                q(
                    "allowed_user_detail",
                    Kind::Text { max: 200 },
                    false,
                    "Who, and what were they allowed to do?",
                    "¿Quién, y qué se le permitió hacer?",
                ),
                "allowed_anyone_to_use",
                &["yes"],
            ),
            q(
                "police_report_filed",
                Kind::YesNo,
                false,
                "Have you filed a police report? (optional)",
                "¿Presentó una denuncia policial? (opcional)",
            ),
        ],
        R::AtmCashNotDispensed => vec![atm_location()],
        R::AtmPartialCash => vec![
            atm_location(),
            q(
                "amount_received",
                Kind::Amount,
                true,
                "How much cash did you receive?",
                "¿Cuánto efectivo recibió?",
            ),
        ],
        R::AtmCashNotDeposited => vec![
            q(
                "deposit_contents",
                choice(&[
                    ("cash", "Cash", "Efectivo"),
                    ("checks", "Checks", "Cheques"),
                    ("both", "Cash and checks", "Efectivo y cheques"),
                ]),
                true,
                "What did you deposit?",
                "¿Qué depositó?",
            ),
            atm_location(),
        ],
        R::TransferNotReceived
        | R::TransferIncorrectRecipient
        | R::TransferIncorrectAmount
        | R::TransferDuplicateCharge
        | R::TransferFailedCancellation => vec![
            q(
                "recipient_name",
                Kind::Text { max: 100 },
                false,
                "Who was the payment for? (optional)",
                "¿Para quién era el pago? (opcional)",
            ),
            q(
                "confirmation_number",
                Kind::Text { max: 50 },
                false,
                "Confirmation number, if you have one (optional)",
                "Número de confirmación, si lo tiene (opcional)",
            ),
        ],
        r if r.is_fileable() => merchant_block(),
        _ => Vec::new(),
    }
}

/// Questions every reason asks (QUESTIONNAIRE.md section 2).
fn common() -> Vec<Question> {
    vec![
        q(
            "disputed_amount",
            Kind::Amount,
            true,
            "How much are you disputing?",
            "¿Qué monto está disputando?",
        ),
        q(
            "member_explanation",
            Kind::Text { max: 1000 },
            true,
            "In your own words, what went wrong?",
            "Con sus propias palabras, ¿qué salió mal?",
        ),
        q(
            "date_noticed",
            Kind::Date,
            false,
            "When did you notice the problem? (optional)",
            "¿Cuándo notó el problema? (opcional)",
        ),
    ]
}

/// All the questions asked for `reason`, in order.
pub fn questions_for(reason: R) -> Vec<Question> {
    let mut out = specific(reason);
    out.extend(common());
    out
}
