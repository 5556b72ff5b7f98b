DROP TABLE external_accounts;
DROP TABLE snapshot_images;
DROP TABLE individual_videos;
DROP TABLE videos;
DROP TABLE participants;
DROP TABLE spaces;
DROP TABLE users;
