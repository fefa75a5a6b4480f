//! The filing flow: steps, the draft, what each step needs before Continue, and what Back and
//! edit-from-review keep (everything).

use crate::sorted::Set;
use std::rc::Rc;

use casap_api::{DisputeReason, DisputeSummary, TransactionDetail};
use serde::{Deserialize, Serialize};

use super::Failure;
use super::reasons::{duplicate_twin, eligibility};
use super::uploads::{FileDraft, UploadEvent, Uploads};
use crate::survey::{self, Answers, Catalog, Item, Problem};

/// The steps of the form, in order, then the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Transactions,
    Reason,
    Questions,
    Evidence,
    Review,
    Confirmation,
}

impl Step {
    /// The steps a member moves through with Continue and Back.
    pub const FORM: [Step; 5] = [
        Step::Transactions,
        Step::Reason,
        Step::Questions,
        Step::Evidence,
        Step::Review,
    ];

    /// 1-based position among the form steps (the confirmation is past the last).
    pub fn number(self) -> usize {
        Self::FORM
            .iter()
            .position(|s| *s == self)
            .map_or(Self::FORM.len() + 1, |i| i + 1)
    }

    /// The stable name in the `stepchange` event.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Transactions => "transactions",
            Self::Reason => "reason",
            Self::Questions => "questions",
            Self::Evidence => "evidence",
            Self::Review => "review",
            Self::Confirmation => "confirmation",
        }
    }

    fn next(self) -> Self {
        Self::FORM
            .get(self.number())
            .copied()
            .unwrap_or(Self::Confirmation)
    }

    fn previous(self) -> Self {
        match self.number() {
            0 | 1 => Self::Transactions,
            n => Self::FORM[(n - 2).min(Self::FORM.len() - 1)],
        }
    }
}

/// What the member has entered so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// Selected transaction uuids, in the order they were picked.
    pub selected: Vec<String>,
    pub reason: Option<DisputeReason>,
    pub answers: Answers,
    pub files: Vec<FileDraft>,
    pub attested: bool,
    /// The member's typed name, as their signature on the attestation.
    pub signature: String,
}

impl Draft {
    /// Whether the member has entered anything worth keeping (or asking before leaving):
    /// a transaction chosen, a reason, an answer or a file.
    pub fn holds_answers(&self) -> bool {
        !(self.selected.is_empty()
            && self.reason.is_none()
            && self.answers.is_empty()
            && self.files.is_empty())
    }
}

/// Why Continue was refused; `field` is the id of the control to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub problem: Issue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    NoTransaction,
    NoReason,
    Answer(Problem),
    NotAttested,
    NoSignature,
    /// Transactions the member chose turned out to be in an open dispute when the list of
    /// them arrived: they were taken off the selection.
    NowDisputed,
}

/// Whether the member's open disputes are known. The first step is shown before they are (the
/// session is still being set up); its Continue waits for them, so nothing the service would
/// refuse as disputed twice gets past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenDisputes {
    /// Not known yet.
    Pending,
    /// Known: [`Flow::disputed`] holds them.
    Known,
    /// Could not be had: the check is skipped (the service refuses a double dispute anyway).
    Unavailable,
}

/// What the member sees after filing (the files' fate is in [`Flow::uploads`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub dispute: DisputeSummary,
}

/// Where the submission is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    Idle,
    /// The effect is creating the dispute (files are sent after, see [`Flow::uploads`]).
    Sending,
    Failed(Failure),
    Done(Rc<Receipt>),
}

/// A file the member had attached: named again after a reload so they can add it once more.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedFile {
    pub name: String,
    pub size: u64,
}

