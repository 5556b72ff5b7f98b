//! Notes a student owns, beyond the live documents themselves: exporting them (`export`,
//! pure) from what `gather` collects from the services. The handler is `http::notes`.

pub mod export;
pub mod gather;
