//! Integration tests: the real app on port 0, over HTTP. They run on SQLite by default and on
//! PostgreSQL + Redis when `VIVID_TEST_POSTGRES` and `VIVID_TEST_REDIS_URL` are set
//! (`scripts/test` runs both passes).

mod abandoned_uploads;
mod auth;
mod authorship;
mod collab;
mod collab_access;
mod collab_faults;
mod collab_instances;
mod collab_memory;
mod collab_node;
mod collab_process;
mod collab_redis_keys;
mod collab_snapshots;
mod forget;
mod google;
mod health;
mod history_aws;
mod individual_videos;
mod instances;
mod invitations;
mod invite_links;
mod limits;
mod logs;
mod me;
mod media;
mod media_aws;
mod memo_schema;
mod my_list;
mod notes_export;
mod participants;
mod renditions;
mod retention;
mod schema_drift;
mod search;
mod space_events;
mod space_videos;
mod spaces;
mod study_state;
mod support;
mod versions;
mod videos;
mod webapp;
mod webex;
mod zoom;
