//! TLS to PostgreSQL, as libpq's `sslmode=verify-full`: the connection is encrypted, the
//! server's certificate must chain to a CA the operator names (a PEM file), and its name must
//! match the URL's host (a DNS name or an IP address in its subjectAltName). There is no
//! "encrypt without verifying" mode: on a network worth encrypting, an unverified server is
//! anyone's.
//!
//! With a client certificate and its key (PEM files), the gateway also proves who it is, for a
//! server whose `pg_hba.conf` says `cert` (or `clientcert=verify-full`), as libpq's `sslcert`
//! and `sslkey`.
//!
//! rustls with ring (the same stack reqwest uses for the back end), through
//! tokio-postgres-rustls.

use std::path::{Path, PathBuf};

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// A connector verifying PostgreSQL's certificate against one CA file.
#[derive(Clone)]
pub struct PgTls {
    pub(crate) connect: tokio_postgres_rustls::MakeRustlsConnect,
    ca_file: PathBuf,
    /// The CA file's certificates, kept to add a client certificate without reading it again.
    roots: std::sync::Arc<rustls::RootCertStore>,
}

impl std::fmt::Debug for PgTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgTls")
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// The gateway's own certificate for PostgreSQL: the chain's PEM file and its key's.
#[derive(Debug, Clone, Copy)]
pub struct ClientCert<'a> {
    pub cert_file: &'a Path,
    pub key_file: &'a Path,
}

/// The certificates of the PEM file at `path`; an unreadable file, or one holding none, is an
/// error naming it.
fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let shown = path.display();
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{shown}: not a PEM certificate: {e}"))?;
    if certs.is_empty() {
        return Err(format!("{shown}: no certificate in it"));
    }
    Ok(certs)
}

impl PgTls {
    /// Trusts the certificates of the PEM file at `path` (one CA or several); an unreadable
    /// file, or one holding no certificate, is an error naming it.
    pub fn from_ca_file(path: &Path) -> Result<Self, String> {
        let mut roots = rustls::RootCertStore::empty();
        for cert in certificates(path)? {
            roots
                .add(cert)
                .map_err(|e| format!("{}: certificate refused: {e}", path.display()))?;
        }
        Self::with_roots(path, std::sync::Arc::new(roots), None)
    }

    /// The same trust, presenting `client`'s certificate when the server asks for one. Errors
    /// name the file (never a key's contents).
    pub fn with_client_cert(self, client: ClientCert<'_>) -> Result<Self, String> {
        Self::with_roots(&self.ca_file, self.roots, Some(client))
    }

    fn with_roots(
        ca_file: &Path,
        roots: std::sync::Arc<rustls::RootCertStore>,
        client: Option<ClientCert<'_>>,
    ) -> Result<Self, String> {
        let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots.clone());
        let config = match client {
            None => config.with_no_client_auth(),
            Some(client) => {
                let chain = certificates(client.cert_file)?;
                let shown = client.key_file.display();
                let pem = std::fs::read(client.key_file)
                    .map_err(|e| format!("cannot read {shown}: {e}"))?;
                let key = PrivateKeyDer::from_pem_slice(&pem)
                    .map_err(|_| format!("{shown}: no PEM private key in it"))?;
                config
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| format!("{shown}: {e}"))?
            }
        };
        Ok(Self {
            connect: tokio_postgres_rustls::MakeRustlsConnect::new(config),
            ca_file: ca_file.to_owned(),
            roots,
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
        // A client certificate's files are named the same way; a key file's contents never.
        let ca = dir.join("ca.pem");
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let key = rcgen::KeyPair::generate().unwrap();
        std::fs::write(&ca, params.self_signed(&key).unwrap().pem()).unwrap();
        let not_a_key = dir.join("key.pem");
        std::fs::write(&not_a_key, "secret words\n").unwrap();
        let client = |cert_file, key_file| {
            PgTls::from_ca_file(&ca)
                .unwrap()
                .with_client_cert(ClientCert {
                    cert_file,
                    key_file,
                })
        };
        let e = client(&missing, &not_a_key).unwrap_err();
        assert!(e.contains("missing.pem"), "{e}");
        let e = client(&ca, &not_a_key).unwrap_err();
        assert!(e.ends_with("key.pem: no PEM private key in it"), "{e}");
        assert!(!e.contains("secret words"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
