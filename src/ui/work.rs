//! The filing's work behind its views, drawn from the filing part (`parts.rs`) beside both
//! views once the first step is on screen: the questionnaire in force (and with it a draft kept
//! from before a reload, restored), the session notice, the member's open disputes
//! listed for the first step's check, the submission with its retries (and its failure told to
//! the host), and the files' uploads. None of it is needed to draw the first step, so none of it (nor the decoding
//! of disputes it reads) is in the first screen's wasm.

use std::rc::Rc;

use yew::prelude::*;

use super::load::{Load, use_load};
use super::parts::Part;
use super::session::SessionNotice;
use super::uploads::FlowUploads;
use super::{Shared, use_wizard};
use crate::client::ApiError;
use crate::client::retry::RetryPolicy;
use crate::intake::status::in_open_disputes;
use crate::intake::{
    Action, Connection, Failure, Flow, FlowAction, Receipt, Submission, View, create_request,
    is_this_draft,
};

/// The open-disputes check (while the filing is shown), the submission, the uploads.
#[component]
pub fn FilingWork() -> Html {
    let (state, shared) = use_wizard();
    let flow = &state.0.flow;

    // The questionnaire in force: the credit union's `questionnaire` option decoded and checked
    // here, with the filing (a refused one is told to the host, and the built-in one used).
    {
        let dispatch = state.dispatcher();
        let setup = shared.setup.clone();
        use_effect_with((), move |_| {
            let option = setup.questionnaire.clone().map(crate::survey::decode_js);
            let (catalog, refused) = crate::survey::resolve(option);
            // "My disputes" next, when the page is idle.
            Part::Later.preload_when_idle();
            dispatch.dispatch(Action::Flow(FlowAction::Questionnaire(catalog)));
            if let Some(e) = refused {
                let message = e.to_string();
                web_sys::console::warn_1(&format!("dispute-intake: {message}").into());
                setup.host.tell(
                    "error",
                    &[
                        ("code", "invalid_questionnaire".into()),
                        ("message", message.as_str().into()),
                        ("recoverable", true.into()),
                    ],
                );
            }
        });
    }
    // A submission that failed (after the widget's own retries): the host hears it too.
    {
        let host = shared.setup.host.clone();
        let failed = match &flow.submission {
            Submission::Failed(f) => Some(f.clone()),
            _ => None,
        };
        use_effect_with(failed, move |failed| {
            if let Some(f) = failed {
                host.tell_failure(f);
            }
        });
    }

    // Submission, on Submit and on every retry.
    {
        let dispatch = state.dispatcher();
        let shared = shared.clone();
        let flow = flow.clone();
        use_effect_with(flow.submit_attempt, move |_| {
            if flow.submission == Submission::Sending {
                wasm_bindgen_futures::spawn_local(async move {
                    let action = match submit(&shared, &flow).await {
                        Ok(receipt) => FlowAction::Submitted(Rc::new(receipt)),
                        Err(f) => FlowAction::SubmitFailed(f),
                    };
                    dispatch.dispatch(Action::Flow(action));
                });
            }
        });
    }
    let connected = state.0.connection == Connection::Ready;
    let check = connected && state.0.view == View::File;
    html! { <>
        if connected {
            <SessionNotice client={shared.client.clone()} host={shared.setup.host.clone()}
                           locale={shared.setup.locale} />
        }
        <FlowUploads />
        if check {
            <OpenDisputesCheck />
        }
    </> }
}

/// Lists the member's open disputes once the session exists, for the first step's check
/// (mounted then: the first step is shown before). A failure only skips the check: the service
/// refuses a transaction disputed twice anyway.
#[component]
fn OpenDisputesCheck() -> Html {
    let (state, shared) = use_wizard();
    let listed = {
        let client = shared.client.clone();
        use_load((), None, move |_| async move {
            client.list_disputes(1, 100).await
        })
    };
    let dispatch = state.dispatcher();
    use_effect_with(listed.get().clone(), move |listed| match listed {
        Load::Ready(page) => {
            let open = in_open_disputes(&page.items);
            dispatch.dispatch(Action::Flow(FlowAction::Disputed(open)));
        }
        Load::Failed(f) => {
            web_sys::console::warn_1(
                &format!("dispute-intake: could not list open disputes: {}", f.detail).into(),
            );
            dispatch.dispatch(Action::Flow(FlowAction::DisputedUnavailable));
        }
        Load::Loading => {}
    });
    Html::default()
}

/// Creates the dispute, adopting one a lost answer already created (files follow, see
/// `uploads.rs`). Failures that may pass (no answer, 429, 5xx) are tried again a few times
/// with the filing policy before the member is asked; every try after the first looks for the
/// dispute before creating one, so a dispute is never filed twice.
async fn submit(shared: &Shared, flow: &Flow) -> Result<Receipt, Failure> {
    // Options the widget refused are the integrator's to fix, never the service's fault.
    let config = shared.setup.config.as_ref().map_err(Failure::clone)?;
    let dispute = shared
        .client
        .retrying(RetryPolicy::FILING, |attempt| {
            create_once(shared, flow, config, flow.submit_attempt > 1 || attempt > 1)
        })
        .await
        .map_err(|e| Failure::from(&e))?;
    Ok(Receipt { dispute })
}

/// One try: after a failed one the dispute may exist already, so look first (and create
/// nothing if we cannot look).
async fn create_once(
    shared: &Shared,
    flow: &Flow,
    config: &crate::config::Config,
    look_first: bool,
) -> Result<casap_api::DisputeSummary, ApiError> {
    if look_first && let Some(d) = filed_already(shared, flow).await? {
        return Ok(d);
    }
    let signed_at = js_sys::Date::now() as i64;
    let req = create_request(flow, &config.org_uuid, config.member.as_ref(), signed_at);
    match shared.client.create_dispute(&req).await {
        // A success answer we cannot read: the dispute most likely exists. Look for it before
        // the member is told anything, and never call a filing that succeeded a failure.
        Err(ApiError::BadResponse(why)) => filed_already(shared, flow)
            .await?
            .ok_or(ApiError::BadResponse(why)),
        created => created,
    }
}

/// This draft's dispute among the member's newest, if it was filed already.
async fn filed_already(
    shared: &Shared,
    flow: &Flow,
) -> Result<Option<casap_api::DisputeSummary>, ApiError> {
    let page = shared.client.list_disputes(1, 50).await?;
    Ok(page.items.into_iter().find(|d| is_this_draft(d, flow)))
}
