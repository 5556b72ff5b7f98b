//! Notes a student owns, beyond the live documents themselves: exporting them (`export`,
//! pure over documents' states, images and fonts; its handler is `http::notes`).

pub mod export;
