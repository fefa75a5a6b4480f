//! dispute-intake: a Yew widget, compiled to WebAssembly, with which a credit-union member
//! files a card, ATM, ACH or transfer dispute from inside online banking.
//!
//! The npm package's loader (`pkg-template/index.js`) defines `<dispute-intake>` and `mount()`,
//! and calls [`mountWidget`](entry) here with a container inside the element's open shadow
//! root. Pure logic (`config`, `intake`, `i18n`, the error mapping in `client`) compiles and is
//! tested natively; the web glue (`entry`, `ui`, `client::Client`) exists only on wasm32.

pub mod client;
pub mod config;
pub mod i18n;
pub mod intake;
pub mod sorted;
pub mod survey;

#[cfg(target_arch = "wasm32")]
pub mod decode;
#[cfg(target_arch = "wasm32")]
mod entry;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use entry::{Widget, install_locale, mount_widget};
