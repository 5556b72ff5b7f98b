//! Connected provider accounts in `external_accounts`: one row per user and provider, its
//! tokens sealed with the provider's [`TokenCipher`].

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::crypto::TokenCipher;
use super::provider::{ProviderKind, Tokens};
use crate::db::models::ExternalAccount;
use crate::db::schema::external_accounts;
use crate::db::{self, Db};
use crate::error::ApiResult;
use crate::with_conn;

/// Stores a fresh grant's tokens, replacing the user's earlier account with this provider.
pub async fn store(
    db: &Db,
    kind: ProviderKind,
    cipher: &TokenCipher,
    user_id: &str,
    tokens: &Tokens,
    scopes: String,
) -> ApiResult<()> {
    let now = db::now();
    let refresh = tokens
        .refresh_token
        .as_ref()
        .map(|token| cipher.seal(token, &kind.token_context(user_id, "refresh")));
    let row = ExternalAccount {
        id: db::new_id(),
        user_id: user_id.to_owned(),
        provider: kind.as_str().to_owned(),
        external_id: None,
        access_token_ciphertext: cipher
            .seal(&tokens.access_token, &kind.token_context(user_id, "access")),
        refresh_token_ciphertext: refresh,
        expires_at: Some(now + chrono::Duration::seconds(tokens.expires_in)),
        scopes,
        created_at: now,
        updated_at: now,
    };
    let row = &row;
    with_conn!(db, |conn| diesel::insert_into(external_accounts::table)
        .values(row)
        .on_conflict((external_accounts::user_id, external_accounts::provider))
        .do_update()
        .set((
            external_accounts::access_token_ciphertext.eq(&row.access_token_ciphertext),
            external_accounts::refresh_token_ciphertext.eq(&row.refresh_token_ciphertext),
            external_accounts::expires_at.eq(row.expires_at),
            external_accounts::scopes.eq(&row.scopes),
            external_accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .await)?;
    Ok(())
}

/// Stores refreshed tokens on the existing row only (a disconnect meanwhile wins): false
/// when there is no row. A provider that does not rotate refresh tokens keeps `old_refresh`.
pub async fn update(
    db: &Db,
    kind: ProviderKind,
    cipher: &TokenCipher,
    user_id: &str,
    tokens: &Tokens,
    old_refresh: Vec<u8>,
) -> ApiResult<bool> {
    let now = db::now();
    let access = cipher.seal(&tokens.access_token, &kind.token_context(user_id, "access"));
    let refresh = match &tokens.refresh_token {
        Some(token) => cipher.seal(token, &kind.token_context(user_id, "refresh")),
        None => old_refresh,
    };
    let expires_at = now + chrono::Duration::seconds(tokens.expires_in);
    let updated = with_conn!(db, |conn| diesel::update(
        external_accounts::table
            .filter(external_accounts::user_id.eq(user_id))
            .filter(external_accounts::provider.eq(kind.as_str()))
    )
    .set((
        external_accounts::access_token_ciphertext.eq(&access),
        external_accounts::refresh_token_ciphertext.eq(Some(&refresh)),
        external_accounts::expires_at.eq(expires_at),
        external_accounts::updated_at.eq(now),
    ))
    .execute(conn)
    .await)?;
    Ok(updated > 0)
}

pub async fn find(
    db: &Db,
    kind: ProviderKind,
    user_id: &str,
) -> ApiResult<Option<ExternalAccount>> {
    Ok(with_conn!(db, |conn| external_accounts::table
        .filter(external_accounts::user_id.eq(user_id))
        .filter(external_accounts::provider.eq(kind.as_str()))
        .select(ExternalAccount::as_select())
        .first(conn)
        .await
        .optional())?)
}

/// Forgets the user's account with this provider and its tokens.
pub async fn delete(db: &Db, kind: ProviderKind, user_id: &str) -> ApiResult<()> {
    with_conn!(db, |conn| diesel::delete(
        external_accounts::table
            .filter(external_accounts::user_id.eq(user_id))
            .filter(external_accounts::provider.eq(kind.as_str()))
    )
    .execute(conn)
    .await)?;
    Ok(())
}
