//! Evidence files: which ones are admitted (the credit union's `files` rules on top of the
//! API's byte checks), and the state of each upload after filing: queued, sending with progress
//! that never goes backwards, waiting to retry, done only after the server's 2xx, failed with a
//! reason and a retry control, or cancelled by the member. Plain Rust: the browser work (reading,
//! encoding, sending) lives in `client/` and `ui/`, which report here.

use casap_api::files::{FileKind, FileProblem, check_file};

use super::Failure;

/// A file the member picked; the browser `File` itself stays with the component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDraft {
    pub id: u32,
    pub name: String,
    pub size: u64,
    /// What its bytes are; sent as the content type, whatever the browser reported.
    pub kind: FileKind,
    /// The size of the photo the member picked, when what is sent is its reduction
    /// (`photo.rs`); `size` is then the reduction's.
    pub reduced_from: Option<u64>,
}

/// The host's `files` option, with the defaults of DESIGN.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRules {
    pub max_bytes: u64,
    pub max_count: usize,
    pub max_total_bytes: u64,
    pub accept: Vec<FileKind>,
    /// Photos are reduced to this long side before they are sent (`files.photoMaxSide`);
    /// `None` sends them as picked (`files.reducePhotos: false`).
    pub photo_max_side: Option<u32>,
}

impl Default for FileRules {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_count: 10,
            max_total_bytes: 50 * 1024 * 1024,
            accept: vec![FileKind::Pdf, FileKind::Jpeg, FileKind::Png, FileKind::Heic],
            photo_max_side: Some(super::photo::DEFAULT_MAX_SIDE),
        }
    }
}

/// Why a picked file was not attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file itself: empty, too large, not a receipt type, disguised.
    File(FileProblem),
    /// A type the API takes but this credit union does not.
    NotAccepted(FileKind),
    TooMany {
        max: usize,
    },
    TotalTooLarge {
        max_bytes: u64,
    },
    /// The same name and size is attached already.
    AlreadyAttached,
}

impl FileRules {
    /// Whether a file (its name, size and first bytes) may join `attached`; its kind if so.
    pub fn admit(
        &self,
        attached: &[FileDraft],
        name: &str,
        size: u64,
        head: &[u8],
    ) -> Result<FileKind, Refusal> {
        let kind = check_file(name, size, head, self.max_bytes).map_err(Refusal::File)?;
        if !self.accept.contains(&kind) {
            return Err(Refusal::NotAccepted(kind));
        }
        if attached.iter().any(|f| f.name == name && f.size == size) {
            return Err(Refusal::AlreadyAttached);
        }
        if attached.len() >= self.max_count {
            return Err(Refusal::TooMany {
                max: self.max_count,
            });
        }
        if attached.iter().map(|f| f.size).sum::<u64>() + size > self.max_total_bytes {
            return Err(Refusal::TotalTooLarge {
                max_bytes: self.max_total_bytes,
            });
        }
        Ok(kind)
    }

    /// Whether a picked file is a photo to reduce before [`FileRules::admit`] judges what will
    /// be sent: reduction is on, another file may still be attached, the name and bytes agree
    /// on an accepted photo kind (its size is judged after reduction), and it is worth trying
    /// ([`super::photo::worth_trying`]). Its kind and the long side to reduce to if so.
    pub fn photo_to_reduce(
        &self,
        attached: usize,
        name: &str,
        size: u64,
        head: &[u8],
    ) -> Option<(FileKind, u32)> {
        let side = self.photo_max_side?;
        let kind = check_file(name, size, head, u64::MAX).ok()?;
        (attached < self.max_count
            && self.accept.contains(&kind)
            && super::photo::worth_trying(kind, size))
        .then_some((kind, side))
    }
}

