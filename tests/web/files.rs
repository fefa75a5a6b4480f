//! Evidence files in the browser: the type corpus through the same checks the evidence step
//! runs on real `File`s, and the upload body built chunk by chunk.

use base64::Engine as _;
use casap_api::files::{FileKind, FileProblem};
use dispute_intake::client::upload_body;
use dispute_intake::i18n::Locale;
use dispute_intake::i18n::format::Formats;
use dispute_intake::intake::{FileRules, Refusal, wire_name};
use dispute_intake::ui::files::{admit, refusal_text};
use js_sys::{Array, Uint8Array};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{File, FilePropertyBag};

const JPEG: &[u8] = include_bytes!("../fixtures/receipt.jpg");
const PNG: &[u8] = include_bytes!("../fixtures/receipt.png");
const HEIC: &[u8] = include_bytes!("../fixtures/receipt.heic");
const PDF: &[u8] = include_bytes!("../fixtures/statement.pdf");
/// The start of a Windows program (DOS header and stub).
const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0\0\0\0\0\0\0";

/// A browser `File` as a picker would hand it over, with the type the browser reports.
fn file(bytes: &[u8], name: &str, browser_type: &str) -> File {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let bag = FilePropertyBag::new();
    bag.set_type(browser_type);
    File::new_with_u8_array_sequence_and_options(&parts, name, &bag).unwrap()
}

#[wasm_bindgen_test]
async fn real_receipts_are_accepted_and_disguised_files_refused_with_their_reason() {
    let long_name = format!("{}.jpg", "r".repeat(296));
    let markup = "<img src=x onerror=alert(1)>.png";
    let picked = vec![
        file(JPEG, "receipt.jpg", "image/jpeg"),
        file(PNG, "Screenshot 2026-11-03 at 09.41.12.png", "image/png"),
        file(PDF, "statement.pdf", "application/pdf"),
        // Phones' HEIC photos often arrive with no type at all.
        file(HEIC, "IMG_4031.HEIC", ""),
        file(JPEG, &long_name, "image/jpeg"),
        file(PNG, markup, "image/png"),
        file(EXE, "photo.jpg", "image/jpeg"),
        file(PDF, "statement.png", "image/png"),
        file(JPEG, "receipt.jpg.php", "application/x-php"),
        file(JPEG, "invoice.exe.jpg", "image/jpeg"),
        file(&[], "empty.pdf", "application/pdf"),
    ];
    let rules = FileRules {
        max_count: 20,
        ..FileRules::default()
    };
    let mut next_id = 1;
    let (accepted, refused) = admit(picked, &rules, &[], &mut next_id).await;

    let kinds: Vec<(&str, FileKind)> = accepted
        .iter()
        .map(|(d, _)| (d.name.as_str(), d.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("receipt.jpg", FileKind::Jpeg),
            ("Screenshot 2026-11-03 at 09.41.12.png", FileKind::Png),
            ("statement.pdf", FileKind::Pdf),
            ("IMG_4031.HEIC", FileKind::Heic),
            (long_name.as_str(), FileKind::Jpeg),
            (markup, FileKind::Png),
        ]
    );
    assert_eq!(next_id, 7, "ids are handed out only to accepted files");
    // The long name is sent shortened, with its extension, under the API's 255 characters.
    assert!(wire_name(&long_name).chars().count() <= 200);
    assert!(wire_name(&long_name).ends_with(".jpg"));

    let expected = [
        ("photo.jpg", Refusal::File(FileProblem::UnsupportedContent)),
        (
            "statement.png",
            Refusal::File(FileProblem::Mismatch {
                named: FileKind::Png,
                actual: FileKind::Pdf,
            }),
        ),
        (
            "receipt.jpg.php",
            Refusal::File(FileProblem::UnsupportedName),
        ),
        (
            "invoice.exe.jpg",
            Refusal::File(FileProblem::DoubleExtension),
        ),
        ("empty.pdf", Refusal::File(FileProblem::Empty)),
    ];
    let got: Vec<(&str, &Refusal)> = refused.iter().map(|(n, r)| (n.as_str(), r)).collect();
    let want: Vec<(&str, &Refusal)> = expected.iter().map(|(n, r)| (*n, r)).collect();
    assert_eq!(got, want);

    // Each reason reads as what is wrong and what to do, in both languages.
    let en = Formats::of(Locale::En);
    let words = |r: &Refusal| refusal_text(Locale::En, r, &en);
    assert_eq!(
        words(&expected[0].1),
        "it is not a PDF, JPEG, PNG or HEIC file"
    );
    assert_eq!(words(&expected[1].1), "its name does not match its content");
    assert!(words(&expected[2].1).contains(".pdf, .jpg, .png or .heic"));
    assert!(words(&expected[3].1).contains("rename it"));
    assert_eq!(words(&expected[4].1), "the file is empty");
    super::spanish();
    let es = Formats::of(Locale::Es);
    assert_eq!(
        refusal_text(Locale::Es, &expected[4].1, &es),
        "el archivo está vacío"
    );
}

