-- Options for the sidebar filters. Every value is a bound parameter.

-- name: schools
SELECT school_id, school_name, district_name FROM schools ORDER BY school_name, school_id;

-- name: grades
SELECT DISTINCT grade_level FROM students;

-- name: data_dates
-- The first and latest dates anything happened: the as-of date defaults to the latest.
SELECT min(first_day) AS first_day, max(last_day) AS last_day FROM (
    SELECT min(log_date) AS first_day, max(log_date) AS last_day FROM reading_logs
    UNION ALL SELECT min(observed_on), max(observed_on) FROM observations
    UNION ALL SELECT min(test_date), max(test_date) FROM assessments
);

-- name: table_counts
SELECT 'schools' AS data, count(*) AS rows FROM schools
UNION ALL SELECT 'staff', count(*) FROM staff
UNION ALL SELECT 'students', count(*) FROM students
UNION ALL SELECT 'reading logs', count(*) FROM reading_logs
UNION ALL SELECT 'assessments', count(*) FROM assessments
UNION ALL SELECT 'observations', count(*) FROM observations
UNION ALL SELECT 'goals', count(*) FROM goals;
