//! A session's outbound queue, bounded in bytes, and read by the socket itself.
//!
//! The room queues frames here without waiting ([`Outbox::push`]); the connection's response
//! body drains it ([`Outbox::poll_chunk`]) only as fast as the peer reads, in chunks of at
//! most [`CHUNK`] bytes, so a large frame stays here (where closing frees it) rather than in
//! the HTTP server's write buffer. Nobody ever awaits the peer: a socket that stops reading
//! shows as a stalled outbox ([`Outbox::stalled_for`]), and the session closes it.
//!
//! Bounds: ordinary frames (updates, presence) up to `max_bytes` and `max_frames`; answers (a
//! step 2 for a step 1, the presence table for a query) outside that budget but at most one
//! of each kind at a time: while one is queued or being written, a repeated request is
//! coalesced, because the queued answer plus the updates queued after it already hold
//! everything a new answer would.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use bytes::Bytes;

use super::close::Close;

/// The largest piece handed to the HTTP server at once.
pub const CHUNK: usize = 16 * 1024;

/// What a request is answered with; one of each kind may be queued at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// A sync step 2 (the part of the document the peer lacks).
    Sync,
    /// The whole presence table.
    Presence,
}

/// A WebSocket message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    Binary(Bytes),
    Ping,
    Pong(Bytes),
    Close(Option<Close>),
}

/// Why a frame was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Over the budget: the peer fell behind.
    Full,
    /// The session is closing; the frame is not needed.
    Closed,
}

#[derive(Debug, Clone, Copy)]
pub struct OutboxLimits {
    pub max_bytes: usize,
    pub max_frames: usize,
}

pub struct Outbox {
    limits: OutboxLimits,
    state: Mutex<State>,
}

struct Queued {
    message: Outgoing,
    answer: Option<Answer>,
}

struct State {
    queue: VecDeque<Queued>,
    /// Bytes of queued ordinary frames (answers are bounded by count instead).
    bytes: usize,
    /// Ordinary frames queued.
    frames: usize,
    sync_answer: bool,
    presence_answer: bool,
    ping_queued: bool,
    pong_queued: bool,
    /// The encoded frame being written, and the answer it is.
    current: Option<(Bytes, Option<Answer>)>,
    /// No more frames are accepted; the body ends once the queue is written.
    ended: bool,
    /// The body ends now, with nothing more written.
    aborted: bool,
    /// The last time the peer took a chunk, or the queue went from empty to non-empty.
    progress: Instant,
    waker: Option<Waker>,
}

impl State {
    fn answer_flag(&mut self, answer: Answer) -> &mut bool {
        match answer {
            Answer::Sync => &mut self.sync_answer,
            Answer::Presence => &mut self.presence_answer,
        }
    }

    fn is_idle(&self) -> bool {
        self.queue.is_empty() && self.current.is_none()
    }

    fn enqueue(&mut self, queued: Queued) -> Option<Waker> {
        if self.is_idle() {
            self.progress = Instant::now();
        }
        self.queue.push_back(queued);
        self.waker.take()
    }
}

fn wake(waker: Option<Waker>) {
    if let Some(waker) = waker {
        waker.wake();
    }
}

