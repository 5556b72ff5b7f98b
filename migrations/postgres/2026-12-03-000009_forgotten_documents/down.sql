DROP TABLE forgotten_documents;
