// Types of the dispute-intake package. Kept accurate against index.js and the wasm's options
// decoding (src/config.rs): an option listed here is read; an option not listed is ignored.

/** Money as the API carries it: whole cents and an ISO 4217 code. */
export interface Amount {
  amountInCents: number | string;
  currency: string;
}

export type TransactionType =
  | "TRANSACTION_TYPE_DEBIT_CARD"
  | "TRANSACTION_TYPE_CREDIT_CARD"
  | "TRANSACTION_TYPE_ATM"
  | "TRANSACTION_TYPE_ACH"
  | "TRANSACTION_TYPE_TRANSFER"
  | "TRANSACTION_TYPE_CREDIT_ATM"
  | "TRANSACTION_TYPE_CREDIT_ACH"
  | "TRANSACTION_TYPE_CREDIT_TRANSFER";

/** A transaction of the member, in the API's TransactionDetail shape. */
export interface TransactionDetail {
  uuid: string;
  /** Unix seconds or milliseconds, as a number or a string (int64). 0 or absent while pending. */
  settledTimestamp?: number | string;
  authorizedTimestamp?: number | string;
  amount: Amount;
  transactionSettledAmount?: Amount;
  merchant: string;
  status?: "TRANSACTION_STATUS_PENDING" | "TRANSACTION_STATUS_SETTLED";
  type?: TransactionType;
  network?: "TRANSACTION_NETWORK_VISA" | "TRANSACTION_NETWORK_MASTERCARD" | "TRANSACTION_NETWORK_AMEX";
  arn?: string;
  location?: string;
  cardId?: string;
  visaTransactionId?: string;
  typeCode?: string;
  ica?: string;
  cardType?: "CARD_TYPE_PHYSICAL" | "CARD_TYPE_VIRTUAL";
}

export interface Member {
  uuid?: string;
  name?: string;
  email?: string;
  phone?: string;
  accountUuid?: string;
}

/**
 * What every event's detail carries: the mounted widget's random id, also sent on each of its
 * API requests as `X-Request-Id: {sessionId}-{n}`, so that a member's call to support can be
 * matched with the service's logs. Never derived from the member or a token. Details carry ids,
 * steps and counts only: never names, emails, amounts or answers.
 */
export interface DisputeIntakeEventBase {
  sessionId: string;
}

/** Detail of the `error` event and the `onError` callback. */
export interface DisputeIntakeErrorDetail extends DisputeIntakeEventBase {
  /** Stable machine-readable code. */
  code:
    | "invalid_options"
    | "unauthenticated"
    | "network"
    | "server_unavailable"
    | "bad_response"
    | "rejected"
    | "no_token"
    /** A file could not be read from the member's device (moved, changed, a cloud file that
     * would not download): nothing was sent; the member is asked to choose it again. */
    | "file_unreadable"
    /** A part of the widget (its own .wasm file beside the package's others) could not be
     * fetched: the member is shown Try again; nothing is lost. */
    | "part_unavailable"
    /** The widget could not prepare a request on this device: nothing was sent. */
    | "local_error"
    | "load_failed"
    /** The `questionnaire` option was refused; the built-in questionnaire is used. */
    | "invalid_questionnaire";
  /** Developer-facing explanation (English); the member sees a localized message. */
  message: string;
  /** Whether the member is offered "Try again". */
  recoverable: boolean;
}

/** The filing's steps, as `stepchange` and `exit` name them. */
export type DisputeIntakeStep =
  | "transactions"
  | "reason"
  | "questions"
  | "evidence"
  | "review"
  | "confirmation";

/** Detail of `stepchange`: the step now shown, and its number (1-based). */
export interface DisputeIntakeStepChangeDetail extends DisputeIntakeEventBase {
  step: DisputeIntakeStep;
  number: number;
}

/**
 * The `files` option. Files are always judged by their bytes (magic numbers), whatever their
 * name or browser-reported type; a name must agree with the content and hide no second
 * extension.
 */
