//! Message catalogs (English built in; Spanish from its pack, `pack.rs`; a credit union's own
//! wording and languages, `custom.rs`) and locale selection.
//!
//! Every user-visible string goes through [`text`]. Formatting of amounts and dates uses the
//! browser's `Intl` (see `format.rs`) rather than shipping locale data in the wasm.

pub mod custom;
#[cfg(target_arch = "wasm32")]
pub mod format;
pub mod pack;
mod reasons;

pub use reasons::reason_text;

/// A language the widget speaks: English, Spanish, or wording a credit union gave (the
/// `messages` option: its overrides of English or Spanish, or a language of its own), by its
/// number in `custom.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Locale {
    #[default]
    En,
    Es,
    Custom(u16),
}

/// The language whose texts a locale reads where it has none of its own: sentences with numbers
/// and names in them, reasons, the built-in questionnaire, and messages a pack lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    En,
    Es,
}

impl Base {
    pub const fn locale(self) -> Locale {
        match self {
            Self::En => Locale::En,
            Self::Es => Locale::Es,
        }
    }
}

impl Locale {
    /// The language this locale falls back to.
    pub fn base(self) -> Base {
        match self {
            Self::En => Base::En,
            Self::Es => Base::Es,
            Self::Custom(id) => custom::base(id),
        }
    }

    /// Reads a BCP 47 tag (`es`, `es-MX`, `EN_us`); `None` for languages without a catalog.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let lang = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match lang.as_str() {
            "en" => Some(Self::En),
            "es" => Some(Self::Es),
            _ => None,
        }
    }

    /// The BCP 47 tag handed to `Intl` and set as the widget's `lang`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en-US",
            Self::Es => "es-US",
            Self::Custom(id) => custom::tag(id),
        }
    }
}

/// Defines [`Msg`] and `Msg::ALL` from one list, so the translation test sees every message.
macro_rules! messages {
    ($($name:ident),* $(,)?) => {
        /// Every message the widget shows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($name,)*
        }

        impl Msg {
            /// Every message, in declaration order (for tests).
            #[cfg(test)]
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// Every message's name, in declaration order: the keys of a language pack.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)*];
        }
    };
}

