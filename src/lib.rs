//! VIVID: a server for studying with videos together. See `README.md` for running it and
//! `docs/` for the design; `startup::routes` lists every endpoint.

pub mod auth;
pub mod aws;
pub mod background;
pub mod collab;
pub mod config;
pub mod db;
pub mod error;
pub mod extract;
pub mod kv;
pub mod library;
pub mod media;
pub mod notes;
pub mod openapi;
pub mod ops;
pub mod pagination;
pub mod redis_link;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod webapp;
