//! WebSocket tickets: a browser cannot set an `Authorization` header on a WebSocket, so it
//! trades its access token for a ticket (`POST /api/ws-tickets`) and puts that in the socket
//! URL. A ticket names one user and one document, lives `collab.ticket_ttl_secs` (30 s) and
//! works once; only its hash is stored.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;

pub struct Tickets {
    kv: Arc<dyn KvStore>,
    ttl: Duration,
}

#[derive(Serialize, Deserialize)]
struct Grant {
    user: String,
    doc: String,
}

fn key(ticket: &str) -> String {
    let digest = Sha256::digest(ticket.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("ws-ticket:{hex}")
}

impl Tickets {
    pub fn new(kv: Arc<dyn KvStore>, ttl: Duration) -> Self {
        Self { kv, ttl }
    }

    pub async fn issue(&self, user_id: &str, doc: &str) -> ApiResult<String> {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let ticket = URL_SAFE_NO_PAD.encode(bytes);
        let grant = serde_json::to_string(&Grant {
            user: user_id.to_owned(),
            doc: doc.to_owned(),
        })
        .map_err(ApiError::internal)?;
        self.kv.put(&key(&ticket), &grant, self.ttl).await?;
        Ok(ticket)
    }

    /// Uses up the ticket; the user it was issued to, if it is for `doc`.
    pub async fn redeem(&self, ticket: &str, doc: &str) -> ApiResult<String> {
        if ticket.is_empty() {
            return Err(ApiError::new(
                ErrorCode::TicketMissing,
                "open the socket with ?ticket= from POST /api/ws-tickets",
            ));
        }
        let grant = self.kv.take(&key(ticket)).await?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::TicketInvalid,
                "the ticket is unknown, expired or used",
            )
        })?;
        let grant: Grant = serde_json::from_str(&grant).map_err(ApiError::internal)?;
        if grant.doc != doc {
            return Err(ApiError::new(
                ErrorCode::TicketWrongDocument,
                "the ticket was issued for another document",
            ));
        }
        Ok(grant.user)
    }
}