messages! {
    WidgetLabel,
    Connecting,
    TransactionsHeading,
    TransactionsIntro,
    NoTransactions,
    Pending,
    Settled,
    TypeDebitCard,
    TypeCreditCard,
    TypeAtm,
    TypeAch,
    TypeTransfer,
    TypeCreditAtm,
    TypeCreditAch,
    TypeCreditTransfer,
    TypeOther,
    ErrorHeading,
    ErrorInvalidOptions,
    ErrorUnauthenticated,
    ErrorNetwork,
    ErrorServer,
    ErrorBadResponse,
    ErrorRejected,
    ErrorNoToken,
    ErrorFileUnreadable,
    ErrorPartUnavailable,
    ErrorLocal,
    TryAgain,
    StepTransactions,
    StepReason,
    StepQuestions,
    StepEvidence,
    StepReview,
    StepConfirmation,
    Continue,
    Back,
    Submit,
    Edit,
    SearchLabel,
    NoMatches,
    EligibilityPending,
    EligibilityDisputed,
    EligibilityLate,
    ReasonIntro,
    Yes,
    No,
    ChooseOne,
    AmountHint,
    EvidenceIntro,
    ChooseFiles,
    Remove,
    NoFiles,
    FileEmpty,
    FileTooLarge,
    FileUnsupportedContent,
    FileUnsupportedName,
    FileMismatch,
    FileRefused,
    FileDoubleExtension,
    FileNotAccepted,
    FileAlreadyAttached,
    TakePhoto,
    DropHint,
    PreparingFiles,
    UploadQueued,
    UploadSending,
    UploadRetrying,
    UploadDone,
    UploadFailed,
    UploadCancelled,
    CancelUpload,
    RetryUpload,
    UploadsWait,
    UploadsHeading,
    Offline,
    StaySignedIn,
    SessionEnded,
    SessionAsking,
    SessionNotExtended,
    SessionExtended,
    DraftRestored,
    ShowMore,
    StatusOpen,
    StatusClosed,
    StatusInProgress,
    StatusInvestigating,
    StatusChargeback,
    StatusFinalDecision,
    DecisionAccepted,
    DecisionDenied,
    DecisionCanceled,
    EventFiled,
    EventAgentAssigned,
    EventFileAdded,
    EventReopened,
    EventMessage,
    EventSentToTeam,
    EventProvisionalCredit,
    EventNetworkReview,
    EventCreditReversed,
    EventDecision,
    EventProgress,
    MyDisputes,
    NoDisputes,
    FindCase,
    FindCaseHint,
    Find,
    ShowAll,
    CaseNotFound,
    CaseNumberInvalid,
    FiledOn,
    Disputed,
    ProvisionalCredit,
    FinalCredit,
    ReversedCredit,
    DecisionDue,
    HandledBy,
    Timeline,
    Reopen,
    ReopenIntro,
    ReopenConfirm,
    ReopenChooseOne,
    Reopened,
    Cancel,
    AllDisputes,
    SeeDetails,
    PreviousPage,
    NextPage,
    AddDocuments,
    SendDocuments,
    SeeMyDisputes,
    FileNewDispute,
    CancelAsk,
    PrintCopy,
    RecordTitle,
    RecordFiled,
    RecordSignedBy,
    RecordDocuments,
    RecordFromService,
    CancelKept,
    CancelLeave,
    CancelStay,
    Loading,
    TransactionsInDispute,
    ReviewTransactions,
    ReviewReason,
    ReviewAnswers,
    ReviewFiles,
    AttestLabel,
    SignatureLabel,
    ErrorSummary,
    ErrNoTransaction,
    ErrNowDisputed,
    CheckingDisputes,
    ErrNoReason,
    ErrRequired,
    ErrBadDate,
    ErrFutureDate,
    ErrBadAmount,
    ErrBadChoice,
    ErrNotAttested,
    ErrNoSignature,
    Submitting,
    SubmitFailed,
    CaseNumber,
    NextSteps,
    NextStepsRegE,
    NextStepsRegZ,
    DisputedItems,
    FilterType,
    AllTypes,
    FilterDate,
    AnyTime,
    Done,
    Optional,
    RequiredNote,
    ErrBadNumber,
    SwitchReason,
    LiabilityWithin,
    LiabilityAfter,
    LiabilityCredit,
    DocumentsHint,
    AttestIntro,
    NetworkWait,
    LateClaim,
}

/// The text of `msg` in `locale`: English is built in, other languages come from their pack
/// (`pack.rs`), and read in English until it is installed or where it lacks the message.
pub fn text(locale: Locale, msg: Msg) -> &'static str {
    if let Locale::Custom(id) = locale
        && let Some(t) = custom::message(id, msg)
    {
        return t;
    }
    match locale.base() {
        Base::En => en(msg),
        Base::Es => pack::message(Locale::Es, msg).unwrap_or_else(|| en(msg)),
    }
}

