//! Zoom's API client for the shared recordings integration ([`crate::media::recordings`]):
//! OAuth at `{oauth_base}/oauth/…` (client credentials as HTTP Basic auth), cloud recordings
//! from `GET {api_base}/users/me/recordings` (`from`/`to` as UTC dates, `page_size`,
//! `next_page_token`), one meeting's files from `GET {api_base}/meetings/{uuid}/recordings`,
//! and the file itself from its `download_url` with the access token as a bearer (Zoom
//! redirects it to a file host, which must be on `zoom.download_hosts`).
//!
//! A meeting holds several files (speaker view, shared screen, audio, chat, transcript); only
//! its MP4 video files are listed, one [`Recording`] each, with the id
//! `{base64url(meeting uuid)}.{file id}`. A file Zoom is still processing is listed with
//! `processing: true` and refused at import with `recording_processing`.

use std::sync::Arc;

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::config::{Settings, ZoomSettings};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;
use crate::media::recordings::crypto::TokenCipher;
use crate::media::recordings::provider::{Caller, DownloadCheck};
use crate::media::recordings::{
    Download, Integration, IntegrationParts, MAX_RANGE, ProviderKind, Recording, RecordingPage,
    RecordingProvider, urlencode,
};

/// The granular scopes the Zoom app needs (recorded with the account; Zoom takes the scopes
/// from the app's settings, not from the authorize URL).
pub const SCOPES: &str = "cloud_recording:read:list_user_recordings cloud_recording:read:recording";

pub struct Zoom {
    settings: ZoomSettings,
    client_id: String,
}

#[derive(Debug, Deserialize)]
struct RecordingList {
    #[serde(default)]
    next_page_token: String,
    #[serde(default)]
    meetings: Vec<Meeting>,
}

#[derive(Debug, Deserialize)]
struct Meeting {
    uuid: String,
    #[serde(default)]
    topic: String,
    start_time: Option<String>,
    /// Minutes.
    duration: Option<i64>,
    #[serde(default)]
    recording_files: Vec<RecordingFile>,
}

#[derive(Debug, Deserialize)]
struct RecordingFile {
    /// Absent on some files (e.g. a live-transcript placeholder).
    id: Option<String>,
    #[serde(default)]
    file_type: String,
    file_size: Option<i64>,
    download_url: Option<String>,
    #[serde(default)]
    status: String,
    recording_start: Option<String>,
    recording_end: Option<String>,
    recording_type: Option<String>,
}

impl RecordingFile {
    fn is_video(&self) -> bool {
        self.file_type.eq_ignore_ascii_case("MP4")
    }

    fn seconds(&self) -> Option<i64> {
        let parse = |at: &Option<String>| DateTime::parse_from_rfc3339(at.as_deref()?).ok();
        let (start, end) = (parse(&self.recording_start)?, parse(&self.recording_end)?);
        Some((end - start).num_seconds())
    }
}

/// A listed file's id: the meeting's UUID (base64url, so any `/` or `+` in it survives) and
/// the file's id.
fn recording_id(meeting_uuid: &str, file_id: &str) -> String {
    format!("{}.{file_id}", URL_SAFE_NO_PAD.encode(meeting_uuid))
}

fn parse_recording_id(id: &str) -> Option<(String, &str)> {
    let (meeting, file) = id.split_once('.')?;
    let meeting = String::from_utf8(URL_SAFE_NO_PAD.decode(meeting).ok()?).ok()?;
    (!meeting.is_empty() && !file.is_empty()).then_some((meeting, file))
}

/// A meeting UUID as a path segment: Zoom wants it encoded twice when it starts with `/` or
/// holds `//`.
fn meeting_segment(uuid: &str) -> String {
    if uuid.starts_with('/') || uuid.contains("//") {
        urlencode(&urlencode(uuid))
    } else {
        urlencode(uuid)
    }
}

fn not_found() -> ApiError {
    ApiError::new(ErrorCode::RecordingNotFound, "Zoom has no such recording")
}

impl Zoom {
    /// The Zoom integration, or `None` when no client id is configured (it is off).
    pub fn integration(
        settings: &Settings,
        kv: Arc<dyn KvStore>,
    ) -> anyhow::Result<Option<Integration>> {
        let zoom = &settings.zoom;
        let Some(client_id) = zoom.client_id.clone() else {
            return Ok(None);
        };
        let public = settings.http.public_url.trim_end_matches('/');
        let redirect_uri = zoom
            .redirect_uri
            .clone()
            .unwrap_or_else(|| format!("{public}/api/integrations/zoom/callback"));
        let parts = IntegrationParts {
            redirect_uri,
            cipher: TokenCipher::for_provider("zoom", &zoom.token_key, &settings.auth.jwt_secret)?,
            kv,
        };
        let client = Self {
            settings: zoom.clone(),
            client_id,
        };
        Integration::new(Box::new(client), parts).map(Some)
    }

    fn oauth(&self, path: &str) -> String {
        format!("{}{path}", self.settings.oauth_base.trim_end_matches('/'))
    }

    fn api(&self, path: &str) -> String {
        format!("{}{path}", self.settings.api_base.trim_end_matches('/'))
    }
}

