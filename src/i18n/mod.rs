//! Message catalogs (English and Spanish) and locale selection.
//!
//! Every user-visible string goes through [`text`]. Formatting of amounts and dates uses the
//! browser's `Intl` (see `format.rs`) rather than shipping locale data in the wasm.

#[cfg(target_arch = "wasm32")]
pub mod format;

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Locale {
    #[default]
    En,
    Es,
}

impl Locale {
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
    pub const fn tag(self) -> &'static str {
        match self {
            Self::En => "en-US",
            Self::Es => "es-US",
        }
    }
}

/// Every message the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
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
    TryAgain,
}

/// The text of `msg` in `locale`.
pub fn text(locale: Locale, msg: Msg) -> &'static str {
    match locale {
        Locale::En => en(msg),
        Locale::Es => es(msg),
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
        TryAgain => "Try again",
    }
}

fn es(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        WidgetLabel => "Disputar una transacción",
        Connecting => "Conectando de forma segura…",
        TransactionsHeading => "Sus transacciones recientes",
        TransactionsIntro => "Elija las transacciones que desea disputar.",
        NoTransactions => "No hay transacciones para mostrar.",
        Pending => "Pendiente",
        Settled => "Registrada",
        TypeDebitCard => "Tarjeta de débito",
        TypeCreditCard => "Tarjeta de crédito",
        TypeAtm => "Retiro en cajero automático",
        TypeAch => "Pago automático (ACH)",
        TypeTransfer => "Transferencia",
        TypeCreditAtm => "Depósito en cajero automático",
        TypeCreditAch => "Depósito directo (ACH)",
        TypeCreditTransfer => "Transferencia recibida",
        TypeOther => "Transacción",
        ErrorHeading => "No podemos abrir disputas en este momento",
        ErrorInvalidOptions => {
            "Esta página no está configurada correctamente para disputas. Comuníquese con su \
             cooperativa de crédito."
        }
        ErrorUnauthenticated => {
            "No pudimos confirmar su inicio de sesión. Cierre la sesión, vuelva a iniciarla e \
             inténtelo de nuevo."
        }
        ErrorNetwork => {
            "No pudimos conectar con el servicio de disputas. Revise su conexión e inténtelo de \
             nuevo."
        }
        ErrorServer => "El servicio de disputas tiene problemas. Inténtelo de nuevo en un momento.",
        ErrorBadResponse => {
            "El servicio de disputas envió una respuesta que no pudimos leer. Inténtelo de nuevo."
        }
        ErrorRejected => "El servicio de disputas rechazó esta solicitud.",
        ErrorNoToken => "No se pudo renovar su sesión de banca en línea. Inicie sesión de nuevo.",
        TryAgain => "Intentar de nuevo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(Locale::from_tag("es-MX"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("EN_us"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn spanish_differs_from_english_for_every_message() {
        use Msg::*;
        let all = [
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
            TryAgain,
        ];
        for m in all {
            assert!(!en(m).is_empty(), "{m:?}");
            assert_ne!(en(m), es(m), "{m:?} is not translated");
        }
    }
}
