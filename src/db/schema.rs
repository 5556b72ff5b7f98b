//! The tables, written once with SQL types both backends share (Text, Timestamp, Bool,
//! Integer, BigInt, Binary). `tests/api/schema_drift.rs` checks that the two migration trees
//! build the same tables, columns and nullability; every table here is also read and written
//! by the integration tests on both backends, which is what keeps this file in step.

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        picture_url -> Nullable<Text>,
        google_sub -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    spaces (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        host_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    participants (id) {
        id -> Text,
        space_id -> Text,
        email -> Text,
        user_id -> Nullable<Text>,
        is_host -> Bool,
        created_at -> Timestamp,
        joined_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    videos (id) {
        id -> Text,
        space_id -> Text,
        title -> Text,
        description -> Text,
        uploader_id -> Nullable<Text>,
        status -> Text,
        status_reason -> Nullable<Text>,
        duration_ms -> Nullable<BigInt>,
        source_key -> Nullable<Text>,
        playback_key -> Nullable<Text>,
        thumbnail_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        content_type -> Nullable<Text>,
        size_bytes -> Nullable<BigInt>,
        upload_id -> Nullable<Text>,
        transcode_job_id -> Nullable<Text>,
        transcode_percent -> Integer,
        upload_expires_at -> Nullable<Timestamp>,
        queue_position -> Nullable<Integer>,
    }
}

diesel::table! {
    individual_videos (id) {
        id -> Text,
        video_id -> Text,
        user_id -> Text,
        progress_percent -> Integer,
        last_accessed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_position_secs -> Integer,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    snapshot_images (id) {
        id -> Text,
        individual_video_id -> Text,
        video_time_ms -> BigInt,
        object_key -> Text,
        created_at -> Timestamp,
        content_type -> Text,
        size_bytes -> BigInt,
    }
}

diesel::table! {
    external_accounts (id) {
        id -> Text,
        user_id -> Text,
        provider -> Text,
        external_id -> Nullable<Text>,
        access_token_ciphertext -> Binary,
        refresh_token_ciphertext -> Nullable<Binary>,
        expires_at -> Nullable<Timestamp>,
        scopes -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    document_journal (doc_key, id_ms, id_seq) {
        doc_key -> Text,
        id_ms -> BigInt,
        id_seq -> BigInt,
        user_id -> Text,
        update_v1 -> Binary,
    }
}

diesel::table! {
    document_versions (doc_key, version) {
        doc_key -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        name -> Nullable<Text>,
        contributors -> Text,
        size_bytes -> BigInt,
        stream_id -> Text,
        state -> Binary,
    }
}

diesel::table! {
    invite_links (id) {
        id -> Text,
        space_id -> Text,
        token_hash -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        uses -> Integer,
    }
}

diesel::table! {
    /// Passages the search finds (`library::search`). On SQLite an FTS5 table over `body`
    /// (`search_entries_fts`, trigram) indexes it; on PostgreSQL a pg_trgm GIN index.
    search_entries (id) {
        id -> BigInt,
        video_id -> Text,
        individual_video_id -> Nullable<Text>,
        kind -> Text,
        body -> Text,
        time_ms -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// Deleted documents whose Redis keys and history are still to be deleted.
    forgotten_documents (doc_key) {
        doc_key -> Text,
        forgotten_at -> Timestamp,
    }
}

diesel::joinable!(spaces -> users (host_id));
diesel::joinable!(invite_links -> spaces (space_id));
diesel::joinable!(participants -> spaces (space_id));
diesel::joinable!(participants -> users (user_id));
diesel::joinable!(videos -> spaces (space_id));
diesel::joinable!(individual_videos -> videos (video_id));
diesel::joinable!(individual_videos -> users (user_id));
diesel::joinable!(snapshot_images -> individual_videos (individual_video_id));
diesel::joinable!(external_accounts -> users (user_id));
diesel::joinable!(search_entries -> videos (video_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    spaces,
    participants,
    videos,
    individual_videos,
    snapshot_images,
    external_accounts,
    document_journal,
    document_versions,
    invite_links,
    search_entries,
    forgotten_documents,
);
