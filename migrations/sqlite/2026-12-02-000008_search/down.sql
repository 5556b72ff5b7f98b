DROP TRIGGER search_entries_fts_update;
DROP TRIGGER search_entries_fts_delete;
DROP TRIGGER search_entries_fts_insert;
DROP TABLE search_entries_fts;
DROP TABLE search_entries;