/// The filing flow's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub step: Step,
    pub draft: Draft,
    /// Set by an edit link on the review: Continue returns to the review.
    pub back_to_review: bool,
    pub errors: Vec<Invalid>,
    pub query: String,
    pub transactions: Rc<Vec<TransactionDetail>>,
    /// Transactions already in an open dispute of the member.
    pub disputed: Set<String>,
    /// Whether [`Flow::disputed`] is known yet.
    pub open_disputes: OpenDisputes,
    /// Continue was pressed on the first step before the open disputes were known, or on the
    /// documents step while picked files were still being checked and photos reduced: the flow
    /// goes on by itself when they are.
    pub waiting: bool,
    /// Picks of files still being checked (and their photos reduced): their files join the
    /// draft when done, so Continue from the documents step waits for them.
    pub preparing_files: u32,
    pub now_ms: i64,
    /// Today as `YYYY-MM-DD` for the member.
    pub today: String,
    pub submission: Submission,
    /// Bumped by every submit or retry; the submit effect keys on it.
    pub submit_attempt: u32,
    /// The questionnaire in force (built-in, or the credit union's). In the widget it arrives
    /// with the filing part, after the first step is shown ([`FlowAction::Questionnaire`]);
    /// until then it is empty and `catalog_ready` is false.
    pub catalog: Rc<Catalog>,
    pub catalog_ready: bool,
    /// A draft kept from before a reload, restored once the questionnaire is here (restoring
    /// checks its reason and answers against it). Kept as it was meanwhile.
    pub pending: Option<super::saved::SavedDraft>,
    /// The files' uploads, queued once the dispute exists.
    pub uploads: Uploads,
    /// Files of a draft restored after a reload: the member must add them again.
    pub missing_files: Vec<SavedFile>,
    /// A saved draft was taken back and the member has not yet moved from the step it
    /// reopened on: they are told their answers were kept.
    pub restored: bool,
}

/// What can happen in the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowAction {
    Toggle(String),
    Search(String),
    ChooseReason(DisputeReason),
    Answer(String, String),
    /// A checked file; `id` is chosen by the component that keeps the browser `File`.
    AddFile(FileDraft),
    RemoveFile(u32),
    SetAttested(bool),
    SetSignature(String),
    Continue,
    Back,
    Edit(Step),
    /// A pick of files started being checked (`true`) or was done (`false`): its files were
    /// added before.
    PreparingFiles(bool),
    /// The member's open disputes arrived.
    Disputed(Set<String>),
    /// The member's open disputes could not be listed.
    DisputedUnavailable,
    /// The questionnaire in force arrived (with the filing part).
    Questionnaire(Rc<Catalog>),
    Transactions(Rc<Vec<TransactionDetail>>),
    /// The dispute exists: its files are queued for upload.
    Submitted(Rc<Receipt>),
    Upload(UploadEvent),
    SubmitFailed(Failure),
    RetrySubmit,
}

impl Flow {
    pub fn new(
        transactions: Rc<Vec<TransactionDetail>>,
        now_ms: i64,
        today: String,
        catalog: Rc<Catalog>,
    ) -> Self {
        Self {
            step: Step::Transactions,
            draft: Draft::default(),
            back_to_review: false,
            errors: Vec::new(),
            query: String::new(),
            transactions,
            disputed: Set::new(),
            open_disputes: OpenDisputes::Pending,
            waiting: false,
            preparing_files: 0,
            now_ms,
            today,
            submission: Submission::Idle,
            submit_attempt: 0,
            catalog,
            catalog_ready: true,
            pending: None,
            uploads: Uploads::default(),
            missing_files: Vec::new(),
            restored: false,
        }
    }

    /// The filing as the widget starts it: the questionnaire still to come (with the filing
    /// part), and the kept draft, if any, restored when it comes.
    pub fn awaiting_questionnaire(
        transactions: Rc<Vec<TransactionDetail>>,
        now_ms: i64,
        today: String,
        saved: Option<super::saved::SavedDraft>,
    ) -> Self {
        Self {
            catalog_ready: false,
            pending: saved,
            ..Self::new(transactions, now_ms, today, Rc::new(Catalog::default()))
        }
    }

    /// The selected transactions, in selection order.
    pub fn selected(&self) -> Vec<&TransactionDetail> {
        self.draft
            .selected
            .iter()
            .filter_map(|u| self.transactions.iter().find(|t| &t.uuid == u))
            .collect()
    }

    /// Sum of the selected amounts, in cents.
    pub fn total_cents(&self) -> i64 {
        self.selected()
            .iter()
            .map(|t| t.amount.amount_in_cents.abs())
            .sum()
    }

    /// Reasons that fit every selected transaction, in the catalog's order.
    pub fn allowed_reasons(&self) -> Vec<DisputeReason> {
        let kinds: Vec<_> = self.selected().iter().map(|t| t.kind).collect();
        self.catalog.reasons_for(&kinds)
    }

    /// A selected transaction that looks like a duplicate charge, and its likely original.
    pub fn duplicate(&self) -> Option<(&TransactionDetail, &TransactionDetail)> {
        duplicate_twin(&self.selected(), &self.transactions)
    }

