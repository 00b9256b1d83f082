-- Queries more than one area uses: the sidebar filters' options, days off, goal populations.
-- Every value is a bound parameter.

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

-- name: days_off
-- Days with no school for each school in scope ('' rows apply to every school).
SELECT s.school_id, c.date AS day_off
FROM schools s JOIN calendar c ON c.school_id = s.school_id OR c.school_id = ''
WHERE list_contains($schools, s.school_id)
ORDER BY s.school_id, c.date;

-- name: cumulative_population
-- Per books or minutes goal: the students its total counts, enrolled on its last counted day
-- (the end date, or the as-of date before it). A total over fewer than k students is hidden.
SELECT g.goal_id, count(s.student_id) AS students
FROM goals_now() g
LEFT JOIN students s ON s.school_id = g.school_id
    AND (g.grade_level IS NULL OR s.grade_level = g.grade_level)
    AND in_subgroup(g.subgroup, s.english_learner, s.special_education, s.section_504,
                    s.economically_disadvantaged, s.sex, s.race_ethnicity)
    AND enrolled_on(least(g.end_date, $as_of), s.entry_date, s.exit_date)
WHERE list_contains($goal_ids, g.goal_id)
GROUP BY g.goal_id
ORDER BY g.goal_id;

-- name: enrolled_cells
-- Students enrolled on the as-of date in the schools in view, counted per school, grade and
-- every value the group filter reads: the filters' privacy pass (grade bands, which groups
-- may show figures) works from these counts. NULL flags stay NULL (blank, in neither group).
SELECT school_id, grade_level, english_learner, special_education, section_504,
       economically_disadvantaged, sex, race_ethnicity, count(*) AS students
FROM students
WHERE list_contains($schools, school_id) AND enrolled_on($as_of, entry_date, exit_date)
GROUP BY ALL
ORDER BY ALL;

-- name: enrolled_grades
-- Students enrolled on the as-of date per school and grade: the sidebar's grade bands.
SELECT school_id, grade_level, count(*) AS students
FROM students
WHERE list_contains($schools, school_id) AND enrolled_on($as_of, entry_date, exit_date)
GROUP BY ALL;