/// Direction overrides and isolates, which can make `exe.jpg` read as `gpj.exe`.
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// File names for a sentence ("Not sent: a.pdf, b.png"): each shortened to the 48 characters
/// the file lists show, joined with commas.
pub fn name_list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| short_name(n, 48))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A long name shortened in the middle, so that its start and its extension stay readable:
/// `a-very-long-statement…march.pdf`. Counts characters, not bytes. Direction controls become
/// `_`, so the name reads in the order its characters are.
pub fn short_name(name: &str, max_chars: usize) -> String {
    let name: String = name
        .chars()
        .map(|c| if bidi_control(c) { '_' } else { c })
        .collect();
    let count = name.chars().count();
    if count <= max_chars || max_chars < 5 {
        return name;
    }
    let tail = (max_chars - 1) / 3;
    let head = max_chars - 1 - tail;
    let start: String = name.chars().take(head).collect();
    let end: String = name.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// The name sent with a file: path separators and control characters replaced, at most 200
/// characters (shortened in the middle), so that no server refuses a real receipt for its name.
pub fn wire_name(name: &str) -> String {
    let clean: String = name
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    short_name(&clean, 200)
}

/// Uploads running at once: enough to use the line, few enough for a phone.
pub const PARALLEL: usize = 3;

/// Where one file's upload is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadState {
    Queued,
    /// Reading, encoding or sending; `attempt` counts from 1.
    Sending {
        attempt: u32,
    },
    /// Failed with something worth retrying; the next attempt starts after `delay_ms`.
    Waiting {
        attempt: u32,
        delay_ms: u64,
    },
    /// The server answered 2xx.
    Done,
    /// Gave up; the member may try again.
    Failed(Failure),
    /// The member stopped it; they may send it after all.
    Cancelled,
}

/// One file's upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file: FileDraft,
    pub state: UploadState,
    /// Shown progress in thousandths: it only grows, and reaches 1000 only when done.
    pub permille: u16,
    /// Bumped by every retry or cancel, so a stale task's reports are ignored.
    pub generation: u32,
}

impl Upload {
    /// Whether nothing more will happen without the member.
    pub fn settled(&self) -> bool {
        matches!(
            self.state,
            UploadState::Done | UploadState::Failed(_) | UploadState::Cancelled
        )
    }

    fn running(&self) -> bool {
        matches!(
            self.state,
            UploadState::Sending { .. } | UploadState::Waiting { .. }
        )
    }
}

/// What happens to uploads. Reports from a task carry the generation it was started with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadEvent {
    /// The driver starts a queued file.
    Start(u32),
    /// An attempt begins (after a wait).
    Attempt {
        id: u32,
        generation: u32,
        attempt: u32,
    },
    /// Bytes of the request body sent so far, of `total`.
    Progress {
        id: u32,
        generation: u32,
        sent: u64,
        total: u64,
    },
    Wait {
        id: u32,
        generation: u32,
        attempt: u32,
        delay_ms: u64,
    },
    Done {
        id: u32,
        generation: u32,
    },
    Failed {
        id: u32,
        generation: u32,
        failure: Failure,
    },
    Cancel(u32),
    Retry(u32),
}

/// The uploads of one dispute's files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Uploads {
    pub items: Vec<Upload>,
}

impl Uploads {
    /// Every file queued, in the member's order.
    pub fn queue(files: &[FileDraft]) -> Self {
        Self {
            items: files
                .iter()
                .map(|f| Upload {
                    file: f.clone(),
                    state: UploadState::Queued,
                    permille: 0,
                    generation: 0,
                })
                .collect(),
        }
    }

    /// More files queued (to a dispute that exists already).
    pub fn add(&self, files: &[FileDraft]) -> Self {
        let mut next = self.clone();
        next.items.extend(Self::queue(files).items);
        next
    }

    /// The files, for checking new ones against (count, total, already attached).
    pub fn files(&self) -> Vec<FileDraft> {
        self.items.iter().map(|u| u.file.clone()).collect()
    }

    /// Queued files that may start now without exceeding [`PARALLEL`], in order.
    pub fn to_start(&self) -> Vec<u32> {
        let running = self.items.iter().filter(|u| u.running()).count();
        self.items
            .iter()
            .filter(|u| u.state == UploadState::Queued)
            .take(PARALLEL.saturating_sub(running))
            .map(|u| u.file.id)
            .collect()
    }

    /// Whether every file is done, failed or cancelled (true when there are none).
    pub fn settled(&self) -> bool {
        self.items.iter().all(Upload::settled)
    }