fn en(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        WidgetLabel => "Dispute a transaction",
        Connecting => "Connecting securely…",
        TransactionsHeading => "Your recent transactions",
        TransactionsIntro => "Choose the transactions you want to dispute.",
        NoTransactions => "There are no transactions to show.",
        Pending => "Pending",
        Settled => "Posted",
        TypeDebitCard => "Debit card",
        TypeCreditCard => "Credit card",
        TypeAtm => "ATM withdrawal",
        TypeAch => "Automatic payment (ACH)",
        TypeTransfer => "Transfer",
        TypeCreditAtm => "ATM deposit",
        TypeCreditAch => "Direct deposit (ACH)",
        TypeCreditTransfer => "Incoming transfer",
        TypeOther => "Transaction",
        ErrorHeading => "We can't open disputes right now",
        ErrorInvalidOptions => {
            "This page is not set up correctly for disputes. Please contact your credit union."
        }
        ErrorUnauthenticated => {
            "We couldn't confirm your sign-in. Please sign out and sign in again, then retry."
        }
        ErrorNetwork => {
            "We couldn't reach the dispute service. Check your connection and try again."
        }
        ErrorServer => "The dispute service is having trouble. Please try again in a moment.",
        ErrorBadResponse => {
            "The dispute service sent an answer we couldn't read. Please try again."
        }
        ErrorRejected => "The dispute service turned down this request.",
        ErrorNoToken => "Your online-banking session couldn't be renewed. Please sign in again.",
        ErrorFileUnreadable => "We couldn't read this file from your device. Choose it again.",
        ErrorPartUnavailable => {
            "This part of the page could not be loaded. Check your connection and try again."
        }
        ErrorLocal => {
            "Something on this device kept us from sending your request; nothing was sent. Your answers are kept: please try again."
        }
        TryAgain => "Try again",
        StepTransactions => "Which transactions do you want to dispute?",
        StepReason => "What went wrong?",
        StepQuestions => "Tell us what happened",
        StepEvidence => "Add documents (optional)",
        StepReview => "Review and submit",
        StepConfirmation => "Your dispute was submitted",
        Continue => "Continue",
        Back => "Back",
        Submit => "Submit dispute",
        Edit => "Edit",
        SearchLabel => "Search by merchant",
        NoMatches => "No transactions match your search.",
        EligibilityPending => "Pending: you can dispute it once it posts.",
        EligibilityDisputed => "Already in an open dispute.",
        EligibilityLate => "More than 60 days old: you can still dispute it, but it may be late.",
        ReasonIntro => "Choose the reason that fits best.",
        Yes => "Yes",
        No => "No",
        ChooseOne => "Choose one",
        AmountHint => "For example 12.50",
        EvidenceIntro => {
            "Receipts, photos, screenshots or statements help us resolve your dispute."
        }
        ChooseFiles => "Choose files",
        Remove => "Remove",
        NoFiles => "No documents added.",
        FileEmpty => "the file is empty",
        FileTooLarge => "the file is larger than the limit",
        FileUnsupportedContent => "it is not a PDF, JPEG, PNG or HEIC file",
        FileUnsupportedName => "its name must end in .pdf, .jpg, .png or .heic",
        FileMismatch => "its name does not match its content",
        FileRefused => "This file was not added",
        FileDoubleExtension => {
            "its name hides a second extension: rename it to end in just one, like receipt.jpg"
        }
        FileNotAccepted => "your credit union does not accept this type of file here",
        FileAlreadyAttached => "it is already attached",
        TakePhoto => "Take a photo",
        DropHint => "You can also drag files here, or paste a screenshot.",
        PreparingFiles => "Checking your files and making photos smaller to send…",
        UploadQueued => "Waiting to send",
        UploadSending => "Sending",
        UploadRetrying => "Connection trouble: trying again",
        UploadDone => "Received",
        UploadFailed => "Not sent",
        UploadCancelled => "Cancelled: not sent",
        CancelUpload => "Cancel",
        RetryUpload => "Try again",
        UploadsWait => "Keep this page open until your documents are sent.",
        UploadsHeading => "Your documents",
        Offline => {
            "You are offline. Your answers are kept here, and sending will continue when you are back online."
        }
        StaySignedIn => "Stay signed in",
        SessionEnded => {
            "Your secure session has ended. Your answers are kept here. Select Stay signed in to continue, or sign in to online banking again."
        }
        SessionAsking => "Asking your credit union to keep you signed in…",
        SessionNotExtended => {
            "Your session could not be extended. Your answers are kept here; sign in to online banking again to submit them."
        }
        SessionExtended => "You are still signed in. Carry on where you were.",
        DraftRestored => {
            "Welcome back: the answers you gave before were kept. Carry on where you were."
        }
        ShowMore => "Show more transactions",
        StatusOpen => "Open",
        StatusClosed => "Closed",
        StatusInProgress => "In progress",
        StatusInvestigating => "Being investigated",
        StatusChargeback => "With the card network",
        StatusFinalDecision => "Decision made",
        DecisionAccepted => "Decided in your favor",
        DecisionDenied => "Decided against your claim",
        DecisionCanceled => "Dispute withdrawn",
        EventFiled => "Dispute filed",
        EventAgentAssigned => "A specialist took your case",
        EventFileAdded => "Document received",
        EventReopened => "Dispute reopened",
        EventMessage => "Message about your case",
        EventSentToTeam => "Sent to the dispute team",
        EventProvisionalCredit => "Provisional credit given",
        EventNetworkReview => "Reviewed with the card network",
        EventCreditReversed => "Provisional credit reversed",
        EventDecision => "Decision recorded",
        EventProgress => "Your case moved forward",
        MyDisputes => "My disputes",
        NoDisputes => "You have no disputes yet.",
        FindCase => "Case number",
        FindCaseHint => "From a letter or email, for example CSP-1234.",
        Find => "Find",
        ShowAll => "Show all",
        CaseNotFound => "No dispute of yours has that case number. Check it and try again.",
        CaseNumberInvalid => "Enter a case number like CSP-1234.",
        FiledOn => "Filed",
        Disputed => "Disputed",
        ProvisionalCredit => "Provisional credit",
        FinalCredit => "Final credit",
        ReversedCredit => "Credit reversed",
        DecisionDue => "Decision due by",
        HandledBy => "Handled by",
        Timeline => "What has happened",
        Reopen => "Reopen this dispute",
        ReopenIntro => "Choose the closed transactions you want us to look at again.",
        ReopenConfirm => "Reopen selected",
        ReopenChooseOne => "Choose at least one transaction to reopen.",
        Reopened => "Reopened. We will review it again and keep you posted.",
        Cancel => "Cancel",
        AllDisputes => "All my disputes",
        SeeDetails => "See details",
        PreviousPage => "Previous",
        NextPage => "Next",
        AddDocuments => "Add documents to this dispute",
        SendDocuments => "Send documents",
        SeeMyDisputes => "Check on a dispute you filed",
        FileNewDispute => "File a new dispute",
        CancelAsk => "Leave without filing? Your dispute has not been sent.",
        PrintCopy => "Save or print a copy",
        RecordTitle => "Your dispute: a copy for your records",
        RecordFiled => "Filed",
        RecordSignedBy => "Signed by",
        RecordDocuments => "Documents received",
        RecordFromService => {
            "This copy shows what the dispute service keeps about your dispute. Your answers \
             and your signature are in the copy you could save when you filed it."
        }
        CancelKept => "Your answers are kept in this tab for when you come back.",
        CancelLeave => "Leave without filing",
        CancelStay => "Stay and finish",
        Loading => "Loading…",
        TransactionsInDispute => "Transactions",
        ReviewTransactions => "Transactions",
        ReviewReason => "Reason",
        ReviewAnswers => "Your answers",
        ReviewFiles => "Documents",
        AttestLabel => "I have read these statements, and I confirm and agree to them.",
        SignatureLabel => "Type your full name as your signature",
        ErrorSummary => "Please fix the following:",
        ErrNoTransaction => "Select at least one transaction.",
        ErrNowDisputed => {
            "A transaction you chose is already in an open dispute, so we took it off your \
             choice. Check what you chose, then continue."
        }
        CheckingDisputes => {
            "Checking which transactions are already in a dispute… You will go on as soon as \
             we know."
        }
        ErrNoReason => "Choose a reason.",
        ErrRequired => "Answer this question.",
        ErrBadDate => "Enter a real date.",
        ErrFutureDate => "Enter a date that is not in the future.",
        ErrBadAmount => "Enter an amount such as 12.50.",
        ErrBadChoice => "Choose one of the options.",
        ErrNotAttested => "Check the box to confirm the statement.",
        ErrNoSignature => "Type your name to sign.",
        Submitting => "Submitting your dispute…",
        SubmitFailed => "We couldn't submit your dispute. Nothing you entered is lost.",
        CaseNumber => "Case number",
        NextSteps => "What happens next",
        NextStepsRegE => {
            "We will tell you our decision within 10 business days. If we need more time, we may \
             take up to 45 days (90 for some transactions), and we will provisionally credit the \
             amount to your account within 10 business days while we investigate. We will give \
             you the results within 3 business days of finishing, and you may ask for the \
             documents we relied on."
        }
        NextStepsRegZ => {
            "You do not have to pay the disputed amount while we investigate. We will acknowledge \
             your dispute within 30 days and resolve it within two billing cycles (at most 90 \
             days)."
        }
        DisputedItems => "Disputed transactions",
        FilterType => "Type",
        AllTypes => "All types",
        FilterDate => "Date",
        AnyTime => "Any time",
        Done => "Done",
        Optional => "(optional)",
        RequiredNote => "Answer every question not marked (optional).",
        ErrBadNumber => "Enter a whole number, such as 2.",
        SwitchReason => "Switch to this reason",
        LiabilityWithin => {
            "Because you are telling us within 2 business days of learning your card was lost or stolen, the most you can owe for unauthorized use is $50."
        }
        LiabilityAfter => {
            "Because more than 2 business days have passed since you learned your card was lost or stolen, you may owe up to $500 for unauthorized use before you told us. Unauthorized transfers you do not report within 60 days of the statement that shows them may not be covered."
        }
        LiabilityCredit => "For a credit card, the most you can owe for unauthorized use is $50.",
        DocumentsHint => "Worth attaching, if you have them (never required):",
        AttestIntro => "By signing, you state:",
        NetworkWait => {
            "For some card disputes the card network requires a short wait, for example 15 days after a return or a promised delivery date, before we contact the merchant's bank. Your dispute is filed now and nothing more is needed from you for that."
        }
        LateClaim => {
            "Some of these transactions are more than 60 days old. You can still file; we will review whether the time limits affect your claim."
        }
    }
}

