//! Amounts, formatted by the browser's `Intl` as members read them.

use dispute_intake::i18n::Locale;
use dispute_intake::i18n::format::Formats;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn money_is_shown_in_its_own_currency_and_never_as_dollars_by_default() {
    let f = Formats::of(Locale::En);
    assert_eq!(f.money(1_299, "USD"), "$12.99");
    assert_eq!(
        f.money(1_299, ""),
        "$12.99",
        "no currency is the API's default, USD"
    );
    assert_eq!(f.money(-2_147_483_648, "USD"), "-$21,474,836.48");
    // A code that is not ISO 4217's form is shown by its own text.
    assert_eq!(f.money(-919_044_741, "S1T"), "S1T -9190447.41");
    assert!(!f.money(500, "EURO").contains('$'));
}
