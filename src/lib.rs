//! VIVID: a server for studying with videos together. See `README.md` for running it and
//! `docs/` for the design (`docs/architecture.md`: the layers); `http::routes` lists every
//! endpoint.

pub mod auth;
pub mod aws;
pub mod background;
pub mod collab;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod http;
pub mod kv;
pub mod library;
pub mod limits;
pub mod media;
pub mod notes;
pub mod pagination;
pub mod redis_link;
pub mod startup;
pub mod telemetry;