/// "Step 2 of 5: What went wrong?"
pub fn step_of(locale: Locale, n: usize, total: usize, title: &str) -> String {
    match locale.base() {
        Base::En => format!("Step {n} of {total}: {title}"),
        Base::Es => format!("Paso {n} de {total}: {title}"),
    }
}

/// "Use at most 500 characters."
pub fn too_long(locale: Locale, max: usize) -> String {
    match locale.base() {
        Base::En => format!("Use at most {max} characters."),
        Base::Es => format!("Use como máximo {max} caracteres."),
    }
}

/// "Enter at most $40.00."
pub fn at_most(locale: Locale, amount: &str) -> String {
    match locale.base() {
        Base::En => format!("Enter at most {amount}."),
        Base::Es => format!("Ingrese como máximo {amount}."),
    }
}

/// The message of an answer outside its range; the bounds come formatted (money or a number).
pub fn out_of_range(locale: Locale, min: Option<String>, max: Option<String>) -> String {
    match (locale.base(), min, max) {
        (Base::En, Some(lo), Some(hi)) => format!("Enter a value from {lo} to {hi}."),
        (Base::En, Some(lo), None) => format!("Enter at least {lo}."),
        (Base::En, None, Some(hi)) => format!("Enter at most {hi}."),
        (Base::Es, Some(lo), Some(hi)) => format!("Ingrese un valor de {lo} a {hi}."),
        (Base::Es, Some(lo), None) => format!("Ingrese al menos {lo}."),
        (Base::Es, None, Some(hi)) => format!("Ingrese como máximo {hi}."),
        (_, None, None) => String::new(),
    }
}