    /// Files done, and files failed or cancelled.
    pub fn counts(&self) -> (usize, usize) {
        let done = self
            .items
            .iter()
            .filter(|u| u.state == UploadState::Done)
            .count();
        let lost = self
            .items
            .iter()
            .filter(|u| matches!(u.state, UploadState::Failed(_) | UploadState::Cancelled))
            .count();
        (done, lost)
    }

    pub fn get(&self, id: u32) -> Option<&Upload> {
        self.items.iter().find(|u| u.file.id == id)
    }

    /// The reducer of uploads: pure, no effects.
    pub fn reduce(&self, event: UploadEvent) -> Self {
        let mut next = self.clone();
        let (id, generation) = match &event {
            UploadEvent::Start(id) | UploadEvent::Cancel(id) | UploadEvent::Retry(id) => {
                (*id, None)
            }
            UploadEvent::Attempt { id, generation, .. }
            | UploadEvent::Progress { id, generation, .. }
            | UploadEvent::Wait { id, generation, .. }
            | UploadEvent::Done { id, generation }
            | UploadEvent::Failed { id, generation, .. } => (*id, Some(*generation)),
        };
        let Some(u) = next.items.iter_mut().find(|u| u.file.id == id) else {
            return next;
        };
        if generation.is_some_and(|g| g != u.generation) {
            return next;
        }
        match (event, &u.state) {
            (UploadEvent::Start(_), UploadState::Queued) => {
                u.state = UploadState::Sending { attempt: 1 };
            }
            (UploadEvent::Attempt { attempt, .. }, UploadState::Waiting { .. }) => {
                u.state = UploadState::Sending { attempt };
            }
            (UploadEvent::Progress { sent, total, .. }, UploadState::Sending { .. }) => {
                let shown = (sent.min(total) * 1000)
                    .checked_div(total)
                    .map_or(0, |p| p.min(999) as u16);
                u.permille = u.permille.max(shown);
            }
            (
                UploadEvent::Wait {
                    attempt, delay_ms, ..
                },
                UploadState::Sending { .. },
            ) => u.state = UploadState::Waiting { attempt, delay_ms },
            (UploadEvent::Done { .. }, UploadState::Sending { .. }) => {
                u.state = UploadState::Done;
                u.permille = 1000;
            }
            (UploadEvent::Failed { failure, .. }, UploadState::Sending { .. }) => {
                u.state = UploadState::Failed(failure);
            }
            (UploadEvent::Cancel(_), _) if !u.settled() => {
                u.state = UploadState::Cancelled;
                u.generation += 1;
            }
            (UploadEvent::Retry(_), UploadState::Failed(_) | UploadState::Cancelled) => {
                u.state = UploadState::Queued;
                u.generation += 1;
            }
            _ => {}
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::FailureKind;

    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3";

    fn draft(id: u32, name: &str, size: u64) -> FileDraft {
        FileDraft {
            id,
            name: name.into(),
            size,
            kind: FileKind::Png,
            reduced_from: None,
        }
    }

    #[test]
    fn a_photo_is_reduced_only_when_it_would_be_admitted_and_is_worth_it() {
        use crate::intake::photo::{DECODE_LIMIT_BYTES, MIN_TRY_BYTES};
        const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];
        let rules = FileRules {
            max_count: 2,
            accept: vec![FileKind::Jpeg, FileKind::Pdf],
            ..FileRules::default()
        };
        let big = 4_000_000;
        assert_eq!(
            rules.photo_to_reduce(0, "IMG.jpg", big, JPEG),
            Some((FileKind::Jpeg, 2000))
        );
        // Over max_bytes is no reason not to: the reduction is what is judged.
        assert_eq!(
            rules.photo_to_reduce(1, "IMG.jpg", 30_000_000, JPEG),
            Some((FileKind::Jpeg, 2000))
        );
        for (why, attached, name, size, head, r) in [
            ("full", 2, "IMG.jpg", big, JPEG, &rules),
            ("name disagrees", 0, "IMG.png", big, JPEG, &rules),
            ("a PDF", 0, "a.pdf", big, b"%PDF-1.7\n" as &[u8], &rules),
            ("PNG not accepted", 0, "a.png", big, PNG, &rules),
            ("small", 0, "IMG.jpg", MIN_TRY_BYTES - 1, JPEG, &rules),
            ("huge", 0, "IMG.jpg", DECODE_LIMIT_BYTES + 1, JPEG, &rules),
        ] {
            assert_eq!(r.photo_to_reduce(attached, name, size, head), None, "{why}");
        }
        let off = FileRules {
            photo_max_side: None,
            ..rules.clone()
        };
        assert_eq!(
            off.photo_to_reduce(0, "IMG.jpg", big, JPEG),
            None,
            "turned off"
        );
    }

    #[test]
    fn admits_within_the_credit_unions_rules() {
        let rules = FileRules {
            max_bytes: 1_000,
            max_count: 2,
            max_total_bytes: 1_500,
            accept: vec![FileKind::Png],
            photo_max_side: None,
        };
        assert_eq!(rules.admit(&[], "a.png", 900, PNG), Ok(FileKind::Png));
        assert_eq!(
            rules.admit(&[], "a.png", 1_001, PNG),
            Err(Refusal::File(FileProblem::TooLarge { max_bytes: 1_000 }))
        );
        assert_eq!(
            rules.admit(&[], "a.pdf", 10, PDF),
            Err(Refusal::NotAccepted(FileKind::Pdf))
        );
        let one = [draft(1, "a.png", 900)];
        assert_eq!(
            rules.admit(&one, "b.png", 700, PNG),
            Err(Refusal::TotalTooLarge { max_bytes: 1_500 })
        );
        assert_eq!(
            rules.admit(&one, "a.png", 900, PNG),
            Err(Refusal::AlreadyAttached)
        );
        let two = [draft(1, "a.png", 100), draft(2, "b.png", 100)];
        assert_eq!(
            rules.admit(&two, "c.png", 100, PNG),
            Err(Refusal::TooMany { max: 2 })
        );
        assert_eq!(
            rules.admit(&[], "", 0, &[]),
            Err(Refusal::File(FileProblem::Empty))
        );
    }

    #[test]
    fn defaults_follow_the_design() {
        let d = FileRules::default();
        assert_eq!((d.max_bytes, d.max_count), (10 << 20, 10));
        assert_eq!(d.accept.len(), 4);
    }

    #[test]
    fn long_names_keep_their_start_and_extension() {
        let long = format!("{}.pdf", "statement-".repeat(30));
        let short = short_name(&long, 40);
        assert_eq!(short.chars().count(), 40);
        assert!(short.starts_with("statement-statement-"), "{short}");
        assert!(
            short.ends_with("ement-.pdf") && short.contains('…'),
            "{short}"
        );
        assert_eq!(short_name("receipt.jpg", 40), "receipt.jpg");
        assert_eq!(
            short_name("ñandú-très-long-nom.heic", 12).chars().count(),
            12
        );
    }

    #[test]
    fn name_lists_shorten_each_name_and_join_them() {
        let long = format!("{}.pdf", "statement-".repeat(30));
        let list = name_list(["a.png", long.as_str()].into_iter());
        let (first, second) = list.split_once(", ").unwrap();
        assert_eq!(first, "a.png");
        assert_eq!(second, short_name(&long, 48));
        assert_eq!(name_list(std::iter::empty()), "");
    }

    #[test]
    fn names_sent_are_plain_and_bounded() {
        assert_eq!(wire_name(" a/b\\c\u{202e}gnp.jpg "), "a_b_c_gnp.jpg");
        assert_eq!(wire_name("x\n.pdf"), "x_.pdf");
        let long = format!("{}.jpg", "r".repeat(296));
        let sent = wire_name(&long);
        assert_eq!(sent.chars().count(), 200);
        assert!(sent.ends_with(".jpg"));
    }

    fn queued(n: u32) -> Uploads {
        let files: Vec<_> = (1..=n).map(|i| draft(i, &format!("{i}.png"), 10)).collect();
        Uploads::queue(&files)
    }

    fn progress(id: u32, generation: u32, sent: u64) -> UploadEvent {
        UploadEvent::Progress {
            id,
            generation,
            sent,
            total: 100,
        }
    }

    #[test]
    fn starts_a_bounded_number_at_once() {
        let mut u = queued(5);
        assert_eq!(u.to_start(), vec![1, 2, 3]);
        u = u.reduce(UploadEvent::Start(1));
        assert_eq!(u.to_start(), vec![2, 3]);
        u = u
            .reduce(UploadEvent::Start(2))
            .reduce(UploadEvent::Start(3));
        assert!(u.to_start().is_empty());
        // A file waiting to retry keeps its place.
        u = u.reduce(UploadEvent::Wait {
            id: 1,
            generation: 0,
            attempt: 1,
            delay_ms: 500,
        });
        assert!(u.to_start().is_empty());
        u = u.reduce(UploadEvent::Done {
            id: 2,
            generation: 0,
        });
        assert_eq!(u.to_start(), vec![4]);
        assert!(!u.settled());
    }

    #[test]
    fn files_added_later_queue_behind_the_others() {
        let u = queued(1).reduce(UploadEvent::Start(1));
        let u = u.add(&[draft(9, "later.png", 5)]);
        assert_eq!(u.to_start(), vec![9]);
        assert_eq!(u.files().len(), 2);
    }

    #[test]
    fn progress_never_goes_backwards_and_completes_only_on_done() {
        let mut u = queued(1).reduce(UploadEvent::Start(1));
        u = u.reduce(progress(1, 0, 60));
        assert_eq!(u.get(1).unwrap().permille, 600);
        // A retry resends from zero: the bar stays where it was.
        u = u.reduce(UploadEvent::Wait {
            id: 1,
            generation: 0,
            attempt: 1,
            delay_ms: 10,
        });
        u = u.reduce(UploadEvent::Attempt {
            id: 1,
            generation: 0,
            attempt: 2,
        });
        u = u.reduce(progress(1, 0, 10));
        assert_eq!(u.get(1).unwrap().permille, 600);
        // Every byte sent is not yet "done": the server has not answered.
        u = u.reduce(progress(1, 0, 100));
        assert_eq!(u.get(1).unwrap().permille, 999);
        assert_eq!(u.get(1).unwrap().state, UploadState::Sending { attempt: 2 });
        u = u.reduce(UploadEvent::Done {
            id: 1,
            generation: 0,
        });
        assert_eq!(u.get(1).unwrap().permille, 1000);
        assert!(u.settled());
        assert_eq!(u.counts(), (1, 0));
    }

    #[test]
    fn cancel_and_retry_ignore_the_stale_task() {
        let mut u = queued(2).reduce(UploadEvent::Start(1));
        u = u.reduce(UploadEvent::Cancel(1));
        assert_eq!(u.get(1).unwrap().state, UploadState::Cancelled);
        // The cancelled task's late answer changes nothing.
        u = u.reduce(UploadEvent::Done {
            id: 1,
            generation: 0,
        });
        assert_eq!(u.get(1).unwrap().state, UploadState::Cancelled);
        u = u.reduce(UploadEvent::Retry(1));
        assert_eq!(u.get(1).unwrap().state, UploadState::Queued);
        assert_eq!(u.get(1).unwrap().generation, 2);
        u = u.reduce(UploadEvent::Start(1)).reduce(UploadEvent::Failed {
            id: 1,
            generation: 2,
            failure: Failure {
                kind: FailureKind::Server,
                detail: "HTTP 503".into(),
            },
        });
        assert!(matches!(u.get(1).unwrap().state, UploadState::Failed(_)));
        // Done files cannot be cancelled; queued ones can.
        u = u.reduce(UploadEvent::Cancel(2));
        assert_eq!(u.counts(), (0, 2));
        assert!(u.settled());
        u = u
            .reduce(UploadEvent::Retry(1))
            .reduce(UploadEvent::Start(1))
            .reduce(UploadEvent::Done {
                id: 1,
                generation: 3,
            });
        assert_eq!(
            u.reduce(UploadEvent::Cancel(1)).get(1).unwrap().state,
            UploadState::Done
        );
    }
}
