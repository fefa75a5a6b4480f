//! Sending the files once the dispute exists: the driver that starts queued uploads (at most
//! `intake::PARALLEL` at once) and runs each one's attempts with the retry policy, and the list the
//! member watches, with progress, Cancel and, after a final failure, Try again.

use std::rc::Rc;

use web_sys::AbortController;
use yew::prelude::*;

use super::{Shared, State, use_wizard};
use crate::client::retry::RetryPolicy;
use crate::client::{Progress, sleep, upload_body};
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, attempt_of, file_unreadable, files_not_sent, files_received, text};
use crate::intake::{
    Action, Failure, FailureKind, FlowAction, Submission, Upload, UploadEvent, UploadState,
    Uploads, name_list, short_name, wire_name,
};

/// Where a run's reports go: the reducer that holds these uploads.
type Dispatch = Callback<UploadEvent>;

fn report(dispatch: &Dispatch, event: UploadEvent) {
    dispatch.emit(event);
}

/// One file's upload, from encoding to the server's answer, with retries. Reports carry the
/// generation it started with, so a cancelled run's late reports change nothing.
async fn run(shared: Rc<Shared>, dispatch: Dispatch, dispute_uuid: String, upload: Upload) {
    let (id, generation) = (upload.file.id, upload.generation);
    let controller = match AbortController::new() {
        Ok(c) => c,
        Err(_) => return,
    };
    let signal = controller.signal();
    shared.aborts.borrow_mut().insert(id, controller);
    let fail = |failure: Failure| {
        report(
            &dispatch,
            UploadEvent::Failed {
                id,
                generation,
                failure,
            },
        )
    };
    let file = shared.files.borrow().get(&id).cloned();
    let body = match file {
        Some(file) => {
            upload_body(
                &file,
                &wire_name(&upload.file.name),
                upload.file.kind.mime(),
                &|_, _| {},
            )
            .await
        }
        None => Err(crate::client::ApiError::Unreadable(
            "the file is no longer available".into(),
        )),
    };
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            if !signal.aborted() {
                fail(Failure::from(&e));
            }
            return;
        }
    };
    let policy = RetryPolicy::UPLOADS;
    let mut attempt = 1;
    loop {
        let progress: Progress = {
            let dispatch = dispatch.clone();
            Rc::new(move |sent, total| {
                report(
                    &dispatch,
                    UploadEvent::Progress {
                        id,
                        generation,
                        sent,
                        total,
                    },
                )
            })
        };
        // Offline, nothing is sent and no attempt is spent: wait until the network is back.
        while !super::online_now() {
            if sleep(500, &signal).await {
                break;
            }
        }
        let result = shared
            .client
            .upload_file(&dispute_uuid, &body, progress, &signal)
            .await;
        if signal.aborted() {
            break;
        }
        match result {
            Ok(()) => {
                report(&dispatch, UploadEvent::Done { id, generation });
                break;
            }
            Err(e) => match policy.delay_ms(attempt, &e, js_sys::Math::random()) {
                Some(delay_ms) => {
                    report(
                        &dispatch,
                        UploadEvent::Wait {
                            id,
                            generation,
                            attempt,
                            delay_ms,
                        },
                    );
                    if sleep(delay_ms, &signal).await {
                        break;
                    }
                    attempt += 1;
                    report(
                        &dispatch,
                        UploadEvent::Attempt {
                            id,
                            generation,
                            attempt,
                        },
                    );
                }
                None => {
                    fail(Failure::from(&e));
                    break;
                }
            },
        }
    }
    let mut aborts = shared.aborts.borrow_mut();
    if aborts.get(&id).is_some_and(|c| c.signal() == signal) {
        aborts.remove(&id);
    }
}

