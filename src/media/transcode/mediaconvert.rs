//! AWS Elemental MediaConvert: one job per video reads the upload from S3 and writes an HLS
//! ladder (360p, 720p; H.264 High profile, so 8-bit 4:2:0 whatever the source), frame-capture
//! thumbnails every `thumbnail_interval_secs` (the visual index) and a poster into the media
//! bucket. The video id rides in the job's user metadata.
//! Completion arrives through `POST /api/internal/transcode-events` (EventBridge), and the
//! poller asks `GetJob` about jobs that went quiet.

use async_trait::async_trait;
use aws_sdk_mediaconvert::Client;
use aws_sdk_mediaconvert::types::{
    AacCodingMode, AacSettings, AudioCodec, AudioCodecSettings, AudioDefaultSelection,
    AudioDescription, AudioSelector, ContainerSettings, ContainerType, FileGroupSettings,
    FrameCaptureSettings, H264CodecLevel, H264CodecProfile, H264RateControlMode, H264Settings,
    HlsGroupSettings, Input, InputTimecodeSource, JobSettings, JobStatus, Output, OutputGroup,
    OutputGroupSettings, OutputGroupType, VideoCodec, VideoCodecSettings, VideoDescription,
};

use super::{Job, Outcome, TranscodeError, Transcoder, media_prefix, reasons};
use crate::config::Settings;

/// Renditions of the ladder: (name modifier, height, maximum bitrate).
const LADDER: [(&str, i32, i32); 2] = [("_360p", 360, 800_000), ("_720p", 720, 2_800_000)];

pub struct MediaConvertTranscoder {
    client: Client,
    role_arn: String,
    queue: Option<String>,
    upload_bucket: String,
    media_bucket: String,
    thumbnail_interval_secs: i32,
}

/// Where a finished job's outputs are, by the names [`job_settings`] gives them.
pub fn playback_key(video_id: &str) -> String {
    format!("{}hls/master.m3u8", media_prefix(video_id))
}

pub fn poster_key(video_id: &str) -> String {
    format!("{}poster/poster.0000000.jpg", media_prefix(video_id))
}

impl MediaConvertTranscoder {
    pub async fn new(settings: &Settings) -> Self {
        let sdk = crate::aws::sdk_config(&settings.aws).await;
        let mut config = aws_sdk_mediaconvert::config::Builder::from(&sdk);
        if let Some(endpoint) = &settings.transcode.mediaconvert_endpoint_url {
            config = config.endpoint_url(endpoint);
        }
        let transcode = &settings.transcode;
        Self {
            client: Client::from_conf(config.build()),
            role_arn: transcode.mediaconvert_role_arn.clone(),
            queue: transcode.mediaconvert_queue.clone(),
            upload_bucket: settings.storage.upload_bucket.clone(),
            media_bucket: settings.storage.media_bucket.clone(),
            thumbnail_interval_secs: transcode.thumbnail_interval.as_secs() as i32,
        }
    }