    /// What the questionnaire engine needs besides the answers.
    pub fn survey_context(&self) -> survey::Context {
        let selected = self.selected();
        let mut types: Vec<_> = selected.iter().map(|t| t.kind).collect();
        types.dedup();
        survey::Context {
            today: self.today.clone(),
            total_cents: self.total_cents(),
            types,
            transactions: self.transactions.clone(),
            selected: self.draft.selected.clone(),
            duplicate: self
                .duplicate()
                .map(|(_, original)| original.uuid.clone())
                .filter(|u| !self.draft.selected.contains(u)),
        }
    }

    /// The chosen reason's questions as asked now (none before a reason is chosen).
    pub fn survey(&self) -> Vec<Item<'_>> {
        self.survey_in(&self.survey_context())
    }

    fn survey_in(&self, ctx: &survey::Context) -> Vec<Item<'_>> {
        match self.draft.reason {
            Some(r) => self.catalog.survey(r, &self.draft.answers, ctx),
            None => Vec::new(),
        }
    }

    /// The attestations the member signs on the review, by name.
    pub fn attestations(&self) -> Vec<String> {
        let types: Vec<_> = self.selected().iter().map(|t| t.kind).collect();
        self.draft
            .reason
            .map(|r| survey::attest::applicable(&self.catalog, r, &types))
            .unwrap_or_default()
    }

    /// What blocks Continue on `step`.
    pub fn check(&self, step: Step) -> Vec<Invalid> {
        let invalid = |field: &str, problem| Invalid {
            field: field.to_owned(),
            problem,
        };
        match step {
            Step::Transactions if self.draft.selected.is_empty() => {
                vec![invalid("transactions", Issue::NoTransaction)]
            }
            Step::Reason
                if !self
                    .draft
                    .reason
                    .is_some_and(|r| self.allowed_reasons().contains(&r)) =>
            {
                vec![invalid("reason", Issue::NoReason)]
            }
            Step::Questions => {
                let ctx = self.survey_context();
                survey::validate(&self.survey_in(&ctx), &ctx)
                    .into_iter()
                    .map(|(id, p)| invalid(&id, Issue::Answer(p)))
                    .collect()
            }
            Step::Review => {
                let mut out = Vec::new();
                if !self.draft.attested {
                    out.push(invalid("attest", Issue::NotAttested));
                }
                if self.draft.signature.trim().is_empty() {
                    out.push(invalid("signature", Issue::NoSignature));
                }
                out
            }
            _ => Vec::new(),
        }
    }

    fn go(&mut self, step: Step) {
        self.step = step;
        self.errors.clear();
    }

    /// Continue: the step's problems, or the next step (the review after an edit), or the
    /// submission. The first step waits for the member's open disputes to be known and for the
    /// questionnaire to be here.
    fn go_on(&mut self) {
        self.waiting = false;
        let errors = self.check(self.step);
        if !errors.is_empty() {
            self.errors = errors;
        } else if (self.step == Step::Transactions
            && (self.open_disputes == OpenDisputes::Pending || !self.catalog_ready))
            || (self.step == Step::Evidence && self.preparing_files > 0)
        {
            self.errors.clear();
            self.waiting = true;
        } else if self.step == Step::Review {
            self.errors.clear();
            self.submission = Submission::Sending;
            self.submit_attempt += 1;
        } else if self.back_to_review {
            self.back_to_review = false;
            self.go(Step::Review);
        } else {
            self.go(self.step.next());
        }
    }

    /// The reducer of the flow: pure, no effects.
    pub fn reduce(&self, action: FlowAction) -> Self {
        let mut next = self.clone();
        let locked = matches!(self.submission, Submission::Sending | Submission::Done(_));
        match action {
            FlowAction::Toggle(uuid) if !locked => {
                if let Some(i) = next.draft.selected.iter().position(|u| *u == uuid) {
                    next.draft.selected.remove(i);
                } else if self.transactions.iter().any(|t| {
                    t.uuid == uuid && eligibility(t, self.now_ms, &self.disputed).selectable()
                }) {
                    next.draft.selected.push(uuid);
                }
                if next
                    .draft
                    .reason
                    .is_some_and(|r| !next.allowed_reasons().contains(&r))
                {
                    next.draft.reason = None;
                }
                next.errors.retain(|e| e.field != "transactions");
            }
            FlowAction::Search(q) => next.query = q,
            FlowAction::ChooseReason(r) if !locked && self.allowed_reasons().contains(&r) => {
                next.draft.reason = Some(r);
                next.errors.retain(|e| e.field != "reason");
            }
            FlowAction::Answer(id, value) if !locked => {
                next.errors.retain(|e| e.field != id);
                next.draft.answers.insert(id, value);
            }
            FlowAction::AddFile(file)
                if !locked && !self.draft.files.iter().any(|f| f.id == file.id) =>
            {
                if let Some(i) = next.missing_files.iter().position(|m| m.name == file.name) {
                    next.missing_files.remove(i);
                }
                next.draft.files.push(file);
            }
            FlowAction::RemoveFile(id) if !locked => next.draft.files.retain(|f| f.id != id),
            FlowAction::SetAttested(v) if !locked => {
                next.draft.attested = v;
                next.errors.retain(|e| e.field != "attest");
            }
            FlowAction::SetSignature(s) if !locked => {
                next.draft.signature = s;
                next.errors.retain(|e| e.field != "signature");
            }
            FlowAction::Continue if !locked => next.go_on(),
            FlowAction::Back if !locked && self.step != Step::Transactions => {
                next.back_to_review = false;
                next.go(self.step.previous());
            }
            FlowAction::Edit(step)
                if !locked
                    && self.step == Step::Review
                    && Step::FORM.contains(&step)
                    && step != Step::Review =>
            {
                next.back_to_review = true;
                next.go(step);
            }
            FlowAction::Disputed(set) => {
                next.draft.selected.retain(|u| !set.contains(u) || locked);
                let dropped = next.draft.selected.len() < self.draft.selected.len();
                next.disputed = set;
                next.open_disputes = OpenDisputes::Known;
                if dropped {
                    // Taken back to choose again, whichever step a restored draft was on.
                    next.waiting = false;
                    next.back_to_review = false;
                    next.go(Step::Transactions);
                    next.errors = vec![Invalid {
                        field: "transactions".to_owned(),
                        problem: Issue::NowDisputed,
                    }];
                } else if self.waiting {
                    next.go_on();
                }
            }
            FlowAction::PreparingFiles(true) => next.preparing_files += 1,
            FlowAction::PreparingFiles(false) => {
                next.preparing_files = self.preparing_files.saturating_sub(1);
                if self.waiting && self.step == Step::Evidence && next.preparing_files == 0 {
                    next.go_on();
                }
            }
            FlowAction::Questionnaire(catalog) => {
                next.catalog = catalog;
                next.catalog_ready = true;
                if let Some(saved) = next.pending.take() {
                    // Restored as at mount: the open disputes, if known, then taken out of it
                    // with the member told, as when they arrive after the restore.
                    let known = std::mem::replace(&mut next.open_disputes, OpenDisputes::Pending);
                    let disputed = std::mem::take(&mut next.disputed);
                    next = next.restore(saved);
                    match known {
                        OpenDisputes::Known => next = next.reduce(FlowAction::Disputed(disputed)),
                        other => next.open_disputes = other,
                    }
                    // The restored step is where the member lands: not a move of theirs.
                    return next;
                } else if self.waiting {
                    next.go_on();
                }
            }
            FlowAction::DisputedUnavailable => {
                next.open_disputes = OpenDisputes::Unavailable;
                if self.waiting {
                    next.go_on();
                }
            }
            FlowAction::Transactions(list) => {
                next.draft
                    .selected
                    .retain(|u| list.iter().any(|t| &t.uuid == u));
                next.transactions = list;
            }
            FlowAction::Submitted(receipt) if self.submission == Submission::Sending => {
                next.submission = Submission::Done(receipt);
                next.step = Step::Confirmation;
                next.uploads = Uploads::queue(&self.draft.files);
            }
            FlowAction::Upload(event) => next.uploads = self.uploads.reduce(event),
            FlowAction::SubmitFailed(f) if self.submission == Submission::Sending => {
                next.submission = Submission::Failed(f);
            }
            FlowAction::RetrySubmit if matches!(self.submission, Submission::Failed(_)) => {
                next.submission = Submission::Sending;
                next.submit_attempt += 1;
            }
            _ => {}
        }
        if next.step != self.step || next.missing_files.len() != self.missing_files.len() {
            next.restored = false;
        }
        next
    }
}