#[wasm_bindgen_test]
async fn the_credit_unions_limits_apply_before_any_request() {
    let rules = FileRules {
        max_bytes: 2_000,
        max_count: 2,
        max_total_bytes: 2_500,
        accept: vec![FileKind::Jpeg, FileKind::Png],
        photo_max_side: None,
    };
    let picked = vec![
        file(PNG, "a.png", "image/png"),
        file(&PDF[..500], "statement.pdf", "application/pdf"),
        file(PNG, "a.png", "image/png"),
        file(JPEG, "b.jpg", "image/jpeg"),
        file(&[JPEG, &[0; 1_000]].concat(), "big.jpg", "image/jpeg"),
        file(JPEG, "c.jpg", "image/jpeg"),
    ];
    let (accepted, refused) = admit(picked, &rules, &[], &mut 1).await;
    assert_eq!(accepted.len(), 1, "{refused:?}");
    let f = Formats::of(Locale::En);
    let reasons: Vec<(String, String)> = refused
        .iter()
        .map(|(n, r)| (n.clone(), refusal_text(Locale::En, r, &f)))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                "statement.pdf".into(),
                "your credit union does not accept this type of file here".into()
            ),
            ("a.png".into(), "it is already attached".into()),
            (
                "b.jpg".into(),
                "together the documents would be larger than 2.5 kB".into()
            ),
            (
                "big.jpg".into(),
                "it is larger than 2 kB: send a smaller photo or a shorter PDF".into()
            ),
            (
                "c.jpg".into(),
                "together the documents would be larger than 2.5 kB".into()
            ),
        ]
    );
    let many = vec![
        file(PNG, "x.png", "image/png"),
        file(PNG, "y.png", "image/png"),
    ];
    let (_, refused) = admit(
        many,
        &FileRules {
            max_count: 1,
            ..rules
        },
        &[],
        &mut 1,
    )
    .await;
    assert_eq!(
        refusal_text(Locale::En, &refused[0].1, &f),
        "you can attach at most 1 files: remove one to add another"
    );
}

