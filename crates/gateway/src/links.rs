//! Signed, expiring links to a case's documents, for the back end's dispute team
//! (`notes.fileUrls`). One link per case: `/evidence/{dispute uuid}?exp={unix s}&sig={hex}`
//! lists every document, those the member adds later included, and each document is served at
//! `/evidence/{uuid}/{file id}` with the same `exp` and `sig`. The signature is HMAC-SHA256 of
//! the uuid and the expiry under the configured key; without it (or after it expires) the
//! gateway answers 404, as for a case that does not exist.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], dispute_uuid: &str, exp: i64) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    m.update(b"evidence\0");
    m.update(dispute_uuid.as_bytes());
    m.update(b"\0");
    m.update(exp.to_string().as_bytes());
    m
}

/// The query string `exp=...&sig=...` for a case's documents.
pub fn sign(key: &[u8], dispute_uuid: &str, exp: i64) -> String {
    let sig = mac(key, dispute_uuid, exp).finalize().into_bytes();
    let hex: String = sig.iter().map(|b| format!("{b:02x}")).collect();
    format!("exp={exp}&sig={hex}")
}

/// Whether `sig` signs `dispute_uuid` until `exp`, and `exp` has not passed at `now_s`
/// (compared in constant time).
pub fn verify(key: &[u8], dispute_uuid: &str, exp: i64, sig: &str, now_s: i64) -> bool {
    if exp < now_s || sig.len() != 64 {
        return false;
    }
    let Some(bytes) = (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(sig.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    mac(key, dispute_uuid, exp).verify_slice(&bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn parts(q: &str) -> (i64, String) {
        let (e, s) = q.split_once('&').unwrap();
        (
            e.strip_prefix("exp=").unwrap().parse().unwrap(),
            s.strip_prefix("sig=").unwrap().to_owned(),
        )
    }

    #[test]
    fn a_link_verifies_until_it_expires() {
        let (exp, sig) = parts(&sign(KEY, "d1", 2_000));
        assert!(verify(KEY, "d1", exp, &sig, 1_999));
        assert!(verify(KEY, "d1", exp, &sig, 2_000));
        assert!(!verify(KEY, "d1", exp, &sig, 2_001));
    }

    #[test]
    fn nothing_else_verifies() {
        let (exp, sig) = parts(&sign(KEY, "d1", 2_000));
        assert!(!verify(KEY, "d2", exp, &sig, 0), "another case");
        assert!(!verify(KEY, "d1", exp + 1, &sig, 0), "a longer life");
        assert!(!verify(
            b"another key of thirty-two bytes!",
            "d1",
            exp,
            &sig,
            0
        ));
        assert!(!verify(KEY, "d1", exp, &sig[..62], 0));
        assert!(!verify(KEY, "d1", exp, &"zz".repeat(32), 0));
    }
}
