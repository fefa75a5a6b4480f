//! Evidence file rules shared by the widget and the sandbox: which files are accepted, decided
//! by their bytes (magic numbers), never by their name or a browser-reported type alone.

/// A file type the dispute API accepts as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    /// HEIC/HEIF, what phone cameras write; browsers often report no type for it.
    Heic,
}

impl FileKind {
    /// The MIME type stored and sent for this kind.
    pub const fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Heic => "image/heic",
        }
    }

    /// Identifies a file by its first bytes (16 are enough).
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else if head.len() >= 12 && &head[4..8] == b"ftyp" {
            // ISO base media: the major brand says HEIF/HEIC (not MP4 or AVIF).
            matches!(
                &head[8..12],
                b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
            )
            .then_some(Self::Heic)
        } else {
            None
        }
    }

    /// The kind a file name's last extension claims, if it is one of ours.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "pdf" => Some(Self::Pdf),
            "jpg" | "jpeg" | "jfif" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "heic" | "heif" => Some(Self::Heic),
            _ => None,
        }
    }
}

/// Why a file is refused; the message names the file and says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    TooLarge {
        max_bytes: u64,
    },
    /// The bytes are not a PDF, JPEG, PNG or HEIC image.
    UnsupportedContent,
    /// The name's extension is not an accepted one (`receipt.jpg.php`, `notes.txt`).
    UnsupportedName,
    /// The name hides another type behind ours (`invoice.exe.pdf`, `scan.pdf.jpg`).
    DoubleExtension,
    /// The name says one type and the bytes another (a PDF named `.png`).
    Mismatch {
        named: FileKind,
        actual: FileKind,
    },
}

impl core::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Empty => f.write_str("the file is empty"),
            Self::TooLarge { max_bytes } => {
                write!(f, "the file is larger than {} MB", max_bytes / 1_000_000)
            }
            Self::UnsupportedContent => {
                f.write_str("the file is not a PDF, JPEG, PNG or HEIC image")
            }
            Self::UnsupportedName => {
                f.write_str("the file name must end in .pdf, .jpg, .jpeg, .png or .heic")
            }
            Self::DoubleExtension => {
                f.write_str("the file name has two extensions: rename it to end in one")
            }
            Self::Mismatch { named, actual } => write!(
                f,
                "the file is named as {} but its content is {}",
                named.mime(),
                actual.mime()
            ),
        }
    }
}

/// Extensions that must never hide inside a name (`receipt.exe.jpg`): programs, scripts,
/// markup and archives, beside our own types (a different one of ours is caught separately).
const HIDDEN: &[&str] = &[
    "exe", "com", "bat", "cmd", "scr", "msi", "dll", "ps1", "vbs", "js", "mjs", "jar", "apk",
    "app", "dmg", "sh", "php", "phtml", "asp", "aspx", "jsp", "cgi", "pl", "py", "rb", "html",
    "htm", "xhtml", "svg", "xml", "hta", "lnk", "zip", "rar", "7z", "gz", "tar", "iso", "doc",
    "docx", "docm", "xls", "xlsx", "xlsm", "txt", "rtf",
];

/// Whether an inner part of the name is an extension that could fool a person or a program:
/// a dangerous one, or another of our types than the last (`scan.pdf.jpg`).
fn double_extension(name: &str, named: FileKind) -> bool {
    let mut parts = name.split('.');
    parts.next(); // the stem: "pdf.jpg" is a name, not a double extension
    let inner: Vec<&str> = parts.collect();
    let inner = &inner[..inner.len().saturating_sub(1)];
    inner.iter().any(|p| {
        let p = p.trim().to_ascii_lowercase();
        HIDDEN.contains(&p.as_str()) || FileKind::from_extension(&p).is_some_and(|k| k != named)
    })
}

/// Checks a file: not empty, not above `max_bytes`, content of an accepted kind, and a name
/// (when given) whose last extension agrees with the content and hides no other extension.
/// Returns the content's kind.
pub fn check_file(
    name: &str,
    size: u64,
    head: &[u8],
    max_bytes: u64,
) -> Result<FileKind, FileProblem> {
    if size == 0 {
        return Err(FileProblem::Empty);
    }
    if size > max_bytes {
        return Err(FileProblem::TooLarge { max_bytes });
    }
    let actual = FileKind::sniff(head).ok_or(FileProblem::UnsupportedContent)?;
    let name = name.trim();
    if name.is_empty() {
        return Ok(actual);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let named = FileKind::from_extension(ext).ok_or(FileProblem::UnsupportedName)?;
    if double_extension(name, named) {
        return Err(FileProblem::DoubleExtension);
    }
    if named != actual {
        return Err(FileProblem::Mismatch { named, actual });
    }
    Ok(actual)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3";
    const HEIC: &[u8] = b"\0\0\0\x18ftypheic\0\0\0\0";
    const MP4: &[u8] = b"\0\0\0\x18ftypisom\0\0\0\0";
    const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0";

    fn check(name: &str, head: &[u8], expected: Result<FileKind, FileProblem>) {
        assert_eq!(check_file(name, 1000, head, 10 << 20), expected, "{name}");
    }

    #[test]
    fn accepts_real_types_by_their_bytes() {
        check("receipt.jpg", JPEG, Ok(FileKind::Jpeg));
        check("RECEIPT.JPEG", JPEG, Ok(FileKind::Jpeg));
        check("screen.png", PNG, Ok(FileKind::Png));
        check("statement.pdf", PDF, Ok(FileKind::Pdf));
        check("IMG_0001.HEIC", HEIC, Ok(FileKind::Heic));
        check("", PNG, Ok(FileKind::Png));
    }

    #[test]
    fn refuses_disguised_and_unsupported_files() {
        check("photo.jpg", EXE, Err(FileProblem::UnsupportedContent));
        check("clip.heic", MP4, Err(FileProblem::UnsupportedContent));
        check(
            "statement.png",
            PDF,
            Err(FileProblem::Mismatch {
                named: FileKind::Png,
                actual: FileKind::Pdf,
            }),
        );
        check("receipt.jpg.php", JPEG, Err(FileProblem::UnsupportedName));
        check("receipt", JPEG, Err(FileProblem::UnsupportedName));
        check("invoice.exe.jpg", JPEG, Err(FileProblem::DoubleExtension));
        check("scan.pdf.jpg", JPEG, Err(FileProblem::DoubleExtension));
        check("page.html.png", PNG, Err(FileProblem::DoubleExtension));
        // Dots in an ordinary name, or the same type twice, are not a disguise.
        check("IMG.2026.11.03.jpg", JPEG, Ok(FileKind::Jpeg));
        check("statement.pdf.pdf", PDF, Ok(FileKind::Pdf));
        check("jpg.png", PNG, Ok(FileKind::Png));
        assert_eq!(check_file("a.png", 0, &[], 100), Err(FileProblem::Empty));
        assert_eq!(
            check_file("a.png", 101, PNG, 100),
            Err(FileProblem::TooLarge { max_bytes: 100 })
        );
    }

    #[test]
    fn problems_read_as_instructions() {
        assert_eq!(
            FileProblem::Mismatch {
                named: FileKind::Png,
                actual: FileKind::Pdf
            }
            .to_string(),
            "the file is named as image/png but its content is application/pdf"
        );
        assert!(FileProblem::UnsupportedName.to_string().contains(".heic"));
    }
}
