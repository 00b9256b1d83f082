-- Schema version 5 (issue 18): per-student reading totals of each school year, kept at import
-- time so that the reading page of every school (a region's 150,000 students) reads a row per
-- student instead of every log when it shows the school year so far (lib.reading.load). One row
-- per student and school year (from July 1) with logs while enrolled: the books and minutes of
-- those logs and the day of the last one. lib/core/aggregates.sql fills it again after every
-- change to reading_logs or students, with reading_days.
CREATE TABLE IF NOT EXISTS reading_students (
    student_id VARCHAR NOT NULL, school_year_start DATE NOT NULL,
    books BIGINT, minutes BIGINT, last_log DATE NOT NULL
);