/// Starts queued `uploads` as slots free up, once the dispute exists, reporting to `dispatch`;
/// aborts them all when the component using it goes away.
#[hook]
pub fn use_upload_driver(
    shared: Rc<Shared>,
    dispute_uuid: Option<String>,
    uploads: &Uploads,
    dispatch: Dispatch,
) {
    let to_start = uploads.to_start();
    // (id, generation) already started: an effect re-run never starts one twice.
    let started = use_mut_ref(Vec::<(u32, u32)>::new);
    {
        let shared = shared.clone();
        let items: Vec<Upload> = to_start
            .iter()
            .filter_map(|id| uploads.get(*id).cloned())
            .collect();
        use_effect_with((dispute_uuid, to_start), move |(uuid, _)| {
            if let Some(uuid) = uuid {
                for upload in items {
                    let run_of = (upload.file.id, upload.generation);
                    if started.borrow().contains(&run_of) {
                        continue;
                    }
                    started.borrow_mut().push(run_of);
                    report(&dispatch, UploadEvent::Start(upload.file.id));
                    wasm_bindgen_futures::spawn_local(run(
                        shared.clone(),
                        dispatch.clone(),
                        uuid.clone(),
                        upload,
                    ));
                }
            }
        });
    }
    {
        // The uploads of the latest render (the list grows after mount): those are aborted.
        let ids = use_mut_ref(Vec::<u32>::new);
        *ids.borrow_mut() = uploads.items.iter().map(|u| u.file.id).collect();
        let aborts = shared.aborts.clone();
        use_effect_with((), move |_| {
            move || {
                let mut aborts = aborts.borrow_mut();
                for id in ids.borrow().iter() {
                    if let Some(c) = aborts.remove(id) {
                        c.abort();
                    }
                }
            }
        });
    }
}

/// The filing flow's uploads: a component that renders nothing, mounted beside both views, so
/// files keep going (and Try again works) while the member looks at "My disputes". Once the
/// dispute exists and every file settled, it tells the host (`submitted`), once.
#[component]
pub fn FlowUploads() -> Html {
    let (state, shared) = use_wizard();
    let flow = &state.0.flow;
    let receipt = match &flow.submission {
        Submission::Done(r) => Some(r.clone()),
        _ => None,
    };
    let dispatch = flow_dispatch(&state);
    use_upload_driver(
        shared.clone(),
        receipt.as_ref().map(|r| r.dispute.uuid.clone()),
        &flow.uploads,
        dispatch,
    );
    let host = shared.setup.host.clone();
    let told = use_mut_ref(|| false);
    let settled = flow.uploads.settled().then_some(flow.uploads.counts());
    use_effect_with((receipt, settled), move |(receipt, settled)| {
        if let (Some(r), Some((up, failed))) = (receipt, settled)
            && !std::mem::replace(&mut *told.borrow_mut(), true)
        {
            host.tell(
                "submitted",
                &[
                    ("uuid", r.dispute.uuid.as_str().into()),
                    ("shortId", r.dispute.short_id.as_str().into()),
                    ("filesUploaded", (*up as u32).into()),
                    ("filesFailed", (*failed as u32).into()),
                ],
            );
        }
    });
    Html::default()
}

/// Reports to the filing flow's reducer.
pub fn flow_dispatch(state: &UseReducerHandle<State>) -> Dispatch {
    state
        .dispatcher()
        .to_callback()
        .reform(|e| Action::Flow(FlowAction::Upload(e)))
}

fn state_text(locale: Locale, name: &str, state: &UploadState) -> String {
    match state {
        UploadState::Failed(f) if f.kind == FailureKind::FileUnreadable => format!(
            "{}: {}",
            text(locale, Msg::UploadFailed),
            file_unreadable(locale, name)
        ),
        UploadState::Queued => text(locale, Msg::UploadQueued).to_owned(),
        UploadState::Sending { attempt: 1 } => text(locale, Msg::UploadSending).to_owned(),
        UploadState::Sending { attempt } | UploadState::Waiting { attempt, .. } => format!(
            "{} {}",
            text(locale, Msg::UploadRetrying),
            attempt_of(locale, *attempt, RetryPolicy::UPLOADS.max_attempts)
        ),
        UploadState::Done => text(locale, Msg::UploadDone).to_owned(),
        UploadState::Failed(f) => format!(
            "{}: {}",
            text(locale, Msg::UploadFailed),
            text(locale, f.kind.message())
        ),
        UploadState::Cancelled => text(locale, Msg::UploadCancelled).to_owned(),
    }
}