/// An amount that must be below another question's answer.
pub fn not_below(locale: Locale, other: &str) -> String {
    match locale.base() {
        Base::En => format!("Enter less than your answer to “{other}”."),
        Base::Es => format!("Ingrese menos que su respuesta a “{other}”."),
    }
}

/// A date that must not come before another question's answer.
pub fn before(locale: Locale, other: &str) -> String {
    match locale.base() {
        Base::En => format!("Enter a date on or after your answer to “{other}”."),
        Base::Es => format!("Ingrese una fecha igual o posterior a su respuesta a “{other}”."),
    }
}

/// "This sounds like “I didn't make this transaction”."
pub fn sounds_like(locale: Locale, reason: &str) -> String {
    match locale.base() {
        Base::En => format!("This sounds like “{reason}”."),
        Base::Es => format!("Esto parece “{reason}”."),
    }
}

/// The duplicate-charge suggestion on the reason step.
pub fn looks_duplicate(locale: Locale, merchant: &str, amount: &str, reason: &str) -> String {
    match locale.base() {
        Base::En => format!(
            "{merchant} charged {amount} twice within a few days. If you paid once and were \
             charged twice, choose “{reason}”."
        ),
        Base::Es => format!(
            "{merchant} cobró {amount} dos veces en pocos días. Si pagó una vez y le cobraron \
             dos, elija “{reason}”."
        ),
    }
}

