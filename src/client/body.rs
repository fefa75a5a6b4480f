//! The JSON body of an evidence upload, built chunk by chunk in constant memory, in every
//! engine: the file is read through a BYOB reader where its stream is a byte stream (Chromium,
//! Firefox), through the stream's own chunks where it is not (WebKit: Safari and every browser
//! on iOS, whose `Blob.stream()` is a default stream that refuses a BYOB reader), and one
//! `Blob.slice()` at a time where there is no `Blob.stream()` at all.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader,
};

use super::ApiError;

/// Bytes of the file read and encoded at a time: a multiple of 3, so chunks encode to base64
/// that concatenates without padding in the middle.
const CHUNK: usize = 3 * 128 * 1024;

/// How the file's bytes are read, [`CHUNK`] at a time.
enum Source<'a> {
    /// The file's byte stream, read into one buffer that goes to the stream and comes back.
    Byob {
        reader: ReadableStreamByobReader,
        buffer: ArrayBuffer,
    },
    /// The stream's own chunks (about 512 KiB in WebKit), copied into the input buffer; what
    /// does not fit waits for the next call. Each chunk is short-lived, so memory stays at a
    /// chunk or two. Faster than slices in WebKit (25 MB read in 0.1 s instead of 0.2-0.3 s).
    Chunks {
        reader: ReadableStreamDefaultReader,
        pending: Option<Uint8Array>,
        done: bool,
    },
    /// One `slice(at, at + CHUNK).arrayBuffer()` at a time: each chunk is a short-lived buffer,
    /// so memory stays at one chunk whatever the file's size.
    Slices { file: &'a Blob, at: u64 },
}

impl<'a> Source<'a> {
    /// A BYOB reader where the engine's `Blob.stream()` gives a byte stream, a default reader
    /// where it gives another stream, slices where there is no stream.
    fn open(file: &'a Blob) -> Self {
        if let Some(stream) = file_stream(file) {
            match ReadableStreamByobReader::new(&stream) {
                Ok(reader) => {
                    return Self::Byob {
                        reader,
                        buffer: ArrayBuffer::new(CHUNK as u32),
                    };
                }
                // Not a byte stream (the failed BYOB reader did not lock it): its own chunks.
                Err(_) => {
                    if let Ok(reader) = ReadableStreamDefaultReader::new(&stream) {
                        return Self::Chunks {
                            reader,
                            pending: None,
                            done: false,
                        };
                    }
                    drop(stream.cancel());
                }
            }
        }
        Self::Slices { file, at: 0 }
    }

    /// Which way the file is read: `"byob"`, `"chunks"` or `"slices"`.
    fn kind(&self) -> &'static str {
        match self {
            Self::Byob { .. } => "byob",
            Self::Chunks { .. } => "chunks",
            Self::Slices { .. } => "slices",
        }
    }

    /// Fills `input` with the next bytes of the file; how many (less than `input.len()` only at
    /// the end, 0 once the file is read).
    async fn next(&mut self, input: &mut [u8]) -> Result<usize, JsValue> {
        match self {
            Self::Byob { reader, buffer } => {
                // A stream hands over what it has, often less than asked: read until full.
                let mut filled = 0;
                while filled < input.len() {
                    let view = Uint8Array::new_with_byte_offset_and_length(
                        buffer,
                        filled as u32,
                        (input.len() - filled) as u32,
                    );
                    let (value, done) =
                        read_result(reader.read_with_array_buffer_view(&view)).await?;
                    if let Ok(chunk) = value.dyn_into::<Uint8Array>() {
                        // The buffer was transferred to the stream and back: keep the new handle.
                        *buffer = chunk.buffer();
                        filled += chunk.byte_length() as usize;
                    }
                    if done {
                        break;
                    }
                }
                Uint8Array::new_with_byte_offset_and_length(buffer, 0, filled as u32)
                    .copy_to(&mut input[..filled]);
                Ok(filled)
            }
            Self::Chunks {
                reader,
                pending,
                done,
            } => {
                let mut filled = 0;
                while filled < input.len() {
                    let chunk = match pending.take() {
                        Some(chunk) => chunk,
                        None if *done => break,
                        None => {
                            let (value, end) = read_result(reader.read()).await?;
                            if end {
                                *done = true;
                                break;
                            }
                            value.dyn_into::<Uint8Array>()?
                        }
                    };
                    let len = chunk.length() as usize;
                    let n = len.min(input.len() - filled);
                    chunk
                        .subarray(0, n as u32)
                        .copy_to(&mut input[filled..filled + n]);
                    filled += n;
                    if n < len {
                        *pending = Some(chunk.subarray(n as u32, len as u32));
                    }
                }
                Ok(filled)
            }
            Self::Slices { file, at } => {
                let size = file.size() as u64;
                let end = (*at + input.len() as u64).min(size);
                if end <= *at {
                    return Ok(0);
                }
                let part = file.slice_with_f64_and_f64(*at as f64, end as f64)?;
                let bytes = Uint8Array::new(&JsFuture::from(part.array_buffer()).await?);
                let n = bytes.length() as usize;
                // A slice is exact; anything else means the file changed under us.
                if n != (end - *at) as usize {
                    return Err(JsValue::from_str("the file changed while it was read"));
                }
                bytes.copy_to(&mut input[..n]);
                *at = end;
                Ok(n)
            }
        }
    }
}

