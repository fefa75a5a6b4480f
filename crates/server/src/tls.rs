//! TLS to PostgreSQL, as libpq's `sslmode=verify-full`: the connection is encrypted, the
//! server's certificate must chain to a CA the operator names (a PEM file), and its name must
//! match the URL's host (a DNS name or an IP address in its subjectAltName). There is no
//! "encrypt without verifying" mode: on a network worth encrypting, an unverified server is
//! anyone's.
//!
//! rustls with ring (the same stack reqwest uses for the back end), through
//! tokio-postgres-rustls.

use std::path::{Path, PathBuf};

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// A connector verifying PostgreSQL's certificate against one CA file.
#[derive(Clone)]
pub struct PgTls {
    pub(crate) connect: tokio_postgres_rustls::MakeRustlsConnect,
    ca_file: PathBuf,
}

impl std::fmt::Debug for PgTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgTls")
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl PgTls {
    /// Trusts the certificates of the PEM file at `path` (one CA or several); an unreadable
    /// file, or one holding no certificate, is an error naming it.
    pub fn from_ca_file(path: &Path) -> Result<Self, String> {
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| format!("{shown}: not a PEM certificate: {e}"))?;
            roots
                .add(cert)
                .map_err(|e| format!("{shown}: certificate refused: {e}"))?;
        }
        if roots.is_empty() {
            return Err(format!("{shown}: no certificate in it"));
        }
        let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        Ok(Self {
            connect: tokio_postgres_rustls::MakeRustlsConnect::new(config),
            ca_file: path.to_owned(),
        })
    }

    /// The CA file it trusts (for error messages).
    pub fn ca_file(&self) -> &Path {
        &self.ca_file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_a_certificate_is_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("pgtls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let e = PgTls::from_ca_file(&empty).unwrap_err();
        assert!(e.contains("empty.pem: no certificate"), "{e}");
        let missing = dir.join("missing.pem");
        let e = PgTls::from_ca_file(&missing).unwrap_err();
        assert!(
            e.starts_with("cannot read") && e.contains("missing.pem"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
