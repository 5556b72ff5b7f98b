//! Refresh tokens: opaque, stored only as a SHA-256 hash, rotated on every use. Tokens that
//! descend from one login form a *family*; presenting a token that was already rotated means
//! it leaked (or two tabs raced), so the whole family is revoked and its holder must log in
//! again.
//!
//! Keys (all with the refresh lifetime as TTL, renewed on rotation):
//! - `refresh:token:{sha256}` → `{family}:{user_id}`
//! - `refresh:used:{sha256}`  → set once, when the token is rotated (the atomic claim)
//! - `refresh:family:{family}` → `user_id`, deleted on logout or reuse

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;

pub struct RefreshTokens {
    kv: Arc<dyn KvStore>,
    ttl: Duration,
}

/// What a successful rotation yields.
pub struct Rotated {
    pub user_id: String,
    pub token: String,
}

impl RefreshTokens {
    pub fn new(kv: Arc<dyn KvStore>, ttl: Duration) -> Self {
        Self { kv, ttl }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Starts a new family for a fresh login and returns its first token.
    pub async fn start_family(&self, user_id: &str) -> ApiResult<String> {
        let family = crate::db::new_id();
        self.kv.put(&family_key(&family), user_id, self.ttl).await?;
        self.issue(&family, user_id).await
    }

    /// Exchanges `token` for a new one in the same family.
    pub async fn rotate(&self, token: &str) -> ApiResult<Rotated> {
        let hash = hash(token);
        let record = self.kv.get(&token_key(&hash)).await?;
        let Some((family, user_id)) = record.as_deref().and_then(|r| r.split_once(':')) else {
            return Err(invalid());
        };
        let live_owner = self.kv.get(&family_key(family)).await?;
        if live_owner.as_deref() != Some(user_id) {
            return Err(ApiError::new(
                ErrorCode::RefreshTokenRevoked,
                "this session has ended; log in again",
            ));
        }
        if !self.kv.claim(&used_key(&hash), "1", self.ttl).await? {
            self.kv.delete(&family_key(family)).await?;
            tracing::warn!(user_id, family, "refresh token reused; family revoked");
            return Err(ApiError::new(
                ErrorCode::RefreshTokenReused,
                "this refresh token was already used; every session of this login is revoked",
            ));
        }
        // Renew, never recreate: a logout or a reuse that revoked the family while this
        // rotation was in flight must win.
        if !self
            .kv
            .renew(&family_key(family), user_id, self.ttl)
            .await?
        {
            return Err(ApiError::new(
                ErrorCode::RefreshTokenRevoked,
                "this session has ended; log in again",
            ));
        }
        let token = self.issue(family, user_id).await?;
        Ok(Rotated {
            user_id: user_id.to_owned(),
            token,
        })
    }

    /// Ends the family `token` belongs to (logout). Unknown tokens are ignored.
    pub async fn revoke(&self, token: &str) -> ApiResult<()> {
        let record = self.kv.get(&token_key(&hash(token))).await?;
        if let Some((family, _)) = record.as_deref().and_then(|r| r.split_once(':')) {
            self.kv.delete(&family_key(family)).await?;
        }
        Ok(())
    }

    async fn issue(&self, family: &str, user_id: &str) -> ApiResult<String> {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token = URL_SAFE_NO_PAD.encode(bytes);
        self.kv
            .put(
                &token_key(&hash(&token)),
                &format!("{family}:{user_id}"),
                self.ttl,
            )
            .await?;
        Ok(token)
    }
}

fn invalid() -> ApiError {
    ApiError::new(
        ErrorCode::RefreshTokenInvalid,
        "the refresh token is not valid",
    )
}

fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn token_key(hash: &str) -> String {
    format!("refresh:token:{hash}")
}

fn used_key(hash: &str) -> String {
    format!("refresh:used:{hash}")
}

fn family_key(family: &str) -> String {
    format!("refresh:family:{family}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::MemoryKv;

    fn tokens() -> RefreshTokens {
        RefreshTokens::new(Arc::new(MemoryKv::default()), Duration::from_secs(60))
    }

    #[tokio::test]
    async fn rotation_hands_out_a_new_token_and_retires_the_old_one() {
        let tokens = tokens();
        let first = tokens.start_family("u1").await.unwrap();
        let second = tokens.rotate(&first).await.unwrap();
        assert_eq!(second.user_id, "u1");
        assert_ne!(second.token, first);
        let third = tokens.rotate(&second.token).await.unwrap();
        assert_eq!(third.user_id, "u1");
    }

    #[tokio::test]
    async fn reusing_a_rotated_token_revokes_the_whole_family() {
        let tokens = tokens();
        let first = tokens.start_family("u1").await.unwrap();
        let second = tokens.rotate(&first).await.unwrap().token;
        let reuse = tokens.rotate(&first).await.err().unwrap();
        assert_eq!(reuse.code().as_str(), "refresh_token_reused");
        let after = tokens.rotate(&second).await.err().unwrap();
        assert_eq!(after.code().as_str(), "refresh_token_revoked");
    }

    /// A store that revokes the family between a rotation's claim and its renewal, as a
    /// logout racing a refresh would.
    struct RevokeDuringClaim(MemoryKv);

    #[async_trait::async_trait]
    impl KvStore for RevokeDuringClaim {
        async fn put(&self, k: &str, v: &str, t: Duration) -> crate::kv::KvResult<()> {
            self.0.put(k, v, t).await
        }
        async fn get(&self, k: &str) -> crate::kv::KvResult<Option<String>> {
            self.0.get(k).await
        }
        async fn claim(&self, k: &str, v: &str, t: Duration) -> crate::kv::KvResult<bool> {
            let claimed = self.0.claim(k, v, t).await?;
            // The logout lands right now: every family is revoked.
            self.0.clear_prefix("refresh:family:");
            Ok(claimed)
        }
        async fn renew(&self, k: &str, v: &str, t: Duration) -> crate::kv::KvResult<bool> {
            self.0.renew(k, v, t).await
        }
        async fn take(&self, k: &str) -> crate::kv::KvResult<Option<String>> {
            self.0.take(k).await
        }
        async fn delete(&self, k: &str) -> crate::kv::KvResult<()> {
            self.0.delete(k).await
        }
        async fn count(&self, k: &str, w: Duration) -> crate::kv::KvResult<crate::kv::Hits> {
            self.0.count(k, w).await
        }
        async fn ping(&self) -> crate::kv::KvResult<()> {
            Ok(())
        }
        fn name(&self) -> &'static str {
            "test"
        }
    }

    #[tokio::test]
    async fn a_rotation_racing_a_logout_does_not_resurrect_the_family() {
        let tokens = RefreshTokens::new(
            Arc::new(RevokeDuringClaim(MemoryKv::default())),
            Duration::from_secs(60),
        );
        let first = tokens.start_family("u1").await.unwrap();
        let raced = tokens.rotate(&first).await.err().unwrap();
        assert_eq!(raced.code().as_str(), "refresh_token_revoked");
    }

    #[tokio::test]
    async fn logout_revokes_and_other_families_live_on() {
        let tokens = tokens();
        let laptop = tokens.start_family("u1").await.unwrap();
        let phone = tokens.start_family("u1").await.unwrap();
        tokens.revoke(&laptop).await.unwrap();
        assert_eq!(
            tokens.rotate(&laptop).await.err().unwrap().code().as_str(),
            "refresh_token_revoked"
        );
        assert!(tokens.rotate(&phone).await.is_ok());
        assert_eq!(
            tokens
                .rotate("garbage")
                .await
                .err()
                .unwrap()
                .code()
                .as_str(),
            "refresh_token_invalid"
        );
    }
}
