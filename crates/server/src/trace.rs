//! Correlation with the widget: every request's `X-Request-Id` (`{sessionId}-{n}`, the mounted
//! widget's random id and the request's count, also in each of its events) goes into the log
//! line of the request, so support can find what a member's widget sent. Only the path is
//! logged, never the query (evidence links carry their signature there), and an id that is not
//! a plain token is logged as `invalid` rather than copied into the logs.

use axum::http::Request;

/// The header the widget sends on every request.
pub const REQUEST_ID: &str = "x-request-id";

/// The request's id when it is a plain token (letters, digits, `-`, `_`, `.`; at most 128).
pub fn request_id<B>(req: &Request<B>) -> Option<&str> {
    let value = req.headers().get(REQUEST_ID)?;
    let text = value.to_str().ok()?;
    let plain = !text.is_empty()
        && text.len() <= 128
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    Some(if plain { text } else { "invalid" })
}

/// The span every request is logged in: method, path and request id.
pub fn request_span<B>(req: &Request<B>) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        request_id = %request_id(req).unwrap_or("-"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(id: &str) -> Request<()> {
        Request::builder().header(REQUEST_ID, id).body(()).unwrap()
    }

    #[test]
    fn a_plain_id_is_kept_and_anything_else_is_not_copied() {
        let id = "0b0f5e7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b-12";
        assert_eq!(request_id(&with(id)), Some(id));
        assert_eq!(request_id(&with("a b\"=x")), Some("invalid"));
        assert_eq!(request_id(&with(&"a".repeat(129))), Some("invalid"));
        assert_eq!(request_id(&Request::new(())), None);
    }
}
