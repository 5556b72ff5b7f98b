DROP TABLE search_entries;
-- pg_trgm stays: other schemas of this database may use it.
