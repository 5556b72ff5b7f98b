//! Access tokens: HS256 JWTs naming the user, short-lived (15 min by default).

use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};

const ISSUER: &str = "vivid";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &SecretString, ttl: Duration) -> Self {
        let secret = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        // Clock skew between instances is small; 15 minutes of life leaves no room for more.
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn issue(&self, user_id: &str) -> Result<String, ApiError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            iat: now,
            exp: now + self.ttl.as_secs() as i64,
            iss: ISSUER.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|error| match error.kind() {
                ErrorKind::ExpiredSignature => {
                    ApiError::new(ErrorCode::TokenExpired, "the access token has expired")
                }
                _ => ApiError::new(ErrorCode::TokenInvalid, "the access token is not valid"),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str) -> JwtKeys {
        JwtKeys::new(&SecretString::from(secret), Duration::from_secs(900))
    }

    #[test]
    fn a_token_verifies_with_its_own_key_only() {
        let token = keys(&"a".repeat(32)).issue("user-1").unwrap();
        assert_eq!(keys(&"a".repeat(32)).verify(&token).unwrap().sub, "user-1");
        let error = keys(&"b".repeat(32)).verify(&token).unwrap_err();
        assert_eq!(error.code().as_str(), "token_invalid");
    }

    #[test]
    fn an_expired_token_is_refused_as_expired() {
        let keys = keys(&"a".repeat(32));
        let claims = Claims {
            sub: "user-1".into(),
            iat: 0,
            exp: chrono::Utc::now().timestamp() - 60,
            iss: ISSUER.into(),
        };
        let token = jsonwebtoken::encode(&Header::default(), &claims, &keys.encoding).unwrap();
        assert_eq!(
            keys.verify(&token).unwrap_err().code().as_str(),
            "token_expired"
        );
    }
}
