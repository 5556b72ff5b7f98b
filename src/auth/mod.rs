//! Who is calling: Google sign-in (OIDC + PKCE), the embedded dev login, access tokens (JWT),
//! refresh tokens (rotated, reuse-detecting) and the request extractor that turns a bearer
//! token into an [`AuthUser`]. Nothing here decides what a user may see; `library/` does.

pub mod cookies;
mod extractor;
pub mod handlers;
pub mod jwt;
pub mod oidc;
pub mod refresh;
pub mod tickets;

pub use extractor::AuthUser;
