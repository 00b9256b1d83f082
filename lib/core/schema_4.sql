-- Schema version 4 (issue 18): per-school daily reading totals, kept at import time so a board
-- of every school (a region's 250, a state's 1,500) never scans every reading log. One row per
-- school, grade and day with logs: the books, minutes and logs of the students the school had
-- on that day (a log counts only while its student is enrolled, as in the goal queries).
-- lib/core/aggregates.sql fills it again after every change to reading_logs or students.
CREATE TABLE IF NOT EXISTS reading_days (
    school_id VARCHAR NOT NULL, grade_level VARCHAR, log_date DATE NOT NULL,
    books BIGINT, minutes BIGINT, logs BIGINT NOT NULL
);
