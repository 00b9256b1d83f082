-- The reading challenge page. Every value is a bound parameter:
-- $schools (list), $start and $last_day (dates: the window, both ends included),
-- $grades (list or NULL for all), $subgroup (code or NULL), and the goal's own population
-- $goal_grade and $goal_subgroup (NULL when the goal counts every student).
--
-- Students in scope: the school's students that both the shared filters and the goal keep.
-- Reading counts only while a student is enrolled (as in goals.reading_daily).
-- Participation is over the roster: students enrolled on $last_day (the as-of date, or the
-- goal's end date once it has ended), as in goals.participation_weekly.

-- name: roster
-- One row per student on the roster with their class, grade and group flags. What each logged
-- comes from reading.logged or reading.logged_from_summary (lib.reading.load.load_activity).
SELECT s.student_id, s.school_id, s.grade_level, s.homeroom_section_id,
       s.english_learner, s.special_education, s.section_504, s.economically_disadvantaged,
       s.sex, s.race_ethnicity
FROM students s
WHERE list_contains($schools, s.school_id)
  AND enrolled_on($last_day, s.entry_date, s.exit_date)
  AND in_reading_population($grades, $goal_grade, $subgroup, $goal_subgroup, s.grade_level,
                            s.english_learner, s.special_education, s.section_504,
                            s.economically_disadvantaged, s.sex, s.race_ethnicity)
ORDER BY s.school_id, s.student_id;

-- name: logged
-- Per student on the roster who logged while enrolled: the books and minutes of the window;
-- whether they logged in the 7 days ending on $last_day (logged_week, not before $start), at
-- all in the window (logged_window), and in the $not_logging_days (14) days ending on $last_day
-- (logged_14_days, whatever the window). A log from before a student's entry date is no
-- participation: counting it would let "this week" exceed "since the start" for a student who
-- just enrolled.
SELECT l.student_id,
       CAST(coalesce(sum(l.books) FILTER (l.log_date >= $start), 0) AS BIGINT) AS books,
       CAST(coalesce(sum(l.minutes) FILTER (l.log_date >= $start), 0) AS BIGINT) AS minutes,
       bool_or(l.log_date >= greatest($start, $last_day - 6)) AS logged_week,
       bool_or(l.log_date >= $start) AS logged_window,
       bool_or(l.log_date >= $last_day - ($not_logging_days - 1)) AS logged_14_days
FROM reading_logs l JOIN students s ON s.student_id = l.student_id
WHERE list_contains($schools, s.school_id)
  AND enrolled_on($last_day, s.entry_date, s.exit_date)
  AND in_reading_population($grades, $goal_grade, $subgroup, $goal_subgroup, s.grade_level,
                            s.english_learner, s.special_education, s.section_504,
                            s.economically_disadvantaged, s.sex, s.race_ethnicity)
  AND l.log_date BETWEEN least($start, $last_day - ($not_logging_days - 1)) AND $last_day
  AND enrolled_on(l.log_date, s.entry_date, s.exit_date)
GROUP BY l.student_id;

-- name: logged_from_summary
-- reading.logged from the per-student totals kept at import time (reading_students), without
-- reading a log: only when they are the same sums (lib.reading.load.summary_answers): the window
-- is the school year so far ($start is its July 1), no log of it is newer than $last_day, and
-- the 14 days ending on $last_day are inside it. Students off the roster are dropped with it.
SELECT r.student_id, r.books, r.minutes,
       r.last_log >= greatest($start, $last_day - 6) AS logged_week,
       true AS logged_window,
       r.last_log >= $last_day - ($not_logging_days - 1) AS logged_14_days
FROM reading_students r JOIN students s ON s.student_id = r.student_id
WHERE r.school_year_start = $start AND list_contains($schools, s.school_id);

-- name: newest_log
-- The day of the newest log while enrolled in the school year from $start (NULL: none).
SELECT max(last_log) AS newest FROM reading_students WHERE school_year_start = $start;

-- name: days
-- One row per school and day of the window with logs: the books and minutes logged by the
-- students in scope while enrolled (the same sums as goals.reading_daily). Students who have
-- left are not on the roster, but their reading counts in. From the logs: the filters or the
-- goal name a student group, which the per-school daily totals don't keep.
SELECT s.school_id, l.log_date AS date,
       CAST(sum(l.books) AS BIGINT) AS books, CAST(sum(l.minutes) AS BIGINT) AS minutes
FROM reading_logs l JOIN students s ON s.student_id = l.student_id
WHERE list_contains($schools, s.school_id)
  AND in_reading_population($grades, $goal_grade, $subgroup, $goal_subgroup, s.grade_level,
                            s.english_learner, s.special_education, s.section_504,
                            s.economically_disadvantaged, s.sex, s.race_ethnicity)
  AND l.log_date BETWEEN $start AND $last_day
  AND enrolled_on(l.log_date, s.entry_date, s.exit_date)
GROUP BY ALL
ORDER BY s.school_id, date;

-- name: days_from_totals
-- reading.days from the per-school daily totals (reading_days, made at import time) when no
-- student group is chosen: the same rows without reading a single log.
SELECT school_id, log_date AS date,
       CAST(sum(books) AS BIGINT) AS books, CAST(sum(minutes) AS BIGINT) AS minutes
FROM reading_days
WHERE list_contains($schools, school_id)
  AND ($grades IS NULL OR list_contains($grades, grade_level))
  AND ($goal_grade IS NULL OR grade_level = $goal_grade)
  AND log_date BETWEEN $start AND $last_day
GROUP BY ALL
ORDER BY school_id, date;

-- name: classes
-- Homeroom classes of the schools with their teacher's name (no student names).
SELECT c.section_id, c.school_id, c.section_name, c.grade_level,
       t.first_name AS teacher_first_name, t.last_name AS teacher_last_name
FROM sections c LEFT JOIN staff t ON t.staff_id = c.teacher_id
WHERE list_contains($schools, c.school_id)
ORDER BY c.section_name, c.section_id;

-- name: class_not_logging
-- Students of one homeroom ($section_id) on the roster with no log while enrolled in the 14
-- days ending on $last_day (as activity's logged_14_days), with their latest log while enrolled
-- on or before it (NULL: none). Names: principals only.
SELECT s.student_id, s.first_name, s.last_name, s.grade_level, max(l.log_date) AS last_log
FROM students s
LEFT JOIN reading_logs l ON l.student_id = s.student_id AND l.log_date <= $last_day
    AND enrolled_on(l.log_date, s.entry_date, s.exit_date)
WHERE s.homeroom_section_id = $section_id
  AND in_reading_population($grades, $goal_grade, $subgroup, $goal_subgroup, s.grade_level,
                            s.english_learner, s.special_education, s.section_504,
                            s.economically_disadvantaged, s.sex, s.race_ethnicity)
  AND enrolled_on($last_day, s.entry_date, s.exit_date)
GROUP BY ALL
HAVING last_log IS NULL OR last_log < $last_day - ($not_logging_days - 1)
ORDER BY s.last_name, s.first_name, s.student_id;
