//! Photos reduced on the device before they are sent: which files are tried, the size the
//! browser is asked to decode them at, what the reduced file is called, and which of original
//! and reduction is sent. Pure: the decoding and encoding are the browser's own
//! (`pkg-template/photo.js`, called through `ui/photos.rs`).
//!
//! A phone's camera photo is 2–5 MB at 12 MP; the member API carries it as base64 JSON, so on a
//! phone's uplink (675 kbit/s) one photo is about a minute. Scaled to a long side of
//! [`DEFAULT_MAX_SIDE`] and written as JPEG at [`QUALITY`], a receipt reads as well (measured by
//! `tests/e2e/legibility.test.mjs` with tesseract) at a tenth of the bytes. Re-encoding also
//! leaves the photo's metadata behind: location (GPS) and camera details are not written.

use casap_api::files::FileKind;

/// The long side, in pixels, photos are reduced to unless the credit union says otherwise
/// (`files.photoMaxSide`). Chosen by measurement: see BENCHMARKS.md, "Photos".
pub const DEFAULT_MAX_SIDE: u32 = 2000;

/// The smallest and largest `files.photoMaxSide` a credit union may set: below 800 px a
/// receipt's small print stops being legible; above 8,000 px nothing is reduced anyway.
pub const MAX_SIDE_RANGE: (u32, u32) = (800, 8000);

/// JPEG quality of a reduced photo (the browser's 0–1 scale). Chosen by measurement: see
/// BENCHMARKS.md, "Photos".
pub const QUALITY: f64 = 0.6;

/// Photos larger than this are sent as they are, without trying: decoding one would take more
/// memory than a phone's tab can spare. No camera writes such a photo.
pub const DECODE_LIMIT_BYTES: u64 = 64 * 1024 * 1024;

/// Photos smaller than this are sent as they are: a few seconds on a phone's uplink, so not
/// worth the loss of a second JPEG encoding.
pub const MIN_TRY_BYTES: u64 = 128 * 1024;

/// Bytes read from the start of a photo to find its size and orientation: a JPEG's EXIF block
/// (with its thumbnail, up to 64 KiB) comes before the frame header.
pub const HEADER_BYTES: usize = 192 * 1024;

/// Whether a file of this kind and size is worth trying to reduce. PDFs never are; a HEIC is
/// tried, and sent as it is where the engine cannot decode it.
pub fn worth_trying(kind: FileKind, size: u64) -> bool {
    matches!(kind, FileKind::Jpeg | FileKind::Png | FileKind::Heic)
        && (MIN_TRY_BYTES..=DECODE_LIMIT_BYTES).contains(&size)
}

/// What the first bytes of a photo say about it: its stored size and its EXIF orientation
/// (1 to 8; 1 when it has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub orientation: u8,
}

