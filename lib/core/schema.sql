-- School Goals Dashboard schema, version 1.
-- Keys are enforced by the importer (lib/importing/importer.py), not by PRIMARY KEY constraints:
-- DuckDB's index makes multi-million-row upserts slow and memory hungry.
-- Every data table carries import_id: the import that last wrote the row, so it can be undone.
-- <table>_history keeps the version a later import replaced (replaced_by = that import's id).

CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS import_log (
    import_id INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome VARCHAR NOT NULL,          -- imported | rejected | undone
    files VARCHAR NOT NULL,            -- JSON list: name, sha256, encoding, table, rows
    rows_per_table VARCHAR NOT NULL,   -- JSON: table -> {new, changed, unchanged}
    problems INTEGER NOT NULL DEFAULT 0,
    summary VARCHAR
);

CREATE TABLE IF NOT EXISTS schools (
    school_id VARCHAR NOT NULL, school_name VARCHAR NOT NULL, district_name VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS staff (
    staff_id VARCHAR NOT NULL, school_id VARCHAR NOT NULL, first_name VARCHAR NOT NULL,
    last_name VARCHAR NOT NULL, role VARCHAR NOT NULL, start_date DATE, email VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS sections (
    section_id VARCHAR NOT NULL, school_id VARCHAR NOT NULL, teacher_id VARCHAR NOT NULL,
    section_name VARCHAR NOT NULL, grade_level VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS students (
    student_id VARCHAR NOT NULL, school_id VARCHAR NOT NULL, grade_level VARCHAR NOT NULL,
    homeroom_section_id VARCHAR, first_name VARCHAR, last_name VARCHAR, sex VARCHAR,
    race_ethnicity VARCHAR, english_learner BOOLEAN, special_education BOOLEAN,
    section_504 BOOLEAN, economically_disadvantaged BOOLEAN, entry_date DATE, exit_date DATE,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS reading_logs (
    log_id VARCHAR NOT NULL, student_id VARCHAR NOT NULL, log_date DATE NOT NULL,
    minutes INTEGER NOT NULL, books INTEGER NOT NULL, title VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS assessments (
    student_id VARCHAR NOT NULL, subject VARCHAR NOT NULL, school_year VARCHAR NOT NULL,
    "window" VARCHAR NOT NULL, performance_level INTEGER NOT NULL, scale_score DOUBLE,
    test_date DATE,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS observations (
    observation_id VARCHAR NOT NULL, teacher_id VARCHAR NOT NULL, observer_id VARCHAR NOT NULL,
    observed_on DATE NOT NULL, observation_type VARCHAR NOT NULL, duration_minutes INTEGER,
    feedback_on DATE, focus VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS observation_ratings (
    observation_id VARCHAR NOT NULL, component VARCHAR NOT NULL, rating INTEGER NOT NULL,
    import_id INTEGER
);
-- school_id '' means every school (a district holiday).
CREATE TABLE IF NOT EXISTS calendar (
    school_id VARCHAR NOT NULL, date DATE NOT NULL, description VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS goals (
    goal_id VARCHAR NOT NULL, school_id VARCHAR NOT NULL, title VARCHAR NOT NULL,
    metric VARCHAR NOT NULL, target DOUBLE NOT NULL, start_date DATE NOT NULL,
    end_date DATE NOT NULL, subject VARCHAR, grade_level VARCHAR, subgroup VARCHAR,
    owner VARCHAR,
    import_id INTEGER
);

CREATE TABLE IF NOT EXISTS schools_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM schools LIMIT 0;
CREATE TABLE IF NOT EXISTS staff_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM staff LIMIT 0;
CREATE TABLE IF NOT EXISTS sections_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM sections LIMIT 0;
CREATE TABLE IF NOT EXISTS students_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM students LIMIT 0;
CREATE TABLE IF NOT EXISTS reading_logs_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM reading_logs LIMIT 0;
CREATE TABLE IF NOT EXISTS assessments_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM assessments LIMIT 0;
CREATE TABLE IF NOT EXISTS observations_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM observations LIMIT 0;
CREATE TABLE IF NOT EXISTS observation_ratings_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM observation_ratings LIMIT 0;
CREATE TABLE IF NOT EXISTS calendar_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM calendar LIMIT 0;
CREATE TABLE IF NOT EXISTS goals_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM goals LIMIT 0;

-- The macros the queries share (in_subgroup, enrolled_on ...) are in lib/core/macros.sql: they are
-- defined on every connection, not stored here.
