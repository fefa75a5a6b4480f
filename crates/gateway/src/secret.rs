//! Secrets in the configuration: never written in the TOML file itself, only where to find
//! them (`{ env = "NAME" }` or `{ file = "/run/secrets/name" }`), and never printed.

use std::fmt;

use serde::Deserialize;

/// Where a secret comes from.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "lowercase")]
pub enum SecretRef {
    /// An environment variable.
    Env(String),
    /// A file (its content, trailing newline removed), e.g. a mounted Kubernetes secret.
    File(std::path::PathBuf),
}

/// A secret's value: `Debug` and `Display` print nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl SecretRef {
    /// Reads the secret; the error names `key` (the configuration key) and where it looked,
    /// never a value.
    pub fn resolve(
        &self,
        key: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Secret, String> {
        let value = match self {
            Self::Env(name) => env(name)
                .ok_or_else(|| format!("{key}: the environment variable {name} is not set"))?,
            Self::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("{key}: cannot read {}: {e}", path.display()))?
                .trim_end_matches(['\n', '\r'])
                .to_owned(),
        };
        if value.trim().is_empty() {
            return Err(format!("{key}: the secret is empty"));
        }
        Ok(Secret(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn a_missing_variable_names_the_key_and_the_variable() {
        let r = SecretRef::Env("CASAP_API_SECRET".into()).resolve("backend.api_secret", &|_| None);
        assert_eq!(
            r.unwrap_err(),
            "backend.api_secret: the environment variable CASAP_API_SECRET is not set"
        );
        let empty = SecretRef::Env("X".into()).resolve("staff.password", &|_| Some(" ".into()));
        assert_eq!(empty.unwrap_err(), "staff.password: the secret is empty");
    }

    #[test]
    fn a_file_secret_loses_its_trailing_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        std::fs::write(&path, "abc\n").unwrap();
        let s = SecretRef::File(path).resolve("k", &|_| None).unwrap();
        assert_eq!(s.expose(), "abc");
    }
}
