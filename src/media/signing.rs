//! This server's own signed URLs: an HMAC-SHA256 over what the URL grants (a method, a path,
//! an expiry and any extra terms), so a URL can be handed to a browser or to ffprobe without
//! a bearer token, works until it expires, and grants nothing else.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use crate::error::{ApiError, ErrorCode};

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct UrlSigner {
    key: Vec<u8>,
}

impl UrlSigner {
    /// `secret`, or when it is empty a key derived from `fallback` (the JWT secret) under a
    /// label of its own, so one secret never serves two purposes directly.
    pub fn new(secret: &SecretString, fallback: &SecretString) -> Self {
        let secret = secret.expose_secret();
        let key = if secret.is_empty() {
            derive_key(fallback, "vivid signed urls")
        } else {
            secret.as_bytes().to_vec()
        };
        Self { key }
    }

    /// The signature (hex) of `terms` valid until `expires` (Unix seconds).
    pub fn sign(&self, terms: &[&str], expires: i64) -> String {
        hex::encode(self.mac(terms, expires).finalize().into_bytes())
    }

    /// Checks `signature` in constant time, then the expiry.
    pub fn verify(&self, terms: &[&str], expires: i64, signature: &str) -> Result<(), ApiError> {
        let bytes = hex::decode(signature).map_err(|_| bad_signature())?;
        self.mac(terms, expires)
            .verify_slice(&bytes)
            .map_err(|_| bad_signature())?;
        if expires < chrono::Utc::now().timestamp() {
            return Err(ApiError::new(
                ErrorCode::UrlExpired,
                "this link has expired; ask for a new one",
            ));
        }
        Ok(())
    }

    fn mac(&self, terms: &[&str], expires: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        for term in terms {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") never sign alike.
            mac.update(&(term.len() as u64).to_be_bytes());
            mac.update(term.as_bytes());
        }
        mac.update(&expires.to_be_bytes());
        mac
    }
}

/// 32 bytes derived from `secret` for one `purpose` (HMAC-SHA256 of the label).
pub fn derive_key(secret: &SecretString, purpose: &str) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(secret.expose_secret().as_bytes())
        .expect("HMAC takes any key length");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn bad_signature() -> ApiError {
    ApiError::new(ErrorCode::BadSignature, "this link is not valid")
}

/// Unix seconds `ttl_secs` from now.
pub fn expiry(ttl_secs: u64) -> i64 {
    chrono::Utc::now().timestamp() + ttl_secs as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> UrlSigner {
        UrlSigner::new(&SecretString::from(""), &SecretString::from("x".repeat(40)))
    }

    #[test]
    fn a_signature_holds_for_its_terms_only_and_until_it_expires() {
        let signer = signer();
        let expires = expiry(60);
        let signature = signer.sign(&["GET", "media/a"], expires);
        signer
            .verify(&["GET", "media/a"], expires, &signature)
            .unwrap();
        for (terms, at) in [
            (["PUT", "media/a"], expires),
            (["GET", "media/b"], expires),
            (["GET", "media/a"], expires + 1),
        ] {
            let error = signer.verify(&terms, at, &signature).unwrap_err();
            assert_eq!(error.code().as_str(), "bad_signature");
        }
        assert_eq!(
            signer
                .verify(&["GET"], 0, "zz")
                .unwrap_err()
                .code()
                .as_str(),
            "bad_signature"
        );
        let past = expiry(0) - 10;
        let old = signer.sign(&["GET", "media/a"], past);
        let error = signer.verify(&["GET", "media/a"], past, &old).unwrap_err();
        assert_eq!(error.code().as_str(), "url_expired");
    }

    #[test]
    fn terms_are_length_prefixed() {
        let signer = signer();
        assert_ne!(signer.sign(&["ab", "c"], 1), signer.sign(&["a", "bc"], 1));
    }
}