/// A stream reader's `read()` settled: its `value` and whether the stream is `done`.
async fn read_result(read: js_sys::Promise) -> Result<(JsValue, bool), JsValue> {
    let result = JsFuture::from(read).await?;
    let value = Reflect::get(&result, &"value".into())?;
    Ok((value, Reflect::get(&result, &"done".into())?.is_truthy()))
}

/// The file's `stream()`, if the engine has it and it does not throw.
fn file_stream(file: &Blob) -> Option<ReadableStream> {
    // Called through Reflect so that an engine without it (or one that throws) falls back to
    // slices instead of trapping.
    let stream = Reflect::get(file, &"stream".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(file)
        .ok()?;
    stream.dyn_into::<ReadableStream>().ok()
}

/// The JSON body of an upload, `{"fileContent":"<base64>","filename":…,"contentType":…}`, as a
/// Blob built chunk by chunk: the file is read [`CHUNK`] bytes at a time (see [`Source`]), each
/// chunk is encoded in wasm into one reused buffer, and copied into the growing Blob through
/// one reused view (the Blob constructor copies what it is given). So a 25 MB file never
/// exists as one base64 string, in wasm or in JavaScript. `encoded(done, total)` reports the
/// bytes of the file encoded.
///
/// A file the device cannot read (removed or changed since it was picked, a cloud file that
/// does not download) is [`ApiError::Unreadable`], never the service's fault.
pub async fn upload_body(
    file: &Blob,
    filename: &str,
    content_type: &str,
    encoded: &dyn Fn(u64, u64),
) -> Result<Blob, ApiError> {
    upload_body_read(file, filename, content_type, encoded)
        .await
        .map(|(body, _)| body)
}

/// [`upload_body`], also saying which way the file was read (`"byob"`, `"chunks"` or
/// `"slices"`), for the tests.
pub async fn upload_body_read(
    file: &Blob,
    filename: &str,
    content_type: &str,
    encoded: &dyn Fn(u64, u64),
) -> Result<(Blob, &'static str), ApiError> {
    // What the engine said (a DOMException's name and message, e.g. NotReadableError).
    let unreadable = |e: JsValue| {
        let field = |k: &str| Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_string());
        let why = match (field("name"), field("message")) {
            (Some(name), Some(message)) => format!("{name}: {message}"),
            (_, Some(message)) => message,
            _ => e.as_string().unwrap_or_default(),
        };
        ApiError::Unreadable(why)
    };
    let size = file.size() as u64;
    let json = |s: &str| {
        js_sys::JSON::stringify(&JsValue::from_str(s))
            .map(JsValue::from)
            .unwrap_or(JsValue::NULL)
    };
    let mut source = Source::open(file);
    let mut input = vec![0u8; CHUNK];
    let mut output = vec![0u8; CHUNK / 3 * 4];
    let out_view = Uint8Array::new_with_length(output.len() as u32);
    let mut body =
        Blob::new_with_str_sequence(&Array::of1(&JsValue::from_str("{\"fileContent\":\"")))
            .map_err(unreadable)?;
    let mut read = 0u64;
    loop {
        let filled = source.next(&mut input).await.map_err(unreadable)?;
        if filled == 0 {
            break;
        }
        let m = STANDARD
            .encode_slice(&input[..filled], &mut output)
            .map_err(|_| ApiError::Unreadable("the file could not be encoded".into()))?;
        let part = out_view.subarray(0, m as u32);
        part.copy_from(&output[..m]);
        body = Blob::new_with_blob_sequence(&Array::of2(&body, &part)).map_err(unreadable)?;
        read += filled as u64;
        encoded(read, size);
        if filled < CHUNK {
            break;
        }
    }
    if read != size {
        return Err(ApiError::Unreadable(
            "the file changed while it was read".into(),
        ));
    }
    let parts = Array::of2(&body, &JsValue::from_str("\",\"filename\":"));
    parts.push(&json(filename));
    parts.push(&JsValue::from_str(",\"contentType\":"));
    parts.push(&json(content_type));
    parts.push(&JsValue::from_str("}"));
    let bag = BlobPropertyBag::new();
    bag.set_type("application/json");
    let body = Blob::new_with_blob_sequence_and_options(&parts, &bag).map_err(unreadable)?;
    Ok((body, source.kind()))
}
