//! What the start screen shows (`GET /api/me/dashboard`, in `http::me`).

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::VideoView;
use super::individual_videos::IndividualVideoView;
use crate::db::Db;
use crate::db::models::{IndividualVideo, Video};
use crate::db::schema::{external_accounts, individual_videos, participants, spaces, videos};
use crate::error::ApiResult;
use crate::with_conn;

/// How many recent videos the dashboard lists.
const RECENT_VIDEOS: i64 = 5;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// Spaces the caller has joined.
    pub spaces: i64,
    /// The videos on the caller's list ("My lectures": their individual videos in the
    /// spaces they are in, except those they took off it).
    pub individual_videos: i64,
    /// Of those, the ones watched to 100%.
    pub completed_videos: i64,
    /// Of those, the ones started and not finished (1–99%).
    pub in_progress_videos: i64,
    /// The video on the caller's list opened most recently ("Continue").
    pub last_studied: Option<IndividualVideoView>,
    /// The newest videos across the caller's spaces.
    pub recent_videos: Vec<VideoView>,
    pub webex_connected: bool,
}

pub async fn dashboard(db: &Db, user_id: &str) -> ApiResult<Dashboard> {
    with_conn!(db, |conn| {
        let spaces: i64 = participants::table
            .filter(participants::user_id.eq(user_id))
            .count()
            .get_result(conn)
            .await?;
        // Only the spaces they are in: a removed member's individual videos are kept.
        let my_videos = videos::table
            .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
            .select(videos::id);
        let mine = individual_videos::table
            .filter(individual_videos::user_id.eq(user_id))
            .filter(individual_videos::removed_at.is_null())
            .filter(individual_videos::video_id.eq_any(my_videos));
        let individual: i64 = mine.count().get_result(conn).await?;
        let completed: i64 = mine
            .filter(individual_videos::progress_percent.eq(100))
            .count()
            .get_result(conn)
            .await?;
        let in_progress: i64 = mine
            .filter(individual_videos::progress_percent.gt(0))
            .filter(individual_videos::progress_percent.lt(100))
            .count()
            .get_result(conn)
            .await?;
        let last_studied: Option<(IndividualVideo, Video, String)> = individual_videos::table
            .filter(individual_videos::user_id.eq(user_id))
            .inner_join(videos::table.inner_join(spaces::table))
            .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
            .filter(individual_videos::removed_at.is_null())
            .filter(individual_videos::last_accessed_at.is_not_null())
            .order(individual_videos::last_accessed_at.desc())
            .select((
                IndividualVideo::as_select(),
                Video::as_select(),
                spaces::name,
            ))
            .first(conn)
            .await
            .optional()?;
        let my_spaces = participants::table
            .filter(participants::user_id.eq(user_id))
            .select(participants::space_id);
        let recent: Vec<Video> = videos::table
            .filter(videos::space_id.eq_any(my_spaces))
            .order(videos::id.desc())
            .limit(RECENT_VIDEOS)
            .select(Video::as_select())
            .load(conn)
            .await?;
        let webex: i64 = external_accounts::table
            .filter(external_accounts::user_id.eq(user_id))
            .filter(external_accounts::provider.eq("webex"))
            .count()
            .get_result(conn)
            .await?;
        Ok::<_, crate::error::ApiError>(Dashboard {
            spaces,
            individual_videos: individual,
            completed_videos: completed,
            in_progress_videos: in_progress,
            last_studied: last_studied.map(|(individual, video, space)| {
                IndividualVideoView::new(individual, video, space)
            }),
            recent_videos: recent.into_iter().map(VideoView::from).collect(),
            webex_connected: webex > 0,
        })
    })
}
