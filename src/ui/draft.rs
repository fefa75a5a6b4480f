//! Keeping the unsubmitted draft in the tab's `sessionStorage` (see `intake::saved` for what
//! is kept and how it comes back). Storage that is full, disabled or holds something unreadable
//! means no draft, never an error for the member.

use serde::Serialize;

use crate::config::Config;
use crate::intake::saved::{SavedDraft, storage_key};

/// The key of the member's draft, when drafts are kept for this configuration.
pub fn key(config: &Config) -> Option<String> {
    if !config.persist_draft {
        return None;
    }
    let member = config
        .member
        .as_ref()
        .map(|m| m.uuid.as_str())
        .unwrap_or("");
    storage_key(&config.org_uuid, member)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<SavedDraft> {
    let text = storage()?.get_item(key).ok().flatten()?;
    let value = js_sys::JSON::parse(&text).ok()?;
    crate::decode::from_value(value).ok()
}

pub fn save(key: &str, draft: &SavedDraft) {
    let Some(storage) = storage() else { return };
    let Ok(value) = draft.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) else {
        return;
    };
    if let Some(text) = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
    {
        let _ = storage.set_item(key, &text);
    }
}

pub fn clear(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
