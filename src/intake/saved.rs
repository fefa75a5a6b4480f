//! The unsubmitted draft as kept across a reload in the same tab (`persistDraft`): what is
//! saved (answers, never tokens; files by name and size only, since a browser `File` cannot be
//! kept), under which key (the credit union and the member, so another member on the same
//! device never sees it), and how a saved draft is taken back: only what still fits the
//! member's transactions, at the furthest step whose earlier steps are complete. Plain Rust.

use crate::sorted::Map;

use casap_api::DisputeReason;
use serde::{Deserialize, Serialize};

use super::flow::{Flow, SavedFile, Step};

/// The format's version; a draft saved by another version is ignored.
const VERSION: u32 = 1;

/// What is kept of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SavedDraft {
    pub version: u32,
    pub step: String,
    pub selected: Vec<String>,
    /// Wire name, or empty.
    pub reason: String,
    pub answers: Map<String, String>,
    pub files: Vec<SavedFile>,
    pub attested: bool,
    pub signature: String,
    /// A submission was under way or failed: the dispute may exist, so the next submit looks
    /// for it before creating one.
    pub attempted: bool,
}

/// The storage key of a member's draft; `None` without a member uuid (no draft is kept when
/// it could not be told apart from another member's).
pub fn storage_key(org_uuid: &str, member_uuid: &str) -> Option<String> {
    let (org, member) = (org_uuid.trim(), member_uuid.trim());
    (!org.is_empty() && !member.is_empty())
        .then(|| format!("dispute-intake:draft:v{VERSION}:{org}:{member}"))
}

impl SavedDraft {
    /// The draft of `flow` as it would be saved; `None` when there is nothing worth keeping or
    /// the dispute was filed.
    pub fn of(flow: &Flow) -> Option<Self> {
        if let Some(pending) = &flow.pending {
            return Some(pending.clone());
        }
        let d = &flow.draft;
        let filed = matches!(flow.submission, super::Submission::Done(_));
        if filed || !d.holds_answers() || flow.step == Step::Confirmation {
            return None;
        }
        let mut files: Vec<SavedFile> = d
            .files
            .iter()
            .map(|f| SavedFile {
                name: f.name.clone(),
                size: f.size,
            })
            .collect();
        // Files that were still to be re-added stay listed until they are.
        files.extend(flow.missing_files.iter().cloned());
        Some(Self {
            version: VERSION,
            step: flow.step.name().to_owned(),
            selected: d.selected.clone(),
            reason: d.reason.map(|r| r.as_wire().to_owned()).unwrap_or_default(),
            answers: d.answers.clone(),
            files,
            attested: d.attested,
            signature: d.signature.clone(),
            attempted: !matches!(flow.submission, super::Submission::Idle),
        })
    }
}

impl Flow {
    /// The flow with a saved draft taken back: selections that are still selectable, the
    /// reason if it still fits, every answer, the attestation; the files to add again listed
    /// in `missing_files`; the saved step, or the first one before it that is incomplete.
    pub fn restore(&self, saved: SavedDraft) -> Flow {
        if saved.version != VERSION {
            return self.clone();
        }
        let mut next = self.clone();
        for uuid in saved.selected {
            next = next.reduce(super::FlowAction::Toggle(uuid));
        }
        let reason = DisputeReason::from_wire(&saved.reason);
        if reason != DisputeReason::Unknown {
            next = next.reduce(super::FlowAction::ChooseReason(reason));
        }
        next.draft.answers = saved.answers;
        next.draft.attested = saved.attested;
        next.draft.signature = saved.signature;
        next.missing_files = saved.files;
        if saved.attempted {
            // Counted as a first attempt, so the next submit adopts a dispute that exists.
            next.submit_attempt = next.submit_attempt.max(1);
        }
        let target = Step::FORM
            .iter()
            .copied()
            .find(|s| s.name() == saved.step)
            .unwrap_or(Step::Transactions);
        next.step = Step::FORM
            .iter()
            .copied()
            .take_while(|s| *s != target)
            .find(|s| !next.check(*s).is_empty())
            .unwrap_or(target);
        next.errors.clear();
        next.restored = true;
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_members_apart_and_need_a_member() {
        assert_eq!(
            storage_key("org-1", "mbr-ana").as_deref(),
            Some("dispute-intake:draft:v1:org-1:mbr-ana")
        );
        assert_ne!(
            storage_key("org-1", "mbr-ana"),
            storage_key("org-1", "mbr-ben")
        );
        assert_ne!(
            storage_key("org-1", "mbr-ana"),
            storage_key("org-2", "mbr-ana")
        );
        assert_eq!(storage_key("org-1", " "), None);
    }

    #[test]
    fn saved_json_has_answers_and_file_names_only() {
        let saved = SavedDraft {
            version: 1,
            step: "questions".into(),
            selected: vec!["t1".into()],
            reason: "DISPUTE_REASON_UNAUTH".into(),
            answers: Map::from([("card_status".into(), "lost".into())]),
            files: vec![SavedFile {
                name: "receipt.png".into(),
                size: 10,
            }],
            attested: false,
            signature: String::new(),
            attempted: false,
        };
        let json = serde_json::to_string(&saved).unwrap();
        assert_eq!(
            json,
            r#"{"version":1,"step":"questions","selected":["t1"],"reason":"DISPUTE_REASON_UNAUTH","answers":{"card_status":"lost"},"files":[{"name":"receipt.png","size":10}],"attested":false,"signature":"","attempted":false}"#
        );
        let back: SavedDraft = serde_json::from_str(&json).unwrap();
        assert_eq!(back, saved);
        // Anything unreadable is no draft, never an error for the member.
        assert!(serde_json::from_str::<SavedDraft>("{\"version\":\"x\"}").is_err());
    }
}
