//! Recording-provider tokens at rest (Webex, Zoom): AES-256-GCM under a key from config (one
//! per provider), a random 96-bit nonce per value (stored in front of the ciphertext), and the
//! owner and purpose as associated data, so a ciphertext copied to another row, column or
//! provider does not decrypt.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use secrecy::{ExposeSecret, SecretString};

const NONCE: usize = 12;

#[derive(Clone)]
pub struct TokenCipher {
    cipher: Aes256Gcm,
}

pub use crate::config::decode_token_key as decode_key;

impl TokenCipher {
    /// Webex's cipher: `webex.token_key`, or (embedded) a key derived from the JWT secret.
    pub fn new(token_key: &SecretString, fallback: &SecretString) -> anyhow::Result<Self> {
        Self::for_provider("webex", token_key, fallback)
    }

    /// A provider's cipher: its `{provider}.token_key`, or (embedded) a key derived from the
    /// JWT secret for that provider alone.
    pub fn for_provider(
        provider: &str,
        token_key: &SecretString,
        fallback: &SecretString,
    ) -> anyhow::Result<Self> {
        let key: [u8; 32] = if token_key.expose_secret().is_empty() {
            crate::media::signing::derive_key(fallback, &format!("vivid {provider} tokens"))
                .try_into()
                .map_err(|_| anyhow::anyhow!("derived key has the wrong length"))?
        } else {
            decode_key(token_key.expose_secret())
                .ok_or_else(|| anyhow::anyhow!("{provider}.token_key must be base64 of 32 bytes"))?
        };
        Ok(Self {
            cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(key)),
        })
    }

    pub fn seal(&self, plaintext: &str, context: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        let sealed = self
            .cipher
            .encrypt(&nonce, payload)
            .expect("AES-GCM encrypts any message this small");
        [&nonce[..], &sealed].concat()
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> anyhow::Result<String> {
        if sealed.len() < NONCE {
            anyhow::bail!("ciphertext too short");
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into()?;
        let payload = Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        };
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), payload)
            .map_err(|_| anyhow::anyhow!("a stored token does not decrypt (key changed?)"))?;
        Ok(String::from_utf8(plain)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher() -> TokenCipher {
        TokenCipher::new(&SecretString::from(""), &SecretString::from("k".repeat(40))).unwrap()
    }

    #[test]
    fn sealed_tokens_open_only_in_their_context() {
        let cipher = cipher();
        let sealed = cipher.seal("token-123", "user-1/access");
        assert!(!sealed.windows(9).any(|w| w == b"token-123"));
        assert_eq!(cipher.open(&sealed, "user-1/access").unwrap(), "token-123");
        assert!(cipher.open(&sealed, "user-2/access").is_err());
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(cipher.open(&tampered, "user-1/access").is_err());
        assert_ne!(sealed, cipher.seal("token-123", "user-1/access"));
    }

    #[test]
    fn each_provider_derives_its_own_key() {
        let jwt = SecretString::from("k".repeat(40));
        let none = SecretString::from("");
        let webex = TokenCipher::for_provider("webex", &none, &jwt).unwrap();
        let zoom = TokenCipher::for_provider("zoom", &none, &jwt).unwrap();
        let sealed = webex.seal("token", "u/access");
        assert_eq!(cipher().open(&sealed, "u/access").unwrap(), "token");
        assert!(zoom.open(&sealed, "u/access").is_err());
    }

    #[test]
    fn configured_keys_must_be_32_bytes_of_base64() {
        use base64::Engine;
        use base64::engine::general_purpose::STANDARD;
        assert!(decode_key(&STANDARD.encode([7u8; 32])).is_some());
        assert!(decode_key(&STANDARD.encode([7u8; 16])).is_none());
        assert!(decode_key("not base64!").is_none());
    }
}