/// "Last 30 days"
pub fn last_days(locale: Locale, days: i64) -> String {
    match locale.base() {
        Base::En => format!("Last {days} days"),
        Base::Es => format!("Últimos {days} días"),
    }
}

/// "3 selected"
pub fn selected_count(locale: Locale, n: usize) -> String {
    match locale.base() {
        Base::En => format!("{n} selected"),
        Base::Es => format!("{n} seleccionadas"),
    }
}

/// What files are accepted: "PDF, JPEG or PNG, up to 10 MB each, 10 files at most."
pub fn file_limits(locale: Locale, kinds: &[&str], size: &str, count: usize) -> String {
    let list = |or: &str| match kinds.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
        None => String::new(),
    };
    match locale.base() {
        Base::En => format!("{}, up to {size} each, {count} files at most.", list("or")),
        Base::Es => format!(
            "{}, de hasta {size} cada uno, {count} archivos como máximo.",
            list("o")
        ),
    }
}

/// "the file is larger than 10 MB"
pub fn file_too_large(locale: Locale, size: &str) -> String {
    match locale.base() {
        Base::En => format!("it is larger than {size}: send a smaller photo or a shorter PDF"),
        Base::Es => format!("supera {size}: envíe una foto más pequeña o un PDF más corto"),
    }
}

/// Over the number of files.
pub fn too_many_files(locale: Locale, max: usize) -> String {
    match locale.base() {
        Base::En => format!("you can attach at most {max} files: remove one to add another"),
        Base::Es => {
            format!("puede adjuntar {max} archivos como máximo: quite uno para agregar otro")
        }
    }
}

/// Over the total size.
pub fn files_too_large_together(locale: Locale, size: &str) -> String {
    match locale.base() {
        Base::En => format!("together the documents would be larger than {size}"),
        Base::Es => format!("juntos, los documentos superarían {size}"),
    }
}

/// A photo reduced on the device before it is sent: "Reduced from 4.2 MB to 380 KB".
pub fn photo_reduced(locale: Locale, from: &str, to: &str) -> String {
    match locale.base() {
        Base::En => format!("Reduced from {from} to {to}"),
        Base::Es => format!("Reducida de {from} a {to}"),
    }
}

/// "2 of 3 documents received"
pub fn files_received(locale: Locale, done: usize, total: usize) -> String {
    match locale.base() {
        Base::En => format!("{done} of {total} documents received"),
        Base::Es => format!("{done} de {total} documentos recibidos"),
    }
}

/// The alert when documents could not be sent: their names and what to do.
pub fn files_not_sent(locale: Locale, names: &str) -> String {
    match locale.base() {
        Base::En => format!(
            "Not sent: {names}. Your dispute is filed; select Try again beside a document to send \
             it again."
        ),
        Base::Es => format!(
            "No enviado: {names}. Su disputa está presentada; seleccione Reintentar junto a un \
             documento para enviarlo de nuevo."
        ),
    }
}

/// The files of a restored draft that must be added again.
pub fn files_to_add_again(locale: Locale, names: &str) -> String {
    match locale.base() {
        Base::En => format!(
            "Your answers were kept, but documents cannot be kept when the page reloads. Please \
             add them again on the documents step: {names}."
        ),
        Base::Es => format!(
            "Sus respuestas se conservaron, pero los documentos no se pueden conservar al \
             recargar la página. Agréguelos de nuevo en el paso de documentos: {names}."
        ),
    }
}

/// "Page 2 of 5"
pub fn page_of(locale: Locale, page: u32, pages: u32) -> String {
    match locale.base() {
        Base::En => format!("Page {page} of {pages}"),
        Base::Es => format!("Página {page} de {pages}"),
    }
}

/// The warning ahead of a session's end, `time` being the clock time it ends.
pub fn session_ends_at(locale: Locale, time: &str) -> String {
    match locale.base() {
        Base::En => format!(
            "For your security, your session ends at {time}. Select Stay signed in to keep \
             working; your answers are kept."
        ),
        Base::Es => format!(
            "Por su seguridad, su sesión termina a las {time}. Seleccione Seguir conectado para \
             continuar; sus respuestas se conservan."
        ),
    }
}

