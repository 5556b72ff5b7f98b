//! The y-websocket frame codec on arbitrary bytes: it answers `Ok` or `Err`, never panics
//! (a panic `yrs` raises inside is caught and reported as a malformed frame), and what it
//! accepts as an update decodes again as one.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vivid::collab::protocol::{self, ClientMessage};

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even one the codec catches on purpose;
        // a panic that escapes is still a crash (the harness aborts on it).
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        if let Ok(ClientMessage::Update { raw }) = protocol::decode(data) {
            assert!(protocol::decode_update(&raw).is_ok(), "an accepted update decodes again");
        }
    }
);
