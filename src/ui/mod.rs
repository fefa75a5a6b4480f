//! Yew components. Thin: they render [`crate::intake`] state and dispatch actions; network work
//! runs in effects that dispatch results back.

mod app;
mod transactions;

pub use app::{App, AppProps, Host, Setup};