export interface FileOptions {
  /** Largest file in bytes: 1 to 104857600. Default 10485760 (10 MiB). */
  maxBytes?: number;
  /** Most files per dispute: 1 to 100. Default 10. */
  maxCount?: number;
  /** Largest total in bytes. Default 52428800 (50 MiB), or maxBytes if larger. */
  maxTotalBytes?: number;
  /** Accepted kinds, as "pdf" | "jpeg" | "png" | "heic", MIME types or extensions. Default all four. */
  accept?: string[];
  /**
   * Photos (JPEG, PNG, and HEIC where the browser decodes it) are made smaller on the device
   * before they are sent: scaled to `photoMaxSide` on the long side, written as JPEG, upright,
   * without location or camera metadata; the smaller of original and reduction is sent, and
   * the checks above run on it. `false` sends every file exactly as picked. Default true.
   */
  reducePhotos?: boolean;
  /** The long side, in pixels, photos are reduced to: 800 to 8000. Default 2000. */
  photoMaxSide?: number;
}

/**
 * Detail of `submitted`: the dispute was filed (exactly once) and every file has settled:
 * received, or given up on (failed after retries, or cancelled by the member).
 */
export interface DisputeIntakeSubmittedDetail extends DisputeIntakeEventBase {
  uuid: string;
  shortId: string;
  filesUploaded: number;
  filesFailed: number;
}

/**
 * Detail of `sessionexpiring`: the member's session ends soon (or has ended) and the widget
 * could not renew it by itself. Fired when the warning appears (`memberAsked` false) and when
 * the member selects "Stay signed in" (`memberAsked` true). Answer with
 * `update({ sessionToken, sessionExpiresAt })` or `update({ providerToken })`.
 */
export interface DisputeIntakeSessionExpiringDetail extends DisputeIntakeEventBase {
  /** When the session ends, Unix ms (null if unknown). */
  expiresAt: number | null;
  memberAsked: boolean;
}

/**
 * Detail of `exit`: the member leaves the widget. `done`: after filing, from the confirmation
 * (with the case number). `cancelled`: Cancel on a filing step (option `cancelable`); the
 * unsubmitted draft is kept for this tab, as on any leaving.
 */
export interface DisputeIntakeExitDetail extends DisputeIntakeEventBase {
  reason: "done" | "cancelled";
  /** The step the member left from. */
  step: DisputeIntakeStep;
  /** The filed dispute's case number, when there is one. */
  shortId?: string;
}

export interface DisputeIntakeEventMap {
  /** Shown with its session (the first step may be shown, and its `stepchange` told, before). */
  ready: CustomEvent<DisputeIntakeEventBase>;
  stepchange: CustomEvent<DisputeIntakeStepChangeDetail>;
  submitted: CustomEvent<DisputeIntakeSubmittedDetail>;
  error: CustomEvent<DisputeIntakeErrorDetail>;
  exit: CustomEvent<DisputeIntakeExitDetail>;
  sessionexpiring: CustomEvent<DisputeIntakeSessionExpiringDetail>;
}

/** A string in every language the widget speaks. */
export interface LocalizedText {
  en: string;
  es: string;
}

/** A condition on earlier answers or on the selected transactions' types. */
export type QuestionCondition =
  | { equals: [questionId: string, value: string] }
  | { oneOf: [questionId: string, values: string[]] }
  | { answered: string }
  | { all: QuestionCondition[] }
  | { any: QuestionCondition[] }
  | { not: QuestionCondition }
  /** Some selected transaction is of one of these types, e.g. "ACH" or "DEBIT_CARD". */
  | { typeIn: string[] };

/** One question of a questionnaire (see catalog/README.md in the repository). */
export interface QuestionDefinition {
  type: "yes_no" | "date" | "amount" | "choice" | "number" | "text" | "transaction";
  label: LocalizedText;
  required?: boolean;
  help?: LocalizedText;
  /** For `choice`: snake_case keys, sent as the answer. */
  options?: { key: string; label: LocalizedText }[];
  /** For `text`: 1 to 5000. */
  maxLength?: number;
  /** For `number`, and `amount` in cents. */
  min?: number;
  max?: number;
  /** For `amount`: never above the selected transactions' total. */
  atMostTotal?: boolean;
  /** For `amount`: below another question's amount. */
  lessThan?: string;
  /** For `date`: future dates allowed. */
  allowFuture?: boolean;
  /** For `date`: on or after another question's date. */
  notBefore?: string;
  showIf?: QuestionCondition;
  /** Candidates for a prefilled value; the first computable wins. */
  default?: ({ copy: "$total" | "$duplicate" } | { minus: [string, string] })[];
  /** Offer to switch to another reason when `when` holds. */
  suggest?: { when: QuestionCondition; reason: string };
}