/// The countdown beside the warning: "1:05 left".
pub fn time_left(locale: Locale, minutes: i64, seconds: i64) -> String {
    match locale.base() {
        Base::En => format!("{minutes}:{seconds:02} left"),
        Base::Es => format!("Quedan {minutes}:{seconds:02}"),
    }
}

/// Under a long transaction list: "Showing 50 of 1234 transactions".
pub fn showing_of(locale: Locale, shown: usize, total: usize) -> String {
    match locale.base() {
        Base::En => format!("Showing {shown} of {total} transactions"),
        Base::Es => format!("Se muestran {shown} de {total} transacciones"),
    }
}

/// A document that could not be read from the member's device, by name.
pub fn file_unreadable(locale: Locale, name: &str) -> String {
    match locale.base() {
        Base::En => format!("We couldn't read {name} from your device. Choose it again."),
        Base::Es => format!("No pudimos leer {name} desde su dispositivo. Elíjalo de nuevo."),
    }
}

/// "(attempt 2 of 8)"
pub fn attempt_of(locale: Locale, attempt: u32, max: u32) -> String {
    match locale.base() {
        Base::En => format!("(attempt {attempt} of {max})"),
        Base::Es => format!("(intento {attempt} de {max})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_messages_name_the_limit() {
        assert_eq!(
            file_limits(Locale::En, &["PDF", "JPEG", "PNG"], "10 MB", 10),
            "PDF, JPEG or PNG, up to 10 MB each, 10 files at most."
        );
        assert_eq!(
            file_limits(Locale::Es, &["PDF"], "5 MB", 3),
            "PDF, de hasta 5 MB cada uno, 3 archivos como máximo."
        );
        assert!(too_many_files(Locale::En, 10).contains("at most 10 files"));
        assert!(file_too_large(Locale::Es, "10 MB").starts_with("supera 10 MB"));
        assert_eq!(
            photo_reduced(Locale::En, "4.2 MB", "380 kB"),
            "Reduced from 4.2 MB to 380 kB"
        );
        assert_eq!(
            photo_reduced(Locale::Es, "4,2 MB", "380 kB"),
            "Reducida de 4,2 MB a 380 kB"
        );
        assert_eq!(
            files_received(Locale::En, 2, 3),
            "2 of 3 documents received"
        );
    }

    #[test]
    fn tags() {
        assert_eq!(Locale::from_tag("es-MX"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("EN_us"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn validation_messages_name_the_limit_or_the_other_question() {
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            out_of_range(Locale::En, s("1"), s("100")),
            "Enter a value from 1 to 100."
        );
        assert_eq!(
            out_of_range(Locale::Es, s("$0.01"), None),
            "Ingrese al menos $0.01."
        );
        assert_eq!(
            out_of_range(Locale::En, None, s("$50.00")),
            "Enter at most $50.00."
        );
        assert_eq!(
            not_below(Locale::En, "How much cash did you ask for?"),
            "Enter less than your answer to “How much cash did you ask for?”."
        );
        assert_eq!(
            before(Locale::Es, "¿Cuándo lo recibió?"),
            "Ingrese una fecha igual o posterior a su respuesta a “¿Cuándo lo recibió?”."
        );
        assert_eq!(
            sounds_like(Locale::En, "I didn't make this transaction"),
            "This sounds like “I didn't make this transaction”."
        );
        assert!(
            looks_duplicate(Locale::Es, "StreamFlix", "$15.99", "Me cobraron dos veces")
                .starts_with("StreamFlix cobró $15.99 dos veces")
        );
    }

    #[test]
    fn the_spanish_pack_has_every_message_and_nothing_else() {
        let def = pack::spanish_for_tests();
        let names: Vec<&str> = def.messages.keys().map(String::as_str).collect();
        let mut all = Msg::NAMES.to_vec();
        all.sort_unstable();
        assert_eq!(names, all, "locales/es.json and the messages differ");
        assert!(pack::install(def).unwrap().is_empty());
        for &m in Msg::ALL {
            assert!(!en(m).is_empty(), "{m:?}");
            // "No" is the same word in both languages.
            if m != Msg::No {
                assert_ne!(en(m), text(Locale::Es, m), "{m:?} is not translated");
            }
        }
    }
}
