//! No transcoder at hand: the original upload plays as it is (browsers play MP4 and WebM
//! directly), without a thumbnail strip.

use async_trait::async_trait;

use super::{Job, Outcome, Reporter, TranscodeError, Transcoder};

pub struct PassThrough {
    reporter: Reporter,
}

impl PassThrough {
    pub fn new(reporter: Reporter) -> Self {
        Self { reporter }
    }
}

#[async_trait]
impl Transcoder for PassThrough {
    fn name(&self) -> &'static str {
        "passthrough"
    }

    async fn start(&self, job: Job) -> Result<Option<String>, TranscodeError> {
        self.reporter
            .report(
                &job.video_id,
                None,
                Outcome::Ready {
                    playback_key: job.source_key,
                    thumbnail_key: None,
                    duration_ms: None,
                },
            )
            .await
            .map_err(|error| TranscodeError::Failed(error.into()))?;
        Ok(None)
    }

    async fn cancel(&self, _video_id: &str, _job_id: Option<&str>) {}
}