/** A credit union's questionnaire: the built-in one's format (catalog/default.json). */
export interface Questionnaire {
  /** "default": merge onto the built-in questionnaire. Absent: replace it. */
  extends?: "default";
  /** Sent with every dispute as the `questionnaire_version` answer. */
  version: string;
  common?: string[];
  blocks?: Record<string, string[]>;
  questions?: Record<string, QuestionDefinition>;
  reasons?: {
    reason: string;
    types: string[];
    ask?: (string | { id: string; showIf?: QuestionCondition; required?: boolean })[];
    documents?: LocalizedText[];
    attestations?: string[];
  }[];
  attestations?: Record<string, LocalizedText>;
}

/**
 * The name of every message the widget shows, for the `messages` option (its English is in the
 * package's source, `src/i18n/mod.rs`; the Spanish in `locales/es.json`).
 */
export type DisputeIntakeMessageKey =
  | "WidgetLabel" | "Connecting" | "TransactionsHeading" | "TransactionsIntro" | "NoTransactions"
  | "Pending" | "Settled" | "TypeDebitCard" | "TypeCreditCard" | "TypeAtm" | "TypeAch"
  | "TypeTransfer" | "TypeCreditAtm" | "TypeCreditAch" | "TypeCreditTransfer" | "TypeOther"
  | "ErrorHeading" | "ErrorInvalidOptions" | "ErrorUnauthenticated" | "ErrorNetwork"
  | "ErrorServer" | "ErrorBadResponse" | "ErrorRejected" | "ErrorNoToken" | "ErrorFileUnreadable" | "ErrorPartUnavailable"
  | "ErrorLocal" | "TryAgain" | "StepTransactions" | "StepReason" | "StepQuestions"
  | "StepEvidence" | "StepReview" | "StepConfirmation" | "Continue" | "Back" | "Submit" | "Edit"
  | "SearchLabel" | "NoMatches" | "EligibilityPending" | "EligibilityDisputed" | "EligibilityLate"
  | "ReasonIntro" | "Yes" | "No" | "ChooseOne" | "AmountHint" | "EvidenceIntro" | "ChooseFiles"
  | "Remove" | "NoFiles" | "FileEmpty" | "FileTooLarge" | "FileUnsupportedContent"
  | "FileUnsupportedName" | "FileMismatch" | "FileRefused" | "FileDoubleExtension"
  | "FileNotAccepted" | "FileAlreadyAttached" | "TakePhoto" | "DropHint" | "PreparingFiles" | "UploadQueued"
  | "UploadSending" | "UploadRetrying" | "UploadDone" | "UploadFailed" | "UploadCancelled"
  | "CancelUpload" | "RetryUpload" | "UploadsWait" | "UploadsHeading" | "Offline" | "StaySignedIn"
  | "SessionEnded" | "SessionAsking" | "SessionNotExtended" | "SessionExtended" | "DraftRestored"
  | "ShowMore" | "StatusOpen" | "StatusClosed" | "StatusInProgress" | "StatusInvestigating"
  | "StatusChargeback" | "StatusFinalDecision" | "DecisionAccepted" | "DecisionDenied"
  | "DecisionCanceled" | "EventFiled" | "EventAgentAssigned" | "EventFileAdded" | "EventReopened"
  | "EventMessage" | "EventSentToTeam" | "EventProvisionalCredit" | "EventNetworkReview"
  | "EventCreditReversed" | "EventDecision" | "EventProgress" | "MyDisputes" | "NoDisputes"
  | "FindCase" | "FindCaseHint" | "Find" | "ShowAll" | "CaseNotFound" | "CaseNumberInvalid"
  | "FiledOn" | "Disputed" | "ProvisionalCredit" | "FinalCredit" | "ReversedCredit"
  | "DecisionDue" | "HandledBy" | "Timeline" | "Reopen" | "ReopenIntro" | "ReopenConfirm"
  | "ReopenChooseOne" | "Reopened" | "Cancel" | "AllDisputes" | "SeeDetails" | "PreviousPage"
  | "NextPage" | "AddDocuments" | "SendDocuments" | "SeeMyDisputes" | "FileNewDispute"
  | "CancelAsk" | "PrintCopy" | "RecordTitle" | "RecordFiled" | "RecordSignedBy"
  | "RecordDocuments" | "RecordFromService" | "CancelKept" | "CancelLeave" | "CancelStay"
  | "Loading" | "TransactionsInDispute" | "ReviewTransactions" | "ReviewReason" | "ReviewAnswers"
  | "ReviewFiles" | "AttestLabel" | "SignatureLabel" | "ErrorSummary" | "ErrNoTransaction"
  | "ErrNowDisputed" | "CheckingDisputes" | "ErrNoReason" | "ErrRequired" | "ErrBadDate"
  | "ErrFutureDate" | "ErrBadAmount" | "ErrBadChoice" | "ErrNotAttested" | "ErrNoSignature"
  | "Submitting" | "SubmitFailed" | "CaseNumber" | "NextSteps" | "NextStepsRegE" | "NextStepsRegZ"
  | "DisputedItems" | "FilterType" | "AllTypes" | "FilterDate" | "AnyTime" | "Done" | "Optional"
  | "RequiredNote" | "ErrBadNumber" | "SwitchReason" | "LiabilityWithin" | "LiabilityAfter"
  | "LiabilityCredit" | "DocumentsHint" | "AttestIntro" | "NetworkWait" | "LateClaim";

