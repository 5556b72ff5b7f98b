//! The product's own values, free of any storage or transport: a video's lifecycle, document
//! keys and the object-key layout. This module imports nothing from the crate (the layering
//! test checks it), so every other layer may use it.

pub mod doc_key;
pub mod keys;
pub mod video;

pub use doc_key::{DocKey, InvalidDocKey};
pub use video::VideoStatus;
