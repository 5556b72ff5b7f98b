DROP TABLE document_journal;
