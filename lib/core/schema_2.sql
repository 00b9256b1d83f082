-- Schema version 2 (issue 13): access.csv, one row per grant. school_id '' means every school.
CREATE TABLE IF NOT EXISTS access (
    email VARCHAR NOT NULL, access VARCHAR NOT NULL, school_id VARCHAR NOT NULL,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS access_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM access LIMIT 0;
