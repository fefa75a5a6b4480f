//! The API's enumerations, decoded tolerantly.
//!
//! Every enum has an `Unknown` zero value. A wire value this build does not know (a new status
//! Casap adds tomorrow, a typo, a proto number) decodes as `Unknown` instead of failing the whole
//! response, so that the widget can still show everything else.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident, unknown = $unknown:literal {
            $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            /// The zero value, and every value this build does not know.
            #[default]
            Unknown,
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every known value, in proto order (without `Unknown`).
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The wire spelling.
            pub const fn as_wire(self) -> &'static str {
                match self {
                    $name::Unknown => $unknown,
                    $($name::$variant => $wire,)*
                }
            }

            /// Decodes a wire spelling; anything unknown is `Unknown`.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    _ => $name::Unknown,
                }
            }

            /// Decodes a proto enum number (grpc-gateway's `EnumsAsInts`); unknown is `Unknown`.
            pub fn from_number(n: u64) -> Self {
                usize::try_from(n)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| Self::ALL.get(i).copied())
                    .unwrap_or($name::Unknown)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_wire())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(EnumVisitor(Self::from_wire, Self::from_number, PhantomData))
            }
        }
    };
}

/// Shared visitor: a string or a number decodes, anything else is a type error.
struct EnumVisitor<T>(fn(&str) -> T, fn(u64) -> T, PhantomData<T>);

impl<'de, T: Default> Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an enum value name or number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok((self.1)(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok(u64::try_from(v).map(self.1).unwrap_or_default())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if v.fract() == 0.0 && (0.0..4_294_967_296.0).contains(&v) {
            Ok((self.1)(v as u64))
        } else {
            Ok(T::default())
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
}

wire_enum! {
    /// Whether a transaction has settled.
    TransactionStatus, unknown = "TRANSACTION_STATUS_UNKNOWN" {
        Pending = "TRANSACTION_STATUS_PENDING",
        Settled = "TRANSACTION_STATUS_SETTLED",
    }
}

wire_enum! {
    /// The kind of money movement; decides which dispute reasons apply.
    TransactionType, unknown = "TRANSACTION_TYPE_UNKNOWN" {
        DebitCard = "TRANSACTION_TYPE_DEBIT_CARD",
        CreditCard = "TRANSACTION_TYPE_CREDIT_CARD",
        Atm = "TRANSACTION_TYPE_ATM",
        Ach = "TRANSACTION_TYPE_ACH",
        Transfer = "TRANSACTION_TYPE_TRANSFER",
        CreditAtm = "TRANSACTION_TYPE_CREDIT_ATM",
        CreditAch = "TRANSACTION_TYPE_CREDIT_ACH",
        CreditTransfer = "TRANSACTION_TYPE_CREDIT_TRANSFER",
    }
}

wire_enum! {
    /// The card network that carried a card transaction.
    TransactionNetwork, unknown = "TRANSACTION_NETWORK_UNKNOWN" {
        Visa = "TRANSACTION_NETWORK_VISA",
        Mastercard = "TRANSACTION_NETWORK_MASTERCARD",
        Amex = "TRANSACTION_NETWORK_AMEX",
    }
}

wire_enum! {
    /// Physical or virtual card.
    CardType, unknown = "CARD_TYPE_UNKNOWN" {
        Physical = "CARD_TYPE_PHYSICAL",
        Virtual = "CARD_TYPE_VIRTUAL",
    }
}