/// The stored size and orientation of a JPEG or PNG from its first bytes; `None` for other
/// kinds, or when the bytes are cut short or malformed.
pub fn header(kind: FileKind, bytes: &[u8]) -> Option<Header> {
    match kind {
        FileKind::Jpeg => jpeg_header(bytes),
        FileKind::Png => png_header(bytes),
        _ => None,
    }
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn png_header(b: &[u8]) -> Option<Header> {
    if b.get(12..16)? != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(b.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(b.get(20..24)?.try_into().ok()?);
    (width > 0 && height > 0).then_some(Header {
        width,
        height,
        orientation: 1,
    })
}

/// Walks a JPEG's marker segments up to its frame header (SOFn), reading the EXIF orientation
/// on the way.
fn jpeg_header(b: &[u8]) -> Option<Header> {
    if b.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    let mut orientation = 1;
    loop {
        // Fill bytes (0xFF runs) may precede a marker.
        while *b.get(at)? == 0xFF && *b.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        let len = usize::from(be16(b, at + 2)?);
        if len < 2 {
            return None;
        }
        let body = at + 4;
        match marker {
            // SOF0–SOF15, but for DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = u32::from(be16(b, body + 1)?);
                let width = u32::from(be16(b, body + 3)?);
                return (width > 0 && height > 0).then_some(Header {
                    width,
                    height,
                    orientation,
                });
            }
            // Start of scan before any frame header: malformed.
            0xDA | 0xD9 => return None,
            0xE1 => {
                if let Some(segment) = b.get(body..at + 2 + len)
                    && let Some(tiff) = segment.strip_prefix(b"Exif\0\0")
                    && let Some(o) = exif_orientation(tiff)
                {
                    orientation = o;
                }
            }
            _ => {}
        }
        at += 2 + len;
    }
}

/// The Orientation tag (0x0112) of a TIFF block's first directory, if it is 1 to 8.
fn exif_orientation(t: &[u8]) -> Option<u8> {
    let little = match t.get(..4)? {
        [b'I', b'I', 42, 0] => true,
        [b'M', b'M', 0, 42] => false,
        _ => return None,
    };
    // An unsigned number of `n` bytes at `at`, in the block's byte order.
    let uint = |at: usize, n: usize| -> Option<u32> {
        let bytes = t.get(at..at.checked_add(n)?)?;
        let fold = |v: u32, b: &u8| v << 8 | u32::from(*b);
        Some(if little {
            bytes.iter().rev().fold(0, fold)
        } else {
            bytes.iter().fold(0, fold)
        })
    };
    let ifd = usize::try_from(uint(4, 4)?).ok()?;
    let count = usize::try_from(uint(ifd, 2)?).ok()?;
    (0..count).find_map(|i| {
        let entry = ifd.checked_add(2 + i * 12)?;
        if uint(entry, 2)? != 0x0112 {
            return None;
        }
        // A SHORT, stored in the first two bytes of the value field.
        let value = uint(entry + 8, 2)?;
        (1..=8).contains(&value).then_some(value as u8)
    })
}

/// The width to ask the browser to decode a photo at (`createImageBitmap`'s `resizeWidth`), so
/// that an engine able to decode smaller need not hold a 48 MP photo whole (Chromium and Firefox
/// measured still decode whole, then scale: BENCHMARKS.md); `None` when the photo is small
/// enough already or its size is unknown.
///
/// Engines differ on whether `resizeWidth` applies before or after the EXIF rotation. For a
/// photo stored on its side (orientations 5 to 8) the long side itself is asked for, which is
/// at least the needed scale under either reading; the canvas then scales to the exact size.
pub fn decode_width(h: &Header, max_side: u32) -> Option<u32> {
    let long = h.width.max(h.height);
    if long <= max_side {
        return None;
    }
    if h.orientation >= 5 {
        return Some(max_side);
    }
    let scaled = (u64::from(h.width) * u64::from(max_side)).div_ceil(u64::from(long));
    Some(scaled.max(1) as u32)
}

/// The name a reduced photo is sent under: its own name, with `.jpg` for the extension, since
/// what is sent is a JPEG and the service checks that name and content agree.
pub fn reduced_name(name: &str) -> String {
    let trimmed = name.trim();
    let stem = match trimmed.rsplit_once('.') {
        Some((stem, ext)) if FileKind::from_extension(ext).is_some() && !stem.is_empty() => stem,
        _ => trimmed,
    };
    if stem.is_empty() {
        "photo.jpg".to_owned()
    } else {
        format!("{stem}.jpg")
    }
}

/// Whether the reduction is sent instead of the original: only when it is smaller.
pub fn keep_reduced(original_bytes: u64, reduced_bytes: u64) -> bool {
    reduced_bytes > 0 && reduced_bytes < original_bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG's start: SOI, an APP1 with the given TIFF block, a DQT, then a SOF0 of `w`×`h`.
    fn jpeg(tiff: Option<&[u8]>, w: u16, h: u16) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        if let Some(t) = tiff {
            let len = (2 + 6 + t.len()) as u16;
            b.extend([0xFF, 0xE1]);
            b.extend(len.to_be_bytes());
            b.extend(b"Exif\0\0");
            b.extend(t);
        }
        b.extend([0xFF, 0xDB, 0, 4, 0, 0]);
        b.extend([0xFF, 0xC0, 0, 17, 8]);
        b.extend(h.to_be_bytes());
        b.extend(w.to_be_bytes());
        b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.extend([0xFF, 0xDA, 0, 2]);
        b
    }

    /// A TIFF block whose first directory holds Make, then Orientation.
    fn tiff(little: bool, orientation: u16) -> Vec<u8> {
        let w16 = |v: u16| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let w32 = |v: u32| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let mut t = if little {
            b"II*\0".to_vec()
        } else {
            b"MM\0*".to_vec()
        };
        t.extend(w32(8));
        t.extend(w16(2));
        // Make, ASCII, 4 bytes inline: "Cam\0".
        t.extend(w16(0x010F));
        t.extend(w16(2));
        t.extend(w32(4));
        t.extend(b"Cam\0");
        t.extend(w16(0x0112));
        t.extend(w16(3));
        t.extend(w32(1));
        t.extend(w16(orientation));
        t.extend([0, 0]);
        t.extend(w32(0));
        t
    }

    #[test]
    fn jpeg_size_and_orientation_in_either_byte_order() {
        for little in [true, false] {
            let b = jpeg(Some(&tiff(little, 6)), 4000, 3000);
            assert_eq!(
                header(FileKind::Jpeg, &b),
                Some(Header {
                    width: 4000,
                    height: 3000,
                    orientation: 6
                }),
                "little-endian: {little}"
            );
        }
        let plain = jpeg(None, 640, 480);
        assert_eq!(header(FileKind::Jpeg, &plain).unwrap().orientation, 1);
    }

    #[test]
    fn out_of_range_orientation_reads_as_upright() {
        let b = jpeg(Some(&tiff(true, 9)), 10, 20);
        assert_eq!(header(FileKind::Jpeg, &b).unwrap().orientation, 1);
    }

    #[test]
    fn png_size() {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        b.extend(b"IHDR");
        b.extend(1170u32.to_be_bytes());
        b.extend(2532u32.to_be_bytes());
        assert_eq!(
            header(FileKind::Png, &b),
            Some(Header {
                width: 1170,
                height: 2532,
                orientation: 1
            })
        );
    }

    #[test]
    fn cut_short_or_hostile_bytes_give_no_header_and_never_panic() {
        let full = jpeg(Some(&tiff(false, 6)), 4000, 3000);
        let sof = full.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        assert!(header(FileKind::Jpeg, &full[..sof + 9]).is_some());
        for n in 0..sof + 9 {
            // Cut anywhere before the frame header's size: unknown, not a guess.
            let got = header(FileKind::Jpeg, &full[..n]);
            assert!(got.is_none(), "cut at {n}: {got:?}");
        }
        // An EXIF directory pointing far past its block, a zero-length segment, a scan first.
        let mut far = tiff(true, 6);
        far[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            header(FileKind::Jpeg, &jpeg(Some(&far), 8, 8))
                .unwrap()
                .orientation,
            1
        );
        assert_eq!(
            header(FileKind::Jpeg, &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            None
        );
        assert_eq!(
            header(FileKind::Jpeg, &[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]),
            None
        );
        assert_eq!(header(FileKind::Pdf, b"%PDF-1.7"), None);
        assert_eq!(header(FileKind::Heic, b"\0\0\0\x18ftypheic"), None);
        // A zero-sized frame.
        assert_eq!(header(FileKind::Jpeg, &jpeg(None, 0, 10)), None);
    }

    #[test]
    fn decode_width_keeps_the_aspect_and_never_undershoots_a_sideways_photo() {
        let h = |width, height, orientation| Header {
            width,
            height,
            orientation,
        };
        assert_eq!(decode_width(&h(4000, 3000, 1), 2000), Some(2000));
        assert_eq!(decode_width(&h(3000, 4000, 1), 2000), Some(1500));
        assert_eq!(decode_width(&h(8000, 6000, 3), 2000), Some(2000));
        // Small enough already.
        assert_eq!(decode_width(&h(1600, 1200, 6), 2000), None);
        assert_eq!(decode_width(&h(2000, 1000, 1), 2000), None);
        // Stored on its side: 4000×3000 shown 3000×4000. Read before the rotation, width 2000
        // of 4000 is scale 1/2 (long side 2000); read after, 2000 of 3000 is 2/3 (2667).
        // Either is at least the needed 1/2.
        let sideways = h(4000, 3000, 6);
        let w = decode_width(&sideways, 2000).unwrap();
        for width_read in [4000, 3000] {
            let scale = f64::from(w) / f64::from(width_read);
            assert!(scale >= 0.5, "{width_read}: {scale}");
        }
        // Rounding up: never a side below the target.
        assert_eq!(decode_width(&h(4001, 3001, 1), 2000), Some(2000));
        assert_eq!(decode_width(&h(3001, 4001, 1), 2000), Some(1501));
    }

    #[test]
    fn reduced_photos_are_named_jpg() {
        assert_eq!(reduced_name("IMG_0042.HEIC"), "IMG_0042.jpg");
        assert_eq!(reduced_name("receipt.jpeg"), "receipt.jpg");
        assert_eq!(reduced_name("screen shot.png"), "screen shot.jpg");
        assert_eq!(reduced_name("no-extension"), "no-extension.jpg");
        assert_eq!(reduced_name("v1.2 receipt"), "v1.2 receipt.jpg");
        assert_eq!(reduced_name(".png"), ".png.jpg");
        assert_eq!(reduced_name("  "), "photo.jpg");
        // Whatever it is called, the name agrees with a JPEG's bytes.
        let head = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1,
        ];
        for name in ["a.HEIC", "b.png", "c", "d.jpeg"] {
            assert_eq!(
                casap_api::files::check_file(&reduced_name(name), 10, &head, 100),
                Ok(FileKind::Jpeg),
                "{name}"
            );
        }
    }

    #[test]
    fn only_a_smaller_reduction_is_sent() {
        assert!(keep_reduced(4_000_000, 380_000));
        assert!(!keep_reduced(40_000, 40_000));
        assert!(!keep_reduced(40_000, 61_000));
        assert!(!keep_reduced(40_000, 0));
    }

    #[test]
    fn which_files_are_tried() {
        assert!(worth_trying(FileKind::Jpeg, 4_000_000));
        assert!(worth_trying(FileKind::Heic, 2_000_000));
        assert!(worth_trying(FileKind::Png, MIN_TRY_BYTES));
        assert!(!worth_trying(FileKind::Png, MIN_TRY_BYTES - 1));
        assert!(!worth_trying(FileKind::Pdf, 4_000_000));
        assert!(!worth_trying(FileKind::Jpeg, DECODE_LIMIT_BYTES + 1));
        assert!(!worth_trying(FileKind::Jpeg, 0));
    }
}
