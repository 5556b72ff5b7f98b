//! Notes a student owns, beyond the live documents themselves: exporting them
//! (`export`, pure: no actix, no AppState) and its HTTP handler (`handlers`).

pub mod export;
pub mod handlers;