#[wasm_bindgen_test]
async fn the_upload_body_is_the_api_json_with_the_exact_base64() {
    // Several chunks and a bit: the seams between chunks (and the reused buffers) must not
    // break the base64.
    let bytes: Vec<u8> = (0..(3 * 786_432 + 1_001) as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let content = [PDF, &bytes].concat();
    let f = file(&content, "statement \"march\".pdf", "");
    let seen = std::cell::RefCell::new(Vec::new());
    let body = upload_body(
        &f,
        "statement \"march\".pdf",
        "application/pdf",
        &|done, total| seen.borrow_mut().push((done, total)),
    )
    .await
    .unwrap();
    assert_eq!(body.type_(), "application/json");
    let text = JsFuture::from(body.text())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let json = js_sys::JSON::parse(&text).unwrap();
    let get = |k: &str| {
        js_sys::Reflect::get(&json, &k.into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(get("filename"), "statement \"march\".pdf");
    assert_eq!(get("contentType"), "application/pdf");
    let expected = base64::engine::general_purpose::STANDARD.encode(&content);
    assert!(get("fileContent") == expected, "base64 differs");
    // Progress of the encoding: increasing, ending at the file's size.
    let seen = seen.into_inner();
    assert!(seen.len() >= 4, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(
        seen.last(),
        Some(&(content.len() as u64, content.len() as u64))
    );
}

/// `file` with its own `name` property replaced by `body` (a JavaScript function body), as an
/// engine without that facility, or a file that can no longer be read, would behave.
fn with_own(file: &File, name: &str, body: &str) {
    let f = js_sys::Function::new_no_args(body);
    js_sys::Reflect::set(file, &name.into(), &f).unwrap();
}

/// The `fileContent` of an upload body.
async fn file_content(body: &web_sys::Blob) -> String {
    let text = JsFuture::from(body.text()).await.unwrap();
    let json = js_sys::JSON::parse(&text.as_string().unwrap()).unwrap();
    js_sys::Reflect::get(&json, &"fileContent".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_file_whose_stream_is_not_a_byte_stream_is_read_through_its_own_chunks() {
    // WebKit's Blob.stream() is a default stream, which refuses a BYOB reader; its chunks are
    // whatever size the engine likes (here uneven, none a multiple of the widget's).
    let bytes: Vec<u8> = (0..(2 * 393_216 + 7) as u32)
        .map(|i| (i.wrapping_mul(2_246_822_519) >> 11) as u8)
        .collect();
    let content = [PNG, &bytes].concat();
    let f = file(&content, "receipt.png", "image/png");
    with_own(
        &f,
        "stream",
        "const blob = this; let at = 0, i = 0;
         return new ReadableStream({ async pull(c) {
           if (at >= blob.size) { c.close(); return; }
           const n = [1, 100003, 524288, 7, 393217][i++ % 5];
           c.enqueue(new Uint8Array(await blob.slice(at, at + n).arrayBuffer()));
           at += n;
         } });",
    );
    let (body, how) =
        dispute_intake::client::upload_body_read(&f, "receipt.png", "image/png", &|_, _| {})
            .await
            .unwrap();
    assert_eq!(how, "chunks");
    let expected = base64::engine::general_purpose::STANDARD.encode(&content);
    assert!(file_content(&body).await == expected, "base64 differs");

    // And where the engine has no Blob.stream() at all.
    let f = file(PDF, "statement.pdf", "application/pdf");
    js_sys::Reflect::set(&f, &"stream".into(), &wasm_bindgen::JsValue::UNDEFINED).unwrap();
    let (body, how) = dispute_intake::client::upload_body_read(
        &f,
        "statement.pdf",
        "application/pdf",
        &|_, _| {},
    )
    .await
    .unwrap();
    assert_eq!(how, "slices");
    assert_eq!(
        file_content(&body).await,
        base64::engine::general_purpose::STANDARD.encode(PDF)
    );
}

#[wasm_bindgen_test]
async fn a_byte_stream_is_read_without_a_copy_per_chunk_where_the_engine_has_one() {
    let f = file(JPEG, "receipt.jpg", "image/jpeg");
    let stream = f.stream();
    let byob = web_sys::ReadableStreamByobReader::new(&stream).is_ok();
    let (body, how) =
        dispute_intake::client::upload_body_read(&f, "receipt.jpg", "image/jpeg", &|_, _| {})
            .await
            .unwrap();
    assert_eq!(how, if byob { "byob" } else { "chunks" });
    assert_eq!(
        file_content(&body).await,
        base64::engine::general_purpose::STANDARD.encode(JPEG)
    );
}

#[wasm_bindgen_test]
async fn a_file_the_device_cannot_read_is_reported_as_that() {
    let f = file(JPEG, "receipt.jpg", "image/jpeg");
    // A file removed after it was picked: every way to read it fails.
    let gone = "throw new DOMException('The file could not be read', 'NotReadableError');";
    with_own(&f, "stream", gone);
    with_own(&f, "slice", gone);
    let err = upload_body(&f, "receipt.jpg", "image/jpeg", &|_, _| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&err, dispute_intake::client::ApiError::Unreadable(why) if why.contains("could not be read")),
        "{err:?}"
    );
    let failure = dispute_intake::intake::Failure::from(&err);
    assert_eq!(failure.kind.code(), "file_unreadable");
}
