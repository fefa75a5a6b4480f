//! The widget's parts after its first screen, each its own wasm file in the package.
//!
//! The first screen (step 1, the session, the frame around every step) is the package's main
//! wasm. The rest of the filing (reason, questions, documents, review, confirmation) is the
//! `filing` part, fetched as soon as step 1 is on screen; "My disputes" (list, detail,
//! documents, reopening, the printed record) is the `later` part, fetched when the network is
//! idle or when the member opens it. Built with the `split` feature (`cargo xtask dist`), each
//! part's function below is a split point: `wasm_split_cli` moves everything only it reaches
//! into the part's file, and calling it fetches and instantiates that file first (once; a
//! failed fetch is tried again on the next call). Without the feature (tests), the parts are in
//! the one module and "loading" one resolves at once.
//!
//! A part, once here, draws synchronously: [`Part::drawn`] returns its drawing function, and
//! [`LaterPart`] shows "Loading…" (or a retryable error) only until the first arrival.

use std::cell::Cell;

use yew::prelude::*;

use super::load::failure_box;
use super::status::StatusView;
use super::steps::{ConfirmationStep, EvidenceStep, QuestionsStep, ReasonStep, ReviewStep};
use super::use_wizard;
use super::work::FilingWork;
use crate::i18n::{Msg, text};
use crate::intake::{Failure, FailureKind, Step};

/// What a part draws.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shown {
    /// A filing step after the first.
    Step(Step),
    /// "My disputes".
    Status,
    /// The filing's work behind the views (`work.rs`): drawn beside both views, it shows
    /// nothing while its part loads.
    Work,
}

/// A part of the widget in its own wasm file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Part {
    Filing,
    Later,
}

impl Shown {
    pub const fn part(self) -> Part {
        match self {
            Self::Step(_) | Self::Work => Part::Filing,
            Self::Status => Part::Later,
        }
    }
}

/// A part's drawing function.
type Draw = fn(Shown) -> Html;

thread_local! {
    /// The parts that have arrived, by [`Part::index`].
    static ARRIVED: [Cell<Option<Draw>>; 2] = const { [Cell::new(None), Cell::new(None)] };
}

/// Why a part is not here: its file could not be fetched or instantiated.
#[derive(Debug)]
pub struct Unloaded;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for Unloaded {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        Self
    }
}

/// One part's split point: with `split`, the function whose body and everything only it
/// reaches go into the part's file; without, an `async fn` answering at once.
macro_rules! split_point {
    ($part:ident, $name:ident, $draw:path) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($part, fallible)]
        fn $name() -> Result<Draw, Unloaded> {
            Ok($draw)
        }

        #[cfg(not(feature = "split"))]
        async fn $name() -> Result<Draw, Unloaded> {
            Ok($draw)
        }
    };
}

split_point!(filing, filing_part, draw_filing);
split_point!(later, later_part, draw_later);

/// The filing steps after the first (the first step is the main module's).
fn draw_filing(shown: Shown) -> Html {
    match shown {
        Shown::Step(Step::Reason) => html! { <ReasonStep /> },
        Shown::Step(Step::Questions) => html! { <QuestionsStep /> },
        Shown::Step(Step::Evidence) => html! { <EvidenceStep /> },
        Shown::Step(Step::Review) => html! { <ReviewStep /> },
        Shown::Step(Step::Confirmation) => html! { <ConfirmationStep /> },
        Shown::Work => html! { <FilingWork /> },
        Shown::Step(Step::Transactions) | Shown::Status => Html::default(),
    }
}

fn draw_later(shown: Shown) -> Html {
    match shown {
        Shown::Status => html! { <StatusView /> },
        Shown::Step(_) | Shown::Work => Html::default(),
    }
}

impl Part {
    const fn index(self) -> usize {
        match self {
            Self::Filing => 0,
            Self::Later => 1,
        }
    }

    /// The part's drawing function, once it is here.
    pub fn drawn(self) -> Option<Draw> {
        ARRIVED.with(|a| a[self.index()].get())
    }

    /// Fetches the part (once: later calls share the first fetch, or start again after a
    /// failure) and keeps its drawing function.
    pub async fn load(self) -> Result<Draw, Unloaded> {
        if let Some(draw) = self.drawn() {
            return Ok(draw);
        }
        let draw = match self {
            Self::Filing => filing_part().await?,
            Self::Later => later_part().await?,
        };
        ARRIVED.with(|a| a[self.index()].set(Some(draw)));
        Ok(draw)
    }

    /// Fetches the part ahead of need; a failure is left for when it is needed.
    pub fn preload(self) {
        if self.drawn().is_none() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = self.load().await;
            });
        }
    }

    /// [`Part::preload`] once the frame being drawn is on screen, so that its fetch never
    /// delays the first screen.
    pub fn preload_after_paint(self) {
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let after = window.clone();
        let then = wasm_bindgen::closure::Closure::once_into_js(move || {
            let go = wasm_bindgen::closure::Closure::once_into_js(move || self.preload());
            let _ = after.set_timeout_with_callback(go.unchecked_ref());
        });
        let _ = window.request_animation_frame(then.unchecked_ref());
    }

    /// [`Part::preload`] once the page is idle (`requestIdleCallback`; a few seconds later
    /// where the engine has none, as Safari).
    pub fn preload_when_idle(self) {
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let then = wasm_bindgen::closure::Closure::once_into_js(move || self.preload());
        let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let _ = match idle {
            Some(idle) => idle.call1(&window, &then).map(drop),
            None => window
                .set_timeout_with_callback_and_timeout_and_arguments_0(then.unchecked_ref(), 3000)
                .map(drop),
        };
    }
}

#[derive(Properties, PartialEq)]
pub struct LaterPartProps {
    pub shown: Shown,
}

/// Draws `shown` from its part: at once when the part is here, else "Loading…" until it is,
/// or an error with Try again (the host told, as for every failure) when it cannot come.
/// The same component either way, so the view it draws is not mounted twice.
#[component]
pub fn LaterPart(props: &LaterPartProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let part = props.shown.part();
    let attempt = use_state(|| 0u32);
    let failed = use_state(|| None::<Failure>);
    let arrived = use_state(|| false);
    {
        let failed = failed.clone();
        let arrived = arrived.clone();
        let host = shared.setup.host.clone();
        use_effect_with((part, *attempt), move |&(part, _)| {
            if part.drawn().is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    match part.load().await {
                        Ok(_) => arrived.set(true),
                        Err(Unloaded) => {
                            let f = Failure {
                                kind: FailureKind::PartUnavailable,
                                detail: format!("{part:?} part could not be fetched"),
                            };
                            host.tell_failure(&f);
                            failed.set(Some(f));
                        }
                    }
                });
            }
        });
    }
    if let Some(draw) = part.drawn() {
        return draw(props.shown);
    }
    if let Some(f) = &*failed {
        let retry = {
            let attempt = attempt.clone();
            let failed = failed.clone();
            Callback::from(move |_: MouseEvent| {
                failed.set(None);
                attempt.set(*attempt + 1);
            })
        };
        return failure_box(locale, f, retry);
    }
    if props.shown == Shown::Work {
        return Html::default();
    }
    html! { <p class="di-status" role="status">{ text(locale, Msg::Loading) }</p> }
}