#[async_trait]
impl RecordingProvider for Zoom {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Zoom
    }

    fn authorize_url(&self, redirect_uri: &str, state: &str) -> String {
        let mut url = url::Url::parse(&self.oauth("/oauth/authorize"))
            .unwrap_or_else(|_| url::Url::parse("https://zoom.us/oauth/authorize").unwrap());
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state);
        url.into()
    }

    fn token_request(
        &self,
        http: &reqwest::Client,
        form: &[(&str, &str)],
    ) -> reqwest::RequestBuilder {
        http.post(self.oauth("/oauth/token"))
            .basic_auth(
                &self.client_id,
                Some(self.settings.client_secret.expose_secret()),
            )
            .form(form)
    }

    fn scopes(&self) -> String {
        SCOPES.to_owned()
    }

    fn list_endpoint(&self) -> String {
        self.api("/users/me/recordings")
    }

    /// Zoom takes UTC dates (`to` inclusive) at most a month apart; without a range this
    /// lists the last 30 days. The dates cover the instants asked for, so a page may hold
    /// recordings of the first and last day outside them.
    fn first_page(
        &self,
        limit: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> ApiResult<String> {
        let to = to.unwrap_or_else(|| {
            from.map_or_else(Utc::now, |from| {
                (from + MAX_RANGE).min(Utc::now().max(from))
            })
        });
        let from = from.unwrap_or(to - MAX_RANGE);
        // `to` is exclusive here and inclusive at Zoom: the day of its last second.
        let last = (to - chrono::TimeDelta::seconds(1)).max(from);
        let mut url = url::Url::parse(&self.list_endpoint()).map_err(ApiError::internal)?;
        url.query_pairs_mut()
            .append_pair("page_size", &limit.to_string())
            .append_pair("from", &from.date_naive().to_string())
            .append_pair("to", &last.date_naive().to_string());
        Ok(url.into())
    }

    async fn page(&self, caller: &Caller<'_>, url: &str) -> ApiResult<RecordingPage> {
        let list: RecordingList = caller.json(url).await?;
        let items = list
            .meetings
            .iter()
            .flat_map(|meeting| {
                meeting
                    .recording_files
                    .iter()
                    .filter(|file| file.is_video())
                    .filter_map(move |file| {
                        Some(Recording {
                            id: recording_id(&meeting.uuid, file.id.as_deref()?),
                            topic: meeting.topic.clone(),
                            create_time: file
                                .recording_start
                                .clone()
                                .or_else(|| meeting.start_time.clone()),
                            duration_seconds: file
                                .seconds()
                                .or(meeting.duration.map(|minutes| minutes * 60)),
                            size_bytes: file.file_size,
                            format: Some("MP4".to_owned()),
                            processing: file.status != "completed",
                        })
                    })
            })
            .collect();
        let next = (!list.next_page_token.is_empty())
            .then(|| {
                let mut next = url::Url::parse(url).ok()?;
                let kept: Vec<(String, String)> = next
                    .query_pairs()
                    .filter(|(name, _)| name != "next_page_token")
                    .map(|(name, value)| (name.into_owned(), value.into_owned()))
                    .collect();
                next.query_pairs_mut()
                    .clear()
                    .extend_pairs(kept)
                    .append_pair("next_page_token", &list.next_page_token);
                Some(next.to_string())
            })
            .flatten();
        Ok(RecordingPage { items, next })
    }

    async fn download(&self, caller: &Caller<'_>, id: &str) -> ApiResult<Download> {
        let (meeting_uuid, file_id) = parse_recording_id(id).ok_or_else(not_found)?;
        let path = format!("/meetings/{}/recordings", meeting_segment(&meeting_uuid));
        let meeting: Meeting = caller.json(&self.api(&path)).await?;
        let file = meeting
            .recording_files
            .into_iter()
            .find(|file| file.id.as_deref() == Some(file_id))
            .ok_or_else(not_found)?;
        if !file.is_video() {
            return Err(ApiError::new(
                ErrorCode::RecordingUnavailable,
                format!(
                    "only a meeting's MP4 video files can be imported, not its {}",
                    file.file_type
                ),
            ));
        }
        if file.status != "completed" {
            return Err(ApiError::new(
                ErrorCode::RecordingProcessing,
                "Zoom is still processing this recording; try again when it is ready",
            ));
        }
        let url = file.download_url.ok_or_else(|| {
            ApiError::new(
                ErrorCode::RecordingUnavailable,
                "Zoom offers no download of this recording",
            )
        })?;
        tracing::debug!(recording_type = ?file.recording_type, "importing a Zoom recording");
        Ok(Download {
            url,
            content_type: "video/mp4".to_owned(),
            bearer: true,
        })
    }

    fn download_check(&self) -> DownloadCheck {
        let settings = self.settings.clone();
        Arc::new(move |url| settings.allows_download_from(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_ids_carry_any_meeting_uuid() {
        for uuid in [
            "4444AAAiAAAAAiAiAiiAii==",
            "/ajXp112QmuoKj4854875==",
            "ab//cd+e=",
        ] {
            let id = recording_id(uuid, "file-1");
            assert!(!id.contains('/') && !id.contains('+'), "{id}");
            assert_eq!(parse_recording_id(&id), Some((uuid.to_owned(), "file-1")));
        }
        assert_eq!(parse_recording_id("no-dot"), None);
        assert_eq!(parse_recording_id("!!.file"), None);
        assert_eq!(parse_recording_id(".file"), None);
    }

    #[test]
    fn meeting_uuids_with_slashes_are_encoded_twice() {
        assert_eq!(meeting_segment("abc=="), "abc%3D%3D");
        assert_eq!(meeting_segment("/abc"), "%252Fabc");
        assert_eq!(meeting_segment("a//b"), "a%252F%252Fb");
    }
}