#[derive(Properties, PartialEq)]
pub struct UploadListProps {
    pub uploads: Uploads,
    pub on_event: Dispatch,
}

/// Files sent to a dispute and how each is doing, with Cancel and Try again.
#[component]
pub fn UploadList(props: &UploadListProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let uploads = &props.uploads;
    let formats = Formats::of(locale);
    if uploads.items.is_empty() {
        return Html::default();
    }
    let (done, _) = uploads.counts();
    let total = uploads.items.len();
    let failed_names = name_list(
        uploads
            .items
            .iter()
            .filter(|u| matches!(u.state, UploadState::Failed(_)))
            .map(|u| u.file.name.as_str()),
    );
    html! {
        <section class="di-uploads" part="uploads" aria-labelledby="di-uploads-heading">
            <h3 class="di-subheading" id="di-uploads-heading">{ text(locale, Msg::UploadsHeading) }</h3>
            // Announced when a file settles, not at every percent.
            <p class="di-hint" role="status">{ files_received(locale, done, total) }</p>
            // Failures (after every automatic retry) are announced at once, by name; the region
            // is always there so its changes are heard.
            <p class="di-field-error" role="alert">
                if !failed_names.is_empty() { { files_not_sent(locale, &failed_names) } }
            </p>
            <ul class="di-files">
                for u in uploads.items.iter() {
                    { upload_row(u, locale, &formats, &props.on_event, &shared) }
                }
            </ul>
            if !uploads.settled() {
                <p class="di-hint" id="di-uploads-wait">{ text(locale, Msg::UploadsWait) }</p>
            }
        </section>
    }
}

fn upload_row(
    u: &Upload,
    locale: Locale,
    formats: &Formats,
    on_event: &Dispatch,
    shared: &Rc<Shared>,
) -> Html {
    let id = u.file.id;
    let name = short_name(&u.file.name, 48);
    let state = state_text(locale, &name, &u.state);
    let label_id = format!("di-upload-{id}");
    let cancel = {
        let aborts = shared.aborts.clone();
        on_event.reform(move |_: MouseEvent| {
            if let Some(c) = aborts.borrow_mut().remove(&id) {
                c.abort();
            }
            UploadEvent::Cancel(id)
        })
    };
    let retry = on_event.reform(move |_: MouseEvent| UploadEvent::Retry(id));
    let failed = matches!(u.state, UploadState::Failed(_) | UploadState::Cancelled);
    let class = classes!(
        "di-upload",
        failed.then_some("di-failed"),
        (u.state == UploadState::Done).then_some("di-done")
    );
    html! {
        <li key={id} class={class} data-state={state_name(&u.state)}>
            <span class="di-filename" id={label_id.clone()} title={u.file.name.clone()}>{ name }</span>
            { super::files::size_meta(locale, &u.file, formats) }
            <progress max="1000" value={u.permille.to_string()} aria-labelledby={label_id}></progress>
            <span class="di-upload-state">{ state }</span>
            if !u.settled() {
                <button type="button" class="di-button di-secondary di-small" onclick={cancel}
                        aria-label={format!("{} {}", text(locale, Msg::CancelUpload), u.file.name)}>
                    { text(locale, Msg::CancelUpload) }
                </button>
            } else if failed {
                <button type="button" class="di-button di-secondary di-small" onclick={retry}
                        aria-label={format!("{} {}", text(locale, Msg::RetryUpload), u.file.name)}>
                    { text(locale, Msg::RetryUpload) }
                </button>
            }
        </li>
    }
}

/// The stable name of a state, on the row for styling and tests.
fn state_name(state: &UploadState) -> &'static str {
    match state {
        UploadState::Queued => "queued",
        UploadState::Sending { .. } => "sending",
        UploadState::Waiting { .. } => "retrying",
        UploadState::Done => "done",
        UploadState::Failed(_) => "failed",
        UploadState::Cancelled => "cancelled",
    }
}
