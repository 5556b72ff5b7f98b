//! Who is calling: Google sign-in (OIDC + PKCE), the embedded dev login, access tokens (JWT),
//! refresh tokens (rotated, reuse-detecting) and WebSocket tickets. The request extractor
//! that turns a bearer token into an `AuthUser` is `http::auth_user`. Nothing here decides
//! what a user may see; `library/` does.

pub mod jwt;
pub mod oidc;
pub mod refresh;
pub mod tickets;
