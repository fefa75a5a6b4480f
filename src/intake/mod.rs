//! The intake's pure domain: connection state, the filing flow, eligibility and reasons, the
//! request built from a draft, and the transaction rows the first step shows. No I/O and no
//! web-sys here: everything is tested with `cargo test`.

mod flow;
pub mod list;
pub mod notice;
pub mod photo;
mod reasons;
mod request;
pub mod saved;
pub mod status;
mod uploads;

pub use flow::{Draft, Flow, FlowAction, Invalid, Issue, OpenDisputes, Receipt, Step, Submission};
pub use reasons::{Eligibility, WINDOW_MS, duplicate_twin, eligibility, when_ms};
pub use request::{create_request, is_this_draft};
pub use uploads::{
    FileDraft, FileRules, PARALLEL, Refusal, Upload, UploadEvent, UploadState, Uploads, name_list,
    short_name, wire_name,
};

use casap_api::TransactionType;
use serde::Deserialize;

use crate::client::ApiError;
use crate::i18n::Msg;

/// Why the widget cannot go on, as integrators (the `error` event) and members (the message
/// shown) need to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    InvalidOptions,
    Unauthenticated,
    Network,
    Server,
    BadResponse,
    Rejected,
    NoToken,
    /// A file on the member's device could not be read: nothing reached the service.
    FileUnreadable,
    /// The widget could not prepare a request on this device: nothing reached the service.
    Local,
    /// A part of the widget (its own wasm file: the rest of the filing, "My disputes") could
    /// not be fetched: nothing reached the service.
    PartUnavailable,
}

impl FailureKind {
    /// The stable `code` of the `error` event.
    pub const fn code(self) -> &'static str {
        match self {
            Self::InvalidOptions => "invalid_options",
            Self::Unauthenticated => "unauthenticated",
            Self::Network => "network",
            Self::Server => "server_unavailable",
            Self::BadResponse => "bad_response",
            Self::Rejected => "rejected",
            Self::NoToken => "no_token",
            Self::FileUnreadable => "file_unreadable",
            Self::Local => "local_error",
            Self::PartUnavailable => "part_unavailable",
        }
    }

    /// What the member reads.
    pub const fn message(self) -> Msg {
        match self {
            Self::InvalidOptions => Msg::ErrorInvalidOptions,
            Self::Unauthenticated => Msg::ErrorUnauthenticated,
            Self::Network => Msg::ErrorNetwork,
            Self::Server => Msg::ErrorServer,
            Self::BadResponse => Msg::ErrorBadResponse,
            Self::Rejected => Msg::ErrorRejected,
            Self::NoToken => Msg::ErrorNoToken,
            Self::FileUnreadable => Msg::ErrorFileUnreadable,
            Self::Local => Msg::ErrorLocal,
            Self::PartUnavailable => Msg::ErrorPartUnavailable,
        }
    }

    /// Whether "Try again" is offered (and `recoverable` in the event).
    pub const fn recoverable(self) -> bool {
        matches!(
            self,
            Self::Network
                | Self::Server
                | Self::BadResponse
                | Self::NoToken
                | Self::FileUnreadable
                | Self::Local
                | Self::PartUnavailable
        )
    }
}

/// A failure with the developer-facing detail for the `error` event and the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub detail: String,
}

impl From<&ApiError> for Failure {
    fn from(e: &ApiError) -> Self {
        let kind = match e {
            ApiError::Network => FailureKind::Network,
            ApiError::Unauthenticated(_) => FailureKind::Unauthenticated,
            ApiError::Unavailable { .. } => FailureKind::Server,
            ApiError::Rejected { .. } => FailureKind::Rejected,
            ApiError::BadResponse(_) => FailureKind::BadResponse,
            ApiError::NoToken(_) => FailureKind::NoToken,
            ApiError::Unreadable(_) => FailureKind::FileUnreadable,
            ApiError::Local(_) => FailureKind::Local,
        };
        Self {
            kind,
            detail: e.to_string(),
        }
    }
}