/**
 * The `messages` option: per language (a BCP 47 tag, "en", "es", "vi"), texts by message name.
 * For English and Spanish they replace the widget's own; another language becomes available as
 * `locale` (its missing messages read in English, named once in the console).
 */
export type DisputeIntakeMessages = Record<string, Partial<Record<DisputeIntakeMessageKey, string>>>;

export interface DisputeIntakeOptions {
  /** API origin and optional prefix, e.g. "https://api.casaphq.com". https only, except localhost. */
  apiBaseUrl: string;
  /** The identity provider's JWT for the member; exchanged at /v1/authenticate. */
  providerToken?: string;
  /**
   * Alternatively, a session token the host already holds. Without `fetchProviderToken` the
   * widget cannot renew it: it warns the member ahead of its end (`sessionexpiring`), and a new
   * one passed to `update({ sessionToken, sessionExpiresAt })` is taken over in place, with
   * the member's work untouched.
   */
  sessionToken?: string;
  /** Expiry of `sessionToken`: Unix seconds or milliseconds. */
  sessionExpiresAt?: number | string;
  /**
   * A fresh provider JWT whenever the widget needs a new session. With it, sessions are
   * renewed silently ahead of their end; the member is warned only if this fails.
   */
  fetchProviderToken?: () => Promise<string> | string;
  /** The credit union's organisation UUID (required); disputes are filed under it. */
  orgUuid: string;
  /** The member filing; sent as the dispute's `customer`. */
  member?: Member;
  /** The member's transactions, in the API's TransactionDetail shape. */
  transactions?: TransactionDetail[];
  /**
   * The first view: "file" (default) files a dispute; "status" is "My disputes" (the member's
   * disputes, their status and timeline, documents for an open one, reopening closed ones).
   * The member can move between the two from inside the widget.
   */
  view?: "file" | "status";
  /**
   * Replaces or extends the built-in questionnaire. Read when the widget mounts. A malformed
   * one fires `error` with code "invalid_questionnaire" naming the field, and the built-in
   * questionnaire is used.
   */
  questionnaire?: Questionnaire;
  /** Evidence files: limits and types, checked in the browser before any upload. */
  files?: FileOptions;
  /**
   * Keep the unsubmitted draft (answers, never tokens; documents by name) in this tab's
   * sessionStorage across reloads, keyed by orgUuid and member.uuid (no member uuid, no draft).
   * Default true.
   */
  persistDraft?: boolean;
  /**
   * Sent as the `x-user-uuid` header on every API request: the uuid Casap issues for your
   * organisation's member-facing calls, where its environment requires one (its published
   * OpenAPI lists it beside `Authorization`). Give it only when the API origin allows the
   * header in CORS, or the browser blocks every request. Letters, digits and hyphens.
   */
  userUuid?: string;
  /**
   * "en" or "es" (region subtags accepted), or a language given in `messages`; defaults from
   * <html lang>, then the browser.
   */
  locale?: string;
  /**
   * The credit union's wording: `{ en: { Submit: "Send my claim" } }` replaces messages,
   * `{ vi: { ... } }` adds a language. A name the widget does not have is refused
   * (`invalid_options`, naming it). Sentences with numbers or names in them, the reasons and
   * the built-in questionnaire read in English in a language the package does not ship.
   */
  messages?: DisputeIntakeMessages;
  /**
   * Shows Cancel on every filing step: the member leaves without filing and `exit` fires with
   * reason "cancelled" and the step. When the draft holds answers the widget asks first. The
   * draft stays for this tab (see `persistDraft`); what happens next is the page's (usually
   * `destroy()`). Default false.
   */
  cancelable?: boolean;
  /**
   * Opens one dispute in "My disputes", for links in emails and alerts: its case number
   * ("DSP-7QK2", any case) or its uuid. One that is not the member's reads "No dispute of yours
   * has that case number", as the search does; anything else is refused with `invalid_options`.
   * Read when the widget mounts; the view is "My disputes" whatever `view` says.
   */
  dispute?: string;
  onReady?: (detail: DisputeIntakeEventBase) => void;
  onStepChange?: (detail: DisputeIntakeStepChangeDetail) => void;
  onSubmitted?: (detail: DisputeIntakeSubmittedDetail) => void;
  onError?: (detail: DisputeIntakeErrorDetail) => void;
  onExit?: (detail: DisputeIntakeExitDetail) => void;
  onSessionExpiring?: (detail: DisputeIntakeSessionExpiringDetail) => void;
  /** Every event, as { type, detail }. */
  onEvent?: (event: { type: string; detail: DisputeIntakeEventBase }) => void;
}

