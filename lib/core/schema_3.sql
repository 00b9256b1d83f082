-- Schema version 3 (issue 17): professional learning. pd_sessions.school_id '' means district-wide.
CREATE TABLE IF NOT EXISTS pd_sessions (
    session_id VARCHAR NOT NULL, school_id VARCHAR NOT NULL, title VARCHAR NOT NULL, date DATE NOT NULL,
    hours DOUBLE NOT NULL, focus VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS pd_sessions_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM pd_sessions LIMIT 0;
CREATE TABLE IF NOT EXISTS pd_attendance (
    session_id VARCHAR NOT NULL, staff_id VARCHAR NOT NULL, attended BOOLEAN NOT NULL,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS pd_attendance_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM pd_attendance LIMIT 0;
CREATE TABLE IF NOT EXISTS mentoring (
    mentor_id VARCHAR NOT NULL, mentee_id VARCHAR NOT NULL, start_date DATE NOT NULL, end_date DATE,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS mentoring_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM mentoring LIMIT 0;
CREATE TABLE IF NOT EXISTS mentoring_meetings (
    mentor_id VARCHAR NOT NULL, mentee_id VARCHAR NOT NULL, date DATE NOT NULL, minutes INTEGER,
    topic VARCHAR,
    import_id INTEGER
);
CREATE TABLE IF NOT EXISTS mentoring_meetings_history AS SELECT CAST(NULL AS INTEGER) AS replaced_by, * FROM mentoring_meetings LIMIT 0;