    /// The job: one input, an HLS group, a thumbnail group and a poster group.
    pub fn job_settings(&self, job: &Job) -> JobSettings {
        let destination = |path: &str| {
            format!(
                "s3://{}/{}{path}",
                self.media_bucket,
                media_prefix(&job.video_id)
            )
        };
        let input = Input::builder()
            .file_input(format!("s3://{}/{}", self.upload_bucket, job.source_key))
            .audio_selectors(
                "Audio Selector 1",
                AudioSelector::builder()
                    .default_selection(AudioDefaultSelection::Default)
                    .build(),
            )
            .timecode_source(InputTimecodeSource::Zerobased)
            .build();
        let mut hls = OutputGroup::builder().name("HLS").output_group_settings(
            OutputGroupSettings::builder()
                .r#type(OutputGroupType::HlsGroupSettings)
                .hls_group_settings(
                    HlsGroupSettings::builder()
                        .destination(destination("hls/master"))
                        .segment_length(6)
                        .min_segment_length(0)
                        .build(),
                )
                .build(),
        );
        for (modifier, height, bitrate) in LADDER {
            hls = hls.outputs(
                Output::builder()
                    .name_modifier(modifier)
                    .container_settings(
                        ContainerSettings::builder()
                            .container(ContainerType::M3U8)
                            .build(),
                    )
                    .video_description(video(
                        height,
                        VideoCodecSettings::builder()
                            .codec(VideoCodec::H264)
                            .h264_settings(
                                H264Settings::builder()
                                    .rate_control_mode(H264RateControlMode::Qvbr)
                                    .max_bitrate(bitrate)
                                    // 8-bit 4:2:0 High profile, which every player
                                    // decodes, whatever the source (4:4:4, 10-bit, …).
                                    .codec_profile(H264CodecProfile::High)
                                    .codec_level(H264CodecLevel::Auto)
                                    .build(),
                            )
                            .build(),
                    ))
                    .audio_descriptions(
                        AudioDescription::builder()
                            .codec_settings(
                                AudioCodecSettings::builder()
                                    .codec(AudioCodec::Aac)
                                    .aac_settings(
                                        AacSettings::builder()
                                            .bitrate(96_000)
                                            .coding_mode(AacCodingMode::CodingMode20)
                                            .sample_rate(48_000)
                                            .build(),
                                    )
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            );
        }
        let frames = |name: &str, path: &str, denominator: i32, max: i32, height: i32| {
            OutputGroup::builder()
                .name(name)
                .output_group_settings(
                    OutputGroupSettings::builder()
                        .r#type(OutputGroupType::FileGroupSettings)
                        .file_group_settings(
                            FileGroupSettings::builder()
                                .destination(destination(path))
                                .build(),
                        )
                        .build(),
                )
                .outputs(
                    Output::builder()
                        .container_settings(
                            ContainerSettings::builder()
                                .container(ContainerType::Raw)
                                .build(),
                        )
                        .video_description(video(
                            height,
                            VideoCodecSettings::builder()
                                .codec(VideoCodec::FrameCapture)
                                .frame_capture_settings(
                                    FrameCaptureSettings::builder()
                                        .framerate_numerator(1)
                                        .framerate_denominator(denominator)
                                        .max_captures(max)
                                        .quality(80)
                                        .build(),
                                )
                                .build(),
                        ))
                        .build(),
                )
                .build()
        };
        JobSettings::builder()
            .inputs(input)
            .output_groups(hls.build())
            .output_groups(frames(
                "Thumbnails",
                "thumbs/thumb",
                self.thumbnail_interval_secs,
                10_000_000,
                180,
            ))
            .output_groups(frames("Poster", "poster/poster", 1, 1, 720))
            .build()
    }
}

fn video(height: i32, codec: VideoCodecSettings) -> VideoDescription {
    VideoDescription::builder()
        .height(height)
        .codec_settings(codec)
        .build()
}

#[async_trait]
impl Transcoder for MediaConvertTranscoder {
    fn name(&self) -> &'static str {
        "mediaconvert"
    }

    async fn start(&self, job: Job) -> Result<Option<String>, TranscodeError> {
        let mut create = self
            .client
            .create_job()
            .role(&self.role_arn)
            .user_metadata("videoId", &job.video_id)
            .settings(self.job_settings(&job));
        if let Some(queue) = &self.queue {
            create = create.queue(queue);
        }
        let created = create
            .send()
            .await
            .map_err(|error| TranscodeError::Unavailable(error.into()))?;
        let id = created
            .job
            .and_then(|job| job.id)
            .ok_or_else(|| TranscodeError::Unavailable(anyhow::anyhow!("no job id")))?;
        Ok(Some(id))
    }

    async fn cancel(&self, video_id: &str, job_id: Option<&str>) {
        let Some(job_id) = job_id else { return };
        if let Err(error) = self.client.cancel_job().id(job_id).send().await {
            tracing::warn!(
                video_id,
                job_id,
                ?error,
                "could not cancel a MediaConvert job"
            );
        }
    }

    async fn poll(&self, video_id: &str, job_id: &str) -> Result<Option<Outcome>, TranscodeError> {
        let output = self
            .client
            .get_job()
            .id(job_id)
            .send()
            .await
            .map_err(|error| TranscodeError::Unavailable(error.into()))?;
        let Some(job) = output.job else {
            return Ok(None);
        };
        let duration_ms = job
            .output_group_details()
            .iter()
            .flat_map(|group| group.output_details())
            .find_map(|detail| detail.duration_in_ms())
            .map(i64::from);
        Ok(match job.status() {
            Some(JobStatus::Complete) => Some(ready(video_id, duration_ms)),
            Some(JobStatus::Error) => Some(failed(
                job.error_code(),
                job.error_message().unwrap_or("no message"),
            )),
            Some(JobStatus::Canceled) => Some(Outcome::Failed(reasons::CANCELLED.into())),
            Some(JobStatus::Progressing) => job.job_percent_complete().map(Outcome::Progress),
            _ => None,
        })
    }
}

/// A finished job's outcome.
pub fn ready(video_id: &str, duration_ms: Option<i64>) -> Outcome {
    Outcome::Ready {
        playback_key: playback_key(video_id),
        thumbnail_key: Some(poster_key(video_id)),
        duration_ms,
    }
}

/// A failed job, as people see it: MediaConvert's input errors (codes 1000–1999: the file
/// cannot be opened or decoded) read as an unreadable upload, anything else as a failure to
/// try again; MediaConvert's own words go to the log.
pub fn failed(code: Option<i32>, message: &str) -> Outcome {
    tracing::warn!(?code, message, "MediaConvert job failed");
    match code {
        Some(1000..=1999) => Outcome::Failed(reasons::UNREADABLE.into()),
        _ => Outcome::Failed(reasons::FAILED.into()),
    }
}