/// The member filing, as the host knows them.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Member {
    pub uuid: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub account_uuid: String,
}

/// Which view the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    File,
    /// "My disputes": the member's disputes, their status, reopening.
    Status,
}

/// Where the widget is with the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Ready,
    Failed(Failure),
}

/// The state of one mounted widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeState {
    pub connection: Connection,
    /// Bumped by every (re)connection attempt; effects key on it.
    pub attempt: u32,
    pub flow: Flow,
    /// Filing, or "My disputes"; the host's `view` option picks the first.
    pub view: View,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The member asked to try again after a recoverable failure.
    Retry,
    Connected,
    Failed(Failure),
    /// The host changed how the widget connects (`update()`), or broke its options.
    Configured(Result<(), Failure>),
    Flow(FlowAction),
    /// The member follows a link between filing and "My disputes".
    Show(View),
}

impl IntakeState {
    /// A widget that starts connecting, or one that failed before it could (bad options).
    pub fn new(start: Result<(), Failure>, flow: Flow) -> Self {
        Self {
            connection: match start {
                Ok(()) => Connection::Connecting,
                Err(f) => Connection::Failed(f),
            },
            attempt: 0,
            flow,
            view: View::File,
        }
    }

    /// The reducer: pure, no effects.
    pub fn reduce(&self, action: Action) -> Self {
        let mut next = self.clone();
        match action {
            Action::Retry => {
                if let Connection::Failed(f) = &self.connection
                    && f.kind.recoverable()
                {
                    next.connection = Connection::Connecting;
                    next.attempt += 1;
                }
            }
            Action::Connected => {
                if self.connection == Connection::Connecting {
                    next.connection = Connection::Ready;
                }
            }
            Action::Failed(f) => next.connection = Connection::Failed(f),
            Action::Configured(Err(f)) => next.connection = Connection::Failed(f),
            Action::Configured(Ok(())) => {
                if self.connection != Connection::Connecting {
                    next.connection = Connection::Connecting;
                    next.attempt += 1;
                }
            }
            Action::Flow(a) => next.flow = self.flow.reduce(a),
            // Never away from a dispute being created: its answer must land on the flow.
            Action::Show(view) if self.flow.submission != Submission::Sending => next.view = view,
            Action::Show(_) => {}
        }
        next
    }
}

/// `items` ordered by `key`, smallest first; equal keys keep their order. Every list the widget
/// orders goes through here, so the wasm carries one sort (of `(key, index)` pairs) rather than
/// one per item type (each costs about 1 KB gzip).
pub fn sorted_by<T>(items: Vec<T>, key: impl Fn(&T) -> i64) -> Vec<T> {
    let order = order_by(items.iter().map(key).collect());
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Indexes of `keys` in ascending order, equal keys in their order. For newest first, order by
/// `!time` (bitwise not: reverses the order and, unlike negation, cannot overflow).
pub fn order_by(keys: Vec<i64>) -> Vec<usize> {
    let mut pairs: Vec<(i64, usize)> = keys.into_iter().zip(0..).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// The member-facing name of a transaction type.
pub const fn type_message(kind: TransactionType) -> Msg {
    match kind {
        TransactionType::DebitCard => Msg::TypeDebitCard,
        TransactionType::CreditCard => Msg::TypeCreditCard,
        TransactionType::Atm => Msg::TypeAtm,
        TransactionType::Ach => Msg::TypeAch,
        TransactionType::Transfer => Msg::TypeTransfer,
        TransactionType::CreditAtm => Msg::TypeCreditAtm,
        TransactionType::CreditAch => Msg::TypeCreditAch,
        TransactionType::CreditTransfer => Msg::TypeCreditTransfer,
        TransactionType::Unknown => Msg::TypeOther,
    }
}

#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod tests;
