-- Time series behind each goal. Parameters: $goal_ids (list), $as_of (date).
-- A goal's population is its school's students, narrowed by its own grade_level and
-- subgroup; students count only on days they are enrolled. Observation goals count
-- leadership visits (walkthrough, informal, formal): peer visits are shown apart.

-- name: goals_in_scope
-- The goals of the schools that run at some point in the school year ($year_start to $year_end,
-- July 1 to June 30) of the as-of date: the latest year by default; an earlier date, an earlier year.
SELECT g.goal_id, g.school_id, s.school_name, g.title, g.metric, g.target, g.start_date,
       g.end_date, g.subject, g.grade_level, g.subgroup, g.owner
FROM goals_now() g JOIN schools s USING (school_id)
WHERE list_contains($schools, g.school_id)
  AND g.start_date <= $year_end AND g.end_date >= $year_start
ORDER BY s.school_name, g.start_date, g.title;

-- name: reading_daily
-- One row per goal and day with logs: the day's books (books_read) or minutes (minutes_read).
SELECT g.goal_id, l.log_date AS date,
       sum(CASE WHEN g.metric = 'books_read' THEN l.books ELSE l.minutes END) AS value
FROM goals_now() g
JOIN students s ON s.school_id = g.school_id
    AND (g.grade_level IS NULL OR s.grade_level = g.grade_level)
    AND in_subgroup(g.subgroup, s.english_learner, s.special_education, s.section_504,
                    s.economically_disadvantaged, s.sex, s.race_ethnicity)
JOIN reading_logs l ON l.student_id = s.student_id
WHERE list_contains($goal_ids, g.goal_id)
  AND l.log_date BETWEEN g.start_date AND least(g.end_date, $as_of)
  AND enrolled_on(l.log_date, s.entry_date, s.exit_date)
GROUP BY ALL
ORDER BY g.goal_id, date;

-- name: reading_daily_totals
-- reading_daily from the per-school daily totals (reading_days, made at import time) for goals
-- of a whole school or one grade: the same rows without reading a single log.
SELECT g.goal_id, d.log_date AS date,
       sum(CASE WHEN g.metric = 'books_read' THEN d.books ELSE d.minutes END) AS value
FROM goals_now() g
JOIN reading_days d ON d.school_id = g.school_id
    AND (g.grade_level IS NULL OR d.grade_level = g.grade_level)
WHERE list_contains($goal_ids, g.goal_id) AND g.subgroup IS NULL
  AND d.log_date BETWEEN g.start_date AND least(g.end_date, $as_of)
GROUP BY ALL
ORDER BY g.goal_id, date;

