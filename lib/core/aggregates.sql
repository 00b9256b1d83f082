-- The per-school daily totals (schema_4.sql) and per-student school-year totals (schema_5.sql),
-- made again from reading_logs and students: run by the importer and by undo inside their
-- transaction, so a snapshot never has stale totals.
DELETE FROM reading_days;
INSERT INTO reading_days
SELECT s.school_id, s.grade_level, l.log_date, sum(l.books), sum(l.minutes), count(*)
FROM reading_logs l JOIN students s ON s.student_id = l.student_id
WHERE enrolled_on(l.log_date, s.entry_date, s.exit_date)
GROUP BY ALL;
-- The per-student totals of each school year (schema_5.sql), from the same logs.
DELETE FROM reading_students;
INSERT INTO reading_students
SELECT l.student_id, school_year_start(l.log_date), sum(l.books), sum(l.minutes), max(l.log_date)
FROM reading_logs l JOIN students s ON s.student_id = l.student_id
WHERE enrolled_on(l.log_date, s.entry_date, s.exit_date)
GROUP BY ALL;
