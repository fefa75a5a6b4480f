//! Member-facing names and one-line hints of the dispute reasons.

use casap_api::DisputeReason as R;

use super::Locale;

/// `(name, hint)` of a reason in `locale`.
pub fn reason_text(locale: Locale, reason: R) -> (&'static str, &'static str) {
    match locale {
        Locale::En => en(reason),
        Locale::Es => es(reason),
    }
}

fn en(r: R) -> (&'static str, &'static str) {
    match r {
        R::Unauth => (
            "I didn't make this transaction",
            "Someone used your card or account without your permission.",
        ),
        R::AtmCashNotDispensed => (
            "The ATM didn't give me my cash",
            "Your account was charged but no cash came out.",
        ),
        R::AtmPartialCash => (
            "The ATM gave me only part of my cash",
            "You received less than the amount charged.",
        ),
        R::AtmCashNotDeposited => (
            "My ATM deposit wasn't credited correctly",
            "Cash or checks you deposited are missing or short.",
        ),
        R::MerchantNotReceived => (
            "I didn't receive what I paid for",
            "The goods never arrived or the service wasn't provided.",
        ),
        R::MerchantNotAsDescribed => (
            "It wasn't as described or was damaged",
            "What you received was defective, different or counterfeit.",
        ),
        R::MerchantReturned => (
            "I returned it but wasn't refunded",
            "You sent the item back and the merchant kept the money.",
        ),
        R::MerchantCanceledSubscription => (
            "I was charged after I canceled",
            "A subscription or recurring payment continued after cancellation.",
        ),
        R::MerchantRefundNotReceived => (
            "I was promised a refund that never came",
            "The merchant agreed to refund you but hasn't.",
        ),
        R::MerchantIncorrectAmount => (
            "I was charged the wrong amount",
            "The amount differs from what you agreed to pay.",
        ),
        R::MerchantDuplicateCharge => (
            "I was charged twice",
            "The same purchase appears more than once.",
        ),
        R::MerchantPaidByOtherMeans => (
            "I already paid another way",
            "You paid with cash, a check or another card.",
        ),
        R::TransferNotReceived => (
            "The money never arrived",
            "The recipient didn't receive the payment or transfer.",
        ),
        R::TransferIncorrectRecipient => (
            "It went to the wrong person",
            "The money was sent to someone you didn't intend.",
        ),
        R::TransferIncorrectAmount => (
            "The amount was wrong",
            "More or less money moved than you intended.",
        ),
        R::TransferDuplicateCharge => (
            "It went through twice",
            "The same payment or transfer was made more than once.",
        ),
        R::TransferFailedCancellation => (
            "I canceled it but it still went through",
            "A payment you stopped or canceled was made anyway.",
        ),
        _ => ("Other problem", "Something else went wrong."),
    }
}

fn es(r: R) -> (&'static str, &'static str) {
    match r {
        R::Unauth => (
            "Yo no hice esta transacción",
            "Alguien usó su tarjeta o cuenta sin su permiso.",
        ),
        R::AtmCashNotDispensed => (
            "El cajero no me entregó el efectivo",
            "Se cobró a su cuenta pero no salió dinero.",
        ),
        R::AtmPartialCash => (
            "El cajero me entregó solo una parte",
            "Recibió menos de lo que se cobró.",
        ),
        R::AtmCashNotDeposited => (
            "Mi depósito en el cajero no se acreditó bien",
            "Falta efectivo o cheques que depositó.",
        ),
        R::MerchantNotReceived => (
            "No recibí lo que pagué",
            "Los productos no llegaron o el servicio no se prestó.",
        ),
        R::MerchantNotAsDescribed => (
            "No era como se describía o llegó dañado",
            "Lo que recibió estaba defectuoso, era distinto o falsificado.",
        ),
        R::MerchantReturned => (
            "Lo devolví pero no me reembolsaron",
            "Devolvió el artículo y el comercio se quedó con el dinero.",
        ),
        R::MerchantCanceledSubscription => (
            "Me cobraron después de cancelar",
            "Una suscripción o pago recurrente siguió tras la cancelación.",
        ),
        R::MerchantRefundNotReceived => (
            "Me prometieron un reembolso que no llegó",
            "El comercio aceptó reembolsarle pero no lo ha hecho.",
        ),
        R::MerchantIncorrectAmount => (
            "Me cobraron un monto incorrecto",
            "El monto difiere de lo que acordó pagar.",
        ),
        R::MerchantDuplicateCharge => (
            "Me cobraron dos veces",
            "La misma compra aparece más de una vez.",
        ),
        R::MerchantPaidByOtherMeans => (
            "Ya pagué de otra forma",
            "Pagó en efectivo, con cheque o con otra tarjeta.",
        ),
        R::TransferNotReceived => (
            "El dinero nunca llegó",
            "El destinatario no recibió el pago o la transferencia.",
        ),
        R::TransferIncorrectRecipient => (
            "Se envió a la persona equivocada",
            "El dinero se envió a alguien que no era el destinatario.",
        ),
        R::TransferIncorrectAmount => (
            "El monto era incorrecto",
            "Se movió más o menos dinero del que quería.",
        ),
        R::TransferDuplicateCharge => (
            "Se realizó dos veces",
            "El mismo pago o transferencia se hizo más de una vez.",
        ),
        R::TransferFailedCancellation => (
            "Lo cancelé pero igual se realizó",
            "Un pago que detuvo o canceló se hizo de todos modos.",
        ),
        _ => ("Otro problema", "Algo más salió mal."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fileable_reason_has_distinct_wording_in_both_languages() {
        for r in R::ALL.iter().filter(|r| r.is_fileable()) {
            let (en_name, en_hint) = reason_text(Locale::En, *r);
            let (es_name, es_hint) = reason_text(Locale::Es, *r);
            assert_ne!(en_name, "Other problem", "{r:?} has no wording");
            assert_ne!(en_name, es_name, "{r:?}");
            assert_ne!(en_hint, es_hint, "{r:?}");
        }
    }
}
