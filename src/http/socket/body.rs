//! The response body of a document socket: the session's [`Outbox`], encoded as WebSocket
//! frames and handed to actix-http a chunk at a time, only when it asks for more (that is,
//! when the peer has read what came before). actix-ws's own body reads a 32-message channel
//! that its `Session` fills by awaiting, which made the session wait on the peer; this one
//! never blocks anyone.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_http::ws::{Codec, Message};
use actix_web::body::{BodySize, BoxBody, MessageBody};
use bytes::{Bytes, BytesMut};
use prometheus::IntCounter;
use tokio_util::codec::Encoder;

use crate::collab::outbox::{Outbox, Outgoing};

pub struct OutboxBody {
    outbox: Arc<Outbox>,
    codec: Codec,
    frames_out: IntCounter,
    bytes_out: IntCounter,
    /// actix-ws's body, replaced by this one but kept: dropping it tells actix-ws's message
    /// stream that the connection is gone, which must happen when this body goes, not before.
    _replaced: BoxBody,
}

impl OutboxBody {
    pub fn new(
        outbox: Arc<Outbox>,
        replaced: BoxBody,
        frames_out: IntCounter,
        bytes_out: IntCounter,
    ) -> Self {
        Self {
            outbox,
            codec: Codec::new(),
            frames_out,
            bytes_out,
            _replaced: replaced,
        }
    }
}

impl MessageBody for OutboxBody {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        let (codec, frames_out, bytes_out) = (&mut this.codec, &this.frames_out, &this.bytes_out);
        this.outbox
            .poll_chunk(cx, |message| {
                let message = match message {
                    Outgoing::Binary(frame) => {
                        frames_out.inc();
                        bytes_out.inc_by(frame.len() as u64);
                        Message::Binary(frame)
                    }
                    Outgoing::Ping => Message::Ping(Bytes::new()),
                    Outgoing::Pong(payload) => Message::Pong(payload),
                    Outgoing::Close(close) => Message::Close(close.map(|close| close.frame())),
                };
                let mut encoded = BytesMut::new();
                // The server side of the codec does not fail on these messages (only a
                // continuation out of order would).
                if let Err(error) = codec.encode(message, &mut encoded) {
                    tracing::error!("a WebSocket frame could not be encoded: {error}");
                }
                encoded.freeze()
            })
            .map(|chunk| chunk.map(Ok))
    }
}
