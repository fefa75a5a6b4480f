//! Step 2: the reason, among those that fit every selected transaction.

use yew::prelude::*;

use super::super::fields::{error_id, field_error, field_id};
use super::super::use_wizard;
use crate::i18n::format::Formats;
use casap_api::{DisputeReason, TransactionType};

use crate::i18n::{Msg, looks_duplicate, reason_text, text};
use crate::intake::{Action, FlowAction};

#[component]
pub fn ReasonStep() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let formats = Formats::of(locale);
    let invalid = flow.errors.iter().any(|e| e.field == "reason");
    let allowed = flow.allowed_reasons();
    // Same merchant and amount within a few days: suggest the duplicate-charge reason.
    let duplicate = flow.duplicate().and_then(|(dup, _)| {
        let reason = if matches!(
            dup.kind,
            TransactionType::DebitCard | TransactionType::CreditCard
        ) {
            DisputeReason::MerchantDuplicateCharge
        } else {
            DisputeReason::TransferDuplicateCharge
        };
        allowed.contains(&reason).then(|| {
            let amount = formats.money(dup.amount.amount_in_cents, &dup.amount.currency);
            looks_duplicate(
                locale,
                &dup.merchant,
                &amount,
                reason_text(locale, reason).0,
            )
        })
    });
    html! {
        <fieldset id={field_id("reason")} tabindex="-1" class="di-fieldset"
                  aria-invalid={invalid.then_some("true")}
                  aria-describedby={invalid.then(|| error_id("reason"))}>
            <legend class="di-legend">{ text(locale, Msg::ReasonIntro) }</legend>
            { field_error(&flow.errors, "reason", locale, &formats) }
            if let Some(note) = duplicate {
                <p class="di-notice" role="note">{ note }</p>
            }
            for r in allowed {
                {{
                    let (name, hint) = reason_text(locale, r);
                    let id = format!("di-reason-{}", r.as_wire());
                    let hint_id = format!("{id}-hint");
                    let choose = state
                        .dispatcher()
                        .to_callback()
                        .reform(move |_: Event| Action::Flow(FlowAction::ChooseReason(r)));
                    html! {
                        <div class="di-option" key={r.as_wire()}>
                            <input type="radio" name="di-reason" id={id.clone()} class="di-radio"
                                   checked={flow.draft.reason == Some(r)} onchange={choose}
                                   aria-describedby={hint_id.clone()} />
                            <label for={id} class="di-option-label">
                                <span class="di-option-name">{ name }</span>
                                <span class="di-option-hint" id={hint_id}>{ hint }</span>
                            </label>
                        </div>
                    }
                }}
            }
        </fieldset>
    }
}