export interface DisputeIntakeHandle {
  /** This widget's random id: every event's `sessionId`, the start of each `X-Request-Id`. */
  readonly sessionId: string;
  /** Merges `partial` into the current options and re-renders. */
  update(partial: Partial<DisputeIntakeOptions>): void;
  /**
   * Unmounts the widget; the session token goes with it. Requests in flight (uploads too) are
   * aborted, and no listener or timer is left on the page. The unsubmitted draft stays for a
   * reload in this tab, unless `signOut` is true (call it so when the member signs out).
   * Waiting for `submitted` first lets every document finish.
   */
  destroy(options?: { signOut?: boolean }): void;
}

/** Renders the widget into `element`'s open shadow root. */
export function mount(element: Element, options: DisputeIntakeOptions): Promise<DisputeIntakeHandle>;

/**
 * Loads the wasm once and registers the custom element (default tag "dispute-intake").
 * Idempotent. Resolves to `undefined` without doing anything where there is no browser
 * (server-side rendering: Next.js, Remix, Astro).
 */
export function defineDisputeIntake(tagName?: string): Promise<CustomElementConstructor | undefined>;

/**
 * Fetches and compiles the widget's WebAssembly ahead of need (page idle, or hovering the link
 * that opens the widget). Idempotent; shared by every `mount()` and element; carries no token.
 * Resolves without doing anything where there is no browser.
 */
export function preload(): Promise<void>;

export interface DisputeIntakeElement extends HTMLElement {
  options: Partial<DisputeIntakeOptions>;
  /** This element's random id: every event's `sessionId`, the start of each `X-Request-Id`. */
  readonly sessionId: string;
  addEventListener<K extends keyof DisputeIntakeEventMap>(
    type: K,
    listener: (this: DisputeIntakeElement, ev: DisputeIntakeEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "dispute-intake": DisputeIntakeElement;
  }
}