impl Outbox {
    pub fn new(limits: OutboxLimits) -> Self {
        Self {
            limits,
            state: Mutex::new(State {
                queue: VecDeque::new(),
                bytes: 0,
                frames: 0,
                sync_answer: false,
                presence_answer: false,
                ping_queued: false,
                pong_queued: false,
                current: None,
                ended: false,
                aborted: false,
                progress: Instant::now(),
                waker: None,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues an ordinary frame. `Full` when it would take the queue over its budget (a frame
    /// larger than the whole budget is accepted only into an empty queue).
    pub fn push(&self, frame: Bytes) -> Result<(), Refused> {
        let mut state = self.state();
        if state.ended {
            return Err(Refused::Closed);
        }
        let over_bytes = state.bytes > 0 && state.bytes + frame.len() > self.limits.max_bytes;
        if over_bytes || state.frames >= self.limits.max_frames {
            return Err(Refused::Full);
        }
        state.bytes += frame.len();
        state.frames += 1;
        let waker = state.enqueue(Queued {
            message: Outgoing::Binary(frame),
            answer: None,
        });
        drop(state);
        wake(waker);
        Ok(())
    }

    /// Whether an answer of this kind is queued or being written (a new request for it is
    /// coalesced: check before encoding one).
    pub fn answer_pending(&self, answer: Answer) -> bool {
        *self.state().answer_flag(answer)
    }

    /// Queues an answer. Returns false when one of its kind is already pending (coalesced).
    pub fn push_answer(&self, answer: Answer, frame: Bytes) -> Result<bool, Refused> {
        let mut state = self.state();
        if state.ended {
            return Err(Refused::Closed);
        }
        if std::mem::replace(state.answer_flag(answer), true) {
            return Ok(false);
        }
        let waker = state.enqueue(Queued {
            message: Outgoing::Binary(frame),
            answer: Some(answer),
        });
        drop(state);
        wake(waker);
        Ok(true)
    }

    /// Queues a ping, unless one is already waiting.
    pub fn ping(&self) {
        self.control(Outgoing::Ping);
    }

    /// Queues the answer to the peer's ping, unless one is already waiting.
    pub fn pong(&self, payload: Bytes) {
        self.control(Outgoing::Pong(payload));
    }

    fn control(&self, message: Outgoing) {
        let mut state = self.state();
        if state.ended {
            return;
        }
        let flag = match message {
            Outgoing::Ping => &mut state.ping_queued,
            _ => &mut state.pong_queued,
        };
        if std::mem::replace(flag, true) {
            return;
        }
        let waker = state.enqueue(Queued {
            message,
            answer: None,
        });
        drop(state);
        wake(waker);
    }

    /// Ends the session: what is queued is still written, then the close frame, then the
    /// body ends.
    pub fn end(&self, close: Option<Close>) {
        let mut state = self.state();
        if state.ended {
            return;
        }
        let waker = state.enqueue(Queued {
            message: Outgoing::Close(close),
            answer: None,
        });
        state.ended = true;
        drop(state);
        wake(waker);
    }

    /// Ends the session of a peer that fell behind: everything queued is dropped (freed now).
    /// The close frame is still sent when no frame is half-written, so a peer that reads
    /// slowly learns why; otherwise the connection just ends.
    pub fn abort(&self, close: Close) {
        let mut state = self.state();
        state.queue.clear();
        (state.bytes, state.frames) = (0, 0);
        (state.sync_answer, state.presence_answer) = (false, false);
        (state.ping_queued, state.pong_queued) = (false, false);
        state.ended = true;
        if state.current.take().is_some() {
            state.aborted = true;
        } else {
            state.queue.push_back(Queued {
                message: Outgoing::Close(Some(close)),
                answer: None,
            });
        }
        let waker = state.waker.take();
        drop(state);
        wake(waker);
    }

    /// How long frames have been waiting without the peer taking any; `None` when nothing
    /// waits.
    pub fn stalled_for(&self, now: Instant) -> Option<Duration> {
        let state = self.state();
        (!state.is_idle()).then(|| now.saturating_duration_since(state.progress))
    }

    /// The next piece to write, for the response body. `encode` turns a message into its
    /// WebSocket frame; it runs without the lock held. `None` ends the body.
    pub fn poll_chunk(
        &self,
        cx: &mut Context<'_>,
        mut encode: impl FnMut(Outgoing) -> Bytes,
    ) -> Poll<Option<Bytes>> {
        loop {
            let mut state = self.state();
            if state.aborted {
                return Poll::Ready(None);
            }
            if let Some((rest, answer)) = &mut state.current {
                let chunk = rest.split_to(rest.len().min(CHUNK));
                if rest.is_empty() {
                    if let Some(answer) = *answer {
                        *state.answer_flag(answer) = false;
                    }
                    state.current = None;
                }
                state.progress = Instant::now();
                return Poll::Ready(Some(chunk));
            }
            let Some(next) = state.queue.pop_front() else {
                if state.ended {
                    return Poll::Ready(None);
                }
                state.waker = Some(cx.waker().clone());
                return Poll::Pending;
            };
            match &next.message {
                Outgoing::Binary(frame) if next.answer.is_none() => {
                    state.bytes -= frame.len();
                    state.frames -= 1;
                }
                Outgoing::Ping => state.ping_queued = false,
                Outgoing::Pong(_) => state.pong_queued = false,
                _ => {}
            }
            drop(state);
            let encoded = encode(next.message);
            let mut state = self.state();
            if state.aborted {
                return Poll::Ready(None);
            }
            state.current = Some((encoded, next.answer));
        }
    }
}

#[cfg(test)]
impl Outbox {
    /// Takes the queued binary frames whole, as if the peer had read them (room tests).
    pub fn take_frames(&self) -> Vec<Bytes> {
        let mut state = self.state();
        (state.bytes, state.frames) = (0, 0);
        (state.sync_answer, state.presence_answer) = (false, false);
        (state.ping_queued, state.pong_queued) = (false, false);
        let queue = std::mem::take(&mut state.queue);
        queue
            .into_iter()
            .filter_map(|queued| match queued.message {
                Outgoing::Binary(frame) => Some(frame),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::task::Waker;

    use super::*;
    use crate::collab::close::CloseCode;

    fn outbox(max_bytes: usize, max_frames: usize) -> Outbox {
        Outbox::new(OutboxLimits {
            max_bytes,
            max_frames,
        })
    }

    /// Drains what the body would write, encoding a message as its bytes (a close as "C").
    fn drain(outbox: &Outbox) -> (Vec<u8>, bool) {
        let mut cx = Context::from_waker(Waker::noop());
        let mut written = Vec::new();
        loop {
            let chunk = outbox.poll_chunk(&mut cx, |message| match message {
                Outgoing::Binary(bytes) | Outgoing::Pong(bytes) => bytes,
                Outgoing::Ping => Bytes::from_static(b"P"),
                Outgoing::Close(_) => Bytes::from_static(b"C"),
            });
            match chunk {
                Poll::Ready(Some(chunk)) => written.extend_from_slice(&chunk),
                Poll::Ready(None) => return (written, true),
                Poll::Pending => return (written, false),
            }
        }
    }

    #[test]
    fn ordinary_frames_are_bounded_in_bytes_and_count() {
        let outbox = outbox(10, 3);
        assert_eq!(outbox.push(Bytes::from(vec![1; 6])), Ok(()));
        assert_eq!(outbox.push(Bytes::from(vec![2; 5])), Err(Refused::Full));
        assert_eq!(outbox.push(Bytes::from(vec![3; 4])), Ok(()));
        assert_eq!(outbox.push(Bytes::new()), Ok(()));
        assert_eq!(outbox.push(Bytes::new()), Err(Refused::Full), "frames");
        let (written, ended) = drain(&outbox);
        assert_eq!(written.len(), 10);
        assert!(!ended);
        // Drained, the budget is free again; one frame over the budget fits an empty queue.
        assert_eq!(outbox.push(Bytes::from(vec![4; 50])), Ok(()));
        assert_eq!(outbox.push(Bytes::from(vec![5; 1])), Err(Refused::Full));
    }

    #[test]
    fn a_repeated_request_is_coalesced_until_its_answer_is_written() {
        let outbox = outbox(10, 10);
        let big = Bytes::from(vec![7u8; CHUNK * 3]);
        assert_eq!(outbox.push_answer(Answer::Sync, big.clone()), Ok(true));
        assert!(outbox.answer_pending(Answer::Sync));
        assert_eq!(outbox.push_answer(Answer::Sync, big.clone()), Ok(false));
        // Answers do not count against the ordinary budget.
        assert_eq!(outbox.push(Bytes::from(vec![1; 10])), Ok(()));
        // Half-written, it is still pending.
        let mut cx = Context::from_waker(Waker::noop());
        let first = outbox.poll_chunk(&mut cx, |m| match m {
            Outgoing::Binary(b) => b,
            _ => Bytes::new(),
        });
        assert!(matches!(first, Poll::Ready(Some(ref c)) if c.len() == CHUNK));
        assert!(outbox.answer_pending(Answer::Sync));
        let (written, _) = drain(&outbox);
        assert_eq!(written.len(), CHUNK * 2 + 10);
        assert!(!outbox.answer_pending(Answer::Sync));
        assert_eq!(outbox.push_answer(Answer::Sync, big), Ok(true));
    }

    #[test]
    fn aborting_frees_the_queue_and_ends_mid_frame_without_a_close() {
        let outbox = outbox(100, 100);
        outbox
            .push_answer(Answer::Sync, Bytes::from(vec![0; CHUNK * 4]))
            .unwrap();
        outbox.push(Bytes::from(vec![1; 50])).unwrap();
        let mut cx = Context::from_waker(Waker::noop());
        let _ = outbox.poll_chunk(&mut cx, |m| match m {
            Outgoing::Binary(b) => b,
            _ => Bytes::new(),
        });
        outbox.abort(Close::new(CloseCode::SlowConsumer, "behind"));
        assert_eq!(outbox.stalled_for(Instant::now()), None, "nothing is held");
        assert_eq!(drain(&outbox), (Vec::new(), true));
        assert_eq!(outbox.push(Bytes::from_static(b"x")), Err(Refused::Closed));
    }

    #[test]
    fn aborting_between_frames_still_sends_the_close() {
        let outbox = outbox(100, 100);
        outbox.push(Bytes::from_static(b"ab")).unwrap();
        outbox.abort(Close::new(CloseCode::SlowConsumer, "behind"));
        assert_eq!(drain(&outbox), (b"C".to_vec(), true));
    }

    #[test]
    fn ending_writes_the_queue_then_the_close_once() {
        let outbox = outbox(100, 100);
        outbox.push(Bytes::from_static(b"ab")).unwrap();
        outbox.ping();
        outbox.ping();
        outbox.end(None);
        outbox.end(None);
        assert_eq!(drain(&outbox), (b"abPC".to_vec(), true));
    }

    #[test]
    fn a_stall_is_measured_from_the_last_progress() {
        let outbox = outbox(100, 100);
        let now = Instant::now();
        assert_eq!(outbox.stalled_for(now), None);
        outbox.push(Bytes::from_static(b"ab")).unwrap();
        let later = Instant::now() + Duration::from_secs(5);
        assert!(outbox.stalled_for(later).unwrap() >= Duration::from_secs(5));
        drain(&outbox);
        assert_eq!(outbox.stalled_for(later), None);
    }
}