-- name: participation_weekly
-- Per goal, 7-day periods ending on the as-of date, then 7, 14 ... days before it ($periods of
-- them at most: the district board needs 3, a school's trend line up to 60): students enrolled
-- on the period's last day, and how many of them logged in the period.
WITH scope AS (
    SELECT goal_id, school_id, grade_level, subgroup, start_date,
           least(end_date, $as_of) AS last_day
    FROM goals_now() WHERE list_contains($goal_ids, goal_id) AND start_date <= $as_of
), ends AS (
    SELECT sc.*, sc.last_day - CAST(7 * k AS INTEGER) AS period_end
    FROM scope sc, range(0, $periods) AS r(k)
    WHERE sc.last_day - CAST(7 * k AS INTEGER) >= sc.start_date
), roster AS (
    SELECT e.goal_id, e.period_end, s.student_id
    FROM ends e JOIN students s ON s.school_id = e.school_id
        AND (e.grade_level IS NULL OR s.grade_level = e.grade_level)
        AND in_subgroup(e.subgroup, s.english_learner, s.special_education, s.section_504,
                        s.economically_disadvantaged, s.sex, s.race_ethnicity)
        AND enrolled_on(e.period_end, s.entry_date, s.exit_date)
), loggers AS (
    SELECT DISTINCT sc.goal_id, l.student_id,
           sc.last_day - CAST(7 * ((sc.last_day - l.log_date) // 7) AS INTEGER) AS period_end
    FROM scope sc JOIN students s ON s.school_id = sc.school_id
    JOIN reading_logs l ON l.student_id = s.student_id
    WHERE l.log_date BETWEEN greatest(sc.start_date, sc.last_day - CAST(7 * $periods - 1 AS INTEGER))
                         AND sc.last_day
      AND enrolled_on(l.log_date, s.entry_date, s.exit_date)  -- a log counts only while enrolled
)
SELECT r.goal_id, r.period_end, count(*) AS enrolled, count(lg.student_id) AS participants
FROM roster r LEFT JOIN loggers lg USING (goal_id, period_end, student_id)
GROUP BY ALL ORDER BY r.goal_id, r.period_end;

-- name: proficiency_windows
-- Per goal and assessment window tested by the as-of date: tested students and the
-- number proficient (level 3 or 4), for all students in the goal's grade and for its subgroup.
-- A window without test dates is placed at its usual time (BOY Sep 30, MOY Jan 31, EOY May 31).
WITH scored AS (
    SELECT g.goal_id, a.school_year, a."window", a.performance_level,
           in_subgroup(g.subgroup, s.english_learner, s.special_education, s.section_504,
                       s.economically_disadvantaged, s.sex, s.race_ethnicity) AS in_group,
           tested_on(a.school_year, a."window", a.test_date) AS tested_on
    FROM goals_now() g
    JOIN students s ON s.school_id = g.school_id
        AND (g.grade_level IS NULL OR s.grade_level = g.grade_level)
    JOIN assessments a ON a.student_id = s.student_id AND a.subject = lower(g.subject)
    WHERE list_contains($goal_ids, g.goal_id)
)
SELECT goal_id, school_year, "window", max(tested_on) AS period_end,
       count(*) AS n_all, count(*) FILTER (performance_level >= 3) AS proficient_all,
       count(*) FILTER (in_group) AS n_group,
       count(*) FILTER (in_group AND performance_level >= 3) AS proficient_group
FROM scored
GROUP BY ALL HAVING max(tested_on) <= $as_of
ORDER BY goal_id, period_end;

-- name: coverage_weekly
-- Per goal, 14-day cycles ending on the as-of date, then 7, 14 ... days before it ($periods at most):
-- teachers on staff by the cycle's end, and how many had a leadership visit in it.
WITH scope AS (
    SELECT goal_id, school_id, grade_level, start_date, least(end_date, $as_of) AS last_day
    FROM goals_now() WHERE list_contains($goal_ids, goal_id) AND start_date <= $as_of
), ends AS (
    SELECT sc.*, sc.last_day - CAST(7 * k AS INTEGER) AS period_end
    FROM scope sc, range(0, $periods) AS r(k)
    WHERE sc.last_day - CAST(7 * k AS INTEGER) >= sc.start_date
), teachers AS (
    SELECT e.goal_id, e.period_end, t.staff_id
    FROM ends e JOIN staff t ON t.school_id = e.school_id AND t.role = 'teacher'
        AND (t.start_date IS NULL OR t.start_date <= e.period_end)
    WHERE e.grade_level IS NULL OR EXISTS (
        SELECT 1 FROM sections c WHERE c.teacher_id = t.staff_id AND c.grade_level = e.grade_level)
), seen AS (
    SELECT DISTINCT t.goal_id, t.period_end, t.staff_id
    FROM teachers t JOIN observations o ON o.teacher_id = t.staff_id
    WHERE o.observation_type <> 'peer' AND o.observed_on BETWEEN t.period_end - 13 AND t.period_end
)
SELECT t.goal_id, t.period_end, count(*) AS teachers, count(s.staff_id) AS observed
FROM teachers t LEFT JOIN seen s USING (goal_id, period_end, staff_id)
GROUP BY ALL ORDER BY t.goal_id, t.period_end;

-- name: feedback_observations
-- Leadership visits in each feedback goal's window up to the as-of date.
SELECT g.goal_id, o.observation_id, o.observed_on, o.feedback_on
FROM goals_now() g
JOIN staff t ON t.school_id = g.school_id
JOIN observations o ON o.teacher_id = t.staff_id
WHERE list_contains($goal_ids, g.goal_id) AND o.observation_type <> 'peer'
  AND o.observed_on BETWEEN g.start_date - 28 AND least(g.end_date, $as_of)
  AND (g.grade_level IS NULL OR EXISTS (
        SELECT 1 FROM sections c WHERE c.teacher_id = t.staff_id AND c.grade_level = g.grade_level))
ORDER BY g.goal_id, o.observed_on;

-- name: pd_hours_attended
-- Per PD-hours goal: each teacher of its school (of its grade, through sections) on staff by the
-- goal's last counted day, with each session from the goal's start through least(end_date,
-- $as_of) they attended, whichever school held it (a teacher may join another school's PD; the
-- learning page counts the same), session_date and hours NULL: none.
-- lib.goals.series.pd_hours_points turns the rows into weekly averages.
SELECT g.goal_id, t.staff_id, t.start_date AS on_staff_from, p.date AS session_date, p.hours
FROM goals_now() g
JOIN staff t ON t.school_id = g.school_id AND t.role = 'teacher'
LEFT JOIN (pd_attendance a JOIN pd_sessions p USING (session_id))
    ON a.staff_id = t.staff_id AND a.attended
    AND p.date BETWEEN g.start_date AND least(g.end_date, $as_of)
WHERE list_contains($goal_ids, g.goal_id)
  AND (t.start_date IS NULL OR t.start_date <= least(g.end_date, $as_of))
  AND (g.grade_level IS NULL OR EXISTS (
        SELECT 1 FROM sections c WHERE c.teacher_id = t.staff_id AND c.grade_level = g.grade_level))
ORDER BY g.goal_id, t.staff_id, session_date;

-- name: mentoring_pair_meetings
-- Per mentoring goal: each pair whose mentee is on its school's staff (teaching its grade, through
-- sections), started by least(end_date, $as_of) and not ended before the goal's start, with each
-- meeting from $month_days days before the goal's start through least(end_date, $as_of) (met_on
-- NULL: none). lib.goals.series.mentoring_points turns the rows into weekly percents.
SELECT g.goal_id, m.mentor_id, m.mentee_id, m.start_date AS pair_start, m.end_date AS pair_end,
       mm.date AS met_on
FROM goals_now() g
JOIN staff t ON t.school_id = g.school_id
JOIN mentoring m ON m.mentee_id = t.staff_id
LEFT JOIN mentoring_meetings mm ON mm.mentor_id = m.mentor_id AND mm.mentee_id = m.mentee_id
    AND mm.date BETWEEN g.start_date - $month_days AND least(g.end_date, $as_of)
WHERE list_contains($goal_ids, g.goal_id)
  AND m.start_date <= least(g.end_date, $as_of)
  AND (m.end_date IS NULL OR m.end_date >= g.start_date)
  AND (g.grade_level IS NULL OR EXISTS (
        SELECT 1 FROM sections c WHERE c.teacher_id = t.staff_id AND c.grade_level = g.grade_level))
ORDER BY g.goal_id, m.mentor_id, m.mentee_id, met_on;

-- Items for "Needs attention this week". Parameters: $schools (list), $as_of (date),
-- $grades (list or NULL for all grades).

-- name: teachers_last_seen
-- Every teacher on staff by the as-of date with their latest leadership visit on or
-- before it (NULL: never visited). Grades narrow to teachers of that grade's sections.
SELECT t.staff_id, t.school_id, t.first_name, t.last_name, t.start_date,
       max(o.observed_on) AS last_observed_on
FROM staff t
LEFT JOIN observations o ON o.teacher_id = t.staff_id AND o.observation_type <> 'peer'
    AND o.observed_on <= $as_of
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND (t.start_date IS NULL OR t.start_date <= $as_of)
  AND teaches_grades(t.staff_id, $grades)
GROUP BY ALL
ORDER BY last_observed_on NULLS FIRST, t.last_name;

-- name: mentoring_last_met
-- Every mentoring pair active on the as-of date (started on or before it, not ended before it)
-- whose mentee is on the staff of a school in $schools (teaching one of $grades), with both
-- names and the pair's latest meeting on or before the as-of date (NULL: none yet).
SELECT e.school_id, m.mentor_id, m.mentee_id, m.start_date,
       r.first_name AS mentor_first_name, r.last_name AS mentor_last_name,
       e.first_name AS mentee_first_name, e.last_name AS mentee_last_name,
       max(mm.date) AS last_met_on
FROM mentoring m
JOIN staff e ON e.staff_id = m.mentee_id
JOIN staff r ON r.staff_id = m.mentor_id
LEFT JOIN mentoring_meetings mm ON mm.mentor_id = m.mentor_id AND mm.mentee_id = m.mentee_id
    AND mm.date <= $as_of
WHERE list_contains($schools, e.school_id)
  AND m.start_date <= $as_of AND (m.end_date IS NULL OR m.end_date >= $as_of)
  AND teaches_grades(m.mentee_id, $grades)
GROUP BY ALL
ORDER BY last_met_on NULLS FIRST, e.last_name;

-- name: class_participation
-- Homeroom classes: students enrolled on the as-of date and how many logged reading
-- in the 7 days ending on it.
WITH roster AS (
    SELECT s.student_id, s.homeroom_section_id
    FROM students s
    WHERE list_contains($schools, s.school_id) AND s.homeroom_section_id IS NOT NULL
      AND ($grades IS NULL OR list_contains($grades, s.grade_level))
      AND enrolled_on($as_of, s.entry_date, s.exit_date)
), loggers AS (
    SELECT DISTINCT l.student_id FROM reading_logs l
    WHERE l.log_date BETWEEN $as_of - 6 AND $as_of
)
SELECT c.section_id, c.school_id, c.section_name, c.grade_level, c.teacher_id,
       t.first_name AS teacher_first_name, t.last_name AS teacher_last_name,
       count(*) AS enrolled, count(lg.student_id) AS participants
FROM roster r
JOIN sections c ON c.section_id = r.homeroom_section_id
LEFT JOIN staff t ON t.staff_id = c.teacher_id
LEFT JOIN loggers lg ON lg.student_id = r.student_id
GROUP BY ALL
ORDER BY participants / count(*), c.section_name;

-- name: goal_by_id
-- One goal as it stands now (goals.csv's row or the goal form's newer save), any school year.
SELECT goal_id, school_id, title, metric, target, start_date, end_date, subject, grade_level,
       subgroup, owner, import_id
FROM goals_now() WHERE goal_id = $goal_id;

-- name: school_goal_list
-- Every goal of a school as it stands now, newest end date first (the goal form's list).
SELECT goal_id, title, metric, end_date FROM goals_now()
WHERE school_id = $school_id ORDER BY end_date DESC, title;

-- name: imported_goal_versions
-- The versions of a goal that imports wrote: the replaced ones and the one in the store now.
SELECT import_id, title, metric, target, start_date, end_date, subject, grade_level, subgroup, owner
FROM (SELECT * EXCLUDE (replaced_by) FROM goals_history WHERE goal_id = $goal_id
      UNION ALL BY NAME SELECT * FROM goals WHERE goal_id = $goal_id)
ORDER BY import_id;

-- name: import_times
-- When each change the store holds started (the goal history's fallback for who and when).
SELECT import_id, started_at FROM import_log;

-- name: goal_ids
-- Every goal id the store has ever held (a new goal's id must be new).
SELECT goal_id FROM goals UNION SELECT goal_id FROM goals_history;

-- name: latest_change
-- The newest change the store contains (0: none): a goal form save made now comes after it.
SELECT coalesce(max(import_id), 0) AS import_id FROM import_log;

-- name: school_staff
-- A school's staff by name, leaders first: the owners a goal or an action item can have.
SELECT first_name || ' ' || last_name AS name, role
FROM staff WHERE school_id = $school_id
ORDER BY CASE role WHEN 'principal' THEN 0 WHEN 'assistant_principal' THEN 1 ELSE 2 END, last_name, first_name;

-- name: school_subjects
-- The subjects a school's students were assessed in.
SELECT DISTINCT a.subject FROM assessments a JOIN students s USING (student_id)
WHERE s.school_id = $school_id ORDER BY a.subject;
